// Web mode: the same contract over HTTP. The real server in-process on a free port, a real SQLite
// file behind it, global fetch in front of it.
import { describe, it, expect, afterEach } from 'vitest';
import { snapshot, MANAGER, PROJECT } from '../support/app';
import { EPIDEMIC_INFO, PNG_BYTES } from '../support/fixtures';
import { API_HEADERS, cookiePair, post, rawRequest, startTestServer, type TestServer } from '../support/http';
import { CONTENT_SECURITY_POLICY } from '../../electron/common/security';

let s: TestServer | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

async function start(): Promise<TestServer> {
  s = await startTestServer();
  return s;
}

/** Initializes over HTTP, signs the manager in and enters the project; returns the cookie pair. */
async function managerCookie(srv: TestServer): Promise<{ cookie: string; projectId: string }> {
  const init = await post(srv.base, 'setup.initialize', { project: PROJECT, manager: MANAGER });
  expect(init.status).toBe(200);
  const signIn = await post(srv.base, 'auth.signIn', { idNumber: MANAGER.idNumber, password: MANAGER.password });
  expect(signIn.status).toBe(200);
  const cookie = cookiePair(signIn.headers.get('set-cookie')!);
  const list = await (await post(srv.base, 'projects.list', {}, cookie)).json() as { ok: true; value: { id: string }[] };
  const projectId = list.value[0]!.id;
  expect((await post(srv.base, 'projects.enter', { projectId }, cookie)).status).toBe(200);
  return { cookie, projectId };
}

function expectSecurityHeaders(res: Response): void {
  expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
}

describe('the session cookie', () => {
  it('signIn sets an HttpOnly SameSite=Strict cookie, the next call with it works, signOut clears it', async () => {
    const srv = await start();
    const init = await post(srv.base, 'setup.initialize', { project: PROJECT, manager: MANAGER });
    const { value: { projectId } } = await init.json() as { value: { projectId: string } };

    const signIn = await post(srv.base, 'auth.signIn', { idNumber: MANAGER.idNumber, password: MANAGER.password });
    expect(signIn.status).toBe(200);
    const setCookie = signIn.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^siteoffice_session=[A-Za-z0-9_-]{43}; /);
    const attrs = setCookie.split(';').map((a) => a.trim());
    expect(attrs).toContain('HttpOnly');
    expect(attrs).toContain('SameSite=Strict');
    expect(attrs).toContain('Path=/');
    expect(attrs.some((a) => /^max-age=/i.test(a) || /^expires=/i.test(a))).toBe(false);
    const body = await signIn.json();
    expect(body).toEqual({ ok: true, value: { user: { id: expect.any(String), name: MANAGER.name, role: 'manager', idNumberMasked: '110************02X' }, project: null } });
    // The token travels only in the HttpOnly cookie, never in the body a script could read.
    expect(JSON.stringify(body)).not.toContain(cookiePair(setCookie).split('=')[1]);

    const cookie = cookiePair(setCookie);
    const list = await post(srv.base, 'projects.list', {}, cookie);
    expect(list.status).toBe(200);
    expect(list.headers.get('set-cookie')).toBeNull();
    expect(await list.json()).toEqual({ ok: true, value: [{ id: projectId, ...PROJECT }] });
    const enter = await post(srv.base, 'projects.enter', { projectId }, cookie);
    expect(((await enter.json()) as { value: { project: { id: string } } }).value.project.id).toBe(projectId);
    expect(await (await post(srv.base, 'epidemicInfo.get', {}, cookie)).json()).toEqual({ ok: true, value: null });

    const signOut = await post(srv.base, 'auth.signOut', {}, cookie);
    expect(signOut.status).toBe(200);
    expect(await signOut.json()).toEqual({ ok: true, value: null });
    const cleared = signOut.headers.get('set-cookie')!;
    expect(cleared).toMatch(/^siteoffice_session=; /);
    expect(cleared).toContain('Max-Age=0');
    expect(cleared).toContain('HttpOnly');
    expect(cleared).toContain('SameSite=Strict');

    // The old cookie, replayed, is worth nothing.
    const after = await post(srv.base, 'projects.list', {}, cookie);
    expect(after.status).toBe(401);
    expect(await after.json()).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } });
    expect(await (await post(srv.base, 'auth.me', {}, cookie)).json()).toEqual({ ok: true, value: null });
  });

  it('a failed sign-in sets no cookie and answers 401, then 429 once locked', async () => {
    const srv = await start();
    await post(srv.base, 'setup.initialize', { project: PROJECT, manager: MANAGER });
    const wrong = await post(srv.base, 'auth.signIn', { idNumber: MANAGER.idNumber, password: 'wrong-password' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(await wrong.json()).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: '身份证号或密码错误,还可尝试 4 次' } });
    for (let i = 0; i < 3; i++) await post(srv.base, 'auth.signIn', { idNumber: MANAGER.idNumber, password: 'wrong-password' });
    const locked = await post(srv.base, 'auth.signIn', { idNumber: MANAGER.idNumber, password: 'wrong-password' });
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { error: { code: string } }).error.code).toBe('LOCKED');
  });

  it('without a cookie a user command answers 401, and a project command before entering answers 403', async () => {
    const srv = await start();
    await post(srv.base, 'setup.initialize', { project: PROJECT, manager: MANAGER });
    const anon = await post(srv.base, 'projects.list');
    expect(anon.status).toBe(401);
    expect(await anon.json()).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } });

    const signIn = await post(srv.base, 'auth.signIn', { idNumber: MANAGER.idNumber, password: MANAGER.password });
    const cookie = cookiePair(signIn.headers.get('set-cookie')!);
    const notEntered = await post(srv.base, 'epidemicInfo.get', {}, cookie);
    expect(notEntered.status).toBe(403);
    expect(await notEntered.json()).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '请先选择合同进入项目' } });
  });
});

describe('security headers', () => {
  it('are on successful answers, on error answers and on paths outside the API', async () => {
    const srv = await start();
    const ok = await post(srv.base, 'setup.status');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, value: { initialized: false } });
    expect(ok.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expectSecurityHeaders(ok);

    const unknown = await post(srv.base, 'nope.nothing');
    expect(unknown.status).toBe(404);
    expectSecurityHeaders(unknown);

    const refused = await fetch(`${srv.base}/api/setup.status`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(refused.status).toBe(403);
    expectSecurityHeaders(refused);

    const outside = await fetch(`${srv.base}/index.html`);
    expect(outside.status).toBe(404);
    expectSecurityHeaders(outside);
  });
});

describe('bad requests: a typed error, the right status, and the database unchanged', () => {
  interface BadCase {
    name: string;
    status: number;
    code: string;
    message?: string;
    /** Refused by a service rule rather than by the schema: no field issues. */
    serviceRule?: true;
    send(base: string, cookie: string): Promise<Response>;
  }

  const saveBody = JSON.stringify(EPIDEMIC_INFO);
  const cases: BadCase[] = [
    {
      name: 'wrong type (idNumber: 123)',
      status: 400,
      code: 'VALIDATION',
      send: (base) => post(base, 'auth.signIn', { idNumber: 123, password: MANAGER.password }),
    },
    {
      name: 'wrong type (quantity as a string)',
      status: 400,
      code: 'VALIDATION',
      message: '数量应为数字',
      send: (base, cookie) => post(base, 'epidemicInfo.save', { ...EPIDEMIC_INFO, supplies: [{ item: '口罩', quantity: '2000', unit: '只' }] }, cookie),
    },
    {
      name: 'missing field (password)',
      status: 400,
      code: 'VALIDATION',
      send: (base) => post(base, 'auth.signIn', { idNumber: MANAGER.idNumber }),
    },
    {
      name: 'missing field (hospitalPhone)',
      status: 400,
      code: 'VALIDATION',
      send: (base, cookie) => {
        const { hospitalPhone: _omitted, ...rest } = EPIDEMIC_INFO;
        return post(base, 'epidemicInfo.save', rest, cookie);
      },
    },
    {
      name: 'extra unknown field',
      status: 400,
      code: 'VALIDATION',
      send: (base, cookie) => post(base, 'epidemicInfo.save', { ...EPIDEMIC_INFO, updatedBy: 'someone-else' }, cookie),
    },
    {
      name: 'extra unknown field on an empty-input command',
      status: 400,
      code: 'VALIDATION',
      send: (base, cookie) => post(base, 'auth.signOut', { everywhere: true }, cookie),
    },
    {
      name: 'unknown command',
      status: 404,
      code: 'UNKNOWN_COMMAND',
      message: '未知的操作:epidemicInfo.drop',
      send: (base, cookie) => post(base, 'epidemicInfo.drop', {}, cookie),
    },
    {
      name: 'prototype name as a command',
      status: 404,
      code: 'UNKNOWN_COMMAND',
      send: (base, cookie) => post(base, 'constructor', {}, cookie),
    },
    {
      name: 'oversized body (> 256 KB) to a normal command',
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: '请求内容过大(上限 256 KB)',
      send: (base, cookie) => post(base, 'epidemicInfo.save', { ...EPIDEMIC_INFO, other: 'x'.repeat(300 * 1024) }, cookie),
    },
    {
      name: 'oversized chunked body without Content-Length',
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      send: async (base, cookie) => {
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const raw = await rawRequest(base, {
          method: 'POST',
          path: '/api/epidemicInfo.save',
          headers: { ...API_HEADERS, Cookie: cookie, 'Transfer-Encoding': 'chunked' },
          chunks: [Buffer.from(saveBody), chunk, chunk, chunk, chunk, chunk],
        });
        return new Response(raw.body, { status: raw.status, headers: raw.headers as Record<string, string> });
      },
    },
    {
      name: 'body that is not JSON',
      status: 400,
      code: 'BAD_REQUEST',
      message: '请求内容不是有效的 JSON',
      send: (base, cookie) => fetch(`${base}/api/epidemicInfo.save`, { method: 'POST', headers: { ...API_HEADERS, Cookie: cookie }, body: `${saveBody.slice(0, -1)},` }),
    },
    {
      name: 'GET instead of POST',
      status: 400,
      code: 'BAD_REQUEST',
      message: '接口只接受 POST 请求',
      send: (base, cookie) => fetch(`${base}/api/setup.status`, { method: 'GET', headers: { 'X-Siteoffice': '1', Cookie: cookie } }),
    },
    {
      name: 'PUT instead of POST on a writing command',
      status: 400,
      code: 'BAD_REQUEST',
      send: (base, cookie) => fetch(`${base}/api/epidemicInfo.save`, { method: 'PUT', headers: { ...API_HEADERS, Cookie: cookie }, body: saveBody }),
    },
    {
      name: 'missing X-Siteoffice: 1 header',
      status: 403,
      code: 'FORBIDDEN',
      message: '请求缺少来源校验头,已拒绝',
      send: (base, cookie) => fetch(`${base}/api/epidemicInfo.save`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie }, body: saveBody }),
    },
    {
      name: 'X-Siteoffice with another value',
      status: 403,
      code: 'FORBIDDEN',
      send: (base, cookie) => fetch(`${base}/api/epidemicInfo.save`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Siteoffice': 'yes', Cookie: cookie }, body: saveBody }),
    },
    {
      name: 'wrong content type (text/plain, what a cross-site form can send)',
      status: 400,
      code: 'BAD_REQUEST',
      message: '请求格式应为 JSON',
      send: (base, cookie) => fetch(`${base}/api/epidemicInfo.save`, { method: 'POST', headers: { 'Content-Type': 'text/plain', 'X-Siteoffice': '1', Cookie: cookie }, body: saveBody }),
    },
    {
      name: 'wrong content type (form-urlencoded)',
      status: 400,
      code: 'BAD_REQUEST',
      send: (base, cookie) => fetch(`${base}/api/epidemicInfo.save`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Siteoffice': '1', Cookie: cookie }, body: 'other=x' }),
    },
    {
      name: 'a JSON array instead of an object',
      status: 400,
      code: 'VALIDATION',
      send: (base, cookie) => fetch(`${base}/api/epidemicInfo.save`, { method: 'POST', headers: { ...API_HEADERS, Cookie: cookie }, body: `[${saveBody}]` }),
    },
    {
      name: 'an upload whose bytes are not the declared type',
      status: 400,
      code: 'VALIDATION',
      message: '文件内容不是有效的 jpg、png 或 pdf 文件',
      serviceRule: true,
      send: (base, cookie) => post(base, 'epidemicInfo.uploadChecklist', { fileName: 'a.png', mime: 'image/png', dataBase64: Buffer.from('GIF89a....').toString('base64') }, cookie),
    },
  ];

  for (const c of cases) {
    it(`${c.name} → ${c.status} ${c.code}`, async () => {
      const srv = await start();
      const { cookie } = await managerCookie(srv);
      // Something already saved, so that a wrongly accepted write would show as a difference.
      expect((await post(srv.base, 'epidemicInfo.save', EPIDEMIC_INFO, cookie)).status).toBe(200);
      const before = snapshot(srv.t.app);

      const res = await c.send(srv.base, cookie);
      expect(res.status).toBe(c.status);
      expect(res.headers.get('set-cookie')).toBeNull();
      const body = await res.json() as { ok: boolean; error: { code: string; message: string; issues?: unknown } };
      expect(body.ok).toBe(false);
      expect(Object.keys(body).sort()).toEqual(['error', 'ok']);
      expect(body.error.code).toBe(c.code);
      expect(typeof body.error.message).toBe('string');
      expect(body.error.message.length).toBeGreaterThan(0);
      if (c.message) expect(body.error.message).toBe(c.message);
      // Field issues come with schema errors, and only with them.
      if (c.code === 'VALIDATION' && !c.serviceRule) expect(Object.keys(body.error).sort()).toEqual(['code', 'issues', 'message']);
      else expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);

      expect(snapshot(srv.t.app)).toEqual(before);
      // The server is still fine afterwards, and the session too.
      expect(await (await post(srv.base, 'epidemicInfo.get', {}, cookie)).json()).toMatchObject({ ok: true, value: { hospitalName: EPIDEMIC_INFO.hospitalName } });
    });
  }

  it('names the field paths of a VALIDATION error in the body', async () => {
    const srv = await start();
    const res = await post(srv.base, 'auth.signIn', { idNumber: 123, password: MANAGER.password, remember: true });
    expect(res.status).toBe(400);
    const body = await res.json() as { error: { issues: { path: string; message: string }[] } };
    expect(body.error.issues.map((i) => i.path)).toEqual(['idNumber', '']);
    expect(body.error.issues[1]!.message).toContain('remember');
  });

  it('an upload command accepts a body larger than 256 KB', async () => {
    const srv = await start();
    const { cookie } = await managerCookie(srv);
    await post(srv.base, 'epidemicInfo.save', EPIDEMIC_INFO, cookie);
    // A valid PNG signature followed by padding: about 300 KB of file, 400 KB of base64.
    const big = Buffer.concat([PNG_BYTES, Buffer.alloc(300 * 1024, 0)]);
    const res = await post(srv.base, 'epidemicInfo.uploadChecklist', { fileName: '大检查表.png', mime: 'image/png', dataBase64: big.toString('base64') }, cookie);
    expect(res.status).toBe(200);
    const body = await res.json() as { ok: true; value: { id: string; size: number } };
    expect(body.value.size).toBe(big.length);
    const file = await (await post(srv.base, 'files.get', { id: body.value.id }, cookie)).json() as { value: { dataBase64: string } };
    expect(Buffer.from(file.value.dataBase64, 'base64').equals(big)).toBe(true);
  });
});

describe('a malformed session cookie', () => {
  // A tampered cookie (or one another program on 127.0.0.1 set: cookies do not separate ports)
  // must not lock the user out: it counts as no session.
  it('is treated as no session: public commands work and signIn replaces it', async () => {
    const srv = await start();
    await post(srv.base, 'setup.initialize', { project: PROJECT, manager: MANAGER });
    const bad = 'siteoffice_session=%E0%A4%A';

    const status = await post(srv.base, 'setup.status', {}, bad);
    expect(await status.json()).toEqual({ ok: true, value: { initialized: true } });
    expect(status.status).toBe(200);

    const signIn = await post(srv.base, 'auth.signIn', { idNumber: MANAGER.idNumber, password: MANAGER.password }, bad);
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get('set-cookie')).toMatch(/^siteoffice_session=[A-Za-z0-9_-]{43}; /);

    const list = await post(srv.base, 'projects.list', {}, bad);
    expect(list.status).toBe(401);
    expect(await list.json()).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } });
  });
});
