// The outbox and the audit trail, written in the same transaction as the change they record.
// Outbox: every write to a synced table appends its change with a sequence number that rises by
// exactly one, so bundles can carry the changes in order. Audit: who, when, what, before and after,
// chained by keyed hashes (HMAC-SHA-256 with a key kept outside the database: security/audit-key.ts),
// so that whoever can write the database file still cannot forge a row or re-chain a shortened log.
import crypto from 'node:crypto';
import { desc, sql } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { prepareInsert, preparedStatements } from '../../db/prepared';
import { auditLog, changes } from '../../db/schema';

export type SyncedTable = 'projects' | 'employers' | 'epidemic_info' | 'attachments' | 'persons' | 'family_members' | 'health_checks' | 'dispositions' | 'entries'
  | 'teams' | 'workers' | 'dispatches' | 'labour_contracts' | 'wage_cards' | 'attendance_devices' | 'attendance_makeups' | 'attendance_punches'
  // 安全生产标准化现场 and the rule tables and rectification loop it shares with the other site modules
  | 'rule_editions' | 'rectifications' | 'rectification_events' | 'safety_profiles' | 'safety_assessments' | 'safety_sheets' | 'safety_deductions'
  | 'safety_signatures' | 'safety_hazards' | 'worker_certificates' | 'safety_trainings' | 'safety_briefings'
  // 工资支付台账 and 人工费支付台账
  | 'payroll_ledgers' | 'payroll_ledger_steps' | 'payroll_rows' | 'payroll_bank_templates' | 'payroll_bank_batches' | 'payroll_payments' | 'labour_cost_allocations'
  // 参建各方, 建材管理, 质量标准化 and 监理报告
  | 'project_parties' | 'appointments' | 'record_signatures'
  | 'material_batches' | 'material_pours' | 'material_samples' | 'material_reports' | 'material_dispositions'
  | 'quality_units' | 'quality_lots' | 'quality_lot_records' | 'quality_lot_items' | 'quality_lot_materials' | 'quality_concealed' | 'quality_concealed_lots'
  | 'quality_acceptances' | 'quality_measurements' | 'quality_problems' | 'quality_site_checks'
  | 'supervision_notices' | 'supervision_stop_orders' | 'supervision_side_records' | 'supervision_monthly_reports' | 'supervision_emergency_reports' | 'supervision_contacts';

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

type AuditRow = typeof auditLog.$inferSelect;

function auditContent(row: Omit<AuditRow, 'hash'>): string {
  return JSON.stringify([row.seq, row.at, row.actorId, row.actorName, row.projectId, row.action, row.tableName, row.rowId, row.before, row.after, row.prevHash]);
}

/** The MAC of an audit row: everything but its own hash, in a fixed order, under the audit key. */
export function auditDigest(row: Omit<AuditRow, 'hash'>, key: Buffer): string {
  return crypto.createHmac('sha256', key).update(auditContent(row)).digest('hex');
}

/** The unkeyed SHA-256 of versions before the key: rows written then are checked with it. */
export function legacyAuditDigest(row: Omit<AuditRow, 'hash'>): string {
  return crypto.createHash('sha256').update(auditContent(row)).digest('hex');
}

// The audit key of each open database file, set when the app opens it (security/audit-key.ts). By
// the file, not by the connection: a restored backup reopens the same file with a new connection,
// and a transaction's handle is not the database's.
const auditKeys = new Map<string, Buffer>();

export function useAuditKey(databaseFile: string, key: Buffer | null): void {
  if (key) auditKeys.set(databaseFile, key);
  else auditKeys.delete(databaseFile);
}

/** The audit key of the file behind a handle (drizzle keeps the better-sqlite3 client on its session). */
export function auditKeyOf(db: Db): Buffer {
  const file = (db as unknown as { session: { client: { name: string } } }).session.client.name;
  const key = auditKeys.get(file);
  if (!key) throw new Error(`the audit key of ${file} is not loaded (open the data folder with openApp)`);
  return key;
}

export interface AuditEntry {
  action: string;
  tableName?: string | null;
  rowId?: string | null;
  before?: unknown;
  after?: unknown;
}

const changeStatements = preparedStatements((db) => ({
  lastSeq: db.select({ seq: sql<number>`coalesce(max(${changes.seq}), 0)` }).from(changes).prepare(),
  insert: prepareInsert(db, changes),
}));

const auditStatements = preparedStatements((db) => ({
  last: db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1).prepare(),
  insert: prepareInsert(db, auditLog),
}));

/** What a change did to its row. */
export type ChangeOp = 'insert' | 'update' | 'delete';

/**
 * Appends to the outbox and the audit trail inside one transaction. It looks up where each ends
 * the first time it writes to it, then carries the last sequence number and hash forward, so a
 * batch of thousands of rows does not look them up again for every row.
 *
 * Open one inside the transaction and write every change of that transaction through it. A row
 * appended around it would take a sequence number it means to use too, and its insert fails (both
 * are primary keys) rather than leave a gap or fork the chain. Do not keep one across a savepoint
 * that may roll back: what it carries would point at rows that are gone.
 */
export class ChangeRecorder {
  private lastChangeSeq: number | undefined;
  private lastAudit: { seq: number; hash: string } | undefined;
  private key: Buffer | undefined;

  constructor(private readonly db: Db) {}

  change(author: ChangeAuthor, tableName: SyncedTable, rowId: string, op: ChangeOp, after: unknown, before?: unknown): void {
    const data = JSON.stringify(after);
    this.appendChange(author.at, tableName, rowId, op, data);
    this.appendAudit(author, op, tableName, rowId, JSON.stringify(before ?? null), data);
  }

  /**
   * An outbox change without an audit row of its own: for one event that writes many rows (a
   * gate's push of hundreds of punches), whose caller then writes one audit row naming the range of
   * changes it made (`audit`, in the same transaction). Returns the change's sequence number.
   */
  changeOfBatch(at: string, tableName: SyncedTable, rowId: string, op: ChangeOp, after: unknown): number {
    return this.appendChange(at, tableName, rowId, op, JSON.stringify(after));
  }

  private appendChange(at: string, tableName: SyncedTable, rowId: string, op: ChangeOp, data: string): number {
    const statements = changeStatements(this.db);
    const seq = (this.lastChangeSeq ?? statements.lastSeq.get()!.seq) + 1;
    statements.insert({ seq, tableName, rowId, op, data, at });
    this.lastChangeSeq = seq;
    return seq;
  }

  audit(author: ChangeAuthor, entry: AuditEntry): void {
    const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
    this.appendAudit(author, entry.action, entry.tableName ?? null, entry.rowId ?? null, json(entry.before), json(entry.after));
  }

  private appendAudit(author: ChangeAuthor, action: string, tableName: string | null, rowId: string | null, before: string | null, after: string | null): void {
    const statements = auditStatements(this.db);
    const last = this.lastAudit ?? statements.last.get() ?? { seq: 0, hash: GENESIS_HASH };
    const row = {
      seq: last.seq + 1,
      at: author.at,
      actorId: author.actorId,
      actorName: author.actorName,
      projectId: author.projectId,
      action,
      tableName,
      rowId,
      before,
      after,
      prevHash: last.hash,
    };
    const hash = auditDigest(row, (this.key ??= auditKeyOf(this.db)));
    statements.insert({ ...row, hash });
    this.lastAudit = { seq: row.seq, hash };
  }
}

/** One audit row on its own (sign-in, export, sync): see ChangeRecorder for many in one transaction. */
export function recordAudit(db: Db, author: ChangeAuthor, entry: AuditEntry): void {
  new ChangeRecorder(db).audit(author, entry);
}

/** One change on its own: see ChangeRecorder for many in one transaction. */
export function recordChange(db: Db, author: ChangeAuthor, tableName: SyncedTable, rowId: string, op: ChangeOp, after: unknown, before?: unknown): void {
  new ChangeRecorder(db).change(author, tableName, rowId, op, after, before);
}

export function pendingChangeCount(db: Db): number {
  return db.select({ n: sql<number>`count(*)` }).from(changes).get()?.n ?? 0;
}
