// Issue 16, item 1 on the 同步 screen: after a backup is restored, the screen says what the restore
// means for sync (the new generation; what was delivered after the backup and is now only at the
// central system; what was never delivered), and how to fetch back what is at the central system.
// Importing the reference bundle the central system publishes for the site brings those records
// back, and the screen says how many. The data is made with the command line, as an office would.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, startServer, signInAndEnter, DEMO_USER } from './fixtures';
import { computeCheckCharacter } from '../../electron/common/idnumber';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'electron', 'cli', 'siteoffice.cjs');
const id = (first17: string) => first17 + computeCheckCharacter(first17);
const SUPERVISOR = { idNumber: id('31010119700101001'), password: 'pw123456', name: '李监督' };

function run(...args: string[]): string {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`siteoffice ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

test('the 同步 screen after a restore: what it means, and the records fetched back from the central system', async ({ page }) => {
  test.setTimeout(180000);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-e2e-restore-'));
  const site = path.join(work, 'site');
  const central = path.join(work, 'central');
  let n = 0;
  const round = () => {
    n++;
    run('bundle', 'export', '--data-dir', site, '--out', path.join(work, `b${n}.sobundle`));
    run('bundle', 'import', '--data-dir', central, path.join(work, `b${n}.sobundle`), '--ack-out', path.join(work, `a${n}.json`));
    run('bundle', 'ack', '--data-dir', site, path.join(work, `a${n}.json`));
  };
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    run('demo', '--data-dir', site, '--user', DEMO_USER.idNumber, '--password', DEMO_USER.password);
    run('central', 'init', '--data-dir', central, '--user', SUPERVISOR.idNumber, '--password', SUPERVISOR.password, '--name', SUPERVISOR.name);
    run('sync', 'register', '--data-dir', site, '--out', path.join(work, 'site.json'));
    run('sync', 'register', '--data-dir', central, '--out', path.join(work, 'central.json'));
    run('sync', 'trust', '--data-dir', central, path.join(work, 'site.json'));
    run('sync', 'trust', '--data-dir', site, path.join(work, 'central.json'));
    round();
    const backup = /已备份:(.+\.sqlite)/.exec(run('backup', 'create', '--data-dir', site))![1]!;
    const arrivals = /新到场预登记 5 人\((.+?)\)/.exec(run('demo', '--data-dir', site, '--user', DEMO_USER.idNumber, '--password', DEMO_USER.password))![1]!.split('、');
    round();
    run('backup', 'restore', '--data-dir', site, backup);
    const siteId = (JSON.parse(fs.readFileSync(path.join(work, 'site.json'), 'utf8')) as { installationId: string }).installationId;

    server = await startServer(site);
    await signInAndEnter(page, { url: server.url, dataDir: site });
    await page.goto(`${server.url}/#/p/sync`);
    const notice = page.locator('[data-test=sync-restore]');
    await expect(notice).toContainText('从备份');
    await expect(notice).toContainText('作为第 2 代');
    await expect(notice).toContainText('现在只保存在中心系统,不会因恢复而删除');
    await expect(notice).toContainText('请先导出同步包或推送一次');
    await page.screenshot({ path: 'test-results/sync-restore-notice.png', fullPage: true });

    // Nothing new was recorded, but the export tells the central system of the restore.
    const usb = path.join(work, 'usb');
    await page.locator('input[name=folder]').fill(usb);
    await page.locator('[data-test=export-bundle]').click();
    await expect(page.locator('[data-test=export-result]')).toContainText(usb);
    run('bundle', 'import', '--data-dir', central, usb);
    const ack = fs.readdirSync(usb).find((f) => f.endsWith('.ack.json'))!;
    await page.locator('[data-test=ack-file]').setInputFiles(path.join(usb, ack));
    await expect(notice).toContainText('请中心系统为本机发布参考数据');
    const reference = path.join(work, 'reference.sobundle');
    expect(run('central', 'publish', '--data-dir', central, '--site', siteId, '--out', reference)).toContain('已为工地');

    await page.locator('[data-test=reference-file]').setInputFiles(reference);
    await expect(page.locator('[data-test=reference-result]')).toContainText(/取回恢复备份前的记录 \d+ 条/);
    await expect(notice).toContainText(/已从中心系统取回 \d+ 条/);
    await page.screenshot({ path: 'test-results/sync-restore-fetched.png', fullPage: true });

    // The people recorded between the backup and the restore are on the site again.
    await page.goto(`${server.url}/#/p/epidemic/pre-registration`);
    const search = page.getByPlaceholder('姓名、身份证号或拼音首字母');
    for (const name of arrivals) {
      await search.fill(name);
      await expect(page.locator('.el-table__row', { hasText: name }).first()).toBeVisible();
    }
  } finally {
    if (server) {
      server.child.kill('SIGTERM');
      await new Promise((r) => server!.child.once('exit', r));
    }
    fs.rmSync(work, { recursive: true, force: true });
  }
});
