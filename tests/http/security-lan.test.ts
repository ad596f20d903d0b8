// Items 6 and 7 of issue 16: `serve --lan` speaks HTTPS with a certificate made at first run, whose
// fingerprint it prints and 设置 shows, or one the site brings; its session cookie is Secure,
// HttpOnly and SameSite=Strict; plain HTTP is served on 127.0.0.1 only. And every server refuses a
// Host that is not its own (DNS rebinding) and a state change from another Origin.
// The `serve` tests run the built CLI (dist/node/cli.cjs, made by `npm run build` or the install).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { MANAGER, PROJECT, tempDir } from '../support/app';
import { API_HEADERS, cookiePair, rawRequest, startTestServer, type TestServer } from '../support/http';
import { makeSelfSignedCertificate } from '../../electron/services/security/lan-certificate';
import { createWebServer, listen } from '../../electron/server/http';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(root, 'electron', 'cli', 'siteoffice.cjs');
const children: ChildProcess[] = [];
const dirs: string[] = [];
let server: TestServer | undefined;

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGTERM');
  await server?.close();
  server = undefined;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const d = tempDir('siteoffice-lan-');
  dirs.push(d);
  return d;
}

/** Starts `serve` with these arguments; resolves with the lines it printed once it printed `lines`. */
function serve(args: string[], lines: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'serve', '--port', '0', ...args], { cwd: root });
    children.push(child);
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const got = out.split('\n');
      if (got.length > lines) resolve(got.slice(0, lines));
    });
    child.stderr!.on('data', (c: Buffer) => { err += c.toString('utf8'); });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A real TLS client that trusts the server only when its certificate has the fingerprint it was
 * told (as a second PC's user compares it), and refuses the connection otherwise.
 */
function pinnedRequest(url: string, fingerprint: string, pathname: string, body: unknown, cookie?: string): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    // Nobody signed the certificate: its fingerprint is the trust, checked before a byte is sent.
    const socket = tls.connect({ host: hostname, port: Number(port), rejectUnauthorized: false }, () => {
      const seen = socket.getPeerCertificate().fingerprint256;
      if (seen !== fingerprint) {
        socket.destroy();
        reject(new Error(`fingerprint ${seen} is not the pinned one`));
        return;
      }
      const req = https.request({
        host: hostname, port, path: pathname, method: 'POST', agent: false, createConnection: () => socket, rejectUnauthorized: false,
        headers: { ...API_HEADERS, ...(cookie ? { Cookie: cookie } : {}) },
      }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => { text += c.toString('utf8'); });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      });
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
    socket.on('error', reject);
  });
}

function fingerprintOf(lines: string[]): string {
  const line = lines.find((l) => l.startsWith('证书指纹(SHA-256):'));
  if (!line) throw new Error(`no fingerprint printed: ${lines.join(' | ')}`);
  return line.slice('证书指纹(SHA-256):'.length);
}

describe('serve --lan speaks HTTPS', () => {
  it('with a certificate made at first run, pinned by its printed fingerprint; cookies Secure, HttpOnly, SameSite=Strict', async () => {
    const dir = dataDir();
    const lines = await serve(['--lan', '--data-dir', dir], 2);
    const url = lines[0]!;
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const fingerprint = fingerprintOf(lines);
    expect(fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);

    const setup = await pinnedRequest(url, fingerprint, '/api/setup.initialize', { project: PROJECT, manager: MANAGER });
    expect(setup.status).toBe(200);
    const signIn = await pinnedRequest(url, fingerprint, '/api/auth.signIn', { idNumber: MANAGER.idNumber, password: MANAGER.password });
    expect(signIn.status).toBe(200);
    const setCookie = String(signIn.headers['set-cookie']);
    for (const attribute of ['Secure', 'HttpOnly', 'SameSite=Strict']) expect(setCookie).toContain(attribute);
    const cookie = cookiePair(setCookie);
    const projects = JSON.parse((await pinnedRequest(url, fingerprint, '/api/projects.list', {}, cookie)).body) as { value: { id: string }[] };
    await pinnedRequest(url, fingerprint, '/api/projects.enter', { projectId: projects.value[0]!.id }, cookie);
    // 设置 › 局域网访问 shows the same fingerprint.
    const shown = JSON.parse((await pinnedRequest(url, fingerprint, '/api/security.lanCertificate', {}, cookie)).body) as { value: { fingerprint: string } };
    expect(shown.value.fingerprint).toBe(fingerprint);

    // A client pinning another fingerprint (a machine in the middle) gets no answer at all.
    await expect(pinnedRequest(url, 'AB:'.repeat(31) + 'AB', '/api/setup.status', {})).rejects.toThrow(/not the pinned one/);
    // Plain HTTP to the LAN port is not answered as HTTP.
    const plain = await rawRequest(url.replace('https:', 'http:'), { method: 'GET', path: '/' }).catch((e: Error) => e);
    expect(plain instanceof Error || plain.status === 400).toBe(true);

    // The same certificate at the next start: the second PC need not check again.
    children[0]!.kill('SIGTERM');
    await new Promise((r) => children[0]!.once('exit', r));
    const again = await serve(['--lan', '--data-dir', dir], 2);
    expect(fingerprintOf(again)).toBe(fingerprint);
    expect(fs.statSync(path.join(dir, 'keys', 'lan-certificate-key.pem')).mode & 0o777).toBe(0o600);
  });

  it('with the certificate and key a site brings', async () => {
    const own = await makeSelfSignedCertificate(['localhost', '127.0.0.1']);
    const dir = dataDir();
    fs.writeFileSync(path.join(dir, 'site.crt'), own.cert);
    fs.writeFileSync(path.join(dir, 'site.key'), own.key);
    const lines = await serve(['--lan', '--data-dir', path.join(dir, 'data'), '--cert', path.join(dir, 'site.crt'), '--key', path.join(dir, 'site.key')], 2);
    expect(fingerprintOf(lines)).toBe(own.fingerprint);
    const answer = await pinnedRequest(lines[0]!, own.fingerprint, '/api/setup.status', {});
    expect(JSON.parse(answer.body)).toEqual({ ok: true, value: { initialized: false } });
  });

  it('and plain HTTP stays on 127.0.0.1: a plain server is not opened to the network', async () => {
    const plain = createWebServer({ dispatch: async () => ({ result: { ok: true, value: null } }) });
    await expect(listen(plain, 0, '0.0.0.0')).rejects.toThrow('未加密的 HTTP 只能在本机');
    expect(plain.listening).toBe(false);
    // A TLS handshake against the loopback-only server fails: it is plain HTTP there, as before.
    const s = await startTestServer();
    server = s;
    const { port } = new URL(s.base);
    await expect(new Promise((resolve, reject) => {
      const socket = tls.connect({ host: '127.0.0.1', port: Number(port), rejectUnauthorized: false }, () => resolve(socket));
      socket.on('error', reject);
    })).rejects.toThrow();
  });
});

describe('Host and Origin (DNS rebinding, cross-site requests)', () => {
  it('refuses a foreign Host on every path, and answers our own', async () => {
    server = await startTestServer();
    const { port } = new URL(server.base);
    const body = Buffer.from('{}');
    // A page on attacker.example whose name now resolves to 127.0.0.1 still sends its own name.
    for (const [method, pathname] of [['GET', '/'], ['POST', '/api/setup.status'], ['POST', '/sync/bundles']] as const) {
      const r = await rawRequest(server.base, { method, path: pathname, headers: { Host: `attacker.example:${port}`, ...API_HEADERS, 'Content-Length': String(body.length) }, chunks: [body] });
      expect(r.status).toBe(403);
      expect(r.body).toContain('主机名不是本服务器');
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const r = await rawRequest(server.base, { method: 'POST', path: '/api/setup.status', headers: { Host: host, ...API_HEADERS, 'Content-Length': '2' }, chunks: [body] });
      expect(r.status).toBe(200);
    }
  });

  it('refuses a state change from another Origin, and lets our own pages through', async () => {
    server = await startTestServer();
    const { host } = new URL(server.base);
    const send = (headers: Record<string, string>) => rawRequest(server!.base, {
      method: 'POST', path: '/api/setup.initialize',
      headers: { Host: host, ...API_HEADERS, ...headers },
      chunks: [Buffer.from(JSON.stringify({ project: PROJECT, manager: MANAGER }))],
    });
    for (const origin of ['http://attacker.example', 'null', `https://${host}`]) {
      const r = await send({ Origin: origin });
      expect(r.status).toBe(403);
      expect(r.body).toContain('请求来自其他网站');
    }
    expect((await send({ 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect(server.t.app.services.sqlite.prepare('select count(*) as n from users').get()).toEqual({ n: 0 });
    const ours = await send({ Origin: `http://${host}`, 'Sec-Fetch-Site': 'same-origin' });
    expect(ours.status).toBe(200);
  });
});
