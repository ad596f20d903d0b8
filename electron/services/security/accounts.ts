// Passwords after 初始化: 修改密码 (one's own), 重置密码 (the 项目负责人 for an operator of the
// project), and the way back for a 项目负责人 who forgot theirs (the recovery code, on this PC).
// Every one ends the account's other sessions and is written to the audit trail (never the password).
import { and, eq } from 'drizzle-orm';
import { signInFailures, userProjects, users } from '../../../db/schema';
import { ApiError } from '../../common/errors';
import { maskIdNumber } from '../../common/idnumber';
import { isoNow, type Actor, type ProjectActor, type Services } from '../context';
import { endSessions } from '../auth';
import { authorOf, recordAudit } from '../outbox';
import { hashPasswordAsync, verifyPasswordAsync } from '../password';
import { issueRecoveryCode, recoveryCodeMatches } from './recovery-code';

function accountOf(s: Services, userId: string): typeof users.$inferSelect {
  const user = s.db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw new ApiError('NOT_FOUND', '未找到该账号');
  return user;
}

/** 修改密码: the current password first, so that a session left open cannot take the account. */
export async function changeOwnPassword(s: Services, actor: Actor, input: { currentPassword: string; newPassword: string }): Promise<{ endedSessions: number }> {
  const user = accountOf(s, actor.userId);
  if (!(await verifyPasswordAsync(input.currentPassword, user.passwordHash))) {
    throw new ApiError('VALIDATION', '当前密码不正确', [{ path: 'currentPassword', message: '当前密码不正确' }]);
  }
  if (input.currentPassword === input.newPassword) throw new ApiError('VALIDATION', '新密码不能与当前密码相同', [{ path: 'newPassword', message: '新密码不能与当前密码相同' }]);
  const hash = await hashPasswordAsync(input.newPassword, s.passwordCost);
  return s.db.transaction((tx) => {
    tx.update(users).set({ passwordHash: hash }).where(eq(users.id, user.id)).run();
    const ended = endSessions(tx, user.id, actor.tokenHash);
    recordAudit(tx, authorOf(actor, isoNow(s.clock)), { action: 'password_change', tableName: 'users', rowId: user.id, after: { endedSessions: ended } });
    return { endedSessions: ended };
  });
}

/** 重置密码 of a 现场操作用户 of the 项目负责人's project: the operator signs in with it from then on. */
export async function resetOperatorPassword(s: Services, actor: ProjectActor, input: { userId: string; newPassword: string }): Promise<{ endedSessions: number }> {
  const found = s.db.select({ u: users }).from(users)
    .innerJoin(userProjects, and(eq(userProjects.userId, users.id), eq(userProjects.projectId, actor.projectId)))
    .where(and(eq(users.id, input.userId), eq(users.role, 'operator'))).get();
  if (!found) throw new ApiError('NOT_FOUND', '未找到该现场操作用户');
  const hash = await hashPasswordAsync(input.newPassword, s.passwordCost);
  return s.db.transaction((tx) => {
    tx.update(users).set({ passwordHash: hash }).where(eq(users.id, input.userId)).run();
    // A lock-out from wrong guesses is lifted with the new password.
    tx.delete(signInFailures).where(eq(signInFailures.idNumber, found.u.idNumber)).run();
    const ended = endSessions(tx, input.userId);
    recordAudit(tx, authorOf(actor, isoNow(s.clock)), { action: 'password_reset', tableName: 'users', rowId: input.userId, after: { name: found.u.name, endedSessions: ended } });
    return { endedSessions: ended };
  });
}

// Wrong recovery codes, per sign-in name: the same lock-out as sign-in (5 tries, then 15 minutes).
const RECOVERY_PREFIX = 'recovery:';
const MAX_TRIES = 5;
const LOCK_MINUTES = 15;

/**
 * 使用恢复码: a 项目负责人 who forgot the password sets a new one with the recovery code (the
 * contract lets only this PC call it). The code is used up: a new one is issued and shown once.
 */
export async function recoverManagerPassword(s: Services, input: { idNumber: string; recoveryCode: string; newPassword: string }): Promise<{ recoveryCode: string }> {
  const now = s.clock.now();
  const key = RECOVERY_PREFIX + input.idNumber;
  const failure = s.db.select().from(signInFailures).where(eq(signInFailures.idNumber, key)).get();
  if (failure?.lockedUntil && new Date(failure.lockedUntil) > now) {
    throw new ApiError('LOCKED', `恢复码错误次数过多,已锁定,请 ${Math.ceil((new Date(failure.lockedUntil).getTime() - now.getTime()) / 60000)} 分钟后再试`);
  }
  const user = s.db.select().from(users).where(eq(users.idNumber, input.idNumber)).get();
  const codeOk = await recoveryCodeMatches(s.secrets, input.recoveryCode);
  if (!codeOk || !user || user.role !== 'manager' || user.disabled) {
    const failures = (failure?.lockedUntil ? 0 : failure?.failures ?? 0) + 1;
    const lockedUntil = failures >= MAX_TRIES ? new Date(now.getTime() + LOCK_MINUTES * 60000).toISOString() : null;
    s.db.transaction((tx) => {
      tx.insert(signInFailures).values({ idNumber: key, failures, lockedUntil })
        .onConflictDoUpdate({ target: signInFailures.idNumber, set: { failures, lockedUntil } }).run();
      recordAudit(tx, { at: now.toISOString(), actorId: user?.id ?? null, actorName: user?.name ?? maskIdNumber(input.idNumber), projectId: null }, { action: 'password_recover_failed', after: { failures } });
    });
    throw new ApiError('FORBIDDEN', codeOk ? '该身份证号不是本机的项目负责人账号' : '恢复码不正确');
  }
  const hash = await hashPasswordAsync(input.newPassword, s.passwordCost);
  s.db.transaction((tx) => {
    tx.update(users).set({ passwordHash: hash }).where(eq(users.id, user.id)).run();
    tx.delete(signInFailures).where(eq(signInFailures.idNumber, key)).run();
    tx.delete(signInFailures).where(eq(signInFailures.idNumber, user.idNumber)).run();
    const ended = endSessions(tx, user.id);
    recordAudit(tx, { at: now.toISOString(), actorId: user.id, actorName: user.name, projectId: null }, { action: 'password_recover', tableName: 'users', rowId: user.id, after: { endedSessions: ended } });
  });
  return { recoveryCode: await issueRecoveryCode(s) };
}

/** 重新生成恢复码 (the old one stops working), with the 项目负责人's password. */
export async function replaceRecoveryCode(s: Services, actor: Actor, input: { password: string }): Promise<{ recoveryCode: string }> {
  const user = accountOf(s, actor.userId);
  if (!(await verifyPasswordAsync(input.password, user.passwordHash))) throw new ApiError('VALIDATION', '密码不正确', [{ path: 'password', message: '密码不正确' }]);
  const code = await issueRecoveryCode(s);
  recordAudit(s.db, authorOf(actor, isoNow(s.clock)), { action: 'recovery_code_issued', tableName: 'users', rowId: user.id });
  return { recoveryCode: code };
}
