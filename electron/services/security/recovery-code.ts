// The recovery code (恢复码): shown once, at 初始化 (and again whenever it is used or replaced), for
// the 项目负责人 to write down and keep away from the PC. With it, on this PC, a forgotten
// 项目负责人 password is set anew, and a damaged database is restored from a backup. Only its scrypt
// hash is kept, in the secret store: outside the database, so it still answers when the database
// will not open, and outside every backup.
import crypto from 'node:crypto';
import type { SecretStore } from './secret-store';
import { hashPasswordAsync, verifyPasswordAsync, type ScryptCost } from '../password';

export const RECOVERY_CODE_SECRET = 'recovery-code';

// Crockford's base32: no I, L, O or U to misread; 20 characters carry 100 bits.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newRecoveryCode(): string {
  const bytes = crypto.randomBytes(20);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]).join('');
  return chars.match(/.{5}/g)!.join('-');
}

/** What a person typed, as the code was shown: case, spaces and dashes do not matter; O is 0, I and L are 1. */
export function normalizeRecoveryCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export function hasRecoveryCode(secrets: SecretStore): boolean {
  return secrets.read(RECOVERY_CODE_SECRET) !== null;
}

/** Stores the hash of a new code and returns the code, to be shown once. */
export async function issueRecoveryCode(s: { secrets: SecretStore; passwordCost: ScryptCost }): Promise<string> {
  const code = newRecoveryCode();
  s.secrets.write(RECOVERY_CODE_SECRET, Buffer.from(await hashPasswordAsync(normalizeRecoveryCode(code), s.passwordCost)));
  return code;
}

export async function recoveryCodeMatches(secrets: SecretStore, typed: string): Promise<boolean> {
  const stored = secrets.read(RECOVERY_CODE_SECRET);
  if (!stored) return false;
  return verifyPasswordAsync(normalizeRecoveryCode(typed), stored.toString('utf8'));
}
