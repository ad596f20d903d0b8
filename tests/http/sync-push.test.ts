// 推送 over real HTTP on 127.0.0.1: the central receiver (POST /sync/bundles) mounted on the web
// server, a site's persisted push queue with time-outs, retries with back-off and refusals, and
// nothing marked sent that the receiver did not acknowledge with a valid signature.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorOf } from '../support/app';
import { createWebServer, listen } from '../../electron/server/http';
import { createBundleReceiver } from '../../electron/services/sync/receiver';
import { envelopeHead, processDuePushes, queuePush, retryDelayMs, listPushes } from '../../electron/services/sync/push';
import { pendingCount, siteState } from '../../electron/services/sync/export';
import { registrationOf, trustRegistration } from '../../electron/services/sync/identity';
import { cleanupBundleDirs, exportTo, bundleDir, healthCheck, openCentral, openSiteApp, preRegister, tablesCount, trustBoth, type Central, type SiteApp } from '../services/sync-support';

let site: SiteApp;
let central: Central;
const servers: http.Server[] = [];

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  return listen(server, 0);
}

/** The central system's web server: the API and the bundle receiver, as `serve --central` mounts them. */
async function serveCentral(): Promise<string> {
  const server = createWebServer({ dispatch: central.t.app.dispatch, route: createBundleReceiver(central.t.app.services) });
  servers.push(server);
  return listen(server, 0);
}

async function setUrl(url: string): Promise<void> {
  await site.t.call('sync.saveSettings', { centralUrl: url }, site.token);
}

beforeEach(async () => {
  site = await openSiteApp();
  central = await openCentral();
  const p = await preRegister(site, '赵建军');
  await healthCheck(site, p.id);
});

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  site.t.close();
  central.t.close();
  cleanupBundleDirs();
});

describe('推送 to the central system', () => {
  it('sends the bundle, gets the signed acknowledgement as the answer, and only then moves the watermark', async () => {
    trustBoth(site.t, central.t);
    await setUrl(await serveCentral());
    const pending = pendingCount(site.t.app.services);
    const queued = await site.t.call('sync.push', {}, site.token);
    expect(queued).toMatchObject({ status: 'queued', firstSeq: 1, lastSeq: pending, attempts: 0 });
    expect(siteState(site.t.app.services).ackedSeq).toBe(0);
    await processDuePushes(site.t.app.services);
    const [done] = listPushes(site.t.app.services);
    expect(done).toMatchObject({ id: queued.id, status: 'acked', attempts: 1, ackedSeq: pending, lastError: null });
    expect(siteState(site.t.app.services).ackedSeq).toBe(pending);
    expect(tablesCount(central.t, 'persons')).toBe(1);
    const status = await site.t.call('sync.status', {}, site.token);
    expect(status).toMatchObject({ pending: 0, lastAck: { via: 'http', lastSeq: pending } });
    // The copy kept for retries is gone once acknowledged.
    expect(fs.readdirSync(`${site.t.dataDir}/sync/outgoing`)).toEqual([]);
    expect((await errorOf(() => site.t.call('sync.push', {}, site.token))).message).toContain('没有待同步的记录');
  });

  it('retries a central system that is not reachable, with growing pauses, and delivers once it answers', async () => {
    trustBoth(site.t, central.t);
    const receiver = createBundleReceiver(central.t.app.services);
    let down = 2;
    // Down twice (503), then up: a central server behind a gateway that is restarting.
    await setUrl(await serve((req, res) => {
      if (down > 0) {
        down--;
        req.resume();
        res.writeHead(503, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: '维护中' } }));
        return;
      }
      receiver(req, res);
    }));
    const queued = await queuePush(site.t.app.services);
    await processDuePushes(site.t.app.services, { random: () => 0.5 });
    let [row] = listPushes(site.t.app.services);
    expect(row).toMatchObject({ status: 'retrying', attempts: 1, lastError: '中心系统暂时不可用:维护中' });
    const first = new Date(row!.nextAttemptAt!).getTime() - site.t.clock.now().getTime();
    expect(first).toBe(5000);
    // Not due yet: nothing is sent.
    expect(await processDuePushes(site.t.app.services, { random: () => 0.5 })).toBe(0);
    site.t.clock.advanceMinutes(1);
    await processDuePushes(site.t.app.services, { random: () => 0.5 });
    [row] = listPushes(site.t.app.services);
    expect(row).toMatchObject({ status: 'retrying', attempts: 2 });
    expect(new Date(row!.nextAttemptAt!).getTime() - site.t.clock.now().getTime()).toBe(10000);
    site.t.clock.advanceMinutes(1);
    await processDuePushes(site.t.app.services, { random: () => 0.5 });
    [row] = listPushes(site.t.app.services);
    expect(row).toMatchObject({ id: queued.id, status: 'acked', attempts: 3 });
    expect(siteState(site.t.app.services).ackedSeq).toBe(queued.lastSeq);
  });

  it('says so when nothing listens at the address, and keeps the push waiting', async () => {
    trustBoth(site.t, central.t);
    const url = await serve(() => undefined);
    const port = (servers[0]!.address() as AddressInfo).port;
    servers[0]!.close();
    servers.splice(0);
    await setUrl(url);
    await queuePush(site.t.app.services);
    await processDuePushes(site.t.app.services);
    expect(listPushes(site.t.app.services)[0]).toMatchObject({ status: 'retrying', lastError: '无法连接中心系统(连接被拒绝)' });
    expect(siteState(site.t.app.services).ackedSeq).toBe(0);
    expect(port).toBeGreaterThan(0);
  });

  it('gives up an attempt after the time-out when the central system does not answer', async () => {
    trustBoth(site.t, central.t);
    await setUrl(await serve(() => undefined)); // accepts, reads nothing, answers nothing
    await queuePush(site.t.app.services);
    await processDuePushes(site.t.app.services, { timeoutMs: 300 });
    expect(listPushes(site.t.app.services)[0]).toMatchObject({ status: 'retrying', attempts: 1, lastError: '等待中心系统应答超时(300 毫秒)' });
    expect(siteState(site.t.app.services).ackedSeq).toBe(0);
  });

  it('does not retry a refusal on its own: it needs a person; 重试 queues it again', async () => {
    // The central system has not registered this site.
    trustRegistration(site.t.app.services, registrationOf(central.t.app.services), '测试');
    await setUrl(await serveCentral());
    const queued = await queuePush(site.t.app.services);
    await processDuePushes(site.t.app.services);
    const [row] = listPushes(site.t.app.services);
    expect(row).toMatchObject({ status: 'failed', nextAttemptAt: null });
    expect(row!.lastError).toContain('中心系统拒绝接收:同步包来自未登记的安装');
    site.t.clock.advanceMinutes(60);
    expect(await processDuePushes(site.t.app.services)).toBe(0);
    trustRegistration(central.t.app.services, registrationOf(site.t.app.services), '测试');
    expect(await site.t.call('sync.retryPush', { id: queued.id }, site.token)).toMatchObject({ status: 'queued' });
    await processDuePushes(site.t.app.services);
    expect(listPushes(site.t.app.services)[0]).toMatchObject({ status: 'acked' });
  });

  it('refuses an answer that is not a valid acknowledgement, and keeps the watermark', async () => {
    trustBoth(site.t, central.t);
    await setUrl(await serve((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ format: 'siteoffice-ack', formatVersion: 1, lastSeq: 999 })));
    }));
    await queuePush(site.t.app.services);
    await processDuePushes(site.t.app.services);
    expect(listPushes(site.t.app.services)[0]!.lastError).toContain('中心系统的回执无效');
    expect(listPushes(site.t.app.services)[0]!.status).toBe('failed');
    expect(siteState(site.t.app.services).ackedSeq).toBe(0);
  });

  it('covers a waiting push with a newer one, which starts at the same watermark', async () => {
    trustBoth(site.t, central.t);
    await setUrl(await serve((req, res) => { req.resume(); res.writeHead(503).end(); }));
    const older = await queuePush(site.t.app.services);
    await processDuePushes(site.t.app.services);
    await preRegister(site, '钱志强');
    const newer = await queuePush(site.t.app.services);
    expect(newer.firstSeq).toBe(older.firstSeq);
    expect(newer.lastSeq).toBeGreaterThan(older.lastSeq);
    const rows = listPushes(site.t.app.services);
    expect(rows.map((r) => [r.id, r.status])).toEqual([[newer.id, 'queued'], [older.id, 'superseded']]);
  });

  it('asks for the central URL and the central registration before pushing', async () => {
    expect((await errorOf(() => site.t.call('sync.push', {}, site.token))).message).toContain('中心系统地址');
    await setUrl('http://127.0.0.1:9');
    expect((await errorOf(() => site.t.call('sync.push', {}, site.token))).message).toContain('尚未登记中心系统');
  });

  it('pauses 5 s after the first failure, doubling up to 10 minutes, spread by a fifth', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, () => 0.5))).toEqual([5000, 10000, 20000, 40000]);
    expect(retryDelayMs(30, () => 0.5)).toBe(600000);
    expect(retryDelayMs(1, () => 0)).toBe(4000);
    expect(retryDelayMs(1, () => 1)).toBe(6000);
  });
});

describe('the receiver', () => {
  it('answers what is not a bundle with a Chinese refusal, and changes nothing', async () => {
    trustBoth(site.t, central.t);
    const base = await serveCentral();
    const get = await fetch(`${base}/sync/bundles`);
    expect(get.status).toBe(400);
    const json = await fetch(`${base}/sync/bundles`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(((await json.json()) as { error: { message: string } }).error.message).toContain('application/octet-stream');
    const junk = await fetch(`${base}/sync/bundles`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: Buffer.from('这不是同步包') });
    expect(junk.status).toBe(400);
    expect(((await junk.json()) as { error: { message: string } }).error.message).toContain('同步包');
    // A bundle posted bare, as an older site program would: it needs the envelope.
    const file = `${bundleDir()}/b.sobundle`;
    await exportTo(site.t, file);
    const bare = await fetch(`${base}/sync/bundles`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: fs.readFileSync(file) });
    expect(bare.status).toBe(400);
    expect(((await bare.json()) as { error: { message: string } }).error.message).toContain('请升级工地程序');
    // Posted by hand in its envelope: the answer is the acknowledgement; again: a duplicate.
    const body = Buffer.concat([envelopeHead(file), fs.readFileSync(file)]);
    const ok = await fetch(`${base}/sync/bundles`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ format: 'siteoffice-ack', status: 'applied' });
    const again = await fetch(`${base}/sync/bundles`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body });
    expect(await again.json()).toMatchObject({ status: 'duplicate' });
    expect(fs.readdirSync(`${central.t.dataDir}/sync/incoming`)).toEqual([]);
  });

  it('refuses http:// to anything but 127.0.0.1: the address is not saved, and an old one is not sent to', async () => {
    trustBoth(site.t, central.t);
    for (const url of ['http://192.168.1.20:5780', 'http://sync.example.gov.cn', 'http://localhost.example.com', 'ftp://127.0.0.1']) {
      const error = await errorOf(() => setUrl(url));
      expect(error.code, url).toBe('VALIDATION');
      expect(error.message, url).toMatch(/须以 https:\/\/ 开头|网址/);
    }
    expect(siteState(site.t.app.services).centralUrl).toBe('');
    await setUrl('https://sync.example.gov.cn/');
    expect(siteState(site.t.app.services).centralUrl).toBe('https://sync.example.gov.cn');
    // An address saved by an older version: the push is refused, and nothing reaches the server.
    let requests = 0;
    const url = await serve((req, res) => {
      requests++;
      req.resume();
      res.writeHead(500).end();
    });
    const lan = url.replace('127.0.0.1', '127.0.0.2');
    site.t.app.services.sqlite.prepare('update sync_site_state set central_url = ?').run(lan);
    expect((await errorOf(() => site.t.call('sync.push', {}, site.token))).message).toContain('须以 https:// 开头');
    await setUrl(url);
    const queued = await queuePush(site.t.app.services);
    site.t.app.services.sqlite.prepare('update sync_pushes set url = ?').run(lan);
    await processDuePushes(site.t.app.services);
    expect(listPushes(site.t.app.services)[0]).toMatchObject({ id: queued.id, status: 'failed', lastError: expect.stringContaining('须以 https:// 开头') });
    expect(requests).toBe(0);
    expect(siteState(site.t.app.services).ackedSeq).toBe(0);
  });
});
