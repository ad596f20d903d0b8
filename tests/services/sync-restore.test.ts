// Issue 16, items 1 and 2: restoring a backup on either side loses nothing. A site restored from an
// older backup starts a new outbox generation, so the people it records afterwards reach the central
// side (the sequence numbers they get were already used, after the backup, by records the central
// side holds and keeps); a central side restored from an older backup refuses the next bundle with
// the last number it holds, signed, and the site sends again from there.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorOf, MANAGER } from '../support/app';
import { backupNow, restoreBackup } from '../../electron/services/backups';
import { importAck } from '../../electron/services/sync/ack';
import type { GapError } from '../../electron/services/sync/apply';
import { pendingCount, siteState } from '../../electron/services/sync/export';
import {
  bundleDir, cleanupBundleDirs, exportTo, freshId, importInto, openCentral, openSiteApp, preRegister, trustBoth, type Central, type SiteApp,
} from './sync-support';

let site: SiteApp;
let central: Central;
let dir: string;

beforeEach(async () => {
  site = await openSiteApp();
  central = await openCentral();
  trustBoth(site.t, central.t);
  dir = bundleDir();
});

afterEach(() => {
  site.t.close();
  central.t.close();
  cleanupBundleDirs();
});

let round = 0;
/** One USB round: export, import on the central side, the acknowledgement back on the site. */
async function syncRound(): Promise<void> {
  const file = path.join(dir, `round-${++round}.sobundle`);
  await exportTo(site.t, file);
  const result = importInto(central.t, file);
  importAck(site.t.app.services, result.ack, 'file', '测试');
}

function centralIdNumbers(): string[] {
  return (central.t.app.services.sqlite.prepare('select id_number from persons order by id_number').pluck().all() as string[]);
}

/** Signs in again after a restore (sessions do not survive one) and enters the project. */
async function signInAgain(): Promise<void> {
  site.token = await site.t.signIn(MANAGER.idNumber, MANAGER.password);
  await site.t.call('projects.enter', { projectId: site.projectId }, site.token);
}

describe('a site restored from an older backup', () => {
  it('delivers every person it records afterwards, and the central side keeps those recorded after the backup', async () => {
    const before = await preRegister(site, '赵建军', freshId());
    await syncRound();
    const backup = await site.t.call('backups.create', {}, site.token);
    site.t.clock.advanceMinutes(10);
    // Recorded after the backup and delivered: at the central side, then lost on the site by the restore.
    const lost = [await preRegister(site, '钱晓东', freshId()), await preRegister(site, '孙丽', freshId())];
    await syncRound();
    expect(siteState(site.t.app.services).ackedSeq).toBeGreaterThan(0);
    site.t.clock.advanceMinutes(10);
    await site.t.call('backups.restore', { fileName: backup.fileName, confirm: true }, site.token);
    await signInAgain();
    site.t.clock.advanceMinutes(10);
    // Recorded after the restore: their changes take sequence numbers the lost ones had.
    const after = [await preRegister(site, '李玥', freshId()), await preRegister(site, '周喆', freshId()), await preRegister(site, '吴堃', freshId())];
    await syncRound();
    expect(centralIdNumbers()).toEqual([before, ...lost, ...after].map((p) => p.idNumber).sort());
    expect(pendingCount(site.t.app.services)).toBe(0);
    // A second restore of the same backup starts yet another generation: nothing is mixed up either.
    await site.t.call('backups.restore', { fileName: backup.fileName, confirm: true }, site.token);
    await signInAgain();
    const again = await preRegister(site, '郑海燕', freshId());
    await syncRound();
    expect(centralIdNumbers()).toEqual([before, ...lost, ...after, again].map((p) => p.idNumber).sort());
    // Every bundle named its generations; the central side keeps a watermark for each.
    const generations = central.t.app.services.sqlite.prepare('select count(*) from sync_site_generations').pluck().get();
    expect(generations).toBe(3);
  });

  it('applies a bundle of the old generation that arrives late, and the new generation still after it', async () => {
    await preRegister(site, '赵建军', freshId());
    await syncRound();
    const backup = await site.t.call('backups.create', {}, site.token);
    const lost = await preRegister(site, '钱晓东', freshId());
    // Exported before the restore, but carried to the central side only after the site's next round.
    const late = path.join(dir, 'late.sobundle');
    await exportTo(site.t, late);
    await site.t.call('backups.restore', { fileName: backup.fileName, confirm: true }, site.token);
    await signInAgain();
    const after = await preRegister(site, '李玥', freshId());
    await syncRound();
    expect(importInto(central.t, late).status).toBe('applied');
    expect(centralIdNumbers()).toContain(lost.idNumber);
    expect(centralIdNumbers()).toContain(after.idNumber);
    expect(fs.existsSync(late)).toBe(true);
  });
});

describe('a central side restored from an older backup', () => {
  it('refuses the next bundle naming the last number it holds, signed; the site sends again from there, and the central side is complete', async () => {
    const a = await preRegister(site, '赵建军', freshId());
    await syncRound();
    const centralBackup = await backupNow(central.t.app.services, 'manual');
    central.t.clock.advanceMinutes(10);
    const b = await preRegister(site, '钱晓东', freshId());
    await syncRound();
    const acked = siteState(site.t.app.services).ackedSeq;
    await restoreBackup(central.t.app.services, centralBackup.fileName, '测试');
    expect(centralIdNumbers()).toEqual([a.idNumber]);
    const held = (central.t.app.services.sqlite.prepare('select last_applied_seq from sync_peers').pluck().get() as number);
    expect(held).toBeLessThan(acked);

    const c = await preRegister(site, '孙丽', freshId());
    const file = path.join(dir, 'after-central-restore.sobundle');
    const exported = await exportTo(site.t, file);
    expect(exported.firstSeq).toBe(acked + 1);
    const refused = await errorOf(() => importInto(central.t, file));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain(`中心系统已收到该工地第 ${held} 条为止的变更`);
    // The refusal carries a signed acknowledgement of what the central side holds.
    const gapAck = (refused as GapError).ack;
    expect(gapAck).toMatchObject({ status: 'gap', lastSeq: held, bundleFirstSeq: acked + 1 });
    const rewound = importAck(site.t.app.services, gapAck, 'file', '测试');
    expect(rewound).toMatchObject({ status: 'gap', previousSeq: acked, ackedSeq: held });
    // The site kept every change: it exports again from the number after the one named.
    const again = await exportTo(site.t, path.join(dir, 'again.sobundle'));
    expect(again.firstSeq).toBe(held + 1);
    const result = importInto(central.t, again.path);
    expect(result.status).toBe('applied');
    importAck(site.t.app.services, result.ack, 'file', '测试');
    expect(centralIdNumbers()).toEqual([a, b, c].map((p) => p.idNumber).sort());
    expect(pendingCount(site.t.app.services)).toBe(0);
  });

  it('refuses a forged gap acknowledgement and keeps the watermark', async () => {
    await preRegister(site, '赵建军', freshId());
    await syncRound();
    const acked = siteState(site.t.app.services).ackedSeq;
    const file = path.join(dir, 'x.sobundle');
    await preRegister(site, '钱晓东', freshId());
    const exported = await exportTo(site.t, file);
    const forged = { ...importInto(central.t, exported.path).ack, status: 'gap' as const, lastSeq: 0 };
    expect((await errorOf(() => importAck(site.t.app.services, forged, 'file', '测试'))).message).toContain('签名无效');
    expect(siteState(site.t.app.services).ackedSeq).toBe(acked);
  });
});
