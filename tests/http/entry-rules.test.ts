// 进场登记 through the real HTTP server (web mode): a refused entry is an HTTP 409 whose message is
// exactly the reason entries.check gave, and nothing is written; an allowed one is a 200.
import { describe, it, expect, afterEach } from 'vitest';
import { snapshot, MANAGER, PROJECT } from '../support/app';
import { cookiePair, post, startTestServer, type TestServer } from '../support/http';
import { addEmployer } from '../support/prereg-helpers';
import { ORIGIN_SUZHOU, ZHAO, WANG } from '../support/issue4-helpers';

let s: TestServer | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

/** Initializes over HTTP, signs the manager in and enters the project; returns the cookie pair. */
async function managerCookie(srv: TestServer): Promise<string> {
  expect((await post(srv.base, 'setup.initialize', { project: PROJECT, manager: MANAGER })).status).toBe(200);
  const signIn = await post(srv.base, 'auth.signIn', { idNumber: MANAGER.idNumber, password: MANAGER.password });
  expect(signIn.status).toBe(200);
  const cookie = cookiePair(signIn.headers.get('set-cookie')!);
  const list = await (await post(srv.base, 'projects.list', {}, cookie)).json() as { value: { id: string }[] };
  expect((await post(srv.base, 'projects.enter', { projectId: list.value[0]!.id }, cookie)).status).toBe(200);
  return cookie;
}

/** POSTs and answers the value of a 200 `{ ok: true, value }`. */
async function ok<T>(srv: TestServer, command: string, body: unknown, cookie: string): Promise<T> {
  const res = await post(srv.base, command, body, cookie);
  const json = await res.json() as { ok: boolean; value: T };
  expect({ command, status: res.status, ok: json.ok }).toEqual({ command, status: 200, ok: true });
  return json.value;
}

describe('POST /api/entries.enter', () => {
  it('a 需隔离 person: 409 CONFLICT with the reason entries.check gave, nothing written; a 可进场 person: 200', async () => {
    s = await startTestServer();
    const srv = s;
    const cookie = await managerCookie(srv);
    // The employer through the service with a session of its own; the people over HTTP.
    const serviceToken = await srv.t.signIn(MANAGER.idNumber, MANAGER.password);
    const [project] = await srv.t.call('projects.list', {}, serviceToken);
    await srv.t.call('projects.enter', { projectId: project!.id }, serviceToken);
    const employer = await addEmployer(srv.t, serviceToken, 1, '上海申江建筑劳务有限公司');
    const person = (who: typeof ZHAO) => ({ category: 'worker', idNumber: who.idNumber, name: who.name, origin: ORIGIN_SUZHOU, employerId: employer.id, phone: '13812345678', useHealthCloud: false });
    const zhao = await ok<{ id: string }>(srv, 'persons.create', person(ZHAO), cookie);
    const wang = await ok<{ id: string }>(srv, 'persons.create', person(WANG), cookie);
    await ok(srv, 'dispositions.set', { personId: zhao.id, state: 'isolate', startedAt: '2020-02-16 20:00', method: '居家隔离' }, cookie);

    const check = await ok<{ eligibility: { allowed: boolean; reason: string } }>(srv, 'entries.check', { idNumber: ZHAO.idNumber, category: 'worker' }, cookie);
    expect(check.eligibility.allowed).toBe(false);
    expect(check.eligibility.reason).toBe('赵建军 的处置状态为“需隔离”(居家隔离 2020-02-16 起),不能进场;解除后请在“处置方式”中设为“未发现异常情况 同意进场”');

    const entry = (personId: string) => ({ personId, employerId: employer.id, workType: '020', team: '钢筋一班', enteredOn: '2020-02-17' });
    const before = snapshot(srv.t.app);
    const refused = await post(srv.base, 'entries.enter', entry(zhao.id), cookie);
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await refused.json()).toEqual({ ok: false, error: { code: 'CONFLICT', message: check.eligibility.reason } });
    expect(snapshot(srv.t.app)).toEqual(before);

    const allowed = await post(srv.base, 'entries.enter', entry(wang.id), cookie);
    expect(allowed.status).toBe(200);
    const body = await allowed.json() as { ok: true; value: Record<string, unknown> };
    expect(body).toEqual({
      ok: true,
      value: {
        entryId: expect.any(String), personId: wang.id, category: 'worker', name: '王晓东', idNumberMasked: `${WANG.idNumber.slice(0, 3)}************${WANG.idNumber.slice(-3)}`,
        phone: '13812345678', employerName: '上海申江建筑劳务有限公司', workType: '020', workTypeName: '钢筋工', team: '钢筋一班',
        enteredOn: '2020-02-17', exitedOn: null, state: 'clear', status: 'onSite',
      },
    });
    const rows = srv.t.app.services.sqlite.prepare('select person_id from entries').all();
    expect(rows).toEqual([{ person_id: wang.id }]);
  });

  it('without a session cookie: 401, nothing written', async () => {
    s = await startTestServer();
    await managerCookie(s);
    const before = snapshot(s.t.app);
    const res = await post(s.base, 'entries.enter', { personId: 'x', employerId: 'y', workType: '020', team: '钢筋一班', enteredOn: '2020-02-17' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    expect(snapshot(s.t.app)).toEqual(before);
  });
});
