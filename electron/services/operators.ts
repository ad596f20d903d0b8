// 现场操作用户: accounts that a 项目负责人 creates for the site office, with 实名制 permission.
import { and, eq, inArray } from 'drizzle-orm';
import { userProjects, users } from '../../db/schema';
import { ApiError } from '../common/errors';
import { maskIdNumber } from '../common/idnumber';
import type { Operator, ParsedInput } from '../common/contract';
import { isoNow, type ProjectActor, type Services } from './context';
import { hashPasswordAsync } from './password';
import { endSessions } from './auth';
import { newId } from './ids';
import { authorOf, recordAudit } from './outbox';

function toOperator(row: typeof users.$inferSelect): Operator {
  return {
    id: row.id,
    idNumberMasked: maskIdNumber(row.idNumber),
    name: row.name,
    phone: row.phone,
    realNamePermission: row.realNamePermission,
    disabled: row.disabled,
    createdAt: row.createdAt,
    role: row.role === 'labour_officer' ? 'labour_officer' : 'operator',
  };
}

/** The accounts a 项目负责人 creates: 现场操作用户 and 劳资专管员. */
const siteAccountRoles = ['operator', 'labour_officer'] as const;

export function listOperators(s: Services, actor: ProjectActor): Operator[] {
  return s.db.select({ u: users }).from(users)
    .innerJoin(userProjects, and(eq(userProjects.userId, users.id), eq(userProjects.projectId, actor.projectId)))
    .where(inArray(users.role, siteAccountRoles)).orderBy(users.createdAt).all().map((r) => toOperator(r.u));
}

export async function createOperator(s: Services, actor: ProjectActor, input: ParsedInput<'operators.create'>): Promise<Operator> {
  const passwordHash = await hashPasswordAsync(input.password, s.passwordCost);
  return s.db.transaction((tx) => {
    const existing = tx.select().from(users).where(eq(users.idNumber, input.idNumber)).get();
    if (existing) throw new ApiError('CONFLICT', '该身份证号已有账号', [{ path: 'idNumber', message: '该身份证号已有账号' }]);
    const row = {
      id: newId(),
      idNumber: input.idNumber,
      name: input.name,
      phone: input.phone,
      role: input.role,
      realNamePermission: input.realNamePermission,
      passwordHash,
      disabled: false,
      createdBy: actor.userId,
      createdAt: isoNow(s.clock),
    };
    tx.insert(users).values(row).run();
    tx.insert(userProjects).values({ userId: row.id, projectId: actor.projectId }).run();
    const { passwordHash: _hash, ...account } = row;
    recordAudit(tx, authorOf(actor, row.createdAt), { action: 'insert', tableName: 'users', rowId: row.id, after: account });
    return toOperator(row);
  });
}

export function updateOperator(s: Services, actor: ProjectActor, input: ParsedInput<'operators.update'>): Operator {
  const found = s.db.select({ u: users }).from(users)
    .innerJoin(userProjects, and(eq(userProjects.userId, users.id), eq(userProjects.projectId, actor.projectId)))
    .where(and(eq(users.id, input.userId), inArray(users.role, siteAccountRoles))).get();
  if (!found) throw new ApiError('NOT_FOUND', '未找到该现场操作用户');
  s.db.transaction((tx) => {
    tx.update(users).set({ realNamePermission: input.realNamePermission, disabled: input.disabled }).where(eq(users.id, input.userId)).run();
    // 停用 ends the account's sessions at once, not at their next call.
    if (input.disabled) endSessions(tx, input.userId);
    recordAudit(tx, authorOf(actor, isoNow(s.clock)), {
      action: 'update', tableName: 'users', rowId: input.userId,
      before: { realNamePermission: found.u.realNamePermission, disabled: found.u.disabled },
      after: { realNamePermission: input.realNamePermission, disabled: input.disabled },
    });
  });
  return toOperator({ ...found.u, realNamePermission: input.realNamePermission, disabled: input.disabled });
}
