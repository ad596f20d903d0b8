// 进场预登记名册 import (persons.import) on a real SQLite file: 5,000 good rows in one transaction;
// bad rows reported by row, column and reason with nothing imported before the user confirms;
// files that are not tables refused; and exports that import again (round trips), through the
// import templates the services make.
import ExcelJS from 'exceljs';
import { describe, it, expect, afterEach } from 'vitest';
import { openTestApp, errorOf, snapshot, ManualClock, MANAGER, type TestApp } from '../support/app';
import { PNG_BYTES, PDF_BYTES, wrongCheckId } from '../support/fixtures';
import { addEmployer, changeRows, countRows, creditCode, fullRecord, importCloud } from '../support/prereg-helpers';
import { readTable } from '../../electron/services/tabular';
import type { PersonDetail } from '../../electron/common/contract';
import { importRoster, nthId, nthPhone, rareName, rosterCsv, rosterLines, rosterXlsx, type RosterLine } from './reports-support';

const opened: TestApp[] = [];
afterEach(() => {
  for (const app of opened.splice(0)) app.close();
});

const EMPLOYER = '上海浦江劳务有限公司';
const OTHER_EMPLOYER = '上海申安机电安装有限公司';

async function open(): Promise<{ app: TestApp; token: string }> {
  const app = openTestApp(new ManualClock('2020-02-17T09:00:00+08:00'));
  opened.push(app);
  const token = await app.signedInManager();
  await addEmployer(app, token, 1, EMPLOYER);
  await addEmployer(app, token, 2, OTHER_EMPLOYER);
  return { app, token };
}

function personChanges(app: TestApp) {
  return changeRows(app).filter((c) => c.table_name === 'persons');
}

describe('a file of 5,000 good rows', () => {
  it('previews without writing, then imports every row in one transaction, each with its change record', async () => {
    const { app, token } = await open();
    const lines = rosterLines(5000, (n) => (n % 3 === 0 ? OTHER_EMPLOYER : EMPLOYER));
    const file = await rosterXlsx(lines);
    const before = snapshot(app.app);

    const preview = await importRoster(app, token, file, false);
    expect(preview).toMatchObject({ fileName: '进场预登记名册.xlsx', total: 5000, valid: 5000, imported: 0, committed: false, errors: [] });
    expect(preview.preview).toHaveLength(20);
    expect(preview.preview[0]).toEqual({
      身份证号: `${lines[0]!.身份证号.slice(0, 3)}************${lines[0]!.身份证号.slice(-3)}`,
      姓名: lines[0]!.姓名, 人员类别: '作业人员', 出发地: '江苏省 苏州市', 用人单位: OTHER_EMPLOYER, 手机号: lines[0]!.手机号, 预登记日期: '2020-02-10', 健康云: '—',
    });
    expect(snapshot(app.app)).toEqual(before);

    const started = Date.now();
    const report = await importRoster(app, token, file, true);
    console.log(`5,000-row roster import (check and write): ${Date.now() - started} ms`);
    expect(report).toMatchObject({ total: 5000, valid: 5000, imported: 5000, committed: true, errors: [] });
    expect(countRows(app, 'persons')).toBe(5000);
    const changes = personChanges(app);
    expect(changes).toHaveLength(5000);
    expect(changes.every((c) => c.op === 'insert')).toBe(true);
    // One transaction, one moment: every person carries the same creation time and author.
    const stamps = app.app.services.sqlite.prepare('select distinct created_at as at, created_by as by from persons').all();
    expect(stamps).toHaveLength(1);

    // An imported person is like a typed one.
    const { rows } = await app.call('persons.list', { page: 1, pageSize: 10, search: lines[4999]!.身份证号 }, token);
    expect(rows).toHaveLength(1);
    const person = await app.call('persons.get', { id: rows[0]!.id }, token);
    expect(person).toMatchObject<Partial<PersonDetail>>({
      idNumber: lines[4999]!.身份证号, name: lines[4999]!.姓名, category: 'manager', origin: '安徽省 阜阳市', phone: lines[4999]!.手机号,
      preRegisteredOn: '2020-02-11', createdBy: MANAGER.name, healthCloud: null,
    });
    expect(person.employer.name).toBe(EMPLOYER);
    // Found by pinyin initials (张喆伟: zzw), as the list search finds a typed person.
    const initials = await app.call('persons.list', { page: 1, pageSize: 100, search: 'zzw' }, token);
    expect(initials.rows.map((r) => r.name)).toContain(rareName(0));
  }, 120000);

  it('imports nothing at all when the database refuses one row halfway', async () => {
    const { app, token } = await open();
    // A real SQLite trigger, not a mock: the 3,000th insert fails inside the import's transaction.
    app.app.services.sqlite.exec(`create trigger refuse_3000 before insert on persons
      when (select count(*) from persons) >= 2999 begin select raise(abort, 'disk says no'); end`);
    const before = snapshot(app.app);
    const error = await errorOf(() => importRoster(app, token, rosterCsv(rosterLines(5000, EMPLOYER)), true, '名册.csv'));
    expect(error.code).toBe('INTERNAL');
    expect(snapshot(app.app)).toEqual(before);
    expect(countRows(app, 'persons')).toBe(0);

    app.app.services.sqlite.exec('drop trigger refuse_3000');
    expect((await importRoster(app, token, rosterCsv(rosterLines(5000, EMPLOYER)), true, '名册.csv')).imported).toBe(5000);
  }, 120000);
});

describe('a file with bad rows', () => {
  const good = (n: number, extra: Partial<RosterLine> = {}): RosterLine => ({ ...rosterLines(1, EMPLOYER, n)[0]!, ...extra });

  async function badFile(app: TestApp, token: string) {
    // Already pre-registered by hand before the import.
    const existing = good(50);
    const employers = await app.call('employers.list', {}, token);
    await app.call('persons.create', {
      category: 'worker', idNumber: existing.身份证号, name: existing.姓名, origin: { provinceCode: '320000', cityCode: '320500' },
      employerId: employers[0]!.id, phone: existing.手机号, useHealthCloud: false,
    }, token);
    const wrong = wrongCheckId(nthId(3).slice(0, 17));
    const lines: RosterLine[] = [
      good(1), // row 2
      good(3, { 身份证号: wrong.idNumber }), // row 3
      good(4, { 身份证号: nthId(1) }), // row 4: the number of row 2
      existing, // row 5
      good(6, { 姓名: '', 手机号: '' }), // row 6
      good(7, { 预登记日期: '2020-02-30' }), // row 7
      good(8, { 预登记日期: '2020-03-01' }), // row 8: after today
      good(9, { 用人单位: '不存在的劳务公司' }), // row 9
      good(10, { 人员类别: '临时工' }), // row 10
      good(11, { 出发地省份: '火星' }), // row 11
      good(12, { 出发地省份: '江苏省', 出发地城市: '武汉市' }), // row 12
      good(13, { 手机号: '1391234' }), // row 13
      good(14, { 身份证号: '' }), // row 14
      // row 15: good, in other words: a short province and city, the credit code, a date with slashes.
      good(15, { 人员类别: '现场管理人员', 出发地省份: '湖北', 出发地城市: '武汉', 用人单位: creditCode(2), 预登记日期: '2020/2/3' }),
      good(1, { 姓名: '另一个人' }), // row 16: again the number of row 2
    ];
    return { lines, wrong, existing };
  }

  const expectedErrors = (wrong: { expected: string; actual: string }, existingName: string) => [
    { row: 3, column: '身份证号', message: `身份证号校验位错误:应为 ${wrong.expected},实际为 ${wrong.actual}` },
    { row: 4, column: '身份证号', message: '与第 2 行的身份证号重复' },
    { row: 5, column: '身份证号', message: `该人员(${existingName})已在本项目预登记,不能重复登记` },
    { row: 6, column: '姓名', message: '不能为空' },
    { row: 6, column: '手机号', message: '不能为空' },
    { row: 7, column: '预登记日期', message: '“2020-02-30”不是有效的日期(应为 YYYY-MM-DD)' },
    { row: 8, column: '预登记日期', message: '预登记日期 2020-03-01 不能晚于今天(2020-02-17)' },
    { row: 9, column: '用人单位', message: '未找到用人单位“不存在的劳务公司”,请先在“用人单位”中导入或添加' },
    { row: 10, column: '人员类别', message: '“临时工”不是有效的人员类别(应为“作业人员”或“现场管理人员”)' },
    { row: 11, column: '出发地省份', message: '未找到省份“火星”' },
    { row: 12, column: '出发地城市', message: '“武汉市”不是江苏省的城市' },
    { row: 13, column: '手机号', message: '手机号应为11位数字,以13-19开头' },
    { row: 14, column: '身份证号', message: '不能为空' },
    { row: 16, column: '身份证号', message: '与第 2 行的身份证号重复' },
  ];

  it('reports each problem with its row, column and reason, and imports nothing on preview', async () => {
    const { app, token } = await open();
    const { lines, wrong, existing } = await badFile(app, token);
    const before = snapshot(app.app);
    for (const [name, bytes] of [['名册.xlsx', await rosterXlsx(lines)], ['名册.csv', rosterCsv(lines)]] as const) {
      const report = await importRoster(app, token, bytes, false, name);
      expect(report.errors).toEqual(expectedErrors(wrong, existing.姓名));
      expect(report).toMatchObject({ total: 15, valid: 2, imported: 0, committed: false });
      expect(report.preview.map((p) => p.姓名)).toEqual([rareName(1), rareName(15)]);
      expect(report.preview[1]).toMatchObject({ 人员类别: '现场管理人员', 出发地: '湖北省 武汉市', 用人单位: OTHER_EMPLOYER, 预登记日期: '2020-02-03' });
      expect(snapshot(app.app)).toEqual(before);
    }
  });

  it('on confirm imports only the valid rows, and the same file again finds them registered', async () => {
    const { app, token } = await open();
    const { lines } = await badFile(app, token);
    const file = await rosterXlsx(lines);
    const report = await importRoster(app, token, file, true);
    expect(report).toMatchObject({ total: 15, valid: 2, imported: 2, committed: true });
    expect(countRows(app, 'persons')).toBe(3);
    const again = await importRoster(app, token, file, false);
    expect(again.valid).toBe(0);
    expect(again.errors.filter((e) => e.row === 2 || e.row === 15).map((e) => e.message)).toEqual([
      `该人员(${rareName(1)})已在本项目预登记,不能重复登记`,
      `该人员(${rareName(15)})已在本项目预登记,不能重复登记`,
    ]);
  });

  it('attaches the 健康云 record the site imported when the name agrees', async () => {
    const { app, token } = await open();
    const [a, b] = rosterLines(2, EMPLOYER);
    await importCloud(app, token, [fullRecord(a!.身份证号, a!.姓名), fullRecord(b!.身份证号, '别的名字')]);
    const report = await importRoster(app, token, await rosterXlsx([a!, b!]), true);
    expect(report.preview.map((p) => p.健康云)).toEqual(['已匹配', '—']);
    const { rows } = await app.call('persons.list', { page: 1, pageSize: 10, search: a!.身份证号 }, token);
    const person = await app.call('persons.get', { id: rows[0]!.id }, token);
    expect(person.healthCloud).toMatchObject({ reportAddress: '上海市黄浦区制造局路639号', travelTime: '2020-02-10' });
  });
});

describe('a file that is not a table', () => {
  it('is refused with a reason, and nothing changes', async () => {
    const { app, token } = await open();
    const before = snapshot(app.app);
    const zipButNotExcel = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]);
    const cases: [string, Buffer, string][] = [
      ['名册.xlsx', PNG_BYTES, '文件不是 Excel(.xlsx)或 CSV 文件,请选择 .xlsx 或 .csv 文件'],
      ['名册.pdf', PDF_BYTES, '文件不是 Excel(.xlsx)或 CSV 文件,请选择 .xlsx 或 .csv 文件'],
      ['名册.xlsx', zipButNotExcel, '文件已损坏或不是 Excel(.xlsx)文件,无法读取。请在 Excel 中打开,另存为 .xlsx 后再导入'],
      ['名册.xlsx', Buffer.alloc(0), '文件是空的,没有任何内容'],
      ['名册.csv', Buffer.from('\ufeff姓名,手机号\r\n张喆,13912345678\r\n'), '缺少必需的列:身份证号、出发地省份、出发地城市、用人单位'],
    ];
    for (const [name, bytes, message] of cases) {
      const error = await errorOf(() => importRoster(app, token, bytes, true, name));
      expect(error.code, name).toBe('VALIDATION');
      expect(error.message).toBe(message);
    }
    expect(snapshot(app.app)).toEqual(before);
  });
});

describe('round trips', () => {
  it('the 进场预登记 export in the import’s columns imports into another project unchanged', async () => {
    const { app, token } = await open();
    const lines = rosterLines(120, (n) => (n % 2 ? EMPLOYER : OTHER_EMPLOYER));
    await importRoster(app, token, await rosterXlsx(lines), true);
    const exported = await app.call('reports.preRegistrationXlsx', { format: 'import' }, token);
    expect(exported.fileName).toBe('进场预登记名册_测试4444_2020-02-17.xlsx');
    expect(exported.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    // Whoever sees full numbers may make this file, and the audit trail says who did.
    const audit = app.app.services.sqlite.prepare("select actor_name as who, after from audit_log where action = 'export'").all() as { who: string; after: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.who).toBe(MANAGER.name);
    expect(JSON.parse(audit[0]!.after)).toEqual({ fileName: exported.fileName, rows: 120, fullIdNumbers: true });

    const other = await open();
    const report = await other.app.call('persons.import', { fileName: exported.fileName, dataBase64: exported.dataBase64, commit: true }, other.token);
    expect(report).toMatchObject({ total: 120, valid: 120, imported: 120, errors: [] });
    const fields = async (t: TestApp, tok: string) => {
      const { rows } = await t.call('persons.list', { page: 1, pageSize: 100, search: '' }, tok);
      const more = await t.call('persons.list', { page: 2, pageSize: 100, search: '' }, tok);
      const all = [...rows, ...more.rows];
      const details = await Promise.all(all.map((r) => t.call('persons.get', { id: r.id }, tok)));
      return details.map((d) => [d.idNumber, d.name, d.category, d.origin, d.employer.name, d.phone, d.preRegisteredOn].join('|')).sort();
    };
    expect(await fields(other.app, other.token)).toEqual(await fields(app, token));
  }, 60000);

  it('the list export masks ID numbers as the list does, with the screen’s filter', async () => {
    const { app, token } = await open();
    const lines = rosterLines(30, EMPLOYER);
    await importRoster(app, token, await rosterXlsx(lines), true);
    const file = await app.call('reports.preRegistrationXlsx', { category: 'manager' }, token);
    expect(file.fileName).toBe('进场预登记_现场管理人员_测试4444_2020-02-17.xlsx');
    const rows = (await readTable('x.xlsx', Buffer.from(file.dataBase64, 'base64'), [
      { key: 'n', label: '序号', required: true }, { key: 'name', label: '姓名', required: true }, { key: 'id', label: '身份证', required: true },
      { key: 'category', label: '人员类别', required: true }, { key: 'employer', label: '用人单位', required: true },
    ])).rows.map((r) => r.values);
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r.id).toMatch(/^320\*{12}[\dX]{3}$/);
      expect(r.category).toBe('现场管理人员');
      expect(r.employer).toBe(EMPLOYER);
    }
    const raw = Buffer.from(file.dataBase64, 'base64');
    for (const line of lines) expect(raw.includes(line.身份证号)).toBe(false);
    // It is a list to read, not a file to import: the import says what it lacks.
    const error = await errorOf(() => app.call('persons.import', { fileName: file.fileName, dataBase64: file.dataBase64, commit: false }, token));
    expect(error.message).toBe('缺少必需的列:出发地省份、出发地城市');
  });

  it('the 用人单位 export imports into another project', async () => {
    const { app, token } = await open();
    const exported = await app.call('reports.employersXlsx', {}, token);
    const other = openTestApp(new ManualClock('2020-02-17T09:00:00+08:00'));
    opened.push(other);
    const otherToken = await other.signedInManager();
    const report = await other.call('employers.import', { fileName: exported.fileName, dataBase64: exported.dataBase64, commit: true }, otherToken);
    expect(report).toMatchObject({ valid: 2, imported: 2, errors: [] });
    const strip = (list: Awaited<ReturnType<typeof app.call<'employers.list'>>>) => list.map(({ id: _id, ...rest }) => rest);
    expect(strip(await other.call('employers.list', {}, otherToken))).toEqual(strip(await app.call('employers.list', {}, token)));
  });

  it('each import template, filled in, imports', async () => {
    const { app, token } = await open();
    const fill = async (dataBase64: string, values: string[]) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(dataBase64, 'base64') as unknown as ExcelJS.Buffer);
      expect(workbook.worksheets.map((w) => w.name)[1]).toBe('填写说明');
      const sheet = workbook.worksheets[0]!;
      // The template formats the columns as text, so a typed 18-digit number stays as typed.
      sheet.getRow(2).values = values;
      return Buffer.from(await workbook.xlsx.writeBuffer() as unknown as Uint8Array).toString('base64');
    };

    const persons = await app.call('reports.template', { kind: 'persons' }, token);
    expect(persons.fileName).toBe('进场预登记名册导入模板_2020-02-17.xlsx');
    const personHeader = await headerOf(persons.dataBase64);
    expect(personHeader).toEqual(['身份证号*', '姓名*', '人员类别', '出发地省份*', '出发地城市*', '用人单位*', '手机号*', '预登记日期']);
    // Empty, the template has only its header.
    expect((await errorOf(() => app.call('persons.import', { fileName: persons.fileName, dataBase64: persons.dataBase64, commit: false }, token))).message).toBe('文件中只有表头,没有数据行');
    const personFile = await fill(persons.dataBase64, [nthId(7), '李玥', '作业人员', '江苏', '苏州', EMPLOYER, nthPhone(7), '2020-02-15']);
    expect(await app.call('persons.import', { fileName: 'p.xlsx', dataBase64: personFile, commit: true }, token)).toMatchObject({ imported: 1, errors: [] });

    const employers = await app.call('reports.template', { kind: 'employers' }, token);
    expect(await headerOf(employers.dataBase64)).toEqual(['用人单位名称*', '统一社会信用代码*', '参建单位类型*', '合同报送编号*']);
    const employerFile = await fill(employers.dataBase64, ['上海堃玥建筑劳务有限公司', creditCode(9), '劳务分包', 'W2019010100019']);
    expect(await app.call('employers.import', { fileName: 'e.xlsx', dataBase64: employerFile, commit: true }, token)).toMatchObject({ imported: 1, errors: [] });

    const cloud = await app.call('reports.template', { kind: 'healthCloud' }, token);
    expect((await headerOf(cloud.dataBase64)).slice(0, 5)).toEqual(['身份证号*', '姓名*', '手机号', '上报地址', '上报时间*']);
    const cloudFile = await fill(cloud.dataBase64, [nthId(8), '张喆', nthPhone(8), '上海虹桥站', '2020-02-15 08:30:00', '36.5', '健康', '2020-02-10', '火车', '否', '否', '否', '', '上海市黄浦区']);
    expect(await app.call('healthCloud.import', { fileName: 'c.xlsx', dataBase64: cloudFile, commit: true }, token)).toMatchObject({ imported: 1, errors: [] });
  });
});

async function headerOf(dataBase64: string): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(dataBase64, 'base64') as unknown as ExcelJS.Buffer);
  const row = workbook.worksheets[0]!.getRow(1);
  const out: string[] = [];
  row.eachCell((cell) => out.push(String(cell.value)));
  return out;
}
