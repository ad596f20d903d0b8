// Shared by the ID card reader tests: a real app on a real SQLite file with the reader service
// started (optionally with plugin files in <data folder>/plugins and shorter time limits).
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
  return {
    t,
    manager,
    close() {
      stopIdCardReader(t.app.services);
      t.close();
    },
  };
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
