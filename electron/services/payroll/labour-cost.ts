// 人工费支付台账: the 建设单位's 拨付 into the 人工费专用账户 (with the 人工费 share of the progress
// payment against the contract's minimum), the 代发 the bank reported paid from it, the account's
// balance month by month, and the reconciliation per wage month: 拨付 of the period against 代发
// against the locked ledgers' 实发. A 拨付 is never deleted: 作废 with a reason.
import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { labourCostAllocations, payrollBankBatches, payrollLedgers, payrollPayments, projects, users } from '../../../db/schema';
import type { ParsedInput } from '../../common/contract';
import type { AllocationView, LabourCostAccount } from '../../common/contract-payroll';
import { ApiError } from '../../common/errors';
import { siteDate } from '../../common/site-time';
import type { ProjectActor, Services } from '../context';
import { newId } from '../ids';
import { inTransaction } from '../write-context';
import { disbursedByMonth, monthsBetween, payrollAlerts, projectsPayroll } from './alerts';
import { payrollSettings } from './settings';
import { scopeNameOf } from './views';

type AllocationRecord = typeof labourCostAllocations.$inferSelect;

/** 人工费 ÷ 工程进度款 in hundredths of a percent, rounded down (a share just under the minimum warns). */
export function shareBp(labourCostFen: number, progressPaymentFen: number): number {
  return Number((BigInt(labourCostFen) * 10000n) / BigInt(progressPaymentFen));
}

function toView(a: AllocationRecord, names: Map<string, string>): AllocationView {
  return {
    id: a.id, paidOn: a.paidOn, period: a.period, progressPaymentFen: a.progressPaymentFen, labourCostFen: a.labourCostFen, shareBp: a.shareBp,
    minimumShareBp: a.minimumShareBp, belowMinimum: a.shareBp < a.minimumShareBp, payer: a.payer, voucherNo: a.voucherNo, note: a.note,
    createdByName: names.get(a.createdBy) ?? '', voided: a.voidedAt !== null, voidReason: a.voidReason ?? '',
  };
}

function userNames(s: Services, ids: string[]): Map<string, string> {
  if (ids.length === 0) return new Map();
  return new Map(s.db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, [...new Set(ids)])).all().map((u) => [u.id, u.name]));
}

export function addAllocation(s: Services, actor: ProjectActor, input: ParsedInput<'labourCost.addAllocation'>): AllocationView {
  if (input.paidOn > siteDate(s.clock.now())) throw new ApiError('VALIDATION', '拨付日期不能晚于今天', [{ path: 'paidOn', message: '拨付日期不能晚于今天' }]);
  const minimum = payrollSettings(s, actor.projectId).minimumShareBp;
  const row = inTransaction(s, actor, (ctx) => {
    const a: AllocationRecord = {
      id: newId(), projectId: actor.projectId, paidOn: input.paidOn, period: input.period, progressPaymentFen: input.progressPayment, labourCostFen: input.labourCost,
      shareBp: shareBp(input.labourCost, input.progressPayment), minimumShareBp: minimum, payer: input.payer, voucherNo: input.voucherNo, note: input.note,
      createdAt: ctx.author.at, createdBy: actor.userId, voidedAt: null, voidedBy: null, voidReason: null,
    };
    ctx.db.insert(labourCostAllocations).values(a).run();
    ctx.recorder.change(ctx.author, 'labour_cost_allocations', a.id, 'insert', a);
    return a;
  });
  return toView(row, userNames(s, [actor.userId]));
}

export function voidAllocation(s: Services, actor: ProjectActor, input: ParsedInput<'labourCost.voidAllocation'>): AllocationView {
  const before = s.db.select().from(labourCostAllocations).where(and(eq(labourCostAllocations.id, input.allocationId), eq(labourCostAllocations.projectId, actor.projectId))).get();
  if (!before) throw new ApiError('NOT_FOUND', '未找到该拨付记录');
  if (before.voidedAt) throw new ApiError('CONFLICT', '该拨付记录已作废');
  const after = inTransaction(s, actor, (ctx) => {
    const a = { ...before, voidedAt: ctx.author.at, voidedBy: actor.userId, voidReason: input.reason };
    ctx.db.update(labourCostAllocations).set(a).where(eq(labourCostAllocations.id, a.id)).run();
    ctx.recorder.change(ctx.author, 'labour_cost_allocations', a.id, 'update', a, before);
    return a;
  });
  return toView(after, userNames(s, [after.createdBy]));
}

export function labourCostAccount(s: Services, actor: ProjectActor): LabourCostAccount {
  const today = siteDate(s.clock.now());
  const settings = payrollSettings(s, actor.projectId);
  const allocations = s.db.select().from(labourCostAllocations).where(eq(labourCostAllocations.projectId, actor.projectId))
    .orderBy(desc(labourCostAllocations.paidOn), desc(labourCostAllocations.createdAt)).all();
  const live = allocations.filter((a) => a.voidedAt === null);

  // 代发 entries: what each bank file's imported result paid.
  const paidByBatch = s.db.select({ batchId: payrollPayments.batchId, paidOn: sql<string>`max(${payrollPayments.paidOn})`, workers: count(), fen: sql<number>`sum(${payrollPayments.amountFen})` })
    .from(payrollPayments).where(and(eq(payrollPayments.projectId, actor.projectId), eq(payrollPayments.status, 'paid'))).groupBy(payrollPayments.batchId).all();
  const batches = new Map(paidByBatch.length === 0 ? [] : s.db.select().from(payrollBankBatches).where(inArray(payrollBankBatches.id, paidByBatch.map((b) => b.batchId))).all().map((b) => [b.id, b]));
  const disbursements = paidByBatch.map((p) => {
    const b = batches.get(p.batchId)!;
    const ledger = b.ledgerId ? s.db.select().from(payrollLedgers).where(eq(payrollLedgers.id, b.ledgerId)).get() : undefined;
    return { batchId: p.batchId, paidOn: p.paidOn, month: b.month, scopeName: ledger ? scopeNameOf(s.db, ledger).scopeName : '全部班组', workers: p.workers, amountFen: p.fen, fileName: b.fileName };
  }).sort((a, b) => b.paidOn.localeCompare(a.paidOn));

  // The account by calendar month of the money's dates.
  const inByMonth = new Map<string, number>();
  for (const a of live) inByMonth.set(a.paidOn.slice(0, 7), (inByMonth.get(a.paidOn.slice(0, 7)) ?? 0) + a.labourCostFen);
  const outByMonth = new Map<string, number>();
  for (const p of s.db.select({ paidOn: payrollPayments.paidOn, fen: payrollPayments.amountFen }).from(payrollPayments)
    .where(and(eq(payrollPayments.projectId, actor.projectId), eq(payrollPayments.status, 'paid'))).all()) {
    outByMonth.set(p.paidOn.slice(0, 7), (outByMonth.get(p.paidOn.slice(0, 7)) ?? 0) + p.fen);
  }
  const moneyMonths = [...inByMonth.keys(), ...outByMonth.keys()].sort();
  let balance = 0;
  const balances = moneyMonths.length === 0 ? [] : monthsBetween(moneyMonths[0]!, today.slice(0, 7) > moneyMonths.at(-1)! ? today.slice(0, 7) : moneyMonths.at(-1)!).map((month) => {
    const allocatedFen = inByMonth.get(month) ?? 0;
    const disbursedFen = outByMonth.get(month) ?? 0;
    balance += allocatedFen - disbursedFen;
    return { month, allocatedFen, disbursedFen, balanceFen: balance };
  });

  // Per wage month: 拨付 of the period, 代发 of its ledgers, the locked ledgers' 实发 to pay.
  const ledgers = s.db.select().from(payrollLedgers).where(eq(payrollLedgers.projectId, actor.projectId)).all();
  const disbursed = disbursedByMonth(s.db, actor.projectId);
  const wageMonths = [...new Set([...ledgers.map((l) => l.month), ...live.map((a) => a.period)])].sort().reverse();
  const reconciliation = wageMonths.map((month) => {
    const mine = ledgers.filter((l) => l.month === month);
    const allocatedFen = live.filter((a) => a.period === month).reduce((n, a) => n + a.labourCostFen, 0);
    const payableFen = mine.filter((l) => l.state === 'locked').reduce((n, l) => n + l.payableFen, 0);
    const disbursedFen = disbursed.get(month) ?? 0;
    return {
      month, allocatedFen, disbursedFen, payableFen, unpaidFen: Math.max(0, payableFen - disbursedFen), differenceFen: disbursedFen - payableFen,
      lockedLedgers: mine.filter((l) => l.state === 'locked').length, openLedgers: mine.filter((l) => l.state !== 'locked').length,
    };
  });
  const names = userNames(s, allocations.map((a) => a.createdBy));
  return {
    account: { bank: settings.accountBank, accountNo: settings.accountNo, accountName: settings.accountName },
    minimumShareBp: settings.minimumShareBp,
    allocations: allocations.map((a) => toView(a, names)),
    disbursements, balances, reconciliation,
    alerts: payrollAlerts(s.db, actor.projectId, today),
  };
}

/** 监督管理查询 › 欠薪预警: per contract, what its bundles say. */
export function supervisionPayroll(s: Services, input: ParsedInput<'supervision.payroll'>) {
  const today = siteDate(s.clock.now());
  const escaped = (t: string) => `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const all = s.db.select().from(projects).where(and(
    input.name ? sql`${projects.name} like ${escaped(input.name)} escape '\\'` : undefined,
    input.station && input.station !== '全部' ? eq(projects.supervisionStation, input.station) : undefined,
  )).orderBy(projects.contractNo).all();
  const facts = projectsPayroll(s.db, all.map((p) => p.id), today);
  const rows = all.map((p) => ({ projectId: p.id, contractNo: p.contractNo, name: p.name, supervisionStation: p.supervisionStation, ...facts.get(p.id)! }))
    .filter((r) => !input.onlyAlerts || r.alerts.length > 0);
  return { total: rows.length, rows: rows.slice((input.page - 1) * input.pageSize, input.page * input.pageSize) };
}
