// Web mode's index.html carries the answers to the start-up queries (setup.status, auth.me) for the
// request's cookie, so the renderer chooses its first screen without a round trip.
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { describe, it, expect, afterEach } from 'vitest';
import { openTestApp, tempDir, MANAGER, PROJECT, type TestApp } from '../support/app';
import { cookiePair, post } from '../support/http';
import { createWebServer, listen } from '../../electron/server/http';
import { PRELOADED_ANSWERS_ID, jsonForScriptElement } from '../../electron/common/preloaded';
import { CONTENT_SECURITY_POLICY } from '../../electron/common/security';

const INDEX = '<!doctype html>\n<html>\n  <head>\n    <title>t</title>\n  </head>\n  <body><div id="app"></div></body>\n</html>\n';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function start(): Promise<{ t: TestApp; base: string }> {
  const t = openTestApp();
  const staticDir = tempDir('siteoffice-static-');
  fs.writeFileSync(path.join(staticDir, 'index.html'), INDEX);
  fs.mkdirSync(path.join(staticDir, 'assets'));
  fs.writeFileSync(path.join(staticDir, 'assets', 'index-abc.js'), 'console.log(1);\n');
  const server: http.Server = createWebServer({ dispatch: t.app.dispatch, staticDir });
  const base = await listen(server, 0);
  stop = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    t.close();
    fs.rmSync(staticDir, { recursive: true, force: true });
  };
  return { t, base };
}

/** The answers element of a page, parsed; undefined when the page has none. */
function answersOf(html: string): Record<string, unknown> | undefined {
  const match = new RegExp(`<script type="application/json" id="${PRELOADED_ANSWERS_ID}">([^<]*)</script>`).exec(html);
  return match ? JSON.parse(match[1]!) as Record<string, unknown> : undefined;
}

describe('index.html in web mode', () => {
  it('before 初始化: not initialized, nobody signed in; never stored by a cache; the security headers', async () => {
    const { base } = await start();
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const html = await res.text();
    expect(answersOf(html)).toEqual({
      'setup.status': { ok: true, value: { initialized: false } },
      'auth.me': { ok: true, value: null },
    });
    // The element sits in the head, before the page's own scripts would run.
    expect(html.indexOf(PRELOADED_ANSWERS_ID)).toBeLessThan(html.indexOf('</head>'));
  });

  it('answers for the cookie that asks: the signed-in user with their cookie, nobody without it', async () => {
    const { base } = await start();
    expect((await post(base, 'setup.initialize', { project: PROJECT, manager: MANAGER })).status).toBe(200);
    const signIn = await post(base, 'auth.signIn', { idNumber: MANAGER.idNumber, password: MANAGER.password });
    const cookie = cookiePair(signIn.headers.get('set-cookie')!);
    const me = await (await post(base, 'auth.me', {}, cookie)).json() as { ok: true; value: unknown };

    // Any path the renderer's history may be on gets the page (and its answers).
    const withCookie = answersOf(await (await fetch(`${base}/p/board`, { headers: { Cookie: cookie } })).text());
    expect(withCookie).toEqual({ 'setup.status': { ok: true, value: { initialized: true } }, 'auth.me': me });
    expect((me.value as { user: { name: string } }).user.name).toBe(MANAGER.name);

    const without = answersOf(await (await fetch(`${base}/index.html`)).text());
    expect(without?.['auth.me']).toEqual({ ok: true, value: null });
  });

  it('a project name cannot close the element: the answers stay data', async () => {
    const { t, base } = await start();
    const name = '测试</script><script>alert(1)</script><!--';
    await t.call('setup.initialize', { project: { ...PROJECT, name }, manager: MANAGER });
    const token = await t.signIn(MANAGER.idNumber, MANAGER.password);
    const projects = await t.call('projects.list', {}, token);
    await t.call('projects.enter', { projectId: projects[0]!.id }, token);

    const html = await (await fetch(`${base}/`, { headers: { Cookie: `siteoffice_session=${token}` } })).text();
    expect(html).not.toContain('<script>alert');
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    const answers = answersOf(html) as { 'auth.me': { value: { project: { name: string } } } };
    expect(answers['auth.me'].value.project.name).toBe(name);
  });

  it('assets are served as they are, without answers, cached for good', async () => {
    const { base } = await start();
    const res = await fetch(`${base}/assets/index-abc.js`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe('console.log(1);\n');
  });
});

describe('jsonForScriptElement', () => {
  it('leaves no < in the text and parses back to the same value', () => {
    const value = { a: '</script><!-- <b>', b: ['<', 1, null], c: '\u2028' };
    const text = jsonForScriptElement(value);
    expect(text).not.toContain('<');
    expect(JSON.parse(text)).toEqual(value);
  });
});
