// Attendance through the real dispatcher: 班前签到 (a card tap on the simulator, a pick from the
// list), 补卡 approved by the 项目负责人 only, the 月度考勤表 with its days and hours (team moves
// counted where they belong, a night shift on its start day), its PDF and Excel, the today board,
// and what another domain asks: workerMonth.
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf, MANAGER, openTestApp, snapshot, type TestApp } from '../support/app';
import { OPERATOR } from '../support/fixtures';
import { hireInput, labourSite, workerOnSite, type LabourSite } from '../support/labour-helpers';
import { consistencyProblems } from '../support/issue9-db-checks';
import { receivePush, deviceBySerial } from '../../electron/services/labour/gate-intake';
import { workerMonth } from '../../electron/services/labour/attendance';
import { readXlsxRows, pdfText } from '../support/labour-files';
import { waitForTask } from '../../electron/services/tasks';
import { RESIDENT_ZHANG, SAMPLE_CARDS } from '../../electron/common/idcard';

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

/** Punches pushed as a gate would, through the intake (the HTTP side is labour-gates.test.ts). */
async function gatePunches(t: TestApp, site: LabourSite, serial: string, direction: 'in' | 'out', punches: [string, string][]) {
  if (!deviceBySerial(t.app.services, serial)) await t.call('devices.create', { vendor: 'zkteco', serial, direction }, site.token);
  const device = deviceBySerial(t.app.services, serial)!;
  await receivePush(t.app.services, device, {
    vendor: 'zkteco', serial, path: '/iclock/cdata', remote: '127.0.0.1', body: Buffer.from('test'), rejected: [], ignored: 0,
    punches: punches.map(([personRef, punchedAt]) => ({ personRef, punchedAt, verifyMode: 'face', payload: `${personRef}\t${punchedAt}` })),
  });
}

describe('班前签到', () => {
  it('signs a worker in by card tap (the reader, not the client, says who) or by a pick, once a day; the list shows who is missing', async () => {
    t = openTestApp();
    const site = await labourSite(t);
    await t.call('idcard.saveConfig', { pluginId: 'simulator', settings: { mode: 'cycle', delayMs: 0 } }, site.token);
    // The simulator's first card is 张… : hire that person.
    const zhang = (await t.call('workers.hire', hireInput(1, site.participant.id, '2020-02-17', { idNumber: RESIDENT_ZHANG.idNumber, name: RESIDENT_ZHANG.name }), site.token)).worker;
    await t.call('workers.dispatch', { workerId: zhang.id, teamId: site.team.id, dispatchedOn: '2020-02-17' }, site.token);
    await t.call('workers.enter', { workerId: zhang.id, enteredOn: '2020-02-17' }, site.token);
    const other = await workerOnSite(t, site, 2, '2020-02-17');

    let list = await t.call('attendance.signInList', { teamId: site.team.id }, site.token);
    expect(list.rows.map((r) => r.firstIn)).toEqual([null, null]);
    const byCard = await t.call('attendance.signInByCard', { teamId: site.team.id }, site.token);
    expect(byCard).toMatchObject({ workerId: zhang.id, name: RESIDENT_ZHANG.name, at: '2020-02-17 09:00:00', duplicate: false, teamName: '钢筋一班', otherTeam: false });
    const source = t.app.services.sqlite.prepare('select source, verify_mode, created_by from attendance_punches').get();
    expect(source).toMatchObject({ source: 'sign_in', verify_mode: 'idcard' });
    // The next card of the simulator is someone not hired here: refused by name.
    const stranger = await errorOf(() => t!.call('attendance.signInByCard', {}, site.token));
    expect(stranger.message).toContain(`${SAMPLE_CARDS[1]!.name}`);
    expect(stranger.message).toContain('未在本项目聘用登记');

    list = await t.call('attendance.signInList', { teamId: site.team.id }, site.token);
    expect(list.rows.find((r) => r.workerId === other.id)!.firstIn).toBeNull();
    expect(await t.call('attendance.signIn', { workerId: other.id }, site.token)).toMatchObject({ duplicate: false });
    expect(await t.call('attendance.signIn', { workerId: other.id }, site.token)).toMatchObject({ duplicate: true });
    list = await t.call('attendance.signInList', { teamId: site.team.id }, site.token);
    expect(list.rows.every((r) => r.firstIn === '09:00:00' && r.firstInSource === 'sign_in')).toBe(true);
    expect(t.app.services.sqlite.prepare("select count(*) from attendance_punches where source = 'sign_in'").pluck().get()).toBe(2);
  });

  it('refuses a worker not on site', async () => {
    t = openTestApp();
    const site = await labourSite(t);
    const { worker } = await t.call('workers.hire', hireInput(1, site.participant.id, '2020-02-17'), site.token);
    expect((await errorOf(() => t!.call('attendance.signIn', { workerId: worker.id }, site.token))).message).toContain('未进场');
  });
});

describe('补卡', () => {
  it('counts only once the 项目负责人 approves; an operator may ask but not approve; both names and times are kept', async () => {
    t = openTestApp();
    const site = await labourSite(t);
    const w = await workerOnSite(t, site, 1, '2020-02-14');
    await gatePunches(t, site, 'ZK-IN', 'in', [[w.workerNo, '2020-02-16 07:00:00']]);
    await t.call('operators.create', { ...OPERATOR, realNamePermission: true }, site.token);
    const op = await t.signIn(OPERATOR.idNumber, OPERATOR.password);
    const [project] = await t.call('projects.list', {}, op);
    await t.call('projects.enter', { projectId: project!.id }, op);

    let month = workerMonth(t.app.services, project!.id, w.id, '2020-02');
    expect(month.days[15]).toMatchObject({ present: false, anomalies: [{ kind: 'missingOut' }] });
    const future = await errorOf(() => t!.call('attendance.requestMakeup', { workerId: w.id, punchedAt: '2020-02-17 18:00', direction: 'out', reason: '闸机故障' }, op));
    expect(future.message).toContain('不能晚于现在');
    const asked = await t.call('attendance.requestMakeup', { workerId: w.id, punchedAt: '2020-02-16 17:30', direction: 'out', reason: '出场闸机断电' }, op);
    expect(asked).toMatchObject({ state: 'pending', requestedByName: OPERATOR.name, punchedAt: '2020-02-16 17:30:00' });
    // Pending counts for nothing yet.
    expect(workerMonth(t.app.services, project!.id, w.id, '2020-02').days[15]!.present).toBe(false);
    const before = snapshot(t.app);
    const refused = await errorOf(() => t!.call('attendance.decideMakeup', { makeupId: asked.id, approve: true, note: '' }, op));
    expect(refused.code).toBe('FORBIDDEN');
    expect(snapshot(t.app)).toEqual(before);

    const approved = await t.call('attendance.decideMakeup', { makeupId: asked.id, approve: true, note: '核实属实' }, site.token);
    expect(approved).toMatchObject({ state: 'approved', decidedByName: MANAGER.name, decisionNote: '核实属实' });
    month = workerMonth(t.app.services, project!.id, w.id, '2020-02');
    expect(month.days[15]).toMatchObject({ present: true, minutes: 630, anomalies: [] });
    expect(month).toMatchObject({ attendanceDays: 1, hoursTenths: 105 });
    const punch = t.app.services.sqlite.prepare("select * from attendance_punches where source = 'makeup'").get() as { makeup_id: string; payload: string; created_by: string };
    expect(punch.makeup_id).toBe(asked.id);
    expect(JSON.parse(punch.payload)).toMatchObject({ reason: '出场闸机断电', approvedAt: expect.any(String) });
    expect((await errorOf(() => t!.call('attendance.decideMakeup', { makeupId: asked.id, approve: false, note: '改主意' }, site.token))).message).toContain('已审批');
    // A rejection needs a reason.
    const second = await t.call('attendance.requestMakeup', { workerId: w.id, punchedAt: '2020-02-15 07:00', direction: 'in', reason: '忘带卡' }, op);
    expect((await errorOf(() => t!.call('attendance.requestMakeup', { workerId: w.id, punchedAt: '2020-02-13 07:00', direction: 'in', reason: '忘带卡' }, op))).message).toContain('早于聘用日期');
    expect((await errorOf(() => t!.call('attendance.decideMakeup', { makeupId: second.id, approve: false, note: '' }, site.token))).message).toContain('审批意见');
    expect(consistencyProblems(t.app.services.sqlite)).toEqual([]);
  });
});

describe('月度考勤表', () => {
  it('a team\'s month: days and hours where the worker was in the team, the night shift on its start day, anomalies counted', async () => {
    t = openTestApp(); // the clock: 2020-02-17 09:00
    const site = await labourSite(t);
    const second = await t.call('teams.create', { employerId: site.participant.id, name: '钢筋二班', workType: '020' }, site.token);
    const a = await workerOnSite(t, site, 1, '2020-02-01');
    const b = await workerOnSite(t, site, 2, '2020-02-01');
    await gatePunches(t, site, 'ZK-IN', 'in', [
      [a.workerNo, '2020-02-03 07:00:00'], [a.workerNo, '2020-02-04 07:00:00'], [a.workerNo, '2020-02-05 20:00:00'],
      [b.workerNo, '2020-02-03 07:30:00'], [b.workerNo, '2020-02-10 07:00:00'],
    ]);
    await gatePunches(t, site, 'ZK-OUT', 'out', [
      [a.workerNo, '2020-02-03 17:00:00'], [a.workerNo, '2020-02-06 06:00:00'],
      [b.workerNo, '2020-02-03 16:00:00'], [b.workerNo, '2020-02-10 17:00:00'],
    ]);
    // b moves to the second team on the 8th: the 10th is on that team's sheet, not this one's.
    await t.call('workers.dispatch', { workerId: b.id, teamId: second.id, dispatchedOn: '2020-02-08' }, site.token);

    const sheet = await t.call('attendance.monthSheet', { month: '2020-02', teamId: site.team.id }, site.token);
    expect(sheet.days).toHaveLength(29);
    const rowA = sheet.rows.find((r) => r.workerId === a.id)!;
    expect(rowA.days[2]).toMatchObject({ present: true, hours: 10 });
    expect(rowA.days[3]).toMatchObject({ present: false, anomaly: true }); // in at 07:00 on the 4th, no out
    expect(rowA.days[4]).toMatchObject({ present: true, hours: 10 }); // 20:00 → 06:00, on the 5th
    expect(rowA.days[5]).toMatchObject({ present: false, anomaly: false });
    expect(rowA).toMatchObject({ attendanceDays: 2, hoursTenths: 200, anomalies: 1 });
    const rowB = sheet.rows.find((r) => r.workerId === b.id)!;
    expect(rowB).toMatchObject({ attendanceDays: 1, hoursTenths: 85 });
    expect(sheet.presentPerDay[2]).toBe(2);
    const other = await t.call('attendance.monthSheet', { month: '2020-02', teamId: second.id }, site.token);
    expect(other.rows).toMatchObject([{ workerId: b.id, attendanceDays: 1, hoursTenths: 100 }]);
    // The whole project: b's whole month in one row.
    const all = await t.call('attendance.monthSheet', { month: '2020-02' }, site.token);
    expect(all.rows.find((r) => r.workerId === b.id)).toMatchObject({ attendanceDays: 2, hoursTenths: 185, teamName: '钢筋二班' });

    // The same on paper and in Excel.
    const { taskId } = await t.call('attendance.startMonthSheetPdf', { month: '2020-02', teamId: site.team.id }, site.token);
    const pdf = (await waitForTask(() => t!.call('tasks.get', { taskId }, site.token))).file!;
    const text = pdfText(Buffer.from(pdf.dataBase64, 'base64'));
    expect(text).toContain('月度考勤表(2020-02)');
    expect(text).toContain(a.name);
    expect(text).toContain('20.0');
    expect(text).toContain('班组长签名');
    const xlsx = await t.call('attendance.monthSheetXlsx', { month: '2020-02', teamId: site.team.id }, site.token);
    const rows = await readXlsxRows(Buffer.from(xlsx.dataBase64, 'base64'));
    const header = rows[0]!;
    const xa = rows.find((r) => r.includes(a.name))!;
    expect(xa[header.indexOf('3')]).toBe('10.0');
    expect(xa[header.indexOf('4')]).toBe('△');
    expect(xa[header.indexOf('工时')]).toBe('20.0');
  });
});

describe('the 月度考勤表 PDF task', () => {
  it('取消 hands over no file; the task is seen only by the account that started it', async () => {
    t = openTestApp();
    const site = await labourSite(t);
    const a = await workerOnSite(t, site, 1, '2020-02-01');
    await gatePunches(t, site, 'ZK-IN', 'in', [[a.workerNo, '2020-02-03 07:00:00']]);
    const { taskId } = await t.call('attendance.startMonthSheetPdf', { month: '2020-02' }, site.token);
    // Asked for at once: the work has not begun when 取消 arrives, and it ends without a file.
    expect((await t.call('tasks.cancel', { taskId }, site.token)).state).toBe('running');
    const ended = await waitForTask(() => t!.call('tasks.get', { taskId }, site.token));
    expect(ended).toMatchObject({ state: 'cancelled', file: null });

    await t.call('operators.create', { ...OPERATOR, realNamePermission: true }, site.token);
    const op = await t.signIn(OPERATOR.idNumber, OPERATOR.password);
    const [project] = await t.call('projects.list', {}, op);
    await t.call('projects.enter', { projectId: project!.id }, op);
    expect((await errorOf(() => t!.call('tasks.get', { taskId }, op))).code).toBe('NOT_FOUND');
    const own = await t.call('attendance.startMonthSheetPdf', { month: '2020-02' }, op);
    const done = await waitForTask(() => t!.call('tasks.get', { taskId: own.taskId }, op));
    expect(done.state).toBe('done');
    expect(pdfText(Buffer.from(done.file!.dataBase64, 'base64'))).toContain(a.name);
  });
});

describe('the today board', () => {
  it('今日出勤, 在场未打卡 and 异常', async () => {
    t = openTestApp();
    const site = await labourSite(t);
    const a = await workerOnSite(t, site, 1, '2020-02-16');
    const b = await workerOnSite(t, site, 2, '2020-02-16');
    await workerOnSite(t, site, 3, '2020-02-16');
    await gatePunches(t, site, 'ZK-IN', 'in', [[a.workerNo, '2020-02-16 07:00:00'], [a.workerNo, '2020-02-17 07:00:00'], ['8888', '2020-02-17 07:10:00']]);
    await t.call('attendance.signIn', { workerId: b.id }, site.token);
    const board = await t.call('attendance.today', {}, site.token);
    expect(board).toMatchObject({ date: '2020-02-17', onSite: 3, attendanceToday: 2 });
    expect(board.notPunched.map((w) => w.workerNo)).toEqual(['1003']);
    expect(board.anomalies.map((x) => x.kind).sort()).toEqual(['missingOut', 'unmatched']);
    expect(board.insPerHour[7]).toBe(1);
    expect(board.insPerHour[9]).toBe(1);
  });
});
