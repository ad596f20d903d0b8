// The main side of the app, with no window: open a data folder and serve the contract from it.
// Electron's main process, web mode and the command line all start here.
import fs from 'node:fs';
import path from 'node:path';
import { acquireLock, openStore } from '../../db/open';
import { createDispatcher, type CallOutcome, type Caller, type Dispatcher } from '../api/dispatch';
import { contract } from '../common/contract';
import { ApiError } from '../common/errors';
import { dailyBackupIfDue, installBackup, listBackups } from '../services/backups';
import { stopIdCardReader } from '../services/idcard/service';
import { stopReportWorker } from '../services/reports/job-runner';
import { createServices, systemClock, type Clock, type Services } from '../services/context';
import { redact } from '../common/redact';
import { ensureInstallation } from '../services/sync/identity';
import { catchUpPersonSearch } from '../services/sync/person-search';
import { FileSecretStore, type SecretStore } from '../services/security/secret-store';
import type { ScryptCost } from '../services/password';
import { hasRecoveryCode, recoveryCodeMatches } from '../services/security/recovery-code';
import { ensureAuditKey } from '../services/security/audit-key';
import { resumePushQueue, watchNetwork, type NetworkWatch } from '../services/sync/push-resume';
import { recordRestoreInAudit } from '../services/security/audit-anchors';
import { useAuditKey } from '../services/outbox';
import { ruleLibrary } from '../services/rules/library';
import { startAutoUpload } from '../services/platform/jobs';

export interface App {
  services: Services;
  dispatch: Dispatcher;
  close(): void;
}

export interface AppOptions {
  clock?: Clock;
  log?: (line: string) => void;
  nativeBinding?: string;
  /** Where the keys live: owner-only files by default; the desktop app seals them (main/main.ts). */
  secrets?: (dataDir: string) => SecretStore;
  /**
   * The scrypt cost of new password hashes. Only the unit tests lower it (tests/support/app.ts), so
   * that hundreds of sign-ins do not cost half a second each; the command line, web mode and the
   * window never set it, and tests/services/security-accounts.test.ts checks the default's cost.
   */
  passwordCost?: ScryptCost;
}

/**
 * The built report worker (dist/node/report-worker.cjs), when there is one: the CLI, web mode and
 * the window hand reports and workbooks to it (services/reports/job-runner.ts).
 */
export function bundledReportWorker(): string | null {
  const script = path.join(appRoot(), 'dist', 'node', 'report-worker.cjs');
  return fs.existsSync(script) ? script : null;
}

export function openApp(dataDir: string, options: AppOptions = {}): App {
  // The rule tables (rules/) are checked before anything opens: a broken one stops the start, named.
  ruleLibrary();
  const store = openStore(path.resolve(dataDir), { nativeBinding: options.nativeBinding });
  const services = createServices(store, options.clock ?? systemClock, options.nativeBinding, options.secrets?.(store.dataDir), options.passwordCost);
  // The audit key first: making the installation may write an audit row.
  ensureAuditKey(services);
  // The installation id and signing key exist from the first open on.
  if (ensureInstallation(services).role === 'central') catchUpPersonSearch(services);
  const log = options.log ?? ((line: string) => console.error(redact(line)));
  return {
    services,
    dispatch: createDispatcher(services, log),
    close: () => {
      stopIdCardReader(services);
      stopReportWorker();
      useAuditKey(services.sqlite.name, null);
      store.close();
    },
  };
}

/**
 * What the window and web mode run: the app, with the start-up backup; or, when the database fails
 * its integrity check, a recovery mode that can only list backups and put one in place, after
 * which the app opens. The dispatcher it hands out stays the same across the switch.
 */
export interface Runtime {
  dispatch: Dispatcher;
  mode(): 'normal' | 'recovery';
  /** Settles when the start-up backup is done (or failed, which is logged, never fatal). */
  ready: Promise<void>;
  /** The open app's services (the gate receivers write through them); null in recovery mode. */
  services(): Services | null;
  close(): void;
}

export function openRuntime(dataDir: string, options: AppOptions = {}): Runtime {
  const dir = path.resolve(dataDir);
  const log = options.log ?? ((line: string) => console.error(redact(line)));
  let app: App | null = null;
  let releaseRecoveryLock: (() => void) | null = null;
  const startBackup = (opened: App) => dailyBackupIfDue(opened.services).then(() => undefined, (e: unknown) => log(`start-up backup failed: ${(e as Error).message}`));
  // A push that waited while the app was closed goes on at start, and at once when the network returns.
  let network: NetworkWatch | null = null;
  let stopAutoUpload: (() => void) | null = null; // 上报's automatic mode (services/platform/jobs.ts)
  const startSync = (opened: App) => {
    try {
      resumePushQueue(opened.services);
      network = watchNetwork(opened.services);
      stopAutoUpload = startAutoUpload(opened.services);
    } catch (e) {
      log(`push queue not resumed: ${(e as Error).message}`);
    }
  };
  let ready: Promise<void> = Promise.resolve();
  try {
    app = openApp(dir, options);
    ready = startBackup(app);
    startSync(app);
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 'CORRUPT') throw e;
    releaseRecoveryLock = acquireLock(dir);
    log(`database in ${dir} failed its integrity check: recovery mode`);
  }
  const secrets = options.secrets?.(dir) ?? new FileSecretStore(dir);
  let wrongCodes = 0;
  let lockedUntil = 0;
  const recovery = async (command: string, input: unknown, caller: Caller): Promise<CallOutcome> => {
    try {
      if (command === 'recovery.status') {
        return { result: { ok: true, value: { corrupt: true, message: '数据库文件已损坏,无法打开。请选择一个备份恢复;损坏的文件会被保留,不会被覆盖。', backups: listBackups({ dataDir: dir }) } } };
      }
      if (command === 'recovery.restore') {
        // Putting a backup in place rolls the data back: only on this PC, and with the recovery code.
        if (!caller.local) throw new ApiError('FORBIDDEN', '该操作只能在安装本程序的电脑上进行');
        const parsed = contract['recovery.restore'].input.safeParse(input);
        if (!parsed.success) throw new ApiError('VALIDATION', parsed.error.issues[0]?.message ?? '输入有误');
        if (Date.now() < lockedUntil) throw new ApiError('LOCKED', '恢复码错误次数过多,请 15 分钟后再试');
        // A folder of an older version has no code: there only being on this PC counts.
        if (hasRecoveryCode(secrets) && !(await recoveryCodeMatches(secrets, parsed.data.recoveryCode ?? ''))) {
          if (++wrongCodes >= 5) {
            wrongCodes = 0;
            lockedUntil = Date.now() + 15 * 60000;
          }
          throw new ApiError('FORBIDDEN', '恢复码不正确', [{ path: 'recoveryCode', message: '恢复码不正确' }]);
        }
        const keptAs = installBackup(dir, parsed.data.fileName, 'corrupt', new Date());
        releaseRecoveryLock?.();
        releaseRecoveryLock = null;
        app = openApp(dir, options);
        recordRestoreInAudit(app.services, parsed.data.fileName, '数据恢复');
        ready = startBackup(app);
        startSync(app);
        return { result: { ok: true, value: { restored: parsed.data.fileName, keptAs } } };
      }
      throw new ApiError('CORRUPT', '数据库文件已损坏,请先从备份恢复');
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError('INTERNAL', '恢复失败');
      if (!(e instanceof ApiError)) log(`recovery failed: ${(e as Error).stack ?? String(e)}`);
      return { result: { ok: false, error: error.toBody() } };
    }
  };
  return {
    dispatch: (command, input, token, caller = { local: true }) => (app ? app.dispatch(command, input, token, caller) : recovery(command, input, caller)),
    mode: () => (app ? 'normal' : 'recovery'),
    services: () => app?.services ?? null,
    get ready() {
      return ready;
    },
    close() {
      network?.stop();
      stopAutoUpload?.();
      app?.close();
      releaseRecoveryLock?.();
    },
  };
}

/** The root of the installed app (where package.json and dist/ are), from a bundle or from sources. */
export function appRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}

export function rendererDir(): string {
  return path.join(appRoot(), 'dist', 'renderer');
}

/** The data folder Electron would use as userData, so that web mode and the window share it. */
export function defaultDataDir(): string {
  const home = process.env.HOME ?? process.env.USERPROFILE ?? '.';
  const base = process.platform === 'win32'
    ? process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming')
    : process.platform === 'darwin'
      ? path.join(home, 'Library', 'Application Support')
      : process.env.XDG_CONFIG_HOME ?? path.join(home, '.config');
  return path.join(base, 'siteoffice');
}
