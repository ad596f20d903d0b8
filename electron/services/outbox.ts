// The outbox: a write to a synced table and its change record commit in the same transaction, so
// a crash can lose neither one without the other. Sequence numbers rise by exactly one.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { changes } from '../../db/schema';

export type SyncedTable = 'projects' | 'epidemic_info' | 'attachments' | 'persons' | 'family_members' | 'health_checks' | 'dispositions' | 'entries';

export function recordChange(db: Db, at: string, tableName: SyncedTable, rowId: string, op: 'insert' | 'update' | 'delete', data: unknown): void {
  const next = db.select({ seq: sql<number>`coalesce(max(${changes.seq}), 0) + 1` }).from(changes).get();
  db.insert(changes).values({ seq: next?.seq ?? 1, tableName, rowId, op, data: JSON.stringify(data), at }).run();
}

export function pendingChangeCount(db: Db): number {
  return db.select({ n: sql<number>`count(*)` }).from(changes).get()?.n ?? 0;
}
