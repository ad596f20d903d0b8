// Password hashing with scrypt from Node's crypto, at today's recommended cost (N = 2^17, r = 8,
// p = 1: 128 MiB and about half a second a hash on a site office PC), no native dependency. The
// parameters are stored with each hash, so a hash of an older, cheaper cost still verifies and is
// replaced at that account's next sign-in (needsRehash). The asynchronous forms run in libuv's
// thread pool: a sign-in does not stop the server answering everyone else for that half second.
import crypto from 'node:crypto';
import { promisify } from 'node:util';

const KEY_LENGTH = 32;

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

export const PASSWORD_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

/** scrypt needs 128·N·r bytes; Node refuses above 32 MiB unless told. */
function maxmemOf(cost: ScryptCost): number {
  return 128 * cost.N * cost.r + 16 * 1024 * 1024;
}

const scryptAsync = promisify(crypto.scrypt) as (password: crypto.BinaryLike, salt: crypto.BinaryLike, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

function encode(cost: ScryptCost, salt: Buffer, hash: Buffer): string {
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

interface Parsed {
  cost: ScryptCost;
  salt: Buffer;
  hash: Buffer;
}

/** `scrypt$N$r$p$salt$hash`, or the older `scrypt$N$salt$hash` (r = 8, p = 1). */
function parse(stored: string): Parsed | null {
  const parts = stored.split('$');
  if (parts[0] !== 'scrypt') return null;
  const [n, r, p, salt, hash] = parts.length === 6 ? parts.slice(1) : parts.length === 4 ? [parts[1], '8', '1', parts[2], parts[3]] : [];
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (!salt || !hash || ![cost.N, cost.r, cost.p].every((v) => Number.isInteger(v) && v > 0) || cost.N > 2 ** 20) return null;
  return { cost, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
}

export function hashPassword(password: string, cost: ScryptCost = PASSWORD_COST): string {
  const salt = crypto.randomBytes(16);
  return encode(cost, salt, crypto.scryptSync(password, salt, KEY_LENGTH, { ...cost, maxmem: maxmemOf(cost) }));
}

export async function hashPasswordAsync(password: string, cost: ScryptCost = PASSWORD_COST): Promise<string> {
  const salt = crypto.randomBytes(16);
  return encode(cost, salt, await scryptAsync(password, salt, KEY_LENGTH, { ...cost, maxmem: maxmemOf(cost) }));
}

export function verifyPassword(password: string, stored: string): boolean {
  const parsed = parse(stored);
  if (!parsed) return false;
  const actual = crypto.scryptSync(password, parsed.salt, parsed.hash.length, { ...parsed.cost, maxmem: maxmemOf(parsed.cost) });
  return crypto.timingSafeEqual(actual, parsed.hash);
}

export async function verifyPasswordAsync(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const actual = await scryptAsync(password, parsed.salt, parsed.hash.length, { ...parsed.cost, maxmem: maxmemOf(parsed.cost) });
  return crypto.timingSafeEqual(actual, parsed.hash);
}

/** Whether a stored hash is of a cost below today's (it is replaced at the next sign-in). */
export function needsRehash(stored: string, cost: ScryptCost = PASSWORD_COST): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.cost.N < cost.N || parsed.cost.r < cost.r || parsed.cost.p < cost.p;
}
