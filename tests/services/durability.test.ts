// 已保存 means on disk, even after a power cut: every connection the app writes through runs WAL with
// synchronous = FULL. The kill -9 test cannot see a missing fsync (the OS keeps the pages), so the
// pragmas are read back from each connection the app opens: the site's, web mode's, the central
// side's, the one a restore reopens, and (in tests/http/cli.test.ts) the serving CLI process's own.
// The report worker opens none, which is checked on what esbuild bundles into it; and no code
// outside db/open.ts may open a writable connection of its own.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { durabilityOf, requireDurable } from '../../db/open';
import { openApp, openRuntime, type App } from '../../electron/node/app';
import { openCentral } from '../../electron/cli/sync';
import { initCentral } from '../../electron/services/sync/central';
import { backupNow, restoreBackup } from '../../electron/services/backups';
import { ApiError } from '../../electron/common/errors';
import { MANAGER, PROJECT, tempDir } from '../support/app';
import { validId } from '../support/fixtures';

const root = fileURLToPath(new URL('../..', import.meta.url));
const DURABLE = { journalMode: 'wal', synchronous: 'FULL' };

const closers: (() => void)[] = [];
afterEach(() => {
  while (closers.length > 0) closers.pop()!();
});

function site(): App {
  const app = openApp(tempDir('siteoffice-durable-'), { log: () => {} });
  closers.push(() => app.close());
  return app;
}

describe('every connection the app writes through', () => {
  it('the site app: WAL, synchronous = FULL', () => {
    expect(durabilityOf(site().services.sqlite)).toEqual(DURABLE);
  });

  it('web mode and the window (openRuntime), through the storage command 备份与恢复 shows', async () => {
    // The runtime hands out only its dispatcher: ask it, as the screen does.
    const runtime = openRuntime(tempDir('siteoffice-durable-runtime-'), { log: () => {} });
    closers.push(() => runtime.close());
    await runtime.ready;
    const value = async (command: string, input: unknown, token: string | null) => {
      const { result } = await runtime.dispatch(command, input, token);
      if (!result.ok) throw new Error(`${command}: ${result.error.message}`);
      return result.value;
    };
    await value('setup.initialize', { project: PROJECT, manager: MANAGER }, null);
    const signIn = await runtime.dispatch('auth.signIn', { idNumber: MANAGER.idNumber, password: MANAGER.password }, null);
    const session = signIn.token!;
    const [project] = await value('projects.list', {}, session) as { id: string }[];
    await value('projects.enter', { projectId: project!.id }, session);
    expect(await value('backups.storage', {}, session)).toMatchObject(DURABLE);
  });

  it('the central side: WAL, synchronous = FULL', async () => {
    const dir = tempDir('siteoffice-durable-central-');
    const app = openApp(dir, { log: () => {} });
    initCentral(app.services, { idNumber: validId('31010119700101001'), name: '李监督', password: 'pw123456' });
    app.close();
    const central = await openCentral(dir);
    closers.push(() => central.close());
    expect(durabilityOf(central.services.sqlite)).toEqual(DURABLE);
  });

  it('the connection a restore reopens: WAL, synchronous = FULL', async () => {
    const app = site();
    const backup = await backupNow(app.services, 'manual');
    await restoreBackup(app.services, backup.fileName, '测试');
    expect(durabilityOf(app.services.sqlite)).toEqual(DURABLE);
  });

  it('a connection that cannot run WAL is refused with a typed STORAGE error', () => {
    const memory = new Database(':memory:');
    try {
      memory.pragma('synchronous = FULL');
      expect(() => requireDurable(memory)).toThrow(ApiError);
      expect(() => requireDurable(memory)).toThrow(/断电安全/);
    } finally {
      memory.close();
    }
  });
});

describe('connections opened anywhere else', () => {
  it('the report worker bundles no database code at all', async () => {
    const result = await build({
      entryPoints: [path.join(root, 'electron/node/report-worker.ts')],
      bundle: true, platform: 'node', format: 'cjs', write: false, metafile: true, logLevel: 'error', absWorkingDir: root,
      external: ['electron', 'better-sqlite3', 'koffi', 'serialport', '@serialport/*', 'pdfkit', 'exceljs', '@embedpdf/*'],
    });
    const inputs = Object.entries(result.metafile.inputs);
    expect(inputs.length).toBeGreaterThan(10);
    const databaseCode = inputs.filter(([file, input]) => file.startsWith('db/') || input.imports.some((i) => i.path === 'better-sqlite3'));
    expect(databaseCode.map(([file]) => file)).toEqual([]);
  });

  /** Sources that construct a better-sqlite3 connection, and why each may. */
  const allowed: Record<string, string> = {
    'db/open.ts': 'openDatabase: WAL, synchronous = FULL, read back by requireDurable',
    'electron/services/backups.ts': 'a backup checked read-only; a new backup turned to a rollback journal, and the copy a restore prepares, each fsynced before it is renamed into place',
    'electron/cli/bench.ts': 'the raw baselines of the benchmark (read-only, or synchronous = FULL like the app)',
    'electron/cli/bench-central.ts': 'the raw baseline of the central search (read-only)',
    'electron/cli/bench-labour.ts': 'the raw baselines of the labour rows (read-only, or synchronous = FULL like the app)',
    'electron/services/security/scrub-backups.ts': 'blanks, with secure_delete, the signing key older versions left in backups (one UPDATE, then closed)',
    'electron/services/security/audit-anchors.ts': 'reads the audit head of a backup it just made, for its manifest (read-only)',
  };

  it('only db/open.ts opens a writable connection; the others are read-only or named here with their reason', () => {
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const rel = path.posix.join(dir, entry.name);
        if (entry.isDirectory()) walk(rel);
        else if (/\.(ts|cjs|js)$/.test(entry.name)) sources.push(rel);
      }
    };
    walk('electron');
    walk('db');
    const opening = sources.filter((file) => /new Database\(/.test(fs.readFileSync(path.join(root, file), 'utf8')));
    expect(opening.length).toBeGreaterThan(0);
    expect(opening.filter((file) => !(file in allowed)), 'files that open a database connection without a reason here').toEqual([]);
    // Outside db/open.ts, each writable connection is one we know of: count them.
    const writable = (file: string) => fs.readFileSync(path.join(root, file), 'utf8').split('\n')
      .filter((line) => line.includes('new Database(') && !line.includes('readonly: true')).length;
    expect(Object.fromEntries(opening.filter((f) => f !== 'db/open.ts').map((f) => [f, writable(f)]))).toEqual({
      'electron/services/backups.ts': 2,
      'electron/cli/bench.ts': 1,
      'electron/cli/bench-central.ts': 0,
      'electron/cli/bench-labour.ts': 1,
      'electron/services/security/scrub-backups.ts': 1,
      'electron/services/security/audit-anchors.ts': 0,
    });
  });
});
