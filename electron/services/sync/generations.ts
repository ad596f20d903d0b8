// Outbox generations (docs/sync-bundle-format.md §3.1). A restored backup brings back the outbox as
// it was when the backup was made; the changes recorded after it are gone from this PC, but those
// already delivered are at the central side under their sequence numbers. Changes recorded after the
// restore take those numbers again, so each restore starts a new generation: its id (a UUIDv7) and
// the first number it uses. Every bundle names the whole list, and the central side keeps a
// watermark per generation, so a number of the new generation is never mistaken for one it holds.
import type Database from 'better-sqlite3';
import type { Services } from '../context';
import { newId } from '../ids';
import { implicitGenerations, type Generation } from './apply-rules';
import { ensureInstallation } from './identity';

/** This database's generations, oldest first: the installation's own from 1, then one per restore. */
export function outboxGenerations(s: Services): Generation[] {
  const identity = ensureInstallation(s);
  const rows = s.sqlite.prepare('select id, first_seq as firstSeq from sync_generations order by first_seq, id').all() as Generation[];
  return [...implicitGenerations(identity.installationId), ...rows];
}

/** What the database a restore replaced could still tell: where its outbox and watermark stood. */
export interface ReplacedState {
  lastSeq: number;
  ackedSeq: number;
}

/** Reads where the outbox and the watermark stand, before a restore replaces the database. */
export function replacedState(sqlite: Database.Database): ReplacedState {
  const lastSeq = sqlite.prepare('select coalesce(max(seq), 0) from changes').pluck().get() as number;
  const ackedSeq = (sqlite.prepare('select acked_seq from sync_site_state where id = 1').pluck().get() as number | undefined) ?? 0;
  return { lastSeq, ackedSeq };
}

/**
 * Starts a new generation in a restored copy of the database, before it is put in place (so that a
 * crash cannot leave a restored database without one). The copy has been migrated to this schema.
 * Pushes still waiting in the copy were made from the history before the restore: they are not sent.
 */
export function startGeneration(restored: Database.Database, info: { backupFile: string; at: string; keptAs: string; replaced: ReplacedState | null }): void {
  const firstSeq = (restored.prepare('select coalesce(max(seq), 0) + 1 from changes').pluck().get() as number);
  restored.prepare(`insert into sync_generations (id, first_seq, backup_file, restored_at, previous_last_seq, previous_acked_seq, kept_as)
    values (?, ?, ?, ?, ?, ?, ?)`).run(newId(), firstSeq, info.backupFile, info.at, info.replaced?.lastSeq ?? null, info.replaced?.ackedSeq ?? null, info.keptAs);
  restored.prepare(`update sync_pushes set status = 'superseded', next_attempt_at = null, last_error = '恢复备份后作废:其中的变更已按恢复后的记录重新导出', updated_at = ?
    where status in ('queued', 'sending', 'retrying', 'failed')`).run(info.at);
}

/** The last restore of this database, for the 同步 screen. */
export interface RestoreView {
  generationId: string;
  /** The number the generation started at: the backup held changes up to firstSeq - 1. */
  firstSeq: number;
  backupFile: string;
  restoredAt: string;
  previousLastSeq: number | null;
  previousAckedSeq: number | null;
  keptAs: string | null;
  generations: number;
  /** The central system has acknowledged a bundle exported since: it knows this history. */
  announced: boolean;
}

export function lastRestore(s: Services): RestoreView | null {
  const row = s.sqlite.prepare(`select id as generationId, first_seq as firstSeq, backup_file as backupFile, restored_at as restoredAt,
    previous_last_seq as previousLastSeq, previous_acked_seq as previousAckedSeq, kept_as as keptAs
    from sync_generations order by first_seq desc, id desc limit 1`).get() as Omit<RestoreView, 'generations' | 'announced'> | undefined;
  if (!row) return null;
  const count = s.sqlite.prepare('select count(*) from sync_generations').pluck().get() as number;
  // Exports made after the restore have greater ids than the generation (both UUIDv7, by the real clock).
  const announced = s.sqlite.prepare(`select 1 from sync_acks a join sync_exports e on e.sha256 = a.bundle_sha256
    where a.status != 'gap' and e.id > ? limit 1`).pluck().get(row.generationId) !== undefined;
  return { ...row, generations: count + 1, announced };
}
