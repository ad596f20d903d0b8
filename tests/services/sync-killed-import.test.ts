// An import killed half way: `siteoffice bundle import` runs in a child process and is killed with
// SIGKILL while its transaction is open (after it reported applying half the changes). The central
// store must be exactly as it was before, and the same bundle must then apply cleanly. Both central
// stores: the data folder's SQLite, and PostgreSQL (issue 20, Done when c: `--database`, on a
// private cluster), where the open transaction dies with the killed process's connection.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBundlePg } from '../../electron/services/sync/central-pg/apply';
import { trustRegistrationPg } from '../../electron/services/sync/central-pg/peers';
import { openCentralPg } from '../../electron/services/sync/central-pg/store';
import { pgDump, startPgCluster, type PgCluster } from '../support/pg-cluster';
import { openApp } from '../../electron/node/app';
import { snapshot, tempDir } from '../support/app';
import { validId } from '../support/fixtures';
import { initCentral } from '../../electron/services/sync/central';
import { exportBundle } from '../../electron/services/sync/export';
import { importBundle } from '../../electron/services/sync/apply';
import { registrationOf, trustRegistration } from '../../electron/services/sync/identity';
import { fillOutbox } from './sync-fill';
import { buildCli, cliEnv, root } from './sync-cli-build';

const CHANGES = 200_000;

let work: string;
let cli: string;
let cluster: PgCluster | undefined;

beforeAll(async () => {
  work = tempDir('siteoffice-killed-');
  cli = await buildCli(work);
  cluster = await startPgCluster();
}, 60000);

afterAll(() => {
  cluster?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

function centralDump(dir: string): string {
  const app = openApp(dir, { log: () => {} });
  try {
    return JSON.stringify(snapshot(app));
  } finally {
    app.close();
  }
}

const env = cliEnv;

/** PostgreSQL notices a killed client when its socket closes: wait until its backend has ended (and so rolled back). */
async function waitForBackendsGone(url: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (;;) {
      const r = await client.query<{ n: string }>("select count(*) as n from pg_stat_activity where application_name = 'siteoffice-central'");
      if (Number(r.rows[0]!.n) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await client.end();
  }
}

describe.each(['sqlite', 'postgres'] as const)('an import killed half way (%s)', (store) => {
  it('leaves the central store as it was, and the same bundle then applies cleanly', async () => {
    const folder = path.join(work, store);
    const siteDir = path.join(folder, 'site');
    const otherDir = path.join(folder, 'other');
    const centralDir = path.join(folder, 'central');
    const bundle = path.join(folder, 'big.sobundle');
    const small = path.join(folder, 'small.sobundle');
    const url = store === 'postgres' ? cluster!.url : null;
    const database = url ? ['--database', url] : [];

    // Setup: a big site, a small one, and a central store that already holds the small one's data.
    const site = openApp(siteDir, { log: () => {} });
    const other = openApp(otherDir, { log: () => {} });
    const central = openApp(centralDir, { log: () => {} });
    try {
      fillOutbox(site.services.sqlite, CHANGES, { contractNo: 'W2020030100001' });
      fillOutbox(other.services.sqlite, 50, { contractNo: 'W2020030100002' });
      initCentral(central.services, { idNumber: validId('31010119700101001'), name: '李监督', password: 'pw123456' });
      trustRegistration(site.services, registrationOf(central.services), '测试');
      trustRegistration(other.services, registrationOf(central.services), '测试');
      await exportBundle(site.services, { outPath: bundle, channel: 'cli' });
      await exportBundle(other.services, { outPath: small, channel: 'cli' });
      if (url) {
        const pg = await openCentralPg(url, registrationOf(central.services).installationId);
        try {
          await trustRegistrationPg(central.services, pg, registrationOf(site.services), '测试');
          await trustRegistrationPg(central.services, pg, registrationOf(other.services), '测试');
          expect((await importBundlePg(central.services, pg, small, { source: 'cli' })).status).toBe('applied');
        } finally {
          await pg.close();
        }
      } else {
        trustRegistration(central.services, registrationOf(site.services), '测试');
        trustRegistration(central.services, registrationOf(other.services), '测试');
        expect(importBundle(central.services, small, { source: 'cli' }).status).toBe('applied');
      }
    } finally {
      site.close();
      other.close();
      central.close();
    }
    const dumpAll = async () => `${centralDump(centralDir)}\n${url ? await pgDump(url) : ''}`;
    const before = await dumpAll();

    // The import, killed once it has applied half the bundle inside its transaction.
    const child = spawn(process.execPath, [cli, 'bundle', 'import', '--data-dir', centralDir, ...database, bundle], { cwd: root, env: env() });
    let stderr = '';
    const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; killedAt: string }>((resolve, reject) => {
      let killedAt = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        const progress = [...stderr.matchAll(/正在应用:(\d+)\/(\d+)/g)].at(-1);
        if (!killedAt && progress && Number(progress[1]) >= Number(progress[2]) / 2) {
          killedAt = progress[0];
          child.kill('SIGKILL');
        }
      });
      child.on('error', reject);
      child.on('exit', (code, signal) => resolve({ code, signal, killedAt }));
    });
    expect(outcome.signal, `the import finished before it could be killed: ${stderr}`).toBe('SIGKILL');
    expect(outcome.killedAt).toMatch(/正在应用:\d+\/200000/);
    // SQLite: the killed transaction's pages are in the write-ahead log, never committed.
    if (!url) expect(fs.existsSync(path.join(centralDir, 'siteoffice.sqlite-wal'))).toBe(true);

    // Nothing of the killed transaction is in the store (PostgreSQL ends the dead connection's transaction).
    if (url) await waitForBackendsGone(url);
    expect(await dumpAll()).toBe(before);

    // The same bundle, again, to its end.
    const again = spawnSync(process.execPath, [cli, 'bundle', 'import', '--data-dir', centralDir, ...database, bundle], { cwd: root, env: env(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(again.status, again.stderr).toBe(0);
    const ack = JSON.parse(again.stdout) as { lastSeq: number; status: string; applied: number };
    expect(ack).toMatchObject({ lastSeq: CHANGES, status: 'applied', applied: CHANGES });
    if (url) {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const count = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]!.n);
        expect(await count('select count(*) as n from health_checks')).toBe(CHANGES - 3 + 50 - 3);
        expect(await count('select count(*) as n from sync_applied_bundles')).toBe(2);
      } finally {
        await client.end();
      }
      return;
    }
    const app = openApp(centralDir, { log: () => {} });
    try {
      const count = (sql: string) => (app.services.sqlite.prepare(sql).get() as { n: number }).n;
      expect(count('select count(*) as n from health_checks')).toBe(CHANGES - 3 + 50 - 3);
      expect(count('select count(*) as n from sync_applied_bundles')).toBe(2);
    } finally {
      app.close();
    }
  }, 180000);
});
