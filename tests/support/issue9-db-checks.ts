// Test support for the crash and full-disk tests: checks of a data folder's SQLite file that hold
// after any crash — the file is intact, and no record was written without its outbox row and its
// audit row (or the other way round).
import type Database from 'better-sqlite3';
import path from 'node:path';
import { auditDigest, GENESIS_HASH } from '../../electron/services/outbox';
import { readAuditKey } from '../../electron/services/security/audit-key';
import { FileSecretStore } from '../../electron/services/security/secret-store';

/** The tables whose writes go through recordChange (electron/services/outbox.ts SyncedTable). */
export const SYNCED_TABLES = ['projects', 'employers', 'epidemic_info', 'attachments', 'persons', 'family_members', 'health_checks', 'dispositions', 'entries',
  'teams', 'workers', 'dispatches', 'labour_contracts', 'wage_cards', 'attendance_devices', 'attendance_makeups', 'attendance_punches',
  'payroll_ledgers', 'payroll_ledger_steps', 'payroll_rows', 'payroll_bank_templates', 'payroll_bank_batches', 'payroll_payments', 'labour_cost_allocations'] as const;

/** The primary key that changes.row_id refers to (epidemic_info has one row per project). */
const KEY_OF: Record<(typeof SYNCED_TABLES)[number], string> = {
  projects: 'id', employers: 'id', epidemic_info: 'project_id', attachments: 'id', persons: 'id',
  family_members: 'id', health_checks: 'id', dispositions: 'id', entries: 'id',
  teams: 'id', workers: 'id', dispatches: 'id', labour_contracts: 'id', wage_cards: 'id', attendance_devices: 'id', attendance_makeups: 'id', attendance_punches: 'id',
  payroll_ledgers: 'id', payroll_ledger_steps: 'id', payroll_rows: 'id', payroll_bank_templates: 'id', payroll_bank_batches: 'id', payroll_payments: 'id', labour_cost_allocations: 'id',
};

export function integrityCheck(sqlite: Database.Database): string[] {
  return (sqlite.prepare('pragma integrity_check').all() as { integrity_check: string }[]).map((r) => r.integrity_check);
}

export function foreignKeyViolations(sqlite: Database.Database): unknown[] {
  return sqlite.prepare('pragma foreign_key_check').all();
}

interface AuditRow {
  seq: number; at: string; actor_id: string | null; actor_name: string; project_id: string | null; action: string;
  table_name: string | null; row_id: string | null; before: string | null; after: string | null; prev_hash: string; hash: string;
}

interface ChangeRow { seq: number; table_name: string; row_id: string; op: string; data: string; at: string }

/**
 * Everything that would show a half-written record, as readable problems (an empty list when the
 * file is consistent):
 * - the outbox's seq values are exactly 1..N, and the audit log's 1..M;
 * - the audit hash chain is intact (each prev_hash is the hash before it, each hash recomputes);
 * - every row of a synced table has its insert in the outbox, and every outbox row's record exists;
 * - the outbox rows and the audit rows of synced tables pair up one to one, in order, except a
 *   gate's push or a 导入考勤, whose one gate_push / punch_import row covers the range of its
 *   punches' changes (none, for a file of punches all stored before);
 * - a person's state is the one its last outbox row recorded (dispositions.set writes both);
 * - setup.initialize is all or nothing (projects, users and user_projects together).
 */
export function consistencyProblems(sqlite: Database.Database): string[] {
  const problems: string[] = [];
  const changes = sqlite.prepare('select * from changes order by seq').all() as ChangeRow[];
  changes.forEach((c, i) => {
    if (c.seq !== i + 1) problems.push(`outbox seq ${c.seq} at position ${i + 1} (a gap or a duplicate)`);
  });
  const audit = sqlite.prepare('select * from audit_log order by seq').all() as AuditRow[];
  // The audit key is in the data folder's keys/, beside the database file.
  const key = readAuditKey(new FileSecretStore(path.dirname(sqlite.name)))?.key;
  if (audit.length > 0 && !key) problems.push('audit rows but no audit key in keys/');
  let prev = GENESIS_HASH;
  audit.forEach((a, i) => {
    if (a.seq !== i + 1) problems.push(`audit seq ${a.seq} at position ${i + 1}`);
    if (a.prev_hash !== prev) problems.push(`audit ${a.seq}: prev_hash does not match the hash of the row before`);
    const digest = auditDigest({
      seq: a.seq, at: a.at, actorId: a.actor_id, actorName: a.actor_name, projectId: a.project_id, action: a.action,
      tableName: a.table_name, rowId: a.row_id, before: a.before, after: a.after, prevHash: a.prev_hash,
    }, key ?? Buffer.alloc(0));
    if (digest !== a.hash) problems.push(`audit ${a.seq}: hash does not recompute`);
    prev = a.hash;
  });

  for (const table of SYNCED_TABLES) {
    const key = KEY_OF[table];
    const orphans = sqlite.prepare(`select "${key}" as id from "${table}" where "${key}" not in (select row_id from changes where table_name = ? and op = 'insert')`).all(table) as { id: string }[];
    for (const o of orphans) problems.push(`${table} ${o.id} has no insert in the outbox`);
    const ghosts = sqlite.prepare(`select seq, row_id from changes where table_name = ? and row_id not in (select "${key}" from "${table}")`).all(table) as { seq: number; row_id: string }[];
    for (const g of ghosts) problems.push(`outbox ${g.seq} points at ${table} ${g.row_id}, which is not there`);
  }

  // A gate's push (or a 导入考勤) has one audit row for its punches: the outbox changes first..last,
  // each an insert of attendance_punches, as many as it says it accepted.
  const byPush = new Set<number>();
  for (const a of audit.filter((row) => row.action === 'gate_push' || row.action === 'punch_import')) {
    const after = JSON.parse(a.after ?? 'null') as { accepted: number; changes: { first: number; last: number } | null };
    const covered = after.changes ? changes.filter((c) => c.seq >= after.changes!.first && c.seq <= after.changes!.last) : [];
    if (covered.length !== after.accepted || covered.some((c) => c.table_name !== 'attendance_punches' || c.op !== 'insert' || byPush.has(c.seq))) {
      problems.push(`audit ${a.seq} (${a.action} of ${after.accepted}) does not match outbox ${after.changes?.first}..${after.changes?.last}`);
    }
    for (const c of covered) byPush.add(c.seq);
  }
  const rowChanges = changes.filter((c) => !byPush.has(c.seq));
  const placeholders = SYNCED_TABLES.map(() => '?').join(', ');
  const audited = sqlite.prepare(`select * from audit_log where action in ('insert', 'update', 'delete') and table_name in (${placeholders}) order by seq`).all(...SYNCED_TABLES) as AuditRow[];
  if (audited.length !== rowChanges.length) problems.push(`${rowChanges.length} outbox rows (besides gate pushes) but ${audited.length} audit rows of synced tables`);
  for (let i = 0; i < Math.min(audited.length, rowChanges.length); i++) {
    const c = rowChanges[i]!;
    const a = audited[i]!;
    if (a.table_name !== c.table_name || a.row_id !== c.row_id || a.action !== c.op || a.after !== c.data || a.at !== c.at) {
      problems.push(`outbox ${c.seq} (${c.table_name} ${c.row_id} ${c.op}) and audit ${a.seq} (${a.table_name} ${a.row_id} ${a.action}) do not match`);
      break;
    }
  }

  const lastState = new Map<string, string>();
  for (const c of changes) if (c.table_name === 'persons') lastState.set(c.row_id, (JSON.parse(c.data) as { state?: string }).state ?? 'clear');
  for (const p of sqlite.prepare('select id, state from persons').all() as { id: string; state: string }[]) {
    if (lastState.has(p.id) && lastState.get(p.id) !== p.state) problems.push(`person ${p.id} is ${p.state} but its last outbox row says ${lastState.get(p.id)}`);
  }

  const count = (table: string) => (sqlite.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n;
  const [projects, users, links] = [count('projects'), count('users'), count('user_projects')];
  if ((projects === 0) !== (users === 0) || (users === 0) !== (links === 0)) problems.push(`half an initialization: ${projects} projects, ${users} users, ${links} user_projects`);
  return problems;
}
