// `siteoffice device …`, `siteoffice roster …`, `siteoffice attendance …`, and the gate receivers of
// `siteoffice serve --gate-port`. The CSV files go to standard output (or --out): their columns are
// read by checks outside the test suite, so they are fixed. A file with full ID numbers is written
// to the audit trail, as every full export is.
import fs from 'node:fs';
import type http from 'node:http';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { and, eq } from 'drizzle-orm';
import { projects, userProjects, users } from '../../db/schema';
import { ApiError } from '../common/errors';
import { labourCommands } from '../common/contract-labour';
import { openApp, type App, type Runtime } from '../node/app';
import type { ProjectActor } from '../services/context';
import { isoNow } from '../services/context';
import { addDevice } from '../services/labour/devices';
import { attendanceCsv, rosterCsv } from '../services/labour/exports';
import { authorOf, recordAudit } from '../services/outbox';
import { createGateServer, listenGates } from '../server/gates/server';

export const labourUsage = `  siteoffice device add --data-dir <数据文件夹> --project <合同报送编号> --vendor zkteco|hikvision|uface --serial <序列号> --direction in|out
  siteoffice roster export --data-dir <数据文件夹> --project <合同报送编号> --format csv [--out <文件>]
  siteoffice attendance export --data-dir <数据文件夹> --project <合同报送编号> --month YYYY-MM --format csv [--out <文件>]`;

/** A bad argument of a command (also the payroll commands', cli/payroll.ts): printed with the usage. */
export class LabourUsageError extends Error {}

export function options(argv: string[], spec: ParseArgsConfig['options']) {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: argv, options: spec, strict: true, allowPositionals: false }));
  } catch (e) {
    const option = /'([^']+)'/.exec((e as Error).message)?.[1] ?? '';
    throw new LabourUsageError((e as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `未知参数:${option}` : `参数 ${option} 无效`);
  }
  return (name: string, required = true): string => {
    const v = values[name];
    if (v === undefined && !required) return '';
    if (typeof v !== 'string' || v.length === 0) throw new LabourUsageError(v === undefined ? `缺少参数 --${name}` : `参数 --${name} 需要一个值`);
    return v;
  };
}

/** The project by its 合同报送编号, acted on in the name of its 项目负责人 (the command line has no sign-in). */
export function projectActor(app: App, contractNo: string): ProjectActor {
  const project = app.services.db.select().from(projects).where(eq(projects.contractNo, contractNo)).get();
  if (!project) throw new ApiError('NOT_FOUND', `数据文件夹中没有合同报送编号为 ${contractNo} 的项目`);
  const manager = app.services.db.select({ u: users }).from(users).innerJoin(userProjects, eq(userProjects.userId, users.id))
    .where(and(eq(userProjects.projectId, project.id), eq(users.role, 'manager'))).get()?.u;
  if (!manager) throw new ApiError('NOT_FOUND', `项目 ${contractNo} 没有项目负责人账号`);
  return { userId: manager.id, role: 'manager', name: `${manager.name}(命令行)`, idNumber: manager.idNumber, projectId: project.id, realNamePermission: true, tokenHash: '' };
}

export function withApp<T>(dataDir: string, fn: (app: App) => T): T {
  const app = openApp(dataDir, { log: () => {} });
  try {
    return fn(app);
  } finally {
    app.close();
  }
}

/** Standard output gets the CSV without Excel's byte-order mark; a file keeps it, for Excel. */
export function emit(bytes: Buffer, out: string): void {
  if (out) fs.writeFileSync(out, bytes);
  else process.stdout.write(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? bytes.subarray(3) : bytes);
}

function deviceAdd(argv: string[]): number {
  const get = options(argv, { 'data-dir': { type: 'string' }, project: { type: 'string' }, vendor: { type: 'string' }, serial: { type: 'string' }, direction: { type: 'string' }, name: { type: 'string' }, location: { type: 'string' } });
  // The same checks as 设备管理's form.
  const parsed = labourCommands['devices.create'].input.safeParse({ vendor: get('vendor'), serial: get('serial'), direction: get('direction'), name: get('name', false), location: get('location', false) });
  if (!parsed.success) throw new LabourUsageError(parsed.error.issues[0]?.message ?? '参数无效');
  return withApp(get('data-dir'), (app) => {
    const actor = projectActor(app, get('project'));
    const device = addDevice(app.services, actor.projectId, authorOf(actor, isoNow(app.services.clock)), actor.userId, parsed.data);
    console.log(`已登记设备 ${device.serial}(${device.vendor},${device.direction === 'in' ? '进' : '出'})`);
    return 0;
  });
}

function exportCsv(argv: string[], what: 'roster' | 'attendance'): number {
  const get = options(argv, { 'data-dir': { type: 'string' }, project: { type: 'string' }, format: { type: 'string' }, month: { type: 'string' }, out: { type: 'string' } });
  if (get('format') !== 'csv') throw new LabourUsageError('参数 --format 目前只支持 csv');
  const month = what === 'attendance' ? get('month') : '';
  if (what === 'attendance' && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new LabourUsageError(`月份无效:${month}(应为 YYYY-MM)`);
  const out = get('out', false);
  return withApp(get('data-dir'), (app) => {
    const actor = projectActor(app, get('project'));
    const bytes = what === 'roster' ? rosterCsv(app.services, actor) : attendanceCsv(app.services, actor, month);
    emit(bytes, out);
    recordAudit(app.services.db, authorOf(actor, isoNow(app.services.clock)), {
      action: 'export', tableName: what === 'roster' ? 'workers' : 'attendance_punches', after: { file: what === 'roster' ? '花名册.csv' : `考勤_${month}.csv`, fullIdNumbers: true, via: '命令行' },
    });
    return 0;
  });
}

/** `siteoffice device|roster|attendance …`: 0 done, 1 refused or a bad argument (with a message). */
export function labourCli(group: 'device' | 'roster' | 'attendance', argv: string[]): number {
  const [sub, ...rest] = argv;
  try {
    if (group === 'device' && sub === 'add') return deviceAdd(rest);
    if ((group === 'roster' || group === 'attendance') && sub === 'export') return exportCsv(rest, group);
    throw new LabourUsageError(`未知的 ${group} 子命令:${sub ?? ''}`);
  } catch (e) {
    if (e instanceof LabourUsageError) console.error(`错误:${e.message}\n用法:\n${labourUsage}`);
    else if (e instanceof ApiError) console.error(`错误:${e.message}`);
    else throw e;
    return 1;
  }
}

/**
 * `serve --gate-port <n>`: the receivers on the site LAN, on a port of their own; null when not
 * asked for. `announce` is called once the web address has been printed (the first line stays the address).
 */
export async function startGates(runtime: Runtime, portText: string | undefined, log: (line: string) => void): Promise<{ server: http.Server; announce(): void } | null> {
  if (portText === undefined) return null;
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!Number.isInteger(port) || port > 65535) throw new ApiError('VALIDATION', `闸机接收端口无效:${portText}`);
  const services = runtime.services();
  if (!services) throw new ApiError('CORRUPT', '数据库正在恢复,闸机接收未启动');
  const server = createGateServer(() => runtime.services(), log);
  let taken: number;
  try {
    taken = await listenGates(server, services, port);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new ApiError('CONFLICT', `闸机接收端口 ${port} 已被占用,请换一个端口`);
    throw e;
  }
  return { server, announce: () => console.log(`闸机接收已开启:局域网内的闸机可推送到本机 IP 的端口 ${taken}(/iclock/cdata、/hikvision/event、/uface/callback)`) };
}
