// Issue 16, item 13 and the fetch-back of item 1: a reference bundle is made for one site and
// carries only what concerns its contracts (健康云 records of its people included), sealed to that
// site; it also carries back the records the site lost by restoring an older backup. A central
// system restored from a backup numbers its publications anew, and sites still take them.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorOf, MANAGER, PROJECT } from '../support/app';
import { importAck } from '../../electron/services/sync/ack';
import { pendingCount } from '../../electron/services/sync/export';
import { backupNow, restoreBackup } from '../../electron/services/backups';
import { openBundle } from '../../electron/services/sync/container';
import { ensureInstallation } from '../../electron/services/sync/identity';
import { applyReference, publishReference } from '../../electron/services/sync/reference';
import fs from 'node:fs';
import {
  bundleDir, cleanupBundleDirs, exportTo, freshId, importInto, openCentral, openSiteApp, preRegister, PROJECT_B, trustBoth, type Central, type SiteApp,
} from './sync-support';

let central: Central;
let a: SiteApp;
let b: SiteApp;
let dir: string;
let n = 0;

beforeEach(async () => {
  central = await openCentral();
  a = await openSiteApp();
  b = await openSiteApp(PROJECT_B);
  trustBoth(a.t, central.t);
  trustBoth(b.t, central.t);
  dir = bundleDir();
});

afterEach(() => {
  a.t.close();
  b.t.close();
  central.t.close();
  cleanupBundleDirs();
});

async function ship(site: SiteApp): Promise<void> {
  const file = path.join(dir, `ship-${++n}.sobundle`);
  await exportTo(site.t, file);
  importAck(site.t.app.services, importInto(central.t, file).ack, 'file', '测试');
}

const idOf = (site: SiteApp) => ensureInstallation(site.t.app.services).installationId;

function healthCloudAtCentral(idNumber: string, name: string): void {
  central.t.app.services.sqlite.prepare(`insert into health_cloud_records (id, id_number, name, phone, report_address, report_time, temperature, health_status, travel_time, travel_mode, from_hubei, from_wuhan, stopover, stay_place, home_address, source, imported_at)
    values (?, ?, ?, '13900001111', '上海市', '2020-02-16 08:00', '36.5', '健康', '2020-02-15', '火车', 0, 0, 0, '', '上海市', '健康云', 'x')`).run(`h-${idNumber}`, idNumber, name);
}

async function publishFor(site: SiteApp, options: Partial<Parameters<typeof publishReference>[1]> = {}) {
  return publishReference(central.t.app.services, { siteId: idOf(site), outPath: path.join(dir, `ref-${++n}.sobundle`), includeHealthCloud: true, actorName: '李监督', ...options });
}

describe('a reference bundle is for one site', () => {
  it('carries only that site\'s contracts, their employers and the 健康云 records of its people', async () => {
    const pa = await preRegister(a, '赵建军', freshId());
    const pb = await preRegister(b, '钱晓东', freshId());
    await ship(a);
    await ship(b);
    healthCloudAtCentral(pa.idNumber, '赵建军');
    healthCloudAtCentral(pb.idNumber, '钱晓东');
    healthCloudAtCentral(freshId(), '不在任何工地的人');
    const ref = await publishFor(a);
    expect(ref.counts).toEqual({ contract: 1, employer: 1, healthCloud: 1 });
    const opened = openBundle(ref.path);
    try {
      expect(opened.manifest.projects.map((p) => p.contractNo)).toEqual([PROJECT.contractNo]);
      expect(opened.manifest.recipient).toBe(idOf(a));
      expect(opened.manifest.encryption?.recipient).toBe(idOf(a));
    } finally {
      opened.close();
    }
    const result = await a.t.call('sync.importReference', { fileName: 'ref.sobundle', dataBase64: fs.readFileSync(ref.path).toString('base64') }, a.token);
    expect(result).toMatchObject({ status: 'applied', healthCloudRecords: 1 });
    expect(a.t.app.services.sqlite.prepare('select id_number from health_cloud_records').pluck().all()).toEqual([pa.idNumber]);
    // Site B cannot import A's bundle.
    expect((await errorOf(() => applyReference(b.t.app.services, ref.path, '测试'))).message).toContain('发给另一个工地');
    expect(b.t.app.services.sqlite.prepare('select count(*) from health_cloud_records').pluck().get()).toBe(0);
  });

  it('refuses a correction of another site\'s row, and an unregistered site', async () => {
    const pb = await preRegister(b, '钱晓东', freshId());
    await ship(a);
    await ship(b);
    const error = await errorOf(() => publishFor(a, { corrections: [{ table: 'persons', rowId: pb.id, reason: '姓名录错', set: { name: '钱小东' } }] }));
    expect(error.message).toContain('不属于工地');
    expect((await errorOf(() => publishReference(central.t.app.services, { siteId: 'nobody', includeHealthCloud: true, actorName: '测试', outPath: path.join(dir, 'x.sobundle') }))).code).toBe('NOT_FOUND');
  });
});

describe('fetching back what a restore lost', () => {
  it('brings back the records made between the backup and the restore, except where the site changed the row since', async () => {
    const kept = await preRegister(a, '赵建军', freshId());
    await ship(a);
    const backup = await a.t.call('backups.create', {}, a.token);
    a.t.clock.advanceMinutes(5);
    // After the backup: a new person, and a 处置方式 for the one already there (a change of his row and a new row).
    const lost = await preRegister(a, '钱晓东', freshId());
    await a.t.call('dispositions.set', { personId: kept.id, state: 'isolate', startedAt: '2020-02-17 10:00:00', method: '居家隔离' }, a.token);
    await ship(a);
    await a.t.call('backups.restore', { fileName: backup.fileName, confirm: true }, a.token);
    a.token = await a.t.signIn(MANAGER.idNumber, MANAGER.password);
    await a.t.call('projects.enter', { projectId: a.projectId }, a.token);
    // The 同步 screen says what the restore meant.
    const status = await a.t.call('sync.status', {}, a.token);
    expect(status.restore).toMatchObject({ backupFile: backup.fileName, generations: 2 });
    expect(status.restore!.previousAckedSeq).toBeGreaterThanOrEqual(status.restore!.firstSeq);
    expect(a.t.app.services.sqlite.prepare('select count(*) from persons where id = ?').pluck().get(lost.id)).toBe(0);
    // After the restore the office changes the same person's row again: that is the site's newer word.
    a.t.clock.advanceMinutes(5);
    await a.t.call('dispositions.set', { personId: kept.id, state: 'suspected', startedAt: '2020-02-17 11:00:00', method: '医院就诊' }, a.token);
    await ship(a);

    const ref = await publishFor(a);
    expect(ref.counts.returned).toBeGreaterThanOrEqual(3);
    const result = applyReference(a.t.app.services, ref.path, '测试');
    expect(result.returned).toBeGreaterThanOrEqual(2);
    expect(result.returnedSkipped).toBeGreaterThanOrEqual(1);
    const rows = a.t.app.services.sqlite;
    expect(rows.prepare('select name from persons where id = ?').pluck().get(lost.id)).toBe('钱晓东');
    expect(rows.prepare('select state from persons where id = ?').pluck().get(kept.id)).toBe('suspected');
    expect(rows.prepare("select count(*) from dispositions where person_id = ? and state = 'isolate'").pluck().get(kept.id)).toBe(1);
    // What was taken back travels to the central side again as this generation's changes: nothing new there.
    const before = central.t.app.services.sqlite.prepare('select count(*) from persons').pluck().get();
    await ship(a);
    expect(central.t.app.services.sqlite.prepare('select count(*) from persons').pluck().get()).toBe(before);
    expect(central.t.app.services.sqlite.prepare('select state from persons where id = ?').pluck().get(kept.id)).toBe('suspected');
    // The next publication carries them again; the site has them, and nothing changes.
    const second = applyReference(a.t.app.services, (await publishFor(a)).path, '测试');
    expect(second.returned).toBe(0);
  });
});

describe('fetching back right after a restore', () => {
  it('tells the central system of the restore with the next export even when nothing new was recorded', async () => {
    await preRegister(a, '赵建军', freshId());
    await ship(a);
    const backup = await a.t.call('backups.create', {}, a.token);
    const lost = await preRegister(a, '钱晓东', freshId());
    await ship(a);
    await a.t.call('backups.restore', { fileName: backup.fileName, confirm: true }, a.token);
    a.token = await a.t.signIn(MANAGER.idNumber, MANAGER.password);
    await a.t.call('projects.enter', { projectId: a.projectId }, a.token);
    expect((await a.t.call('sync.status', {}, a.token)).restore).toMatchObject({ announced: false });
    expect(pendingCount(a.t.app.services)).toBe(0);
    // Before the central system has heard of the restore, it has nothing to give back.
    expect((await publishFor(a)).counts.returned).toBeUndefined();
    await ship(a); // the last change again: a duplicate there, with the new history
    expect((await a.t.call('sync.status', {}, a.token)).restore).toMatchObject({ announced: true });
    expect((await errorOf(() => exportTo(a.t, path.join(dir, 'none.sobundle')))).message).toContain('没有待同步的记录');
    const result = applyReference(a.t.app.services, (await publishFor(a)).path, '测试');
    expect(result.returned).toBeGreaterThanOrEqual(1);
    expect(a.t.app.services.sqlite.prepare('select name from persons where id = ?').pluck().get(lost.id)).toBe('钱晓东');
  });
});

describe('a central system restored from a backup', () => {
  it('numbers its publications anew, and the site still takes them', async () => {
    await preRegister(a, '赵建军', freshId());
    await ship(a);
    const backup = await backupNow(central.t.app.services, 'manual');
    applyReference(a.t.app.services, (await publishFor(a)).path, '测试');
    applyReference(a.t.app.services, (await publishFor(a)).path, '测试');
    await restoreBackup(central.t.app.services, backup.fileName, '测试');
    const pa = await preRegister(a, '钱晓东', freshId());
    await ship(a);
    healthCloudAtCentral(pa.idNumber, '钱晓东');
    const ref = await publishFor(a);
    expect(ref.referenceSeq).toBe(1); // the numbers the restore forgot are used again
    expect(applyReference(a.t.app.services, ref.path, '测试')).toMatchObject({ status: 'applied', healthCloudRecords: 1 });
  });
});
