// The installation identity: an id and an Ed25519 key pair made once, on first open, and the
// registration file that carries the public key to whoever must trust this installation (the
// central system for a site; every site for the central system). Trust is given by a person who
// carries the file (or reads its fingerprint over the phone), never by the network.
import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { installation, projects, syncIdentity, syncPeers, syncSiteState } from '../../../db/schema';
import { ApiError } from '../../common/errors';
import { isoNow, type Services } from '../context';
import { newId } from '../ids';
import { recordAudit } from '../outbox';
import { scrubKeysFromCopies } from '../security/scrub-backups';
import { encryptionKeys, isEncryptionKey } from './seal';

export type InstallationRole = 'site' | 'central';

export interface Identity {
  installationId: string;
  role: InstallationRole;
  /** The raw 32-byte public key, base64. */
  publicKey: string;
  privateKey: crypto.KeyObject;
  fingerprint: string;
  createdAt: string;
}

/** JSON with sorted keys and no spaces: the bytes a signature covers, the same on every machine. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * A short name for an installation in file names. UUIDv7 ids begin with the time, so two sites set
 * up the same week share a prefix: the random end tells them apart.
 */
export function shortId(installationId: string): string {
  return installationId.replace(/-/g, '').slice(-10);
}

export function sha256Hex(data: crypto.BinaryLike): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** A fingerprint a person can read aloud and compare: the first 128 bits of the key's SHA-256. */
export function fingerprintOf(publicKeyBase64: string): string {
  const hex = sha256Hex(Buffer.from(publicKeyBase64, 'base64'));
  return hex.slice(0, 32).toUpperCase().match(/.{4}/g)!.join(' ');
}

export function publicKeyObject(publicKeyBase64: string): crypto.KeyObject {
  const raw = Buffer.from(publicKeyBase64, 'base64');
  if (raw.length !== 32) throw new ApiError('VALIDATION', '公钥无效(应为 32 字节的 Ed25519 公钥)');
  return crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

export function signBytes(identity: Identity, data: Buffer): Buffer {
  return crypto.sign(null, data, identity.privateKey);
}

export function verifyBytes(publicKeyBase64: string, data: Buffer, signature: Buffer): boolean {
  if (signature.length !== 64) return false;
  try {
    return crypto.verify(null, data, publicKeyObject(publicKeyBase64), signature);
  } catch {
    return false;
  }
}

// Parsed keys are kept per store, so that signing 10,000 acknowledgements does not parse 10,000 keys.
const cache = new WeakMap<Services['sqlite'], Identity>();

/** The private key's name in the secret store (security/secret-store.ts), never in the database. */
export function signingKeyName(installationId: string): string {
  return `signing-key-${installationId}`;
}

function newKeyPair(): { publicKey: string; der: Buffer } {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return { publicKey: Buffer.from(String(jwk.x), 'base64url').toString('base64'), der: privateKey.export({ format: 'der', type: 'pkcs8' }) };
}

/**
 * The private key of an identity row, from the secret store. Two older states are mended here:
 * a key still in the database (made before keys left it, or brought back by restoring an old
 * backup) moves to the store and is blanked in the row; a key that is nowhere (the data folder was
 * restored from a backup on another PC, whose keys/ folder did not come along) is replaced by a new
 * pair, written to the audit trail: the other side must then trust the new registration file.
 */
function privateKeyOf(s: Services, row: typeof syncIdentity.$inferSelect): { der: Buffer; publicKey: string } {
  const name = signingKeyName(row.installationId);
  const stored = s.secrets.read(name);
  if (row.privateKey !== '') {
    if (!stored) s.secrets.write(name, Buffer.from(row.privateKey, 'base64'));
    forgetKeyInDatabase(s);
  }
  const der = stored ?? (row.privateKey !== '' ? Buffer.from(row.privateKey, 'base64') : null);
  if (der) return { der, publicKey: row.publicKey };
  const fresh = newKeyPair();
  s.secrets.write(name, fresh.der);
  s.db.transaction((tx) => {
    tx.update(syncIdentity).set({ publicKey: fresh.publicKey }).where(eq(syncIdentity.installationId, row.installationId)).run();
    recordAudit(tx, { at: isoNow(s.clock), actorId: null, actorName: '系统', projectId: null }, {
      action: 'sync_rekey', tableName: 'sync_identity', rowId: row.installationId,
      before: { fingerprint: fingerprintOf(row.publicKey) }, after: { fingerprint: fingerprintOf(fresh.publicKey), reason: '签名密钥文件缺失,已生成新的密钥' },
    });
  });
  return fresh;
}

/** Blanks the key in the live database (its freed bytes overwritten) and in every copy of it. */
function forgetKeyInDatabase(s: Services): void {
  const before = s.sqlite.pragma('secure_delete', { simple: true }) as number;
  s.sqlite.pragma('secure_delete = on');
  try {
    s.db.update(syncIdentity).set({ privateKey: '' }).run();
    s.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    s.sqlite.pragma(`secure_delete = ${before ? 'on' : 'off'}`);
  }
  scrubKeysFromCopies(s.dataDir, s.nativeBinding);
}

function load(s: Services): Identity | null {
  const cached = cache.get(s.sqlite);
  if (cached) return cached;
  const row = s.db.select().from(syncIdentity).get();
  if (!row) return null;
  const key = privateKeyOf(s, row);
  const identity: Identity = {
    installationId: row.installationId,
    role: row.role,
    publicKey: key.publicKey,
    privateKey: crypto.createPrivateKey({ key: key.der, format: 'der', type: 'pkcs8' }),
    fingerprint: fingerprintOf(key.publicKey),
    createdAt: row.createdAt,
  };
  cache.set(s.sqlite, identity);
  return identity;
}

/**
 * The installation's identity, made on first open in one transaction: a second process opening
 * the same folder at the same moment cannot make a second one (the folder lock already prevents it).
 * The private key is written to the secret store before its row exists, so no row is ever without it.
 */
export function ensureInstallation(s: Services): Identity {
  const existing = load(s);
  if (existing) return existing;
  const id = s.db.select().from(installation).get()?.id ?? newId();
  const pair = newKeyPair();
  s.secrets.write(signingKeyName(id), pair.der);
  s.db.transaction((tx) => {
    if (tx.select().from(syncIdentity).get()) return;
    const at = isoNow(s.clock);
    // The installation table existed before sync did; an id already there is kept.
    tx.insert(installation).values({ id, createdAt: at }).onConflictDoNothing().run();
    tx.insert(syncIdentity).values({ installationId: id, role: 'site', publicKey: pair.publicKey, privateKey: '', createdAt: at }).run();
    tx.insert(syncSiteState).values({ id: 1 }).onConflictDoNothing().run();
  });
  return load(s)!;
}

/** Turns this data folder into the central system's (done once by `siteoffice central init`). */
export function makeCentral(s: Services): Identity {
  const identity = ensureInstallation(s);
  if (identity.role === 'central') return identity;
  const centralPeers = s.db.select({ n: sql<number>`count(*)` }).from(syncPeers).where(eq(syncPeers.role, 'central')).get()?.n ?? 0;
  if (centralPeers > 0) throw new ApiError('CONFLICT', '该数据文件夹是工地的数据(已登记中心系统),不能改作中心系统');
  s.db.update(syncIdentity).set({ role: 'central' }).where(eq(syncIdentity.installationId, identity.installationId)).run();
  cache.delete(s.sqlite);
  return load(s)!;
}

export function requireRole(s: Services, role: InstallationRole): Identity {
  const identity = ensureInstallation(s);
  if (identity.role !== role) {
    throw new ApiError('FORBIDDEN', role === 'central'
      ? '该数据文件夹不是中心系统:请先运行 siteoffice central init 创建中心系统'
      : '中心系统的数据文件夹不能导出工地同步包');
  }
  return identity;
}

// ---- the registration file ----

export const REGISTRATION_FORMAT = 'siteoffice-registration';
/** Version 2 adds encryptionKey (the X25519 key bundles are sealed to); version 1 files are still read. */
export const REGISTRATION_VERSION = 2;
const REGISTRATION_VERSIONS: readonly number[] = [1, 2];

const registrationBody = z.object({
  format: z.literal(REGISTRATION_FORMAT),
  formatVersion: z.number().int(),
  role: z.enum(['site', 'central']),
  installationId: z.string().min(1).max(64),
  name: z.string().max(500),
  projects: z.array(z.object({ contractNo: z.string().max(40), name: z.string().max(200), supervisionStation: z.string().max(100) }).strict()).max(1000),
  publicKey: z.string().max(100),
  /** Version 2: the installation's X25519 public key, base64 (seal.ts). */
  encryptionKey: z.string().max(100).optional(),
  createdAt: z.string().max(40),
}).strict();
export type RegistrationBody = z.infer<typeof registrationBody>;
export interface Registration extends RegistrationBody {
  signature: string;
}

export function registrationOf(s: Services): Registration {
  const identity = ensureInstallation(s);
  const list = identity.role === 'site'
    ? s.db.select({ contractNo: projects.contractNo, name: projects.name, supervisionStation: projects.supervisionStation }).from(projects).orderBy(projects.contractNo).all()
    : [];
  const body: RegistrationBody = {
    format: REGISTRATION_FORMAT,
    formatVersion: REGISTRATION_VERSION,
    role: identity.role,
    installationId: identity.installationId,
    name: identity.role === 'central' ? '中心系统' : list.map((p) => `${p.name}(${p.contractNo})`).join('、') || '工地',
    projects: list,
    publicKey: identity.publicKey,
    encryptionKey: encryptionKeys(identity).publicKey,
    createdAt: isoNow(s.clock),
  };
  // The self-signature proves the file was made by the holder of the private key.
  const signature = signBytes(identity, Buffer.from(canonicalJson(body))).toString('base64');
  return { ...body, signature };
}

export function registrationFileName(r: Registration): string {
  return `siteoffice-${r.role === 'central' ? 'central' : 'site'}-${shortId(r.installationId)}.registration.json`;
}

/** Reads a registration file; refuses anything that is not one, or whose self-signature fails. */
export function parseRegistration(text: string): Registration {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new ApiError('VALIDATION', '注册文件不是有效的 JSON 文件');
  }
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== REGISTRATION_FORMAT) {
    throw new ApiError('VALIDATION', '该文件不是工地实名制的注册文件');
  }
  const version = (raw as { formatVersion?: unknown }).formatVersion;
  if (!REGISTRATION_VERSIONS.includes(version as number)) throw new ApiError('VALIDATION', `不支持的注册文件版本 ${String(version)}(本程序支持 ${REGISTRATION_VERSIONS.join('、')}),请升级程序`);
  const { signature, ...rest } = raw as Record<string, unknown>;
  const parsed = registrationBody.safeParse(rest);
  if (!parsed.success || typeof signature !== 'string') throw new ApiError('VALIDATION', '注册文件内容不完整或格式有误');
  try {
    publicKeyObject(parsed.data.publicKey);
  } catch {
    throw new ApiError('VALIDATION', '注册文件中的公钥无效');
  }
  if ((version === 2) !== (parsed.data.encryptionKey !== undefined) || (parsed.data.encryptionKey !== undefined && !isEncryptionKey(parsed.data.encryptionKey))) {
    throw new ApiError('VALIDATION', '注册文件中的加密公钥无效');
  }
  if (!verifyBytes(parsed.data.publicKey, Buffer.from(canonicalJson(parsed.data)), Buffer.from(signature, 'base64'))) {
    throw new ApiError('VALIDATION', '注册文件的签名无效:文件已被改动或损坏');
  }
  return { ...parsed.data, signature };
}

export interface PeerView {
  installationId: string;
  role: InstallationRole;
  name: string;
  fingerprint: string;
  trustedAt: string;
  lastAppliedSeq: number;
  lastBundleAt: string | null;
}

export function toPeerView(row: typeof syncPeers.$inferSelect): PeerView {
  return {
    installationId: row.installationId,
    role: row.role,
    name: row.name,
    fingerprint: row.fingerprint,
    trustedAt: row.trustedAt,
    lastAppliedSeq: row.lastAppliedSeq,
    lastBundleAt: row.lastBundleAt,
  };
}

/** This installation, when it may trust the registration at all (never its own; central trusts sites, a site the central system). */
export function trustable(s: Services, r: Registration): Identity {
  const identity = ensureInstallation(s);
  if (r.installationId === identity.installationId) throw new ApiError('VALIDATION', '这是本机自己的注册文件');
  if (identity.role === 'central' && r.role !== 'site') throw new ApiError('VALIDATION', '中心系统只能登记工地的注册文件');
  if (identity.role === 'site' && r.role !== 'central') throw new ApiError('VALIDATION', '工地只能导入中心系统的注册文件');
  return identity;
}

/** Whether trusting `r` replaces the key of the installation registered as `existing`; another key without replaceKey is refused. */
export function replacesKey(existing: { publicKey: string; fingerprint: string } | undefined, r: Registration, options: { replaceKey?: boolean }): boolean {
  const replacing = !!existing && existing.publicKey !== r.publicKey && options.replaceKey === true;
  if (existing && existing.publicKey !== r.publicKey && !replacing) {
    throw new ApiError('CONFLICT', `安装 ${r.installationId} 已登记了另一个公钥(指纹 ${existing.fingerprint}):为安全起见不能替换,请核实来源`);
  }
  return replacing;
}

/**
 * Trusts a registration: the central system trusts sites; a site trusts one central system. A site
 * registered again (same id) with the same key only refreshes its name; another key for a known id
 * is refused, since that is exactly what an impostor would send, unless the person who carried the
 * file says it replaces the key (`replaceKey`: the other side lost its keys/ folder and made a new
 * pair), which is written to the audit trail with both fingerprints.
 */
export function trustRegistration(s: Services, r: Registration, actorName: string, options: { replaceKey?: boolean } = {}): PeerView {
  const identity = trustable(s, r);
  const at = isoNow(s.clock);
  return s.db.transaction((tx) => {
    const existing = tx.select().from(syncPeers).where(eq(syncPeers.installationId, r.installationId)).get();
    const replacing = replacesKey(existing, r, options);
    if (identity.role === 'site' && !existing) {
      const other = tx.select().from(syncPeers).where(eq(syncPeers.role, 'central')).get();
      if (other) throw new ApiError('CONFLICT', `本机已登记中心系统(指纹 ${other.fingerprint}),不能再登记另一个`);
    }
    const row = {
      installationId: r.installationId,
      role: r.role,
      name: r.name,
      publicKey: r.publicKey,
      fingerprint: fingerprintOf(r.publicKey),
      registration: JSON.stringify(r),
      trustedAt: existing?.trustedAt ?? at,
    };
    const keyChange = replacing ? { publicKey: row.publicKey, fingerprint: row.fingerprint } : {};
    tx.insert(syncPeers).values(row).onConflictDoUpdate({ target: syncPeers.installationId, set: { name: row.name, registration: row.registration, ...keyChange } }).run();
    recordAudit(tx, { at, actorId: null, actorName, projectId: null }, {
      action: 'sync_trust', tableName: 'sync_peers', rowId: r.installationId,
      before: replacing ? { fingerprint: existing!.fingerprint } : undefined,
      after: { role: r.role, name: r.name, fingerprint: row.fingerprint, ...(replacing ? { keyReplaced: true } : {}) },
    });
    return toPeerView(tx.select().from(syncPeers).where(eq(syncPeers.installationId, r.installationId)).get()!);
  });
}

export function peerOf(s: Services, installationId: string): typeof syncPeers.$inferSelect | undefined {
  return s.db.select().from(syncPeers).where(eq(syncPeers.installationId, installationId)).get();
}

export function centralPeer(s: Services): typeof syncPeers.$inferSelect | undefined {
  return s.db.select().from(syncPeers).where(eq(syncPeers.role, 'central')).get();
}

export function listPeers(s: Services): PeerView[] {
  return s.db.select().from(syncPeers).orderBy(syncPeers.trustedAt).all().map(toPeerView);
}
