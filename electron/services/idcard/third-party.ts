// Third-party reader plugins: CommonJS modules in <data folder>/plugins/*.js|*.cjs.
//
// A file there is code with the app's rights, so it runs only once the 项目负责人 enabled it in
// 设置 › 身份证阅读器 by its name and the SHA-256 of its content (as its vendor states it). Any
// other file is listed, with its hash, and never loaded; a file changed after it was enabled no
// longer matches and is not loaded either. The worker is handed the bytes that were hashed, not
// the path, so the file cannot be swapped between the check and the load.
//
// Each runs in its own worker thread. A plugin is code we did not write, in the main process: a
// call that never returns or an endless loop on the main thread would freeze every window, and
// nothing can interrupt it. A worker can be terminated. So every call is sent to the plugin's
// worker with a time limit; a plugin that throws, hangs, exits or answers something that is not
// in the plugin shape is terminated, reported and disabled, and the app carries on.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { idCardSchema, readerSettingsSchema, settingFieldSchema, type SettingFieldView } from '../../common/contract-idcard';
import { cardFromText, readerError, readerErrorCodes, type OpenOutcome, type ReadOutcome, type ReaderError, type ReaderPlugin, type ReaderSettings, type SettingField, type SettingsPreset } from './plugin';

export interface PluginTimeouts {
  loadMs: number;
  openMs: number;
  readMs: number;
  closeMs: number;
}

export const DEFAULT_PLUGIN_TIMEOUTS: PluginTimeouts = { loadMs: 5000, openMs: 10000, readMs: 15000, closeMs: 5000 };

/**
 * The worker's side, as plain JavaScript: it must run the same from the TypeScript sources (tests)
 * and from the esbuild bundle, where a separate worker file would not exist.
 */
const WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
let plugin = null;
function text(e) {
  if (e && typeof e === 'object' && typeof e.message === 'string') return e.message;
  return String(e);
}
try {
  // The source the app hashed, compiled as the module at its path (its own requires resolve from there).
  const Module = require('node:module');
  const mod = new Module(workerData.file, null);
  mod.filename = workerData.file;
  mod.paths = Module._nodeModulePaths(require('node:path').dirname(workerData.file));
  mod._compile(workerData.source, workerData.file);
  const loaded = mod.exports;
  plugin = loaded && loaded.__esModule && loaded.default ? loaded.default : loaded;
  if (!plugin || (typeof plugin !== 'object' && typeof plugin !== 'function')) throw new Error('模块没有导出插件对象(module.exports)');
  parentPort.postMessage({ type: 'loaded', meta: {
    name: plugin.name, version: plugin.version, description: plugin.description,
    settings: plugin.settings === undefined ? [] : plugin.settings,
    presets: plugin.presets === undefined ? [] : plugin.presets,
    methods: ['open', 'read', 'close'].filter((m) => typeof plugin[m] === 'function'),
  } });
} catch (e) {
  parentPort.postMessage({ type: 'load-error', message: text(e) });
}
parentPort.on('message', async (msg) => {
  try {
    const value = await plugin[msg.method](...msg.args);
    parentPort.postMessage({ type: 'result', id: msg.id, value: value === undefined ? null : value });
  } catch (e) {
    parentPort.postMessage({ type: 'threw', id: msg.id, message: text(e) });
  }
});
`;

const metaSchema = z.object({
  name: z.string().trim().min(1, '缺少 name').max(50, 'name 过长'),
  version: z.string().trim().min(1, '缺少 version').max(30, 'version 过长'),
  description: z.string().max(300).optional(),
  settings: z.array(settingFieldSchema).max(30),
  presets: z.array(z.object({ label: z.string().max(50), settings: readerSettingsSchema })).max(10),
  methods: z.array(z.string()),
});

const bytesSchema = z.instanceof(Uint8Array);
const errorAnswer = z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string().min(1).max(500) }) });
const openAnswer = z.union([z.object({ ok: z.literal(true) }), errorAnswer]);
const readAnswer = z.union([
  z.object({ ok: z.literal(true), card: idCardSchema, photo: bytesSchema.nullable().optional() }),
  z.object({ ok: z.literal(true), text: bytesSchema, photo: bytesSchema.nullable().optional() }),
  errorAnswer,
]);

function typedError(answer: z.infer<typeof errorAnswer>): ReaderError {
  const code = (readerErrorCodes as readonly string[]).includes(answer.error.code) && answer.error.code !== 'PLUGIN'
    ? (answer.error.code as ReaderError['code'])
    : 'DEVICE';
  return { code, message: answer.error.message };
}

type CallAnswer = { ok: true; value: unknown } | { ok: false; error: ReaderError };

/**
 * The app's own node_modules (where koffi and serialport are), so that a plugin for a vendor's DLL
 * can require('koffi') like the built-in plugins instead of shipping its own native copy.
 */
export function appModulesDir(start: string = __dirname): string | null {
  let dir = start;
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, 'node_modules');
    if (fs.existsSync(path.join(candidate, 'koffi'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

/** The files a site dropped into the plugins folder, in a stable order. */
export function pluginFiles(dataDir: string): string[] {
  const dir = path.join(dataDir, 'plugins');
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => /\.(c?js)$/i.test(n))
    .filter((n) => {
      try {
        return fs.statSync(path.join(dir, n)).isFile();
      } catch {
        return false;
      }
    })
    .sort()
    .map((n) => path.join(dir, n));
}

/** A plugin from <data folder>/plugins, run in a worker thread. */
export class WorkerPlugin implements ReaderPlugin {
  readonly id: string;
  name: string;
  version = '';
  description = '';
  settings: SettingField[] = [];
  presets: SettingsPreset[] = [];
  status: 'ready' | 'disabled' | 'not-enabled' = 'disabled';
  problem: string | null = '尚未加载';
  /** SHA-256 of the file as last read (hex), or null when it could not be read. */
  sha256: string | null = null;

  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, (answer: CallAnswer) => void>();

  /** A method, not a field read, so callers re-check after an await. */
  isReady(): boolean {
    return this.status === 'ready';
  }

  constructor(readonly file: string, private readonly timeouts: PluginTimeouts = DEFAULT_PLUGIN_TIMEOUTS, private readonly approvedHash: () => string | null = () => null) {
    this.id = `file:${path.basename(file)}`;
    this.name = path.basename(file);
  }

  /** The file name, as 设置 enables it. */
  get fileName(): string {
    return path.basename(this.file);
  }

  /** Starts the worker and reads the plugin's name, version and settings, if it is enabled. Never throws. */
  async load(): Promise<void> {
    this.stop();
    let source: Buffer;
    try {
      source = fs.readFileSync(this.file);
    } catch (e) {
      this.sha256 = null;
      this.disable(`无法读取插件文件:${(e as Error).message}`);
      return;
    }
    this.sha256 = crypto.createHash('sha256').update(source).digest('hex');
    const approved = this.approvedHash();
    if (approved !== this.sha256) {
      this.name = this.fileName;
      this.version = '';
      this.status = 'not-enabled';
      this.problem = approved
        ? '文件在启用后被改动过(SHA-256 不符),未运行;请核对后由项目负责人重新启用'
        : '未启用:项目负责人核对文件的 SHA-256 后在此启用,才会运行';
      return;
    }
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { file: this.file, source: source.toString('utf8') },
        // NODE_PATH is read when the worker's module loader starts: the plugin's own node_modules
        // (next to it) come first, then the app's.
        env: { ...process.env, NODE_PATH: [process.env.NODE_PATH, appModulesDir()].filter((p): p is string => !!p).join(path.delimiter) },
        // A runaway plugin must not take the app's memory with it.
        resourceLimits: { maxOldGenerationSizeMb: 256 },
        stdout: false,
        stderr: false,
      });
    } catch (e) {
      this.disable(`无法启动插件:${(e as Error).message}`);
      return;
    }
    this.worker = worker;
    // The app may close without waiting for a plugin.
    worker.unref();
    const loaded = await new Promise<{ ok: true; meta: unknown } | { ok: false; message: string }>((resolve) => {
      const timer = setTimeout(() => resolve({ ok: false, message: `加载超过 ${this.timeouts.loadMs / 1000} 秒没有完成` }), this.timeouts.loadMs);
      worker.once('message', (msg: { type: string; meta?: unknown; message?: string }) => {
        clearTimeout(timer);
        resolve(msg.type === 'loaded' ? { ok: true, meta: msg.meta } : { ok: false, message: `加载出错:${msg.message ?? ''}` });
      });
      worker.once('error', (e) => {
        clearTimeout(timer);
        resolve({ ok: false, message: `加载出错:${e.message}` });
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ ok: false, message: `加载时退出(代码 ${code})` });
      });
    });
    if (this.worker !== worker) return;
    if (!loaded.ok) {
      this.disable(loaded.message);
      return;
    }
    const meta = metaSchema.safeParse(loaded.meta);
    if (!meta.success) {
      const issue = meta.error.issues[0];
      this.disable(`不是有效的读卡插件:${issue ? `${issue.path.join('.') || '导出对象'} ${issue.message}` : '导出对象的形状不对'}`);
      return;
    }
    const missing = ['open', 'read', 'close'].filter((m) => !meta.data.methods.includes(m));
    if (missing.length > 0) {
      this.disable(`不是有效的读卡插件:缺少方法 ${missing.join('、')}`);
      return;
    }
    this.name = meta.data.name;
    this.version = meta.data.version;
    this.description = meta.data.description ?? '';
    this.settings = meta.data.settings as SettingFieldView[] as SettingField[];
    this.presets = meta.data.presets;
    worker.on('message', (msg: { type: string; id: number; value?: unknown; message?: string }) => this.answer(msg));
    worker.on('error', (e) => this.disable(`运行出错:${e.message}`));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.disable(`插件线程意外退出(代码 ${code})`);
    });
    this.status = 'ready';
    this.problem = null;
  }

  async open(settings: ReaderSettings): Promise<OpenOutcome> {
    const answer = await this.call('open', [settings], this.timeouts.openMs);
    if (!answer.ok) return answer;
    const parsed = openAnswer.safeParse(answer.value);
    if (!parsed.success) return this.broken('open() 的返回值应为 { ok: true } 或 { ok: false, error }');
    return parsed.data.ok ? { ok: true } : { ok: false, error: typedError(parsed.data) };
  }

  async read(): Promise<ReadOutcome> {
    const answer = await this.call('read', [], this.timeouts.readMs);
    if (!answer.ok) return answer;
    const parsed = readAnswer.safeParse(answer.value);
    if (!parsed.success) return this.broken('read() 的返回值应为 { ok: true, card 或 text, photo } 或 { ok: false, error }');
    const value = parsed.data;
    if (!value.ok) return { ok: false, error: typedError(value) };
    const photo = value.photo ?? null;
    if ('text' in value) return cardFromText(value.text, photo);
    return { ok: true, card: value.card, photo };
  }

  async close(): Promise<void> {
    if (this.status !== 'ready') return;
    await this.call('close', [], this.timeouts.closeMs);
  }

  /** Terminates the worker (when the app closes, or before a reload). */
  stop(): void {
    const worker = this.worker;
    this.worker = null;
    if (worker) void worker.terminate();
    this.flush({ code: 'PLUGIN', message: `读卡插件 ${this.name} 已停止` });
  }

  private call(method: 'open' | 'read' | 'close', args: unknown[], timeoutMs: number): Promise<CallAnswer> {
    const worker = this.worker;
    if (this.status !== 'ready' || !worker) {
      return Promise.resolve({ ok: false, error: { code: 'PLUGIN', message: `读卡插件 ${this.name} 已停用:${this.problem ?? ''}` } });
    }
    const id = this.nextId++;
    return new Promise<CallAnswer>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.disable(`${method}() 超过 ${timeoutMs / 1000} 秒没有返回`);
        resolve({ ok: false, error: { code: 'PLUGIN', message: `读卡插件 ${this.name} 没有响应,已停用:${method}() 超过 ${timeoutMs / 1000} 秒没有返回` } });
      }, timeoutMs);
      this.pending.set(id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      try {
        worker.postMessage({ id, method, args });
      } catch (e) {
        this.pending.delete(id);
        clearTimeout(timer);
        resolve({ ok: false, error: { code: 'PLUGIN', message: `无法调用读卡插件 ${this.name}:${(e as Error).message}` } });
      }
    });
  }

  private answer(msg: { type: string; id: number; value?: unknown; message?: string }): void {
    const settle = this.pending.get(msg.id);
    if (!settle) return;
    this.pending.delete(msg.id);
    if (msg.type === 'result') {
      settle({ ok: true, value: msg.value });
      return;
    }
    const message = `读卡插件 ${this.name} 出错,已停用:${msg.message ?? '未知错误'}`;
    this.disable(`运行出错:${msg.message ?? '未知错误'}`);
    settle({ ok: false, error: { code: 'PLUGIN', message } });
  }

  private broken(what: string): ReadOutcome & { ok: false } {
    this.disable(`返回值不符合插件接口:${what}`);
    return readerError('PLUGIN', `读卡插件 ${this.name} 的返回值不符合插件接口,已停用:${what}`);
  }

  private disable(problem: string): void {
    this.status = 'disabled';
    this.problem = problem;
    const worker = this.worker;
    this.worker = null;
    if (worker) void worker.terminate();
    this.flush({ code: 'PLUGIN', message: `读卡插件 ${this.name} 已停用:${problem}` });
  }

  private flush(error: ReaderError): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const settle of waiting) settle({ ok: false, error });
  }
}

/**
 * Finds every plugin file and loads those enabled with their present content; a broken one is
 * listed as disabled, one not enabled as such, never thrown. `approvedHash` names the SHA-256 the
 * 项目负责人 enabled a file name with (null: not enabled).
 */
export async function loadThirdPartyPlugins(dataDir: string, timeouts: PluginTimeouts = DEFAULT_PLUGIN_TIMEOUTS, approvedHash: (fileName: string) => string | null = () => null): Promise<WorkerPlugin[]> {
  const plugins = pluginFiles(dataDir).map((file) => new WorkerPlugin(file, timeouts, () => approvedHash(path.basename(file))));
  await Promise.all(plugins.map((p) => p.load()));
  return plugins;
}
