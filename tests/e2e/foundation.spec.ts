// Issue 2 as a new user would do it, in Chromium against web mode: 初始化 (a bad 身份证号 first),
// 登录 (a wrong password first), 进入 the contract, 工地疫情防控信息 filled and 提交, a
// 复工检查表 uploaded, and a reload that still shows all of it.
import { test, expect, choose } from './fixtures';

// A 1×1 PNG, so the upload is checked by its real content.
const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

test('初始化, 登录, 进入, 工地疫情防控信息 提交 and 复工检查表 upload survive a reload', async ({ page, server }) => {
  await page.goto(server.url);
  await expect(page.getByText('初始化').first()).toBeVisible();

  // 项目信息
  await page.locator('input[name=contractNo]').fill('W2019010100011');
  await page.locator('input[name=buildNo]').fill('1902HK0001');
  await page.locator('input[name=projectName]').fill('测试4444');
  await page.locator('input[name=generalContractor]').fill('上海建工集团股份有限公司');
  await choose(page, '所在监督站', '黄浦区建设工程安全质量监督站');
  // 项目负责人, first with a wrong check character: refused, nothing created.
  await page.locator('input[name=idNumber]').fill('110105194912310021');
  await page.locator('input[name=name]').fill('王建国');
  await page.locator('input[name=phone]').fill('13800138000');
  await page.locator('input[name=password]').fill('pw123456');
  await page.locator('input[name=confirm]').fill('pw123456');
  await page.getByRole('button', { name: '初始化' }).click();
  await expect(page.locator('.el-form-item', { hasText: '身份证号' }).locator('.el-form-item__error')).toContainText('校验位错误');
  await page.reload();
  await expect(page.getByRole('button', { name: '初始化' })).toBeVisible();

  // The reload cleared the form: fill it again with a valid number.
  await page.locator('input[name=contractNo]').fill('W2019010100011');
  await page.locator('input[name=buildNo]').fill('1902HK0001');
  await page.locator('input[name=projectName]').fill('测试4444');
  await page.locator('input[name=generalContractor]').fill('上海建工集团股份有限公司');
  await choose(page, '所在监督站', '黄浦区建设工程安全质量监督站');
  await page.locator('input[name=idNumber]').fill('11010519491231002X');
  await page.locator('input[name=name]').fill('王建国');
  await page.locator('input[name=phone]').fill('13800138000');
  await page.locator('input[name=password]').fill('pw123456');
  await page.locator('input[name=confirm]').fill('pw123456');
  await page.getByRole('button', { name: '初始化' }).click();

  // The recovery code, shown once: 确定 only after saying it is written down.
  const dialog = page.locator('.el-dialog', { hasText: '恢复码只显示这一次' });
  // Two scrypt hashes (N = 2^17) first: on a loaded machine that can take a while.
  await expect(dialog.locator('[data-test=recovery-code]')).toHaveText(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/, { timeout: 30000 });
  await expect(dialog.locator('[data-test=recovery-code-done]')).toBeDisabled();
  await dialog.locator('[data-test=recovery-code-noted]').click();
  await dialog.locator('[data-test=recovery-code-done]').click();

  // 登录: a wrong password first.
  await expect(page.getByText('建设工程现场用户统一登录')).toBeVisible();
  await page.locator('input[name=idNumber]').fill('11010519491231002X');
  await page.locator('input[name=password]').fill('wrong-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.locator('[data-test=login-error]')).toContainText('身份证号或密码错误,还可尝试 4 次');
  await page.locator('input[name=password]').fill('pw123456');
  await page.getByRole('button', { name: '登录' }).click();

  // 合同 list, 进入.
  await expect(page.getByText('合同基本信息')).toBeVisible();
  const row = page.locator('.el-table__row', { hasText: 'W2019010100011' });
  await expect(row).toContainText('测试4444');
  await row.getByRole('button', { name: '进入' }).click();
  await expect(page.locator('[data-test=current-project]')).toHaveText('测试4444');
  await expect(page.getByText('切换项目')).toBeVisible();
  await expect(page.getByText('用户名称:王建国')).toBeVisible();

  // 进入 opens the today board; 工地疫情防控信息 is in the menu.
  await expect(page.getByRole('heading', { name: /今日概况/ })).toBeVisible();
  await page.getByRole('menuitem', { name: '工地疫情防控信息' }).click();

  // 工地疫情防控信息: upload is not possible before the first save.
  await expect(page.getByRole('heading', { name: '工地疫情防控信息' })).toBeVisible();
  await expect(page.locator('[data-test=upload]')).toBeDisabled();
  await expect(page.getByText('*请先保存工地疫情防控信息记录,再上传建筑工地复工检查表!')).toBeVisible();

  const team = page.locator('[data-test=team-row]');
  await team.nth(0).getByPlaceholder('姓名').fill('王建国');
  await team.nth(0).getByPlaceholder('职务(如 组长)').fill('组长');
  await team.nth(0).getByPlaceholder('联系电话').fill('13800138000');
  await page.getByRole('button', { name: '添加成员' }).click();
  await team.nth(1).getByPlaceholder('姓名').fill('李玥');
  await team.nth(1).getByPlaceholder('职务(如 组长)').fill('副组长');
  await team.nth(1).getByPlaceholder('联系电话').fill('021-63211234');
  await page.locator('input[name=hospitalName]').fill('上海市第九人民医院黄浦分院');
  await page.locator('input[name=hospitalAddress]').fill('上海市黄浦区制造局路639号');
  await page.locator('input[name=hospitalPhone]').fill('021-63138341');
  const supplies = page.locator('[data-test=supply-row]');
  await supplies.nth(0).getByPlaceholder('物资名称(如 医用口罩)').fill('医用口罩');
  await supplies.nth(0).locator('.el-input-number input').fill('2000');
  await supplies.nth(0).getByPlaceholder('单位').fill('只');
  await page.getByRole('button', { name: '添加物资' }).click();
  await supplies.nth(1).getByPlaceholder('物资名称(如 医用口罩)').fill('额温枪');
  await supplies.nth(1).locator('.el-input-number input').fill('6');
  await supplies.nth(1).getByPlaceholder('单位').fill('把');
  await page.locator('textarea[name=other]').fill('工地入口设测温点');
  await page.getByRole('button', { name: '提交' }).click();
  await expect(page.getByText('工地疫情防控信息已保存')).toBeVisible();

  // Now the 复工检查表 can be uploaded.
  await expect(page.locator('[data-test=upload]')).toBeEnabled();
  await page.locator('[data-test=upload-input]').setInputFiles({ name: '复工检查表.png', mimeType: 'image/png', buffer: PNG_1x1 });
  await expect(page.locator('[data-test=checklist-file]')).toContainText('复工检查表.png');

  // Everything is still there after a reload.
  await page.reload();
  await expect(page.locator('[data-test=team-row]')).toHaveCount(2);
  await expect(team.nth(1).getByPlaceholder('姓名')).toHaveValue('李玥');
  await expect(team.nth(1).getByPlaceholder('联系电话')).toHaveValue('021-63211234');
  await expect(page.locator('input[name=hospitalName]')).toHaveValue('上海市第九人民医院黄浦分院');
  await expect(supplies).toHaveCount(2);
  await expect(supplies.nth(0).locator('.el-input-number input')).toHaveValue('2000');
  await expect(supplies.nth(1).getByPlaceholder('物资名称(如 医用口罩)')).toHaveValue('额温枪');
  await expect(page.locator('textarea[name=other]')).toHaveValue('工地入口设测温点');
  await expect(page.locator('[data-test=checklist-file]')).toHaveCount(1);
  await expect(page.locator('[data-test=checklist-file]')).toContainText('复工检查表.png');
  await page.screenshot({ path: 'test-results/epidemic-info.png', fullPage: true });
});

test('a file that is not a jpg, png or pdf is refused with a message', async ({ page, seeded }) => {
  const { signInAndEnter } = await import('./fixtures');
  await signInAndEnter(page, seeded);
  await page.getByRole('menuitem', { name: '工地疫情防控信息' }).click();
  await expect(page.locator('[data-test=upload]')).toBeEnabled();
  await page.locator('[data-test=upload-input]').setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not really a picture') });
  await expect(page.getByText('文件内容不是有效的 jpg、png 或 pdf 文件')).toBeVisible();
  await expect(page.locator('[data-test=checklist-file]')).toHaveCount(0);
});

test('every menu of the seed\'s tree opens its page, and sign-out returns to 登录', async ({ page, seeded }) => {
  const { signInAndEnter } = await import('./fixtures');
  await signInAndEnter(page, seeded);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  for (const [menu, heading] of [
    ['工地疫情防控信息', '工地疫情防控信息'], ['进场预登记', '进场预登记'], ['作业人员', '进退场用工管理'],
    ['管理人员', '现场管理人员实名制'], ['参建单位', '参建单位'], ['班组', '班组'], ['班前签到', '班前签到'], ['月度考勤表', '月度考勤表'],
    ['考勤异常', '考勤异常'], ['补卡', '补卡'], ['考勤记录', '考勤记录'], ['设备管理', '设备管理'], ['现场操作用户', '现场操作用户'], ['今日概况', '今日概况'],
  ] as const) {
    await page.getByRole('menuitem', { name: menu, exact: true }).click();
    await expect(page.getByRole('heading', { name: new RegExp(`^${heading}`) })).toBeVisible();
  }
  expect(errors).toEqual([]);
  await page.getByRole('menuitem', { name: '项目信息' }).click();
  await expect(page.getByText('1902HK0001')).toBeVisible();
  await page.getByRole('button', { name: '退出' }).click();
  await expect(page.getByText('建设工程现场用户统一登录')).toBeVisible();
});
