// Issue 16 as a site office would meet it, in Chromium against web mode: 修改密码, 重置密码 of an
// operator, 忘记密码 with the recovery code, 设置 (局域网访问, 恢复码, plugins listed with their
// SHA-256 and never run until enabled), 今日概况's 待同步, and a name no font can print.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, signInAndEnter, DEMO_USER } from './fixtures';
import { validId } from '../support/fixtures';

const shots = process.env.WRITE_SAMPLES ? path.resolve(__dirname, '..', '..', 'docs', 'samples') : null;
const shot = async (page: import('@playwright/test').Page, name: string) => {
  if (shots) await page.screenshot({ path: path.join(shots, name) });
};

test('修改密码 from the header: the old password no longer signs in', async ({ page, seeded }) => {
  await signInAndEnter(page, seeded);
  await page.locator('[data-test=change-password]').click();
  const dialog = page.locator('[data-test=change-password-dialog]');
  await dialog.locator('input[name=currentPassword]').fill('not-my-password');
  await dialog.locator('input[name=newPassword]').fill('new-pass-2020');
  await dialog.locator('input[name=confirm]').fill('new-pass-2020');
  await dialog.locator('[data-test=change-password-submit]').click();
  await expect(dialog.getByText('当前密码不正确')).toBeVisible();
  await dialog.locator('input[name=currentPassword]').fill(DEMO_USER.password);
  await shot(page, 'change-password.png');
  await dialog.locator('[data-test=change-password-submit]').click();
  await expect(page.getByText('密码已修改')).toBeVisible({ timeout: 30000 });
  await page.getByRole('button', { name: '退出' }).click();
  await page.locator('input[name=idNumber]').fill(DEMO_USER.idNumber);
  await page.locator('input[name=password]').fill(DEMO_USER.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.locator('[data-test=login-error]')).toContainText('身份证号或密码错误');
  await signInAndEnter(page, seeded, { ...DEMO_USER, password: 'new-pass-2020' });
});

test('忘记密码: the 项目负责人 sets a new password with the recovery code, and gets a new code', async ({ page, server }) => {
  // 初始化 over the API of this PC, as the first window would; the code it answers is the one written down.
  await page.goto(server.url);
  const answer = await page.evaluate(async () => {
    const r = await fetch('./api/setup.initialize', {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Siteoffice': '1' },
      body: JSON.stringify({
        project: { contractNo: 'W2019010100011', buildNo: '1902HK0001', name: '测试4444', generalContractor: '上海建工集团股份有限公司', contractorType: '施工企业', supervisionStation: '黄浦区建设工程安全质量监督站' },
        manager: { idNumber: '11010519491231002X', name: '王建国', phone: '13800138000', password: 'pw123456' },
      }),
    });
    return r.json() as Promise<{ value: { recoveryCode: string } }>;
  });
  await page.goto(server.url);
  await page.locator('[data-test=forgot-password]').click();
  await page.locator('input[name=idNumber]').fill(DEMO_USER.idNumber);
  await page.locator('input[name=recoveryCode]').fill('AAAAA-AAAAA-AAAAA-AAAAA');
  await page.locator('input[name=newPassword]').fill('remembered-1');
  await page.locator('input[name=confirm]').fill('remembered-1');
  await page.locator('[data-test=recover-submit]').click();
  await expect(page.getByText('恢复码不正确')).toBeVisible({ timeout: 30000 });
  await page.locator('input[name=recoveryCode]').fill(answer.value.recoveryCode);
  await page.locator('[data-test=recover-submit]').click();
  const dialog = page.locator('.el-dialog', { hasText: '恢复码只显示这一次' });
  await expect(dialog.locator('[data-test=recovery-code]')).toHaveText(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/, { timeout: 30000 });
  await expect(dialog.locator('[data-test=recovery-code]')).not.toHaveText(answer.value.recoveryCode);
  await shot(page, 'recovery-code.png');
  await dialog.locator('[data-test=recovery-code-noted]').click();
  await dialog.locator('[data-test=recovery-code-done]').click();
  await signInAndEnter(page, server, { ...DEMO_USER, password: 'remembered-1' });
});

test('设置 lists a dropped plugin with its SHA-256, not enabled; the board shows what waits to sync', async ({ page, seeded }) => {
  fs.mkdirSync(path.join(seeded.dataDir, 'plugins'), { recursive: true });
  // Dropped while the server runs: found when the reader service starts, on first use.
  fs.writeFileSync(path.join(seeded.dataDir, 'plugins', 'vendor.js'), "module.exports = { name: 'x', version: '1', open: async () => ({ ok: true }), read: async () => ({ ok: false, error: { code: 'NO_CARD', message: '无卡' } }), close: async () => {} };\n");
  await signInAndEnter(page, seeded);
  await expect(page.locator('[data-test=board-sync-waiting]')).toContainText('待同步');
  await expect(page.locator('[data-test=board-sync-waiting]')).toContainText('最早一条');
  await shot(page, 'board-sync-waiting.png');
  await page.getByRole('menuitem', { name: '设置' }).click();
  const row = page.locator('[data-test=idcard-plugins] .el-table__row', { hasText: 'vendor.js' });
  await expect(row).toContainText('未启用');
  await expect(row.locator('[data-test=plugin-sha256]')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(page.locator('[data-test=lan-access]')).toContainText('本机尚未开启局域网访问');
  await row.scrollIntoViewIfNeeded();
  await shot(page, 'plugins-not-enabled.png');
});

test('a name no font has is named before printing, and prints as □ only when the user goes on', async ({ page, seeded }) => {
  await signInAndEnter(page, seeded);
  // 王𪚥: the second character is in no font the app has.
  const idNumber = validId('11010519900101123');
  const created = await page.evaluate(async (idNumber) => {
    const post = (c: string, b: unknown) => fetch(`./api/${c}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Siteoffice': '1' }, body: JSON.stringify(b) }).then((r) => r.json());
    const employers = await post('employers.list', {}) as { value: { id: string }[] };
    return post('persons.create', { category: 'worker', idNumber, name: '王𪚥', origin: { provinceCode: '320000', cityCode: '320500' }, employerId: employers.value[0]!.id, phone: '13812345678', useHealthCloud: false });
  }, idNumber) as { ok: boolean };
  expect(created.ok).toBe(true);
  await page.getByRole('menuitem', { name: '进场预登记' }).click();
  await page.locator('[data-test=export-pdf]').click();
  const box = page.locator('.el-message-box', { hasText: '有字符无法打印' });
  await expect(box).toContainText('“𪚥”(U+2A6A5,见“王𪚥”)');
  await shot(page, 'missing-glyph.png');
  const download = page.waitForEvent('download');
  await box.getByRole('button', { name: '仍然打印(缺字处印为 □)' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.pdf$/);
});
