// 现场操作用户: created by the 项目负责人; roles and 实名制 permission enforced by the services
// (the dispatcher), not by the UI.
import { describe, it, expect, afterEach } from 'vitest';
import { openTestApp, errorOf, snapshot, MANAGER, PROJECT, type TestApp } from '../support/app';
import { EPIDEMIC_INFO, OPERATOR, OPERATOR_2, validId } from '../support/fixtures';

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

async function open(): Promise<{ app: TestApp; manager: string }> {
  t = openTestApp();
  return { app: t, manager: await t.signedInManager() };
}

async function signIn(app: TestApp, idNumber: string, password: string): Promise<string> {
  const outcome = await app.app.dispatch('auth.signIn', { idNumber, password }, null);
  if (!outcome.result.ok) throw new Error(`sign-in failed: ${outcome.result.error.code} ${outcome.result.error.message}`);
  return outcome.token as string;
}

async function enterOnlyProject(app: TestApp, token: string): Promise<string> {
  const projects = await app.call('projects.list', {}, token);
  expect(projects.map((p) => p.contractNo)).toEqual([PROJECT.contractNo]);
  await app.call('projects.enter', { projectId: projects[0]!.id }, token);
  return projects[0]!.id;
}

describe('operators.create', () => {
  it('lets the 项目负责人 create a 现场操作用户 and answers with a masked ID number', async () => {
    const { app, manager } = await open();
    const created = await app.call('operators.create', { ...OPERATOR, realNamePermission: true }, manager);
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      idNumberMasked: `${OPERATOR.idNumber.slice(0, 3)}************${OPERATOR.idNumber.slice(-3)}`,
      name: OPERATOR.name,
      phone: OPERATOR.phone,
      realNamePermission: true,
      disabled: false,
      createdAt: app.clock.now().toISOString(),
      role: 'operator',
    });
    expect(JSON.stringify(created)).not.toContain(OPERATOR.idNumber);
    expect(JSON.stringify(created)).not.toContain(OPERATOR.password);

    expect(await app.call('operators.list', {}, manager)).toEqual([created]);

    const db = snapshot(app.app);
    const row = (db.users as Record<string, unknown>[]).find((u) => u.id === created.id)!;
    expect(row).toMatchObject({ id_number: OPERATOR.idNumber, role: 'operator', real_name_permission: 1, disabled: 0 });
    expect(row.password_hash).toMatch(/^scrypt\$/);
    const [project] = db.projects as { id: string }[];
    expect(db.user_projects).toContainEqual({ user_id: created.id, project_id: project!.id });
  });

  it('refuses a duplicate 身份证号 (CONFLICT), also in lower case and also the manager\'s own, and writes nothing', async () => {
    const { app, manager } = await open();
    await app.call('operators.create', { ...OPERATOR, realNamePermission: true }, manager);
    const before = snapshot(app.app);

    const dup = await errorOf(() => app.call('operators.create', { ...OPERATOR_2, idNumber: OPERATOR.idNumber, realNamePermission: false }, manager));
    expect(dup.code).toBe('CONFLICT');
    expect(dup.message).toBe('该身份证号已有账号');
    expect(dup.issues).toEqual([{ path: 'idNumber', message: '该身份证号已有账号' }]);

    const managerDup = await errorOf(() => app.call('operators.create', { ...OPERATOR_2, idNumber: MANAGER.idNumber.toLowerCase(), realNamePermission: true }, manager));
    expect(managerDup.code).toBe('CONFLICT');
    expect(snapshot(app.app)).toEqual(before);
  });

  it('refuses bad input with field paths and writes nothing', async () => {
    const { app, manager } = await open();
    const before = snapshot(app.app);
    const err = await errorOf(() => app.call('operators.create', { ...OPERATOR, phone: '12345', password: 'short', realNamePermission: true }, manager));
    expect(err.code).toBe('VALIDATION');
    expect(err.issues).toEqual([
      { path: 'phone', message: '手机号应为11位数字,以13-19开头' },
      { path: 'password', message: '密码至少8位' },
    ]);
    expect(snapshot(app.app)).toEqual(before);
  });
});

describe('an operator at work', () => {
  it('signs in, sees the project, enters it and calls epidemicInfo.get', async () => {
    const { app, manager } = await open();
    const created = await app.call('operators.create', { ...OPERATOR, realNamePermission: true }, manager);

    const outcome = await app.app.dispatch('auth.signIn', { idNumber: OPERATOR.idNumber, password: OPERATOR.password }, null);
    expect(outcome.result).toEqual({
      ok: true,
      value: { user: { id: created.id, name: OPERATOR.name, role: 'operator', idNumberMasked: created.idNumberMasked }, project: null },
    });
    const token = outcome.token as string;
    const projectId = await enterOnlyProject(app, token);
    expect((await app.call('auth.me', {}, token))?.project?.id).toBe(projectId);

    expect(await app.call('epidemicInfo.get', {}, token)).toBeNull();
    await app.call('epidemicInfo.save', EPIDEMIC_INFO, manager);
    expect(await app.call('epidemicInfo.get', {}, token)).toMatchObject({ hospitalName: EPIDEMIC_INFO.hospitalName, updatedBy: MANAGER.name });
  });

  it('without 实名制 permission may sign in and enter, but gets FORBIDDEN on project commands and writes nothing', async () => {
    const { app, manager } = await open();
    await app.call('operators.create', { ...OPERATOR, realNamePermission: false }, manager);
    const token = await signIn(app, OPERATOR.idNumber, OPERATOR.password);
    await enterOnlyProject(app, token);
    const before = snapshot(app.app);

    for (const run of [
      () => app.call('epidemicInfo.get', {}, token),
      () => app.call('epidemicInfo.save', EPIDEMIC_INFO, token),
      () => app.call('epidemicInfo.listChecklists', {}, token),
    ]) {
      const err = await errorOf(run);
      expect(err.code).toBe('FORBIDDEN');
      expect(err.message).toBe('该账号未分配实名制权限,请联系项目负责人');
    }
    expect(snapshot(app.app)).toEqual(before);
  });

  it('gets the permission once the manager grants it, on the live session', async () => {
    const { app, manager } = await open();
    const created = await app.call('operators.create', { ...OPERATOR, realNamePermission: false }, manager);
    const token = await signIn(app, OPERATOR.idNumber, OPERATOR.password);
    await enterOnlyProject(app, token);
    expect((await errorOf(() => app.call('epidemicInfo.get', {}, token))).code).toBe('FORBIDDEN');

    const updated = await app.call('operators.update', { userId: created.id, realNamePermission: true, disabled: false }, manager);
    expect(updated).toEqual({ ...created, realNamePermission: true });
    expect(await app.call('epidemicInfo.get', {}, token)).toBeNull();
  });

  it('gets FORBIDDEN on operators.create, operators.list and operators.update: roles are enforced in the services', async () => {
    const { app, manager } = await open();
    const created = await app.call('operators.create', { ...OPERATOR, realNamePermission: true }, manager);
    const token = await signIn(app, OPERATOR.idNumber, OPERATOR.password);
    await enterOnlyProject(app, token);
    const before = snapshot(app.app);

    const createErr = await errorOf(() => app.call('operators.create', { ...OPERATOR_2, realNamePermission: true }, token));
    expect(createErr.code).toBe('FORBIDDEN');
    expect(createErr.message).toBe('现场操作用户无权执行此操作');
    expect((await errorOf(() => app.call('operators.list', {}, token))).code).toBe('FORBIDDEN');
    // Not even to give themselves back a permission or to re-enable themselves.
    expect((await errorOf(() => app.call('operators.update', { userId: created.id, realNamePermission: true, disabled: false }, token))).code).toBe('FORBIDDEN');
    expect(snapshot(app.app)).toEqual(before);
  });

  it('once disabled cannot sign in, and an existing session of theirs stops working', async () => {
    const { app, manager } = await open();
    const created = await app.call('operators.create', { ...OPERATOR, realNamePermission: true }, manager);
    const token = await signIn(app, OPERATOR.idNumber, OPERATOR.password);
    await enterOnlyProject(app, token);
    expect(await app.call('epidemicInfo.get', {}, token)).toBeNull();

    const updated = await app.call('operators.update', { userId: created.id, realNamePermission: true, disabled: true }, manager);
    expect(updated.disabled).toBe(true);
    expect(await app.call('operators.list', {}, manager)).toEqual([{ ...created, disabled: true }]);

    const live = await errorOf(() => app.call('epidemicInfo.get', {}, token));
    expect(live.code).toBe('UNAUTHENTICATED');
    expect((await errorOf(() => app.call('projects.list', {}, token))).code).toBe('UNAUTHENTICATED');
    expect(await app.call('auth.me', {}, token)).toBeNull();

    const again = await errorOf(() => app.call('auth.signIn', { idNumber: OPERATOR.idNumber, password: OPERATOR.password }));
    expect(again.code).toBe('UNAUTHENTICATED');
    expect(again.message).toBe('该账号已停用,请联系项目负责人');

    // Re-enabled, the operator signs in again.
    await app.call('operators.update', { userId: created.id, realNamePermission: true, disabled: false }, manager);
    expect(await signIn(app, OPERATOR.idNumber, OPERATOR.password)).toBeTruthy();
  });

  it('operators.update answers NOT_FOUND for the manager and for unknown ids, and writes nothing', async () => {
    const { app, manager } = await open();
    const managerId = (snapshot(app.app).users as { id: string }[])[0]!.id;
    const before = snapshot(app.app);
    expect((await errorOf(() => app.call('operators.update', { userId: managerId, realNamePermission: false, disabled: true }, manager))).code).toBe('NOT_FOUND');
    expect((await errorOf(() => app.call('operators.update', { userId: validId('11010119900307123'), realNamePermission: false, disabled: true }, manager))).code).toBe('NOT_FOUND');
    expect(snapshot(app.app)).toEqual(before);
  });
});
