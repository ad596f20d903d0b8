// The gate receivers against stand-in devices over real HTTP (tests/support/gate-devices.ts): an
// unknown serial is refused and logged; a punch is answered only once committed (read back through
// a second connection to the file); a resend is stored once; a malformed line in a batch is
// reported while the good ones are kept; an unknown person id is kept as 未匹配 and can be matched
// by hand; Hikvision's multipart event brings its picture; a device clock off by ten minutes is
// flagged; twenty devices pushing at once are all answered.
import type http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../support/app';
import { JPEG_BYTES } from '../support/fixtures';
import { labourSite, workerOnSite, type LabourSite } from '../support/labour-helpers';
import { attlogLine, HikvisionDevice, request, UfaceDevice, ZktecoDevice } from '../support/gate-devices';
import { consistencyProblems } from '../support/issue9-db-checks';
import { createGateServer, listenGates } from '../../electron/server/gates/server';

let t: TestApp | undefined;
let server: http.Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server?.closeAllConnections();
  server = undefined;
  t?.close();
  t = undefined;
});

const DAY = '2020-02-17';

async function start(): Promise<{ t: TestApp; site: LabourSite; base: string }> {
  t = openTestApp();
  const site = await labourSite(t);
  server = createGateServer(t.app.services);
  const port = await listenGates(server, t.app.services, 0, '127.0.0.1');
  return { t, site, base: `http://127.0.0.1:${port}` };
}

/** The punches as a second connection to the database file sees them: what was committed. */
function committed(t: TestApp): { person_ref: string; punched_at: string; worker_id: string | null; source: string; payload_sha256: string; picture_sha256: string | null }[] {
  const db = new Database(path.join(t.dataDir, 'siteoffice.sqlite'), { readonly: true });
  try {
    return db.prepare('select * from attendance_punches order by punched_at, person_ref').all() as never;
  } finally {
    db.close();
  }
}

describe('ZKTeco PUSH', () => {
  it('refuses and logs an unknown serial; keeps good lines of a batch, reports the bad one; stores a resend once; keeps an unknown PIN as 未匹配', async () => {
    const { t, site, base } = await start();
    const gate = new ZktecoDevice(base, 'CN8A203360012');
    expect((await gate.handshake()).status).toBe(403);
    expect((await gate.poll()).status).toBe(403);
    const refusals = t.app.services.sqlite.prepare("select serial, message from gate_requests where status = 'refused'").all() as { serial: string; message: string }[];
    expect(refusals).toContainEqual({ serial: 'CN8A203360012', message: '设备序列号 CN8A203360012 未在设备管理中登记,已拒绝' });
    expect(committed(t)).toEqual([]);

    await t.call('devices.create', { vendor: 'zkteco', serial: 'CN8A203360012', direction: 'in', name: '东门进', location: '东门' }, site.token);
    const w = await workerOnSite(t, site, 1, DAY);
    expect((await gate.handshake()).status).toBe(200);
    expect((await gate.poll()).body).toBe('OK');
    const batch = [attlogLine(w.workerNo, `${DAY} 07:01:02`), 'garbage without tabs', attlogLine('9999', `${DAY} 07:02:00`), attlogLine(w.workerNo, '2020-02-30 07:03:00')];
    const first = await gate.upload(batch);
    expect(first.accepted).toBe(true);
    // Committed before the answer: a second connection sees both good lines.
    expect(committed(t).map((p) => [p.person_ref, p.punched_at, p.worker_id])).toEqual([[w.workerNo, `${DAY} 07:01:02`, w.id], ['9999', `${DAY} 07:02:00`, null]]);
    const log = t.app.services.sqlite.prepare("select status, accepted, rejected, unmatched, message from gate_requests where serial = ? and status != 'refused' order by id desc limit 1").get('CN8A203360012') as { status: string; accepted: number; rejected: number; unmatched: number; message: string };
    expect(log).toMatchObject({ status: 'partial', accepted: 2, rejected: 2, unmatched: 1 });
    expect(log.message).toContain('第 2 条 人员编号“garbage without tabs”无效');
    expect(log.message).toContain('第 4 条 时间“2020-02-30 07:03:00”无效');

    // The device did not get the answer and sends the same batch again: nothing new.
    expect((await gate.upload(batch)).accepted).toBe(true);
    expect(committed(t)).toHaveLength(2);
    const again = t.app.services.sqlite.prepare('select duplicates, accepted from gate_requests order by id desc limit 1').get() as { duplicates: number; accepted: number };
    expect(again).toEqual({ duplicates: 2, accepted: 0 });

    // 未匹配: on the 异常 list, then matched by hand to a worker hired later.
    const anomalies = await t.call('attendance.anomalies', { from: DAY, to: DAY, kind: 'unmatched' }, site.token);
    expect(anomalies).toMatchObject([{ kind: 'unmatched', personRef: '9999', deviceSerial: 'CN8A203360012', count: 1 }]);
    const w2 = await workerOnSite(t, site, 2, DAY);
    expect(await t.call('attendance.matchPunches', { personRef: '9999', deviceSerial: 'CN8A203360012', workerId: w2.id }, site.token)).toEqual({ matched: 1 });
    expect(committed(t).find((p) => p.person_ref === '9999')!.worker_id).toBe(w2.id);
    expect(consistencyProblems(t.app.services.sqlite)).toEqual([]);
  });

  it('a PIN padded with zeros, or the ID number, names the worker', async () => {
    const { t, site, base } = await start();
    await t.call('devices.create', { vendor: 'zkteco', serial: 'ZK-2', direction: 'out' }, site.token);
    const w = await workerOnSite(t, site, 1, DAY);
    const full = (await t.call('workers.get', { workerId: w.id }, site.token)).idNumber;
    const gate = new ZktecoDevice(base, 'ZK-2');
    await gate.handshake();
    expect((await gate.upload([attlogLine(`000${w.workerNo}`, `${DAY} 12:00:00`), attlogLine(full, `${DAY} 17:00:00`)])).accepted).toBe(true);
    expect(committed(t).map((p) => p.worker_id)).toEqual([w.id, w.id]);
  });

  it('a device clock ten minutes slow is flagged on a live push, not on a catch-up after an outage', async () => {
    const { t, site, base } = await start();
    await t.call('devices.create', { vendor: 'zkteco', serial: 'ZK-SLOW', direction: 'in' }, site.token);
    const w = await workerOnSite(t, site, 1, DAY);
    const gate = new ZktecoDevice(base, 'ZK-SLOW');
    // Back after an outage: the handshake, then the backlog (the test clock says 09:00); it says nothing of the clock.
    await gate.handshake();
    expect((await gate.upload([attlogLine(w.workerNo, `${DAY} 06:30:00`)])).accepted).toBe(true);
    expect(await t.call('attendance.anomalies', { from: DAY, to: DAY, kind: 'clockDrift' }, site.token)).toEqual([]);
    // Polling every minute for six minutes, then one punch the device stamps ten minutes before the PC's time.
    for (let i = 0; i < 6; i++) {
      t.clock.advanceMinutes(1);
      expect((await gate.poll()).body).toBe('OK');
    }
    expect((await gate.upload([attlogLine(w.workerNo, `${DAY} 08:56:00`)])).accepted).toBe(true);
    const drift = await t.call('attendance.anomalies', { from: DAY, to: DAY, kind: 'clockDrift' }, site.token);
    expect(drift).toMatchObject([{ kind: 'clockDrift', deviceSerial: 'ZK-SLOW', count: 1 }]);
    expect(drift[0]!.detail).toContain('慢约 10 分钟');
    expect((await t.call('devices.list', {}, site.token)).devices[0]!.clockOffsetSec).toBe(600);
    // A punch stamped in the future is a clock running ahead, whatever the contact.
    const fresh = new ZktecoDevice(base, 'ZK-SLOW');
    expect((await fresh.upload([attlogLine(w.workerNo, `${DAY} 09:20:00`)])).accepted).toBe(true);
    // The PC says 09:06: the worst of the day's two is 14 minutes ahead.
    const both = await t.call('attendance.anomalies', { from: DAY, to: DAY, kind: 'clockDrift' }, site.token);
    expect(both).toMatchObject([{ count: 2 }]);
    expect(both[0]!.detail).toContain('快约 14 分钟');
  });

  it('twenty devices pushing at once are each answered, every punch stored once', async () => {
    const { t, site, base } = await start();
    const workers: Awaited<ReturnType<typeof workerOnSite>>[] = [];
    for (let i = 1; i <= 5; i++) workers.push(await workerOnSite(t, site, i, DAY));
    const gates = Array.from({ length: 20 }, (_, i) => new ZktecoDevice(base, `ZK-${i}`));
    for (const g of gates) await t.call('devices.create', { vendor: 'zkteco', serial: g.serial, direction: 'in' }, site.token);
    const results = await Promise.all(gates.map((g, i) => g.upload(workers.map((w, j) => attlogLine(w.workerNo, `${DAY} 07:${String(i).padStart(2, '0')}:${String(j).padStart(2, '0')}`)))));
    expect(results.every((r) => r.accepted)).toBe(true);
    expect(committed(t)).toHaveLength(100);
    // One audit row per push (not per punch), naming the device and the range of its 5 changes.
    const pushes = t.app.services.sqlite.prepare("select actor_name, after from audit_log where action = 'gate_push'").all() as { after: string }[];
    expect(pushes).toHaveLength(20);
    expect(pushes.map((p) => JSON.parse(p.after) as { device: string; accepted: number; changes: { first: number; last: number } })
      .map((a) => [a.device, a.accepted, a.changes.last - a.changes.first + 1]).sort()).toEqual(gates.map((g) => [g.serial, 5, 5]).sort());
    expect(t.app.services.sqlite.prepare("select count(*) from audit_log where table_name = 'attendance_punches' and action = 'insert'").pluck().get()).toBe(0);
    expect(consistencyProblems(t.app.services.sqlite)).toEqual([]);
  });
});

describe('Hikvision ISAPI event push', () => {
  it('stores a face-verified event with its picture (multipart), a JSON one, and answers but keeps nothing of other events', async () => {
    const { t, site, base } = await start();
    await t.call('devices.create', { vendor: 'hikvision', serial: 'GN0953967', direction: 'in' }, site.token);
    await t.call('devices.create', { vendor: 'hikvision', serial: 'a4:d5:c2:00:00:01', direction: 'out' }, site.token);
    const w = await workerOnSite(t, site, 1, DAY);
    const unknown = new HikvisionDevice(base, 'GN0000000');
    expect((await unknown.push({ employeeNo: w.workerNo, dateTime: `${DAY}T07:00:00+08:00` })).answer.status).toBe(403);

    const entrance = new HikvisionDevice(base, 'GN0953967');
    expect((await entrance.push({ employeeNo: w.workerNo, dateTime: `${DAY}T07:05:09+08:00`, picture: JPEG_BYTES })).accepted).toBe(true);
    // Firmware without shortSerialNumber: the MAC address names the device; a UTC time is turned into site time.
    const exit = new HikvisionDevice(base, 'ignored', 'a4:d5:c2:00:00:01');
    expect((await exit.push({ employeeNo: w.workerNo, dateTime: `${DAY}T09:30:00Z`, withSerial: false })).accepted).toBe(true);
    // A stranger (75 passed, 76 failed) and a door event are answered, not kept.
    expect((await entrance.push({ employeeNo: '', dateTime: `${DAY}T07:06:00+08:00`, minor: 76 })).accepted).toBe(true);
    const rows = committed(t);
    expect(rows.map((p) => [p.punched_at, p.source, p.worker_id])).toEqual([[`${DAY} 07:05:09`, 'hikvision', w.id], [`${DAY} 17:30:00`, 'hikvision', w.id]]);
    // The picture is in the file store under its hash.
    expect(fs.readFileSync(t.app.services.files.pathOf(rows[0]!.picture_sha256!))).toEqual(JPEG_BYTES);
    // A resend of the same event (same device, person, time) is stored once.
    expect((await entrance.push({ employeeNo: w.workerNo, dateTime: `${DAY}T07:05:09+08:00`, picture: JPEG_BYTES })).accepted).toBe(true);
    expect(committed(t)).toHaveLength(2);
    // A body that is not an event is refused with ISAPI's answer.
    const bad = await request(base, 'POST', '/hikvision/event', '{not json', { 'Content-Type': 'application/json' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ statusCode: 6 });
  });
});

describe('Uface callback', () => {
  it('stores a recognition, leaves strangers and failures out, answers result 1 only when stored', async () => {
    const { t, site, base } = await start();
    await t.call('devices.create', { vendor: 'uface', serial: '84E0F420B8AB0C4A', direction: 'in' }, site.token);
    const w = await workerOnSite(t, site, 1, DAY);
    const panel = new UfaceDevice(base, '84E0F420B8AB0C4A');
    const at = Date.parse(`${DAY}T07:12:13+08:00`);
    expect(await panel.callback(w.workerNo, at, 'face_0', JPEG_BYTES.toString('base64'))).toMatchObject({ accepted: true });
    expect((await panel.callback('STRANGERBABY', at + 1000, 'face_2')).accepted).toBe(true);
    expect((await panel.callback(w.workerNo, at + 2000, 'face_2')).accepted).toBe(true);
    const rows = committed(t);
    expect(rows.map((p) => [p.punched_at, p.worker_id])).toEqual([[`${DAY} 07:12:13`, w.id]]);
    expect(rows[0]!.picture_sha256).toMatch(/^[0-9a-f]{64}$/);
    // The payload kept is the form without the picture, and its hash is the stored one's.
    const stored = t.app.services.sqlite.prepare('select payload from attendance_punches').pluck().get() as string;
    expect(JSON.parse(stored)).toMatchObject({ deviceKey: '84E0F420B8AB0C4A', personId: w.workerNo, type: 'face_0' });
    expect(stored).not.toContain('imgBase64');
    const unknown = new UfaceDevice(base, 'NOSUCHDEVICE');
    expect(await unknown.callback(w.workerNo, at, 'face_0')).toMatchObject({ accepted: false, answer: { status: 403 } });
  });
});
