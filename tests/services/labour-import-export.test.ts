// 导入班组 (a whole team from a workbook, all or nothing) and 导出Excel of every labour list: the
// screen's columns, ID and card numbers masked.
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf, openTestApp, snapshot, type TestApp } from '../support/app';
import { cardNumber, labourSite, workerIdNumber, workerOnSite } from '../support/labour-helpers';
import { readXlsxRows } from '../support/labour-files';
import { consistencyProblems } from '../support/issue9-db-checks';
import { writeCsv, writeXlsx } from '../../electron/services/tabular';
import { teamImportColumns } from '../../electron/services/labour/team-import';
import type { CommandName } from '../../electron/common/contract';

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

const columns = teamImportColumns.map((c) => ({ key: c.key, label: c.label }));

function line(n: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    idNumber: workerIdNumber(n), name: `王${'一二三四五六七八九十'[n % 10]}${n}`, phone: `1391234${String(n).padStart(4, '0')}`, workType: '钢筋工', payMethod: '按日', wage: '380',
    pieceUnit: '', payDay: '15', signedOn: '2020-02-10', startsOn: '2020-02-10', endsOn: '', bankName: '中国工商银行', bankCode: '102', cardNo: cardNumber(n),
    safetyTrainingOn: '2020-02-11', emergencyName: '王秀兰', emergencyPhone: '13600000000', leader: n === 1 ? '是' : '否', ...extra,
  };
}

async function importFile(t: TestApp, token: string, teamId: string, lines: Record<string, string>[], commit: boolean, csv = false) {
  const bytes = csv ? writeCsv(columns, lines) : await writeXlsx('班组人员', columns, lines);
  return t.call('teams.import', { teamId, hiredOn: '2020-02-12', fileName: csv ? '钢筋一班.csv' : '钢筋一班.xlsx', dataBase64: bytes.toString('base64'), commit }, token);
}

describe('导入班组', () => {
  it('a file with one bad row imports nothing, every problem reported by row and column', async () => {
    t = openTestApp();
    const site = await labourSite(t);
    const before = snapshot(t.app);
    const report = await importFile(t, site.token, site.team.id, [
      line(1), line(2, { wage: '三百' }), line(3, { idNumber: '320583196001010031' }), line(4, { payMethod: '计件', wage: '12.5' }), line(5, { idNumber: workerIdNumber(1) }),
    ], true);
    expect(report).toMatchObject({ total: 5, imported: 0, committed: false });
    expect(report.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ row: 3, column: '工资标准' }),
      expect.objectContaining({ row: 4, column: '身份证号' }),
      expect.objectContaining({ row: 5, column: '计件单位' }),
      expect.objectContaining({ row: 6, column: '身份证号', message: '与第 2 行重复' }),
    ]));
    expect(snapshot(t.app)).toEqual(before);
  });

  it('a good file (xlsx or csv) hires and dispatches the whole team, names its 班组长; a person already hired refuses the lot', async () => {
    t = openTestApp();
    const site = await labourSite(t);
    const lines = [1, 2, 3].map((n) => line(n));
    const preview = await importFile(t, site.token, site.team.id, lines, false);
    expect(preview).toMatchObject({ valid: 3, imported: 0, committed: false, errors: [] });
    expect(preview.preview[0]).toMatchObject({ 计薪方式: '按日', 工资标准: '380.00', 班组长: '是' });
    const done = await importFile(t, site.token, site.team.id, lines, true);
    expect(done).toMatchObject({ imported: 3, committed: true });
    const team = (await t.call('teams.list', {}, site.token))[0]!;
    expect(team).toMatchObject({ members: 3, leaderName: lines[0]!.name });
    const workers = await t.call('workers.list', { category: 'worker' }, site.token);
    expect(workers.rows.map((w) => [w.status, w.teamName, w.wageFen, w.hasWageCard])).toEqual(Array(3).fill(['dispatched', '钢筋一班', 38000, true]));

    // The same people again (and one new): the first refusal stops the whole file.
    const before = snapshot(t.app);
    const again = await importFile(t, site.token, site.team.id, [line(4), line(2)], true, true);
    expect(again).toMatchObject({ imported: 0, committed: false });
    expect(again.errors[0]!.row).toBe(3);
    expect(again.errors[0]!.message).toContain('已在本项目聘用登记');
    expect(snapshot(t.app)).toEqual(before);
    expect(consistencyProblems(t.app.services.sqlite)).toEqual([]);
  });

  it('the template has the columns and a sheet of instructions', async () => {
    t = openTestApp();
    const site = await labourSite(t);
    const file = await t.call('teams.template', {}, site.token);
    const rows = await readXlsxRows(Buffer.from(file.dataBase64, 'base64'));
    expect(rows[0]).toContain('身份证号*');
    expect(rows[0]).toContain('计薪方式*');
    expect(file.fileName).toMatch(/^班组人员导入模板_\d{4}-\d{2}-\d{2}\.xlsx$/);
  });
});

describe('导出Excel of every list', () => {
  it('writes the screen\'s columns with ID and card numbers masked', async () => {
    t = openTestApp();
    const site = await labourSite(t);
    const w = await workerOnSite(t, site, 1, '2020-02-17');
    await t.call('devices.create', { vendor: 'zkteco', serial: 'ZK-1', direction: 'in' }, site.token);
    await t.call('attendance.signIn', { workerId: w.id }, site.token);
    await t.call('attendance.requestMakeup', { workerId: w.id, punchedAt: '2020-02-17 08:00', direction: 'in', reason: '忘带卡' }, site.token);
    const range = { from: '2020-02-01', to: '2020-02-29' };
    const exports: [CommandName, unknown, string[]][] = [
      ['participants.xlsx', {}, ['单位名称', '统一社会信用代码', '劳资专管员']],
      ['teams.xlsx', {}, ['班组名称', '班组长', '在场']],
      ['workers.xlsx', { category: 'worker' }, ['工号', '姓名', '身份证号', '计薪方式', '工资标准', '状态']],
      ['devices.xlsx', {}, ['厂商', '序列号', '方向']],
      ['attendance.punchesXlsx', range, ['打卡时间', '来源', '原始记录摘要(SHA-256)']],
      ['attendance.makeupsXlsx', {}, ['补卡时间', '补卡原因', '申请人', '状态']],
      ['attendance.anomaliesXlsx', range, ['异常类型', '说明']],
      ['attendance.monthSheetXlsx', { month: '2020-02' }, ['出勤天数', '工时', '29']],
    ];
    const full = (await t.call('workers.get', { workerId: w.id }, site.token)).idNumber;
    for (const [command, input, headers] of exports) {
      const { result } = await t.app.dispatch(command, input, site.token);
      expect(result.ok, command).toBe(true);
      const file = (result as { value: { dataBase64: string; fileName: string } }).value;
      expect(file.fileName).toMatch(/\.xlsx$/);
      const rows = await readXlsxRows(Buffer.from(file.dataBase64, 'base64'));
      for (const h of headers) expect(rows[0], `${command} ${h}`).toContain(h);
      const text = rows.flat().join('|');
      expect(text, command).not.toContain(full);
      expect(text, command).not.toContain(cardNumber(1));
    }
    const workers = await readXlsxRows(Buffer.from((await t.call('workers.xlsx', { category: 'worker' }, site.token)).dataBase64, 'base64'));
    expect(workers[1]).toEqual(expect.arrayContaining(['1001', w.name, '按日', '350.00 元/日', '在场']));
    expect((await errorOf(() => t!.call('workers.xlsx', { category: 'worker', status: 'gone' as never }, site.token))).code).toBe('VALIDATION');
  });
});
