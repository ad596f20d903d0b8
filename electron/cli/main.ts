// `siteoffice <command>`: the command line of the app. Every command prints a clear message and
// exits non-zero on bad arguments or a data folder in use.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ensureLanCertificate, ownNames, userCertificate, type TlsMaterial } from '../services/security/lan-certificate';
import { ApiError } from '../common/errors';
import { bundledReportWorker, openApp, openRuntime, rendererDir } from '../node/app';
import { useReportWorker } from '../services/reports/job-runner';
import { createWebServer, listen } from '../server/http';
import { fillDemo } from './demo';
import { parseIdNumber } from '../common/idnumber';
import { idcardCli } from './idcard';
import { openCentral, syncCli, syncUsage } from './sync';
import { safetyCli, safetyUsage } from './safety';
import { backupCli, backupUsage } from './backup';
import { labourCli, labourUsage, startGates } from './labour';
import { payrollCli, payrollUsage } from './payroll';
import { platformCli, platformUsage } from './platform';

const usage = `用法:
  siteoffice serve --port <端口> --data-dir <数据文件夹> [--lan [--cert <证书.pem> --key <私钥.pem>] [--allowed-host <名称>]] [--gate-port <闸机接收端口>]
  siteoffice demo --data-dir <数据文件夹> --user <身份证号> --password <密码>
  siteoffice idnumber check <身份证号>
  siteoffice bench [--persons 5000] [--family 1000] [--days 180] [--changes 1000000]
                  [--central-sites 200] [--central-persons 1000] [--iterations 200]
                  [--labour-workers 3000] [--labour-devices 20] [--labour-pushes 50] [--labour-batch 100]
                  [--platform-workers 3000] [--pg-sites 32] [--pg-site-persons 500] [--pg-days 10] [--pg-persons 1000000]
                  [--only labour|platform|central-pg]
  siteoffice idcard parse <文件>
${backupUsage}
${syncUsage}
${labourUsage}
${payrollUsage}
${platformUsage}
${safetyUsage}`;

class UsageError extends Error {}

interface Parsed {
  values: Record<string, unknown>;
  positionals: string[];
}

function parse(argv: string[], options: ParseArgsConfig['options'], positionals = 0): Parsed {
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: positionals > 0, strict: true });
    if (parsed.positionals.length > positionals) throw new UsageError(`多余的参数:${parsed.positionals.join(' ')}`);
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(parseArgsMessage(e as NodeJS.ErrnoException));
  }
}

/** node:util parseArgs speaks English: say the same in the user's words. */
function parseArgsMessage(e: NodeJS.ErrnoException): string {
  const option = /'([^']+)'/.exec(e.message)?.[1] ?? '';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `未知参数:${option}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `参数 ${option} 的值无效`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `多余的参数:${option}`;
    default:
      return e.message;
  }
}

function optional(values: Record<string, unknown>, name: string): string | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0) throw new UsageError(`参数 --${name} 需要一个值`);
  return v;
}

function required(values: Record<string, unknown>, name: string): string {
  const v = optional(values, name);
  if (v === undefined) throw new UsageError(`缺少参数 --${name}`);
  return v;
}

async function serve(argv: string[]): Promise<void> {
  const { values } = parse(argv, {
    port: { type: 'string' }, 'data-dir': { type: 'string' }, host: { type: 'string' }, lan: { type: 'boolean' }, central: { type: 'boolean' },
    cert: { type: 'string' }, key: { type: 'string' }, 'allowed-host': { type: 'string', multiple: true },
    'max-bundle-mb': { type: 'string' }, 'gate-port': { type: 'string' }, database: { type: 'string' },
  });
  const portText = optional(values, 'port') ?? '5780';
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!Number.isInteger(port) || port > 65535) throw new UsageError(`端口无效:${portText}`);
  const lan = values.lan === true;
  const host = lan ? '0.0.0.0' : optional(values, 'host') ?? '127.0.0.1';
  if (!lan && host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    throw new UsageError('网页模式默认只在本机 127.0.0.1 上提供服务;要让局域网内其他电脑访问,须明确加上 --lan');
  }
  // --central: the central system's folder, which also receives sites' bundles at POST /sync/bundles.
  const dataDir = required(values, 'data-dir');
  if (!lan && (values.cert !== undefined || values.key !== undefined)) throw new UsageError('--cert 和 --key 只用于局域网模式(--lan)');
  const maxBundleMb = optional(values, 'max-bundle-mb');
  if (maxBundleMb !== undefined && (!/^\d{1,7}$/.test(maxBundleMb) || Number(maxBundleMb) < 1)) throw new UsageError(`参数 --max-bundle-mb 应为正整数(兆字节):${maxBundleMb}`);
  if (values.central === true && values['gate-port'] !== undefined) throw new UsageError('中心系统不接收闸机数据:--gate-port 只用于工地');
  const lanTls = lan ? await lanTlsOf(values, dataDir) : null;
  if (values.central !== true && values.database !== undefined) throw new UsageError('--database 只用于中心系统(serve --central)');
  const central = values.central === true
    ? await openCentral(dataDir, { database: optional(values, 'database'), ...(maxBundleMb === undefined ? {} : { maxBundleBytes: Number(maxBundleMb) * 1048576 }) })
    : null;
  const app = central ?? openRuntime(dataDir);
  const gates = central ? null : await startGates(app as ReturnType<typeof openRuntime>, optional(values, 'gate-port'), (line) => console.error(line)).catch((e: unknown) => {
    app.close();
    throw e;
  });
  const hostNames = [...ownNames(), ...((values['allowed-host'] as string[] | undefined) ?? [])];
  const server = createWebServer({ dispatch: app.dispatch, staticDir: rendererDir(), route: central?.route, tls: lanTls ?? undefined, hostNames: lan ? hostNames : [] });
  let url: string;
  try {
    url = await listen(server, port, host);
  } catch (e) {
    gates?.server.close();
    app.close();
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(`端口 ${port} 已被占用,请换一个端口`);
    throw e;
  }
  const stop = () => {
    gates?.server.close();
    gates?.server.closeAllConnections();
    server.close();
    server.closeAllConnections();
    app.close();
    process.exit(0);
  };
  // Ready to stop cleanly before the address is announced: whoever reads it may stop us at once.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(lan ? url.replace('0.0.0.0', '127.0.0.1') : url);
  gates?.announce();
  if (lanTls) {
    console.log(`证书指纹(SHA-256):${lanTls.fingerprint}`);
    console.log(`局域网模式已开启(HTTPS):同一局域网的电脑用 https://本机IP地址:${url.split(':').pop()} 访问,须登录后使用;`
      + '浏览器提示证书不受信任时,请核对证书指纹与上面的一致后再继续(设置 › 局域网访问 中也可查看)');
  }
  if (app.mode() === 'recovery') console.error('数据库文件已损坏:请在浏览器中打开上面的地址,选择一个备份恢复');
}

/** The LAN's certificate: the site's own (--cert/--key), or the one made for this data folder. */
async function lanTlsOf(values: Record<string, unknown>, dataDir: string): Promise<TlsMaterial> {
  const cert = optional(values, 'cert');
  const key = optional(values, 'key');
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--cert 与 --key 须同时给出');
  if (cert && key) return userCertificate(cert, key);
  fs.mkdirSync(dataDir, { recursive: true });
  return ensureLanCertificate(path.resolve(dataDir));
}

async function demo(argv: string[]): Promise<void> {
  const { values } = parse(argv, { 'data-dir': { type: 'string' }, user: { type: 'string' }, password: { type: 'string' } });
  const app = openApp(required(values, 'data-dir'));
  try {
    const summary = await fillDemo(app, { idNumber: required(values, 'user'), password: required(values, 'password') });
    console.log(summary);
  } finally {
    app.close();
  }
}

/** Prints the parsed number and returns 0, or why it is invalid and returns 1. */
function idNumber(argv: string[]): number {
  const { positionals } = parse(argv, {}, 2);
  if (positionals[0] !== 'check' || positionals.length !== 2) throw new UsageError('用法:siteoffice idnumber check <身份证号>');
  const parsed = parseIdNumber(positionals[1]!);
  if (!parsed.ok) {
    console.error(`无效:${parsed.error.message}`);
    return 1;
  }
  const v = parsed.value;
  const kinds = { resident: '居民身份证', hk: '港澳台居民居住证(香港)', macao: '港澳台居民居住证(澳门)', taiwan: '港澳台居民居住证(台湾)' } as const;
  console.log([
    `有效:${v.idNumber}`,
    `类型:${kinds[v.kind]}`,
    `地区代码:${v.areaCode}`,
    `出生日期:${v.birthDate}`,
    `性别:${v.sex}`,
    ...(v.converted15 ? [`由15位号码 ${v.original} 转换为18位`] : []),
  ].join('\n'));
  return 0;
}

function onlyOf(text: string | undefined): 'labour' | 'platform' | 'central-pg' | undefined {
  if (text === undefined || text === 'labour' || text === 'platform' || text === 'central-pg') return text;
  throw new UsageError('参数 --only 只能是 labour、platform 或 central-pg');
}

async function bench(argv: string[]): Promise<void> {
  const { values } = parse(argv, {
    persons: { type: 'string' }, family: { type: 'string' }, days: { type: 'string' }, iterations: { type: 'string' },
    'central-sites': { type: 'string' }, 'central-persons': { type: 'string' }, changes: { type: 'string' },
    'labour-workers': { type: 'string' }, 'labour-devices': { type: 'string' }, 'labour-pushes': { type: 'string' }, 'labour-batch': { type: 'string' }, 'platform-workers': { type: 'string' }, only: { type: 'string' },
    'pg-sites': { type: 'string' }, 'pg-site-persons': { type: 'string' }, 'pg-days': { type: 'string' }, 'pg-persons': { type: 'string' },
  });
  const number = (name: string, fallback: number, min = 1) => {
    const text = optional(values, name);
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text) || Number(text) < min) throw new UsageError(min === 0 ? `参数 --${name} 应为非负整数` : `参数 --${name} 应为正整数`);
    return Number(text);
  };
  const { runBench, defaultBenchOptions: d } = await import('./bench');
  await runBench({
    persons: number('persons', d.persons), family: number('family', d.family, 0), days: number('days', d.days), iterations: number('iterations', d.iterations),
    centralSites: number('central-sites', d.centralSites), centralPersons: number('central-persons', d.centralPersons), changes: number('changes', d.changes, 0),
    labour: { workers: number('labour-workers', d.labour.workers), devices: number('labour-devices', d.labour.devices), pushes: number('labour-pushes', d.labour.pushes), batch: number('labour-batch', d.labour.batch) },
    platform: { workers: number('platform-workers', d.platform.workers) },
    centralPg: { sites: number('pg-sites', d.centralPg.sites), sitePersons: number('pg-site-persons', d.centralPg.sitePersons), days: number('pg-days', d.centralPg.days), persons: number('pg-persons', d.centralPg.persons) },
    only: onlyOf(optional(values, 'only')),
    log: (line) => console.log(line),
  });
}

export async function main(argv: string[]): Promise<number> {
  const [commandName, ...rest] = argv;
  useReportWorker(bundledReportWorker());
  try {
    switch (commandName) {
      case 'serve':
        await serve(rest);
        return -1; // keeps running
      case 'demo':
        await demo(rest);
        return 0;
      case 'bench':
        await bench(rest);
        return 0;
      case 'idnumber':
        return idNumber(rest);
      case 'idcard':
        return idcardCli(rest);
      case 'safety':
        return await safetyCli(rest);
      case 'backup':
        return await backupCli(rest);
      case 'sync':
      case 'bundle':
      case 'central':
        return await syncCli(commandName, rest);
      case 'device':
      case 'roster':
      case 'attendance':
        return labourCli(commandName, rest);
      case 'payroll':
        return await payrollCli(rest);
      case 'platform':
        return await platformCli(rest);
      case undefined:
      case 'help':
      case '--help':
        console.log(usage);
        return commandName === undefined ? 1 : 0;
      default:
        throw new UsageError(`未知命令:${commandName}`);
    }
  } catch (e) {
    if (e instanceof UsageError) console.error(`错误:${e.message}\n${usage}`);
    else if (e instanceof ApiError) console.error(`错误:${e.message}`);
    else console.error(`错误:${(e as Error).message}`);
    return 1;
  }
}

export { defaultDataDir } from '../node/app';
