// 导出Excel of the list screens, read back with exceljs: each file has the screen's columns, the
// rows the screen's filters select, and ID numbers masked as in the lists.
import ExcelJS from 'exceljs';
import { describe, it, expect, afterEach } from 'vitest';
import { openTestApp, errorOf, ManualClock, type TestApp } from '../support/app';
import { OPERATOR, validId } from '../support/fixtures';
import { addEmployer, operatorToken, ORIGIN_SUZHOU } from '../support/prereg-helpers';
import type { GeneratedFile } from '../../electron/common/contract-reports';
import type { PersonRow } from '../../electron/common/contract';
import { importRoster, rosterLines, rosterXlsx } from './reports-support';

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

const EMPLOYER = '上海浦江劳务有限公司';

/** The first sheet as rows of cell texts, the header first. */
async function sheetOf(file: GeneratedFile): Promise<{ name: string; rows: string[][] }> {
  expect(file.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(file.fileName).toMatch(/\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(file.dataBase64, 'base64') as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    const cells: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) {
      const v = row.getCell(c).value;
      cells.push(v === null || v === undefined ? '' : String(v));
    }
    rows.push(cells);
  });
  return { name: sheet.name, rows };
}

/** No full 18-character number anywhere in the file's text. */
function expectNoFullNumbers(rows: string[][]): void {
  for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/\d{17}[\dX]/);
}

async function scenario() {
  t = openTestApp(new ManualClock('2020-02-17T09:00:00+08:00'));
  const token = await t.signedInManager();
  await addEmployer(t, token, 1, EMPLOYER);
  await importRoster(t, token, await rosterXlsx(rosterLines(6, EMPLOYER)), true);
  const people: PersonRow[] = (await t.call('persons.list', { page: 1, pageSize: 100 }, token)).rows;
  const employers = await t.call('employers.list', {}, token);
  return { app: t, token, people, employerId: employers[0]!.id };
}

describe('导出Excel', () => {
  it('携带家属 and 每日健康 of one person', async () => {
    const { app, token, people } = await scenario();
    const person = people[0]!;
    const wife = { idNumber: validId('32058319870721102'), name: '李玥' };
    await app.call('family.create', { personId: person.id, ...wife, phone: '13987654321', origin: ORIGIN_SUZHOU, useHealthCloud: false }, token);
    const family = await sheetOf(await app.call('reports.familyXlsx', { personId: person.id }, token));
    expect(family.rows[0]).toEqual(['序号', '姓名', '身份证', '联系电话', '预登记日期']);
    expect(family.rows[1]).toEqual(['1', '李玥', `320************${wife.idNumber.slice(-3)}`, '13987654321', '2020-02-17']);
    expectNoFullNumbers(family.rows);

    await app.call('health.create', { personId: person.id, checkedAt: '2020-02-16 08:00:00', symptoms: ['无上述异常症状'], temperature: 36.5 }, token);
    await app.call('health.create', { personId: person.id, checkedAt: '2020-02-17 08:00:00', symptoms: ['发热', '咳嗽'], temperature: 37.6 }, token);
    const file = await app.call('reports.healthChecksXlsx', { personId: person.id }, token);
    expect(file.fileName).toBe(`每日健康_${person.name}_2020-02-17.xlsx`);
    const checks = await sheetOf(file);
    expect(checks.rows).toEqual([
      ['序号', '日期', '健康状态', '体温测量', '发热', '登记人'],
      ['1', '2020-02-17 08:00:00', '发热,咳嗽', '37.6', '发热', '王建国'],
      ['2', '2020-02-16 08:00:00', '无上述异常症状', '36.5', '', '王建国'],
    ]);
  });

  it('进退场用工管理 / 现场管理人员实名制 with the status and search filters', async () => {
    const { app, token, people, employerId } = await scenario();
    const workers = people.filter((p) => p.category === 'worker');
    const entered = [];
    for (const p of workers) entered.push(await app.call('entries.enter', { personId: p.id, employerId, workType: '020', team: '钢筋一班', enteredOn: '2020-02-16' }, token));
    await app.call('entries.exit', { entryId: entered[0]!.entryId!, exitedOn: '2020-02-17' }, token);

    const onSite = await sheetOf(await app.call('reports.rosterXlsx', { category: 'worker' }, token));
    expect(onSite.name).toBe('在场人员名册');
    expect(onSite.rows[0]).toEqual(['序号', '用人单位', '姓名', '身份证', '工种', '班组', '进场日期', '退场日期', '状态']);
    expect(onSite.rows).toHaveLength(workers.length);
    expect(onSite.rows[1]!.slice(1, 9)).toEqual([EMPLOYER, expect.any(String), expect.stringMatching(/^320\*{12}/), '钢筋工', '钢筋一班', '2020-02-16', '', '在场']);
    expectNoFullNumbers(onSite.rows);

    const exited = await sheetOf(await app.call('reports.rosterXlsx', { category: 'worker', status: 'exited' }, token));
    expect(exited.rows.slice(1).map((r) => [r[2], r[7], r[8]])).toEqual([[workers[0]!.name, '2020-02-17', '已退场']]);

    const searched = await sheetOf(await app.call('reports.rosterXlsx', { category: 'worker', status: 'all', search: workers[1]!.name }, token));
    expect(searched.rows.slice(1).map((r) => r[2])).toEqual([workers[1]!.name]);
  });

  it('用人单位, 晨检 for a date, the today board lists and 现场操作用户', async () => {
    const { app, token, people, employerId } = await scenario();
    const employers = await sheetOf(await app.call('reports.employersXlsx', {}, token));
    expect(employers.rows[0]).toEqual(['序号', '用人单位名称', '统一社会信用代码', '参建单位类型', '合同报送编号']);
    expect(employers.rows[1]!.slice(1, 4)).toEqual([EMPLOYER, expect.stringMatching(/^91310000MA1FL0001/), '劳务分包']);

    await app.call('entries.enter', { personId: people[0]!.id, employerId, workType: '020', team: '钢筋一班', enteredOn: '2020-02-17' }, token);
    await app.call('health.batchSave', { checkedAt: '2020-02-17 08:30:00', rows: [{ personId: people[0]!.id, temperature: 37.8, symptoms: ['发热', '咳嗽'] }] }, token);
    await app.call('dispositions.set', { personId: people[1]!.id, state: 'isolate', startedAt: '2020-02-17 09:00:00', method: '居家隔离' }, token);

    const batch = await sheetOf(await app.call('reports.batchHealthXlsx', { date: '2020-02-17' }, token));
    expect(batch.name).toBe('晨检 2020-02-17');
    expect(batch.rows[0]).toEqual(['序号', '姓名', '身份证', '用人单位', '状态', '今日体温', '健康状态', '标记']);
    expect(batch.rows).toHaveLength(7);
    expect(batch.rows[1]).toEqual(['1', people[0]!.name, people[0]!.idNumberMasked, EMPLOYER, '在场', '37.8', '发热、咳嗽', '发热']);
    const isolated = batch.rows.find((r) => r[1] === people[1]!.name)!;
    expect([isolated[4], isolated[5], isolated[7]]).toEqual(['预登记·需隔离', '', '未测']);
    expectNoFullNumbers(batch.rows);

    const fevers = await sheetOf(await app.call('reports.boardXlsx', { list: 'fevers' }, token));
    expect(fevers.rows).toEqual([['姓名', '体温', '测量时间', '健康状态'], [people[0]!.name, '37.8', '2020-02-17 08:30:00', '发热,咳嗽']]);
    const isolation = await sheetOf(await app.call('reports.boardXlsx', { list: 'isolation' }, token));
    expect(isolation.rows).toEqual([['姓名', '状态', '隔离/就医方式', '开始时间', '预计结束', '在场'], [people[1]!.name, '需隔离', '居家隔离', '2020-02-17 09:00:00', '2020-03-02', '']]);
    const soon = await sheetOf(await app.call('reports.boardXlsx', { list: 'soon' }, token));
    expect(soon.rows).toEqual([['姓名', '出发地', '可进场日期']]);

    const operator = await operatorToken(app, token);
    const operators = await sheetOf(await app.call('reports.operatorsXlsx', {}, token));
    expect(operators.rows).toEqual([
      ['序号', '姓名', '身份证', '手机号', '实名制权限', '状态'],
      ['1', OPERATOR.name, `${OPERATOR.idNumber.slice(0, 3)}************${OPERATOR.idNumber.slice(-3)}`, OPERATOR.phone, '已分配', '正常'],
    ]);
    // The list of accounts is the 项目负责人's, as on screen.
    expect((await errorOf(() => app.call('reports.operatorsXlsx', {}, operator))).code).toBe('FORBIDDEN');
  });
});
