// Issue 16, item 2 over HTTP: a central side restored from an older backup is complete again after
// each site's next push, with no step beyond the push. The receiver refuses the push for a gap with
// a signed acknowledgement of what it holds; the site moves its watermark back to it, exports again
// from there and sends that, in the same pass of its queue.
import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWebServer, listen } from '../../electron/server/http';
import { createBundleReceiver } from '../../electron/services/sync/receiver';
import { listPushes, processDuePushes } from '../../electron/services/sync/push';
import { pendingCount, siteState } from '../../electron/services/sync/export';
import { backupNow, restoreBackup } from '../../electron/services/backups';
import { cleanupBundleDirs, freshId, openCentral, openSiteApp, preRegister, trustBoth, PROJECT_B, type Central, type SiteApp } from '../services/sync-support';

let sites: SiteApp[];
let central: Central;
let server: http.Server;

beforeEach(async () => {
  central = await openCentral();
  server = createWebServer({ dispatch: central.t.app.dispatch, route: createBundleReceiver(central.t.app.services) });
  const url = await listen(server, 0);
  sites = [];
  for (const project of [undefined, PROJECT_B]) {
    const site = await openSiteApp(project);
    trustBoth(site.t, central.t);
    await site.t.call('sync.saveSettings', { centralUrl: url }, site.token);
    sites.push(site);
  }
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  for (const site of sites) site.t.close();
  central.t.close();
  cleanupBundleDirs();
});

async function push(site: SiteApp): Promise<void> {
  await site.t.call('sync.push', {}, site.token);
  await processDuePushes(site.t.app.services);
}

const held = () => (central.t.app.services.sqlite.prepare('select id_number from persons order by id_number').pluck().all() as string[]);

describe('a central side restored from an older backup', () => {
  it('is complete again after each site\'s next push', async () => {
    const recorded: string[] = [];
    for (const site of sites) {
      recorded.push((await preRegister(site, '赵建军', freshId())).idNumber);
      await push(site);
    }
    const backup = await backupNow(central.t.app.services, 'manual');
    central.t.clock.advanceMinutes(5);
    for (const site of sites) {
      recorded.push((await preRegister(site, '钱晓东', freshId())).idNumber);
      await push(site);
      expect(pendingCount(site.t.app.services)).toBe(0);
    }
    expect(held()).toEqual([...recorded].sort());
    await restoreBackup(central.t.app.services, backup.fileName, '测试');
    expect(held()).toHaveLength(2);

    for (const site of sites) {
      recorded.push((await preRegister(site, '孙丽', freshId())).idNumber);
      await push(site);
      const [last, refused] = listPushes(site.t.app.services);
      expect(refused).toMatchObject({ status: 'superseded' });
      expect(refused!.lastError).toContain('中心系统只收到第');
      expect(last).toMatchObject({ status: 'acked' });
      expect(pendingCount(site.t.app.services)).toBe(0);
      expect(siteState(site.t.app.services).ackedSeq).toBe(last!.lastSeq);
    }
    expect(held()).toEqual([...recorded].sort());
  });
});
