// The national platform's wire protocol (shared/product/national-platform.md, §Calls): one form
// POST per call, signed with SHA-256 over the sorted parameters and the app secret; ID and bank
// card numbers inside `data` encrypted with AES-CBC (PKCS#7, the secret as key, its first 16
// characters as IV, Base64). Both the client and the tests' stand-in platform use these, so the
// two can only agree if the rules are the same ones.
import crypto from 'node:crypto';

export interface CallParams {
  appid: string;
  method: string;
  format: string;
  version: string;
  timestamp: string;
  nonce: string;
  data: string;
}

/** sort by name, join as name=value with &, lower-case the whole string, SHA-256, hex. */
export function signParams(params: Record<string, string>, appsecret: string): string {
  const all: Record<string, string> = { ...params, appsecret };
  delete all.sign;
  const text = Object.keys(all).sort().map((k) => `${k}=${all[k]}`).join('&').toLowerCase();
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/** AES-128/192/256-CBC by the secret's length; the platform issues 16-, 24- or 32-character secrets. */
function cipherOf(secret: string): { algorithm: string; key: Buffer; iv: Buffer } {
  const key = Buffer.from(secret, 'utf8');
  const bits = key.length * 8;
  if (![128, 192, 256].includes(bits)) throw new Error(`AppSecret 应为 16、24 或 32 个字符(现为 ${key.length} 字节)`);
  return { algorithm: `aes-${bits}-cbc`, key, iv: Buffer.from(secret.slice(0, 16), 'utf8') };
}

export function secretLengthError(secret: string): string | null {
  const n = Buffer.byteLength(secret, 'utf8');
  return [16, 24, 32].includes(n) && secret.length >= 16 ? null : `AppSecret 应为 16、24 或 32 个英文字符或数字(现为 ${n} 字节)`;
}

export function encryptField(plain: string, secret: string): string {
  const { algorithm, key, iv } = cipherOf(secret);
  const cipher = crypto.createCipheriv(algorithm, key, iv); // PKCS#7 padding is Node's default
  return Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
}

/** Throws when the text was not encrypted with this secret (bad padding) or is not Base64. */
export function decryptField(encrypted: string, secret: string): string {
  const { algorithm, key, iv } = cipherOf(secret);
  const decipher = crypto.createDecipheriv(algorithm, key, iv);
  return Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]).toString('utf8');
}

/** The form body of a call, signed. */
export function signedForm(params: CallParams, appsecret: string): URLSearchParams {
  const fields: Record<string, string> = { ...params };
  return new URLSearchParams({ ...fields, sign: signParams(fields, appsecret) });
}

/** The platform's answer to every call: code 0 is accepted; anything else refused with a message. */
export interface PlatformAnswer {
  code: number;
  message: string;
  data?: unknown;
}

/** AsyncHandleResult.Query: 20 done, 10 failed with a message, anything else still working. */
export const ASYNC_DONE = '20';
export const ASYNC_FAILED = '10';

/** Codes the stand-in (and, as far as published client code shows, the platform) answers with. */
export const answerCodes = {
  ok: 0,
  badParams: 1001,
  badSign: 1002,
  badAppid: 1003,
  replay: 1004,
  badData: 1005,
  tooFrequent: 1006,
  unknownMethod: 1007,
} as const;
