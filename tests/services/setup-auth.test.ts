// 初始化, 登录 with lock-out, sessions and choosing a project: the services through the real
// dispatcher on a real SQLite file, with a clock the test moves by hand.
import { describe, it, expect, afterEach } from 'vitest';
import { openTestApp, errorOf, snapshot, MANAGER, PROJECT, type TestApp } from '../support/app';
import { validId, wrongCheckId } from '../support/fixtures';
import { maskIdNumber } from '../../electron/common/idnumber';

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

function open(): TestApp {
  t = openTestApp();
  return t;
}

/** Signs in through the dispatcher and returns the session token the transport would keep. */
async function signIn(app: TestApp, idNumber: string, password: string): Promise<string> {
  const outcome = await app.app.dispatch('auth.signIn', { idNumber, password }, null);
  if (!outcome.result.ok) throw new Error(`sign-in failed: ${outcome.result.error.code} ${outcome.result.error.message}`);
  expect(typeof outcome.token).toBe('string');
  return outcome.token as string;
}

function signInError(app: TestApp, idNumber: string, password: string) {
  return errorOf(() => app.call('auth.signIn', { idNumber, password }));
}

function failureRow(app: TestApp, idNumber: string) {
  return app.app.services.sqlite.prepare('select failures, locked_until as lockedUntil from sign_in_failures where id_number = ?').get(idNumber) as
    { failures: number; lockedUntil: string | null } | undefined;
}

describe('setup.status and setup.initialize', () => {
  it('reports not initialized on an empty data folder and initialized afterwards', async () => {
    const app = open();
    expect(await app.call('setup.status', {})).toEqual({ initialized: false });

    const created = await app.call('setup.initialize', { project: PROJECT, manager: MANAGER });
    expect(created.projectId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.userId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await app.call('setup.status', {})).toEqual({ initialized: true });

    const db = snapshot(app.app);
    expect(db.projects).toHaveLength(1);
    expect(db.projects![0]).toMatchObject({
      id: created.projectId,
      contract_no: PROJECT.contractNo,
      build_no: PROJECT.buildNo,
      name: PROJECT.name,
      general_contractor: PROJECT.generalContractor,
      contractor_type: PROJECT.contractorType,
      supervision_station: PROJECT.supervisionStation,
      created_at: app.clock.now().toISOString(),
    });
    expect(db.users).toHaveLength(1);
    const user = db.users![0] as Record<string, unknown>;
    expect(user).toMatchObject({ id: created.userId, id_number: MANAGER.idNumber, name: MANAGER.name, phone: MANAGER.phone, role: 'manager', real_name_permission: 1, disabled: 0 });
    // The password is stored as a salted scrypt hash, never as itself.
    expect(user.password_hash).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(String(user.password_hash)).not.toContain(MANAGER.password);
    expect(db.user_projects).toEqual([{ user_id: created.userId, project_id: created.projectId }]);
  });

  it('refuses a second initialize with CONFLICT and writes nothing', async () => {
    const app = open();
    await app.call('setup.initialize', { project: PROJECT, manager: MANAGER });
    const before = snapshot(app.app);
    const other = { idNumber: validId('31010419800101123'), name: '赵六', phone: '13900001111', password: 'another-pass' };
    const err = await errorOf(() => app.call('setup.initialize', { project: { ...PROJECT, contractNo: 'W2020020200022' }, manager: other }));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toBe('系统已初始化,请直接登录');
    expect(snapshot(app.app)).toEqual(before);
  });

  it('refuses a wrong ID check character with a VALIDATION error naming the check character, and writes nothing', async () => {
    const app = open();
    const before = snapshot(app.app);
    const bad = wrongCheckId(MANAGER.idNumber.slice(0, 17));
    const err = await errorOf(() => app.call('setup.initialize', { project: PROJECT, manager: { ...MANAGER, idNumber: bad.idNumber } }));
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toBe(`身份证号校验位错误:应为 ${bad.expected},实际为 ${bad.actual}`);
    expect(err.issues).toEqual([{ path: 'manager.idNumber', message: err.message }]);
    expect(snapshot(app.app)).toEqual(before);
    expect(await app.call('setup.status', {})).toEqual({ initialized: false });
  });

  it('accepts a lower-case x check character and stores it normalised to upper case', async () => {
    const app = open();
    await app.call('setup.initialize', { project: PROJECT, manager: { ...MANAGER, idNumber: MANAGER.idNumber.toLowerCase() } });
    expect(snapshot(app.app).users!.map((u) => (u as { id_number: string }).id_number)).toEqual([MANAGER.idNumber]);
  });
});

describe('auth.signIn and lock-out', () => {
  it('signs the manager in and answers the session view with a masked ID number', async () => {
    const app = open();
    const { userId } = await app.call('setup.initialize', { project: PROJECT, manager: MANAGER });
    const outcome = await app.app.dispatch('auth.signIn', { idNumber: MANAGER.idNumber, password: MANAGER.password }, null);
    expect(outcome.result).toEqual({
      ok: true,
      value: { user: { id: userId, name: MANAGER.name, role: 'manager', idNumberMasked: '110************02X' }, project: null },
    });
    expect(outcome.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only the token's hash is stored.
    const sessions = snapshot(app.app).sessions as { token_hash: string; user_id: string; expires_at: string }[];
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.token_hash).not.toBe(outcome.token);
    expect(sessions[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(sessions[0]!.expires_at).toBe(new Date(app.clock.now().getTime() + 12 * 3600_000).toISOString());
  });

  it('counts wrong passwords down, locks on the 5th, refuses the right password while locked, and unlocks after 15 minutes', async () => {
    const app = open();
    await app.call('setup.initialize', { project: PROJECT, manager: MANAGER });

    for (const remaining of [4, 3, 2, 1]) {
      const err = await signInError(app, MANAGER.idNumber, 'wrong-password');
      expect(err.code).toBe('UNAUTHENTICATED');
      expect(err.message).toBe(`身份证号或密码错误,还可尝试 ${remaining} 次`);
    }
    expect(failureRow(app, MANAGER.idNumber)).toEqual({ failures: 4, lockedUntil: null });

    const fifth = await signInError(app, MANAGER.idNumber, 'wrong-password');
    expect(fifth.code).toBe('LOCKED');
    expect(fifth.message).toBe('密码错误次数过多,登录已锁定 15 分钟');
    const lockedUntil = new Date(app.clock.now().getTime() + 15 * 60000).toISOString();
    expect(failureRow(app, MANAGER.idNumber)).toEqual({ failures: 5, lockedUntil });

    // The right password does not help while locked, and no session is made.
    const whileLocked = await signInError(app, MANAGER.idNumber, MANAGER.password);
    expect(whileLocked.code).toBe('LOCKED');
    expect(whileLocked.message).toBe('密码错误次数过多,登录已锁定,请 15 分钟后再试');
    app.clock.advanceMinutes(14);
    const stillLocked = await signInError(app, MANAGER.idNumber, MANAGER.password);
    expect(stillLocked.code).toBe('LOCKED');
    expect(stillLocked.message).toBe('密码错误次数过多,登录已锁定,请 1 分钟后再试');
    expect(snapshot(app.app).sessions).toEqual([]);

    app.clock.advanceMinutes(2);
    const token = await signIn(app, MANAGER.idNumber, MANAGER.password);
    expect((await app.call('auth.me', {}, token))?.user.name).toBe(MANAGER.name);
    // A successful sign-in clears the failure count.
    expect(failureRow(app, MANAGER.idNumber)).toBeUndefined();
  });

  it('starts counting afresh after a lock has expired', async () => {
    const app = open();
    await app.call('setup.initialize', { project: PROJECT, manager: MANAGER });
    for (let i = 0; i < 5; i++) await signInError(app, MANAGER.idNumber, 'wrong-password');
    app.clock.advanceMinutes(16);
    const err = await signInError(app, MANAGER.idNumber, 'wrong-password');
    expect(err.code).toBe('UNAUTHENTICATED');
    expect(err.message).toBe('身份证号或密码错误,还可尝试 4 次');
  });

  it('counts failures for an unknown 身份证号 too, with the same answer as a wrong password', async () => {
    const app = open();
    await app.call('setup.initialize', { project: PROJECT, manager: MANAGER });
    const unknown = validId('44030519900307321');
    for (const remaining of [4, 3, 2, 1]) {
      const err = await signInError(app, unknown, 'whatever-1');
      expect(err.code).toBe('UNAUTHENTICATED');
      expect(err.message).toBe(`身份证号或密码错误,还可尝试 ${remaining} 次`);
    }
    expect((await signInError(app, unknown, 'whatever-1')).code).toBe('LOCKED');
    expect(failureRow(app, unknown)?.failures).toBe(5);
    // The manager's own count is untouched by someone guessing another number.
    expect(failureRow(app, MANAGER.idNumber)).toBeUndefined();
    expect(await signIn(app, MANAGER.idNumber, MANAGER.password)).toBeTruthy();
  });

  it('refuses a malformed 身份证号 as VALIDATION without counting it', async () => {
    const app = open();
    await app.call('setup.initialize', { project: PROJECT, manager: MANAGER });
    const before = snapshot(app.app);
    const err = await signInError(app, '12345', 'pw123456');
    expect(err.code).toBe('VALIDATION');
    expect(err.issues?.[0]?.path).toBe('idNumber');
    expect(snapshot(app.app)).toEqual(before);
  });
});

describe('sessions', () => {
  it('expire 12 hours after sign-in', async () => {
    const app = open();
    await app.call('setup.initialize', { project: PROJECT, manager: MANAGER });
    const token = await signIn(app, MANAGER.idNumber, MANAGER.password);

    app.clock.advanceMinutes(12 * 60 - 1);
    expect(await app.call('projects.list', {}, token)).toHaveLength(1);
    expect((await app.call('auth.me', {}, token))?.user.role).toBe('manager');

    app.clock.advanceMinutes(1);
    const err = await errorOf(() => app.call('projects.list', {}, token));
    expect(err.code).toBe('UNAUTHENTICATED');
    expect(err.message).toBe('请先登录');
    expect(await app.call('auth.me', {}, token)).toBeNull();
  });

  it('auth.signOut makes the token useless and asks the transport to forget it', async () => {
    const app = open();
    await app.call('setup.initialize', { project: PROJECT, manager: MANAGER });
    const token = await signIn(app, MANAGER.idNumber, MANAGER.password);
    expect(await app.call('projects.list', {}, token)).toHaveLength(1);

    const outcome = await app.app.dispatch('auth.signOut', {}, token);
    expect(outcome).toEqual({ result: { ok: true, value: null }, token: null });
    expect(snapshot(app.app).sessions).toEqual([]);
    expect((await errorOf(() => app.call('projects.list', {}, token))).code).toBe('UNAUTHENTICATED');
    expect(await app.call('auth.me', {}, token)).toBeNull();
  });

  it('signing out one session leaves another session of the same account working', async () => {
    const app = open();
    await app.call('setup.initialize', { project: PROJECT, manager: MANAGER });
    const first = await signIn(app, MANAGER.idNumber, MANAGER.password);
    const second = await signIn(app, MANAGER.idNumber, MANAGER.password);
    expect(first).not.toBe(second);
    await app.call('auth.signOut', {}, first);
    expect((await errorOf(() => app.call('projects.list', {}, first))).code).toBe('UNAUTHENTICATED');
    expect(await app.call('projects.list', {}, second)).toHaveLength(1);
  });

  it('answers UNAUTHENTICATED without a token, or with a token nobody issued', async () => {
    const app = open();
    await app.call('setup.initialize', { project: PROJECT, manager: MANAGER });
    for (const token of [null, 'made-up-token']) {
      const list = await errorOf(() => app.call('projects.list', {}, token));
      expect(list.code).toBe('UNAUTHENTICATED');
      expect(list.message).toBe('请先登录');
      expect((await errorOf(() => app.call('epidemicInfo.get', {}, token))).code).toBe('UNAUTHENTICATED');
      expect((await errorOf(() => app.call('operators.list', {}, token))).code).toBe('UNAUTHENTICATED');
    }
    expect(await app.call('auth.me', {}, null)).toBeNull();
  });
});

describe('projects.list and projects.enter', () => {
  function addUnlinkedProject(app: TestApp): string {
    const id = '01900000-0000-7000-8000-000000000002';
    app.app.services.sqlite.prepare(
      `insert into projects (id, contract_no, build_no, name, general_contractor, contractor_type, supervision_station, created_at)
       values (?, 'W2020030300033', '2003XH0003', '别的工地', '别的总包', '施工企业', '徐汇区建设工程安全质量监督站', ?)`,
    ).run(id, app.clock.now().toISOString());
    return id;
  }

  it('lists only the projects the account is linked to and enters one', async () => {
    const app = open();
    const { projectId } = await app.call('setup.initialize', { project: PROJECT, manager: MANAGER });
    addUnlinkedProject(app);
    const token = await signIn(app, MANAGER.idNumber, MANAGER.password);

    expect(await app.call('projects.list', {}, token)).toEqual([{ id: projectId, ...PROJECT }]);
    expect((await app.call('auth.me', {}, token))?.project).toBeNull();

    const view = await app.call('projects.enter', { projectId }, token);
    expect(view).toEqual({
      user: { id: expect.any(String), name: MANAGER.name, role: 'manager', idNumberMasked: maskIdNumber(MANAGER.idNumber) },
      project: { id: projectId, ...PROJECT },
    });
    expect((await app.call('auth.me', {}, token))?.project?.id).toBe(projectId);
    expect((snapshot(app.app).sessions as { project_id: string }[])[0]!.project_id).toBe(projectId);
  });

  it('refuses entering a project the account is not linked to (FORBIDDEN) and leaves the session outside', async () => {
    const app = open();
    await app.call('setup.initialize', { project: PROJECT, manager: MANAGER });
    const otherId = addUnlinkedProject(app);
    const token = await signIn(app, MANAGER.idNumber, MANAGER.password);
    const before = snapshot(app.app);

    const err = await errorOf(() => app.call('projects.enter', { projectId: otherId }, token));
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toBe('您没有该合同的操作权限');
    const missing = await errorOf(() => app.call('projects.enter', { projectId: 'no-such-project' }, token));
    expect(missing.code).toBe('FORBIDDEN');
    expect(snapshot(app.app)).toEqual(before);
    expect((await app.call('auth.me', {}, token))?.project).toBeNull();
  });

  it("refuses a command with access 'project' before a project was entered (FORBIDDEN)", async () => {
    const app = open();
    await app.call('setup.initialize', { project: PROJECT, manager: MANAGER });
    const token = await signIn(app, MANAGER.idNumber, MANAGER.password);
    for (const run of [
      () => app.call('epidemicInfo.get', {}, token),
      () => app.call('epidemicInfo.listChecklists', {}, token),
      () => app.call('operators.list', {}, token),
    ]) {
      const err = await errorOf(run);
      expect(err.code).toBe('FORBIDDEN');
      expect(err.message).toBe('请先选择合同进入项目');
    }
  });
});
