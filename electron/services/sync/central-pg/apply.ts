// The apply plan's executor on PostgreSQL (docs/sync-bundle-format.md §10): the same plan as the
// SQLite executor (apply-plan.ts: which row a change writes, merges, conflicts) and the same bundle
// rules (apply-rules.ts), carried out asynchronously, a run of one table's changes at a time with
// one `INSERT … SELECT FROM unnest(…) ON CONFLICT … DO UPDATE` per run.
//
// Exactly once per installation, whatever pushes arrive at the same moment: ONE transaction per
// bundle (READ COMMITTED) that first locks the site's sync_peers row (SELECT … FOR UPDATE), then
// reads the generation watermarks, decides (duplicate → the acknowledgement stored with the bundle
// that applied it; gap → refused), applies, moves the watermarks and stores the acknowledgement,
// and commits. Two pushes of one site serialise on its row; other sites never wait for it. A
// process killed half way leaves an open transaction that PostgreSQL rolls back when the
// connection drops: nothing is half-applied.
import fs from 'node:fs';
import { getTableColumns, getTableName, is, type Column } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import * as pgSchema from '../../../../db/central-pg/schema';
import { ApiError } from '../../../common/errors';
import { isoNow, type Services } from '../../context';
import { newId } from '../../ids';
import { recordAudit, type AuditEntry } from '../../outbox';
import { admitFrom, applyAudit, bundleAnswers, PROGRESS_EVERY, storeFilePart, type Ack, type ImportOptions, type ImportResult } from '../apply';
import { ApplyPlan, conflictReasons, type AliasRow, type ConstraintKind, type PlannedRow } from '../apply-plan';
import {
  decide, generationListProblem, generationOf, implicitGenerations, isCurrentHistory, registeredContracts, statesAfter, type Generation, type GenerationState,
} from '../apply-rules';
import { fileSha256, openBundle, refuse } from '../container';
import { requireRole, type Registration } from '../identity';
import { pgSearchTerms } from '../person-search';
import type { SqlValue } from '../row-values';
import type { TableSpec } from '../tables';
import { partEvents, verifyParts, type ChangeRecord } from '../verify';
import type { CentralPg } from './store';

/** A site's row in sync_peers, as the executor reads it. */
export interface PgPeer {
  installationId: string;
  role: 'site' | 'central';
  name: string;
  publicKey: string;
  fingerprint: string;
  registration: string;
  lastAppliedSeq: number;
  lastBundleAt: string | null;
  trustedAt: string;
}

const PEER_COLUMNS = `installation_id as "installationId", role, name, public_key as "publicKey", fingerprint, registration,
  last_applied_seq::int8 as "lastAppliedSeq", last_bundle_at as "lastBundleAt", trusted_at as "trustedAt"`;

export async function peerOfPg(q: pg.Pool | pg.PoolClient, installationId: string, lock = false): Promise<PgPeer | undefined> {
  const r = await q.query<PgPeer>(`select ${PEER_COLUMNS} from sync_peers where installation_id = $1${lock ? ' for update' : ''}`, [installationId]);
  const row = r.rows[0];
  return row ? { ...row, lastAppliedSeq: Number(row.lastAppliedSeq) } : undefined;
}

/** Every trusted installation, in the order they were trusted (identity.ts listPeers on SQLite). */
export async function listPeersPg(q: pg.Pool | pg.PoolClient): Promise<PgPeer[]> {
  const r = await q.query<PgPeer>(`select ${PEER_COLUMNS} from sync_peers order by trusted_at collate "C"`);
  return r.rows.map((row) => ({ ...row, lastAppliedSeq: Number(row.lastAppliedSeq) }));
}

// ---- the PostgreSQL twin of each synced table ----

interface PgTableInfo {
  table: string;
  /** SQL type of each property's column, for unnest's typed arrays. */
  types: Map<string, string>;
  /** The conflict target: the primary key's columns (the project id first). */
  key: string[];
}

const pgTables = new Map<string, PgTableInfo>();
for (const value of Object.values(pgSchema)) {
  if (!is(value, PgTable)) continue;
  const config = getTableConfig(value);
  const types = new Map<string, string>();
  for (const [property, column] of Object.entries(getTableColumns(value)) as [string, Column][]) types.set(property, column.getSQLType());
  pgTables.set(getTableName(value), { table: config.name, types, key: config.primaryKeys[0]?.columns.map((c) => c.name) ?? [] });
}

function pgTableOf(spec: TableSpec): PgTableInfo {
  const found = pgTables.get(spec.sqlName);
  if (!found) throw new Error(`central-pg: no PostgreSQL table for ${spec.sqlName} (db/central-pg/schema.ts)`);
  return found;
}

/** A bundle value as a PostgreSQL parameter: row-values.ts maps booleans to 0/1 for SQLite. */
function pgValue(type: string, value: SqlValue | undefined): SqlValue | boolean {
  if (value === undefined || value === null) return null;
  return type === 'boolean' ? value === 1 : value;
}

const constraintKinds: Record<string, ConstraintKind> = { 23505: 'unique', 23503: 'foreignKey', 23502: 'notNull', 23514: 'check' };

function pgCode(e: unknown): string {
  return typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : '';
}

const isConstraint = (e: unknown) => pgCode(e).startsWith('23');

const BATCH = 2000;

/**
 * Runs the plan on one PostgreSQL connection inside the bundle's transaction. Changes of one table
 * with the same columns gather into a batch, written by one statement; a batch a store rule refuses
 * (a unique index other than the key: the same person recorded by another site) is rolled back to
 * its savepoint and written row by row as the SQLite executor does, merging or keeping conflicts.
 */
class PgExecutor {
  private batch: PlannedRow[] = [];
  private batchKey = '';
  private readonly batchSiteIds = new Set<string>();
  private savepoints = 0;

  private constructor(private readonly client: pg.PoolClient, readonly plan: ApplyPlan) {}

  static async create(client: pg.PoolClient, installationId: string, at: string, registered: ReadonlySet<string>): Promise<PgExecutor> {
    const aliases = await client.query<AliasRow>('select table_name as "tableName", site_id as "siteId", central_id as "centralId" from sync_id_aliases where installation_id = $1', [installationId]);
    const own = await client.query<{ id: string }>('select id from projects where contract_no = any($1::text[])', [[...registered]]);
    return new PgExecutor(client, new ApplyPlan(installationId, at, registered, own.rows.map((r) => r.id), aliases.rows));
  }

  async apply(change: ChangeRecord): Promise<void> {
    // A batch holds one table's changes, each row once; a contract row or a delete goes alone, so
    // that what it decides (a contract claimed, a row gone) is written before the next change is planned.
    const alone = change.table === 'projects' || change.op === 'delete';
    if (alone || change.table !== this.batch[0]?.spec.name || this.batchSiteIds.has(change.rowId)) await this.flush();
    let exists = false;
    if (change.table === 'projects') {
      const id = this.plan.alias('projects', change.rowId) ?? change.rowId;
      exists = (await this.client.query('select 1 from projects where id = $1', [id])).rowCount! > 0;
    }
    const row = this.plan.plan(change, () => exists);
    if (!row) return this.record();
    if (alone) {
      await this.writeOne(row);
      return this.record();
    }
    const key = `${row.spec.name}\u0000${[...row.values.keys()].sort().join(',')}`;
    if (key !== this.batchKey) await this.flush();
    this.batchKey = key;
    this.batch.push(row);
    this.batchSiteIds.add(row.siteId);
    if (this.batch.length >= BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    const rows = this.batch;
    this.batch = [];
    this.batchKey = '';
    this.batchSiteIds.clear();
    if (rows.length === 0) return;
    const written = await this.attempt(() => this.upsert(rows));
    if (written === 'refused') for (const row of rows) await this.writeOne(row);
    else for (const row of rows) this.done(row);
    await this.record();
  }

  /** Runs a statement under a savepoint: 'refused' (rolled back to it) when a constraint said no. */
  private async attempt(write: () => Promise<void>): Promise<'ok' | 'refused'> {
    const name = `row_${++this.savepoints}`;
    await this.client.query(`savepoint ${name}`);
    try {
      await write();
      await this.client.query(`release savepoint ${name}`);
      return 'ok';
    } catch (e) {
      if (!isConstraint(e)) throw e;
      await this.client.query(`rollback to savepoint ${name}`);
      this.lastRefusal = e;
      return 'refused';
    }
  }

  private lastRefusal: unknown = null;

  /** One statement for rows of one table with the same columns: inserted, or updated where the key (project first) is there. */
  private async upsert(rows: PlannedRow[]): Promise<void> {
    const { spec } = rows[0]!;
    const info = pgTableOf(spec);
    const properties = [...rows[0]!.values.keys()].sort();
    const columns = properties.map((p) => `"${spec.columns.get(p)!.sqlName}"`);
    const types = properties.map((p) => info.types.get(p)!);
    const arrays = properties.map((p, i) => rows.map((r) => pgValue(types[i]!, r.values.get(p))));
    const keyColumns = new Set(info.key.map((c) => `"${c}"`));
    const updates = columns.filter((c) => !keyColumns.has(c)).map((c) => `${c} = excluded.${c}`);
    const text = `insert into "${info.table}" (${columns.join(', ')})
      select * from unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})
      on conflict (${[...keyColumns].join(', ')}) do ${updates.length === 0 ? 'nothing' : `update set ${updates.join(', ')}`}`;
    await this.client.query(text, arrays);
  }

  private async remove(row: PlannedRow): Promise<void> {
    const { spec, rowId } = row;
    const info = pgTableOf(spec);
    const pk = spec.columns.get(spec.primaryKey)!.sqlName;
    if (spec.name === 'projects') await this.client.query(`delete from "${info.table}" where "${pk}" = $1`, [rowId]);
    else await this.client.query(`delete from "${info.table}" where "${pk}" = $1 and "project_id" = any($2::text[])`, [rowId, [...this.plan.projects]]);
  }

  private async existingByNaturalKey(spec: TableSpec, values: Map<string, SqlValue>): Promise<string | undefined> {
    if (!spec.naturalKey) return undefined;
    const info = pgTableOf(spec);
    const where = spec.naturalKey.map((p, i) => `"${spec.columns.get(p)!.sqlName}" = $${i + 1}`).join(' and ');
    const pk = spec.columns.get(spec.primaryKey)!.sqlName;
    const found = await this.client.query<{ id: string }>(`select "${pk}" as id from "${info.table}" where ${where} limit 1`, spec.naturalKey.map((p) => pgValue(info.types.get(p)!, values.get(p))));
    return found.rows[0]?.id;
  }

  /** One row, as the SQLite executor writes it: a refusal by a unique index merges into the same thing stored by another site, or is kept as a conflict. */
  private async writeOne(row: PlannedRow): Promise<void> {
    const write = (r: PlannedRow) => this.attempt(() => (r.change.op === 'delete' ? this.remove(r) : this.upsert([r])));
    if ((await write(row)) === 'ok') return this.done(row);
    const code = pgCode(this.lastRefusal);
    const existing = code === '23505' && this.plan.mayMerge(row) ? await this.existingByNaturalKey(row.spec, row.values) : undefined;
    if (!existing || existing === row.rowId) return this.plan.constraintConflict(row.change, constraintKinds[code] ?? null);
    const merged = this.plan.mergeInto(row, existing);
    if ((await write(merged)) === 'ok') this.done(merged);
    else this.plan.constraintConflict(row.change, constraintKinds[pgCode(this.lastRefusal)] ?? null);
  }

  private done(row: PlannedRow): void {
    this.plan.written(row);
    if (row.spec.name !== 'persons') return;
    const key = `${row.project}\u0000${row.rowId}`;
    if (row.change.op === 'delete') this.searchTerms.set(key, null);
    else {
      const v = (p: string) => String(row.values.get(p) ?? '');
      this.searchTerms.set(key, pgSearchTerms({ name: v('name'), idNumber: v('idNumber'), pinyinInitials: v('pinyinInitials'), pinyinFull: v('pinyinFull') }));
    }
  }

  /** 人员查询's terms of the persons written since the last record(): null for one deleted. */
  private readonly searchTerms = new Map<string, string[] | null>();

  private async recordSearchTerms(): Promise<void> {
    if (this.searchTerms.size === 0) return;
    const upserts = [...this.searchTerms].filter(([, t]) => t !== null) as [string, string[]][];
    const deletes = [...this.searchTerms].filter(([, t]) => t === null).map(([k]) => k.split('\u0000') as [string, string]);
    this.searchTerms.clear();
    if (upserts.length > 0) {
      const keys = upserts.map(([k]) => k.split('\u0000') as [string, string]);
      // A new seq on every write: 人员查询 lists the newest first.
      await this.client.query(`insert into person_search_terms (project_id, person_id, terms)
        select u.p, u.i, string_to_array(u.t, E'\\x1f') from unnest($1::text[], $2::text[], $3::text[]) as u(p, i, t)
        on conflict (project_id, person_id) do update set terms = excluded.terms, seq = excluded.seq`,
      [keys.map((k) => k[0]), keys.map((k) => k[1]), upserts.map(([, t]) => t.join('\x1f'))]);
    }
    for (const [project, person] of deletes) await this.client.query('delete from person_search_terms where project_id = $1 and person_id = $2', [project, person]);
  }

  /** What the plan left to record (conflicts, aliases, claimed contracts), in the bundle's transaction. */
  private async record(): Promise<void> {
    await this.recordSearchTerms();
    const { conflicts, aliases, claims } = this.plan.drain();
    const { installationId, at } = this.plan;
    if (conflicts.length > 0) {
      await this.client.query(`insert into sync_conflicts (id, installation_id, seq, table_name, row_id, op, data, reason, at, generation_id)
        select * from unnest($1::text[], $2::text[], $3::int8[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])`, [
        conflicts.map(() => newId()), conflicts.map((c) => c.installationId), conflicts.map((c) => c.seq), conflicts.map((c) => c.tableName), conflicts.map((c) => c.rowId),
        conflicts.map((c) => c.op), conflicts.map((c) => c.data), conflicts.map((c) => c.reason), conflicts.map((c) => c.at), conflicts.map((c) => c.generationId),
      ]);
    }
    for (const a of aliases) {
      await this.client.query(`insert into sync_id_aliases (installation_id, table_name, site_id, central_id, at) values ($1, $2, $3, $4, $5)
        on conflict (installation_id, table_name, site_id) do update set central_id = excluded.central_id, at = excluded.at`, [installationId, a.tableName, a.siteId, a.centralId, at]);
    }
    for (const id of claims) {
      await this.client.query("insert into sync_row_owners (table_name, row_id, installation_id) values ('projects', $1, $2) on conflict do nothing", [id, installationId]);
    }
  }
}

/** What the central store holds of each generation of a site (rules in apply-rules.ts). */
async function generationStates(client: pg.PoolClient, peer: PgPeer): Promise<Map<string, GenerationState>> {
  const rows = await client.query<{ id: string; firstSeq: string; lastApplied: string }>(
    'select generation_id as id, first_seq as "firstSeq", last_applied_seq as "lastApplied" from sync_site_generations where installation_id = $1', [peer.installationId]);
  const known = new Map(rows.rows.map((r) => [r.id, { id: r.id, firstSeq: Number(r.firstSeq), lastApplied: Number(r.lastApplied) }]));
  if (!known.has(peer.installationId)) known.set(peer.installationId, { id: peer.installationId, firstSeq: 1, lastApplied: peer.lastAppliedSeq });
  return known;
}

async function rememberHistory(client: pg.PoolClient, installationId: string, generations: readonly Generation[], known: ReadonlyMap<string, GenerationState>, at: string): Promise<void> {
  if (!isCurrentHistory(generations, known)) return;
  await client.query(`insert into sync_site_histories (installation_id, generations, at) values ($1, $2, $3)
    on conflict (installation_id) do update set generations = excluded.generations, at = excluded.at`, [installationId, JSON.stringify(generations), at]);
}

/** The acknowledgement stored with the bundle of these bytes when it applied: a duplicate push gets it again. */
async function storedAck(client: pg.PoolClient, installationId: string, sha256: string): Promise<Ack | undefined> {
  const r = await client.query<{ ack: string }>('select ack from sync_applied_bundles where installation_id = $1 and bundle_sha256 = $2 order by applied_at desc limit 1', [installationId, sha256]);
  return r.rows[0] ? (JSON.parse(r.rows[0].ack) as Ack) : undefined;
}

/**
 * importBundle on PostgreSQL: the same checks and answers (apply.ts), the site's rows into the
 * central database, the attachment files into the data folder's file store, the audit row into the
 * office's own audit trail once the transaction is committed.
 */
export async function importBundlePg(s: Services, store: CentralPg, filePath: string, options: ImportOptions): Promise<ImportResult> {
  const central = requireRole(s, 'central');
  const bundle = openBundle(filePath);
  try {
    const m = bundle.manifest;
    const { peer: admitted, keys } = admitFrom(s, bundle, m.kind === 'changes' ? await peerOfPg(store.pool, m.installationId) : undefined);
    bundle.keys = keys;
    const generations = m.generations ?? implicitGenerations(m.installationId);
    const sha256 = options.sha256 ?? fileSha256(bundle.path);
    const at = isoNow(s.clock);
    const fileName = options.fileName ?? filePath.split(/[\\/]/).pop()!;
    const answers = bundleAnswers(central, m, sha256, at, admitted.name);
    const client = await store.pool.connect();
    let audit: AuditEntry | null = null;
    let result: ImportResult;
    try {
      await client.query('begin');
      try {
        // The lock every push of this site waits on; the watermarks are read only once it is held.
        const peer = await peerOfPg(client, m.installationId, true);
        if (!peer) throw new ApiError('FORBIDDEN', `同步包来自未登记的安装 ${m.installationId}:请先登记该工地的注册文件(siteoffice sync trust)`);
        const known = await generationStates(client, peer);
        const listProblem = generationListProblem(m.installationId, generations, known);
        if (listProblem) refuse(`同步包的数据代无效:${listProblem}`);
        const decision = decide(generations, known, m.firstSeq, m.lastSeq);
        if (decision.kind === 'gap') {
          if (!options.partsChecked) verifyParts(bundle);
          throw answers.gap(decision.progress);
        }
        if (decision.kind === 'duplicate') {
          if (!options.partsChecked) verifyParts(bundle);
          await rememberHistory(client, m.installationId, generations, known, at);
          result = answers.duplicate(decision.progress, await storedAck(client, m.installationId, sha256));
        } else {
          const { progress, segments } = decision;
          const bundleId = newId();
          const executor = await PgExecutor.create(client, m.installationId, at, registeredContracts(JSON.parse(peer.registration) as Registration));
          let skipped = 0;
          let files = 0;
          let done = 0;
          const events = partEvents(bundle);
          let taken: boolean | undefined;
          for (let next = events.next(); !next.done; next = events.next(taken)) {
            const event = next.value;
            taken = undefined;
            if (event.type === 'file') {
              storeFilePart(s, bundle, event.part);
              files++;
              taken = true;
            } else if (event.type === 'record') {
              const change = event.value as ChangeRecord; // checked by partEvents
              if (change.seq <= progress) skipped++;
              else {
                executor.plan.generation = generationOf(generations, change.seq).id;
                await executor.apply(change);
              }
              done++;
              if (options.onProgress && done % PROGRESS_EVERY === 0) options.onProgress(done, m.records);
            } else if (event.part.last > progress) {
              // Kept as the site sent them: a site restored from an older backup can fetch them back.
              await client.query('insert into sync_received_chunks (installation_id, bundle_id, first_seq, last_seq, payload) values ($1, $2, $3, $4, $5)',
                [m.installationId, bundleId, event.part.first, event.part.last, event.payload]);
            }
          }
          await executor.flush();
          for (const sha of executor.plan.attachmentFiles) {
            if (!fs.existsSync(s.files.pathOf(sha))) refuse(`同步包缺少附件文件 ${sha.slice(0, 12)}…,且中心系统没有该文件`);
          }
          for (const g of statesAfter(segments)) {
            await client.query(`insert into sync_site_generations (installation_id, generation_id, first_seq, last_applied_seq) values ($1, $2, $3, $4)
              on conflict (installation_id, generation_id) do update set last_applied_seq = excluded.last_applied_seq`, [m.installationId, g.id, g.firstSeq, g.lastApplied]);
          }
          await rememberHistory(client, m.installationId, generations, known, at);
          if (isCurrentHistory(generations, known)) await client.query('update sync_peers set last_applied_seq = $2, last_bundle_at = $3 where installation_id = $1', [m.installationId, m.lastSeq, at]);
          else await client.query('update sync_peers set last_bundle_at = $2 where installation_id = $1', [m.installationId, at]);
          const counts = { applied: executor.plan.applied, skipped, conflicts: executor.plan.conflicts, files };
          result = answers.applied(counts);
          await client.query(`insert into sync_applied_bundles (id, installation_id, first_seq, last_seq, applied_from_seq, changes_applied, conflicts, files, bundle_sha256, source, file_name, applied_at, generations, segments, ack)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`, [
            bundleId, m.installationId, m.firstSeq, m.lastSeq, progress + 1, counts.applied, counts.conflicts, files, sha256, options.source, fileName, at,
            JSON.stringify(generations), JSON.stringify(segments.map(({ generation, from, to }) => ({ generation, from, to }))), JSON.stringify(result.ack),
          ]);
          audit = { action: 'sync_apply', tableName: 'sync_applied_bundles', rowId: m.installationId, after: applyAudit(m, segments, progress, counts, sha256) };
        }
        await client.query('commit');
      } catch (e) {
        await client.query('rollback').catch(() => undefined);
        throw e;
      }
    } finally {
      client.release();
    }
    if (audit) recordAudit(s.db, { at, actorId: null, actorName: options.actorName ?? '同步', projectId: null }, audit);
    return result;
  } finally {
    bundle.close();
  }
}
