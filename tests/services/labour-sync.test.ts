// The labour tables travel in sync bundles: a site's 参建单位, 班组, workers with 劳动合同 and 工资卡,
// devices, punches (gate, 班前签到, 补卡) reach the central store row for row, and 监督管理查询
// shows 在场 and 今日出勤 per project. A bundle that repeats itself changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importAck } from '../../electron/services/sync/ack';
import { receivePush, deviceBySerial } from '../../electron/services/labour/gate-intake';
import { JPEG_BYTES } from '../support/fixtures';
import { hireInput, participantInput, workerOnSite, type LabourSite } from '../support/labour-helpers';
import { bundleDir, cleanupBundleDirs, exportTo, importInto, openCentral, openSiteApp, trustBoth, type Central, type SiteApp } from './sync-support';

let central: Central | undefined;
let site: SiteApp | undefined;
afterEach(() => {
  site?.t.close();
  central?.t.close();
  cleanupBundleDirs();
});

const LABOUR_TABLES = ['teams', 'workers', 'dispatches', 'labour_contracts', 'wage_cards', 'attendance_devices', 'attendance_makeups', 'attendance_punches'];

function rows(t: SiteApp['t'], table: string): unknown[] {
  return t.app.services.sqlite.prepare(`select * from "${table}" order by id`).all();
}

describe('labour tables in sync bundles', () => {
  it('arrive row for row; 监督管理查询 shows 在场 and 今日出勤', async () => {
    central = await openCentral();
    site = await openSiteApp();
    trustBoth(site.t, central.t);
    const t = site.t;
    const token = site.token;
    await t.call('labour.saveSettings', { epidemicHidden: true }, token);
    const participant = await t.call('participants.create', participantInput(3), token);
    const team = await t.call('teams.create', { employerId: participant.id, name: '木工班', workType: '240' }, token);
    const labour: LabourSite = { token, participant, team };
    const a = await workerOnSite(t, labour, 1, '2020-02-17');
    const b = await workerOnSite(t, labour, 2, '2020-02-17');
    await workerOnSite(t, labour, 3, '2020-02-17');
    await t.call('workers.hire', { ...hireInput(4, participant.id, '2020-02-17'), photo: { format: 'jpeg', base64: JPEG_BYTES.toString('base64') } }, token);
    await t.call('devices.create', { vendor: 'uface', serial: 'UF-1', direction: 'in' }, token);
    await receivePush(t.app.services, deviceBySerial(t.app.services, 'UF-1')!, {
      vendor: 'uface', serial: 'UF-1', path: '/uface/callback', remote: '127.0.0.1', body: Buffer.from('x'), rejected: [], ignored: 0,
      punches: [{ personRef: a.workerNo, punchedAt: '2020-02-17 07:00:00', verifyMode: 'face', payload: '{}' }, { personRef: '7777', punchedAt: '2020-02-17 07:01:00', verifyMode: 'face', payload: '{}' }],
    });
    await t.call('attendance.signIn', { workerId: b.id }, token);
    const makeup = await t.call('attendance.requestMakeup', { workerId: a.id, punchedAt: '2020-02-17 08:30', direction: 'out', reason: '闸机断电' }, token);
    await t.call('attendance.decideMakeup', { makeupId: makeup.id, approve: true, note: '' }, token);

    const dir = bundleDir();
    const file = path.join(dir, 'site.sobundle');
    await exportTo(t, file);
    const result = importInto(central.t, file);
    expect(result.conflicts).toBe(0);
    for (const table of LABOUR_TABLES) expect(rows(central.t, table), table).toEqual(rows(t, table));
    // The worker's photo came along as a file.
    const photo = central.t.app.services.sqlite.prepare("select sha256 from attachments where purpose = 'worker_photo'").pluck().get() as string;
    expect(fs.readFileSync(central.t.app.services.files.pathOf(photo))).toEqual(JPEG_BYTES);
    importAck(t.app.services, result.ack, 'file', '测试');

    const query = await central.t.call('supervision.query', { contractNo: '', name: '', generalContractor: '', station: '全部' }, central.token);
    expect(query.rows[0]).toMatchObject({ contractNo: 'W2019010100011', onSite: 3, entered: 3, attendanceToday: 2 });
    const detail = await central.t.call('supervision.detail', { projectId: query.rows[0]!.projectId }, central.token);
    expect(detail.project).toMatchObject({ onSite: 3, attendanceToday: 2 });

    // The same bundle again: nothing changes.
    const again = importInto(central.t, file);
    expect(again.status).toBe('duplicate');
    for (const table of LABOUR_TABLES) expect(rows(central.t, table), table).toEqual(rows(t, table));
  });
});
