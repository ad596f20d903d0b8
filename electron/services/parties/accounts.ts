// The 监理's and the 建设单位's accounts on a project: made by the 项目负责人, or by the 总监 for the
// 监理's own staff (the seed: 现场操作人员由施工、监理单位项目负责人指定). A project has one 总监 at
// a time. Accounts are this PC's and are not synced; what they sign is.
import { and, eq, inArray } from 'drizzle-orm';
import { userProjects, users } from '../../../db/schema';
import { ApiError } from '../../common/errors';
import { roleLabels } from '../../common/codes';
import { maskIdNumber } from '../../common/idnumber';
import { partyRoles } from '../../common/parties/positions';
import type { PartyAccount } from '../../common/contract-parties';
import type { ParsedInput } from '../../common/contract';
import { isoNow, type ProjectActor, type Services } from '../context';
import { hashPassword } from '../password';
import { newId } from '../ids';
import { authorOf, recordAudit } from '../outbox';

type PartyRole = (typeof partyRoles)[number];
type UserRow = typeof users.$inferSelect;

function toAccount(u: UserRow): PartyAccount {
  return { id: u.id, name: u.name, idNumberMasked: maskIdNumber(u.idNumber), phone: u.phone, role: u.role as PartyRole, roleLabel: roleLabels[u.role], disabled: u.disabled, createdAt: u.createdAt };
}

/** Which roles the caller may give: all of them (项目负责人), or the 监理's staff (总监). */
function mayCreate(actor: ProjectActor, role: PartyRole): boolean {
  if (actor.role === 'manager') return true;
  return actor.role === 'chief_supervisor' && (role === 'supervision_engineer' || role === 'supervision_inspector');
}

export function listAccounts(s: Services, projectId: string): PartyAccount[] {
  return s.db.select({ u: users }).from(users).innerJoin(userProjects, and(eq(userProjects.userId, users.id), eq(userProjects.projectId, projectId)))
    .where(inArray(users.role, [...partyRoles])).orderBy(users.createdAt).all().map((r) => toAccount(r.u));
}

function activeChief(s: Services, projectId: string, except?: string): UserRow | undefined {
  return s.db.select({ u: users }).from(users).innerJoin(userProjects, and(eq(userProjects.userId, users.id), eq(userProjects.projectId, projectId)))
    .where(and(eq(users.role, 'chief_supervisor'), eq(users.disabled, false))).all().map((r) => r.u).find((u) => u.id !== except);
}

export function createAccount(s: Services, actor: ProjectActor, input: ParsedInput<'parties.createAccount'>): PartyAccount {
  if (!mayCreate(actor, input.role)) throw new ApiError('FORBIDDEN', `${roleLabels[actor.role]}不能开设${roleLabels[input.role]}账号`);
  const passwordHash = hashPassword(input.password);
  return s.db.transaction((tx) => {
    if (tx.select().from(users).where(eq(users.idNumber, input.idNumber)).get()) throw new ApiError('CONFLICT', '该身份证号已有账号', [{ path: 'idNumber', message: '该身份证号已有账号' }]);
    if (input.role === 'chief_supervisor') {
      const chief = activeChief(s, actor.projectId);
      if (chief) throw new ApiError('CONFLICT', `本项目已有总监理工程师(${chief.name}),须先停用其账号`);
    }
    const row = {
      id: newId(), idNumber: input.idNumber, name: input.name, phone: input.phone, role: input.role, realNamePermission: false,
      passwordHash, disabled: false, createdBy: actor.userId, createdAt: isoNow(s.clock),
    };
    tx.insert(users).values(row).run();
    tx.insert(userProjects).values({ userId: row.id, projectId: actor.projectId }).run();
    const { passwordHash: _hash, ...account } = row;
    recordAudit(tx, authorOf(actor, row.createdAt), { action: 'insert', tableName: 'users', rowId: row.id, after: account });
    return toAccount(row);
  });
}

export function setAccountDisabled(s: Services, actor: ProjectActor, input: ParsedInput<'parties.setAccountDisabled'>): PartyAccount {
  const account = listAccounts(s, actor.projectId).find((a) => a.id === input.userId);
  if (!account) throw new ApiError('NOT_FOUND', '未找到该账号');
  if (!mayCreate(actor, account.role)) throw new ApiError('FORBIDDEN', `${roleLabels[actor.role]}不能停用或启用${account.roleLabel}账号`);
  if (!input.disabled && account.role === 'chief_supervisor') {
    const chief = activeChief(s, actor.projectId, account.id);
    if (chief) throw new ApiError('CONFLICT', `本项目已有总监理工程师(${chief.name}),须先停用其账号`);
  }
  s.db.transaction((tx) => {
    tx.update(users).set({ disabled: input.disabled }).where(eq(users.id, input.userId)).run();
    recordAudit(tx, authorOf(actor, isoNow(s.clock)), { action: 'update', tableName: 'users', rowId: input.userId, before: { disabled: account.disabled }, after: { disabled: input.disabled } });
  });
  return { ...account, disabled: input.disabled };
}
