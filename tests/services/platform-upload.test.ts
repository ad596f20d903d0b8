// 上报 against the stand-in platform (a real HTTP server, electron/cli/platform-standin.ts): a whole
// project in order from an empty platform; a worker without 班组 held back alone; a wrong secret
// stopping the pass; status 10 shown with its message and retried once fixed; a time-out whose
// write had arrived resolved by looking it up, never by sending it twice.
import { afterEach, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../support/app';
import { hireInput, labourSite, workerOnSite, type LabourSite } from '../support/labour-helpers';
import { PlatformStandIn } from '../../electron/cli/platform-standin';
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

async function setUp(secret = SECRET): Promise<{ t: TestApp; site: LabourSite; platform: PlatformStandIn }> {
  t = openTestApp();
  const clock = t.clock;
  platform = new PlatformStandIn({ apps: { [APPID]: SECRET }, processDelayMs: 5, now: () => clock.now() });
  await platform.listen();
  const site = await labourSite(t);
  await t.call('platform.saveSettings', { endpoint: platform.url, appid: APPID, secret, version: '1.0' }, site.token);
  return { t, site, platform };
}

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

    const report = await pass(t);
    expect(platformRecords(t.app.services, projectIdOf(t), { state: 'failed', page: 1, pageSize: 20 }).rows).toEqual([]);
    expect(report.outcome).toBe('ok');
    expect(platform.corps.size).toBe(1);
    expect(platform.teams.size).toBe(1);
    expect(platform.workers.size).toBe(2);
    expect(platform.contracts).toHaveLength(2);
    expect(platform.entryExits.map((e) => e.type).sort()).toEqual(['0', '1', '1']);
    expect(platform.attendance).toHaveLength(2);
    expect(platform.duplicates).toBe(0);
    // The order of the standard: each method's first write after the previous method's last.
    const order = ['ProjectSubContractor.Add', 'Team.Add', 'ProjectWorker.Add', 'WorkerContract.Add', 'WorkerEntryExit.Add', 'WorkerAttendance.Add'];
    const positions = platform.writes.map((w) => order.indexOf(w.method));
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(new Set(positions).size).toBe(6);
    // The platform's teamSysNo is remembered, and the ID numbers went encrypted.
    const team = t.app.services.sqlite.prepare(`select platform_key from platform_records where kind = 'team'`).get() as { platform_key: string };
    expect(team.platform_key).toBe([...platform.teams.keys()][0]);
    expect(String([...platform.workers.values()][0]!.idCardNumber)).not.toMatch(/^\d{17}/);
    expect(counts(t).attendance).toEqual({ waiting: 0, sent: 0, done: 2, failed: 0 });
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
