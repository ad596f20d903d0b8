// 检查评分 through the services on a real SQLite file: the example of site-modules.md entered as a
// user enters it (81.78 优良, and 72.89 不合格 once 施工用电 loses its 保证项目), 缺项, the rules of a
// deduction, the signatures 提交 → 监理审核 → 建设审核 → 锁定 with a signed record that never
// changes, revisions, a corrected table that leaves old scores on their edition, and every write
// recorded in the outbox and the audit trail.
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf, MANAGER, snapshot } from '../support/app';
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

describe('signatures, immutability and revisions', () => {
  it('提交 → 监理审核 → 建设审核 → 锁定 in order, each signer stored with their role; the 项目经理 locks', async () => {
    site = await openSafetySite();
    const view = await scoreExample(site);
    const id = view.id;
    // Not out of order.
    expect((await errorOf(() => site!.t.call('safety.review', { id, step: 'supervisor_reviewed', signerName: '赵总监', opinion: '同意', signedOn: '2020-02-17' }, site!.token))).message).toMatch(/草稿,不能监理审核/);
    const submitted = await site.t.call('safety.submit', { id, ...sign }, site.operator);
    expect(submitted).toMatchObject({ state: 'submitted', stateLabel: '已提交', editable: false });
    // Signed: the record no longer changes.
    const sheet = submitted.sheets[0]!;
    const before = snapshot(site.t.app);
    for (const [command, input] of [
      ['safety.addDeduction', { sheetId: sheet.id, itemNo: 7, lineNo: 1, perPoints: 10, quantity: 1, note: '' }],
      ['safety.removeDeduction', { id: sheet.deductions[0]!.id }],
      ['safety.setMissingItems', { sheetId: sheet.id, missingItems: [] }],
      ['safety.setTables', { id, tables: ['B.1'] }],
    ] as const) {
      const e = await errorOf(() => site!.t.call(command, input as never, site!.token));
      expect(e.code).toBe('CONFLICT');
      expect(e.message).toMatch(/已签字的记录不能修改/);
    }
    expect(snapshot(site.t.app)).toEqual(before);
    await site.t.call('safety.review', { id, step: 'supervisor_reviewed', signerName: '赵总监', opinion: '同意', signedOn: '2020-02-17' }, site.operator);
    await site.t.call('safety.review', { id, step: 'owner_reviewed', signerName: '钱建设', opinion: '同意', signedOn: '2020-02-17' }, site.operator);
    // 锁定 is the 项目负责人's.
    expect((await errorOf(() => site!.t.call('safety.lock', { id, opinion: '', signedOn: '2020-02-17' }, site!.operator))).code).toBe('FORBIDDEN');
    const locked = await site.t.call('safety.lock', { id, opinion: '确认', signedOn: '2020-02-17' }, site.token);
    expect(locked.state).toBe('locked');
    expect(locked.signatures.map((g) => [g.stepLabel, g.signerName, g.signerRole])).toEqual([
      ['提交', '王建国', '检查人'], ['监理审核', '赵总监', '总监理工程师'], ['建设审核', '钱建设', '建设单位项目负责人'], ['锁定', '王建国', '项目经理'],
    ]);
    // The result stored at 提交 is what lists and the central side show.
    const [row] = (await site.t.call('safety.assessments', {}, site.token)).rows;
    expect(row).toMatchObject({ id, totalText: '81.78', grade: '优良', stateLabel: '已锁定', superseded: false });
  });

  it('a correction of a signed record is a new revision: a draft copy pointing at it; the old one keeps its signatures and score', async () => {
    site = await openSafetySite();
    const view = await scoreExample(site);
    await site.t.call('safety.submit', { id: view.id, ...sign }, site.token);
    expect((await errorOf(() => site!.t.call('safety.revise', { id: view.id, reason: '' }, site!.token))).code).toBe('VALIDATION');
    const revision = await site.t.call('safety.revise', { id: view.id, reason: '施工用电扣分漏记' }, site.token);
    expect(revision).toMatchObject({ revision: 2, revisionOf: view.id, revisionReason: '施工用电扣分漏记', state: 'draft', editable: true });
    expect(revision.score.totalText).toBe('81.78');
    expect(revision.sheets.map((sh) => sh.edition.id)).toEqual(view.sheets.map((sh) => sh.edition.id));
    const old = await site.t.call('safety.assessment', { id: view.id }, site.token);
    expect(old).toMatchObject({ supersededBy: revision.id, editable: false, state: 'submitted' });
    // Nothing more is signed on the replaced one; only the newest appears as current.
    expect((await errorOf(() => site!.t.call('safety.review', { id: view.id, step: 'supervisor_reviewed', signerName: '赵总监', opinion: '同意', signedOn: '2020-02-17' }, site!.token))).message).toMatch(/已被修订版取代/);
    expect((await site.t.call('safety.assessments', {}, site.token)).rows.map((r) => r.id)).toEqual([revision.id]);
    expect((await site.t.call('safety.assessments', { current: false }, site.token)).total).toBe(2);
    // A second monthly 自评 for the month is refused: the revision is the way.
    expect((await errorOf(() => site!.t.call('safety.createAssessment', { kind: 'monthly', checkedOn: '2020-02-17', inspector: '王建国', subject: '', tables: ['B.1'] }, site!.token))).message).toMatch(/2020-02 已有月度自评/);
  });

  it('a 项目负责人 corrects a table in 设置: new assessments use the new edition, old scores keep theirs', async () => {
    site = await openSafetySite();
    const first = await site.t.call('safety.createAssessment', { kind: 'special', checkedOn: '2020-02-17', inspector: '王建国', subject: '用电专项', tables: ['B.14'] }, site.token);
    const sheet = first.sheets[0]!;
    // 外电防护 line 2 "扣5分" is read as 扣3分 in the office's official copy (a made-up correction, for the test).
    const scored = await site.t.call('safety.addDeduction', { sheetId: sheet.id, itemNo: 1, lineNo: 2, perPoints: 5, quantity: 1, note: '警示标志缺失' }, site.token);
    expect(scored.score.tables[0]!.score).toBe(95);
    const [shipped] = await site.t.call('safety.ruleEditions', { key: 'JGJ 59-2011/B.14' }, site.token);
    const raw = structuredClone(shipped!.raw) as { items: { lines: string[] }[] };
    raw.items[0]!.lines[1] = '防护设施未设置明显的警示标志,扣3分';
    expect((await errorOf(() => site!.t.call('safety.correctRule', { kind: 'jgj59.table', key: 'JGJ 59-2011/B.14', content: raw, note: '按正式文本更正' }, site!.operator))).code).toBe('FORBIDDEN');
    const broken = structuredClone(raw);
    broken.items[0]!.lines[1] = '防护设施未设置明显的警示标志';
    expect((await errorOf(() => site!.t.call('safety.correctRule', { kind: 'jgj59.table', key: 'JGJ 59-2011/B.14', content: broken, note: '按正式文本更正' }, site!.token))).message).toMatch(/应以“扣N分”/);
    const corrected = await site.t.call('safety.correctRule', { kind: 'jgj59.table', key: 'JGJ 59-2011/B.14', content: raw, note: '按正式文本更正' }, site.token);
    expect(corrected).toMatchObject({ edition: 2, origin: 'corrected', createdByName: '王建国' });
    expect((await site.t.call('safety.rules', {}, site.token)).tables.find((t) => t.table === 'B.14')!.edition).toMatchObject({ edition: 2, origin: 'corrected' });
    // The old assessment: its table, its line and its score as they were.
    const again = await site.t.call('safety.assessment', { id: first.id }, site.token);
    expect(again.sheets[0]!.edition.edition).toBe(1);
    expect(again.sheets[0]!.deductions[0]!.lineText).toBe('防护设施未设置明显的警示标志,扣5分');
    expect(again.score.tables[0]!.score).toBe(95);
    // A new one scores with the correction: 5 points is no longer allowed on that line.
    const second = await site.t.call('safety.createAssessment', { kind: 'special', checkedOn: '2020-02-17', inspector: '王建国', subject: '复查', tables: ['B.14'] }, site.token);
    expect(second.sheets[0]!.edition.edition).toBe(2);
    expect((await errorOf(() => site!.t.call('safety.addDeduction', { sheetId: second.sheets[0]!.id, itemNo: 1, lineNo: 2, perPoints: 5, quantity: 1, note: '' }, site!.token))).message).toMatch(/应扣 3 分/);
  });

  it('records every write in the outbox and the audit trail, in the tables sync bundles carry', async () => {
    site = await openSafetySite();
    const view = await scoreExample(site);
    await site.t.call('safety.submit', { id: view.id, ...sign }, site.token);
    const tables = new Set(changeRows(site.t).map((c) => c.table_name));
    for (const t of ['rule_editions', 'safety_assessments', 'safety_sheets', 'safety_deductions', 'safety_signatures']) expect(tables.has(t), t).toBe(true);
    const audit = site.t.app.services.sqlite.prepare("select count(*) as n from audit_log where table_name = 'safety_deductions'").get() as { n: number };
    expect(audit.n).toBe(view.sheets.reduce((n, sh) => n + sh.deductions.length, 0));
  });

  it('draws the grades month by month, a gap where a month has no 自评', async () => {
    site = await openSafetySite();
    const view = await scoreExample(site);
    await site.t.call('safety.submit', { id: view.id, ...sign }, site.token);
    site.t.clock.set('2020-04-10T09:00:00+08:00');
    // Sessions last 12 hours: sign in again in April.
    site.token = await site.t.signIn(MANAGER.idNumber, MANAGER.password);
    await site.t.call('projects.enter', { projectId: site.projectId }, site.token);
    const april = await site.t.call('safety.createAssessment', { kind: 'monthly', checkedOn: '2020-04-10', inspector: '王建国', subject: '', tables: ['B.1'] }, site.token);
    await site.t.call('safety.addDeduction', { sheetId: april.sheets[0]!.id, itemNo: 7, lineNo: 1, perPoints: 10, quantity: 1, note: '' }, site.token);
    await site.t.call('safety.submit', { id: april.id, ...sign, signedOn: '2020-04-10' }, site.token);
    const chart = await site.t.call('safety.gradeChart', { months: 3 }, site.token);
    expect(chart.map((c) => [c.period, c.totalText, c.grade])).toEqual([['2020-02', '81.78', '优良'], ['2020-03', '', null], ['2020-04', '90.00', '优良']]);
  });
});

it('the rule library the app opens with is the one the tests read', () => {
  expect(ruleLibrary().all('jgj59.table')).toHaveLength(19);
});
