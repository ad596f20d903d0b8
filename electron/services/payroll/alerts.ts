// 欠薪预警, from the synced tables only, so the central side (监督管理查询) computes the same warnings
// from a project's bundles as the site's today board: a past month with workers on site who are on
// no locked ledger; a passed 工资支付日 with wages of a locked ledger unpaid; a month whose 代发
// differs from what its locked ledgers owe; a 人工费专用账户 paying out more than was put in.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { entries, labourCostAllocations, payrollLedgers, payrollPayments, payrollRows, persons, workers } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { alertKindLabels } from '../../common/codes-payroll';
import type { PayrollAlert } from '../../common/contract-payroll';
import { formatFen } from '../../common/money';

/** How far back a missing ledger is still reported: the three years a ledger must be kept. */
const MONTHS_BACK = 36;

function monthOf(date: string): string {
  return date.slice(0, 7);
}

function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** Every month from `from` to `to`, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** Per month: the 分 the bank paid for that month's ledgers, by their payments marked 成功. */
export function disbursedByMonth(db: Db, projectId: string): Map<string, number> {
  return new Map(db.select({ month: payrollLedgers.month, fen: sql<number>`sum(${payrollPayments.amountFen})` }).from(payrollPayments)
    .innerJoin(payrollLedgers, eq(payrollLedgers.id, payrollPayments.ledgerId))
    .where(and(eq(payrollPayments.projectId, projectId), eq(payrollPayments.status, 'paid'))).groupBy(payrollLedgers.month).all().map((r) => [r.month, r.fen]));
}

/** The rows of the project's locked ledgers with what they owe and whether the bank paid them. */
function lockedRows(db: Db, projectId: string) {
  const paid = sql<number>`exists (select 1 from payroll_payments p where p.row_id = ${payrollRows.id} and p.status = 'paid')`;
  return db.select({ ledgerId: payrollLedgers.id, month: payrollLedgers.month, workerId: payrollRows.workerId, payableFen: payrollRows.payableFen, dueOn: payrollRows.dueOn, paid })
    .from(payrollRows).innerJoin(payrollLedgers, eq(payrollLedgers.id, payrollRows.ledgerId))
    .where(and(eq(payrollLedgers.projectId, projectId), eq(payrollLedgers.state, 'locked'))).all();
}

/** The project's 欠薪预警 as of `today` (a site date). */
export function payrollAlerts(db: Db, projectId: string, today: string): PayrollAlert[] {
  const alerts: PayrollAlert[] = [];
  const thisMonth = monthOf(today);
  const rows = lockedRows(db, projectId);

  // Past months with workers on site who are on no locked ledger.
  const stays = db.select({ workerId: workers.id, enteredOn: entries.enteredOn, exitedOn: entries.exitedOn }).from(entries)
    .innerJoin(workers, and(eq(workers.personId, entries.personId), eq(workers.projectId, entries.projectId)))
    .innerJoin(persons, eq(persons.id, entries.personId))
    .where(and(eq(entries.projectId, projectId), eq(persons.category, 'worker'))).all();
  const onLedger = new Set(rows.map((r) => `${r.month}\u0000${r.workerId}`));
  const ledgersOf = new Map<string, string[]>();
  for (const l of db.select({ id: payrollLedgers.id, month: payrollLedgers.month }).from(payrollLedgers).where(eq(payrollLedgers.projectId, projectId)).all()) {
    ledgersOf.set(l.month, [...(ledgersOf.get(l.month) ?? []), l.id]);
  }
  if (stays.length > 0) {
    const first = stays.reduce((m, s) => (monthOf(s.enteredOn) < m ? monthOf(s.enteredOn) : m), thisMonth);
    const from = first > addMonths(thisMonth, -MONTHS_BACK) ? first : addMonths(thisMonth, -MONTHS_BACK);
    for (const month of monthsBetween(from, addMonths(thisMonth, -1))) {
      const start = `${month}-01`;
      const end = `${month}-31`;
      const missing = new Set(stays.filter((s) => s.enteredOn <= end && (s.exitedOn === null || s.exitedOn >= start)).map((s) => s.workerId)
        .filter((w) => !onLedger.has(`${month}\u0000${w}`)));
      if (missing.size === 0) continue;
      alerts.push({
        kind: 'noLedger', month, workers: missing.size, amountFen: 0, ledgerIds: ledgersOf.get(month) ?? [],
        message: `${month} 有 ${missing.size} 名在场工人不在已锁定的工资支付台账中(${alertKindLabels.noLedger})`,
      });
    }
  }

  // A passed 工资支付日 with wages unpaid.
  const overdue = new Map<string, { workers: Set<string>; fen: number; dueOn: string; ledgerIds: Set<string> }>();
  for (const r of rows) {
    if (r.payableFen <= 0 || r.paid || r.dueOn >= today) continue;
    const o = overdue.get(r.month) ?? { workers: new Set(), fen: 0, dueOn: r.dueOn, ledgerIds: new Set() };
    o.workers.add(r.workerId);
    o.fen += r.payableFen;
    o.dueOn = r.dueOn < o.dueOn ? r.dueOn : o.dueOn;
    o.ledgerIds.add(r.ledgerId);
    overdue.set(r.month, o);
  }
  for (const [month, o] of [...overdue].sort(([a], [b]) => a.localeCompare(b))) {
    alerts.push({
      kind: 'unpaid', month, workers: o.workers.size, amountFen: o.fen, ledgerIds: [...o.ledgerIds],
      message: `${month} 工资已过支付日 ${o.dueOn},${o.workers.size} 人 ${formatFen(o.fen)} 未支付(${alertKindLabels.unpaid})`,
    });
  }

  // 代发 against what the locked ledgers owe, per month.
  const owed = new Map<string, number>();
  for (const r of rows) owed.set(r.month, (owed.get(r.month) ?? 0) + r.payableFen);
  for (const [month, fen] of disbursedByMonth(db, projectId)) {
    const due = owed.get(month) ?? 0;
    if (fen <= due) continue;
    alerts.push({
      kind: 'overpaid', month, workers: 0, amountFen: fen - due, ledgerIds: ledgersOf.get(month) ?? [],
      message: `${month} 银行代发 ${formatFen(fen)},比已锁定台账应付 ${formatFen(due)} 多 ${formatFen(fen - due)}(${alertKindLabels.overpaid})`,
    });
  }

  // The 专用账户 cannot pay out more than the 建设单位 put in.
  const allocated = db.select({ fen: sql<number>`coalesce(sum(${labourCostAllocations.labourCostFen}), 0)` }).from(labourCostAllocations)
    .where(and(eq(labourCostAllocations.projectId, projectId), isNull(labourCostAllocations.voidedAt))).get()?.fen ?? 0;
  const disbursed = [...disbursedByMonth(db, projectId).values()].reduce((a, b) => a + b, 0);
  if (disbursed > allocated) {
    alerts.push({
      kind: 'accountShort', month: thisMonth, workers: 0, amountFen: disbursed - allocated, ledgerIds: [],
      message: `人工费专用账户:代发合计 ${formatFen(disbursed)} 超过拨付合计 ${formatFen(allocated)},差 ${formatFen(disbursed - allocated)}(${alertKindLabels.accountShort})`,
    });
  }
  return alerts;
}

/** The alerts of many projects (监督管理查询), and each one's locked ledgers. */
export function projectsPayroll(db: Db, projectIds: string[], today: string) {
  const locked = projectIds.length === 0 ? [] : db.select({ projectId: payrollLedgers.projectId, month: payrollLedgers.month }).from(payrollLedgers)
    .where(and(inArray(payrollLedgers.projectId, projectIds), eq(payrollLedgers.state, 'locked'))).all();
  return new Map(projectIds.map((id) => {
    const mine = locked.filter((l) => l.projectId === id).map((l) => l.month).sort();
    return [id, { alerts: payrollAlerts(db, id, today), lockedLedgers: mine.length, lastLockedMonth: mine.at(-1) ?? null }];
  }));
}
