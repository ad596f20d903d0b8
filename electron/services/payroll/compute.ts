// What a ledger's rows are made of, read from the labour register: the workers of the scope who were
// registered and on site in the month (an entry overlapping it), their days from attendance
// (services/labour/attendance.ts monthRows: a team's days are the days the worker was dispatched to
// it), each present day paid under the 劳动合同 in force that day, the current 工资卡, and what the
// row must warn about. The money is wage-rules.ts's.
import { and, eq, gt, gte, inArray, isNull, lt, lte, or } from 'drizzle-orm';
import { dispatches, entries, persons, teams, workers } from '../../../db/schema';
import type { PayItem, WageSegment } from '../../../db/schema';
import { workTypes } from '../../common/codes';
import { fenToYuanText } from '../../common/money';
import type { ProrationRule } from '../../common/codes-payroll';
import { addDays } from '../../common/site-time';
import type { Services } from '../context';
import { monthRows, type SheetRow } from '../labour/attendance';
import { daysOfMonth } from '../labour/dates';
import { contractsDuring, currentWageCard, type ContractRecord } from '../labour/records';
import { dueDate, ledgerAmounts, type ProrationContext, type RowAmounts } from './wage-rules';

export interface LedgerScope {
  kind: 'team' | 'employer';
  teamId: string | null;
  employerId: string;
}

/** What a person typed into a draft row, carried over when it is recomputed. */
export interface ManualInputs {
  quantityMilli: number | null;
  items: PayItem[];
  taxFen: number;
  socialFen: number;
  otherDeductionFen: number;
  otherDeductionReason: string;
  note: string;
}

export const noManualInputs: ManualInputs = { quantityMilli: null, items: [], taxFen: 0, socialFen: 0, otherDeductionFen: 0, otherDeductionReason: '', note: '' };

/** A row as computed, before it is stored. */
export interface ComputedRow extends ManualInputs, RowAmounts {
  workerId: string;
  workerNo: string;
  name: string;
  idNumber: string;
  phone: string;
  workType: string;
  teamName: string;
  contractId: string | null;
  payMethod: 'daily' | 'monthly' | 'piece' | null;
  wageFen: number | null;
  pieceUnit: string;
  attendanceDays: number;
  hoursTenths: number;
  uncontractedDays: number;
  segments: WageSegment[];
  previousNetFen: number;
  bankName: string;
  bankCode: string;
  cardNo: string;
  dueOn: string;
  warnings: string[];
}

/** The contract a day is paid under: in force that day, the newest start winning (records.ts contractInForce). */
function contractOn(contracts: ContractRecord[], date: string): ContractRecord | undefined {
  let best: ContractRecord | undefined;
  for (const c of contracts) {
    if (c.startsOn > date || (c.endsOn !== null && c.endsOn < date) || (c.terminatedOn !== null && c.terminatedOn <= date)) continue;
    if (!best || c.startsOn > best.startsOn || (c.startsOn === best.startsOn && c.createdAt > best.createdAt)) best = c;
  }
  return best;
}

/** The workers of the scope with their month, of those registered as 作业人员 and on site during it. */
export function scopeAttendance(s: Services, projectId: string, month: string, scope: LedgerScope): SheetRow[] {
  const days = daysOfMonth(month);
  const rows = scope.kind === 'team' && scope.teamId ? monthRows(s, projectId, month, scope.teamId) : monthRows(s, projectId, month);
  if (rows.length === 0) return [];
  const onSite = new Set(s.db.selectDistinct({ id: workers.id }).from(workers)
    .innerJoin(persons, eq(persons.id, workers.personId))
    .innerJoin(entries, and(eq(entries.personId, workers.personId), eq(entries.projectId, workers.projectId)))
    .where(and(
      eq(workers.projectId, projectId),
      inArray(workers.id, rows.map((r) => r.workerId)),
      eq(persons.category, 'worker'),
      scope.kind === 'employer' ? eq(workers.employerId, scope.employerId) : undefined,
      lte(entries.enteredOn, days.at(-1)!),
      or(isNull(entries.exitedOn), gte(entries.exitedOn, days[0]!)),
    )).all().map((r) => r.id));
  return rows.filter((r) => onSite.has(r.workerId));
}

interface Person { phone: string }

/**
 * The rows of a scope's month: everyone of scopeAttendance, and anyone else `carried` names (a
 * worker of the ledger being corrected who is no longer found: a row with no days, so the
 * difference shows). `carried` gives each worker's typed inputs; `previousNet` what earlier locked
 * ledgers of the month already owed them.
 */
export function computeRows(
  s: Services, projectId: string, month: string, scope: LedgerScope, proration: { rule: ProrationRule; scheduledDays: number },
  carried: Map<string, ManualInputs>, previousNet: Map<string, number> = new Map(),
  extra: Map<string, Omit<SheetRow, 'days' | 'month'>> = new Map(),
): ComputedRow[] {
  const days = daysOfMonth(month);
  const attendance = scopeAttendance(s, projectId, month, scope);
  const found = new Set(attendance.map((r) => r.workerId));
  const sheet: SheetRow[] = [...attendance];
  for (const [workerId, row] of extra) {
    if (!found.has(workerId)) sheet.push({ ...row, month, days: days.map((date) => ({ date, present: false, minutes: 0, intervals: [], signedIn: false, firstIn: null, anomalies: [] })), attendanceDays: 0, hoursTenths: 0, anomalies: 0 });
  }
  const people = new Map<string, Person>(sheet.length === 0 ? [] : s.db.select({ id: workers.id, phone: persons.phone }).from(workers)
    .innerJoin(persons, eq(persons.id, workers.personId)).where(inArray(workers.id, sheet.map((r) => r.workerId))).all()
    .map((p) => [p.id, { phone: p.phone }]));
  const ctx: ProrationContext = { rule: proration.rule, scheduledDays: proration.scheduledDays, daysInMonth: days.length };
  const partial = sheet.map((r) => {
    const contracts = contractsDuring(s.db, r.workerId, days[0]!, days.at(-1)!);
    const segments = new Map<string, WageSegment>();
    let uncontracted = 0;
    let lastPaid: ContractRecord | undefined;
    for (const d of r.days) {
      if (!d.present) continue;
      const c = contractOn(contracts, d.date);
      if (!c) {
        uncontracted++;
        continue;
      }
      lastPaid = c;
      const seg = segments.get(c.id) ?? { contractId: c.id, payMethod: c.payMethod, wageFen: c.wageFen, pieceUnit: c.pieceUnit, days: 0 };
      seg.days++;
      segments.set(c.id, seg);
    }
    const shown = lastPaid ?? contractOn(contracts, days.at(-1)!) ?? contracts.at(-1);
    // A 计件 worker's quantity is paid at the piece contract's price even on days not counted.
    if (shown?.payMethod === 'piece' && ![...segments.values()].some((g) => g.payMethod === 'piece')) {
      segments.set(shown.id, { contractId: shown.id, payMethod: 'piece', wageFen: shown.wageFen, pieceUnit: shown.pieceUnit, days: 0 });
    }
    const manual = carried.get(r.workerId) ?? noManualInputs;
    const card = currentWageCard(s.db, r.workerId);
    const warnings: string[] = [];
    if (uncontracted > 0) warnings.push(`${uncontracted} 天出勤时没有有效的劳动合同,这些天未计工资`);
    if ([...segments.values()].some((g) => g.payMethod === 'piece') && manual.quantityMilli === null) warnings.push('计件工资:请录入本月工作量');
    if (!card) warnings.push('未登记工资卡:无法由银行代发');
    else if (!card.luhnValid) warnings.push('工资卡号未通过银联卡号校验,请核对');
    if (r.anomalies > 0) warnings.push(`本月有 ${r.anomalies} 次考勤异常未处理(补卡审批后重新生成)`);
    return {
      ...manual,
      workerId: r.workerId, workerNo: r.workerNo, name: r.name, idNumber: r.idNumber, phone: people.get(r.workerId)?.phone ?? '',
      workType: r.workType, teamName: r.teamName,
      contractId: shown?.id ?? null, payMethod: shown?.payMethod ?? null, wageFen: shown?.wageFen ?? null, pieceUnit: shown?.pieceUnit ?? '',
      attendanceDays: r.attendanceDays, hoursTenths: r.hoursTenths, uncontractedDays: uncontracted,
      segments: [...segments.values()], previousNetFen: previousNet.get(r.workerId) ?? 0,
      bankName: card?.bankName ?? '', bankCode: card?.bankCode ?? '', cardNo: card?.cardNo ?? '',
      dueOn: dueDate(month, shown?.payDay ?? 15), warnings,
    };
  });
  return withAmounts(partial, ctx);
}

/** The amounts of rows whose inputs are known: every row's wage rounded together (wage-rules.ts). */
export type RowWithoutAmounts = Omit<ComputedRow, 'baseFen' | 'grossFen' | 'netFen' | 'payableFen' | 'cutFen'>;

export function withAmounts<R extends RowWithoutAmounts>(rows: R[], ctx: ProrationContext): (R & RowAmounts)[] {
  const amounts = ledgerAmounts(rows, ctx);
  return rows.map((r, i) => {
    const a = amounts[i]!;
    const warnings = r.warnings.filter((w) => !w.startsWith('扣除超过应发') && !w.startsWith('多发'));
    if (a.cutFen > 0) warnings.push(`扣除超过应发,已少扣 ${fenToYuanText(a.cutFen)} 元,请核对`);
    if (a.netFen < r.previousNetFen) warnings.push(`多发 ${fenToYuanText(r.previousNetFen - a.netFen)} 元:此前已按更高金额支付,请与工人核对`);
    return { ...r, ...a, warnings };
  });
}

/** The 工种 of a row in words. */
export function workTypeName(code: string): string {
  return workTypes[code] ?? code;
}

/** The teams that had a worker dispatched to them on some day of the month. */
export function teamsOfMonth(s: Services, projectId: string, month: string): (typeof teams.$inferSelect)[] {
  const days = daysOfMonth(month);
  const ids = s.db.selectDistinct({ id: dispatches.teamId }).from(dispatches).where(and(
    eq(dispatches.projectId, projectId), lt(dispatches.dispatchedOn, addDays(days.at(-1)!, 1)), or(isNull(dispatches.endedOn), gt(dispatches.endedOn, days[0]!)),
  )).all().map((r) => r.id);
  if (ids.length === 0) return [];
  return s.db.select().from(teams).where(inArray(teams.id, ids)).orderBy(teams.name).all();
}

