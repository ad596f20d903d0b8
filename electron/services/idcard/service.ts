// The ID card reader service: holds the plugins (built-in and from <data folder>/plugins), the
// chosen one and its settings, runs one read at a time, and checks every card it reads.
//
// Per-app state (the plugin instances, third-party workers, the read in flight) lives in a WeakMap
// keyed by the Services object, so Services itself needs no field for it and a closed app's state
// goes with it.
import { performance } from 'node:perf_hooks';
import { ApiError, type FieldIssue } from '../../common/errors';
import { siteDate } from '../../common/time';
import type { ReadResult, ReaderConfig, ReaderPluginView } from '../../common/contract-idcard';
import type { Services } from '../context';
import { checkCard } from './checks';
import { approvedPlugins, storeApprovedPlugins, storedPluginId, storedPluginSettings, storeReaderConfig } from './config';
import { isoNow, type ProjectActor } from '../context';
import { authorOf, recordAudit } from '../outbox';
import { createHttpPlugin } from './http-service';
import { defaultSettings, type ReadOutcome, type ReaderError, type ReaderPlugin, type ReaderSettings, type SettingField, type SettingValue } from './plugin';
import { createSamSerialPlugin } from './sam-serial';
import { createSdtPlugin } from './sdt';
import { createSimulatorPlugin } from './simulator';
import { DEFAULT_PLUGIN_TIMEOUTS, loadThirdPartyPlugins, WorkerPlugin, type PluginTimeouts } from './third-party';

interface ReaderState {
  builtIns: ReaderPlugin[];
  thirdParty: WorkerPlugin[];
  loading: Promise<void>;
  busy: boolean;
  timeouts: PluginTimeouts;
}

const states = new WeakMap<Services, ReaderState>();

export interface ReaderServiceOptions {
  /** Time limits of plugin calls; tests shorten them. */
  timeouts?: Partial<PluginTimeouts>;
}

/**
 * Creates the reader state of an app and finds the third-party plugins. Called by the first
 * command that needs it; call it at start to find plugins before anyone presses 读身份证.
 */
export function startIdCardReader(s: Services, options: ReaderServiceOptions = {}): Promise<void> {
  const existing = states.get(s);
  if (existing) {
    // The plugins share this object, so new limits reach the ones already loaded.
    if (options.timeouts) Object.assign(existing.timeouts, options.timeouts);
    return existing.loading;
  }
  const timeouts = { ...DEFAULT_PLUGIN_TIMEOUTS, ...options.timeouts };
  const state: ReaderState = {
    builtIns: [createSdtPlugin(), createSamSerialPlugin(), createHttpPlugin(), createSimulatorPlugin()],
    thirdParty: [],
    loading: Promise.resolve(),
    busy: false,
    timeouts,
  };
  // Read when each file loads, so a file enabled in 设置 is checked against what was enabled then.
  state.loading = loadThirdPartyPlugins(s.dataDir, timeouts, (fileName) => (s.sqlite.open ? approvedPlugins(s)[fileName] ?? null : null)).then((plugins) => {
    state.thirdParty = plugins;
  });
  states.set(s, state);
  return state.loading;
}

/** Terminates the third-party plugins' workers (when the app closes). */
export function stopIdCardReader(s: Services): void {
  const state = states.get(s);
  if (!state) return;
  for (const p of state.thirdParty) p.stop();
  states.delete(s);
}

async function ready(s: Services): Promise<ReaderState> {
  await startIdCardReader(s);
  return states.get(s)!;
}

function allPlugins(state: ReaderState): ReaderPlugin[] {
  return [...state.builtIns, ...state.thirdParty];
}

// ---- settings ----

function valueError(field: SettingField, value: unknown): string | null {
  switch (field.type) {
    case 'text': {
      if (typeof value !== 'string') return `${field.label}应为文字`;
      const max = field.maxLength ?? 2000;
      return value.length > max ? `${field.label}不能超过${max}个字` : null;
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${field.label}应为数字`;
      return value < field.min || value > field.max ? `${field.label}应在 ${field.min} 到 ${field.max} 之间` : null;
    case 'select':
      return typeof value === 'string' && field.options.some((o) => o.value === value) ? null : `请选择${field.label}`;
    case 'boolean':
      return typeof value === 'boolean' ? null : `${field.label}应为是或否`;
    case 'mapping': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return `${field.label}无效`;
      const allowed = new Set(field.keys.map((k) => k.key));
      for (const [k, v] of Object.entries(value)) {
        if (!allowed.has(k)) return `${field.label}中没有“${k}”一项`;
        if (typeof v !== 'string' || v.length > 200) return `${field.label}中“${field.keys.find((x) => x.key === k)?.label ?? k}”无效`;
      }
      return null;
    }
  }
}

function normalize(field: SettingField, value: SettingValue): SettingValue {
  if (field.type === 'text' && typeof value === 'string') return value.trim();
  if (field.type === 'mapping' && typeof value === 'object') {
    return Object.fromEntries(field.keys.map((k) => [k.key, (value[k.key] ?? '').trim()]));
  }
  return value;
}

/** Checks values a manager entered against the plugin's description; unknown keys are dropped. */
export function checkSettings(fields: readonly SettingField[], input: ReaderSettings): ReaderSettings {
  const issues: FieldIssue[] = [];
  const out: ReaderSettings = {};
  for (const field of fields) {
    const value = Object.prototype.hasOwnProperty.call(input, field.key) ? input[field.key]! : field.default;
    const error = valueError(field, value);
    if (error) issues.push({ path: `settings.${field.key}`, message: error });
    else out[field.key] = normalize(field, value);
  }
  if (issues.length > 0) throw new ApiError('VALIDATION', issues[0]!.message, issues);
  return out;
}

/** Saved values where they still fit the plugin's description, defaults elsewhere. */
function effectiveSettings(plugin: ReaderPlugin, stored: ReaderSettings | undefined): ReaderSettings {
  const out = defaultSettings(plugin.settings);
  for (const field of plugin.settings) {
    const value = stored?.[field.key];
    if (value !== undefined && valueError(field, value) === null) out[field.key] = normalize(field, value);
  }
  return out;
}

// ---- commands ----

function view(plugin: ReaderPlugin): ReaderPluginView {
  const thirdParty = plugin instanceof WorkerPlugin ? plugin : null;
  return {
    id: plugin.id,
    name: plugin.name,
    version: plugin.version,
    description: plugin.description,
    builtIn: thirdParty === null,
    file: thirdParty ? thirdParty.file : null,
    settings: plugin.settings.map((f) => ({ ...f })),
    presets: (plugin.presets ?? []).map((p) => ({ label: p.label, settings: p.settings })),
    status: thirdParty ? thirdParty.status : 'ready',
    problem: thirdParty ? thirdParty.problem : null,
    sha256: thirdParty ? thirdParty.sha256 : null,
    enabled: thirdParty ? thirdParty.status !== 'not-enabled' : true,
  };
}

function thirdPartyFile(state: ReaderState, file: string): WorkerPlugin {
  const plugin = state.thirdParty.find((p) => p.fileName === file);
  if (!plugin) throw new ApiError('NOT_FOUND', `插件文件夹中没有 ${file}`);
  return plugin;
}

/**
 * 启用: the 项目负责人 states the SHA-256 they checked (against the vendor's); it must be the file's
 * as it is now. Then it is loaded, and run from then on while its content stays the same.
 */
export async function enablePlugin(s: Services, actor: ProjectActor, input: { file: string; sha256: string }): Promise<ReaderPluginView[]> {
  const state = await ready(s);
  if (state.busy) throw new ApiError('CONFLICT', '正在读卡,请读完后再启用');
  const plugin = thirdPartyFile(state, input.file);
  await plugin.load(); // reads the file again: its hash now
  if (plugin.sha256 !== input.sha256) {
    throw new ApiError('VALIDATION', `${input.file} 的 SHA-256 与填写的不符(文件的为 ${plugin.sha256 ?? '无法读取'}):未启用`, [{ path: 'sha256', message: 'SHA-256 不符' }]);
  }
  s.db.transaction((tx) => {
    storeApprovedPlugins(tx, { ...approvedPlugins(s), [input.file]: input.sha256 });
    recordAudit(tx, authorOf(actor, isoNow(s.clock)), { action: 'plugin_enable', tableName: 'settings', rowId: input.file, after: { file: input.file, sha256: input.sha256 } });
  });
  await plugin.load();
  return allPlugins(state).map(view);
}

/** 停用: the file is not run any more; its worker ends now. */
export async function disablePlugin(s: Services, actor: ProjectActor, input: { file: string }): Promise<ReaderPluginView[]> {
  const state = await ready(s);
  if (state.busy) throw new ApiError('CONFLICT', '正在读卡,请读完后再停用');
  const plugin = thirdPartyFile(state, input.file);
  const { [input.file]: removed, ...rest } = approvedPlugins(s);
  s.db.transaction((tx) => {
    storeApprovedPlugins(tx, rest);
    recordAudit(tx, authorOf(actor, isoNow(s.clock)), { action: 'plugin_disable', tableName: 'settings', rowId: input.file, before: removed ? { sha256: removed } : undefined });
  });
  await plugin.load();
  return allPlugins(state).map(view);
}

export async function listReaderPlugins(s: Services): Promise<ReaderPluginView[]> {
  const state = await ready(s);
  return allPlugins(state).map(view);
}

export async function getReaderConfig(s: Services): Promise<ReaderConfig> {
  const state = await ready(s);
  const stored = storedPluginSettings(s);
  return {
    pluginId: storedPluginId(s),
    settings: Object.fromEntries(allPlugins(state).map((p) => [p.id, effectiveSettings(p, stored.get(p.id))])),
  };
}

function findPlugin(state: ReaderState, pluginId: string): ReaderPlugin | undefined {
  return allPlugins(state).find((p) => p.id === pluginId);
}

export async function saveReaderConfig(s: Services, input: { pluginId: string; settings: ReaderSettings }): Promise<ReaderConfig> {
  const state = await ready(s);
  const plugin = findPlugin(state, input.pluginId);
  if (!plugin) throw new ApiError('VALIDATION', '没有这种读卡方式', [{ path: 'pluginId', message: '请选择读卡方式' }]);
  if (plugin instanceof WorkerPlugin && !plugin.isReady()) {
    // Choosing a disabled plugin again is how a site retries it after fixing the file.
    if (state.busy) throw new ApiError('CONFLICT', '正在读卡,请读完后再保存');
    await plugin.load();
    if (!plugin.isReady()) {
      throw new ApiError('VALIDATION', `读卡插件 ${plugin.name} 无法使用:${plugin.problem ?? ''}`, [{ path: 'pluginId', message: '该插件已停用' }]);
    }
  }
  storeReaderConfig(s, plugin.id, checkSettings(plugin.settings, input.settings));
  return getReaderConfig(s);
}

/** Resolves to the plugin's answer, or to a TIMEOUT error when it takes longer than ms. */
function withTimeout<T>(work: Promise<T>, ms: number, timedOut: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => resolve(timedOut()), ms);
    work.then((v) => {
      clearTimeout(timer);
      resolve(v);
    }, (e: unknown) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** open → read → close, with time limits; a plugin that throws becomes an error, never a crash. */
async function runPlugin(plugin: ReaderPlugin, values: ReaderSettings, timeouts: PluginTimeouts): Promise<ReadOutcome> {
  const timeout = (what: string, ms: number) => (): { ok: false; error: ReaderError } => ({
    ok: false,
    error: { code: 'TIMEOUT', message: `读卡器${what}超过 ${Math.round(ms / 1000)} 秒没有完成:请检查读卡器的连接后重试` },
  });
  const crash = (e: unknown): { ok: false; error: ReaderError } => ({
    ok: false,
    error: { code: 'DEVICE', message: `读卡时出错:${e instanceof Error ? e.message : String(e)}` },
  });
  // The plugins' own limits come first; these only catch a call that never returns at all.
  const margin = 1000;
  let outcome: ReadOutcome;
  try {
    const opened = await withTimeout(plugin.open(values), timeouts.openMs + margin, timeout('打开', timeouts.openMs));
    outcome = opened.ok ? await withTimeout(plugin.read(), timeouts.readMs + margin, timeout('读卡', timeouts.readMs)) : opened;
  } catch (e) {
    outcome = crash(e);
  }
  try {
    await withTimeout(plugin.close(), timeouts.closeMs + margin, () => undefined);
  } catch {
    // A failed close does not change what was read.
  }
  return outcome;
}

function photoView(photo: Uint8Array | null): { format: 'wlt' | 'jpeg' | 'png' | 'bmp' | 'unknown'; base64: string } | null {
  if (!photo || photo.length === 0) return null;
  const b = photo;
  const format = b[0] === 0xff && b[1] === 0xd8 ? 'jpeg'
    : b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 ? 'png'
      : b[0] === 0x42 && b[1] === 0x4d ? 'bmp'
        : b.length === 1024 ? 'wlt' : 'unknown';
  return { format, base64: Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64') };
}

export interface ReadRequest {
  /** 测试读卡 with a plugin and settings not yet saved; 读身份证 uses the saved ones. */
  pluginId?: string;
  settings?: ReaderSettings;
}

/**
 * Reads one card. A second call while one runs is refused (CONFLICT): the reader can only read
 * one card at a time, and a double click must not queue a second read behind the first.
 */
export async function readIdCard(s: Services, request: ReadRequest = {}): Promise<ReadResult> {
  const state = await ready(s);
  if (state.busy) throw new ApiError('CONFLICT', '正在读卡,请等这一次读卡完成');
  state.busy = true;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const pluginId = request.pluginId ?? storedPluginId(s);
    if (!pluginId) {
      return {
        ok: false, code: 'CONFIG', message: '尚未选择身份证阅读器:请项目负责人在 设置 › 身份证阅读器 中选择读卡方式',
        pluginId: null, pluginName: null, elapsedMs: elapsed(), card: null, checks: null,
      };
    }
    const plugin = findPlugin(state, pluginId);
    if (!plugin) {
      return {
        ok: false, code: 'CONFIG', message: `所选的读卡方式(${pluginId})已不存在:请在 设置 › 身份证阅读器 中重新选择`,
        pluginId, pluginName: null, elapsedMs: elapsed(), card: null, checks: null,
      };
    }
    const values = request.settings
      ? checkSettings(plugin.settings, request.settings)
      : effectiveSettings(plugin, storedPluginSettings(s).get(plugin.id));
    const outcome = await runPlugin(plugin, values, state.timeouts);
    const base = { pluginId: plugin.id, pluginName: plugin.name };
    if (!outcome.ok) return { ok: false, code: outcome.error.code, message: outcome.error.message, ...base, elapsedMs: elapsed(), card: null, checks: null };
    const checks = checkCard(outcome.card, siteDate(s.clock.now()));
    if (checks.problems.length > 0) {
      return {
        ok: false, code: 'CHECK', message: `读到的证件信息前后不一致,不能使用:${checks.problems.join(';')}。请拿起证件重新放置后再读`,
        ...base, elapsedMs: elapsed(), card: outcome.card, checks,
      };
    }
    return { ok: true, card: outcome.card, photo: photoView(outcome.photo), checks, ...base, elapsedMs: elapsed() };
  } finally {
    state.busy = false;
  }
}
