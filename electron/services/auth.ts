// Setup of an empty data folder, sign-in with lock-out, sessions, and choosing a project.
import crypto from 'node:crypto';
import { and, eq, lt, ne, sql } from 'drizzle-orm';
import { projects, sessions, signInFailures, userProjects, users } from '../../db/schema';
import { ApiError } from '../common/errors';
import { maskIdNumber } from '../common/idnumber';
import type { ParsedInput, Project, SessionView } from '../common/contract';
import { isoNow, type Actor, type Services } from './context';
import { hashPassword, hashPasswordAsync, needsRehash, verifyPasswordAsync } from './password';
import { issueRecoveryCode } from './security/recovery-code';
import { newId } from './ids';
import { recordAudit, recordChange } from './outbox';
import { maskIdNumber as mask } from '../common/idnumber';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MINUTES = 15;
export const SESSION_HOURS = 12;
// One per cost, made once: an unknown name is checked against it, at the same price as a real one.
const unknownUserHashes = new Map<number, string>();
function dummyHash(s: Services): string {
  let hash = unknownUserHashes.get(s.passwordCost.N);
  if (!hash) unknownUserHashes.set(s.passwordCost.N, (hash = hashPassword('no account has this password', s.passwordCost)));
  return hash;
}

export function isInitialized(s: Services): boolean {
  return s.db.select({ n: sql<number>`count(*)` }).from(users).get()!.n > 0;
}

/** Truly empty: no account and no project (a folder whose accounts were lost still has its data). */
function isEmpty(db: Services['db']): boolean {
  return db.select({ n: sql<number>`count(*)` }).from(users).get()!.n === 0
    && db.select({ n: sql<number>`count(*)` }).from(projects).get()!.n === 0;
}

/**
 * 初始化: the first project and its 项目负责人, on an empty data folder only (the contract lets only
 * this PC call it). Answers with the recovery code, which is shown once and never again.
 */
export async function initialize(s: Services, input: ParsedInput<'setup.initialize'>): Promise<{ projectId: string; userId: string; recoveryCode: string }> {
  if (!isEmpty(s.db)) throw new ApiError('CONFLICT', '系统已初始化,请直接登录');
  const passwordHash = await hashPasswordAsync(input.manager.password, s.passwordCost);
  const at = isoNow(s.clock);
  const created = s.db.transaction((tx) => {
    // Inside the transaction, so that two first-run windows cannot both create a 项目负责人.
    if (!isEmpty(tx)) throw new ApiError('CONFLICT', '系统已初始化,请直接登录');
    const project = { id: newId(), ...input.project, createdAt: at };
    tx.insert(projects).values(project).run();
    recordChange(tx, { at, actorId: null, actorName: '初始化', projectId: project.id }, 'projects', project.id, 'insert', project);
    const userId = newId();
    tx.insert(users).values({
      id: userId,
      idNumber: input.manager.idNumber,
      name: input.manager.name,
      phone: input.manager.phone,
      role: 'manager',
      realNamePermission: true,
      passwordHash,
      createdAt: at,
    }).run();
    tx.insert(userProjects).values({ userId, projectId: project.id }).run();
    return { projectId: project.id, userId };
  });
  // After the commit: a refused second 初始化 must not replace the first one's code.
  return { ...created, recoveryCode: await issueRecoveryCode(s) };
}

function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** Returns the session view and the token the transport hands to the client (cookie or main process). */
export async function signIn(s: Services, input: ParsedInput<'auth.signIn'>): Promise<{ view: SessionView; token: string }> {
  const now = s.clock.now();
  const failure = s.db.select().from(signInFailures).where(eq(signInFailures.idNumber, input.idNumber)).get();
  if (failure?.lockedUntil && new Date(failure.lockedUntil) > now) {
    const minutes = Math.ceil((new Date(failure.lockedUntil).getTime() - now.getTime()) / 60000);
    throw new ApiError('LOCKED', `密码错误次数过多,登录已锁定,请 ${minutes} 分钟后再试`);
  }
  const user = s.db.select().from(users).where(eq(users.idNumber, input.idNumber)).get();
  // An unknown name costs the same hashing time as a known one: timing does not tell who has an account.
  const passwordOk = await verifyPasswordAsync(input.password, user?.passwordHash ?? dummyHash(s));
  if (!user || user.disabled || !passwordOk) {
    const failures = (failure?.lockedUntil ? 0 : failure?.failures ?? 0) + 1;
    const lockedUntil = failures >= MAX_FAILED_SIGN_INS ? new Date(now.getTime() + LOCK_MINUTES * 60000).toISOString() : null;
    s.db.transaction((tx) => {
      tx.insert(signInFailures).values({ idNumber: input.idNumber, failures, lockedUntil })
        .onConflictDoUpdate({ target: signInFailures.idNumber, set: { failures, lockedUntil } }).run();
      recordAudit(tx, { at: now.toISOString(), actorId: user?.id ?? null, actorName: user?.name ?? mask(input.idNumber), projectId: null },
        { action: 'sign_in_failed', after: { failures, locked: !!lockedUntil } });
    });
    if (lockedUntil) throw new ApiError('LOCKED', `密码错误次数过多,登录已锁定 ${LOCK_MINUTES} 分钟`);
    if (user?.disabled) throw new ApiError('UNAUTHENTICATED', '该账号已停用,请联系项目负责人');
    throw new ApiError('UNAUTHENTICATED', `身份证号或密码错误,还可尝试 ${MAX_FAILED_SIGN_INS - failures} 次`);
  }
  const token = crypto.randomBytes(32).toString('base64url');
  // A hash of an older, cheaper cost is replaced now that the password is at hand.
  const rehashed = needsRehash(user.passwordHash, s.passwordCost) ? await hashPasswordAsync(input.password, s.passwordCost) : null;
  s.db.transaction((tx) => {
    if (rehashed) tx.update(users).set({ passwordHash: rehashed }).where(eq(users.id, user.id)).run();
    tx.delete(signInFailures).where(eq(signInFailures.idNumber, input.idNumber)).run();
    recordAudit(tx, { at: now.toISOString(), actorId: user.id, actorName: user.name, projectId: null }, { action: 'sign_in' });
    tx.delete(sessions).where(lt(sessions.expiresAt, now.toISOString())).run();
    tx.insert(sessions).values({
      tokenHash: hashToken(token),
      userId: user.id,
      projectId: null,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_HOURS * 3600000).toISOString(),
    }).run();
  });
  return { view: { user: { id: user.id, name: user.name, role: user.role, idNumberMasked: maskIdNumber(user.idNumber) }, project: null }, token };
}

export function signOut(s: Services, token: string): void {
  const actor = resolveActor(s, token);
  s.db.transaction((tx) => {
    tx.delete(sessions).where(eq(sessions.tokenHash, hashToken(token))).run();
    if (actor) recordAudit(tx, { at: isoNow(s.clock), actorId: actor.userId, actorName: actor.name, projectId: actor.projectId }, { action: 'sign_out' });
  });
}

/** The actor behind a token, or null when the token is unknown, expired, or its account disabled. */
export function resolveActor(s: Services, token: string): Actor | null {
  const tokenHash = hashToken(token);
  const row = s.db.select({ session: sessions, user: users }).from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, tokenHash)).get();
  if (!row || row.user.disabled || new Date(row.session.expiresAt) <= s.clock.now()) return null;
  return { userId: row.user.id, role: row.user.role, name: row.user.name, idNumber: row.user.idNumber, projectId: row.session.projectId, realNamePermission: row.user.realNamePermission, tokenHash };
}

export function sessionView(s: Services, actor: Actor): SessionView {
  const project = actor.projectId ? s.db.select().from(projects).where(eq(projects.id, actor.projectId)).get() : undefined;
  return {
    user: { id: actor.userId, name: actor.name, role: actor.role, idNumberMasked: maskIdNumber(actor.idNumber) },
    project: project ? toProject(project) : null,
  };
}

export function toProject(row: typeof projects.$inferSelect): Project {
  const { createdAt: _createdAt, ...project } = row;
  return project;
}

export function listProjects(s: Services, actor: Actor): Project[] {
  const rows = actor.role === 'supervisor'
    ? s.db.select().from(projects).orderBy(projects.contractNo).all()
    : s.db.select({ p: projects }).from(projects)
      .innerJoin(userProjects, and(eq(userProjects.projectId, projects.id), eq(userProjects.userId, actor.userId)))
      .orderBy(projects.contractNo).all().map((r) => r.p);
  return rows.map(toProject);
}

export function mayWorkOn(s: Services, actor: Actor, projectId: string): boolean {
  if (actor.role === 'supervisor') return false;
  return !!s.db.select().from(userProjects)
    .where(and(eq(userProjects.userId, actor.userId), eq(userProjects.projectId, projectId))).get();
}

export function enterProject(s: Services, actor: Actor, projectId: string): SessionView {
  if (!mayWorkOn(s, actor, projectId)) throw new ApiError('FORBIDDEN', '您没有该合同的操作权限');
  s.db.update(sessions).set({ projectId }).where(eq(sessions.tokenHash, actor.tokenHash)).run();
  return sessionView(s, { ...actor, projectId });
}

/**
 * Ends an account's sessions (a disabled account, a new password): each of its windows and
 * browsers must sign in again. `exceptTokenHash` keeps the session of the person changing their own.
 */
export function endSessions(db: Services['db'], userId: string, exceptTokenHash?: string): number {
  const where = exceptTokenHash ? and(eq(sessions.userId, userId), ne(sessions.tokenHash, exceptTokenHash)) : eq(sessions.userId, userId);
  return db.delete(sessions).where(where).run().changes;
}
