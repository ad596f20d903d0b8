// The central side's import of a site's bundle: verified first (trusted installation, signature,
// every part's hash, no gap), then applied in ONE transaction: either the whole bundle is in the
// store, with the site's new watermark, or nothing is. A bundle already applied changes nothing and
// is acknowledged again; an overlapping one applies only its new sequence numbers.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Statement } from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { syncAppliedBundles, syncPeers } from '../../../db/schema';
import { ApiError } from '../../common/errors';
import { isoNow, type Services } from '../context';
import { newId } from '../ids';
import { recordAudit } from '../outbox';
import { fileSha256, openBundle, readFilePart, refuse, type BundleManifest, type OpenedBundle } from './container';
import { schemaNumber, schemaVersion } from './export';
import { shortId, canonicalJson, peerOf, requireRole, signBytes, type Identity, type Registration } from './identity';
import { PersonSearchIndex } from './person-search';
import { unsealFor, type PartKeys } from './seal';
import type { TableSpec } from './tables';
import type { SqlValue } from './row-values';
import { ApplyPlan, conflictReasons, guardedByContract, type AliasRow, type ConstraintKind, type PlannedRow } from './apply-plan';
import { checkSignature, verifyParts, walkParts, type ChangeRecord } from './verify';
import {
  contractRefusal, decide, generationListProblem, generationOf, implicitGenerations, isCurrentHistory, registeredContracts, statesAfter, type Generation, type GenerationState,
} from './apply-rules';

// ---- the acknowledgement ----

export const ACK_FORMAT = 'siteoffice-ack';
export const ACK_VERSION = 1;

export const ackBodySchema = z.object({
  format: z.literal(ACK_FORMAT),
  formatVersion: z.number().int(),
  /** The site whose changes were applied. */
  installationId: z.string().min(1).max(64),
  /** The last sequence number of that site the central store now holds. */
  lastSeq: z.number().int().min(0),
  bundleFirstSeq: z.number().int().min(1),
  bundleLastSeq: z.number().int().min(1),
  bundleSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /**
   * applied / duplicate: the central store holds the site's changes up to lastSeq. gap: the bundle
   * was refused because the central store holds only up to lastSeq (it was restored from a backup,
   * or a bundle was lost): the site sends again from lastSeq + 1.
   */
  status: z.enum(['applied', 'duplicate', 'gap']),
  applied: z.number().int().min(0),
  conflicts: z.number().int().min(0),
  centralId: z.string().min(1).max(64),
  at: z.string().max(40),
  /** The site's audit head its bundle declared, signed back so truncating the site's log shows. */
  auditHead: z.object({ seq: z.number().int().min(1), hash: z.string().regex(/^[0-9a-f]{64}$/) }).strict().nullable().optional(),
}).strict();
export type AckBody = z.infer<typeof ackBodySchema>;
export type Ack = AckBody & { signature: string };

export function signAck(identity: Identity, body: AckBody): Ack {
  return { ...body, signature: signBytes(identity, Buffer.from(canonicalJson(body))).toString('base64') };
}

/**
 * A refused gap: the answer names the last number held, in an acknowledgement signed like any other,
 * so that the site can move its watermark back to it and send again from there.
 */
export class GapError extends ApiError {
  constructor(message: string, readonly ack: Ack) {
    super('CONFLICT', message);
  }
}

export function ackFileName(ack: Ack): string {
  return `siteoffice-${shortId(ack.installationId)}-${String(ack.lastSeq).padStart(9, '0')}${ack.status === 'gap' ? '-gap' : ''}.ack.json`;
}

// ---- applying rows on SQLite ----

function sqliteCode(e: unknown): string {
  return typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : '';
}

const constraintKinds: Record<string, ConstraintKind> = {
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreignKey',
  SQLITE_CONSTRAINT_NOTNULL: 'notNull',
  SQLITE_CONSTRAINT_CHECK: 'check',
};

/**
 * The plan's executor on better-sqlite3 (apply-plan.ts says what a change means): row by row, each
 * upserted by primary key with prepared SQL built from the table whitelist. A row a store rule
 * refuses (one open entry per person across all sites, say) is kept verbatim in sync_conflicts, so
 * that nothing a site recorded is lost and the bundle still applies: refusing it would stop that
 * site for good. The upsert's update only happens where the stored row belongs to the same contract
 * as the incoming one, so no site can overwrite another site's rows by naming their ids.
 */
class SqliteExecutor {
  private readonly statements = new Map<string, { insert: Statement; update: Statement | null; updated: string[]; guarded: boolean }>();
  private readonly projectExists: Statement;
  private readonly addConflict: Statement;
  private readonly addAlias: Statement;
  private readonly claim: Statement;
  private readonly personSearch: PersonSearchIndex;
  readonly plan: ApplyPlan;

  constructor(private readonly s: Services, installationId: string, at: string, registered: ReadonlySet<string>) {
    const aliases = s.sqlite.prepare('select table_name as tableName, site_id as siteId, central_id as centralId from sync_id_aliases').all() as AliasRow[];
    const own = s.sqlite.prepare('select id from projects where contract_no in (select value from json_each(?))').pluck().all(JSON.stringify([...registered])) as string[];
    this.plan = new ApplyPlan(installationId, at, registered, own, aliases);
    this.projectExists = s.sqlite.prepare('select 1 from projects where id = ?').pluck();
    this.addConflict = s.sqlite.prepare('insert into sync_conflicts (id, installation_id, seq, table_name, row_id, op, data, reason, at, generation_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.addAlias = s.sqlite.prepare('insert or replace into sync_id_aliases (table_name, site_id, central_id, installation_id, at) values (?, ?, ?, ?, ?)');
    this.claim = s.sqlite.prepare("insert or ignore into sync_row_owners (table_name, row_id, installation_id) values ('projects', ?, ?)");
    this.personSearch = new PersonSearchIndex(s.sqlite);
  }

  /**
   * Upserts: an INSERT that does nothing on a primary-key conflict, then, for a row that was there,
   * an UPDATE guarded by the contract. Resolves to false when the stored row belongs to another
   * contract (nothing written). Two statements rather than one `on conflict do update`: with foreign
   * keys on, SQLite's upsert costs three to ten times a plain insert, and almost every change a site
   * sends is a new row.
   */
  private upsert(spec: TableSpec, values: Map<string, SqlValue>): boolean {
    const properties = [...values.keys()].sort();
    const key = `${spec.name}\u0000${properties.join(',')}`;
    let statements = this.statements.get(key);
    if (!statements) {
      const columns = properties.map((p) => `"${spec.columns.get(p)!.sqlName}"`);
      const pk = `"${spec.columns.get(spec.primaryKey)!.sqlName}"`;
      const updates = columns.filter((c) => c !== pk).map((c) => `${c} = ?`);
      const guarded = guardedByContract(spec);
      statements = {
        insert: this.s.sqlite.prepare(`insert into "${spec.sqlName}" (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')}) on conflict (${pk}) do nothing`),
        update: updates.length === 0 ? null : this.s.sqlite.prepare(`update "${spec.sqlName}" set ${updates.join(', ')} where ${pk} = ?${guarded ? ' and "project_id" = ?' : ''}`),
        updated: properties.filter((p) => p !== spec.primaryKey),
        guarded,
      };
      this.statements.set(key, statements);
    }
    const params = properties.map((p) => values.get(p) ?? null);
    if (statements.insert.run(...params).changes > 0) return true;
    if (!statements.update) return true; // the row is there and there is nothing to set
    const pk = values.get(spec.primaryKey) ?? null;
    const guard = statements.guarded ? [values.get('projectId') ?? null] : [];
    return statements.update.run(...statements.updated.map((p) => values.get(p) ?? null), pk, ...guard).changes > 0;
  }

  private existingByNaturalKey(spec: TableSpec, values: Map<string, SqlValue>): string | undefined {
    if (!spec.naturalKey) return undefined;
    const where = spec.naturalKey.map((p) => `"${spec.columns.get(p)!.sqlName}" = ?`).join(' and ');
    const pk = spec.columns.get(spec.primaryKey)!.sqlName;
    const found = this.s.sqlite.prepare(`select "${pk}" from "${spec.sqlName}" where ${where}`).pluck().get(...spec.naturalKey.map((p) => values.get(p) ?? null));
    return typeof found === 'string' ? found : undefined;
  }

  /** Writes a planned row; false when the stored row is another contract's. Constraint errors are thrown. */
  private write(row: PlannedRow): boolean {
    const { spec, values, rowId } = row;
    if (row.change.op === 'delete') {
      const where = spec.name === 'projects' ? '' : ' and "project_id" in (select value from json_each(?))';
      const params: SqlValue[] = spec.name === 'projects' ? [rowId] : [rowId, JSON.stringify([...this.plan.projects])];
      this.s.sqlite.prepare(`delete from "${spec.sqlName}" where "${spec.columns.get(spec.primaryKey)!.sqlName}" = ?${where}`).run(...params);
      return true;
    }
    return this.upsert(spec, values);
  }

  private done(row: PlannedRow): void {
    this.plan.written(row);
    if (row.spec.name === 'persons') this.personSearch.refresh(row.rowId);
  }

  apply(change: ChangeRecord): void {
    const row = this.plan.plan(change, (id) => this.projectExists.get(id) !== undefined);
    if (!row) return;
    try {
      if (this.write(row)) this.done(row);
      else this.plan.conflict(change, conflictReasons.otherContract);
    } catch (e) {
      const code = sqliteCode(e);
      if (!code.startsWith('SQLITE_CONSTRAINT')) throw e;
      // The same contract or person, recorded by another installation: merge into that row.
      const existing = code === 'SQLITE_CONSTRAINT_UNIQUE' && this.plan.mayMerge(row) ? this.existingByNaturalKey(row.spec, row.values) : undefined;
      if (!existing || existing === row.rowId) {
        this.plan.constraintConflict(change, constraintKinds[code] ?? null);
        return;
      }
      const merged = this.plan.mergeInto(row, existing);
      try {
        if (this.write(merged)) this.done(merged);
        else this.plan.conflict(change, conflictReasons.otherContract);
      } catch (again) {
        if (!sqliteCode(again).startsWith('SQLITE_CONSTRAINT')) throw again;
        this.plan.constraintConflict(change, constraintKinds[sqliteCode(again)] ?? null);
      }
    } finally {
      this.record();
    }
  }

  /** What the plan left to record, written at once (in the bundle's transaction). */
  private record(): void {
    const { conflicts, aliases, claims } = this.plan.drain();
    for (const c of conflicts) this.addConflict.run(newId(), c.installationId, c.seq, c.tableName, c.rowId, c.op, c.data, c.reason, c.at, c.generationId);
    for (const a of aliases) this.addAlias.run(a.tableName, a.siteId, a.centralId, this.plan.installationId, this.plan.at);
    for (const id of claims) this.claim.run(id, this.plan.installationId);
  }
}

/**
 * Writes an attachment part into the file store: to a temporary name, flushed, then renamed to its
 * content address. In clear, the part's hash is that address and a file already held is only
 * checked; sealed, the address is the hash of what the part opens to, known once it is read.
 */
export function storeFilePart(s: Services, bundle: OpenedBundle, part: { type: 'file'; offset: number; length: number; sha256: string }): void {
  const known = bundle.manifest.encryption ? null : s.files.pathOf(part.sha256);
  if (known && fs.existsSync(known)) {
    readFilePart(bundle, part, () => undefined); // still checked: a bad part refuses the bundle
    return;
  }
  fs.mkdirSync(s.files.root, { recursive: true });
  const tmp = path.join(s.files.root, `.incoming.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'w');
  const content = crypto.createHash('sha256');
  try {
    readFilePart(bundle, part, (block) => {
      content.update(block);
      fs.writeSync(fd, block);
    });
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    const target = s.files.pathOf(content.digest('hex'));
    if (fs.existsSync(target)) {
      fs.rmSync(tmp, { force: true });
      return;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(tmp, target);
  } catch (e) {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed
    }
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

export interface ImportResult {
  ack: Ack;
  status: 'applied' | 'duplicate';
  installationId: string;
  siteName: string;
  firstSeq: number;
  lastSeq: number;
  applied: number;
  skipped: number;
  conflicts: number;
  files: number;
}

export interface ImportOptions {
  source: 'http' | 'folder' | 'cli';
  /** The whole file's SHA-256 when the caller computed it already (the receiver does, as the body streams in). */
  sha256?: string;
  /**
   * The caller checked every part's SHA-256 as the file arrived (the receiver): a bundle that applies
   * nothing (duplicate, gap) is then not read through again, which for gigabytes would hold the
   * event loop for seconds.
   */
  partsChecked?: boolean;
  fileName?: string;
  actorName?: string;
  /** Called every few thousand changes while the transaction runs (the CLI prints it). */
  onProgress?: (done: number, total: number) => void;
}

export const PROGRESS_EVERY = 10000;

/** What the central side holds of each generation of a site (rules in apply-rules.ts). */
function generationStates(s: Services, installationId: string): Map<string, GenerationState> {
  const rows = s.sqlite.prepare('select generation_id as id, first_seq as firstSeq, last_applied_seq as lastApplied from sync_site_generations where installation_id = ?')
    .all(installationId) as GenerationState[];
  const known = new Map(rows.map((r) => [r.id, r]));
  // Bundles of format version 1 moved only sync_peers' watermark: it is the first generation's.
  if (!known.has(installationId)) {
    const lastApplied = (s.sqlite.prepare('select last_applied_seq from sync_peers where installation_id = ?').pluck().get(installationId) as number | undefined) ?? 0;
    known.set(installationId, { id: installationId, firstSeq: 1, lastApplied });
  }
  return known;
}

/**
 * Whether the central system takes a bundle from this sender, from its manifest and signature
 * alone (so that the receiver can tell before the body arrives): a site's changes, from a registered
 * site, of a schema not newer than ours, signed by that site's key, and if sealed, sealed to us.
 * Returns the site and the keys that open the parts.
 */
export function admitBundle(s: Services, signed: SignedManifest): { peer: typeof syncPeers.$inferSelect; keys: PartKeys | null } {
  return admitFrom(s, signed, signed.manifest.kind === 'changes' ? peerOf(s, signed.manifest.installationId) : undefined);
}

type SignedManifest = { manifest: BundleManifest; manifestBytes: Buffer; signature: Buffer };

/** admitBundle with the sender's registration as the central store holds it (SQLite or PostgreSQL). */
export function admitFrom(s: Services, signed: SignedManifest, peer: typeof syncPeers.$inferSelect | undefined): { peer: typeof syncPeers.$inferSelect; keys: PartKeys | null } {
  const central = requireRole(s, 'central');
  const m = signed.manifest;
  if (m.kind !== 'changes') throw new ApiError('VALIDATION', '这是中心系统发布的参考数据包,不是工地同步包');
  if (!peer || peer.role !== 'site') {
    throw new ApiError('FORBIDDEN', `同步包来自未登记的安装 ${m.installationId}:请先登记该工地的注册文件(siteoffice sync trust)`);
  }
  if (schemaNumber(m.schemaVersion) > schemaNumber(schemaVersion())) {
    throw new ApiError('BAD_REQUEST', `同步包的数据结构(${m.schemaVersion})比中心系统(${schemaVersion()})新,请先升级中心系统`);
  }
  checkSignature(signed, peer.publicKey);
  return { peer, keys: m.encryption ? unsealFor(central, m.encryption, m.installationId) : null };
}

/** Keeps the site's present history: the list of a bundle whose last generation is the newest known. */
function rememberHistory(s: Services, installationId: string, generations: readonly Generation[], known: ReadonlyMap<string, GenerationState>, at: string): void {
  if (!isCurrentHistory(generations, known)) return;
  s.sqlite.prepare(`insert into sync_site_histories (installation_id, generations, at) values (?, ?, ?)
    on conflict (installation_id) do update set generations = excluded.generations, at = excluded.at`).run(installationId, JSON.stringify(generations), at);
}

/** The answers to a bundle, whichever store applies it: duplicate, gap (thrown) or applied, each with its signed acknowledgement. */
export function bundleAnswers(central: Identity, m: BundleManifest, sha256: string, at: string, siteName: string) {
  const base = { installationId: m.installationId, bundleFirstSeq: m.firstSeq, bundleLastSeq: m.lastSeq, bundleSha256: sha256, centralId: central.installationId, at, auditHead: m.auditHead ?? null };
  const result = { installationId: m.installationId, siteName, firstSeq: m.firstSeq, lastSeq: m.lastSeq };
  return {
    duplicate: (progress: number, stored?: Ack): ImportResult => ({
      ack: stored ?? signAck(central, { format: ACK_FORMAT, formatVersion: ACK_VERSION, ...base, lastSeq: progress, status: 'duplicate', applied: 0, conflicts: 0 }),
      status: 'duplicate', ...result, applied: 0, skipped: m.records, conflicts: 0, files: 0,
    }),
    gap: (progress: number) => new GapError(
      `同步包不连续:中心系统已收到该工地第 ${progress} 条为止的变更,此包从第 ${m.firstSeq} 条开始,缺少第 ${progress + 1} 至 ${m.firstSeq - 1} 条。工地导入本回执后,请从第 ${progress + 1} 条起重新导出`,
      signAck(central, { format: ACK_FORMAT, formatVersion: ACK_VERSION, ...base, lastSeq: progress, status: 'gap', applied: 0, conflicts: 0 }),
    ),
    applied: (counts: { applied: number; skipped: number; conflicts: number; files: number }): ImportResult => ({
      ack: signAck(central, { format: ACK_FORMAT, formatVersion: ACK_VERSION, ...base, lastSeq: m.lastSeq, status: 'applied', applied: counts.applied, conflicts: counts.conflicts }),
      status: 'applied', ...result, ...counts,
    }),
  };
}

/** What a bundle's audit row says it applied (the same in either store). */
export function applyAudit(m: BundleManifest, segments: readonly { generation: string }[], progress: number, counts: { applied: number; conflicts: number; files: number }, sha256: string) {
  return { firstSeq: m.firstSeq, lastSeq: m.lastSeq, from: progress + 1, applied: counts.applied, conflicts: counts.conflicts, files: counts.files, sha256, generations: segments.map((g) => g.generation) };
}

export function importBundle(s: Services, filePath: string, options: ImportOptions): ImportResult {
  const central = requireRole(s, 'central');
  const bundle = openBundle(filePath);
  try {
    const m = bundle.manifest;
    // The signature first; the parts are checked as they are applied, in one pass inside the
    // transaction (a bad part rolls everything back). A bundle that applies nothing is read through
    // all the same, so that a damaged file is reported as damaged whatever else is true of it.
    const { peer, keys } = admitBundle(s, bundle);
    bundle.keys = keys;
    const generations = m.generations ?? implicitGenerations(m.installationId);
    const listProblem = generationListProblem(m.installationId, generations, generationStates(s, m.installationId));
    if (listProblem) refuse(`同步包的数据代无效:${listProblem}`);
    const sha256 = options.sha256 ?? fileSha256(bundle.path);
    const at = isoNow(s.clock);
    const fileName = options.fileName ?? path.basename(filePath);
    const { duplicate, gap, applied } = bundleAnswers(central, m, sha256, at, peer.name);
    const first = decide(generations, generationStates(s, m.installationId), m.firstSeq, m.lastSeq);
    if (first.kind === 'duplicate') {
      if (!options.partsChecked) verifyParts(bundle);
      // Nothing new, but it may be the first word of a history after a restore: what was lost is known from it.
      rememberHistory(s, m.installationId, generations, generationStates(s, m.installationId), at);
      return duplicate(first.progress);
    }
    if (first.kind === 'gap') {
      if (!options.partsChecked) verifyParts(bundle);
      throw gap(first.progress);
    }

    const run = s.sqlite.transaction((): ImportResult => {
      // Decided again inside the transaction: the watermarks decide which records are new.
      const known = generationStates(s, m.installationId);
      const decision = decide(generations, known, m.firstSeq, m.lastSeq);
      if (decision.kind === 'duplicate') return duplicate(decision.progress);
      if (decision.kind === 'gap') throw gap(decision.progress);
      const { progress, segments } = decision;
      const bundleId = newId();
      const applier = new SqliteExecutor(s, m.installationId, at, registeredContracts(JSON.parse(peer.registration) as Registration));
      const keepChunk = s.sqlite.prepare('insert into sync_received_chunks (bundle_id, first_seq, last_seq, payload) values (?, ?, ?, ?)');
      let skipped = 0;
      let files = 0;
      let done = 0;
      walkParts(bundle, {
        onFile: (part) => {
          storeFilePart(s, bundle, part);
          files++;
        },
        onRecord: (value) => {
          const change = value as ChangeRecord; // checked by walkParts
          if (change.seq <= progress) skipped++;
          else {
            applier.plan.generation = generationOf(generations, change.seq).id;
            applier.apply(change);
          }
          done++;
          if (options.onProgress && done % PROGRESS_EVERY === 0) options.onProgress(done, m.records);
        },
        // Kept as the site sent them: a site restored from an older backup can fetch them back.
        onRecordsPart: (part, payload) => {
          if (part.last > progress) keepChunk.run(bundleId, part.first, part.last, payload);
        },
      });
      for (const sha of applier.plan.attachmentFiles) {
        if (!fs.existsSync(s.files.pathOf(sha))) refuse(`同步包缺少附件文件 ${sha.slice(0, 12)}…,且中心系统没有该文件`);
      }
      const saveState = s.sqlite.prepare(`insert into sync_site_generations (installation_id, generation_id, first_seq, last_applied_seq) values (?, ?, ?, ?)
        on conflict (installation_id, generation_id) do update set last_applied_seq = excluded.last_applied_seq`);
      for (const g of statesAfter(segments)) saveState.run(m.installationId, g.id, g.firstSeq, g.lastApplied);
      rememberHistory(s, m.installationId, generations, known, at);
      // The site's watermark as it stands now; a late bundle of an older generation does not speak for it.
      if (isCurrentHistory(generations, known)) {
        s.db.update(syncPeers).set({ lastAppliedSeq: m.lastSeq, lastBundleAt: at }).where(eq(syncPeers.installationId, m.installationId)).run();
      } else {
        s.db.update(syncPeers).set({ lastBundleAt: at }).where(eq(syncPeers.installationId, m.installationId)).run();
      }
      s.db.insert(syncAppliedBundles).values({
        id: bundleId, installationId: m.installationId, firstSeq: m.firstSeq, lastSeq: m.lastSeq, appliedFromSeq: progress + 1,
        changesApplied: applier.plan.applied, conflicts: applier.plan.conflicts, files, bundleSha256: sha256, source: options.source, fileName, appliedAt: at,
        generations: JSON.stringify(generations), segments: JSON.stringify(segments.map(({ generation, from, to }) => ({ generation, from, to }))),
      }).run();
      recordAudit(s.db, { at, actorId: null, actorName: options.actorName ?? '同步', projectId: null }, {
        action: 'sync_apply', tableName: 'sync_applied_bundles', rowId: m.installationId,
        after: applyAudit(m, segments, progress, { applied: applier.plan.applied, conflicts: applier.plan.conflicts, files }, sha256),
      });
      return applied({ applied: applier.plan.applied, skipped, conflicts: applier.plan.conflicts, files });
    });
    // A large bundle touches more pages than SQLite's default 2 MB cache holds: without a larger one
    // the transaction spills and re-reads pages all the way. 64 MB, for the import only.
    const cacheSize = s.sqlite.pragma('cache_size', { simple: true }) as number;
    s.sqlite.pragma('cache_size = -65536');
    try {
      // IMMEDIATE: the write lock is taken at the start, not at the first write half way through.
      return run.immediate();
    } finally {
      s.sqlite.pragma(`cache_size = ${Math.trunc(cacheSize)}`);
    }
  } finally {
    bundle.close();
  }
}

export interface FolderImportRow {
  fileName: string;
  ok: boolean;
  message: string;
  status: 'applied' | 'duplicate' | 'refused';
  ackFile: string | null;
}

/** Writes an acknowledgement into the folder of the bundles; null on a read-only stick. */
function writeAckBeside(folder: string, ack: Ack): string | null {
  const file = path.join(folder, ackFileName(ack));
  try {
    fs.writeFileSync(file, JSON.stringify(ack, null, 2));
    return file;
  } catch {
    return null;
  }
}

/**
 * Imports every bundle in a folder (a USB stick), in order of site and first sequence number, so
 * that two bundles of one site apply in the order they were made. Each acknowledgement is written
 * beside its bundle, for the site to import from the same stick.
 */
export async function importFolder(
  s: Services, folder: string, actorName: string,
  importOne: (s: Services, filePath: string, options: ImportOptions) => ImportResult | Promise<ImportResult> = importBundle,
): Promise<FolderImportRow[]> {
  requireRole(s, 'central');
  let names: string[];
  try {
    names = fs.readdirSync(folder).filter((n) => n.endsWith('.sobundle')).sort();
  } catch {
    throw new ApiError('VALIDATION', `无法读取文件夹 ${folder}:请确认路径存在(U 盘是否已插好)`);
  }
  if (names.length === 0) throw new ApiError('NOT_FOUND', `文件夹 ${folder} 中没有同步包(*.sobundle)`);
  const order = names.map((fileName) => {
    try {
      const b = openBundle(path.join(folder, fileName));
      b.close();
      return { fileName, key: `${b.manifest.installationId}\u0000${String(b.manifest.firstSeq).padStart(12, '0')}` };
    } catch {
      return { fileName, key: `\uffff${fileName}` };
    }
  }).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const rows: FolderImportRow[] = [];
  for (const { fileName } of order) {
    try {
      const result = await importOne(s, path.join(folder, fileName), { source: 'folder', fileName, actorName });
      const ackFile = writeAckBeside(folder, result.ack);
      rows.push({
        fileName, ok: true, status: result.status, ackFile,
        message: result.status === 'duplicate'
          ? `已导入过(第 ${result.firstSeq}–${result.lastSeq} 条),未作改动`
          : `已导入 ${result.siteName} 第 ${result.firstSeq}–${result.lastSeq} 条变更(新 ${result.applied} 条${result.conflicts > 0 ? `,冲突 ${result.conflicts} 条` : ''})`,
      });
    } catch (e) {
      // A gap's acknowledgement goes beside the bundle too: the site imports it and sends again.
      const ackFile = e instanceof GapError ? writeAckBeside(folder, e.ack) : null;
      rows.push({ fileName, ok: false, status: 'refused', ackFile, message: e instanceof ApiError ? e.message : '系统内部错误,该包未导入' });
    }
  }
  return rows;
}
