// The shipped rule tables load and check at start: the 19 分项检查评分表 and the 汇总表 of
// JGJ 59-2011 add up (保证项目 60 / 一般项目 40, or 100 without the split), every 扣分标准 line reads
// as points, and the 汇总表 names every table once. A broken file stops the load with the file named.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleLibrary, parseRule, ruleLibrary, RuleFileError, rulesFolder } from '../../electron/services/rules/library';
import { parseDeductionLine } from '../../electron/common/rules/jgj59';

describe('the JGJ 59-2011 rule tables', () => {
  const library = ruleLibrary();
  const tables = library.all('jgj59.table');
  const summary = library.only('jgj59.summary').data;

  it('has the 汇总表 with its ten 分项 and their 满分 in the standard order, the 2011 weights', () => {
    expect(summary.items.map((i) => [i.name, i.weight])).toEqual([
      ['安全管理', 10], ['文明施工', 15], ['脚手架', 10], ['基坑工程', 10], ['模板支架', 10],
      ['高处作业', 10], ['施工用电', 10], ['物料提升机与施工升降机', 10], ['塔式起重机与起重吊装', 10], ['施工机具', 5],
    ]);
    expect(summary.thresholds).toEqual({ excellent: 80, pass: 70 });
    expect(summary.guaranteedMinimum).toBe(40);
  });

  it('has the 19 分项检查评分表 B.1–B.19, each named in the 汇总表 exactly once', () => {
    expect(tables.map((t) => t.data.table).sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)))).toEqual(Array.from({ length: 19 }, (_, i) => `B.${i + 1}`));
    const named = summary.items.flatMap((i) => i.tables).sort();
    expect(named).toEqual(tables.map((t) => t.data.table).sort());
    const scaffolds = summary.items.find((i) => i.name === '脚手架')!.tables.map((k) => tables.find((t) => t.data.table === k)!.data.name);
    expect(scaffolds).toEqual(['扣件式钢管脚手架', '门式钢管脚手架', '碗扣式钢管脚手架', '承插型盘扣式钢管脚手架', '满堂脚手架', '悬挑式脚手架', '附着式升降脚手架', '高处作业吊篮']);
  });

  it('splits 保证项目 60 / 一般项目 40 except 高处作业 and 施工机具 (100, no split), and names the source and what is to be checked', () => {
    for (const { data: t } of tables) {
      const sum = (g?: string) => t.items.filter((i) => g === undefined || i.group === g).reduce((n, i) => n + i.points, 0);
      expect(t.source, t.title).toMatch(/JGJ 59-2011/);
      if (t.name === '高处作业' || t.name === '施工机具') {
        expect(t.items.every((i) => i.group === undefined), t.title).toBe(true);
        expect(sum(), t.title).toBe(100);
      } else {
        expect([sum('保证项目'), sum('一般项目')], t.title).toEqual([60, 40]);
      }
    }
    const byName = (name: string) => tables.find((t) => t.data.name === name)!.data;
    // The 保证项目 seen in public copies (site-modules.md).
    expect(byName('安全管理').items.filter((i) => i.group === '保证项目').map((i) => i.name)).toEqual(['安全生产责任制', '施工组织设计及专项施工方案', '安全技术交底', '安全检查', '安全教育', '应急救援']);
    expect(byName('文明施工').items.filter((i) => i.group === '保证项目').map((i) => i.name)).toEqual(['现场围挡', '封闭管理', '施工场地', '材料管理', '现场办公与住宿', '现场防火']);
    expect(byName('施工用电').items.filter((i) => i.group === '保证项目').map((i) => i.name)).toEqual(['外电防护', '接地与接零保护系统', '配电线路', '配电箱与开关箱']);
    expect(byName('高处作业').items.map((i) => [i.name, i.points])).toEqual(
      ['安全帽', '安全网', '安全带', '临边防护', '洞口防护', '通道口防护', '攀登作业', '悬空作业', '移动式操作平台', '悬挑式物料钢平台'].map((n) => [n, 10]),
    );
    // Every table says what of it is still to be checked against an official copy.
    expect(tables.filter((t) => t.data.check === null).map((t) => t.data.title)).toEqual([]);
  });

  it('reads every 扣分标准 line as points: fixed, a range, or per occurrence', () => {
    expect(parseDeductionLine('未建立安全生产责任制,扣10分')).toMatchObject({ condition: '未建立安全生产责任制', per: null, min: 10, max: 10 });
    expect(parseDeductionLine('立杆底部缺少底座、垫板或垫板的规格不符合规范要求,每处扣2~5分')).toMatchObject({ per: '处', min: 2, max: 5 });
    expect(parseDeductionLine('分包合同、安全生产协议书,签字盖章手续不全,扣2~6分')).toMatchObject({ condition: '分包合同、安全生产协议书,签字盖章手续不全', min: 2, max: 6 });
    expect(parseDeductionLine('未设置锯盘护罩、分料器、防护挡板安全装置和传动部位未进行防护,每缺一项扣3分')).toMatchObject({ per: '缺一项', min: 3, max: 3 });
    expect(parseDeductionLine('没有分值的一句话')).toBeNull();
    const lines = tables.flatMap((t) => t.data.items.flatMap((i) => i.lines));
    expect(lines.length).toBeGreaterThan(400);
  });

  it('refuses a table that does not add up, a line without points and an unknown kind, naming the file', () => {
    const good = JSON.parse(fs.readFileSync(path.join(rulesFolder(), 'jgj59-2011', 'B14.json'), 'utf8')) as { items: { points: number; lines: string[] }[] };
    const wrongSum = structuredClone(good);
    wrongSum.items[0]!.points = 15;
    expect(() => parseRule(wrongSum, 'B14.json')).toThrow(/保证项目应得分合计应为 60,实为 65/);
    const noPoints = structuredClone(good);
    noPoints.items[0]!.lines[0] = '外电线路安全距离不够';
    expect(() => parseRule(noPoints, 'B14.json')).toThrow(/应以“扣N分”/);
    const tooMuch = structuredClone(good);
    tooMuch.items[0]!.lines[0] = '外电线路安全距离不够,扣12分';
    expect(() => parseRule(tooMuch, 'B14.json')).toThrow(/扣分超过该项应得分 10/);
    expect(() => parseRule({ kind: 'gb50300.division' }, 'x.json')).toThrow(/x\.json.*未知的规则表类型/);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-'));
    try {
      fs.mkdirSync(path.join(dir, 'jgj59-2011'));
      fs.writeFileSync(path.join(dir, 'jgj59-2011', 'B14.json'), JSON.stringify(wrongSum));
      const error = (() => { try { loadRuleLibrary(dir); } catch (e) { return e; } return null; })();
      expect(error).toBeInstanceOf(RuleFileError);
      expect((error as Error).message).toContain('jgj59-2011/B14.json');
      fs.writeFileSync(path.join(dir, 'jgj59-2011', 'B14.json'), '{ not json');
      expect(() => loadRuleLibrary(dir)).toThrow(/B14\.json 有误:不是有效的 JSON/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has the special-work categories, the 专职安全员 bands and the 三级安全教育 hours', () => {
    const special = library.only('safety.special-work').data;
    expect(special.categories.filter((c) => c.system === 'housing').map((c) => c.name)).toEqual(['建筑电工', '建筑架子工', '建筑起重信号司索工', '建筑起重机械司机', '建筑起重机械安装拆卸工', '高处作业吊篮安装拆卸工']);
    expect(special.warnDays).toEqual([90, 60, 30]);
    expect(library.only('safety.staffing').data.byFloorArea).toEqual([{ below: 10000, minimum: 1 }, { below: 50000, minimum: 2 }, { below: null, minimum: 3 }]);
    expect(library.only('safety.training').data.hours).toEqual({ company: 15, project: 15, team: 20 });
  });
});
