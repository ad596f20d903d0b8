// 生成: a month's ledger per 班组 (or per 参建单位) from attendance and the 劳动合同; a draft generated
// again keeps what people typed into it (工作量, 应发项目, deductions, 备注). 补发/更正: a new ledger of
// a locked one's month and scope, recomputed from the register as it now is, paying each worker the
// difference to what the locked ledgers before it owed. Editing a draft row recomputes the whole
// ledger, so its rows keep adding up to its total.
import { and, eq, sql } from 'drizzle-orm';
import { employers, payrollLedgers, payrollRows, teams } from '../../../db/schema';
import type { ParsedInput } from '../../common/contract';
import { ledgerStateLabels } from '../../common/codes-payroll';
import { ApiError } from '../../common/errors';
import { siteDate } from '../../common/site-time';
import type { ProjectActor, Services } from '../context';
import { newId } from '../ids';
import { daysOfMonth } from '../labour/dates';
import { projectTeam } from '../labour/records';
import { inTransaction, type WriteContext } from '../write-context';
import { computeRows, teamsOfMonth, withAmounts, type LedgerScope, type ManualInputs, type RowWithoutAmounts } from './compute';
import { assertDraft, insertLedger, ledgerRows, projectLedger, recordStep, storeRows, type LedgerRecord, type RowRecord } from './ledger-store';
import { payrollSettings } from './settings';
import { deductionError } from './wage-rules';
import { ledgerDetail, toLedgerRow } from './views';

const scopeKeyOf = (scope: LedgerScope) => (scope.kind === 'team' ? scope.teamId! : `employer:${scope.employerId}`);

function manualOf(r: RowRecord): ManualInputs {
  return { quantityMilli: r.quantityMilli, items: r.items, taxFen: r.taxFen, socialFen: r.socialFen, otherDeductionFen: r.otherDeductionFen, otherDeductionReason: r.otherDeductionReason, note: r.note };
}

function regularLedger(db: Services['db'], projectId: string, month: string, scopeKey: string): LedgerRecord | undefined {
  return db.select().from(payrollLedgers).where(and(eq(payrollLedgers.projectId, projectId), eq(payrollLedgers.month, month), eq(payrollLedgers.scopeKey, scopeKey), eq(payrollLedgers.kind, 'regular'))).get();
}

/** A 班组's ledger and its 参建单位's cannot both exist for a month: a worker would be on two. */
function overlapping(s: Services, projectId: string, month: string, scope: LedgerScope): LedgerRecord | undefined {
  if (scope.kind === 'team') return regularLedger(s.db, projectId, month, `employer:${scope.employerId}`);
  return s.db.select().from(payrollLedgers).where(and(eq(payrollLedgers.projectId, projectId), eq(payrollLedgers.month, month), eq(payrollLedgers.kind, 'regular'),
    eq(payrollLedgers.scope, 'team'), eq(payrollLedgers.employerId, scope.employerId))).get();
}

function scopeLabel(s: Services, scope: LedgerScope): string {
  if (scope.teamId) return s.db.select({ name: teams.name }).from(teams).where(eq(teams.id, scope.teamId)).get()?.name ?? '';
  return s.db.select({ name: employers.name }).from(employers).where(eq(employers.id, scope.employerId)).get()?.name ?? '';
}

/** Generates (or, for a draft, generates again) one scope's regular ledger inside the write. */
function generateOne(s: Services, ctx: WriteContext, month: string, scope: LedgerScope, notices: string[]): LedgerRecord | null {
  const projectId = ctx.actor.projectId;
  const label = scopeLabel(s, scope);
  const clash = overlapping(s, projectId, month, scope);
  if (clash) {
    throw new ApiError('CONFLICT', scope.kind === 'team'
      ? `${month} 已按参建单位生成了台账,其中已包含${label}的工人;同一月份不能再按班组生成`
      : `${month} 已按班组生成了该参建单位的台账;同一月份不能再按参建单位生成`);
  }
  const settings = payrollSettings(s, projectId);
  const existing = regularLedger(ctx.db, projectId, month, scopeKeyOf(scope));
  if (existing && existing.state !== 'draft') {
    notices.push(`${label} ${month} 的台账已进入“${ledgerStateLabels[existing.state]}”,未重新生成`);
    return null;
  }
  const oldRows = existing ? ledgerRows(ctx.db, existing.id) : [];
  const carried = new Map(oldRows.map((r) => [r.workerId, manualOf(r)]));
  const rows = computeRows(s, projectId, month, scope, { rule: settings.prorationRule, scheduledDays: settings.scheduledDays }, carried);
  if (rows.length === 0 && !existing) {
    notices.push(`${label} ${month} 没有在场作业人员,未生成台账`);
    return null;
  }
  let ledger: LedgerRecord;
  if (existing) {
    ledger = { ...existing, prorationRule: settings.prorationRule, scheduledDays: settings.scheduledDays };
  } else {
    ledger = {
      id: newId(), projectId, month, scope: scope.kind, teamId: scope.teamId, employerId: scope.employerId, scopeKey: scopeKeyOf(scope),
      kind: 'regular', originalLedgerId: null, adjustmentReason: '', state: 'draft', prorationRule: settings.prorationRule, scheduledDays: settings.scheduledDays,
      rowCount: 0, grossFen: 0, deductionFen: 0, netFen: 0, payableFen: 0, signedSheetAttachmentId: null,
      createdAt: ctx.author.at, createdBy: ctx.actor.userId, updatedAt: ctx.author.at,
    };
    insertLedger(ctx, ledger);
  }
  ledger = storeRows(ctx, ledger, rows, oldRows);
  recordStep(ctx, ledger, existing ? 'regenerate' : 'generate', 'draft', { note: `${rows.length} 人` });
  notices.push(`${label} ${month}:${existing ? '已重新生成' : '已生成'},${rows.length} 人`);
  return ledger;
}

export function generateLedgers(s: Services, actor: ProjectActor, input: ParsedInput<'payroll.generate'>) {
  if (input.month > siteDate(s.clock.now()).slice(0, 7)) throw new ApiError('VALIDATION', '不能生成未来月份的工资支付台账', [{ path: 'month', message: '月份不能晚于本月' }]);
  let scopes: LedgerScope[];
  if (input.employerId) {
    const employer = s.db.select().from(employers).where(and(eq(employers.id, input.employerId), eq(employers.projectId, actor.projectId))).get();
    if (!employer) throw new ApiError('NOT_FOUND', '未找到该参建单位', [{ path: 'employerId', message: '请选择参建单位' }]);
    scopes = [{ kind: 'employer', teamId: null, employerId: employer.id }];
  } else {
    const chosen = input.teamIds ? input.teamIds.map((id) => projectTeam(s.db, actor.projectId, id)) : teamsOfMonth(s, actor.projectId, input.month);
    if (chosen.length === 0) throw new ApiError('VALIDATION', `${input.month} 没有派工到班组的工人,无法生成台账`);
    scopes = chosen.map((t) => ({ kind: 'team', teamId: t.id, employerId: t.employerId }));
  }
  const notices: string[] = [];
  const made = inTransaction(s, actor, (ctx) => scopes.map((scope) => generateOne(s, ctx, input.month, scope, notices)).filter((l): l is LedgerRecord => l !== null));
  return { ledgers: made.map((l) => toLedgerRow(s, l)), notices };
}

/** What the worker was owed for the month and scope by the locked ledgers so far (a row's 应付 adds up). */
function owedBefore(s: Services, original: LedgerRecord): Map<string, number> {
  const rows = s.db.select({ workerId: payrollRows.workerId, payable: sql<number>`sum(${payrollRows.payableFen})` }).from(payrollRows)
    .innerJoin(payrollLedgers, eq(payrollLedgers.id, payrollRows.ledgerId))
    .where(and(eq(payrollLedgers.projectId, original.projectId), eq(payrollLedgers.month, original.month), eq(payrollLedgers.scopeKey, original.scopeKey), eq(payrollLedgers.state, 'locked')))
    .groupBy(payrollRows.workerId).all();
  return new Map(rows.map((r) => [r.workerId, r.payable]));
}

/** The latest locked row of each worker for the month and scope: whose typed inputs a correction starts from. */
function latestLockedRows(s: Services, original: LedgerRecord): Map<string, RowRecord> {
  const rows = s.db.select({ r: payrollRows, at: payrollLedgers.createdAt }).from(payrollRows).innerJoin(payrollLedgers, eq(payrollLedgers.id, payrollRows.ledgerId))
    .where(and(eq(payrollLedgers.projectId, original.projectId), eq(payrollLedgers.month, original.month), eq(payrollLedgers.scopeKey, original.scopeKey), eq(payrollLedgers.state, 'locked')))
    .orderBy(payrollLedgers.createdAt).all();
  return new Map(rows.map(({ r }) => [r.workerId, r]));
}

export function createAdjustment(s: Services, actor: ProjectActor, input: ParsedInput<'payroll.createAdjustment'>) {
  const original = projectLedger(s.db, actor.projectId, input.ledgerId);
  if (original.state !== 'locked') throw new ApiError('CONFLICT', '只能对已锁定的台账补发或更正;未锁定的台账请退回草稿后直接修改');
  const base = original.kind === 'adjustment' && original.originalLedgerId ? projectLedger(s.db, actor.projectId, original.originalLedgerId) : original;
  const open = s.db.select().from(payrollLedgers).where(and(eq(payrollLedgers.originalLedgerId, base.id), sql`${payrollLedgers.state} <> 'locked'`)).get();
  if (open) throw new ApiError('CONFLICT', `该台账已有一份未锁定的补发/更正台账(${ledgerStateLabels[open.state]}),请先完成它`);
  const scope: LedgerScope = { kind: base.scope, teamId: base.teamId, employerId: base.employerId };
  const latest = latestLockedRows(s, base);
  const carried = new Map([...latest].map(([id, r]) => [id, manualOf(r)]));
  const extra = new Map([...latest].map(([id, r]) => [id, { workerId: id, workerNo: r.workerNo, name: r.name, idNumber: r.idNumber, teamName: r.teamName, workType: r.workType, attendanceDays: 0, hoursTenths: 0, anomalies: 0 }]));
  const settings = { rule: base.prorationRule, scheduledDays: base.scheduledDays };
  const id = inTransaction(s, actor, (ctx) => {
    const rows = computeRows(s, actor.projectId, base.month, scope, settings, carried, owedBefore(s, base), extra);
    const ledger: LedgerRecord = {
      ...base, id: newId(), kind: 'adjustment', originalLedgerId: base.id, adjustmentReason: input.reason, state: 'draft',
      rowCount: 0, grossFen: 0, deductionFen: 0, netFen: 0, payableFen: 0, signedSheetAttachmentId: null,
      createdAt: ctx.author.at, createdBy: actor.userId, updatedAt: ctx.author.at,
    };
    insertLedger(ctx, ledger);
    const stored = storeRows(ctx, ledger, rows, []);
    recordStep(ctx, stored, 'generate', 'draft', { note: `补发/更正 ${base.month}:${input.reason}` });
    return ledger.id;
  });
  return ledgerDetail(s, actor, id);
}

function rowInputs(r: RowRecord): RowWithoutAmounts {
  const { id: _i, projectId: _p, ledgerId: _l, createdAt: _c, updatedAt: _u, baseFen: _b, grossFen: _g, netFen: _n, payableFen: _a, ...rest } = r;
  return rest;
}

/** A draft row's 工作量, 应发项目, deductions and 备注; the ledger's amounts recomputed together. */
export function updateRow(s: Services, actor: ProjectActor, input: ParsedInput<'payroll.updateRow'>) {
  const row = s.db.select().from(payrollRows).where(and(eq(payrollRows.id, input.rowId), eq(payrollRows.projectId, actor.projectId))).get();
  if (!row) throw new ApiError('NOT_FOUND', '未找到该工资行', [{ path: 'rowId', message: '请选择工人' }]);
  const ledger = projectLedger(s.db, actor.projectId, row.ledgerId);
  assertDraft(s.db, ledger);
  const isPiece = row.segments.some((g) => g.payMethod === 'piece');
  if (input.quantity !== null && !isPiece) throw new ApiError('VALIDATION', `${row.name} 不是计件工资,不填工作量`, [{ path: 'quantity', message: '非计件工资不填工作量' }]);
  const manual: ManualInputs = {
    quantityMilli: isPiece ? input.quantity : null, items: input.items.map((i) => ({ name: i.name, amountFen: i.amount })),
    taxFen: input.tax, socialFen: input.social, otherDeductionFen: input.other, otherDeductionReason: input.otherReason, note: input.note,
  };
  const all = ledgerRows(s.db, ledger.id);
  const ctxProration = { rule: ledger.prorationRule, scheduledDays: ledger.scheduledDays, daysInMonth: daysOfMonth(ledger.month).length };
  const inputs = all.map((r) => (r.id === row.id ? { ...rowInputs(r), ...manual } : rowInputs(r)));
  const recomputed = withAmounts(inputs, ctxProration).map((r) => {
    if (r.workerId !== row.workerId) return r;
    const warnings = r.warnings.filter((w) => !w.startsWith('计件工资:请录入'));
    if (isPiece && manual.quantityMilli === null) warnings.push('计件工资:请录入本月工作量');
    return { ...r, warnings };
  });
  const edited = recomputed.find((r) => r.workerId === row.workerId)!;
  // Typed deductions are refused when they exceed 应发; only a regenerated draft has them cut to fit.
  const problem = deductionError(edited.grossFen, { taxFen: manual.taxFen, socialFen: manual.socialFen, otherDeductionFen: manual.otherDeductionFen });
  if (problem) throw new ApiError('VALIDATION', `${row.name}:${problem}`, [{ path: 'other', message: problem }]);
  inTransaction(s, actor, (ctx) => storeRows(ctx, projectLedger(ctx.db, actor.projectId, ledger.id), recomputed, all));
  return ledgerDetail(s, actor, ledger.id);
}

