// Item 17 of issue 16: the push queue resumes when the app starts and at once when the network
// comes back, keeping its back-off; the today board says how many changes wait and since when.
// Over real HTTP on 127.0.0.1 with the central system's real receiver.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebServer, listen } from '../../electron/server/http';
import { createBundleReceiver } from '../../electron/services/sync/receiver';
import { listPushes, processDuePushes } from '../../electron/services/sync/push';
import { watchNetwork } from '../../electron/services/sync/push-resume';
import { openRuntime, type Runtime } from '../../electron/node/app';
import { ManualClock } from '../support/app';
import { cleanupBundleDirs, healthCheck, openCentral, openSiteApp, preRegister, trustBoth, type Central, type SiteApp } from '../services/sync-support';

const servers: http.Server[] = [];
const cleanups: (() => void)[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  for (const c of cleanups.splice(0).reverse()) c();
  cleanupBundleDirs();
});

async function centralServer(central: Central, port = 0): Promise<string> {
  const server = createWebServer({ dispatch: central.t.app.dispatch, route: createBundleReceiver(central.t.app.services) });
  servers.push(server);
  return listen(server, port);
}

/** A port nothing listens on (yet): connections are refused, as with a central system that is down. */
async function closedPort(): Promise<number> {
  const probe = http.createServer();
  await listen(probe, 0);
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Waits (a bounded number of short turns) until the condition holds; fails with what it saw. */
async function eventually<T>(read: () => T, done: (v: T) => boolean, turns = 200): Promise<T> {
  let value = read();
  for (let i = 0; i < turns && !done(value); i++) {
    await new Promise((r) => setTimeout(r, 25));
    value = read();
  }
  return value;
}

async function siteWithFailedPush(clock: ManualClock): Promise<{ site: SiteApp; central: Central; port: number }> {
  const site = await openSiteApp(undefined, clock);
  const central = await openCentral();
  cleanups.push(() => central.t.close());
  trustBoth(site.t, central.t);
  const p = await preRegister(site, '赵建军');
  await healthCheck(site, p.id);
  const port = await closedPort();
  await site.t.call('sync.saveSettings', { centralUrl: `http://127.0.0.1:${port}` }, site.token);
  await site.t.call('sync.push', {}, site.token);
  await processDuePushes(site.t.app.services, { timeoutMs: 2000 });
  expect(listPushes(site.t.app.services)[0]).toMatchObject({ status: 'retrying', attempts: 1 });
  return { site, central, port };
}

describe('the push queue resumes by itself', () => {
  it('at start: the site that was closed with a push waiting delivers it when its retry is due, without 同步 being opened', async () => {
    const clock = new ManualClock();
    const { site, central, port } = await siteWithFailedPush(clock);
    const dataDir = site.t.dataDir;
    site.t.app.close();
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    await centralServer(central, port);
    clock.advanceMinutes(10); // past the back-off
    const runtime: Runtime = openRuntime(dataDir, { clock, log: () => {} });
    cleanups.push(() => runtime.close());
    // Read beside the running app, as another reader of its WAL database.
    const reader = new Database(path.join(dataDir, 'siteoffice.sqlite'), { readonly: true });
    cleanups.push(() => reader.close());
    const status = () => (reader.prepare('select status from sync_pushes order by created_at desc limit 1').get() as { status: string }).status;
    expect(await eventually(status, (v) => v === 'acked')).toBe('acked');
    const watermark = reader.prepare('select acked_seq as n from sync_site_state').get() as { n: number };
    expect(watermark.n).toBeGreaterThan(0);
  });

  it('when the network comes back: a push waiting for its back-off is sent at once, its attempts kept', async () => {
    const clock = new ManualClock();
    const { site, central, port } = await siteWithFailedPush(clock);
    cleanups.push(() => site.t.close());
    await centralServer(central, port);
    let addresses: string[] = ['192.0.2.10'];
    // Stand-in for the PC's network interfaces, which a test cannot unplug: gone, then back.
    const watch = watchNetwork(site.t.app.services, { intervalMs: 60_000, probe: () => addresses, timeoutMs: 2000 });
    cleanups.push(() => watch.stop());
    addresses = [];
    expect(watch.check()).toBe(false);
    addresses = ['192.0.2.10'];
    expect(watch.check()).toBe(true);
    const push = await eventually(() => listPushes(site.t.app.services)[0]!, (p) => p.status === 'acked');
    expect(push).toMatchObject({ status: 'acked', attempts: 2 });
    // The clock never moved: only the network's return made it due.
    expect(site.t.clock.now().toISOString()).toBe(new ManualClock().now().toISOString());
  });
});

describe('今日概况 shows what waits', () => {
  it('how many changes the central system has not acknowledged, since when; none once it has', async () => {
    const clock = new ManualClock();
    const site = await openSiteApp(undefined, clock);
    cleanups.push(() => site.t.close());
    const central = await openCentral();
    cleanups.push(() => central.t.close());
    trustBoth(site.t, central.t);
    const firstAt = clock.now().toISOString();
    clock.advanceMinutes(30);
    await preRegister(site, '赵建军');
    const board = await site.t.call('board.today', {}, site.token);
    const waiting = board.syncWaiting!;
    expect(waiting.changes).toBeGreaterThan(1);
    expect(waiting.since).toBe(firstAt); // the project and 用人单位 made at setup
    expect(waiting.lastAckAt).toBeNull();
    await site.t.call('sync.saveSettings', { centralUrl: await centralServer(central) }, site.token);
    await site.t.call('sync.push', {}, site.token);
    await processDuePushes(site.t.app.services, { timeoutMs: 5000 });
    expect((await site.t.call('board.today', {}, site.token)).syncWaiting).toMatchObject({ changes: 0, since: null });
  });
});

