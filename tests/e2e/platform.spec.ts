// 上报 in Chromium against the stand-in platform (a real HTTP server in this process): the demo
// project plus a 参建单位 typed without its 负责人's phone. The first upload shows the platform's
// refusal of that unit with what to do and a link to it; the user adds the phone in 参建单位, and
// the next upload gets the unit onto the platform.
import { test, expect, menuItem, signInAndEnter } from './fixtures';
import { PlatformStandIn } from '../../electron/cli/platform-standin';
import { completeCreditCode } from '../../electron/common/credit-code';

const SECRET = 'e2eSecret0123456789abcdefABCDEF0';
const UNIT = '上海浦江幕墙工程有限公司';

test('上报: a failure shown with what to do, the record fixed, the next upload succeeds', async ({ page, seeded }) => {
  test.setTimeout(420_000);
  const platform = new PlatformStandIn({ apps: { 'e2e-app': SECRET }, processDelayMs: 10 });
  await platform.listen();
  try {
    await signInAndEnter(page, seeded);
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
    await expect(page.locator('[data-test=kind-counts]')).toContainText('工资台账接入后上报');
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
