// Issue 16, item 4: the receiver checks the manifest's signature and declared sizes before it takes
// the body, keeps a configurable size limit, checks the body chunk by chunk as it streams in, and
// answers other sites meanwhile. Real HTTP on 127.0.0.1; the sender of the slow or hostile upload is
// a raw client that writes the push envelope and holds the rest of the body back.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWebServer, listen, SESSION_COOKIE } from '../../electron/server/http';
import { createBundleReceiver } from '../../electron/services/sync/receiver';
import { envelopeHead, listPushes, processDuePushes } from '../../electron/services/sync/push';
import { openBundle } from '../../electron/services/sync/container';
import {
  bundleDir, cleanupBundleDirs, exportTo, openCentral, openSiteApp, preRegister, PROJECT_B, trustBoth, trustCentral, uploadPhoto, type Central, type SiteApp,
} from '../services/sync-support';

let central: Central;
let sites: SiteApp[];
let servers: http.Server[];
let dir: string;
const logged: string[] = [];

beforeEach(async () => {
  central = await openCentral();
  sites = [];
  servers = [];
  dir = bundleDir();
  logged.length = 0;
});

afterEach(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  for (const s of sites) s.t.close();
  central.t.close();
  cleanupBundleDirs();
});

async function serveCentral(maxBytes?: number): Promise<string> {
  const server = createWebServer({ dispatch: central.t.app.dispatch, route: createBundleReceiver(central.t.app.services, (line) => logged.push(line), { maxBytes }) });
  servers.push(server);
  return listen(server, 0);
}

async function newSite(project?: typeof PROJECT_B): Promise<SiteApp> {
  const site = await openSiteApp(project);
  sites.push(site);
  return site;
}

/** A bundle with a photo of `bytes` bytes, so that its body is worth holding back. */
async function bundleWithPhoto(site: SiteApp, bytes: number): Promise<string> {
  await preRegister(site, '赵建军');
  await uploadPhoto(site, bytes);
  const file = path.join(dir, `${crypto.randomUUID()}.sobundle`);
  await exportTo(site.t, file);
  return file;
}

interface Upload {
  req: http.ClientRequest;
  answer: Promise<{ status: number; body: { ok?: boolean; error?: { message: string }; status?: string } }>;
}

/** Starts a push by hand: the whole Content-Length declared, the first `bytes` of the body written. */
function startPush(base: string, body: Buffer, bytes: number): Upload {
  const req = http.request(`${base}/sync/bundles`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(body.length) } });
  const answer = new Promise<Upload['answer'] extends Promise<infer T> ? T : never>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as never }));
    });
    req.on('error', (e) => {
      if ((e as NodeJS.ErrnoException).code !== 'ECONNRESET' && (e as NodeJS.ErrnoException).code !== 'EPIPE') reject(e);
    });
  });
  req.write(body.subarray(0, bytes));
  return { req, answer };
}

const pushBody = (file: string) => Buffer.concat([envelopeHead(file), fs.readFileSync(file)]);
const incoming = () => (fs.existsSync(`${central.t.dataDir}/sync/incoming`) ? fs.readdirSync(`${central.t.dataDir}/sync/incoming`) : []);

describe('the receiver looks at the manifest first', () => {
  it('refuses an unregistered site from the envelope alone, before a byte of the body', async () => {
    const base = await serveCentral();
    const stranger = await newSite();
    trustCentral(stranger.t, central.t); // it seals to the central system, but was never registered there
    const file = await bundleWithPhoto(stranger, 200_000);
    const body = pushBody(file);
    const upload = startPush(base, body, envelopeHead(file).length);
    const { status, body: refusal } = await upload.answer;
    expect(status).toBe(403);
    expect(refusal.error?.message).toContain('未登记的安装');
    expect(incoming()).toEqual([]);
    upload.req.destroy();
  }, 30000);

  it('refuses a manifest whose signature does not verify, before the body', async () => {
    const base = await serveCentral();
    const site = await newSite();
    trustBoth(site.t, central.t);
    const file = await bundleWithPhoto(site, 200_000);
    const body = pushBody(file);
    // One byte of the manifest in the envelope changed: the signature no longer covers it.
    const at = body.indexOf(Buffer.from('"createdAt":"'), 12) + 15;
    body[at] = body[at] === 0x31 ? 0x32 : 0x31;
    const upload = startPush(base, body, envelopeHead(file).length);
    const { status, body: refusal } = await upload.answer;
    expect(status).toBe(403);
    expect(refusal.error?.message).toContain('签名无效');
    upload.req.destroy();
  }, 30000);

  it('keeps a configurable size limit, and refuses a larger bundle by what its manifest declares', async () => {
    const base = await serveCentral(256 * 1024);
    const site = await newSite();
    trustBoth(site.t, central.t);
    const file = await bundleWithPhoto(site, 400_000);
    const upload = startPush(base, pushBody(file), envelopeHead(file).length);
    const { status, body: refusal } = await upload.answer;
    expect(status).toBe(413);
    expect(refusal.error?.message).toContain('最多接收 256 KB');
    upload.req.destroy();
    expect(incoming()).toEqual([]);
  }, 30000);

  it('refuses a changed byte of the body as soon as it arrives, not after the rest', async () => {
    const base = await serveCentral();
    const site = await newSite();
    trustBoth(site.t, central.t);
    const file = await bundleWithPhoto(site, 2_000_000);
    const head = envelopeHead(file);
    const body = pushBody(file);
    const opened = openBundle(file);
    const photo = opened.manifest.parts.find((p) => p.type === 'file')!;
    opened.close();
    // A byte half way through the photo, then the upload stops there and waits.
    const bad = head.length + photo.offset + 5 + Math.floor(photo.length / 2);
    body[bad] = body[bad]! ^ 0xff;
    const upload = startPush(base, body, head.length + photo.offset + 5 + photo.length);
    const { status, body: refusal } = await upload.answer;
    expect(status).toBe(400);
    expect(refusal.error?.message).toContain('SHA-256');
    upload.req.destroy();
    expect(central.t.app.services.sqlite.prepare('select count(*) from persons').pluck().get()).toBe(0);
  }, 30000);
});

describe('the receiver stays responsive', () => {
  it('answers a second site, and a supervisor, while a large body is being received', async () => {
    const base = await serveCentral();
    const slow = await newSite();
    trustBoth(slow.t, central.t);
    const file = await bundleWithPhoto(slow, 3_000_000);
    const body = pushBody(file);
    const upload = startPush(base, body, Math.floor(body.length / 2));
    let slowAnswered = false;
    void upload.answer.then(() => { slowAnswered = true; });
    // Wait until the receiver has checked the envelope and is taking the body.
    while (!logged.some((l) => l.startsWith('sync: receiving'))) await new Promise((r) => setTimeout(r, 20));

    const quick = await newSite(PROJECT_B);
    trustBoth(quick.t, central.t);
    await preRegister(quick, '钱晓东');
    await quick.t.call('sync.saveSettings', { centralUrl: base }, quick.token);
    await quick.t.call('sync.push', {}, quick.token);
    await processDuePushes(quick.t.app.services);
    expect(listPushes(quick.t.app.services)[0]).toMatchObject({ status: 'acked' });
    const query = await fetch(`${base}/api/supervision.query`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Siteoffice': '1', Cookie: `${SESSION_COOKIE}=${central.token}` }, body: '{}' });
    expect(query.status).toBe(200);
    expect(((await query.json()) as { value: { rows: { contractNo: string }[] } }).value.rows.map((r) => r.contractNo)).toEqual([PROJECT_B.contractNo]);
    expect(slowAnswered).toBe(false);

    // The rest of the slow body: it applies too.
    upload.req.end(body.subarray(Math.floor(body.length / 2)));
    const { status, body: ack } = await upload.answer;
    expect(status).toBe(200);
    expect(ack.status).toBe('applied');
    expect(central.t.app.services.sqlite.prepare('select count(*) from persons').pluck().get()).toBe(2);
  }, 60000);
});
