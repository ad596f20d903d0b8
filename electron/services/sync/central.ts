// Making a data folder the central system's: its identity becomes 'central' and its first account
// is a 监督管理人员. A central folder has no 初始化 screen: a supervisor does not create a project.
import { sql } from 'drizzle-orm';
import { projects, users } from '../../../db/schema';
import { ApiError } from '../../common/errors';
import { parseIdNumber } from '../../common/idnumber';
import { isoNow, type Services } from '../context';
import { newId } from '../ids';
import { recordAudit } from '../outbox';
import { hashPassword } from '../password';
import { makeCentral, type Identity } from './identity';

export interface SupervisorInput {
  idNumber: string;
  name: string;
  password: string;
  phone?: string;
}

export function initCentral(s: Services, input: SupervisorInput, actorName = '命令行'): Identity & { userId: string } {
  const id = parseIdNumber(input.idNumber);
  if (!id.ok) throw new ApiError('VALIDATION', `身份证号无效:${id.error.message}`);
  if (input.password.length < 8) throw new ApiError('VALIDATION', '密码至少8位');
  const name = input.name.trim();
  if (!name || name.length > 50) throw new ApiError('VALIDATION', '姓名应为1到50个字');
  const accounts = s.db.select({ n: sql<number>`count(*)` }).from(users).get()?.n ?? 0;
  const contracts = s.db.select({ n: sql<number>`count(*)` }).from(projects).get()?.n ?? 0;
  if (accounts > 0 || contracts > 0) throw new ApiError('CONFLICT', '该数据文件夹已有账号或工地数据,不能改作中心系统;请使用一个新的空文件夹');
  const identity = makeCentral(s);
  const at = isoNow(s.clock);
  const userId = newId();
  s.db.transaction((tx) => {
    tx.insert(users).values({ id: userId, idNumber: id.value.idNumber, name, phone: input.phone ?? '', role: 'supervisor', realNamePermission: false, passwordHash: hashPassword(input.password, s.passwordCost), createdAt: at }).run();
    recordAudit(tx, { at, actorId: null, actorName, projectId: null }, { action: 'account', tableName: 'users', rowId: userId, after: { role: 'supervisor', name } });
  });
  return { ...identity, userId };
}
