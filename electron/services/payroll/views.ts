// What the screens show of the ledgers: the list, one ledger with its rows (ID and card numbers
// masked), steps, bank files, original and corrections; each row's payment as the bank reported it;
// a worker's months for the worker's page; the 班组 of a month for the 生成 dialog.
import { and, desc, eq, inArray } from 'drizzle-orm';
import { attachments, employers, payrollBankBatches, payrollLedgers, payrollPayments, payrollRows, teams } from '../../../db/schema';
import type { Db } from '../../../db/open';
import type { LedgerDetail, LedgerRow, PayrollRowView } from '../../common/contract-payroll';
import type { ParsedInput } from '../../common/contract';
import { prorationRuleLabels, type PaymentStatus } from '../../common/codes-payroll';
import { maskIdNumber } from '../../common/idnumber';
import { maskCardNumber } from '../../common/bank-card';
import { formatQuantity } from '../../common/money';
import type { ProjectActor, Services } from '../context';
import { projectWorker } from '../labour/records';
import { wageText } from '../labour/exports';
import { teamsOfMonth, workTypeName } from './compute';
import { frozenReason, ledgerRows, ledgerSteps, projectLedger, type LedgerRecord, type RowRecord } from './ledger-store';
import { daysOfMonth } from '../labour/dates';

export interface RowPayment {
  status: PaymentStatus;
  paidOn: string | null;
  voucherNo: string;
  reason: string;
}

/** Each row's payment: paid once the bank reported a success for it; else its last failure; else unpaid. */
export function paymentsOf(db: Db, rows: readonly Pick<RowRecord, 'id' | 'payableFen'>[]): Map<string, RowPayment> {
  const out = new Map<string, RowPayment>();
  const ids = rows.filter((r) => r.payableFen > 0).map((r) => r.id);
  const found = new Map<string, (typeof payrollPayments.$inferSelect)[]>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const p of db.select().from(payrollPayments).where(inArray(payrollPayments.rowId, ids.slice(i, i + 500))).orderBy(payrollPayments.createdAt).all()) {
      found.set(p.rowId, [...(found.get(p.rowId) ?? []), p]);
    }
  }
  for (const r of rows) {
    if (r.payableFen <= 0) {
      out.set(r.id, { status: 'none', paidOn: null, voucherNo: '', reason: '' });
      continue;
    }
    const list = found.get(r.id) ?? [];
    const paid = list.filter((p) => p.status === 'paid').at(-1);
    const failed = list.filter((p) => p.status === 'failed').at(-1);
    out.set(r.id, paid ? { status: 'paid', paidOn: paid.paidOn, voucherNo: paid.voucherNo, reason: '' }
      : failed ? { status: 'failed', paidOn: null, voucherNo: '', reason: failed.reason } : { status: 'unpaid', paidOn: null, voucherNo: '', reason: '' });
  }
  return out;
}

/** A ledger must be kept three years after the end of its 支付周期: the last day it may not be deleted. */
export function keepUntil(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = daysOfMonth(`${y + 3}-${String(m).padStart(2, '0')}`).at(-1)!;
  return last;
}

export function scopeNameOf(db: Db, ledger: Pick<LedgerRecord, 'teamId' | 'employerId'>): { scopeName: string; employerName: string } {
  const employerName = db.select({ name: employers.name }).from(employers).where(eq(employers.id, ledger.employerId)).get()?.name ?? '';
  const teamName = ledger.teamId ? db.select({ name: teams.name }).from(teams).where(eq(teams.id, ledger.teamId)).get()?.name ?? '' : '';
  return { scopeName: teamName || employerName, employerName };
}

export function toLedgerRow(s: Services, ledger: LedgerRecord): LedgerRow {
  const rows = s.db.select({ id: payrollRows.id, payableFen: payrollRows.payableFen, dueOn: payrollRows.dueOn }).from(payrollRows).where(eq(payrollRows.ledgerId, ledger.id)).all();
  const payments = [...paymentsOf(s.db, rows).values()];
  return {
    id: ledger.id, month: ledger.month, scope: ledger.scope, teamId: ledger.teamId, ...scopeNameOf(s.db, ledger),
    kind: ledger.kind, originalLedgerId: ledger.originalLedgerId, adjustmentReason: ledger.adjustmentReason, state: ledger.state,
    rowCount: ledger.rowCount, grossFen: ledger.grossFen, deductionFen: ledger.deductionFen, netFen: ledger.netFen, payableFen: ledger.payableFen,
    toPay: payments.filter((p) => p.status !== 'none').length, paid: payments.filter((p) => p.status === 'paid').length, failed: payments.filter((p) => p.status === 'failed').length,
    dueOn: rows.map((r) => r.dueOn).sort()[0] ?? null, createdAt: ledger.createdAt, updatedAt: ledger.updatedAt,
  };
}

export function listLedgers(s: Services, actor: ProjectActor, input: ParsedInput<'payroll.ledgers'>): LedgerRow[] {
  return s.db.select().from(payrollLedgers).where(and(
    eq(payrollLedgers.projectId, actor.projectId),
    input.month ? eq(payrollLedgers.month, input.month) : undefined,
    input.state ? eq(payrollLedgers.state, input.state) : undefined,
  )).orderBy(desc(payrollLedgers.month), payrollLedgers.scopeKey, payrollLedgers.createdAt).all().map((l) => toLedgerRow(s, l));
}

export function rowView(r: RowRecord, payment: RowPayment): PayrollRowView {
  return {
    id: r.id, workerId: r.workerId, workerNo: r.workerNo, name: r.name, idNumberMasked: maskIdNumber(r.idNumber), phone: r.phone,
    workTypeName: workTypeName(r.workType), teamName: r.teamName, payMethod: r.payMethod, wageFen: r.wageFen,
    wageText: wageText(r.payMethod, r.wageFen, r.pieceUnit), pieceUnit: r.pieceUnit,
    attendanceDays: r.attendanceDays, hoursTenths: r.hoursTenths, quantity: r.quantityMilli === null ? null : formatQuantity(r.quantityMilli),
    baseFen: r.baseFen, items: r.items, grossFen: r.grossFen, taxFen: r.taxFen, socialFen: r.socialFen,
    otherDeductionFen: r.otherDeductionFen, otherDeductionReason: r.otherDeductionReason, netFen: r.netFen,
    previousNetFen: r.previousNetFen, payableFen: r.payableFen, bankName: r.bankName, cardNoMasked: r.cardNo ? maskCardNumber(r.cardNo) : '',
    dueOn: r.dueOn, note: r.note, warnings: r.warnings, payment,
  };
}

export function ledgerDetail(s: Services, actor: ProjectActor, ledgerId: string): LedgerDetail {
  const ledger = projectLedger(s.db, actor.projectId, ledgerId);
  const rows = ledgerRows(s.db, ledger.id);
  const payments = paymentsOf(s.db, rows);
  const sheet = ledger.signedSheetAttachmentId ? s.db.select().from(attachments).where(eq(attachments.id, ledger.signedSheetAttachmentId)).get() : undefined;
  const original = ledger.originalLedgerId ? projectLedger(s.db, actor.projectId, ledger.originalLedgerId) : null;
  const adjustments = s.db.select().from(payrollLedgers).where(eq(payrollLedgers.originalLedgerId, ledger.id)).orderBy(payrollLedgers.createdAt).all();
  return {
    ledger: toLedgerRow(s, ledger),
    prorationText: `按月计薪:${prorationRuleLabels[ledger.prorationRule]}${ledger.prorationRule === 'scheduled' ? `(应出勤 ${ledger.scheduledDays} 天)` : ''},不超过月工资`,
    rows: rows.map((r) => rowView(r, payments.get(r.id)!)),
    steps: ledgerSteps(s.db, ledger.id).map((st) => ({ id: st.id, action: st.action, fromState: st.fromState, toState: st.toState, byName: st.byName, byRole: st.byRole, signer: st.signer, note: st.note, at: st.at })),
    batches: s.db.select().from(payrollBankBatches).where(eq(payrollBankBatches.ledgerId, ledger.id)).orderBy(payrollBankBatches.createdAt).all().map((b) => ({
      id: b.id, templateName: b.templateName, format: b.format, fileName: b.fileName, rowCount: b.rowCount, totalFen: b.totalFen, createdAt: b.createdAt,
      createdBy: b.createdBy, resultFileName: b.resultFileName, resultImportedAt: b.resultImportedAt, succeeded: b.succeeded, failed: b.failed,
    })),
    signedSheet: sheet ? { fileId: sheet.id, fileName: sheet.fileName } : null,
    original: original ? toLedgerRow(s, original) : null,
    adjustments: adjustments.map((l) => toLedgerRow(s, l)),
    lockedReason: frozenReason(s.db, ledger),
    keepUntil: keepUntil(ledger.month),
  };
}

/** The 班组 that had workers dispatched in the month, each with its regular ledger if there is one. */
export function monthScopes(s: Services, actor: ProjectActor, input: ParsedInput<'payroll.scopes'>) {
  const ledgers = new Map(s.db.select().from(payrollLedgers).where(and(eq(payrollLedgers.projectId, actor.projectId), eq(payrollLedgers.month, input.month), eq(payrollLedgers.kind, 'regular'))).all()
    .map((l) => [l.scopeKey, l]));
  const names = new Map(s.db.select({ id: employers.id, name: employers.name }).from(employers).where(eq(employers.projectId, actor.projectId)).all().map((e) => [e.id, e.name]));
  return teamsOfMonth(s, actor.projectId, input.month).map((t) => {
    const l = ledgers.get(t.id) ?? ledgers.get(`employer:${t.employerId}`);
    return { teamId: t.id, teamName: t.name, employerId: t.employerId, employerName: names.get(t.employerId) ?? '', ledgerId: l?.id ?? null, state: l?.state ?? null };
  });
}

/** The worker's page: each ledger row of theirs, newest month first, with its payment. */
export function workerMonths(s: Services, actor: ProjectActor, input: ParsedInput<'payroll.workerMonths'>) {
  const worker = projectWorker(s.db, actor.projectId, input.workerId);
  const found = s.db.select({ r: payrollRows, l: payrollLedgers }).from(payrollRows).innerJoin(payrollLedgers, eq(payrollLedgers.id, payrollRows.ledgerId))
    .where(eq(payrollRows.workerId, worker.id)).orderBy(desc(payrollLedgers.month), payrollLedgers.createdAt).all();
  const payments = paymentsOf(s.db, found.map(({ r }) => r));
  return found.map(({ r, l }) => ({
    ledgerId: l.id, month: l.month, kind: l.kind, state: l.state, scopeName: scopeNameOf(s.db, l).scopeName,
    attendanceDays: r.attendanceDays, grossFen: r.grossFen, netFen: r.netFen, payableFen: r.payableFen, dueOn: r.dueOn, payment: payments.get(r.id)!,
  }));
}
