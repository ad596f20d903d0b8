// The certificate `siteoffice serve --lan` speaks HTTPS with, so that passwords and the session
// cookie never cross the office network in clear. Made at the first LAN start (ECDSA P-256, ten
// years: nobody renews a site office PC's certificate) with @peculiar/x509 over Node's WebCrypto,
// its private key in the secret store (keys/, owner only), its certificate beside it. Nobody signs
// it: a second PC trusts it by comparing its SHA-256 fingerprint with the one this PC shows (the
// command line prints it; 设置 shows it). A site may bring its own certificate instead (--cert/--key).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiError } from '../../common/errors';
import { FileSecretStore, KEYS_DIR, type SecretStore } from './secret-store';

export const LAN_CERTIFICATE_FILE = 'lan-certificate.pem';
export const LAN_KEY_SECRET = 'lan-certificate-key.pem';

export interface TlsMaterial {
  cert: string;
  key: string;
  fingerprint: string;
}

export interface CertificateInfo {
  fingerprint: string;
  subject: string;
  validFrom: string;
  validTo: string;
  names: string[];
}

/** The fingerprint a browser shows (SHA-256, colon-separated hex), of a PEM certificate. */
export function certificateFingerprint(pem: string): string {
  return new crypto.X509Certificate(pem).fingerprint256;
}

export function certificateInfo(pem: string): CertificateInfo {
  const x = new crypto.X509Certificate(pem);
  return {
    fingerprint: x.fingerprint256,
    subject: x.subject.replace(/\n/g, ', '),
    validFrom: new Date(x.validFrom).toISOString(),
    validTo: new Date(x.validTo).toISOString(),
    names: (x.subjectAltName ?? '').split(',').map((n) => n.trim().replace(/^(DNS|IP Address):/, '')).filter(Boolean),
  };
}

/** The names and addresses this PC is reached by: the certificate's, and those the server accepts in Host. */
export function ownNames(): string[] {
  const addresses = Object.values(os.networkInterfaces()).flatMap((list) => list ?? []).map((a) => a.address);
  const host = os.hostname().toLowerCase();
  return [...new Set(['localhost', '127.0.0.1', '::1', host, ...(host.includes('.') ? [] : [`${host}.local`]), ...addresses])];
}

function pem(label: string, der: ArrayBuffer): string {
  const base64 = Buffer.from(der).toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN ${label}-----\n${base64}\n-----END ${label}-----\n`;
}

/** A new self-signed certificate for these names (DNS names and IP addresses). */
export async function makeSelfSignedCertificate(names: string[], now = new Date()): Promise<TlsMaterial> {
  const x509 = await import('@peculiar/x509');
  const subtle = crypto.webcrypto.subtle;
  x509.cryptoProvider.set(crypto.webcrypto as never); // Node's WebCrypto is the DOM's Crypto, which this build has no types for
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await subtle.generateKey(algorithm, true, ['sign', 'verify']) as crypto.webcrypto.CryptoKeyPair;
  const isIp = (n: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(n) || n.includes(':');
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: crypto.randomBytes(16).toString('hex').replace(/^[89a-f]/, '7'),
    name: `CN=${os.hostname() || 'siteoffice'}, O=siteoffice LAN`,
    notBefore: new Date(now.getTime() - 86400000),
    notAfter: new Date(now.getTime() + 10 * 365 * 86400000),
    signingAlgorithm: algorithm,
    keys: keys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'],
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names.map((n) => (isIp(n) ? { type: 'ip' as const, value: n } : { type: 'dns' as const, value: n }))),
    ],
  });
  const certPem = cert.toString('pem');
  const keyPem = pem('PRIVATE KEY', await subtle.exportKey('pkcs8', keys.privateKey));
  return { cert: certPem.endsWith('\n') ? certPem : `${certPem}\n`, key: keyPem, fingerprint: certificateFingerprint(certPem) };
}

function certificatePath(dataDir: string): string {
  return path.join(dataDir, KEYS_DIR, LAN_CERTIFICATE_FILE);
}

/** The LAN certificate of a data folder, made on first use. */
export async function ensureLanCertificate(dataDir: string, secrets: SecretStore = new FileSecretStore(dataDir)): Promise<TlsMaterial> {
  const existing = lanCertificate(dataDir, secrets);
  if (existing) return existing;
  const made = await makeSelfSignedCertificate(ownNames());
  secrets.write(LAN_KEY_SECRET, Buffer.from(made.key));
  fs.writeFileSync(certificatePath(dataDir), made.cert, { mode: 0o644 });
  return made;
}

export function lanCertificate(dataDir: string, secrets: SecretStore = new FileSecretStore(dataDir)): TlsMaterial | null {
  const key = secrets.read(LAN_KEY_SECRET);
  if (!key || !fs.existsSync(certificatePath(dataDir))) return null;
  const cert = fs.readFileSync(certificatePath(dataDir), 'utf8');
  return { cert, key: key.toString('utf8'), fingerprint: certificateFingerprint(cert) };
}

/** A certificate the site brings (--cert / --key): read and checked to belong together. */
export function userCertificate(certFile: string, keyFile: string): TlsMaterial {
  let cert: string;
  let key: string;
  try {
    cert = fs.readFileSync(certFile, 'utf8');
    key = fs.readFileSync(keyFile, 'utf8');
  } catch (e) {
    throw new ApiError('NOT_FOUND', `无法读取证书或私钥文件:${(e as Error).message}`);
  }
  try {
    const x = new crypto.X509Certificate(cert);
    if (!x.checkPrivateKey(crypto.createPrivateKey(key))) throw new Error('mismatch');
    return { cert, key, fingerprint: x.fingerprint256 };
  } catch {
    throw new ApiError('VALIDATION', '证书与私钥无效或不匹配(应为 PEM 格式的证书和对应的私钥)');
  }
}
