// `siteoffice sync …`, `siteoffice bundle …` and `siteoffice central …`: registration and trust,
// bundles by file (export, verify, import, acknowledgement), and the central system's data folder
// (its 监督管理人员 account, reference bundles). Every command prints a Chinese message and returns
// 0 on success and 1 on a refusal or a bad argument.
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ApiError } from '../common/errors';
import { openApp, type App } from '../node/app';
import type { Dispatcher } from '../api/dispatch';
import type { Services } from '../services/context';
import { dailyBackupIfDue } from '../services/backups';
import { importAck, parseAckText } from '../services/sync/ack';
import { GapError, ackFileName, importFolder } from '../services/sync/apply';
import { importInto, trustInto, useCentralPg } from '../services/sync/central-store';
import { databaseUrl, openCentralPg, redactedUrl } from '../services/sync/central-pg/store';
import { openBundle } from '../services/sync/container';
import { exportBundle } from '../services/sync/export';
import { initCentral } from '../services/sync/central';
import { parseRegistration, registrationOf, requireRole, trustRegistration } from '../services/sync/identity';
import { createBundleReceiver } from '../services/sync/receiver';
import { applyReference, correctionRecord, publishReference, type Correction } from '../services/sync/reference';
import { describeBundle, verifyBundle } from '../services/sync/verify';
import { redact } from '../common/redact';

export const syncUsage = `  (中心系统的命令均可加 --database postgres://… 或设置 SITEOFFICE_DATABASE_URL:工地数据存入 PostgreSQL)
  siteoffice serve --central --port <端口> --data-dir <中心数据文件夹> [--max-bundle-mb 4096] [--database postgres://…]
  siteoffice central init --data-dir <中心数据文件夹> --user <身份证号> --password <密码> --name <姓名>
  siteoffice central publish --data-dir <中心数据文件夹> --site <工地安装标识> --out <文件> [--corrections <更正.json>] [--no-health-cloud]
  siteoffice sync register --data-dir <数据文件夹> --out <注册文件>
  siteoffice sync trust --data-dir <数据文件夹> <注册文件> [--replace-key]
  siteoffice sync reference --data-dir <工地数据文件夹> <参考数据包>
  siteoffice bundle export --data-dir <工地数据文件夹> --out <文件> [--no-encrypt]
  siteoffice bundle verify <同步包> --trust <注册文件>
  siteoffice bundle import --data-dir <中心数据文件夹> <同步包或文件夹> [--ack-out <回执文件>]
  siteoffice bundle ack --data-dir <工地数据文件夹> <回执文件>`;

class CliUsageError extends Error {}

function parse(argv: string[], options: ParseArgsConfig['options'], positionals: number) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    const option = /'([^']+)'/.exec((e as Error).message)?.[1] ?? '';
    throw new CliUsageError((e as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `未知参数:${option}` : `参数 ${option} 无效`);
  }
  if (parsed.positionals.length > positionals) throw new CliUsageError(`多余的参数:${parsed.positionals.slice(positionals).join(' ')}`);
  if (parsed.positionals.length < positionals) throw new CliUsageError('缺少文件参数');
  const value = (name: string): string | undefined => {
    const v = (parsed.values as Record<string, unknown>)[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.length === 0) throw new CliUsageError(`参数 --${name} 需要一个值`);
    return v;
  };
  const need = (name: string): string => {
    const v = value(name);
    if (v === undefined) throw new CliUsageError(`缺少参数 --${name}`);
    return v;
  };
  return { value, need, flag: (name: string) => (parsed.values as Record<string, unknown>)[name] === true, positionals: parsed.positionals };
}

const dataDir = { 'data-dir': { type: 'string' } } as const;
/** A central command's store: --database postgres://… (or SITEOFFICE_DATABASE_URL), else the folder's SQLite. */
const centralDir = { ...dataDir, database: { type: 'string' } } as const;

/**
 * The central system's data folder, with its site data in PostgreSQL when a database URL is given
 * (migrated at open). Without one the folder's SQLite holds everything, as before.
 */
async function withCentralApp<T>(dir: string, database: string | undefined, fn: (app: App) => Promise<T>): Promise<T> {
  const url = databaseUrl(database);
  return withAppAsync(dir, async (app) => {
    if (!url) return fn(app);
    const store = await openCentralPg(url, requireRole(app.services, 'central').installationId);
    try {
      useCentralPg(app.services, store);
      return await fn(app);
    } finally {
      await store.close();
    }
  });
}

function withApp<T>(dir: string, fn: (app: App) => T): T {
  const app = openApp(dir, { log: (line) => console.error(redact(line)) });
  try {
    return fn(app);
  } finally {
    app.close();
  }
}

async function withAppAsync<T>(dir: string, fn: (app: App) => Promise<T>): Promise<T> {
  const app = openApp(dir, { log: (line) => console.error(redact(line)) });
  try {
    return await fn(app);
  } finally {
    app.close();
  }
}

function readText(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new ApiError('NOT_FOUND', `无法读取${what}:${file}`);
  }
}

/** Writes a small file (registration, acknowledgement) to a temporary name and renames it. */
function writeSmall(file: string, text: string): void {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, target);
}

const progress = (label: string) => (done: number, total: number) => {
  process.stderr.write(`${label}:${done}/${total}\n`);
};

async function sync(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'register') {
    const a = parse(rest, { ...dataDir, out: { type: 'string' } }, 0);
    const out = a.need('out');
    const r = withApp(a.need('data-dir'), (app) => registrationOf(app.services));
    writeSmall(out, JSON.stringify(r, null, 2));
    console.log(`已写出注册文件:${path.resolve(out)}\n安装标识:${r.installationId}\n${r.role === 'central' ? '中心系统' : '工地'}:${r.name}`);
    return 0;
  }
  if (sub === 'trust') {
    const a = parse(rest, { ...centralDir, 'replace-key': { type: 'boolean' } }, 1);
    const registration = parseRegistration(readText(a.positionals[0]!, '注册文件'));
    // --replace-key: the other side lost its keys/ folder (restored on another PC) and made a new pair.
    const replaceKey = a.flag('replace-key');
    const database = a.value('database');
    const peer = database === undefined && !databaseUrl(undefined)
      ? withApp(a.need('data-dir'), (app) => trustRegistration(app.services, registration, '命令行', { replaceKey }))
      : await withCentralApp(a.need('data-dir'), database, (app) => trustInto(app.services, registration, '命令行', { replaceKey }));
    console.log(`已登记${peer.role === 'central' ? '中心系统' : '工地'}:${peer.name}\n安装标识:${peer.installationId}\n公钥指纹:${peer.fingerprint}`);
    return 0;
  }
  if (sub === 'reference') {
    const a = parse(rest, dataDir, 1);
    const r = withApp(a.need('data-dir'), (app) => applyReference(app.services, path.resolve(a.positionals[0]!), '命令行'));
    if (r.status === 'duplicate') console.log(`该参考数据包(第 ${r.referenceSeq} 号)已导入过,未作改动`);
    else console.log(`已导入参考数据包第 ${r.referenceSeq} 号:合同更新 ${r.contractsUpdated},用人单位新增 ${r.employersAdded}、更新 ${r.employersUpdated},健康云记录 ${r.healthCloudRecords},更正 ${r.corrections},跳过 ${r.skipped}`
      + (r.returned + r.returnedSkipped > 0 ? `;取回恢复备份前的记录 ${r.returned} 条(恢复后已改动或已有的 ${r.returnedSkipped} 条未取回)` : ''));
    return 0;
  }
  throw new CliUsageError(`未知的 sync 子命令:${sub ?? ''}`);
}

async function bundle(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'export') {
    const a = parse(rest, { ...dataDir, out: { type: 'string' }, 'no-encrypt': { type: 'boolean' } }, 0);
    const out = a.need('out');
    const encrypt = !a.flag('no-encrypt');
    const r = await withAppAsync(a.need('data-dir'), (app) => exportBundle(app.services, { outPath: out, channel: 'cli', encrypt, onProgress: progress('正在导出') }));
    console.log(`已导出同步包:${r.path}\n变更序号:第 ${r.firstSeq} 至 ${r.lastSeq} 条,共 ${r.changes} 条;附件 ${r.files} 个;${r.size} 字节\nSHA-256:${r.sha256}`);
    console.log(encrypt ? '已加密给中心系统:拿到文件的其他人无法读取其中的身份证号和附件' : '注意:未加密(--no-encrypt),拿到文件的人都能读取其中的身份证号和附件');
    return 0;
  }
  if (sub === 'verify') {
    const a = parse(rest, { trust: { type: 'string' } }, 1);
    const registration = parseRegistration(readText(a.need('trust'), '注册文件'));
    const opened = openBundle(path.resolve(a.positionals[0]!));
    try {
      if (opened.manifest.installationId !== registration.installationId) {
        throw new ApiError('FORBIDDEN', `同步包来自未登记的安装 ${opened.manifest.installationId}(注册文件属于 ${registration.installationId})`);
      }
      console.log(describeBundle(verifyBundle(opened, registration.publicKey)));
      return 0;
    } finally {
      opened.close();
    }
  }
  if (sub === 'import') {
    const a = parse(rest, { ...centralDir, 'ack-out': { type: 'string' } }, 1);
    const file = path.resolve(a.positionals[0]!);
    const database = a.value('database');
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      // A folder (a USB stick): every bundle in it, in order, each acknowledgement written beside it.
      const rows = await withCentralApp(a.need('data-dir'), database, (app) => importFolder(app.services, file, '命令行', importInto));
      for (const r of rows) console.log(`${r.ok ? '✓' : '✗'} ${r.fileName}:${r.message}${r.ackFile ? `(回执 ${path.basename(r.ackFile)})` : ''}`);
      return rows.every((r) => r.ok) ? 0 : 1;
    }
    const ackOut = a.value('ack-out');
    let result;
    try {
      result = await withCentralApp(a.need('data-dir'), database, (app) => importInto(app.services, file, { source: 'cli', actorName: '命令行', onProgress: progress('正在应用') }));
    } catch (e) {
      // Refused for a gap: the signed acknowledgement of what is held goes to the site all the same.
      if (e instanceof GapError) {
        if (ackOut) writeSmall(ackOut, JSON.stringify(e.ack, null, 2));
        console.log(JSON.stringify(e.ack, null, 2));
        if (ackOut) console.error(`回执已写入:${path.resolve(ackOut)}(建议文件名 ${ackFileName(e.ack)});工地用 bundle ack 导入后重新导出`);
      }
      throw e;
    }
    if (ackOut) writeSmall(ackOut, JSON.stringify(result.ack, null, 2));
    console.error(result.status === 'duplicate'
      ? `该同步包已导入过(第 ${result.firstSeq}–${result.lastSeq} 条),未作改动;回执确认至第 ${result.ack.lastSeq} 条`
      : `已导入 ${result.siteName} 第 ${result.firstSeq}–${result.lastSeq} 条变更:新 ${result.applied} 条,已有 ${result.skipped} 条,冲突 ${result.conflicts} 条,附件 ${result.files} 个`);
    if (ackOut) console.error(`回执已写入:${path.resolve(ackOut)}(建议文件名 ${ackFileName(result.ack)})`);
    console.log(JSON.stringify(result.ack, null, 2));
    return 0;
  }
  if (sub === 'ack') {
    const a = parse(rest, dataDir, 1);
    const raw = parseAckText(readText(a.positionals[0]!, '回执文件'));
    const r = withApp(a.need('data-dir'), (app) => importAck(app.services, raw, 'file', '命令行'));
    if (r.status === 'gap') {
      console.log(`回执已导入:中心系统只收到第 ${r.ackedSeq} 条为止的变更(原确认至第 ${r.previousSeq} 条),请用 bundle export 从第 ${r.ackedSeq + 1} 条起重新导出`);
    } else {
      console.log(r.moved ? `回执已导入:已确认至第 ${r.ackedSeq} 条(原为第 ${r.previousSeq} 条)` : `回执已导入:确认位置未变(第 ${r.ackedSeq} 条)`);
    }
    return 0;
  }
  throw new CliUsageError(`未知的 bundle 子命令:${sub ?? ''}`);
}

async function central(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'init') {
    const a = parse(rest, { ...centralDir, user: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, phone: { type: 'string' } }, 0);
    const name = a.need('name').trim();
    const url = databaseUrl(a.value('database'));
    const identity = withApp(a.need('data-dir'), (app) => initCentral(app.services, { idNumber: a.need('user'), name, password: a.need('password'), phone: a.value('phone') }));
    // The database is migrated and taken for this central system (one per database).
    if (url) await (await openCentralPg(url, identity.installationId)).close();
    console.log(`中心系统已创建\n安装标识:${identity.installationId}\n公钥指纹:${identity.fingerprint}\n监督管理人员:${name}${url ? `\n中心数据库:${redactedUrl(url)}` : ''}`);
    return 0;
  }
  if (sub === 'publish') {
    const a = parse(rest, { ...centralDir, site: { type: 'string' }, out: { type: 'string' }, corrections: { type: 'string' }, 'no-health-cloud': { type: 'boolean' }, 'no-encrypt': { type: 'boolean' } }, 0);
    const file = a.value('corrections');
    let corrections: Correction[] | undefined;
    if (file) {
      let raw: unknown;
      try {
        raw = JSON.parse(readText(file, '更正文件'));
      } catch (e) {
        if (e instanceof ApiError) throw e;
        throw new ApiError('VALIDATION', '更正文件不是有效的 JSON');
      }
      const parsed = correctionRecord.array().safeParse(raw);
      if (!parsed.success) throw new ApiError('VALIDATION', `更正文件格式有误:${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`);
      corrections = parsed.data;
    }
    // From the store the site data is in: the folder's SQLite, or PostgreSQL under --database.
    const r = await withCentralApp(a.need('data-dir'), a.value('database'), (app) => publishReference(app.services, {
      siteId: a.need('site'), outPath: a.need('out'), includeHealthCloud: !a.flag('no-health-cloud'), corrections, actorName: '命令行', encrypt: !a.flag('no-encrypt'),
    }));
    console.log(`已为工地“${r.siteName}”发布参考数据包第 ${r.referenceSeq} 号:${r.path}\n${Object.entries(r.counts).map(([k, n]) => `${k}:${n}`).join(',')}`);
    return 0;
  }
  throw new CliUsageError(`未知的 central 子命令:${sub ?? ''}`);
}

/** Runs `sync`, `bundle` or `central`; prints its own usage on a bad argument. */
export async function syncCli(group: 'sync' | 'bundle' | 'central', argv: string[]): Promise<number> {
  try {
    if (group === 'sync') return await sync(argv);
    if (group === 'bundle') return await bundle(argv);
    return await central(argv);
  } catch (e) {
    if (e instanceof CliUsageError) {
      console.error(`错误:${e.message}\n用法:\n${syncUsage}`);
    } else if (e instanceof ApiError) {
      console.error(group === 'bundle' && argv[0] === 'verify' ? `无效:${e.message}` : `错误:${e.message}`);
    } else {
      console.error(`错误:${(e as Error).message}`);
    }
    return 1;
  }
}

/**
 * `serve --central`: the app (a 监督管理人员 signs in to 实名制作业人员信息查询) and the receiver of
 * sites' bundles at POST /sync/bundles, on one data folder made by `central init`.
 */
export async function openCentral(dir: string, options: { maxBundleBytes?: number; database?: string } = {}): Promise<{ services: Services; dispatch: Dispatcher; mode(): 'normal'; close(): void; route: (req: http.IncomingMessage, res: http.ServerResponse) => boolean }> {
  const log = (line: string) => console.error(redact(line));
  const app = openApp(dir, { log });
  let store: Awaited<ReturnType<typeof openCentralPg>> | null = null;
  try {
    const identity = requireRole(app.services, 'central');
    // --database: the site data in PostgreSQL, migrated before the first push is taken.
    const url = databaseUrl(options.database);
    if (url) {
      store = await openCentralPg(url, identity.installationId);
      useCentralPg(app.services, store);
      log(`central store: PostgreSQL ${redactedUrl(url)}`);
    }
  } catch (e) {
    app.close();
    throw e;
  }
  dailyBackupIfDue(app.services).catch((e: unknown) => log(`start-up backup failed: ${(e as Error).message}`));
  const close = () => {
    void store?.close();
    app.close();
  };
  return { services: app.services, dispatch: app.dispatch, mode: () => 'normal', close, route: createBundleReceiver(app.services, log, { maxBytes: options.maxBundleBytes }) };
}
