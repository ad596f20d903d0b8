// 上报 in Chromium against the stand-in platform (a real HTTP server in this process): the demo
// project plus a 参建单位 typed without its 负责人's phone. The first upload shows the platform's
// refusal of that unit with what to do and a link to it; the user adds the phone in 参建单位, and
// the next upload gets the unit onto the platform. The month's 工资支付台账 of a 劳务分包, locked
// (through the API: the ledgers have no screen yet), reaches the platform after its attendance.
import type { Page } from '@playwright/test';
import { test, expect, menuItem, signInAndEnter } from './fixtures';
import { PlatformStandIn } from '../../electron/cli/platform-standin';
import { completeCreditCode } from '../../electron/common/credit-code';
import { PNG_BYTES } from '../support/fixtures';

const SECRET = 'e2eSecret0123456789abcdefABCDEF0';
const UNIT = '上海浦江幕墙工程有限公司';

async function api<T>(page: Page, url: string, command: string, input: unknown): Promise<T> {
  const response = await page.request.post(`${url}/api/${command}`, { data: input, headers: { 'X-Siteoffice': '1' } });
  const body = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${command}: ${body.error?.message}`);
  return body.value as T;
}

/** This month's ledger of the demo's 劳务分包, 计件 quantities entered, taken to 锁定 by its 项目负责人. */
async function lockedLedgerOfMonth(page: Page, url: string): Promise<number> {
  const month = new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 7);
  await api(page, url, 'payroll.saveSettings', { accountBank: '中国工商银行上海市分行', accountNo: '1001234567890123456', accountName: '上海建工集团股份有限公司人工费专用账户' });
  const units = await api<{ id: string; participantType: string }[]>(page, url, 'participants.list', {});
  const { ledgers } = await api<{ ledgers: { id: string }[] }>(page, url, 'payroll.generate', { month, employerId: units.find((u) => u.participantType === '006')!.id });
  const ledgerId = ledgers[0]!.id;
  const detail = await api<{ rows: { id: string; payMethod: string | null }[] }>(page, url, 'payroll.ledger', { ledgerId });
  for (const row of detail.rows.filter((r) => r.payMethod === 'piece')) await api(page, url, 'payroll.updateRow', { rowId: row.id, quantity: '10' });
  await api(page, url, 'payroll.submit', { ledgerId });
  await api(page, url, 'payroll.confirm', { ledgerId, signedSheet: { fileName: '签字表.png', mime: 'image/png', dataBase64: PNG_BYTES.toString('base64') } });
  await api(page, url, 'payroll.approve', { ledgerId, note: '' });
  await api(page, url, 'payroll.lock', { ledgerId });
  return detail.rows.length;
}

test('上报: a failure shown with what to do, the record fixed, the next upload succeeds', async ({ page, seeded }) => {
  test.setTimeout(420_000);
  const platform = new PlatformStandIn({ apps: { 'e2e-app': SECRET }, processDelayMs: 10 });
  await platform.listen();
  try {
    await signInAndEnter(page, seeded);
    const wageRows = await lockedLedgerOfMonth(page, seeded.url);
    expect(wageRows).toBeGreaterThan(0);
    await menuItem(page, '进退场用工管理', '参建单位').click();
    await page.locator('[data-test=open-participant]').click();
    const pd = page.locator('[data-test=participant-dialog]');
    await pd.locator('input[name=participantName]').fill(UNIT);
    await pd.locator('input[name=creditCode]').fill(completeCreditCode('91310115MA1K7P3L5'));
    await pd.locator('[data-test=save-participant]').click();
    await expect(page.locator('[data-test=participants]')).toContainText(UNIT);

    await menuItem(page, '基本信息', '设置').click();
    const ps = page.locator('[data-test=platform-settings]');
    await ps.locator('input[name=platformEndpoint]').fill(platform.url);
    await ps.locator('input[name=platformAppid]').fill('e2e-app');
    await ps.locator('input[name=platformSecret]').fill(SECRET);
    await ps.locator('[data-test=save-platform-settings]').click();
    await expect(page.locator('.el-message', { hasText: '上报设置已保存' })).toBeVisible();

    await page.getByRole('menuitem', { name: '上报', exact: true }).click();
    await page.locator('[data-test=upload-now]').click();
    await expect(page.locator('[data-test=last-pass]')).toBeVisible({ timeout: 240_000 });
    const failure = page.locator('[data-test=failures] .el-table__row', { hasText: UNIT });
    await expect(failure).toContainText('参建单位项目负责人联系电话为空或格式不正确');
    await expect(failure).toContainText('国家平台');
    await expect(failure).toContainText('按平台的提示修改该记录');
    // 工资: the locked ledger's rows went after the attendance (a worker without 工资卡 would be listed above).
    await expect(page.locator('[data-test=kind-note-payroll]')).toHaveText('上报已锁定的工资支付台账;补发/更正按补发上报');
    const wages = page.locator('[data-test=kind-counts] .el-table__row', { hasText: '工资' });
    await expect(wages.locator('td').nth(3)).not.toHaveText('0');
    expect(platform.payrolls.length).toBeGreaterThan(0);
    expect(platform.payrolls.every((p) => p.isBackPay === 0)).toBe(true);
    await page.screenshot({ path: 'test-results/platform-failure.png', fullPage: true });

    await failure.locator('[data-test=failure-link]').click();
    const row = page.locator('[data-test=participants] .el-table__row', { hasText: UNIT });
    await row.getByRole('button', { name: '修改' }).click();
    const leader = pd.locator('.el-form-item', { hasText: '负责人:' }).first();
    await leader.getByPlaceholder('姓名').fill('何文斌');
    await leader.getByPlaceholder('联系电话').fill('13816620001');
    await pd.locator('[data-test=save-participant]').click();
    await expect(row).toContainText('13816620001');

    await page.getByRole('menuitem', { name: '上报', exact: true }).click();
    await page.locator('[data-test=upload-now]').click();
    await expect(page.locator('[data-test=failures]')).not.toContainText(UNIT, { timeout: 240_000 });
    await expect.poll(() => [...platform.corps.values()].some((c) => c.corpName === UNIT), { timeout: 60_000 }).toBe(true);
    await expect(page.locator('[data-test=last-pass]')).toBeVisible({ timeout: 240_000 });
    await page.screenshot({ path: 'test-results/platform-fixed.png', fullPage: true });
  } finally {
    await platform.close();
  }
});
