// The one entry point both transports call: look the command up, resolve and check the caller,
// parse its input with the contract's schema, run the handler, and turn every failure into a typed
// error. Nothing reaches a service that did not pass its schema.
import { z } from 'zod';
import { contract, isCommandName, type CommandName } from '../common/contract';
import { roleLabels, siteRoles } from '../common/codes';
import { ApiError, type ApiResult } from '../common/errors';
import { resolveActor, mayWorkOn } from '../services/auth';
import type { Actor, ProjectActor, Services } from '../services/context';
import { handlers, type HandlerContext } from './handlers';

export interface CallOutcome {
  result: ApiResult<unknown>;
  /** Set when the call changed the session: a new token, or null to forget the old one. */
  token?: string | null;
}

/** Where a call comes from: this PC (the window's IPC, or HTTP from a loopback address) or the office network. */
export interface Caller {
  local: boolean;
}

export type Dispatcher = (command: string, input: unknown, token: string | null, caller?: Caller) => Promise<CallOutcome>;

function issuesOf(error: z.ZodError): ApiError {
  const issues = error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  return new ApiError('VALIDATION', issues[0]?.message ?? '输入有误', issues);
}

function authorize(services: Services, name: CommandName, actor: Actor | null, caller: Caller): Actor | ProjectActor | null {
  const spec = contract[name];
  if ('localOnly' in spec && spec.localOnly && !caller.local) throw new ApiError('FORBIDDEN', '该操作只能在安装本程序的电脑上进行');
  if (spec.access === 'public') return actor;
  if (!actor) throw new ApiError('UNAUTHENTICATED', '请先登录');
  // A project command that names no roles is the 施工 side's: the 监理's and the 建设单位's accounts
  // reach only the commands that name them.
  const allowed: readonly string[] | undefined = 'roles' in spec ? spec.roles : spec.access === 'project' ? siteRoles : undefined;
  if (allowed && !allowed.includes(actor.role)) {
    throw new ApiError('FORBIDDEN', `${roleLabels[actor.role]}无权执行此操作`);
  }
  if (spec.access === 'project') {
    if (!actor.projectId) throw new ApiError('FORBIDDEN', '请先选择合同进入项目');
    // Access can be withdrawn while a session lives: check it on every call.
    if (!mayWorkOn(services, actor, actor.projectId)) throw new ApiError('FORBIDDEN', '您没有该合同的操作权限');
    if (actor.role === 'operator' && !actor.realNamePermission) throw new ApiError('FORBIDDEN', '该账号未分配实名制权限,请联系项目负责人');
  }
  return actor;
}

export function createDispatcher(services: Services, log: (line: string) => void = () => {}): Dispatcher {
  // No caller: an in-process call (the window, the command line, tests), which is this PC.
  return async (command, input, token, caller = { local: true }) => {
    let newToken: string | null | undefined;
    try {
      if (!isCommandName(command)) throw new ApiError('UNKNOWN_COMMAND', `未知的操作:${command.slice(0, 80)}`);
      const spec = contract[command];
      // Who is calling is checked before the input is read: a caller who may not run the command
      // learns nothing about what it takes, and the refusal does not depend on the input.
      const actor = authorize(services, command, token ? resolveActor(services, token) : null, caller);
      // No input at all means an empty one; an explicit null is a wrong input like any other.
      const parsed = spec.input.safeParse(input === undefined ? {} : input);
      if (!parsed.success) throw issuesOf(parsed.error);
      const ctx = { services, actor, token, caller, setToken: (t: string | null) => { newToken = t; } };
      const handler = handlers[command] as (c: HandlerContext<CommandName>, i: unknown) => unknown;
      const value: unknown = await handler(ctx as HandlerContext<CommandName>, parsed.data);
      return newToken === undefined ? { result: { ok: true, value } } : { result: { ok: true, value }, token: newToken };
    } catch (e) {
      if (e instanceof ApiError) return { result: { ok: false, error: e.toBody() } };
      if ((e as { code?: string }).code === 'SQLITE_FULL' || (e as NodeJS.ErrnoException).code === 'ENOSPC') {
        return { result: { ok: false, error: { code: 'STORAGE', message: '磁盘空间已满,数据未保存,请清理磁盘后重试' } } };
      }
      // The log function masks ID numbers; the user sees no internals.
      log(`internal error in ${command}: ${(e as Error).stack ?? String(e)}`);
      return { result: { ok: false, error: { code: 'INTERNAL', message: '系统内部错误,操作未完成' } } };
    }
  };
}
