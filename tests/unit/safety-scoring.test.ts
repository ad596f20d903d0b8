// The JGJ 59-2011 scoring rules with worked examples: the zero rule (保证项目小计 under 40, one
// 保证项目 at 0), 缺项 inside a table and of a whole 分项, the three group means, the thresholds at
// exactly 70 and 80 (compared unrounded), and the example of site-modules.md (81.78 优良; the same
// with 施工用电 at 0: 72.89 不合格).
import { describe, expect, it } from 'vitest';
import { ruleLibrary } from '../../electron/services/rules/library';
import { Ratio, scoreSheet, scoreSummary, scoreTableTotals, type TableScore } from '../../electron/common/safety/jgj59-scoring';
import type { Jgj59Table } from '../../electron/common/rules/jgj59';

const library = ruleLibrary();
const summary = library.only('jgj59.summary').data;
const tables = new Map(library.all('jgj59.table').map((f) => [f.data.name, f.data]));
const table = (name: string): Jgj59Table => tables.get(name)!;

/** A table that scored `score` out of 100 with nothing missing (保证 and 一般 in proportion that keeps the zero rule quiet). */
function scored(name: string, score: number): TableScore {
  const t = table(name);
  const split = t.items.some((i) => i.group !== undefined);
  const exact = Ratio.parse(String(score))!;
  if (!split) return scoreTableTotals(t, { guaranteed: null, general: { got: exact, max: Ratio.of(100) }, zeroGuaranteedItems: 0 }, summary);
  // Deductions taken from the 一般项目 first, then the 保证项目.
  const lost = Ratio.of(100).sub(exact);
  const fromGeneral = lost.min(Ratio.of(40));
  const general = Ratio.of(40).sub(fromGeneral);
  const guaranteed = Ratio.of(60).sub(lost.sub(fromGeneral));
  return scoreTableTotals(t, { guaranteed: { got: guaranteed, max: Ratio.of(60) }, general: { got: general, max: Ratio.of(40) }, zeroGuaranteedItems: 0 }, summary);
}

/** The example of site-modules.md: every table as given, no 施工升降机, no crane at all. */
function example(powerGuaranteed = 60): TableScore[] {
  const power = table('施工用电');
  return [
    scored('安全管理', 80), scored('文明施工', 84), scored('扣件式钢管脚手架', 82), scored('悬挑式脚手架', 76),
    scored('基坑工程', 85), scored('模板支架', 85), scored('高处作业', 82),
    powerGuaranteed === 60 ? scored('施工用电', 80)
      : scoreTableTotals(power, { guaranteed: { got: Ratio.of(powerGuaranteed), max: Ratio.of(60) }, general: { got: Ratio.of(20), max: Ratio.of(40) }, zeroGuaranteedItems: 0 }, summary),
    scored('物料提升机', 78), scored('施工机具', 82),
  ];
}

describe('the worked example of site-modules.md', () => {
  it('scores 81.78, 优良: ΣA1 73.6 over 90 (no crane, 脚手架 the mean of 82 and 76)', () => {
    const result = scoreSummary(summary, example());
    expect(result.pointsTotal.toNumber()).toBeCloseTo(73.6, 12);
    expect(result.pointsTotal.cmp(Ratio.parse('73.6')!)).toBe(0);
    expect(result.inspectedWeight).toBe(90);
    expect(result.totalText).toBe('81.78');
    expect(result.grade).toBe('优良');
    expect(result.zeroTables).toEqual([]);
    const item = (name: string) => result.items.find((i) => i.name === name)!;
    expect(item('脚手架')).toMatchObject({ score: 79, points: 7.9, missing: false });
    expect(item('文明施工')).toMatchObject({ score: 84, points: 12.6 });
    expect(item('物料提升机与施工升降机')).toMatchObject({ score: 78, points: 7.8 });
    expect(item('塔式起重机与起重吊装')).toMatchObject({ missing: true, score: null, points: null });
    expect(item('施工机具')).toMatchObject({ weight: 5, score: 82, points: 4.1 });
    expect(result.explanations).toContain('脚手架:扣件式钢管脚手架 82、悬挑式脚手架 76,取算术平均值 79');
    expect(result.explanations).toContain('塔式起重机与起重吊装:本工地无此分项,缺项(满分 10 分不计入)');
    expect(result.explanations).toContain('汇总表得分:ΣA1 73.60 ÷ 检查分项满分合计 90 × 100 = 81.78');
    expect(result.explanations).toContain('评定等级:优良(无零分表,总分 81.78 ≥ 80)');
  });

  it('with 施工用电 保证项目小计 38 that table scores 0 and the total 72.89 is 不合格', () => {
    const result = scoreSummary(summary, example(38));
    expect(result.totalText).toBe('72.89');
    expect(result.grade).toBe('不合格');
    expect(result.zeroTables).toEqual(['施工用电']);
    expect(result.items.find((i) => i.name === '施工用电')).toMatchObject({ score: 0, points: 0 });
    expect(result.explanations).toContain('施工用电:保证项目小计 38 < 40,本表不得分');
    expect(result.explanations).toContain('评定等级:不合格(施工用电检查评分表为零分)');
  });
});

describe('the zero rule', () => {
  const power = table('施工用电');

  it('a 保证项目小计 under 40 scores the table 0; exactly 40 does not', () => {
    const at = (g: number) => scoreTableTotals(power, { guaranteed: { got: Ratio.of(g), max: Ratio.of(60) }, general: { got: Ratio.of(40), max: Ratio.of(40) }, zeroGuaranteedItems: 0 }, summary);
    expect(at(39)).toMatchObject({ zero: true, score: 0 });
    expect(at(39).explanations).toEqual(['施工用电:保证项目小计 39 < 40,本表不得分']);
    expect(at(40)).toMatchObject({ zero: false, score: 80 });
    expect(at(Number('39.5'))).toMatchObject({ zero: true });
  });

  it('one 保证项目 at 0 scores the table 0 even with a high subtotal, from items as from totals', () => {
    // 外电防护 (10) wholly deducted: 保证项目小计 50, but one 保证项目 scored 0.
    const sheet = scoreSheet(power, { missingItems: [], deductions: [{ itemNo: 1, points: 10 }] }, summary);
    expect(sheet.guaranteed!.got.toNumber()).toBe(50);
    expect(sheet).toMatchObject({ zero: true, score: 0, zeroItems: ['外电防护'] });
    expect(sheet.explanations).toEqual(['施工用电:保证项目“外电防护”得 0 分,本表不得分']);
    const totals = scoreTableTotals(power, { guaranteed: { got: Ratio.of(50), max: Ratio.of(60) }, general: { got: Ratio.of(40), max: Ratio.of(40) }, zeroGuaranteedItems: 1 }, summary);
    expect(totals).toMatchObject({ zero: true, score: 0 });
    // A 一般项目 at 0 is no zero rule.
    const general = scoreSheet(power, { missingItems: [], deductions: [{ itemNo: 7, points: 10 }] }, summary);
    expect(general).toMatchObject({ zero: false, score: 90 });
  });

  it('an item is never deducted below 0, whatever was entered against it', () => {
    const t = table('安全管理');
    const sheet = scoreSheet(t, { missingItems: [], deductions: [{ itemNo: 7, points: 10 }, { itemNo: 7, points: 5 }] }, summary);
    expect(sheet.items!.find((i) => i.no === 7)).toMatchObject({ deducted: 10, score: 0, capped: true });
    expect(sheet.score).toBe(90);
  });
});

describe('缺项', () => {
  it('inside a table: Σ实得 / Σ应得 of what was inspected × 100', () => {
    // 扣件式: 通道 (5) does not exist; 6 points deducted elsewhere → 89 / 95 × 100.
    const t = table('扣件式钢管脚手架');
    const sheet = scoreSheet(t, { missingItems: [11], deductions: [{ itemNo: 7, points: 4 }, { itemNo: 2, points: 2 }] }, summary);
    expect(sheet.exact.cmp(new Ratio(8900n, 95n))).toBe(0);
    expect(sheet.score).toBeCloseTo(93.684210526, 8);
    expect(sheet.explanations).toEqual(['扣件式钢管脚手架:缺项 通道(5分),按 实得 89 ÷ 应得 95 × 100 = 93.68 换算']);
  });

  it('among the 保证项目: the 小计 is converted to 60 before it is compared with 40', () => {
    const t = table('塔式起重机');
    // 多塔作业 (10) does not exist on a one-crane site: 保证项目 应得 50.
    const ok = scoreSheet(t, { missingItems: [5], deductions: [{ itemNo: 2, points: 6 }, { itemNo: 3, points: 8 }] }, summary);
    expect(ok.guaranteed!.got.toNumber()).toBe(36); // 36 / 50 × 60 = 43.2 ≥ 40
    expect(ok.zero).toBe(false);
    expect(ok.exact.cmp(new Ratio(7600n, 90n))).toBe(0);
    const low = scoreSheet(t, { missingItems: [5], deductions: [{ itemNo: 2, points: 6 }, { itemNo: 3, points: 8 }, { itemNo: 6, points: 4 }] }, summary);
    expect(low.zero).toBe(true); // 32 / 50 × 60 = 38.4 < 40
    expect(low.explanations).toEqual(['塔式起重机:保证项目小计 32(应得 50,折合 38.40) < 40,本表不得分']);
  });

  it('of a whole 分项: its 满分 leaves the denominator; a table with every item missing counts as unused', () => {
    const only = scoreSummary(summary, [scored('安全管理', 90), scored('施工机具', 60)]);
    // (9 + 3) / 15 × 100 = 80
    expect(only.inspectedWeight).toBe(15);
    expect(only.totalText).toBe('80.00');
    expect(only.grade).toBe('优良');
    const t = table('施工机具');
    const none = scoreSheet(t, { missingItems: t.items.map((i) => i.no), deductions: [] }, summary);
    expect(none.inspected).toBe(false);
    const withNone = scoreSummary(summary, [scored('安全管理', 90), none]);
    expect(withNone.items.find((i) => i.name === '施工机具')!.missing).toBe(true);
    expect(withNone.total).toBe(90);
    expect(scoreSummary(summary, [])).toMatchObject({ total: null, grade: null });
  });
});

describe('the group means', () => {
  it('脚手架: the mean of the scaffold tables in use', () => {
    const r = scoreSummary(summary, [scored('门式钢管脚手架', 90), scored('满堂脚手架', 80), scored('高处作业吊篮', 70)]);
    expect(r.items.find((i) => i.name === '脚手架')).toMatchObject({ score: 80, points: 8 });
  });

  it('物料提升机与施工升降机: the mean of the two, or the one used', () => {
    const both = scoreSummary(summary, [scored('物料提升机', 77), scored('施工升降机', 84)]);
    expect(both.items.find((i) => i.name === '物料提升机与施工升降机')).toMatchObject({ score: 80.5, points: 8.05 });
    const one = scoreSummary(summary, [scored('施工升降机', 84)]);
    expect(one.items.find((i) => i.name === '物料提升机与施工升降机')).toMatchObject({ score: 84, points: 8.4 });
  });

  it('塔式起重机与起重吊装: the mean, a table at 0 counted as 0 and making the grade 不合格', () => {
    const crane = table('塔式起重机');
    const zero = scoreTableTotals(crane, { guaranteed: { got: Ratio.of(30), max: Ratio.of(60) }, general: { got: Ratio.of(40), max: Ratio.of(40) }, zeroGuaranteedItems: 0 }, summary);
    const r = scoreSummary(summary, [zero, scored('起重吊装', 90), scored('安全管理', 100)]);
    expect(r.items.find((i) => i.name === '塔式起重机与起重吊装')).toMatchObject({ score: 45, points: 4.5 });
    expect(r.zeroTables).toEqual(['塔式起重机']);
    expect(r.grade).toBe('不合格');
  });
});

describe('the thresholds, compared unrounded', () => {
  it('exactly 80 is 优良 and exactly 70 合格; just under each is the grade below', () => {
    expect(scoreSummary(summary, [scored('安全管理', 80)])).toMatchObject({ totalText: '80.00', grade: '优良' });
    expect(scoreSummary(summary, [scored('安全管理', 70)])).toMatchObject({ totalText: '70.00', grade: '合格' });
    expect(scoreSummary(summary, [scored('安全管理', 69)]).grade).toBe('不合格');
    // 79.995… shows as 80.00 but is under 80: 合格, and the explanation shows the digits that decide.
    const justUnder = scoreSummary(summary, [
      scoreTableTotals(table('安全管理'), { guaranteed: { got: Ratio.of(60), max: Ratio.of(60) }, general: { got: new Ratio(199955n, 10000n), max: Ratio.of(40) }, zeroGuaranteedItems: 0 }, summary),
    ]);
    expect(justUnder.totalText).toBe('80.00');
    expect(justUnder.grade).toBe('合格');
    expect(justUnder.explanations).toContain('评定等级:合格(无零分表,70 ≤ 总分 79.996 < 80)');
  });

  it('a total that floating point would put a hair under 80 is exactly 80 here, 优良', () => {
    const scores: [string, number][] = [
      ['安全管理', 89.5], ['扣件式钢管脚手架', 71], ['基坑工程', 99.8], ['模板支架', 61.6], ['高处作业', 64],
      ['文明施工', 94.8], ['施工用电', 77.9], ['物料提升机', 68.5], ['塔式起重机', 85.5],
    ];
    const weight = (name: string) => summary.items.find((i) => i.tables.includes(table(name).table))!.weight;
    // The same sum in binary floating point: 79.99999999999999.
    const float = scores.reduce((n, [name, s]) => n + (weight(name) * s) / 100, 0) / 95 * 100;
    expect(float).toBeLessThan(80);
    const r = scoreSummary(summary, scores.map(([name, s]) => scored(name, s)));
    expect(r.exactTotal!.cmp(Ratio.of(80))).toBe(0);
    expect(r.totalText).toBe('80.00');
    expect(r.grade).toBe('优良');
  });

  it('a total of 72 with one table at 0 is 不合格', () => {
    const power = scoreTableTotals(table('施工用电'), { guaranteed: { got: Ratio.of(30), max: Ratio.of(60) }, general: { got: Ratio.of(40), max: Ratio.of(40) }, zeroGuaranteedItems: 0 }, summary);
    const r = scoreSummary(summary, [scored('安全管理', 100), scored('文明施工', 100), scored('基坑工程', 100), scored('模板支架', 100), scored('高处作业', 100), scored('施工机具', 100), scored('扣件式钢管脚手架', 100), power, scored('物料提升机', 100), scored('塔式起重机', 20)]);
    expect(r.total).toBeGreaterThan(70);
    expect(r.grade).toBe('不合格');
  });
});
