// Shared by the ID card reader tests: a real app on a real SQLite file with the reader service
// started (optionally with plugin files in <data folder>/plugins and shorter time limits).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openTestApp, ManualClock, type TestApp } from '../support/app';
import { startIdCardReader, stopIdCardReader } from '../../electron/services/idcard/service';
import type { PluginTimeouts } from '../../electron/services/idcard/third-party';
import type { ReadResult } from '../../electron/common/contract-idcard';

export interface ReaderApp {
  t: TestApp;
  manager: string;
  close(): void;
}

export async function openReaderApp(options: {
  plugins?: Record<string, string>;
  /** Enable each plugin file by its name and SHA-256 in 设置, as the 项目负责人 does (default: yes). */
  enable?: boolean;
  timeouts?: Partial<PluginTimeouts>;
  clock?: ManualClock;
} = {}): Promise<ReaderApp> {
  const t = openTestApp(options.clock ?? new ManualClock('2026-03-02T09:00:00+08:00'));
  const dir = path.join(t.dataDir, 'plugins');
  if (options.plugins) {
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, source] of Object.entries(options.plugins)) fs.writeFileSync(path.join(dir, name), source);
  }
  await startIdCardReader(t.app.services, { timeouts: options.timeouts });
  const manager = await t.signedInManager();
  if (options.enable !== false) {
    for (const [name, source] of Object.entries(options.plugins ?? {})) {
      if (/\.c?js$/i.test(name)) await enable(t, manager, name, source);
    }
  }
  return {
    t,
    manager,
    close() {
      stopIdCardReader(t.app.services);
      t.close();
    },
  };
}

/** 启用 a plugin file in 设置 › 身份证阅读器, with the SHA-256 of the source it should have. */
export async function enable(t: TestApp, manager: string, file: string, source: string): Promise<void> {
  await t.call('idcard.enablePlugin', { file, sha256: crypto.createHash('sha256').update(source).digest('hex') }, manager);
}

/** Chooses a plugin with settings, as a manager does in 设置 › 身份证阅读器. */
export async function choose(r: ReaderApp, pluginId: string, settings: Record<string, string | number | boolean | Record<string, string>> = {}): Promise<void> {
  await r.t.call('idcard.saveConfig', { pluginId, settings }, r.manager);
}

/** 读身份证. */
export function read(r: ReaderApp, token = r.manager): Promise<ReadResult> {
  return r.t.call('idcard.read', {}, token);
}

/** Narrows a result to a failure, failing the test with what was read otherwise. */
export function failure(result: ReadResult): Extract<ReadResult, { ok: false }> {
  if (result.ok) throw new Error(`expected a failed read, got ${JSON.stringify(result.card)}`);
  return result;
}

export function success(result: ReadResult): Extract<ReadResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected a card, got ${result.code}: ${result.message}`);
  return result;
}

export const CHINESE = /[\u4e00-\u9fff]/;
