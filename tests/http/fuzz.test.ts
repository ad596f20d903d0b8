// Hostile input for EVERY command of the contract, through the real HTTP server on a real SQLite
// file, with fast-check: random values, the command's real keys with values of a kind they never
// accept, its valid input with one field broken (huge strings, ID numbers with a wrong check
// character, NaN / Infinity as strings, 1e309, deep nesting), prototype-pollution keys, and bodies
// that are not JSON at all. As a signed-in manager inside the project, and without a session.
//
// The property, for every request:
// - the status is one of 200/400/401/403/404/409/413/429 and matches the body's error code;
// - the body is { ok: true, value } or { ok: false, error: { code, message[, issues] } } with a
//   code from errorCodes, never INTERNAL, and a message;
// - a body over the limit is PAYLOAD_TOO_LARGE, a body that is not JSON is BAD_REQUEST, and an
//   input that fails the command's own schema is VALIDATION — for every caller, since the
//   dispatcher parses before it looks at the session — and then nothing at all was written;
// - whenever the answer is an error the database is unchanged (see `expectUnchanged` for the one
//   exception, sign-in bookkeeping); an ok answer is a harmless read that changed nothing, unless
//   the input passed the schema and the command is a write (then the write is allowed to happen).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { contract, isCommandName } from '../../electron/common/contract';
import { errorCodes } from '../../electron/common/errors';
import { MAX_BODY_BYTES, MAX_UPLOAD_BODY_BYTES } from '../../electron/server/http';
import { snapshot, MANAGER, PROJECT } from '../support/app';
import { EPIDEMIC_INFO, OPERATOR, PNG_BYTES, validId } from '../support/fixtures';
import { API_HEADERS, rawRequest, startTestServer, type TestServer } from '../support/http';
import { addEmployer, creditCode, ORIGIN_SUZHOU, EMPLOYER_COLUMNS } from '../support/prereg-helpers';
import { writeCsv } from '../../electron/services/tabular';
import { bodiesFor, serverView, type Body } from '../support/issue9-fuzz';
import { consistencyProblems, foreignKeyViolations, integrityCheck } from '../support/issue9-db-checks';

const ALLOWED_STATUS = [200, 400, 401, 403, 404, 409, 413, 429];
const STATUS_OF: Record<string, number> = {
  VALIDATION: 400, BAD_REQUEST: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, UNKNOWN_COMMAND: 404,
  CONFLICT: 409, DATA_DIR_IN_USE: 409, PAYLOAD_TOO_LARGE: 413, LOCKED: 429,
};

/**
 * Commands that only read: an ok answer from them must leave every table exactly as it was.
 * Any other command may write when — and only when — its input passed its schema.
 */
const READS = new Set([
  'setup.status', 'auth.me', 'projects.list', 'operators.list', 'epidemicInfo.get', 'epidemicInfo.listChecklists', 'files.get',
  'reference.areas', 'settings.get', 'employers.list', 'healthCloud.lookup', 'persons.list', 'persons.get', 'family.list', 'family.get',
  'health.list', 'health.batchList', 'dispositions.get', 'entries.check', 'entries.roster', 'board.today', 'backups.list', 'backups.storage', 'audit.list',
  'audit.verify', 'recovery.status', 'idcard.plugins', 'idcard.getConfig', 'idcard.read', 'idcard.test',
]);

const commandNames = Object.keys(contract).filter(isCommandName);

let srv: TestServer;
let cookie: string;
let bases: Record<string, unknown>;

async function managerCookie(): Promise<string> {
  const token = await srv.t.signIn(MANAGER.idNumber, MANAGER.password);
  const [project] = await srv.t.call('projects.list', {}, token);
  await srv.t.call('projects.enter', { projectId: project!.id }, token);
  return `siteoffice_session=${token}`;
}

beforeAll(async () => {
  srv = await startTestServer();
  const t = srv.t;
  const token = await t.signedInManager();
  cookie = `siteoffice_session=${token}`;
  const [project] = await t.call('projects.list', {}, token);
  const employer = await addEmployer(t, token, 1);
  const operator = await t.call('operators.create', { ...OPERATOR, realNamePermission: true }, token);
  const zhao = { idNumber: validId('32058319800101011'), name: '赵建军' };
  const qian = { idNumber: validId('42010619810202021'), name: '钱志强' };
  const person = await t.call('persons.create', { category: 'worker', ...zhao, origin: ORIGIN_SUZHOU, employerId: employer.id, phone: '13812345678', useHealthCloud: false }, token);
  const second = await t.call('persons.create', { category: 'worker', ...qian, origin: ORIGIN_SUZHOU, employerId: employer.id, phone: '13812345679', useHealthCloud: false }, token);
  const family = await t.call('family.create', { personId: person.id, idNumber: validId('32058319820303032'), name: '赵小花', phone: '13900001111', origin: ORIGIN_SUZHOU, useHealthCloud: false }, token);
  await t.call('health.create', { personId: person.id, checkedAt: '2020-02-17 08:30:00', symptoms: ['无上述异常症状'], temperature: 36.5 }, token);
  await t.call('epidemicInfo.save', EPIDEMIC_INFO, token);
  const png = PNG_BYTES.toString('base64');
  const checklist = await t.call('epidemicInfo.uploadChecklist', { fileName: '复工检查表.png', mime: 'image/png', dataBase64: png }, token);
  const form = await t.call('dispositions.uploadForm', { personId: person.id, fileName: '登记表.png', mime: 'image/png', dataBase64: png }, token);
  const entry = await t.call('entries.enter', { personId: second.id, employerId: employer.id, workType: '020', team: '钢筋一班', enteredOn: '2020-02-17' }, token);
  const csv = writeCsv(EMPLOYER_COLUMNS, [{ name: '上海导入劳务有限公司', creditCode: creditCode(9), participantType: '006', contractNo: 'W2019010100009-1' }]).toString('base64');
  const entryId = (entry as { entryId: string | null }).entryId!;

  // A valid input for every command the suite knows; the fuzzer breaks one field of it at a time.
  // Commands added later without a base here still get the random and wrong-kind bodies.
  bases = {
    'setup.initialize': { project: PROJECT, manager: MANAGER },
    'auth.signIn': { idNumber: OPERATOR.idNumber, password: 'not-the-password' },
    'projects.enter': { projectId: project!.id },
    'operators.create': { idNumber: validId('31010119850615432'), name: '张喆', phone: '13700001111', password: 'op-pass-456', realNamePermission: true },
    'operators.update': { userId: operator.id, realNamePermission: true, disabled: false },
    'epidemicInfo.save': EPIDEMIC_INFO,
    'epidemicInfo.uploadChecklist': { fileName: '复工检查表2.png', mime: 'image/png', dataBase64: png },
    'epidemicInfo.deleteChecklist': { id: checklist.id },
    'files.get': { id: checklist.id },
    'settings.save': { healthCloudUrl: '', healthCloudTimeoutMs: 5000, isolationRules: [{ code: '420000', name: '湖北省', days: 14 }] },
    'employers.create': { name: '上海第二建筑劳务有限公司', creditCode: creditCode(2), participantType: '006', contractNo: 'W2019010100002-1' },
    'employers.import': { fileName: '用人单位.csv', dataBase64: csv, commit: true },
    'healthCloud.lookup': zhao,
    'healthCloud.import': { fileName: '健康云.csv', dataBase64: csv, commit: true },
    'persons.list': { page: 1, pageSize: 20, search: '', category: 'worker' },
    'persons.get': { id: person.id },
    'persons.create': { category: 'worker', idNumber: validId('34122119900101001'), name: '孙丽', origin: ORIGIN_SUZHOU, employerId: employer.id, phone: '13812345670', useHealthCloud: false },
    'persons.import': { fileName: '名册.csv', dataBase64: csv, commit: true },
    'family.list': { personId: person.id, page: 1, pageSize: 10 },
    'family.get': { id: family.id },
    'family.create': { personId: person.id, idNumber: validId('32058319840505051'), name: '周国庆', phone: '13900002222', origin: ORIGIN_SUZHOU, useHealthCloud: false },
    'health.list': { personId: person.id, page: 1, pageSize: 10 },
    'health.create': { personId: person.id, checkedAt: '2020-02-17 08:45:00', symptoms: ['咳嗽'], temperature: 37.5 },
    'health.batchList': { date: '2020-02-17' },
    'health.batchSave': { checkedAt: '2020-02-17 08:50:00', rows: [{ personId: person.id, temperature: 36.6, symptoms: ['无上述异常症状'] }] },
    'dispositions.get': { personId: person.id },
    'dispositions.set': { personId: person.id, state: 'isolate', startedAt: '2020-02-17 10:00:00', method: '居家隔离' },
    'dispositions.uploadForm': { personId: person.id, fileName: '登记表2.png', mime: 'image/png', dataBase64: png },
    'dispositions.deleteForm': { personId: person.id, id: form.id },
    'entries.check': { idNumber: zhao.idNumber, category: 'worker', enteredOn: '2020-02-17' },
    'entries.enter': { personId: person.id, employerId: employer.id, workType: '020', team: '钢筋二班', enteredOn: '2020-02-17' },
    'entries.exit': { entryId, exitedOn: '2020-02-17' },
    'entries.roster': { page: 1, pageSize: 20, category: 'worker', status: 'all', search: '' },
    'backups.restore': { fileName: 'siteoffice-20200217-090000-manual.sqlite', confirm: true },
    'recovery.restore': { fileName: 'siteoffice-20200217-090000-manual.sqlite', confirm: true },
    'audit.list': { page: 1, pageSize: 20, tableName: 'persons', rowId: person.id },
    'idcard.saveConfig': { pluginId: 'simulator', settings: {} },
    'idcard.test': { pluginId: 'simulator', settings: {} },
    'reports.healthFormPdf': { personId: person.id },
    'reports.familyXlsx': { personId: person.id },
    'reports.healthChecksXlsx': { personId: person.id },
    'reports.rosterXlsx': { category: 'worker', status: 'all', search: '' },
    'reports.rosterPdf': { category: 'worker', status: 'all', search: '' },
    'reports.boardXlsx': { list: 'fevers' },
    'reports.template': { kind: 'persons' },
  };
}, 60000);

afterAll(async () => {
  await srv?.close();
});

type Snapshot = Record<string, unknown[]>;

let cached: { changes: number; snap: Snapshot } | undefined;

/**
 * snapshot() of every table, reused while SQLite's total_changes() on the server's own connection
 * (the only one writing: the server runs in this process) has not moved — no row was inserted,
 * updated or deleted since, so the tables are what they were. Most hostile calls change nothing,
 * and reading every table twice per call would be most of this file's run time.
 */
function currentSnapshot(): Snapshot {
  const changes = (srv.t.app.services.sqlite.prepare('select total_changes() as n').get() as { n: number }).n;
  if (cached?.changes !== changes) cached = { changes, snap: snapshot(srv.t.app) };
  return cached.snap;
}

/**
 * The database after a refused call must equal the one before, table by table and row by row.
 * The one precise exception: a refused auth.signIn whose input passed the schema does its
 * bookkeeping — it upserts the sign_in_failures row of that ID number and appends one audit row
 * with action 'sign_in_failed' (electron/services/auth.ts signIn). So for that case only,
 * sign_in_failures may differ, and audit_log must be the old rows unchanged followed only by
 * 'sign_in_failed' rows. sessions is compared exactly everywhere: no refused call may touch it.
 */
function expectUnchanged(before: Snapshot, after: Snapshot, signInBookkeeping: boolean, context: string): void {
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (signInBookkeeping && table === 'sign_in_failures') continue;
    if (signInBookkeeping && table === 'audit_log') {
      const old = before[table] ?? [];
      const now = after[table] ?? [];
      expect(now.slice(0, old.length), `${context}: audit_log rows changed`).toEqual(old);
      for (const row of now.slice(old.length) as { action: string; table_name: string | null }[]) {
        expect(row.action, `${context}: unexpected audit row`).toBe('sign_in_failed');
        expect(row.table_name).toBeNull();
      }
      continue;
    }
    expect(after[table], `${context}: table ${table} changed`).toEqual(before[table]);
  }
}

interface Reply { status: number; body: unknown; text: string }

async function send(command: string, text: string, withCookie: string | null): Promise<Reply> {
  const bytes = Buffer.from(text, 'utf8');
  const res = await rawRequest(srv.base, {
    method: 'POST',
    path: `/api/${encodeURIComponent(command)}`,
    headers: { ...API_HEADERS, 'Content-Length': String(bytes.length), ...(withCookie ? { Cookie: withCookie } : {}) },
    chunks: bytes.length > 0 ? [bytes] : [],
  });
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text: res.body };
}

/** The status and the shape of the body, for any request to /api/. */
function expectWellFormed(reply: Reply, context: string): { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } } {
  expect(ALLOWED_STATUS, `${context}: status ${reply.status}, body ${reply.text.slice(0, 300)}`).toContain(reply.status);
  expect(reply.body, `${context}: body is not JSON: ${reply.text.slice(0, 200)}`).toBeTypeOf('object');
  const body = reply.body as Record<string, unknown>;
  if (body.ok === true) {
    expect(Object.keys(body).sort()).toEqual(['ok', 'value']);
    expect(reply.status).toBe(200);
    return body as { ok: true; value: unknown };
  }
  expect(Object.keys(body).sort(), context).toEqual(['error', 'ok']);
  expect(body.ok).toBe(false);
  const error = body.error as Record<string, unknown>;
  expect(error, context).toBeTypeOf('object');
  expect(Object.keys(error).every((k) => ['code', 'message', 'issues'].includes(k)), `${context}: error keys ${Object.keys(error)}`).toBe(true);
  expect(errorCodes, context).toContain(error.code);
  expect(error.code, `${context}: ${reply.text.slice(0, 300)}`).not.toBe('INTERNAL');
  expect(error.message, context).toBeTypeOf('string');
  expect((error.message as string).length, context).toBeGreaterThan(0);
  expect(reply.status, context).toBe(STATUS_OF[error.code as string]);
  return body as { ok: false; error: { code: string; message: string } };
}

/** Sends one body and checks the property; `who` is the cookie to send (null: no session). */
async function checkOne(command: (typeof commandNames)[number], body: Body, who: string | null): Promise<void> {
  const spec = contract[command];
  const limit = 'upload' in spec ? MAX_UPLOAD_BODY_BYTES : MAX_BODY_BYTES;
  const view = serverView(body.text, limit);
  const context = `${command} (${body.how}, ${who ? 'signed in' : 'no session'}): ${body.text.slice(0, 160)}`;
  const before = currentSnapshot();
  const reply = await send(command, body.text, who);
  const answer = expectWellFormed(reply, context);
  const after = currentSnapshot();

  if (view.kind === 'tooLarge') {
    expect(answer.ok ? 'ok' : answer.error.code, context).toBe('PAYLOAD_TOO_LARGE');
    expectUnchanged(before, after, false, context);
    return;
  }
  if (view.kind === 'notJson') {
    expect(answer.ok ? 'ok' : answer.error.code, context).toBe('BAD_REQUEST');
    expectUnchanged(before, after, false, context);
    return;
  }
  const valid = spec.input.safeParse(view.input).success;
  if (!valid) {
    // Refused, and nothing ran. The caller is checked first: without a valid session a non-public
    // command is refused as such whatever the input; the manager's session reaches the schema
    // (or is refused for a role it does not have).
    const refusal = spec.access === 'public' ? ['VALIDATION'] : who === cookie ? ['VALIDATION', 'FORBIDDEN'] : ['UNAUTHENTICATED'];
    expect(refusal, context).toContain(answer.ok ? 'ok' : answer.error.code);
    expectUnchanged(before, after, false, context);
    return;
  }
  if (!answer.ok) {
    expectUnchanged(before, after, command === 'auth.signIn', context);
    return;
  }
  if (READS.has(command)) {
    expectUnchanged(before, after, false, context);
    return;
  }
  // A write whose input passed its schema did its work; the session it may have ended is renewed.
  if (command === 'auth.signOut' && who === cookie) cookie = await managerCookie();
}

/** A fixed seed per command, so a failure names the command and reproduces. */
function seedOf(command: string): number {
  let h = 0;
  for (const c of command) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h;
}

describe('every command under hostile input', () => {
  it('covers the whole contract', () => {
    expect(commandNames.length).toBeGreaterThan(40);
    const unknownBases = Object.keys(bases).filter((name) => !isCommandName(name));
    expect(unknownBases).toEqual([]);
  });

  it.each(commandNames)('%s: typed errors only, nothing written on an error (signed in, and without a session)', async (command) => {
    const arbitrary = bodiesFor(contract[command].input, bases[command]);
    await fc.assert(fc.asyncProperty(arbitrary, async (body) => {
      await checkOne(command, body, cookie);
    }), { numRuns: 30, seed: seedOf(command), endOnFailure: true });
    await fc.assert(fc.asyncProperty(arbitrary, fc.constantFrom<string | null>(null, 'siteoffice_session=forged-token', 'siteoffice_session=%E0%A4%A'), async (body, who) => {
      await checkOne(command, body, who);
    }), { numRuns: 8, seed: seedOf(command) + 1, endOnFailure: true });
  });

  it('nothing polluted Object.prototype in the server process', () => {
    const probe = {} as Record<string, unknown>;
    expect(probe.polluted).toBeUndefined();
    expect(probe.isAdmin).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  it('after all of it the database is intact, and every write the fuzzer got through has its outbox and audit rows', () => {
    const sqlite = srv.t.app.services.sqlite;
    expect(integrityCheck(sqlite)).toEqual(['ok']);
    expect(foreignKeyViolations(sqlite)).toEqual([]);
    expect(consistencyProblems(sqlite)).toEqual([]);
  });
});

describe('hostile requests around the commands', () => {
  it('odd command names, methods, headers and bodies: typed errors, nothing written', async () => {
    const names = fc.oneof(
      fc.constantFrom(...commandNames),
      fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'persons', 'persons.', '.create', 'persons.create.x', '', 'a'.repeat(5000)),
      fc.string({ maxLength: 30 }),
    );
    const paths = fc.oneof(
      names.map((n) => `/api/${encodeURIComponent(n)}`),
      fc.constantFrom('/api/%E0%A4%A', '/api/%', '/api/persons.list?x=1', '/api/persons.list/../setup.status', '/api/%2e%2e%2fsetup.status', '/api/persons%2elist', '/api//persons.list'),
    );
    const methods = fc.constantFrom('POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');
    const headerSets = fc.constantFrom<Record<string, string>>(
      { ...API_HEADERS },
      { 'Content-Type': 'application/json' }, // no CSRF header
      { 'Content-Type': 'text/plain', 'X-Siteoffice': '1' },
      { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Siteoffice': '1' },
      { 'Content-Type': 'application/json', 'X-Siteoffice': '0' },
      { 'X-Siteoffice': '1' },
    );
    const bodies = fc.oneof(fc.constant(''), fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)), fc.string({ maxLength: 40 }));
    await fc.assert(fc.asyncProperty(paths, methods, headerSets, bodies, fc.boolean(), async (path, method, headers, text, signedIn) => {
      const before = currentSnapshot();
      const bytes = Buffer.from(text, 'utf8');
      const sendBody = method !== 'GET' && method !== 'HEAD' && bytes.length > 0;
      const res = await rawRequest(srv.base, {
        method,
        path,
        headers: { ...headers, ...(sendBody ? { 'Content-Length': String(bytes.length) } : {}), ...(signedIn ? { Cookie: cookie } : {}) },
        chunks: sendBody ? [bytes] : [],
      });
      const context = `${method} ${path} ${JSON.stringify(headers)} ${text.slice(0, 80)}`;
      if (method === 'HEAD') {
        expect(ALLOWED_STATUS, context).toContain(res.status);
        expectUnchanged(before, currentSnapshot(), false, context);
        return;
      }
      const answer = expectWellFormed({ status: res.status, body: (() => { try { return JSON.parse(res.body); } catch { return undefined; } })(), text: res.body }, context);
      // What may legitimately have happened: a correct request to a real command (checked
      // command by command above). Everything else must have changed nothing.
      const wellFormed = method === 'POST' && headers['Content-Type'] === 'application/json' && headers['X-Siteoffice'] === '1';
      if (!wellFormed) expect(answer.ok, context).toBe(false);
      if (!answer.ok || !wellFormed) {
        const name = decodeURIComponentSafe(path.slice('/api/'.length).split('?')[0]!);
        expectUnchanged(before, currentSnapshot(), name === 'auth.signIn', context);
      } else if (path.includes('auth.signOut') && signedIn) {
        cookie = await managerCookie();
      }
    }), { numRuns: 300, seed: 9, endOnFailure: true });
  }, 60000);

  it('an upload body over 16 MB is refused with 413 and writes nothing', async () => {
    const before = currentSnapshot();
    const big = `{"fileName":"a.pdf","mime":"application/pdf","dataBase64":"${'A'.repeat(MAX_UPLOAD_BODY_BYTES)}"}`;
    const reply = await send('epidemicInfo.uploadChecklist', big, cookie);
    expect(reply.status).toBe(413);
    expect((reply.body as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
    expectUnchanged(before, currentSnapshot(), false, 'upload over 16 MB');
  }, 30000);
});

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
