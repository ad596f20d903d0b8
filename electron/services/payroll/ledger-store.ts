// Reading and writing a ledger and its rows inside a write's transaction: every insert, update and
// delete with its outbox change and audit row (the ChangeRecorder of the write), the ledger's totals
// kept with its rows, and the steps. The one place that says whether a ledger may still change.
import { and, eq, inArray } from 'drizzle-orm';
import { payrollLedgers, payrollLedgerSteps, payrollRows } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { roleLabels } from '../../common/codes';
import { ledgerStateLabels, type LedgerAction, type LedgerState } from '../../common/codes-payroll';
import { ApiError } from '../../common/errors';
import { newId } from '../ids';
import type { WriteContext } from '../write-context';
import type { ComputedRow } from './compute';

export type LedgerRecord = typeof payrollLedgers.$inferSelect;
export type RowRecord = typeof payrollRows.$inferSelect;
export type StepRecord = typeof payrollLedgerSteps.$inferSelect;

export function projectLedger(db: Db, projectId: string, ledgerId: string): LedgerRecord {
  const row = db.select().from(payrollLedgers).where(and(eq(payrollLedgers.id, ledgerId), eq(payrollLedgers.projectId, projectId))).get();
  if (!row) throw new ApiError('NOT_FOUND', '未找到该工资支付台账', [{ path: 'ledgerId', message: '请选择台账' }]);
  return row;
}

export function ledgerRows(db: Db, ledgerId: string): RowRecord[] {
  return db.select().from(payrollRows).where(eq(payrollRows.ledgerId, ledgerId)).orderBy(payrollRows.teamName, payrollRows.workerNo).all()
    .sort((a, b) => a.teamName.localeCompare(b.teamName, 'zh-CN') || Number(a.workerNo) - Number(b.workerNo));
}

export function ledgerSteps(db: Db, ledgerId: string): StepRecord[] {
  return db.select().from(payrollLedgerSteps).where(eq(payrollLedgerSteps.ledgerId, ledgerId)).orderBy(payrollLedgerSteps.at, payrollLedgerSteps.id).all();
}

/** The step that locked the ledger, if it is locked. */
export function lockStep(db: Db, ledger: LedgerRecord): StepRecord | undefined {
  if (ledger.state !== 'locked') return undefined;
  return ledgerSteps(db, ledger.id).filter((st) => st.action === 'lock').at(-1);
}

/** Why the ledger's content cannot change now, or null in 草稿: a locked ledger never changes. */
export function frozenReason(db: Db, ledger: LedgerRecord): string | null {
  if (ledger.state === 'locked') {
    const step = lockStep(db, ledger);
    return `该工资支付台账已于 ${step ? step.at.slice(0, 16).replace('T', ' ') : ''} 由 ${step?.byName ?? '项目负责人'} 锁定,锁定的台账不能修改;如需补发或更正,请在该台账上新建“补发/更正”台账`;
  }
  if (ledger.state !== 'draft') return `台账已进入“${ledgerStateLabels[ledger.state]}”,不能修改;如需修改,请先退回草稿`;
  return null;
}

/** Refuses any change of a ledger's content outside 草稿, with the reason. */
export function assertDraft(db: Db, ledger: LedgerRecord): void {
  const reason = frozenReason(db, ledger);
  if (reason) throw new ApiError('CONFLICT', reason, [{ path: 'ledgerId', message: ledger.state === 'locked' ? '台账已锁定' : '台账不在草稿状态' }]);
}

const rowFields = (r: ComputedRow) => ({
  workerNo: r.workerNo, name: r.name, idNumber: r.idNumber, phone: r.phone, workType: r.workType, teamName: r.teamName,
  contractId: r.contractId, payMethod: r.payMethod, wageFen: r.wageFen, pieceUnit: r.pieceUnit,
  attendanceDays: r.attendanceDays, hoursTenths: r.hoursTenths, uncontractedDays: r.uncontractedDays, segments: r.segments,
  quantityMilli: r.quantityMilli, baseFen: r.baseFen, items: r.items, grossFen: r.grossFen,
  taxFen: r.taxFen, socialFen: r.socialFen, otherDeductionFen: r.otherDeductionFen, otherDeductionReason: r.otherDeductionReason,
  netFen: r.netFen, previousNetFen: r.previousNetFen, payableFen: r.payableFen,
  bankName: r.bankName, bankCode: r.bankCode, cardNo: r.cardNo, dueOn: r.dueOn, note: r.note, warnings: r.warnings,
});

/**
 * The ledger's rows made to be `computed`: a worker's row kept (and updated where something changed),
 * new workers added, workers no longer there removed (a draft only). Then the ledger's totals.
 */
export function storeRows(ctx: WriteContext, ledger: LedgerRecord, computed: ComputedRow[], existing: RowRecord[]): LedgerRecord {
  const { db, recorder, author } = ctx;
  const byWorker = new Map(existing.map((r) => [r.workerId, r]));
  const wanted = new Set(computed.map((r) => r.workerId));
  const gone = existing.filter((r) => !wanted.has(r.workerId));
  if (gone.length > 0) {
    db.delete(payrollRows).where(inArray(payrollRows.id, gone.map((r) => r.id))).run();
    for (const r of gone) recorder.change(author, 'payroll_rows', r.id, 'delete', null, r);
  }
  for (const c of computed) {
    const before = byWorker.get(c.workerId);
    const fields = rowFields(c);
    if (!before) {
      const row: RowRecord = { id: newId(), projectId: ledger.projectId, ledgerId: ledger.id, workerId: c.workerId, ...fields, createdAt: author.at, updatedAt: author.at };
      db.insert(payrollRows).values(row).run();
      recorder.change(author, 'payroll_rows', row.id, 'insert', row);
      continue;
    }
    const after: RowRecord = { ...before, ...fields, updatedAt: author.at };
    if (JSON.stringify({ ...after, updatedAt: '' }) === JSON.stringify({ ...before, updatedAt: '' })) continue;
    db.update(payrollRows).set({ ...fields, updatedAt: author.at }).where(eq(payrollRows.id, before.id)).run();
    recorder.change(author, 'payroll_rows', before.id, 'update', after, before);
  }
  return storeTotals(ctx, ledger, computed);
}

/** The ledger's totals from its rows, written with them. */
function storeTotals(ctx: WriteContext, ledger: LedgerRecord, rows: readonly { grossFen: number; netFen: number; payableFen: number }[]): LedgerRecord {
  const after: LedgerRecord = {
    ...ledger,
    rowCount: rows.length,
    grossFen: rows.reduce((n, r) => n + r.grossFen, 0),
    deductionFen: rows.reduce((n, r) => n + r.grossFen - r.netFen, 0),
    netFen: rows.reduce((n, r) => n + r.netFen, 0),
    payableFen: rows.reduce((n, r) => n + r.payableFen, 0),
    updatedAt: ctx.author.at,
  };
  const { id: _id, ...set } = after;
  ctx.db.update(payrollLedgers).set(set).where(eq(payrollLedgers.id, ledger.id)).run();
  ctx.recorder.change(ctx.author, 'payroll_ledgers', ledger.id, 'update', after, ledger);
  return after;
}

export function insertLedger(ctx: WriteContext, ledger: LedgerRecord): void {
  ctx.db.insert(payrollLedgers).values(ledger).run();
  ctx.recorder.change(ctx.author, 'payroll_ledgers', ledger.id, 'insert', ledger);
}

/** Moves the ledger to `to` and records the step: who, in which role, when, and who signed. */
export function recordStep(ctx: WriteContext, ledger: LedgerRecord, action: LedgerAction, to: LedgerState, extra: { signer?: string; note?: string; set?: Partial<LedgerRecord> } = {}): LedgerRecord {
  const { db, recorder, author, actor } = ctx;
  const step: StepRecord = {
    id: newId(), projectId: ledger.projectId, ledgerId: ledger.id, action, fromState: action === 'generate' ? null : ledger.state, toState: to,
    byUserId: actor.userId, byName: actor.name, byRole: roleLabels[actor.role], signer: extra.signer ?? '', note: extra.note ?? '', at: author.at,
  };
  db.insert(payrollLedgerSteps).values(step).run();
  recorder.change(author, 'payroll_ledger_steps', step.id, 'insert', step);
  if (action === 'generate' || action === 'regenerate') return ledger;
  const after: LedgerRecord = { ...ledger, ...extra.set, state: to, updatedAt: author.at };
  const { id: _id, ...set } = after;
  db.update(payrollLedgers).set(set).where(eq(payrollLedgers.id, ledger.id)).run();
  recorder.change(author, 'payroll_ledgers', ledger.id, 'update', after, ledger);
  return after;
}
