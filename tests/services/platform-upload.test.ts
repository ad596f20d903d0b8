// 上报 against the stand-in platform (a real HTTP server, electron/cli/platform-standin.ts): a whole
// project in order from an empty platform; a worker without 班组 held back alone; a wrong secret
// stopping the pass; status 10 shown with its message and retried once fixed; a time-out whose
// write had arrived resolved by looking it up, never by sending it twice. 工资: a locked month
// after its attendance, a 补发 after its original, an unlocked ledger held back.
import { afterEach, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../support/app';
import { PNG_BYTES } from '../support/fixtures';
import { cardNumber, hireInput, labourSite, workerOnSite, type LabourSite } from '../support/labour-helpers';
import { attend, days, payrollSite, signInAgain, type PayrollSite } from '../support/payroll-helpers';
import { PlatformStandIn } from '../../electron/cli/platform-standin';
import { decryptField } from '../../electron/services/platform/protocol';
import { UploadPass, type PassReport } from '../../electron/services/platform/queue';
import { connectionOf } from '../../electron/services/platform/settings';
import { platformStatus, platformRecords } from '../../electron/services/platform/jobs';

const SECRET = 'k3Yp9QmT2vXz7LbN4cR8sWd6Fh1Jg5Ua';
const APPID = 'site-app-001';

let t: TestApp | undefined;
let platform: PlatformStandIn | undefined;
afterEach(async () => {
  await platform?.close();
  t?.close();
  platform = t = undefined;
});

async function setUp<S extends LabourSite = LabourSite>(secret = SECRET, build: (t: TestApp) => Promise<S> = labourSite as (t: TestApp) => Promise<S>): Promise<{ t: TestApp; site: S; platform: PlatformStandIn }> {
  t = openTestApp();
  const clock = t.clock;
  platform = new PlatformStandIn({ apps: { [APPID]: SECRET }, processDelayMs: 5, now: () => clock.now(), keepWrites: true });
  await platform.listen();
  const site = await build(t);
  await t.call('platform.saveSettings', { endpoint: platform.url, appid: APPID, secret, version: '1.0' }, site.token);
  return { t, site, platform };
}

const ACCOUNT = { accountBank: '中国工商银行上海市分行', accountNo: '1001 2345 6789 0123 456', accountName: '上海建工集团股份有限公司人工费专用账户' };

/** 班组长核对 → 工人确认 (the signed sheet) → 项目负责人审核 → 锁定, as the 项目负责人. */
async function lock(t: TestApp, token: string, ledgerId: string): Promise<void> {
  await t.call('payroll.submit', { ledgerId }, token);
  await t.call('payroll.confirm', { ledgerId, signedSheet: { fileName: '签字表.png', mime: 'image/png', dataBase64: PNG_BYTES.toString('base64') } }, token);
  await t.call('payroll.approve', { ledgerId, note: '' }, token);
  await t.call('payroll.lock', { ledgerId }, token);
}

/** April attended by the three workers of payrollSite (10, 10 and 8 days), the clock on 2 May; the ledger generated, 计件 quantity entered. */
async function aprilLedger(t: TestApp, site: PayrollSite): Promise<string> {
  await attend(t, site, site.daily.workerNo, days('2024-04', 1, 10));
  await attend(t, site, site.monthly.workerNo, days('2024-04', 1, 10));
  await attend(t, site, site.piece.workerNo, days('2024-04', 3, 10));
  t.clock.set('2024-05-02T09:00:00+08:00');
  await signInAgain(t, site);
  const { ledgers } = await t.call('payroll.generate', { month: '2024-04' }, site.token);
  const detail = await t.call('payroll.ledger', { ledgerId: ledgers[0]!.id }, site.token);
  await t.call('payroll.updateRow', { rowId: detail.rows.find((r) => r.workerId === site.piece.id)!.id, quantity: '12.5' }, site.token);
  return ledgers[0]!.id;
}

const payMethods = (platform: PlatformStandIn) => platform.writes.filter((w) => w.method === 'Payroll.Add').length;

function pass(t: TestApp, options: { timeoutMs?: number; settleMs?: number } = {}): Promise<PassReport> {
  const projectId = t.app.services.sqlite.prepare('select id from projects').get() as { id: string };
  const found = connectionOf(t.app.services, projectId.id);
  if ('problem' in found) throw new Error(found.problem);
  return new UploadPass(t.app.services, projectId.id, {
    connection: found.connection, projectCode: found.settings.projectCode, timeoutMs: options.timeoutMs ?? 5000,
    author: { at: t.clock.now().toISOString(), actorId: null, actorName: '测试', projectId: projectId.id },
    pollBaseMs: 5, pollMaxMs: 20, settleMs: options.settleMs ?? 60_000,
  }).run();
}

const projectIdOf = (t: TestApp) => (t.app.services.sqlite.prepare('select id from projects').get() as { id: string }).id;
const counts = (t: TestApp) => Object.fromEntries(platformStatus(t.app.services, projectIdOf(t)).kinds.map((k) => [k.kind, { waiting: k.waiting, sent: k.sent, done: k.done, failed: k.failed }]));

describe('上报 to the stand-in platform', () => {
  it('uploads a whole project in order from an empty platform, and a second pass sends nothing', async () => {
    const { t, site, platform } = await setUp();
    const a = await workerOnSite(t, site, 1, '2020-02-17');
    const b = await workerOnSite(t, site, 2, '2020-02-17');
    await t.call('attendance.signIn', { workerId: a.id }, site.token);
    await t.call('attendance.signIn', { workerId: b.id }, site.token);
    await t.call('workers.exit', { workerId: b.id, exitedOn: '2020-02-17', reason: '合同期满' }, site.token);
    // The month's wages, locked, paid from the project's 人工费专用账户.
    await t.call('teams.update', { teamId: site.team.id, name: '钢筋一班', workType: '020', leaderWorkerId: a.id, disbandedOn: null }, site.token);
    await t.call('payroll.saveSettings', ACCOUNT, site.token);
    const { ledgers } = await t.call('payroll.generate', { month: '2020-02' }, site.token);
    await lock(t, site.token, ledgers[0]!.id);

    const report = await pass(t);
    expect(platformRecords(t.app.services, projectIdOf(t), { state: 'failed', page: 1, pageSize: 20 }).rows).toEqual([]);
    expect(report.outcome).toBe('ok');
    expect(platform.corps.size).toBe(1);
    expect(platform.teams.size).toBe(1);
    expect(platform.workers.size).toBe(2);
    expect(platform.contracts).toHaveLength(2);
    expect(platform.entryExits.map((e) => e.type).sort()).toEqual(['0', '1', '1']);
    expect(platform.attendance).toHaveLength(2);
    expect(platform.payrolls.map((p) => [p.payMonth, p.isBackPay, p.teamSysNo])).toEqual([['2020-02', 0, [...platform.teams.keys()][0]], ['2020-02', 0, [...platform.teams.keys()][0]]]);
    expect(platform.duplicates).toBe(0);
    // The order of the standard: each method's first write after the previous method's last.
    const order = ['ProjectSubContractor.Add', 'Team.Add', 'ProjectWorker.Add', 'WorkerContract.Add', 'WorkerEntryExit.Add', 'WorkerAttendance.Add', 'Payroll.Add'];
    const positions = platform.writes.map((w) => order.indexOf(w.method));
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(new Set(positions).size).toBe(7);
    // The platform's teamSysNo is remembered, and the ID numbers went encrypted.
    const team = t.app.services.sqlite.prepare(`select platform_key from platform_records where kind = 'team'`).get() as { platform_key: string };
    expect(team.platform_key).toBe([...platform.teams.keys()][0]);
    expect(String([...platform.workers.values()][0]!.idCardNumber)).not.toMatch(/^\d{17}/);
    expect(counts(t).attendance).toEqual({ waiting: 0, sent: 0, done: 2, failed: 0 });
    expect(counts(t).payroll).toEqual({ waiting: 0, sent: 0, done: 2, failed: 0 });
    // The ledger's figures, and the card numbers encrypted like the ID numbers.
    const rows = t.app.services.sqlite.prepare(`select r.id, r.net_fen, r.gross_fen, r.attendance_days, r.worker_id from payroll_rows r`).all() as { id: string; net_fen: number; gross_fen: number; attendance_days: number; worker_id: string }[];
    const sentA = platform.payrolls.find((p) => p.thirdPayRollCode === rows.find((r) => r.worker_id === a.id)!.id)!;
    const rowA = rows.find((r) => r.worker_id === a.id)!;
    expect(sentA).toMatchObject({ days: rowA.attendance_days, actualAmount: (rowA.net_fen / 100).toFixed(2), totalPayAmount: (rowA.gross_fen / 100).toFixed(2), balanceDate: '2020-02-17' });
    const detail = platform.keptWrites.find((w) => w.method === 'Payroll.Add')!.data.detailList as Record<string, string>[];
    expect(detail.map((d) => decryptField(d.payRollBankCardNumber!, SECRET)).sort()).toEqual([cardNumber(1), cardNumber(2)].sort());
    expect(decryptField(detail[0]!.payBankCardNumber!, SECRET)).toBe('1001234567890123456');
    expect(detail[0]!.payBankCode).toBe('102');
    // The full ID numbers left the PC: on the audit trail.
    expect((t.app.services.sqlite.prepare(`select count(*) n from audit_log where action = 'platform_upload'`).get() as { n: number }).n).toBe(1);

    const writes = platform.writes.length;
    expect((await pass(t)).outcome).toBe('ok');
    expect(platform.writes.length).toBe(writes);
  });

  it('holds back a worker without 班组 and only what depends on him; sends him once dispatched', async () => {
    const { t, site, platform } = await setUp();
    await workerOnSite(t, site, 1, '2020-02-17');
    const loner = (await t.call('workers.hire', hireInput(3, site.participant.id, '2020-02-17'), site.token)).worker;
    const report = await pass(t);
    expect(report.outcome).toBe('failures');
    expect(platform.workers.size).toBe(1);
    const failed = platformRecords(t.app.services, projectIdOf(t), { state: 'failed', page: 1, pageSize: 20 });
    expect(failed.rows).toHaveLength(1);
    expect(failed.rows[0]).toMatchObject({ kind: 'worker', failedBy: 'check', subjectId: loner.id });
    expect(failed.rows[0]!.message).toContain('没有班组');
    expect(failed.rows[0]!.hint).toContain('派工登记');
    const waiting = platformRecords(t.app.services, projectIdOf(t), { state: 'waiting', page: 1, pageSize: 20 });
    expect(waiting.rows.map((r) => [r.kind, r.waitingFor])).toEqual([['contract', expect.stringContaining('未能上报')]]);

    await t.call('workers.dispatch', { workerId: loner.id, teamId: site.team.id, dispatchedOn: '2020-02-17' }, site.token);
    expect((await pass(t)).outcome).toBe('ok');
    expect(platform.workers.size).toBe(2);
    expect(platform.contracts).toHaveLength(2);
    expect(platform.duplicates).toBe(0);
  });

  it('stops at a wrong secret with what to do, and goes on once it is corrected', async () => {
    const { t, site, platform } = await setUp('WRONGwrongWRONGwrongWRONGwrong12');
    await workerOnSite(t, site, 1, '2020-02-17');
    const report = await pass(t);
    expect(report.outcome).toBe('stopped');
    expect(report.message).toContain('签名错误');
    expect(report.hint).toContain('设置 › 上报');
    expect(platform.writes).toHaveLength(0);
    expect(counts(t).participant).toEqual({ waiting: 1, sent: 0, done: 0, failed: 0 });
    await t.call('platform.saveSettings', { secret: SECRET }, site.token);
    expect((await pass(t)).outcome).toBe('ok');
    expect(platform.workers.size).toBe(1);
  });

  it('shows a status 10 with the platform message, holds back its dependants, and sends it again on 重新上报', async () => {
    const { t, site, platform } = await setUp();
    await workerOnSite(t, site, 1, '2020-02-17');
    platform.failNext(1, '统一社会信用代码在国家企业信用信息库中不存在');
    const report = await pass(t);
    expect(report.outcome).toBe('failures');
    const [failed] = platformRecords(t.app.services, projectIdOf(t), { state: 'failed', page: 1, pageSize: 20 }).rows;
    expect(failed).toMatchObject({ kind: 'participant', failedBy: 'platform', message: '统一社会信用代码在国家企业信用信息库中不存在' });
    expect(platform.teams.size).toBe(0);
    // Not sent again by itself: unchanged, it would be refused again.
    await pass(t);
    expect(platform.writes.filter((w) => w.method === 'ProjectSubContractor.Add')).toHaveLength(1);
    await t.call('platform.retry', { recordId: failed!.id }, site.token);
    expect((await pass(t)).outcome).toBe('ok');
    expect(platform.workers.size).toBe(1);
  });

  it('after a time-out looks the write up on the platform before sending anything again', async () => {
    const { t, site, platform } = await setUp();
    await workerOnSite(t, site, 1, '2020-02-17');
    platform.holdAnswers(1, 1500);
    const report = await pass(t, { timeoutMs: 300 });
    expect(report.outcome).toBe('offline');
    expect(report.message).toContain('没有应答');
    expect(report.retryAt).not.toBeNull();
    expect(platform.corps.size).toBe(1); // it arrived; only its answer was late
    // Too soon to tell: it waits for the settling time and sends nothing.
    await pass(t);
    expect(platform.writes).toHaveLength(1);
    expect(counts(t).participant?.sent).toBe(1);
    const done = await pass(t, { settleMs: 0 });
    expect(done.outcome).toBe('ok');
    expect(platform.writes.filter((w) => w.method === 'ProjectSubContractor.Add')).toHaveLength(1);
    expect(platform.duplicates).toBe(0);
    expect(platform.workers.size).toBe(1);
  });
});

describe('工资 to the stand-in platform', () => {
  it('sends a 补发 after its original, as the difference, even when both were locked before the upload', async () => {
    const { t, site, platform } = await setUp(SECRET, payrollSite);
    await t.call('payroll.saveSettings', ACCOUNT, site.token);
    const original = await aprilLedger(t, site);
    await lock(t, site.token, original);
    // Two April days of the 按日 worker arrive late from a gate: a 补发 of the month, locked too.
    await attend(t, site, site.daily.workerNo, days('2024-04', 11, 12));
    const adjustment = await t.call('payroll.createAdjustment', { ledgerId: original, reason: '闸机补传 4月11日、12日考勤' }, site.token);
    await lock(t, site.token, adjustment.ledger.id);

    const report = await pass(t);
    expect(platformRecords(t.app.services, projectIdOf(t), { state: 'failed', page: 1, pageSize: 20 }).rows).toEqual([]);
    expect(report.outcome).toBe('ok');
    // Only the worker paid more has a 补发; its original month went in an earlier call.
    const daily = adjustment.rows.find((r) => r.workerId === site.daily.id)!;
    expect(platform.payrolls.map((p) => [p.thirdPayRollCode === daily.id, p.isBackPay, p.payMonth, p.backPayMonth])).toEqual([
      [false, 0, '2024-04', null], [false, 0, '2024-04', null], [false, 0, '2024-04', null], [true, 1, '2024-05', '2024-04'],
    ]);
    expect(platform.payrolls[3]).toMatchObject({ actualAmount: '700.00', totalPayAmount: '700.00', days: 12 });
    expect(payMethods(platform)).toBe(2);
    expect(counts(t).payroll).toEqual({ waiting: 0, sent: 0, done: 4, failed: 0 });
    expect(platform.duplicates).toBe(0);
    // Nothing is sent twice.
    expect((await pass(t)).outcome).toBe('ok');
    expect(payMethods(platform)).toBe(2);
  });

  it('a 补发 locked after the month was uploaded goes alone, once', async () => {
    const { t, site, platform } = await setUp(SECRET, payrollSite);
    await t.call('payroll.saveSettings', ACCOUNT, site.token);
    const original = await aprilLedger(t, site);
    await lock(t, site.token, original);
    expect((await pass(t)).outcome).toBe('ok');
    expect(platform.payrolls).toHaveLength(3);
    await attend(t, site, site.daily.workerNo, days('2024-04', 11, 12));
    const adjustment = await t.call('payroll.createAdjustment', { ledgerId: original, reason: '闸机补传' }, site.token);
    // Not locked: the 补发 waits, and so do its late punches' wages (the punches themselves go).
    expect((await pass(t)).outcome).toBe('ok');
    expect(platform.payrolls).toHaveLength(3);
    expect(platform.attendance).toHaveLength(2 * (10 + 10 + 8 + 2));
    await lock(t, site.token, adjustment.ledger.id);
    expect((await pass(t)).outcome).toBe('ok');
    expect(platform.payrolls.slice(3).map((p) => [p.isBackPay, p.backPayMonth, p.actualAmount])).toEqual([[1, '2024-04', '700.00']]);
    expect(platform.duplicates).toBe(0);
  });

  it('a Payroll.Add whose answer was lost is looked up (Payroll.Query) before anything is sent again', async () => {
    const { t, site, platform } = await setUp(SECRET, payrollSite);
    await t.call('payroll.saveSettings', ACCOUNT, site.token);
    const ledgerId = await aprilLedger(t, site); // signs in again: site.token changes
    await lock(t, site.token, ledgerId);
    let held = false;
    platform.onWrite = (method) => {
      if (method !== 'Payroll.Add' || held) return;
      held = true;
      platform.holdAnswers(1, 1500);
    };
    expect((await pass(t, { timeoutMs: 300 })).outcome).toBe('offline');
    expect(platform.payrolls).toHaveLength(3); // it arrived; only its answer was late
    expect((await pass(t, { settleMs: 0 })).outcome).toBe('ok');
    expect(payMethods(platform)).toBe(1);
    expect(counts(t).payroll).toEqual({ waiting: 0, sent: 0, done: 3, failed: 0 });
    expect(platform.duplicates).toBe(0);
  });

  it('holds back a ledger that is not locked, and says so; catches a missing 人工费专用账户 before upload', async () => {
    const { t, site, platform } = await setUp(SECRET, payrollSite);
    const ledgerId = await aprilLedger(t, site);
    await t.call('payroll.submit', { ledgerId }, site.token);
    await t.call('payroll.confirm', { ledgerId, signedSheet: { fileName: '签字表.png', mime: 'image/png', dataBase64: PNG_BYTES.toString('base64') } }, site.token);
    await t.call('payroll.approve', { ledgerId, note: '' }, site.token);
    expect((await pass(t)).outcome).toBe('ok');
    expect(platform.attendance.length).toBeGreaterThan(0);
    expect(platform.payrolls).toHaveLength(0);
    expect(counts(t).payroll).toEqual({ waiting: 0, sent: 0, done: 0, failed: 0 });
    expect(platformStatus(t.app.services, projectIdOf(t)).kinds.find((k) => k.kind === 'payroll')!.note).toBe('另有 1 份工资支付台账未锁定,锁定后上报');

    await t.call('payroll.lock', { ledgerId }, site.token);
    expect((await pass(t)).outcome).toBe('failures');
    const failed = platformRecords(t.app.services, projectIdOf(t), { state: 'failed', kind: 'payroll', page: 1, pageSize: 20 }).rows;
    expect(failed).toHaveLength(3);
    expect(failed[0]).toMatchObject({ failedBy: 'check', message: expect.stringContaining('人工费专用账户未登记'), hint: expect.stringContaining('工资 › 设置') });
    expect(payMethods(platform)).toBe(0);

    await t.call('payroll.saveSettings', ACCOUNT, site.token);
    expect((await pass(t)).outcome).toBe('ok');
    expect(platform.payrolls).toHaveLength(3);
    expect(platformStatus(t.app.services, projectIdOf(t)).kinds.find((k) => k.kind === 'payroll')!.note).toBe('上报已锁定的工资支付台账;补发/更正按补发上报');
  });
});
