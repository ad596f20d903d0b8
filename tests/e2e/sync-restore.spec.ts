// Issue 16, item 1 on the 同步 screen: after a backup is restored, the screen says what the restore
// means for sync (the new generation; what was delivered after the backup and is now only at the
// central system; what was never delivered), and how to fetch back what is at the central system.
// Importing the reference bundle the central system publishes for the site brings those records
// back, and the screen says how many. The data is made with the command line, as an office would.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
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

/** `siteoffice serve --central` on a free port; resolves when it prints its address. */
function startCentral(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'serve', '--central', '--port', '0', '--data-dir', dataDir], { cwd: root });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (m) resolve({ child, url: m[0] });
    });
    child.on('exit', (code) => reject(new Error(`serve --central exited with ${code}`)));
  });
}

test('the 同步 screen after a restore: what it means, and the records fetched back from the central system', async ({ page, browser }) => {
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
  let centralServer: { child: ChildProcess; url: string } | undefined;
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
    // The 监督管理人员 publishes the site's reference bundle in 同步接收, choosing the site.
    const reference = path.join(work, 'reference.sobundle');
    centralServer = await startCentral(central);
    const s = await (await browser.newContext({ acceptDownloads: true })).newPage();
    await s.goto(centralServer.url);
    await s.locator('input[name=idNumber]').fill(SUPERVISOR.idNumber);
    await s.locator('input[name=password]').fill(SUPERVISOR.password);
    await s.getByRole('button', { name: '登录' }).click();
    await s.getByRole('tab', { name: '同步接收' }).click();
    await expect(s.locator('[data-test=publish]')).toBeDisabled();
    await s.locator('[data-test=publish-site]').click();
    await s.getByRole('option', { name: /测试4444/ }).click();
    const download = s.waitForEvent('download');
    await s.locator('[data-test=publish]').click();
    await (await download).saveAs(reference);
    await expect(s.getByText('已为“测试4444(W2019010100011)”发布参考数据包第 1 号')).toBeVisible();
    await s.screenshot({ path: 'test-results/sync-restore-publish.png', fullPage: true });
    expect(siteId).toBeTruthy();

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
    for (const running of [server, centralServer]) {
      if (!running) continue;
      running.child.kill('SIGTERM');
      await new Promise((r) => running.child.once('exit', r));
    }
    fs.rmSync(work, { recursive: true, force: true });
  }
});
