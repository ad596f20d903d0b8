// Issue 5 as a new user would do it: choose the 模拟读卡器 in 设置 › 身份证阅读器, try it with
// 测试读卡, save, then press 读身份证 on the 进场预登记 form and in the 携带家属登记 dialog and
// see the person filled in (and an expired card flagged). Screenshots go to test-results/.
import { test, expect, signInAndEnter, pickOrigin } from './fixtures';
import { RESIDENT_ZHANG, RESIDENT_WANG, RESIDENT_LI, PERMIT_CHAN } from '../../electron/common/idcard';

test('choose the simulator in 设置, then 读身份证 fills 进场预登记 and 携带家属登记', async ({ page, seeded }) => {
  await signInAndEnter(page, seeded);

  // 设置 › 身份证阅读器: nothing chosen yet on a new site.
  await page.getByRole('menuitem', { name: '基本信息' }).click();
  await page.getByRole('menuitem', { name: '设置' }).click();
  const section = page.locator('[data-test=idcard-settings]');
  await expect(section.getByRole('heading', { name: '身份证阅读器' })).toBeVisible();
  await section.locator('[data-test=idcard-plugin]').click();
  for (const name of ['SDT 通用接口(sdtapi.dll)', 'SAM 模块串口', '本地读卡服务(HTTP)', '模拟读卡器']) {
    await expect(page.getByRole('option', { name: new RegExp(`^${name.replace(/[()]/g, '\\$&')}`) })).toBeVisible();
  }
  await page.getByRole('option', { name: /^模拟读卡器/ }).click();
  // Its settings form, generated from the plugin's description.
  await expect(section.locator('.el-form-item', { hasText: '模拟方式' })).toContainText('依次读出样例证件');
  await expect(section.locator('.el-form-item', { hasText: '读卡耗时(毫秒)' }).locator('input')).toHaveValue('400');

  await section.locator('[data-test=idcard-test]').click();
  const result = section.locator('[data-test=idcard-test-result]');
  await expect(result).toContainText('读卡成功(模拟读卡器');
  await expect(result).toContainText(RESIDENT_ZHANG.name);
  await expect(result).toContainText(RESIDENT_ZHANG.idNumber);
  await expect(result).toContainText('1024 字节(WLT 压缩格式');
  await section.locator('[data-test=idcard-save]').click();
  await expect(page.getByText('身份证阅读器已设为“模拟读卡器”')).toBeVisible();
  await expect(section).toContainText('当前使用');
  await section.screenshot({ path: 'test-results/idcard-settings.png' });

  // 进场预登记: 读身份证 fills the person from the next sample card.
  await page.getByRole('menuitem', { name: '进场预登记' }).click();
  await page.getByRole('button', { name: '进场预登记' }).click();
  await expect(page.locator('[data-test=read-id-card]')).toBeVisible();
  await expect(page.locator('input[name=idNumber]')).toHaveValue('');
  // Watched in the page, frame by frame, from the click to the number in the field: how long the
  // read took (the simulator holds it 400 ms), whether the page kept drawing frames meanwhile (a
  // blocked renderer draws none), whether the button said it was reading, and whether the fields
  // were filled after the reader's answer arrived. No upper bound in
  // milliseconds: on a busy machine the same code takes longer, and that is not a defect.
  const measured = page.evaluate(() => new Promise<{ ms: number; framesWhileReading: number; loadingSeen: boolean; framesAfterAnswer: number }>((resolve) => {
    const input = document.querySelector<HTMLInputElement>('input[name=idNumber]')!;
    const button = document.querySelector<HTMLElement>('[data-test=read-id-card]')!;
    let clickedAt = 0;
    let frames = 0;
    let answeredAtFrame = -1;
    let loadingSeen = false;
    const originalFetch = window.fetch;
    window.fetch = async (...args: Parameters<typeof fetch>) => {
      const response = await originalFetch(...args);
      if (String(args[0]).includes('idcard.read')) answeredAtFrame = frames;
      return response;
    };
    button.addEventListener('click', () => { clickedAt = performance.now(); }, { once: true, capture: true });
    const tick = () => {
      if (clickedAt) {
        frames += 1;
        if (button.classList.contains('is-loading')) loadingSeen = true;
      }
      if (clickedAt && input.value) {
        window.fetch = originalFetch;
        resolve({ ms: performance.now() - clickedAt, framesWhileReading: answeredAtFrame, loadingSeen, framesAfterAnswer: frames - answeredAtFrame });
      } else {
        requestAnimationFrame(tick);
      }
    };
    requestAnimationFrame(tick);
  }));
  await page.locator('[data-test=read-id-card]').click();
  const read = await measured;
  const filledInMs = Math.round(read.ms);
  await expect(page.locator('input[name=idNumber]')).toHaveValue(RESIDENT_WANG.idNumber);
  await expect(page.locator('input[name=name]')).toHaveValue(RESIDENT_WANG.name);
  const details = page.locator('[data-test=id-card-details]');
  for (const [label, value] of [
    ['性别', '男'], ['民族', '土家'], ['出生日期', '1958-11-03'], ['住址', RESIDENT_WANG.address],
    ['签发机关', RESIDENT_WANG.issuer], ['有效期', '2012-06-18 至 长期'],
  ] as const) {
    await expect(details.locator(`[data-field="${label}"]`)).toContainText(value);
  }
  await expect(details).toContainText('证件在有效期内');
  await expect(details).toContainText('已读取照片 1024 字节');
  // The simulator takes 400 ms to "read": no answer can come sooner.
  expect(filledInMs).toBeGreaterThanOrEqual(400);
  // The page kept drawing while the reader worked (a renderer blocked until the answer draws one
  // frame at most), and the button said it was reading.
  expect(read.framesWhileReading).toBeGreaterThanOrEqual(2);
  expect(read.loadingSeen).toBe(true);
  // The fields were filled from the reader's answer, after it arrived.
  expect(read.framesAfterAnswer).toBeGreaterThanOrEqual(1);
  test.info().annotations.push({ type: 'read-to-filled', description: `${filledInMs} ms, ${read.framesWhileReading} frames drawn while reading, filled ${read.framesAfterAnswer} frame(s) after the answer` });
  console.log(`读身份证: ${test.info().annotations.at(-1)!.description}`);

  // The next card is expired: flagged, and still filled in.
  await page.locator('[data-test=read-id-card]').click();
  await expect(page.locator('input[name=idNumber]')).toHaveValue(RESIDENT_LI.idNumber);
  await expect(page.locator('input[name=name]')).toHaveValue(RESIDENT_LI.name);
  await expect(details.locator('[data-test=id-card-expired]')).toHaveText('证件已过期');
  await expect(details.locator('[data-field="有效期"]')).toContainText('2014-05-20 至 2024-05-20');
  await page.locator('.page').screenshot({ path: 'test-results/idcard-pre-registration.png' });

  // The form takes the number read, like a typed one: pre-register 李玥.
  await pickOrigin(page, page.locator('.seed-form'), '四川省', '成都市');
  await page.locator('[data-test=employer]').click();
  await page.getByRole('option', { name: '上海浦江劳务有限公司', exact: true }).click();
  await expect(page.locator('input[data-test=employer-contract]')).toHaveValue('W2019010100012');
  await page.locator('input[name=phone]').fill('13912340000');
  await page.getByRole('button', { name: '添加' }).click();
  await expect(page.getByText(`${RESIDENT_LI.name} 已预登记`)).toBeVisible();

  // 携带家属登记: the same button in the dialog.
  const row = page.locator('[data-test=persons] .el-table__row', { hasText: RESIDENT_LI.name }).first();
  await row.getByRole('button', { name: '携带家属' }).click();
  await page.getByRole('button', { name: '携带家属登记' }).click();
  const dialog = page.locator('[data-test=family-dialog]');
  await dialog.locator('[data-test=read-id-card]').click();
  await expect(dialog.locator('input[name=familyIdNumber]')).toHaveValue(PERMIT_CHAN.idNumber);
  await expect(dialog.locator('input[name=familyName]')).toHaveValue(PERMIT_CHAN.name);
  const familyDetails = dialog.locator('[data-test=id-card-details]');
  await expect(familyDetails.locator('[data-field="证件类型"]')).toContainText('港澳台居民居住证');
  await expect(familyDetails.locator('[data-field="通行证号码"]')).toContainText('H12345678');
  await expect(familyDetails.locator('[data-test=id-card-expired]')).toBeVisible();
  await dialog.screenshot({ path: 'test-results/idcard-family.png' });
});

test('读身份证 before a reader is chosen says where to choose one', async ({ page, seeded }) => {
  await signInAndEnter(page, seeded);
  await page.getByRole('menuitem', { name: '进场预登记' }).click();
  await page.getByRole('button', { name: '进场预登记' }).click();
  await page.locator('[data-test=read-id-card]').click();
  await expect(page.locator('[data-test=id-card-error]')).toHaveText('尚未选择身份证阅读器:请项目负责人在 设置 › 身份证阅读器 中选择读卡方式');
  await expect(page.locator('input[name=idNumber]')).toHaveValue('');
});
