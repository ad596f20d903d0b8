// Items 8 and 10 of issue 16: 修改密码, 重置密码, 停用 and the recovery code, with the sessions of a
// re-passworded or disabled account ended; scrypt at N = 2^17, r = 8, p = 1, older hashes replaced
// at the next sign-in; 初始化 and recovery only on a truly empty folder / on this PC with the code.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, openRuntime } from '../../electron/node/app';
import { backupNow } from '../../electron/services/backups';
import { ApiError } from '../../electron/common/errors';
import { errorOf, MANAGER, openTestApp, PROJECT, snapshot, tempDir, type TestApp } from '../support/app';
import { validId } from '../support/fixtures';
import { PASSWORD_COST } from '../../electron/services/password';

let t: TestApp | undefined;
const dirs: string[] = [];
afterEach(() => {
  t?.close();
  t = undefined;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const OPERATOR = { idNumber: validId('31010119800101002'), name: '赵操作', phone: '13900139000', password: 'op123456' };

async function withOperator() {
  t = openTestApp();
  const manager = await t.signedInManager();
  const operator = await t.call('operators.create', { ...OPERATOR, realNamePermission: true }, manager);
  const operatorToken = await t.signIn(OPERATOR.idNumber, OPERATOR.password);
  return { manager, operator, operatorToken };
}

async function refused(token: string): Promise<string> {
  return (await errorOf(() => t!.call('projects.list', {}, token))).code;
}

describe('修改密码', () => {
  it('needs the current password, ends the other sessions and keeps this one', async () => {
    t = openTestApp();
    const token = await t.signedInManager();
    const other = await t.signIn(MANAGER.idNumber, MANAGER.password);
    const wrong = await errorOf(() => t!.call('auth.changePassword', { currentPassword: 'not-it-123', newPassword: 'new-pass-1' }, token));
    expect(wrong.issues?.[0]?.path).toBe('currentPassword');
    expect(await t.call('auth.changePassword', { currentPassword: MANAGER.password, newPassword: 'new-pass-1' }, token)).toEqual({ endedSessions: 1 });
    expect(await refused(other)).toBe('UNAUTHENTICATED');
    expect((await t.call('projects.list', {}, token)).length).toBe(1);
    expect((await errorOf(() => t!.signIn(MANAGER.idNumber, MANAGER.password))).code).toBe('UNAUTHENTICATED');
    expect(typeof (await t.signIn(MANAGER.idNumber, 'new-pass-1'))).toBe('string');
    const audit = t.app.services.sqlite.prepare("select count(*) as n from audit_log where action = 'password_change'").get() as { n: number };
    expect(audit.n).toBe(1);
  });
});

describe('the 项目负责人 and the accounts of the office', () => {
  it('resets an operator\'s password: the operator\'s sessions end, the new password signs in', async () => {
    const { manager, operator, operatorToken } = await withOperator();
    expect(await t!.call('operators.resetPassword', { userId: operator.id, newPassword: 'reset-pw-9' }, manager)).toEqual({ endedSessions: 1 });
    expect(await refused(operatorToken)).toBe('UNAUTHENTICATED');
    expect((await errorOf(() => t!.signIn(OPERATOR.idNumber, OPERATOR.password))).code).toBe('UNAUTHENTICATED');
    await t!.signIn(OPERATOR.idNumber, 'reset-pw-9');
  });

  it('is the only one who may reset: an operator is refused, and changes nothing', async () => {
    const { operator, operatorToken } = await withOperator();
    const [project] = await t!.call('projects.list', {}, operatorToken);
    await t!.call('projects.enter', { projectId: project!.id }, operatorToken);
    const before = snapshot(t!.app);
    expect((await errorOf(() => t!.call('operators.resetPassword', { userId: operator.id, newPassword: 'hacked-pw-1' }, operatorToken))).code).toBe('FORBIDDEN');
    expect(snapshot(t!.app)).toEqual(before);
  });

  it('停用 ends the account\'s sessions at once', async () => {
    const { manager, operator, operatorToken } = await withOperator();
    await t!.call('operators.update', { userId: operator.id, realNamePermission: true, disabled: true }, manager);
    const rows = t!.app.services.sqlite.prepare('select count(*) as n from sessions where user_id = ?').get(operator.id) as { n: number };
    expect(rows.n).toBe(0);
    expect(await refused(operatorToken)).toBe('UNAUTHENTICATED');
    expect((await errorOf(() => t!.signIn(OPERATOR.idNumber, OPERATOR.password))).message).toContain('已停用');
  });
});

describe('password hashing', () => {
  it('uses scrypt N = 2^17, r = 8, p = 1, and replaces an older hash at the next sign-in', async () => {
    // The app's own cost, not the cheaper one the other unit tests run with.
    t = openTestApp(undefined, { passwordCost: PASSWORD_COST });
    await t.signedInManager();
    const stored = (t.app.services.sqlite.prepare('select password_hash as h from users').get() as { h: string }).h;
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$/);
    // The format of the version before: scrypt$16384$salt$hash.
    const salt = crypto.randomBytes(16);
    const old = `scrypt$16384$${salt.toString('base64')}$${crypto.scryptSync(MANAGER.password, salt, 32, { N: 16384 }).toString('base64')}`;
    t.app.services.sqlite.prepare('update users set password_hash = ?').run(old);
    await t.signIn(MANAGER.idNumber, MANAGER.password);
    const rehashed = (t.app.services.sqlite.prepare('select password_hash as h from users').get() as { h: string }).h;
    expect(rehashed).toMatch(/^scrypt\$131072\$8\$1\$/);
    await t.signIn(MANAGER.idNumber, MANAGER.password);
  });
});

describe('the recovery code', () => {
  it('is shown once at 初始化 and lets a 项目负责人 who forgot the password set a new one, on this PC', async () => {
    t = openTestApp();
    const { recoveryCode } = await t.call('setup.initialize', { project: PROJECT, manager: MANAGER });
    expect(recoveryCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    const session = await t.signIn(MANAGER.idNumber, MANAGER.password);
    const wrong = await errorOf(() => t!.call('auth.recover', { idNumber: MANAGER.idNumber, recoveryCode: 'AAAAA-AAAAA-AAAAA-AAAAA', newPassword: 'forgot-it-1' }));
    expect(wrong.message).toBe('恢复码不正确');
    // From another PC of the office network: refused before the code is even looked at.
    const remote = await t.app.dispatch('auth.recover', { idNumber: MANAGER.idNumber, recoveryCode, newPassword: 'forgot-it-1' }, null, { local: false });
    expect(remote.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const { recoveryCode: next } = await t.call('auth.recover', { idNumber: MANAGER.idNumber, recoveryCode: recoveryCode.toLowerCase().replace(/-/g, ' '), newPassword: 'forgot-it-1' });
    expect(next).not.toBe(recoveryCode);
    expect(await refused(session)).toBe('UNAUTHENTICATED');
    await t.signIn(MANAGER.idNumber, 'forgot-it-1');
    // Used up: the old code no longer works, the new one does.
    expect((await errorOf(() => t!.call('auth.recover', { idNumber: MANAGER.idNumber, recoveryCode, newPassword: 'again-pw-2' }))).message).toBe('恢复码不正确');
    await t.call('auth.recover', { idNumber: MANAGER.idNumber, recoveryCode: next, newPassword: 'again-pw-2' });
  });

  it('is kept outside the database and its backups, as a hash', async () => {
    t = openTestApp(undefined, { passwordCost: PASSWORD_COST });
    const { recoveryCode } = await t.call('setup.initialize', { project: PROJECT, manager: MANAGER });
    const backup = await backupNow(t.app.services, 'manual');
    const plain = recoveryCode.replace(/-/g, '');
    for (const file of [path.join(t.dataDir, 'siteoffice.sqlite'), path.join(t.dataDir, 'backups', backup.fileName), path.join(t.dataDir, 'keys', 'recovery-code')]) {
      expect(fs.readFileSync(file).includes(Buffer.from(plain))).toBe(false);
    }
    expect(fs.readFileSync(path.join(t.dataDir, 'keys', 'recovery-code'), 'utf8')).toMatch(/^scrypt\$131072\$/);
  });
});

describe('初始化 and 数据恢复 answer only where they should', () => {
  it('refuses 初始化 from another PC, and on a folder that still has its project', async () => {
    t = openTestApp();
    const remote = await t.app.dispatch('setup.initialize', { project: PROJECT, manager: MANAGER }, null, { local: false });
    expect(remote.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '该操作只能在安装本程序的电脑上进行' } });
    expect(snapshot(t.app).users).toHaveLength(0);
    await t.call('setup.initialize', { project: PROJECT, manager: MANAGER });
    // Accounts gone, data still there: not a first run.
    t.app.services.sqlite.exec('delete from user_projects; delete from sessions; delete from users;');
    const again = await errorOf(() => t!.call('setup.initialize', { project: { ...PROJECT, contractNo: 'W2000' }, manager: { ...MANAGER, idNumber: OPERATOR.idNumber } }));
    expect(again.code).toBe('CONFLICT');
  });

  it('restores a backup over a damaged database only on this PC and with the recovery code', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const first = openApp(dir, { log: () => {} });
    const setup = await first.dispatch('setup.initialize', { project: PROJECT, manager: MANAGER }, null);
    const { recoveryCode } = (setup.result as { ok: true; value: { recoveryCode: string } }).value;
    const { fileName } = await backupNow(first.services, 'manual');
    first.close();
    const file = path.join(dir, 'siteoffice.sqlite');
    const damaged = Buffer.from(fs.readFileSync(file));
    damaged.fill(0x5a, 0, 100);
    fs.writeFileSync(file, damaged);
    fs.rmSync(`${file}-wal`, { force: true });
    const runtime = openRuntime(dir, { log: () => {} });
    try {
      expect(runtime.mode()).toBe('recovery');
      const remote = await runtime.dispatch('recovery.restore', { fileName, confirm: true, recoveryCode }, null, { local: false });
      expect(remote.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const noCode = await runtime.dispatch('recovery.restore', { fileName, confirm: true }, null);
      expect(noCode.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '恢复码不正确' } });
      expect(fs.readFileSync(file).equals(damaged)).toBe(true);
      const restored = await runtime.dispatch('recovery.restore', { fileName, confirm: true, recoveryCode }, null);
      expect(restored.result.ok).toBe(true);
      expect(runtime.mode()).toBe('normal');
      await runtime.ready;
    } finally {
      runtime.close();
    }
    expect(ApiError).toBeDefined();
  });
});
