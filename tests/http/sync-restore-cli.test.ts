// Issue 16, "Done when", from the command line only, each command a process of its own:
// `siteoffice demo`, `sync register` / `trust`, `bundle export` / `import` / `ack` and the backup
// commands. A site that restores an earlier backup and then records new people delivers every one
// of them to the central side; a central side restored from an earlier backup is complete again
// after each site's next bundle (refused for the gap with a signed acknowledgement, imported on the
// site, exported again from the number it names).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/app';
import { validId } from '../support/fixtures';
import { buildCli, cliEnv, root } from '../services/sync-cli-build';

const MANAGER = { idNumber: '11010519491231002X', password: 'pw123456' };
const SUPERVISOR = { idNumber: validId('31010119700101001'), password: 'pw123456', name: '李监督' };

let work: string;
let cli: string;

beforeAll(async () => {
  work = tempDir('siteoffice-restore-cli-');
  cli = await buildCli(work);
}, 60000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, env: cliEnv(), encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(...args: string[]): string {
  const r = run(...args);
  if (r.status !== 0) throw new Error(`siteoffice ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** The 身份证号 of every person in a data folder (read with the folder closed). */
function idNumbers(dataDir: string): string[] {
  const db = new Database(path.join(dataDir, 'siteoffice.sqlite'), { readonly: true });
  try {
    return db.prepare('select id_number from persons order by id_number').pluck().all() as string[];
  } finally {
    db.close();
  }
}

let n = 0;
/** One USB round: export on the site, import on the central side, the acknowledgement back. */
function round(site: string, central: string): void {
  const bundle = path.join(work, `round-${++n}.sobundle`);
  const ack = path.join(work, `round-${n}.ack.json`);
  ok('bundle', 'export', '--data-dir', site, '--out', bundle);
  ok('bundle', 'import', '--data-dir', central, bundle, '--ack-out', ack);
  ok('bundle', 'ack', '--data-dir', site, ack);
}

const backupFile = (stdout: string) => /已备份:(.+\.sqlite)/.exec(stdout)![1]!;

describe('restoring backups, from the command line only', () => {
  it('loses nothing when the site restores an earlier backup, nor when the central side does', () => {
    const site = path.join(work, 'site');
    const central = path.join(work, 'central');
    expect(ok('demo', '--data-dir', site, '--user', MANAGER.idNumber, '--password', MANAGER.password)).toContain('演示数据已写入');
    ok('central', 'init', '--data-dir', central, '--user', SUPERVISOR.idNumber, '--password', SUPERVISOR.password, '--name', SUPERVISOR.name);
    const siteReg = path.join(work, 'site.registration.json');
    const centralReg = path.join(work, 'central.registration.json');
    ok('sync', 'register', '--data-dir', site, '--out', siteReg);
    ok('sync', 'register', '--data-dir', central, '--out', centralReg);
    ok('sync', 'trust', '--data-dir', central, siteReg);
    ok('sync', 'trust', '--data-dir', site, centralReg);
    round(site, central);
    expect(idNumbers(central)).toEqual(idNumbers(site));

    // ---- the site restores an earlier backup ----
    const siteBackup = backupFile(ok('backup', 'create', '--data-dir', site));
    expect(ok('demo', '--data-dir', site, '--user', MANAGER.idNumber, '--password', MANAGER.password)).toMatch(/^演示数据:新到场预登记 5 人/);
    round(site, central);
    const afterBackup = idNumbers(site);
    expect(idNumbers(central)).toEqual(afterBackup);
    const restored = ok('backup', 'restore', '--data-dir', site, siteBackup);
    expect(restored).toContain('已恢复备份');
    expect(restored).toMatch(/此后本机记录的变更作为第 2 代,从第 \d+ 条起同步/);
    expect(restored).toContain('已在中心系统,仍保存在那里');
    const lostOnSite = afterBackup.filter((id) => !idNumbers(site).includes(id));
    expect(lostOnSite).toHaveLength(5);
    ok('demo', '--data-dir', site, '--user', MANAGER.idNumber, '--password', MANAGER.password);
    const recordedAfterRestore = idNumbers(site).filter((id) => !afterBackup.includes(id));
    expect(recordedAfterRestore).toHaveLength(5);
    round(site, central);
    // Every one of them reached the central side, and those only the central side has are still there.
    expect(idNumbers(central)).toEqual([...idNumbers(site), ...lostOnSite].sort());

    // ---- the central side restores an earlier backup ----
    const centralBackup = backupFile(ok('backup', 'create', '--data-dir', central));
    ok('demo', '--data-dir', site, '--user', MANAGER.idNumber, '--password', MANAGER.password);
    round(site, central);
    const beforeCentralRestore = idNumbers(central);
    const restoredCentral = ok('backup', 'restore', '--data-dir', central, centralBackup);
    expect(restoredCentral).toContain('中心系统回到了备份时的状态');
    expect(idNumbers(central).length).toBe(beforeCentralRestore.length - 5);
    ok('demo', '--data-dir', site, '--user', MANAGER.idNumber, '--password', MANAGER.password);

    // The site's next bundle: refused for the gap, with the signed acknowledgement of what is held.
    const next = path.join(work, 'next.sobundle');
    const gapAck = path.join(work, 'gap.ack.json');
    ok('bundle', 'export', '--data-dir', site, '--out', next);
    const refused = run('bundle', 'import', '--data-dir', central, next, '--ack-out', gapAck);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/错误:同步包不连续:中心系统已收到该工地第 \d+ 条为止的变更/);
    expect(JSON.parse(fs.readFileSync(gapAck, 'utf8'))).toMatchObject({ format: 'siteoffice-ack', status: 'gap' });
    const rewound = ok('bundle', 'ack', '--data-dir', site, gapAck);
    expect(rewound).toMatch(/中心系统只收到第 (\d+) 条为止的变更.*请用 bundle export 从第 \d+ 条起重新导出/);
    round(site, central);
    expect(idNumbers(central)).toEqual([...idNumbers(site), ...lostOnSite].sort());
    // Nothing is waiting any more.
    const none = run('bundle', 'export', '--data-dir', site, '--out', path.join(work, 'none.sobundle'));
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('没有待同步的记录');
  }, 240000);

  it('backup create and restore say what is wrong in Chinese, with a non-zero exit', () => {
    const dir = path.join(work, 'empty');
    const missing = run('backup', 'restore', '--data-dir', dir, path.join(work, 'no-such.sqlite'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('找不到备份文件');
    const notABackup = path.join(work, 'not-a-backup.sqlite');
    fs.writeFileSync(notABackup, 'not a database'.repeat(100));
    const corrupt = run('backup', 'restore', '--data-dir', dir, notABackup);
    expect(corrupt.status).toBe(1);
    expect(corrupt.stderr).toContain('不能用于恢复');
    const usage = run('backup', 'create');
    expect(usage.status).toBe(1);
    expect(usage.stderr).toContain('缺少参数 --data-dir');
    expect(usage.stderr).toContain('siteoffice backup restore --data-dir <数据文件夹> <备份文件>');
  });
});
