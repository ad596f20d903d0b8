// Test support: a real app on a real SQLite file in a fresh temporary folder, with a clock the
// test moves by hand.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openApp, type App } from '../../electron/node/app';
import type { ScryptCost } from '../../electron/services/password';
import type { Clock } from '../../electron/services/context';
import type { CommandName, CommandInput, CommandOutput } from '../../electron/common/contract';
import { ApiError } from '../../electron/common/errors';

export class ManualClock implements Clock {
  private current: Date;
  constructor(iso = '2020-02-17T09:00:00+08:00') {
    this.current = new Date(iso);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
  advanceMinutes(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60000);
  }
}

export function tempDir(prefix = 'siteoffice-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const MANAGER = { idNumber: '11010519491231002X', name: '王建国', phone: '13800138000', password: 'pw123456' };
export const PROJECT = {
  contractNo: 'W2019010100011',
  buildNo: '1902HK0001',
  name: '测试4444',
  generalContractor: '上海建工集团股份有限公司',
  contractorType: '施工企业' as const,
  supervisionStation: '黄浦区建设工程安全质量监督站',
};

export interface TestApp {
  app: App;
  clock: ManualClock;
  dataDir: string;
  /** Calls a command as the holder of `token`; resolves to the value or rejects with the ApiError. */
  call<C extends CommandName>(command: C, input: CommandInput<C>, token?: string | null): Promise<CommandOutput<C>>;
  /** Signs in; resolves to the session token. */
  signIn(idNumber: string, password: string): Promise<string>;
  /** Initializes, signs the manager in and enters the project; resolves to the manager's token. */
  signedInManager(): Promise<string>;
  close(): void;
}

/**
 * scrypt at N = 2^14 for the unit tests' accounts: the same algorithm and format at an eighth of the
 * cost, so that hundreds of sign-ins do not cost half a second each. The app's own cost (2^17) is
 * what the CLI, web mode and e2e tests run with, and security-accounts.test.ts checks it.
 */
export const TEST_PASSWORD_COST: ScryptCost = { N: 2 ** 14, r: 8, p: 1 };

export function openTestApp(clock = new ManualClock(), options: { passwordCost?: ScryptCost } = {}): TestApp {
  const dataDir = tempDir();
  const app = openApp(dataDir, { clock, log: () => {}, passwordCost: options.passwordCost ?? TEST_PASSWORD_COST });
  const call = async <C extends CommandName>(command: C, input: CommandInput<C>, token: string | null = null): Promise<CommandOutput<C>> => {
    const { result } = await app.dispatch(command, input, token);
    if (!result.ok) throw ApiError.fromBody(result.error);
    return result.value as CommandOutput<C>;
  };
  return {
    app,
    clock,
    dataDir,
    call,
    async signIn(idNumber, password) {
      const outcome = await app.dispatch('auth.signIn', { idNumber, password }, null);
      if (!outcome.result.ok) throw ApiError.fromBody(outcome.result.error);
      return outcome.token!;
    },
    async signedInManager() {
      await call('setup.initialize', { project: PROJECT, manager: MANAGER });
      const token = await this.signIn(MANAGER.idNumber, MANAGER.password);
      const [project] = await call('projects.list', {}, token);
      await call('projects.enter', { projectId: project!.id }, token);
      return token;
    },
    close() {
      app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs fn and resolves to the ApiError it throws (failing the test when it does not throw one). */
export async function errorOf(fn: () => unknown): Promise<ApiError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError, but the call succeeded');
}

/** Every row of every table: to show that a refused call changed nothing. */
export function snapshot(app: App): Record<string, unknown[]> {
  const tables = app.services.sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, app.services.sqlite.prepare(`select * from "${name}"`).all()]));
}
