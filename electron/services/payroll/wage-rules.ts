// The money rules of a wage ledger, as plain functions over integer 分 and exact fractions: a
// worker's wage for the month from the days under each 劳动合同 (按日 days × 日工资; 按月 the month's
// wage prorated by the project's rule, never more than the month's; 计件 the quantity × unit price),
// the ledger's rows rounded to 分 together so that they add up to the exact total, and deductions
// that may never make 实发 negative. The tests of these rules are tests/unit/payroll-money.test.ts.
import { addFractions, allocateFen, fraction, formatYuan, type Fraction } from '../../common/money';
import type { ProrationRule } from '../../common/codes-payroll';
import type { PayItem, WageSegment } from '../../../db/schema';

/** 月计薪天数 (劳社部发〔2008〕3号): (365 − 104 weekend days) ÷ 12 = 21.75, in hundredths. */
export const LEGAL_PAY_DAYS_HUNDREDTHS = 2175;

export interface ProrationContext {
  rule: ProrationRule;
  /** 应出勤天数 of the 'scheduled' rule. */
  scheduledDays: number;
  daysInMonth: number;
}

/** The share of a month's wage earned by `days` of attendance: at most the whole month. */
export function monthlyShare(days: number, ctx: ProrationContext): Fraction {
  switch (ctx.rule) {
    case 'legal':
      return fraction(Math.min(days * 100, LEGAL_PAY_DAYS_HUNDREDTHS), LEGAL_PAY_DAYS_HUNDREDTHS);
    case 'scheduled':
      return fraction(Math.min(days, ctx.scheduledDays), ctx.scheduledDays);
    case 'calendar':
      return fraction(Math.min(days, ctx.daysInMonth), ctx.daysInMonth);
  }
}

/** 计件: quantity (thousandths of the unit) × unit price. */
export function pieceAmount(quantityMilli: number, unitPriceFen: number): Fraction {
  return fraction(BigInt(quantityMilli) * BigInt(unitPriceFen), 1000);
}

/**
 * The exact wage of a row before rounding: each 按日 or 按月 segment by its days, and the 计件
 * quantity at the unit price of the month's last 计件 contract (a quantity is entered for the
 * month, not per contract).
 */
export function exactWage(segments: readonly WageSegment[], quantityMilli: number | null, ctx: ProrationContext): Fraction {
  let total = fraction(0);
  for (const seg of segments) {
    if (seg.payMethod === 'daily') total = addFractions(total, fraction(seg.days * seg.wageFen));
    else if (seg.payMethod === 'monthly') {
      const share = monthlyShare(seg.days, ctx);
      total = addFractions(total, fraction(share.num * BigInt(seg.wageFen), share.den));
    }
  }
  const piece = segments.filter((s) => s.payMethod === 'piece').at(-1);
  if (piece && quantityMilli !== null) total = addFractions(total, pieceAmount(quantityMilli, piece.wageFen));
  return total;
}

export interface Deductions {
  taxFen: number;
  socialFen: number;
  otherDeductionFen: number;
}

export function deductionTotal(d: Deductions): number {
  return d.taxFen + d.socialFen + d.otherDeductionFen;
}

/** Why these deductions cannot stand against this 应发 (they would make 实发 negative), or null. */
export function deductionError(grossFen: number, d: Deductions): string | null {
  const total = deductionTotal(d);
  if (total <= grossFen) return null;
  return `扣除合计 ${formatYuan(total)} 元超过应发 ${formatYuan(grossFen)} 元:实发工资不能为负`;
}

/**
 * Deductions cut down to fit a smaller 应发 (after a draft is regenerated): 其他扣除 first, then 社保,
 * then 个税; what was cut is reported so the row can say so.
 */
export function fitDeductions(grossFen: number, d: Deductions): { deductions: Deductions; cutFen: number } {
  let excess = deductionTotal(d) - grossFen;
  if (excess <= 0) return { deductions: d, cutFen: 0 };
  const cutFen = excess;
  const out = { ...d };
  for (const key of ['otherDeductionFen', 'socialFen', 'taxFen'] as const) {
    const cut = Math.min(out[key], excess);
    out[key] -= cut;
    excess -= cut;
  }
  return { deductions: out, cutFen };
}

export interface RowInput extends Deductions {
  segments: WageSegment[];
  quantityMilli: number | null;
  items: PayItem[];
  previousNetFen: number;
}

export interface RowAmounts extends Deductions {
  baseFen: number;
  grossFen: number;
  netFen: number;
  payableFen: number;
  cutFen: number;
}

/**
 * The amounts of every row of a ledger, together: the wages rounded so that their sum is the exact
 * total rounded (allocateFen), 应发 with the row's items, deductions fitted to it, 实发, and what is
 * to pay (实发 less what earlier ledgers paid for the month; a negative difference pays nothing).
 */
export function ledgerAmounts(rows: readonly RowInput[], ctx: ProrationContext): RowAmounts[] {
  const bases = allocateFen(rows.map((r) => exactWage(r.segments, r.quantityMilli, ctx)));
  return rows.map((r, i) => {
    const baseFen = bases[i]!;
    const grossFen = baseFen + r.items.reduce((n, item) => n + item.amountFen, 0);
    const { deductions, cutFen } = fitDeductions(grossFen, { taxFen: r.taxFen, socialFen: r.socialFen, otherDeductionFen: r.otherDeductionFen });
    const netFen = grossFen - deductionTotal(deductions);
    return { baseFen, grossFen, ...deductions, netFen, payableFen: Math.max(0, netFen - r.previousNetFen), cutFen };
  });
}

/** The day of a month a 工资支付日 falls on (31: the month's last day, whatever its length). */
export function payDayIn(month: string, payDay: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(Math.min(payDay, last)).padStart(2, '0')}`;
}

/** The month after YYYY-MM. */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The wages of month M are due on the 工资支付日 of month M + 1. */
export function dueDate(month: string, payDay: number): string {
  return payDayIn(nextMonth(month), payDay);
}
