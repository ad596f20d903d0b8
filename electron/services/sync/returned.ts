// Records a site lost by restoring a backup, handed back (docs/sync-bundle-format.md §7.1). The
// central side keeps every applied change as the site sent it (sync_received_chunks). When a site's
// history, as its newest bundle lists it, leaves part of an older generation behind — the changes
// made after the backup that was restored — or leaves out a generation altogether, those changes
// exist only at the central side. Its reference bundle for that site carries them back ('returned'
// records), and the site takes each one in again unless it has changed that row since the restore.
import type Database from 'better-sqlite3';
import type { Services } from '../context';
import { recordChange, type ChangeAuthor, type SyncedTable } from '../outbox';
import type { Generation, GenerationState } from './apply-rules';
import { implicitGenerations } from './apply-rules';
import { inflateRecords, recordLines } from './container';
import { outboxGenerations } from './generations';
import { rowValues, type SqlValue } from './row-values';
import { tableSpec } from './tables';
import { asChange, type ChangeRecord } from './verify';

/** A change of a site given back to it: which generation it was recorded in, and the change. */
export interface ReturnedRecord extends ChangeRecord {
  generation: string;
}

/** A range of one generation the site's present history no longer holds. */
export interface LostRange {
  generation: string;
  from: number;
  to: number;
}

/**
 * The ranges a site no longer holds (plain values, for any executor): of each generation the
 * central side holds, what lies beyond the point where the site's present history left it, and the
 * whole of a generation the present history does not name.
 */
export function lostRanges(current: readonly Generation[], known: Iterable<GenerationState>): LostRange[] {
  const ranges: LostRange[] = [];
  for (const g of known) {
    const i = current.findIndex((c) => c.id === g.id);
    if (i === current.length - 1) continue; // the present generation: nothing left behind
    const from = i >= 0 ? current[i + 1]!.firstSeq : g.firstSeq;
    if (from <= g.lastApplied) ranges.push({ generation: g.id, from, to: g.lastApplied });
  }
  return ranges.sort((a, b) => (a.generation < b.generation ? -1 : a.generation > b.generation ? 1 : a.from - b.from));
}

/**
 * What the central store holds of a site's pushes, as lostRecords reads it: from the data folder's
 * SQLite (receivedInSqlite) or from PostgreSQL (central-pg/reference-source.ts).
 */
export interface ReceivedChanges {
  /** What the store holds of each generation of the site. */
  generations(installationId: string): Promise<GenerationState[]>;
  /** The site's present history as its newest bundle listed it; null before any listed one. */
  presentHistory(installationId: string): Promise<Generation[] | null>;
  /** The site's applied bundles, oldest first, with the generation ranges each brought. */
  appliedBundles(installationId: string): Promise<{ id: string; segments: { generation: string; from: number; to: number }[] }[]>;
  /** The payloads of a bundle's chunks that reach into from…to, in order. */
  chunks(installationId: string, bundleId: string, from: number, to: number): Promise<Buffer[]>;
}

export function receivedInSqlite(sqlite: Database.Database): ReceivedChanges {
  return {
    generations: async (installationId) => sqlite.prepare('select generation_id as id, first_seq as firstSeq, last_applied_seq as lastApplied from sync_site_generations where installation_id = ?')
      .all(installationId) as GenerationState[],
    presentHistory: async (installationId) => {
      const json = sqlite.prepare('select generations from sync_site_histories where installation_id = ?').pluck().get(installationId) as string | undefined;
      return json ? JSON.parse(json) as Generation[] : null;
    },
    appliedBundles: async (installationId) => (sqlite.prepare('select id, segments from sync_applied_bundles where installation_id = ? order by first_seq, applied_at')
      .all(installationId) as { id: string; segments: string }[]).map((b) => ({ id: b.id, segments: JSON.parse(b.segments) as { generation: string; from: number; to: number }[] })),
    chunks: async (_installationId, bundleId, from, to) => sqlite.prepare('select payload from sync_received_chunks where bundle_id = ? and last_seq >= ? and first_seq <= ? order by first_seq')
      .pluck().all(bundleId, from, to) as Buffer[],
  };
}

/** Central side: every change of `installationId` its present history lost, oldest generation first, in order. */
export async function lostRecords(received: ReceivedChanges, installationId: string): Promise<ReturnedRecord[]> {
  // One generation until the site's bundles name more.
  const present = await received.presentHistory(installationId) ?? implicitGenerations(installationId);
  const ranges = lostRanges(present, await received.generations(installationId));
  if (ranges.length === 0) return [];
  const bundles = await received.appliedBundles(installationId);
  const out: ReturnedRecord[] = [];
  for (const range of ranges) {
    for (const bundle of bundles) {
      for (const segment of bundle.segments) {
        if (segment.generation !== range.generation) continue;
        const from = Math.max(segment.from, range.from);
        const to = Math.min(segment.to, range.to);
        if (from > to) continue;
        for (const payload of await received.chunks(installationId, bundle.id, from, to)) {
          for (const value of recordLines(inflateRecords(payload))) {
            const change = asChange(value);
            if (change.seq >= from && change.seq <= to) out.push({ ...change, generation: range.generation });
          }
        }
      }
    }
  }
  return out;
}

export interface ReturnedResult {
  /** Taken in again. */
  returned: number;
  /** Not taken: the site changed that row after the restore, or already has it as it was, or it does not fit here. */
  skipped: number;
}

/**
 * Site side, inside the reference bundle's transaction: takes the returned records in, in order,
 * through the outbox (so they travel back like any change). A record is skipped when this site
 * changed its row after the restore that lost it: the later change wins. The restore that lost a
 * record is the first generation of this site's history newer than the record's own (ids are UUIDv7).
 */
export function applyReturned(s: Services, records: readonly ReturnedRecord[], author: (projectId: string | null) => ChangeAuthor): ReturnedResult {
  const history = outboxGenerations(s);
  const projects = new Set(s.sqlite.prepare('select id from projects').pluck().all() as string[]);
  const changedSince = s.sqlite.prepare('select 1 from changes where table_name = ? and row_id = ? and seq >= ? limit 1').pluck();
  const result: ReturnedResult = { returned: 0, skipped: 0 };
  for (const record of records) {
    const spec = tableSpec(record.table);
    const lostBy = history.find((g) => g.id > record.generation);
    if (!spec || !lostBy || changedSince.get(record.table, record.rowId, lostBy.firstSeq) !== undefined) {
      result.skipped++;
      continue;
    }
    const values = rowValues(spec, record);
    const project = spec.name === 'projects' ? record.rowId : values.get('projectId');
    if (spec.name !== 'projects' && (typeof project !== 'string' || !projects.has(project))) {
      result.skipped++;
      continue;
    }
    if (takeIn(s.sqlite, spec, record, values)) {
      recordChange(s.db, author(typeof project === 'string' ? project : null), spec.name as SyncedTable, record.rowId, record.op, record.data);
      result.returned++;
    } else {
      result.skipped++;
    }
  }
  return result;
}

/** Writes one returned record; false when it changes nothing or a rule of this store refuses it. */
function takeIn(sqlite: Database.Database, spec: NonNullable<ReturnType<typeof tableSpec>>, record: ReturnedRecord, values: Map<string, SqlValue>): boolean {
  const pk = spec.columns.get(spec.primaryKey)!.sqlName;
  const current = sqlite.prepare(`select * from "${spec.sqlName}" where "${pk}" = ?`).get(record.rowId) as Record<string, unknown> | undefined;
  if (record.op === 'delete') {
    if (!current) return false;
    sqlite.prepare(`delete from "${spec.sqlName}" where "${pk}" = ?`).run(record.rowId);
    return true;
  }
  if (current && [...values].every(([property, value]) => current[spec.columns.get(property)!.sqlName] === value)) return false;
  const properties = [...values.keys()];
  const columns = properties.map((p) => `"${spec.columns.get(p)!.sqlName}"`);
  const updates = columns.filter((c) => c !== `"${pk}"`).map((c) => `${c} = excluded.${c}`);
  try {
    sqlite.prepare(`insert into "${spec.sqlName}" (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})
      on conflict ("${pk}") do ${updates.length > 0 ? `update set ${updates.join(', ')}` : 'nothing'}`).run(...properties.map((p) => values.get(p) ?? null));
    return true;
  } catch (e) {
    if (String((e as { code?: unknown }).code ?? '').startsWith('SQLITE_CONSTRAINT')) return false;
    throw e;
  }
}
