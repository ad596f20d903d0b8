// Encrypting bundle parts to the recipient's key (docs/sync-bundle-format.md §2.4), with Node's
// crypto only. Each installation has an X25519 key pair derived from its Ed25519 signing key (HKDF
// with a purpose of its own, so the two keys are independent and there is nothing more to keep
// safe); its public half travels in the registration file. Sender and recipient agree on a key by
// X25519; HKDF-SHA256 makes an AES-256-GCM key and a nonce key of it; each part's payload is sealed
// with a nonce that is an HMAC of its own content. So the same range exported twice gives the same
// bytes (export is deterministic), two different parts never share a nonce, and the part hashes in
// the signed manifest cover the ciphertext: a bundle is verified without the key to read it.
import crypto from 'node:crypto';
import { ApiError } from '../../common/errors';
import type { Identity } from './identity';

export const SEAL_SCHEME = 'x25519-hkdf-sha256/aes-256-gcm';
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
/** A sealed payload is the plaintext plus its nonce and tag. */
export const SEAL_OVERHEAD = NONCE_BYTES + TAG_BYTES;

const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

export interface EncryptionKeys {
  /** The raw 32-byte X25519 public key, base64. */
  publicKey: string;
  privateKey: crypto.KeyObject;
}

const derived = new WeakMap<Identity, EncryptionKeys>();

/** The installation's X25519 key pair, derived from its signing key. */
export function encryptionKeys(identity: Identity): EncryptionKeys {
  const cached = derived.get(identity);
  if (cached) return cached;
  const seed = Buffer.from(String(identity.privateKey.export({ format: 'jwk' }).d), 'base64url');
  const d = Buffer.from(crypto.hkdfSync('sha256', seed, 'siteoffice', 'x25519 bundle encryption key v1', 32));
  const privateKey = crypto.createPrivateKey({ key: Buffer.concat([X25519_PKCS8_PREFIX, d]), format: 'der', type: 'pkcs8' });
  const publicKey = Buffer.from(String(crypto.createPublicKey(privateKey).export({ format: 'jwk' }).x), 'base64url').toString('base64');
  const keys = { publicKey, privateKey };
  derived.set(identity, keys);
  return keys;
}

function x25519Public(publicKeyBase64: string): crypto.KeyObject {
  const raw = Buffer.from(publicKeyBase64, 'base64');
  if (raw.length !== 32) throw new ApiError('VALIDATION', '加密公钥无效(应为 32 字节的 X25519 公钥)');
  return crypto.createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: raw.toString('base64url') }, format: 'jwk' });
}

/** Whether a text is a usable X25519 public key (a registration file's encryptionKey). */
export function isEncryptionKey(publicKeyBase64: string): boolean {
  try {
    x25519Public(publicKeyBase64);
    return true;
  } catch {
    return false;
  }
}

export interface PartKeys {
  key: Buffer;
  nonceKey: Buffer;
}

/** What a sealed bundle's manifest says about its sealing (in clear, signed with the rest). */
export interface SealInfo {
  scheme: typeof SEAL_SCHEME;
  /** The sender's X25519 public key, base64. */
  senderKey: string;
  /** The installation the bundle is sealed to. */
  recipient: string;
  recipientKeySha256: string;
}

/**
 * The keys of one sender and one recipient, from either side: the sender with its private key and
 * the recipient's public key, or the recipient with its private key and the sender's public key.
 */
export function partKeys(ownPrivate: crypto.KeyObject, otherPublic: string, seal: { sender: string; recipient: string; senderKey: string; recipientKey: string }): PartKeys {
  const shared = crypto.diffieHellman({ privateKey: ownPrivate, publicKey: x25519Public(otherPublic) });
  const salt = crypto.createHash('sha256').update(Buffer.from(seal.senderKey, 'base64')).update(Buffer.from(seal.recipientKey, 'base64')).digest();
  const okm = Buffer.from(crypto.hkdfSync('sha256', shared, salt, `siteoffice bundle parts v2 ${seal.sender} ${seal.recipient}`, 64));
  return { key: okm.subarray(0, 32), nonceKey: okm.subarray(32) };
}

/** A part's nonce: an HMAC of its type and content, so that it repeats only for the same content. */
function nonceOf(keys: PartKeys, type: number, contentSha256: Buffer): Buffer {
  return crypto.createHmac('sha256', keys.nonceKey).update(Buffer.from([type])).update(contentSha256).digest().subarray(0, NONCE_BYTES);
}

/** Seals a payload held in memory (a records chunk): nonce ‖ ciphertext ‖ tag. */
export function sealPart(keys: PartKeys, type: number, plaintext: Buffer): Buffer {
  const nonce = nonceOf(keys, type, crypto.createHash('sha256').update(plaintext).digest());
  const cipher = crypto.createCipheriv('aes-256-gcm', keys.key, nonce);
  cipher.setAAD(Buffer.from([type]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/** Opens a sealed payload held in memory; a wrong key or a changed byte refuses it. */
export function openPart(keys: PartKeys, type: number, sealed: Buffer): Buffer {
  if (sealed.length < SEAL_OVERHEAD) throw new ApiError('BAD_REQUEST', '同步包已损坏(加密数据块过短)');
  const decipher = crypto.createDecipheriv('aes-256-gcm', keys.key, sealed.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from([type]));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new ApiError('BAD_REQUEST', '同步包无法解密:数据块已损坏,或不是加密给本系统的');
  }
}

/** Seals a file as it streams: its SHA-256 (its content address) is known before the first byte. */
export function fileSealer(keys: PartKeys, type: number, contentSha256Hex: string): { nonce: Buffer; update(block: Buffer): Buffer; final(): Buffer } {
  const nonce = nonceOf(keys, type, Buffer.from(contentSha256Hex, 'hex'));
  const cipher = crypto.createCipheriv('aes-256-gcm', keys.key, nonce);
  cipher.setAAD(Buffer.from([type]));
  return {
    nonce,
    update: (block) => cipher.update(block),
    final: () => Buffer.concat([cipher.final(), cipher.getAuthTag()]),
  };
}

/**
 * Opens a sealed file as its payload streams by, in blocks of any size: the first bytes are the
 * nonce, the last ones the tag, which is held back until the end. Plaintext comes out before the
 * tag is checked: write it to a temporary file and keep that only when `final` succeeds.
 */
export function fileOpener(keys: PartKeys, type: number): { update(block: Buffer): Buffer; final(): void } {
  let head = Buffer.alloc(0);
  let decipher: crypto.DecipherGCM | null = null;
  let held = Buffer.alloc(0);
  const refused = () => new ApiError('BAD_REQUEST', '同步包无法解密:附件已损坏,或不是加密给本系统的');
  return {
    update(block) {
      let rest = block;
      if (!decipher) {
        head = Buffer.concat([head, rest]);
        if (head.length < NONCE_BYTES) return Buffer.alloc(0);
        decipher = crypto.createDecipheriv('aes-256-gcm', keys.key, head.subarray(0, NONCE_BYTES));
        decipher.setAAD(Buffer.from([type]));
        rest = head.subarray(NONCE_BYTES);
      }
      const all = Buffer.concat([held, rest]);
      const cut = Math.max(0, all.length - TAG_BYTES);
      held = all.subarray(cut);
      return decipher.update(all.subarray(0, cut));
    },
    final() {
      if (!decipher || held.length !== TAG_BYTES) throw refused();
      decipher.setAuthTag(held);
      try {
        decipher.final();
      } catch {
        throw refused();
      }
    },
  };
}

/** The encryption key a trusted peer's registration file carries (version 2), or null (version 1). */
export function peerEncryptionKey(peer: { registration: string }): string | null {
  try {
    const key = (JSON.parse(peer.registration) as { encryptionKey?: unknown }).encryptionKey;
    return typeof key === 'string' && isEncryptionKey(key) ? key : null;
  } catch {
    return null;
  }
}

const keyHash = (publicKeyBase64: string) => crypto.createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('hex');

/** What a sender seals with, and what its manifest says about it. */
export function sealTo(sender: Identity, recipient: { installationId: string; encryptionKey: string }): { keys: PartKeys; info: SealInfo } {
  const own = encryptionKeys(sender);
  const keys = partKeys(own.privateKey, recipient.encryptionKey, {
    sender: sender.installationId, recipient: recipient.installationId, senderKey: own.publicKey, recipientKey: recipient.encryptionKey,
  });
  return { keys, info: { scheme: SEAL_SCHEME, senderKey: own.publicKey, recipient: recipient.installationId, recipientKeySha256: keyHash(recipient.encryptionKey) } };
}

/** The keys to open a bundle sealed to this installation; refused when it was sealed to another. */
export function unsealFor(recipient: Identity, info: SealInfo, sender: string): PartKeys {
  const own = encryptionKeys(recipient);
  if (info.recipient !== recipient.installationId || info.recipientKeySha256 !== keyHash(own.publicKey)) {
    throw new ApiError('FORBIDDEN', '该同步包是加密给另一个安装(中心系统或工地)的,本系统无法读取');
  }
  return partKeys(own.privateKey, info.senderKey, { sender, recipient: recipient.installationId, senderKey: info.senderKey, recipientKey: own.publicKey });
}
