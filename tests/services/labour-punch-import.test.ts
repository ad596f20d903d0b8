// 导入考勤: a vendor's attendance export read into raw punches through the real dispatcher. Its own
// column names (考勤号码, 刷卡时间, 出入类型 …) are understood; one bad row and nothing is imported,
// every problem reported by row and column; the same file twice stores each punch once; an unknown
// id is kept as 未匹配; the imported days are on the 月度考勤表 like a gate's.
import { afterEach, describe, expect, it } from 'vitest';
import { openTestApp, snapshot, type TestApp } from '../support/app';
import { labourSite, workerOnSite, type LabourSite } from '../support/labour-helpers';
import { readXlsxRows } from '../support/labour-files';
import { consistencyProblems } from '../support/issue9-db-checks';
import { writeCsv, writeXlsx } from '../../electron/services/tabular';

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

/** A 中控 考勤机 export: its own header words, not the template's. */
const vendorColumns = [
  { key: 'no', label: '考勤号码' }, { key: 'name', label: '姓名' }, { key: 'at', label: '刷卡时间' }, { key: 'dir', label: '出入类型' }, { key: 'device', label: '设备序列号' },
];

async function importFile(t: TestApp, site: LabourSite, lines: Record<string, string>[], commit: boolean, csv = false) {
  const bytes = csv ? writeCsv(vendorColumns, lines) : await writeXlsx('考勤记录', vendorColumns, lines);
  return t.call('attendance.import', { fileName: csv ? '考勤记录.csv' : '考勤记录.xlsx', dataBase64: bytes.toString('base64'), commit }, site.token);
}

describe('导入考勤', () => {
  it('imports a vendor export whole; the same file again stores nothing twice; an unknown id is kept as 未匹配; the days reach the 月度考勤表', async () => {
    t = openTestApp(); // the clock: 2020-02-17 09:00
    const site = await labourSite(t);
    const a = await workerOnSite(t, site, 1, '2020-02-01');
    const b = await workerOnSite(t, site, 2, '2020-02-01');
    await t.call('devices.create', { vendor: 'zkteco', serial: 'ZK-OUT-1', direction: 'out' }, site.token);
    const lines = [
      { no: a.workerNo, name: a.name, at: '2020-02-03 07:00:00', dir: '进', device: '' },
      { no: a.workerNo, name: a.name, at: '2020/2/3 17:00', dir: '', device: 'ZK-OUT-1' }, // the direction of the registered device
      { no: b.idNumber, name: '', at: '2020-02-03 07:30:00', dir: '上班', device: '' }, // the ID number as the device's id
      { no: b.idNumber, name: '', at: '2020-02-03 16:00:00', dir: '下班', device: '' },
      { no: '9999', name: '', at: '2020-02-03 08:00:00', dir: '进', device: '' }, // nobody in the project
    ];
    const preview = await importFile(t, site, lines, false);
    expect(preview).toMatchObject({ total: 5, valid: 5, imported: 0, committed: false, errors: [] });
    expect(preview.preview.map((p) => [p.姓名, p.打卡时间, p.进出])).toEqual([
      [a.name, '2020-02-03 07:00:00', '进'], [a.name, '2020-02-03 17:00:00', '出'], [b.name, '2020-02-03 07:30:00', '进'], [b.name, '2020-02-03 16:00:00', '出'], ['未匹配', '2020-02-03 08:00:00', '进'],
    ]);
    expect(preview.preview[2]!.人员编号).not.toBe(b.idNumber); // masked

    const done = await importFile(t, site, lines, true);
    expect(done).toMatchObject({ imported: 5, committed: true });
    const punches = await t.call('attendance.punches', { from: '2020-02-03', to: '2020-02-03', source: 'import' }, site.token);
    expect(punches.total).toBe(5);
    expect(punches.rows.filter((p) => p.workerId === null).map((p) => p.personRef)).toEqual(['9999']);
    expect(punches.rows.find((p) => p.punchedAt === '2020-02-03 17:00:00')).toMatchObject({ direction: 'out', deviceSerial: 'ZK-OUT-1' });

    // The same file again, as csv: checked, committed, and nothing stored twice.
    const before = snapshot(t.app);
    const again = await importFile(t, site, lines, true, true);
    expect(again).toMatchObject({ valid: 5, imported: 0, committed: true });
    expect((await t.call('attendance.punches', { from: '2020-02-03', to: '2020-02-03' }, site.token)).total).toBe(5);
    const audits = t.app.services.sqlite.prepare(`select after from audit_log where action = 'punch_import' order by seq`).pluck().all() as string[];
    expect(audits.map((x) => JSON.parse(x) as { accepted: number; duplicates: number; unmatched: number })).toMatchObject([
      { accepted: 5, duplicates: 0, unmatched: 1 }, { accepted: 0, duplicates: 5, unmatched: 0 },
    ]);
    expect(snapshot(t.app).attendance_punches).toEqual(before.attendance_punches);

    const sheet = await t.call('attendance.monthSheet', { month: '2020-02', teamId: site.team.id }, site.token);
    expect(sheet.rows.find((r) => r.workerId === a.id)).toMatchObject({ attendanceDays: 1, hoursTenths: 100 });
    expect(sheet.rows.find((r) => r.workerId === b.id)).toMatchObject({ attendanceDays: 1, hoursTenths: 85 });
    expect(consistencyProblems(t.app.services.sqlite)).toEqual([]);
  });

  it('one bad row and nothing is imported; each problem is named by row and column', async () => {
    t = openTestApp();
    const site = await labourSite(t);
    const a = await workerOnSite(t, site, 1, '2020-02-01');
    const before = snapshot(t.app);
    const report = await importFile(t, site, [
      { no: a.workerNo, name: a.name, at: '2020-02-03 07:00:00', dir: '进', device: '' },
      { no: a.workerNo, name: '李四', at: '2020-02-03 17:00:00', dir: '出', device: '' },
      { no: a.workerNo, name: '', at: '2020-02-30 07:00', dir: '进', device: '' },
      { no: a.workerNo, name: '', at: '2020-02-18 07:00', dir: '进', device: '' }, // after the clock's now
      { no: '', name: '', at: '2020-02-04 07:00', dir: '进', device: '' },
      { no: a.workerNo, name: '', at: '2020-02-04 07:00', dir: '', device: 'NOT-REGISTERED' },
      { no: a.workerNo, name: '', at: '2020-02-04 17:00', dir: '离开', device: '' },
    ], true);
    expect(report).toMatchObject({ total: 7, valid: 1, imported: 0, committed: false });
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([[3, '姓名'], [4, '打卡时间'], [5, '打卡时间'], [6, '人员编号'], [7, '进出方向'], [8, '进出方向']]);
    expect(report.errors[0]!.message).toContain(a.name);
    expect(report.errors[4]!.message).toContain('NOT-REGISTERED');
    expect(snapshot(t.app)).toEqual(before);

    // Not a table at all: a typed refusal in Chinese, nothing changed.
    await expect(t.call('attendance.import', { fileName: '考勤.xlsx', dataBase64: Buffer.from('not a workbook').toString('base64'), commit: true }, site.token))
      .rejects.toMatchObject({ code: 'VALIDATION' });
    expect(snapshot(t.app)).toEqual(before);
  });

  it('the template has the columns and a sheet of instructions', async () => {
    t = openTestApp();
    const site = await labourSite(t);
    const file = await t.call('attendance.importTemplate', {}, site.token);
    const rows = await readXlsxRows(Buffer.from(file.dataBase64, 'base64'));
    expect(rows[0]).toEqual(['人员编号*', '姓名', '打卡时间*', '进出方向', '设备']);
  });
});
