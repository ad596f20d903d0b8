// 备份与恢复 and recovery as a user meets them: a backup made now and restored after a change, and
// a damaged database that opens on the 数据恢复 screen and comes back from its start-up backup.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, signInAndEnter, startServer, runCli, DEMO_USER } from './fixtures';

test('立即备份, a change, then 恢复 brings the data back as it was', async ({ page, seeded }) => {
  await signInAndEnter(page, seeded);
  await page.getByRole('menuitem', { name: '备份与恢复' }).click();
  await page.locator('[data-test=backup-now]').click();
  const manual = page.locator('[data-test=backups] .el-table__row', { hasText: '手动' });
  await expect(manual).toHaveCount(1);

  // A change after the backup: a new 用人单位.
  await page.getByRole('menuitem', { name: '用人单位' }).click();
  await page.getByRole('button', { name: '添加用人单位' }).click();
  await page.locator('input[name=employerName]').fill('备份之后新增的单位');
  await page.locator('input[name=creditCode]').fill('91310000132228728T');
  await page.locator('input[name=employerContractNo]').fill('W2019010109999');
  await page.getByRole('dialog').getByRole('button', { name: '添加' }).click();
  await expect(page.locator('[data-test=employers]')).toContainText('备份之后新增的单位');

  await page.getByRole('menuitem', { name: '备份与恢复' }).click();
  await manual.getByRole('button', { name: '恢复' }).click();
  await page.getByRole('button', { name: '确定恢复' }).click();
  await expect(page.getByText('恢复完成')).toBeVisible();
  await page.getByRole('button', { name: '重新登录' }).click();
  await signInAndEnter(page, seeded);
  await page.getByRole('menuitem', { name: '用人单位' }).click();
  await expect(page.locator('[data-test=employers] .el-table__row')).toHaveCount(4);
  await expect(page.locator('[data-test=employers]')).not.toContainText('备份之后新增的单位');
});

test('a damaged database opens on 数据恢复, and its start-up backup brings it back', async ({ page }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-e2e-'));
  try {
    const demo = runCli(['demo', '--data-dir', dataDir, '--user', DEMO_USER.idNumber, '--password', DEMO_USER.password]);
    expect(demo.status).toBe(0);
    // The recovery code demo printed, as 初始化 showed it: restoring over a damaged database needs it.
    const recoveryCode = /恢复码[^:]*:([0-9A-Z-]+)/.exec(demo.stdout)?.[1];
    expect(recoveryCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    // The first start makes the day's backup.
    const first = await startServer(dataDir);
    await expect.poll(() => fs.existsSync(path.join(dataDir, 'backups')) && fs.readdirSync(path.join(dataDir, 'backups')).some((f) => f.endsWith('-daily.sqlite'))).toBe(true);
    first.child.kill('SIGTERM');
    await new Promise((r) => first.child.once('exit', r));

    const file = path.join(dataDir, 'siteoffice.sqlite');
    const bytes = fs.readFileSync(file);
    bytes.fill(0x41, 0, 100);
    fs.writeFileSync(file, bytes);
    for (const s of ['-wal', '-shm']) fs.rmSync(file + s, { force: true });

    const second = await startServer(dataDir);
    try {
      await page.goto(second.url);
      await expect(page.locator('[data-test=recovery-message]')).toContainText('数据库文件已损坏');
      await page.locator('input[name=recoveryCode]').fill(recoveryCode!);
      await page.locator('[data-test=recovery-backups]').getByRole('button', { name: '恢复' }).first().click();
      await page.getByRole('dialog').getByRole('button', { name: '恢复' }).click();
      await expect(page.getByText('恢复完成')).toBeVisible();
      await page.getByRole('button', { name: '登录' }).click();
      await signInAndEnter(page, { url: second.url, dataDir });
      await expect(page.locator('[data-test=current-project]')).toHaveText('测试4444');
      expect(fs.readdirSync(dataDir).some((f) => f.startsWith('siteoffice.sqlite.corrupt-'))).toBe(true);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
