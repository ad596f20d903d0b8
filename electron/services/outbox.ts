// The outbox and the audit trail, written in the same transaction as the change they record.
// Outbox: every write to a synced table appends its change with a sequence number that rises by
// exactly one, so bundles can carry the changes in order. Audit: who, when, what, before and after,
// chained by hashes.
import crypto from 'node:crypto';
import { desc, sql } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { auditLog, changes } from '../../db/schema';

export type SyncedTable = 'projects' | 'employers' | 'epidemic_info' | 'attachments' | 'persons' | 'family_members' | 'health_checks' | 'dispositions' | 'entries';

/** Who made a change, and when. `actorId` is null for the system itself (demo, migrations, sync). */
export interface ChangeAuthor {
  at: string;
  actorId: string | null;
  actorName: string;
  projectId: string | null;
}

export function authorOf(actor: { userId: string; name: string; projectId: string | null }, at: string): ChangeAuthor {
  return { at, actorId: actor.userId, actorName: actor.name, projectId: actor.projectId };
}

export const GENESIS_HASH = '0'.repeat(64);

/** The hashed content of an audit row: everything but its own hash, in a fixed order. */
export function auditDigest(row: Omit<typeof auditLog.$inferSelect, 'hash'>): string {
  const content = JSON.stringify([row.seq, row.at, row.actorId, row.actorName, row.projectId, row.action, row.tableName, row.rowId, row.before, row.after, row.prevHash]);
  return crypto.createHash('sha256').update(content).digest('hex');
}

export interface AuditEntry {
  action: string;
  tableName?: string | null;
  rowId?: string | null;
  before?: unknown;
  after?: unknown;
}

export function recordAudit(db: Db, author: ChangeAuthor, entry: AuditEntry): void {
  const last = db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1).get();
  const row = {
    seq: (last?.seq ?? 0) + 1,
    at: author.at,
    actorId: author.actorId,
    actorName: author.actorName,
    projectId: author.projectId,
    action: entry.action,
    tableName: entry.tableName ?? null,
    rowId: entry.rowId ?? null,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  db.insert(auditLog).values({ ...row, hash: auditDigest(row) }).run();
}

export function recordChange(db: Db, author: ChangeAuthor, tableName: SyncedTable, rowId: string, op: 'insert' | 'update' | 'delete', after: unknown, before?: unknown): void {
  const next = db.select({ seq: sql<number>`coalesce(max(${changes.seq}), 0) + 1` }).from(changes).get();
  db.insert(changes).values({ seq: next?.seq ?? 1, tableName, rowId, op, data: JSON.stringify(after), at: author.at }).run();
  recordAudit(db, author, { action: op, tableName, rowId, before: before ?? null, after });
}

export function pendingChangeCount(db: Db): number {
  return db.select({ n: sql<number>`count(*)` }).from(changes).get()?.n ?? 0;
}
