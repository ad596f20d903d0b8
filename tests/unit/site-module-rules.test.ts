// The rules of 建材管理 and 质量标准化 as plain functions, against the shipped rule tables: concrete
// samples from the pour records, rebar per 60 t, the witnessed share against 30 %, when a result is
// due; GB 50300 表3.0.9's minimum sample, the judgement of a lot (主控 all, 一般 at the pass rate, no
// 严重缺陷, sample sizes), and who signs each level (the extra 勘察 / 设计 of a 分部).
import { describe, expect, it } from 'vitest';
import { ruleLibrary } from '../../electron/services/rules/library';
import { batchGroupsRequired, concreteGroupsRequired, concreteRequirement, resultStatus, witnessShare } from '../../electron/services/materials/frequency';
import { judgeLot, minimumSampleOf, type JudgedItem } from '../../electron/services/quality/judgement';
import { acceptanceSigners } from '../../electron/services/quality/acceptances';
import { withinTolerance, passRate } from '../../electron/services/quality/measurements';
import { monthlyDueOn, monthsBetween, nextNumber } from '../../electron/services/supervision-reports/rules';

const frequency = ruleLibrary().only('materials.frequency').data;
const acceptance = ruleLibrary().only('quality.acceptance').data;

describe('sampling frequency (rules/materials/sampling-frequency.json)', () => {
  it('concrete: one group per 100 m³ of one mix, at least one per shift and storey; per 200 m³ once a pour exceeds 1,000 m³', () => {
    const c = frequency.concrete;
    expect([0.5, 99.99, 100, 100.01, 250, 1000, 1000.01, 1100, 2000].map((v) => concreteGroupsRequired(v, c))).toEqual([1, 1, 1, 2, 3, 10, 6, 6, 10]);
  });

  it('pours of one mix on one shift of one storey count together; another shift, storey or mix is a group of its own', () => {
    const pours = [
      { id: 'a', pouredOn: '2020-02-17', shift: 'day', storey: '3层', mix: 'C30', volume: 60 },
      { id: 'b', pouredOn: '2020-02-17', shift: 'day', storey: '3层', mix: 'C30', volume: 60 },
      { id: 'c', pouredOn: '2020-02-17', shift: 'night', storey: '3层', mix: 'C30', volume: 10 },
      { id: 'd', pouredOn: '2020-02-17', shift: 'day', storey: '3层', mix: 'C35', volume: 10 },
      { id: 'e', pouredOn: '2020-02-17', shift: 'day', storey: '4层', mix: 'C30', volume: 10 },
    ];
    expect(concreteRequirement(pours, frequency.concrete).map((g) => [g.mix, g.shift, g.storey, g.volume, g.pourIds, g.required])).toEqual([
      ['C30', 'day', '3层', 120, ['a', 'b'], 2],
      ['C30', 'night', '3层', 10, ['c'], 1],
      ['C30', 'day', '4层', 10, ['e'], 1],
      ['C35', 'day', '3层', 10, ['d'], 1],
    ]);
  });

  it('rebar: one group per batch of at most 60 t of one grade, heat and size', () => {
    const rebar = frequency.batches.find((b) => b.materialType === 'rebar')!;
    expect([1, 59.99, 60, 60.01, 120, 121].map((q) => batchGroupsRequired(q, rebar))).toEqual([1, 1, 1, 2, 2, 3]);
  });
});

describe('the witnessed share against its setting (30 % by default)', () => {
  it('is compared unrounded: 3 of 10 meets 30 %, 2 of 7 (28.6 %) does not, nothing required is nothing short', () => {
    const setting = ruleLibrary().only('materials.witness').data.witnessShare;
    expect(setting).toBe(30);
    expect(witnessShare(3, 10, setting)).toEqual({ share: 30, meets: true });
    expect(witnessShare(2, 7, setting)).toEqual({ share: 28.6, meets: false });
    expect(witnessShare(1, 3, setting)).toEqual({ share: 33.3, meets: true });
    expect(witnessShare(299, 1000, setting)).toEqual({ share: 29.9, meets: false });
    expect(witnessShare(0, 0, setting)).toEqual({ share: null, meets: true });
  });

  it('28-day results: pending, due within three days, overdue the day after', () => {
    expect(resultStatus('2020-03-16', false, '2020-03-10')).toBe('pending');
    expect(resultStatus('2020-03-16', false, '2020-03-13')).toBe('due');
    expect(resultStatus('2020-03-16', false, '2020-03-16')).toBe('due');
    expect(resultStatus('2020-03-16', false, '2020-03-17')).toBe('overdue');
    expect(resultStatus('2020-03-16', true, '2020-04-01')).toBe('reported');
    expect(resultStatus(null, false, '2020-04-01')).toBe('pending');
  });
});

const item = (group: 'main' | 'general', sampled: number, qualified: number, extra: Partial<JudgedItem> = {}): JudgedItem => ({
  group, no: 1, name: group === 'main' ? '受力钢筋' : '钢筋间距', fullCheck: false, minimumSample: null, sampled, qualified, severeDefect: false, requiredRate: null, ...extra,
});

describe('GB 50300: sample sizes and the judgement of a 检验批', () => {
  it('表3.0.9: the least a lot is sampled by its capacity, never more than the lot', () => {
    const t = acceptance.sampleTable;
    expect([1, 2, 15, 16, 25, 26, 90, 91, 150, 151, 280, 281, 500, 501, 1200, 1201, 3200, 5000].map((c) => minimumSampleOf(c, t)))
      .toEqual([1, 2, 2, 3, 3, 5, 5, 8, 8, 13, 13, 20, 20, 32, 32, 50, 50, 50]);
  });

  it('主控项目 all pass; 一般项目 at the pass rate (80 %, compared unrounded); a 严重缺陷 fails whatever the rate', () => {
    const rules = acceptance;
    expect(judgeLot([item('main', 5, 5), item('general', 10, 8)], 30, rules)).toMatchObject({ passed: true, mainPassed: true, generalRate: 80, reasons: [] });
    expect(judgeLot([item('main', 5, 4), item('general', 10, 10)], 30, rules)).toMatchObject({ passed: false, mainPassed: false, reasons: ['主控项目第1项“受力钢筋”不合格(4/5),主控项目须全部合格'] });
    expect(judgeLot([item('main', 5, 5), item('general', 9, 7)], 30, rules)).toMatchObject({ passed: false, reasons: ['一般项目第1项“钢筋间距”合格点率 77.8% 低于 80%'] });
    expect(judgeLot([item('main', 5, 5), item('general', 10, 10, { severeDefect: true })], 30, rules).reasons).toEqual(['一般项目第1项“钢筋间距”有严重缺陷']);
    // A specialty code's own rate for the item.
    expect(judgeLot([item('main', 5, 5), item('general', 10, 8, { requiredRate: 90 })], 30, rules).passed).toBe(false);
    expect(judgeLot([item('general', 10, 10)], 30, rules).reasons).toEqual(['没有主控项目']);
  });

  it('a sample below the minimum fails: the table, the specialty code\'s own minimum, 全数检查', () => {
    const rules = acceptance;
    expect(judgeLot([item('main', 4, 4), item('general', 5, 5)], 30, rules).reasons).toEqual(['主控项目第1项“受力钢筋”抽样 4 个,少于最小抽样数量 5']);
    expect(judgeLot([item('main', 5, 5, { minimumSample: 8 }), item('general', 5, 5)], 30, rules).reasons).toEqual(['主控项目第1项“受力钢筋”抽样 5 个,少于最小抽样数量 8']);
    expect(judgeLot([item('main', 29, 29, { fullCheck: true }), item('general', 5, 5)], 30, rules).reasons).toEqual(['主控项目第1项“受力钢筋”须全数检查 29 个,少于检验批容量 30']);
    expect(judgeLot([item('main', 30, 30, { fullCheck: true }), item('general', 5, 5)], 30, rules).passed).toBe(true);
  });
});

describe('who signs each level (GB 50300 第6.0.1~6.0.3条, rules/gb50300-2013/acceptance.json)', () => {
  it('检验批 and 分项 by the 专业监理工程师 last; a 分部 by the 总监 last, with 勘察 and 设计 for 地基与基础, 设计 for 主体结构 and 建筑节能', () => {
    expect(acceptance.signatures.lot).toEqual(['quality_inspector', 'foreman', 'supervision_engineer']);
    expect(acceptanceSigners(acceptance, 'subitem', '020102')).toEqual(['specialty_technical_lead', 'supervision_engineer']);
    expect(acceptanceSigners(acceptance, 'division', '01')).toEqual(['project_manager', 'technical_lead', 'survey_lead', 'design_lead', 'chief_supervisor']);
    expect(acceptanceSigners(acceptance, 'division', '02')).toEqual(['project_manager', 'technical_lead', 'design_lead', 'chief_supervisor']);
    expect(acceptanceSigners(acceptance, 'division', '09')).toEqual(['project_manager', 'technical_lead', 'design_lead', 'chief_supervisor']);
    expect(acceptanceSigners(acceptance, 'division', '03')).toEqual(['project_manager', 'technical_lead', 'chief_supervisor']);
  });
});

describe('实测实量 and the 监理报告 calendar', () => {
  it('a point is within its tolerance inclusive; the pass rate against its setting', () => {
    expect([-5, -5.01, 10, 10.01, 0].map((v) => withinTolerance(v, -5, 10))).toEqual([true, false, true, false, true]);
    expect(passRate(8, 10, 80)).toEqual({ rate: 80, meets: true });
    expect(passRate(7, 9, 80)).toEqual({ rate: 77.8, meets: false });
  });

  it('a month\'s 月报 is due on the rule\'s day of the next month; numbers run per year', () => {
    expect(monthlyDueOn('2020-02', 5)).toBe('2020-03-05');
    expect(monthlyDueOn('2020-12', 5)).toBe('2021-01-05');
    expect(monthsBetween('2019-11', '2020-02')).toEqual(['2019-11', '2019-12', '2020-01', '2020-02']);
    expect(nextNumber([], '监通', '2020')).toBe('监通〔2020〕001');
    expect(nextNumber(['监通〔2020〕001', '监通〔2020〕007', '监通〔2019〕012'], '监通', '2020')).toBe('监通〔2020〕008');
  });
});
