// The money rules of the wage ledgers (services/payroll/wage-rules.ts over common/money.ts): 按月
// proration by each rule and its cap, 计件 totals, rounding to 分 so that a ledger's rows add up to
// its total exactly, and deductions that never make 实发 negative.
import { describe, expect, it } from 'vitest';
import { allocateFen, fraction, formatQuantity, formatYuan, parseQuantity, roundFen, addFractions } from '../../electron/common/money';
import {
  deductionError, dueDate, exactWage, fitDeductions, ledgerAmounts, monthlyShare, pieceAmount, type ProrationContext, type RowInput,
} from '../../electron/services/payroll/wage-rules';
import type { WageSegment } from '../../db/schema';

const legal: ProrationContext = { rule: 'legal', scheduledDays: 26, daysInMonth: 30 };
const seg = (payMethod: WageSegment['payMethod'], wageFen: number, days: number): WageSegment => ({ contractId: `c-${payMethod}-${wageFen}`, payMethod, wageFen, pieceUnit: '', days });
const row = (segments: WageSegment[], extra: Partial<RowInput> = {}): RowInput => ({ segments, quantityMilli: null, items: [], taxFen: 0, socialFen: 0, otherDeductionFen: 0, previousNetFen: 0, ...extra });

describe('按月 wages prorated by the days worked', () => {
  it('divides by 21.75 by default (劳社部发〔2008〕3号): 10 days of 6,525.00 元 is 3,000.00 元', () => {
    expect(roundFen(exactWage([seg('monthly', 652500, 10)], null, legal))).toBe(300000);
  });

  it('never pays more than the month: 22 or 26 days under 21.75 are the whole 6,525.00 元', () => {
    expect(roundFen(exactWage([seg('monthly', 652500, 22)], null, legal))).toBe(652500);
    expect(roundFen(exactWage([seg('monthly', 652500, 26)], null, legal))).toBe(652500);
    expect(monthlyShare(30, legal)).toEqual({ num: 2175n, den: 2175n });
  });

  it('by 应出勤天数 or by calendar days when the project says so', () => {
    expect(roundFen(exactWage([seg('monthly', 520000, 13)], null, { ...legal, rule: 'scheduled', scheduledDays: 26 }))).toBe(260000);
    expect(roundFen(exactWage([seg('monthly', 600000, 10)], null, { ...legal, rule: 'calendar', daysInMonth: 30 }))).toBe(200000);
    // 7 of 31 days of 5,000.00 元 = 1,129.0322… 元, to the 分.
    expect(roundFen(exactWage([seg('monthly', 500000, 7)], null, { ...legal, rule: 'calendar', daysInMonth: 31 }))).toBe(112903);
  });

  it('adds a month split between two contracts exactly before rounding once (按日 then 按月)', () => {
    // 5 days × 350.00 + 6,525.00 × 3 / 21.75 = 1,750.00 + 900.00
    expect(roundFen(exactWage([seg('daily', 35000, 5), seg('monthly', 652500, 3)], null, legal))).toBe(265000);
  });
});

describe('计件 totals', () => {
  it('quantity × unit price, quantities to a thousandth of the unit', () => {
    expect(parseQuantity('12.5')).toBe(12500);
    expect(roundFen(pieceAmount(parseQuantity('12.5')!, 3520))).toBe(44000);
    // 0.125 × 0.33 元 = 0.04125 元 → 4 分; 1.005 × 1.00 元 = 1.005 元 → 1.01 元 (half up, exactly, no float error)
    expect(roundFen(pieceAmount(125, 33))).toBe(4);
    expect(roundFen(pieceAmount(1005, 100))).toBe(101);
    expect(formatQuantity(12500)).toBe('12.5');
    expect(formatQuantity(125)).toBe('0.125');
    expect(parseQuantity('1.2345')).toBeNull();
    expect(parseQuantity('-3')).toBeNull();
  });

  it('is paid at the last 计件 contract of the month; no quantity entered pays nothing for the pieces', () => {
    const segments = [seg('piece', 3000, 4), seg('piece', 3520, 6)];
    expect(roundFen(exactWage(segments, 10000, legal))).toBe(35200);
    expect(roundFen(exactWage(segments, null, legal))).toBe(0);
  });
});

describe('rounding to 分: the rows add up to the total', () => {
  it('gives the 分 left over by rounding each row down to the rows that lost most', () => {
    const thirds = [fraction(100, 3), fraction(100, 3), fraction(100, 3)];
    const out = allocateFen(thirds);
    expect(out.reduce((a, b) => a + b, 0)).toBe(100);
    expect(out).toEqual([34, 33, 33]);
    // Rounding each alone would give 33 × 3 = 99: one 分 lost.
    expect(thirds.map(roundFen).reduce((a, b) => a + b, 0)).toBe(99);
  });

  it('holds for any ledger: sum of rows = the exact total rounded (500 random ledgers)', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let k = 0; k < 500; k++) {
      const parts = Array.from({ length: 1 + (next() % 40) }, () => fraction(next() % 10_000_000, 1 + (next() % 2175)));
      const total = parts.reduce((a, b) => addFractions(a, b), fraction(0));
      const out = allocateFen(parts);
      expect(out.reduce((a, b) => a + b, 0)).toBe(roundFen(total));
      // No row moves by a whole 分 or more from its exact amount.
      out.forEach((fen, i) => expect(Math.abs(fen * Number(parts[i]!.den) - Number(parts[i]!.num))).toBeLessThan(Number(parts[i]!.den)));
    }
  });

  it('ledgerAmounts: three 按月 workers of 7 days each add up to the ledger total', () => {
    const ctx: ProrationContext = { rule: 'calendar', scheduledDays: 26, daysInMonth: 31 };
    const rows = [row([seg('monthly', 500000, 7)]), row([seg('monthly', 500000, 7)]), row([seg('monthly', 500000, 7)])];
    const amounts = ledgerAmounts(rows, ctx);
    // 3 × 1,129.0322… = 3,387.0967… → 3,387.10 in all; rounded alone each would be 1,129.03 (3,387.09).
    expect(amounts.map((a) => a.baseFen)).toEqual([112904, 112903, 112903]);
    expect(amounts.reduce((n, a) => n + a.netFen, 0)).toBe(338710);
  });
});

describe('deductions never make 实发 negative', () => {
  it('refuses typed deductions above 应发, with the amounts', () => {
    expect(deductionError(10000, { taxFen: 0, socialFen: 5000, otherDeductionFen: 5000 })).toBeNull();
    expect(deductionError(10000, { taxFen: 1, socialFen: 5000, otherDeductionFen: 5000 })).toBe('扣除合计 100.01 元超过应发 100.00 元:实发工资不能为负');
  });

  it('cuts them to fit a smaller 应发 after regenerating: 其他扣除 first, then 社保, then 个税', () => {
    expect(fitDeductions(10000, { taxFen: 3000, socialFen: 4000, otherDeductionFen: 5000 })).toEqual({ deductions: { taxFen: 3000, socialFen: 4000, otherDeductionFen: 3000 }, cutFen: 2000 });
    expect(fitDeductions(2000, { taxFen: 3000, socialFen: 4000, otherDeductionFen: 5000 })).toEqual({ deductions: { taxFen: 2000, socialFen: 0, otherDeductionFen: 0 }, cutFen: 10000 });
    const [a] = ledgerAmounts([row([seg('daily', 35000, 1)], { taxFen: 20000, socialFen: 20000 })], legal);
    expect(a).toMatchObject({ grossFen: 35000, netFen: 0, cutFen: 5000 });
  });

  it('a correction pays only the difference, and nothing when the worker was paid more before', () => {
    const [more, less] = ledgerAmounts([row([seg('daily', 35000, 3)], { previousNetFen: 70000 }), row([seg('daily', 35000, 1)], { previousNetFen: 70000 })], legal);
    expect(more).toMatchObject({ netFen: 105000, payableFen: 35000 });
    expect(less).toMatchObject({ netFen: 35000, payableFen: 0 });
  });

  it('adds 应发 items (加班费 …) to the wage', () => {
    const [a] = ledgerAmounts([row([seg('daily', 35000, 2)], { items: [{ name: '加班费', amountFen: 12050 }], otherDeductionFen: 50 })], legal);
    expect(a).toMatchObject({ baseFen: 70000, grossFen: 82050, netFen: 82000 });
    expect(formatYuan(a!.netFen)).toBe('820.00');
    expect(formatYuan(123456789)).toBe('1,234,567.89');
  });
});

describe('工资支付日', () => {
  it('wages of a month are due on the pay day of the next, a 31 meaning its last day', () => {
    expect(dueDate('2024-04', 15)).toBe('2024-05-15');
    expect(dueDate('2024-01', 31)).toBe('2024-02-29');
    expect(dueDate('2024-12', 10)).toBe('2025-01-10');
  });
});
