// 安全生产标准化现场 as a site office uses it, in Chromium: a month scored with two scaffold types and
// no crane (keyboard entry of a deduction, the 汇总表 recomputed as it is typed), the deduction opens
// a 隐患, the 现场操作用户 answers it with a photo, the first 复查 fails and the second passes (销项),
// and the assessment is signed through to 锁定.
import type { Locator, Page } from '@playwright/test';
import { test, expect, signInAndEnter, DEMO_USER, type Server } from './fixtures';
import { computeCheckCharacter } from '../../electron/common/idnumber';

const OPERATOR = { idNumber: `31010419800101123${computeCheckCharacter('31010419800101123')}`, name: '李玥', phone: '13911112222', password: 'op-pass-123' };
/** A real PNG (1×1): what a phone photo would be, as far as the checks go. */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

// A step that cannot happen fails in seconds, not at the end of the whole journey's time.
test.use({ actionTimeout: 15000 });

function shanghaiDate(offsetDays = 0): string {
  return new Date(Date.now() + 8 * 3600000 + offsetDays * 86400000).toISOString().slice(0, 10);
}

async function api<T>(page: Page, server: Server, command: string, input: unknown): Promise<T> {
  const response = await page.request.post(`${server.url}/api/${command}`, { data: input, headers: { 'X-Siteoffice': '1' } });
  const body = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${command}: ${body.error?.message}`);
  return body.value as T;
}

/** The input or textarea of a field: Element Plus puts data-test on it, or on a wrapper around it. */
function field(scope: Locator | Page, testId: string): Locator {
  return scope.locator(`input[data-test=${testId}], textarea[data-test=${testId}], [data-test=${testId}] input, [data-test=${testId}] textarea`).first();
}

async function fillDate(scope: Locator, testId: string, value: string): Promise<void> {
  const input = field(scope, testId);
  await input.fill(value);
  await input.press('Enter');
}

/** Types into a filterable select and takes the first match with Enter, as a keyboard user does. */
async function typeAndPick(page: Page, select: Locator, text: string): Promise<void> {
  await select.click();
  await page.keyboard.type(text);
  await expect(page.locator('.el-select-dropdown__item:visible', { hasText: text }).first()).toBeVisible();
  await page.keyboard.press('Enter');
}

async function switchUser(page: Page, server: Server, user: { idNumber: string; password: string }): Promise<void> {
  await page.getByRole('button', { name: '退出' }).click();
  await expect(page.getByText('建设工程现场用户统一登录')).toBeVisible();
  await signInAndEnter(page, server, user);
}

async function openRectification(page: Page): Promise<void> {
  await page.getByRole('menuitem', { name: '隐患排查治理台账' }).click();
  await page.locator('[data-test=hazards] [data-test=open-rectification]').first().click();
  await expect(page.locator('[data-test=history]')).toBeVisible();
}

test('score a month, open a 隐患 from a deduction, answer it with a photo, fail and pass 复查, lock the assessment', async ({ page, seeded }) => {
  test.slow();
  await signInAndEnter(page, seeded);
  await api(page, seeded, 'operators.create', { ...OPERATOR, realNamePermission: true });

  // ---- 检查评分: a month with 扣件式 and 悬挑式 scaffolds, no crane
  await page.getByText('安全生产标准化现场').click();
  await page.getByRole('menuitem', { name: '检查评分' }).click();
  await page.locator('[data-test=new-assessment]').click();
  const create = page.locator('[data-test=new-assessment-dialog]');
  await expect(create.locator('[data-test=table-B\\.1] input')).toBeChecked();
  await create.locator('[data-test=table-B\\.3]').click();
  await create.locator('[data-test=table-B\\.8]').click();
  await create.locator('[data-test=table-B\\.11]').click();
  await create.locator('[data-test=table-B\\.12]').click();
  await field(create, 'assessment-inspector').fill('项目安全部 王建国');
  await create.locator('[data-test=create-assessment]').click();
  await expect(page.locator('[data-test=assessment-state]')).toHaveText('草稿');
  await expect(page.locator('[data-test=sheet-tabs] .el-tabs__item')).toHaveCount(9);
  await expect(page.locator('[data-test=total]')).toHaveText('100.00');
  await expect(page.locator('[data-test=summary-reasons]')).toContainText('塔式起重机与起重吊装:本工地无此分项,缺项');
  await expect(page.locator('[data-test=summary-reasons]')).toContainText('物料提升机与施工升降机:本工地无此分项,缺项');

  // ---- a deduction by keyboard on 施工用电, the 汇总表 recomputing as it is typed
  await page.locator('[data-test=tab-B\\.14]').click();
  await typeAndPick(page, page.locator('[data-test=entry-item]'), '配电箱与开关箱');
  await typeAndPick(page, page.locator('[data-test=entry-line]'), '箱体未设门、锁');
  const quantity = field(page, 'entry-quantity');
  await quantity.fill('3');
  await quantity.press('Tab');
  await expect(page.locator('[data-test=entry-preview]')).toHaveText('输入中:本表将扣 6 分,得 94 分');
  // The 汇总表 moves before anything is saved: 施工用电 94 → A1 9.4.
  await expect(page.locator('[data-test=total]')).not.toHaveText('100.00');
  const preview = await page.locator('[data-test=total]').textContent();
  await field(page, 'entry-note').fill('3号楼二层分配电箱');
  await field(page, 'entry-note').press('Enter');
  await expect(page.locator('[data-test=deduction]')).toHaveCount(1);
  await expect(page.locator('[data-test=deduction]')).toContainText('− 6 箱体未设门、锁,未采取防雨措施,每处扣2分 · 3号楼二层分配电箱');
  await expect(page.locator('[data-test=total]')).toHaveText(preview!);
  await expect(page.locator('[data-test=grade]')).toHaveText('优良');
  await expect(page.locator('[data-test=sheet-reasons]')).toContainText('施工用电:得 94 分');
  await page.screenshot({ path: 'test-results/safety-scoring.png', fullPage: true });

  // ---- the deduction opens a 隐患 in one step
  await page.locator('[data-test=open-hazard]').click();
  const hazard = page.locator('[data-test=hazard-dialog]');
  await expect(field(hazard, 'hazard-location')).toHaveValue('3号楼二层分配电箱');
  await field(hazard, 'hazard-responsible').fill('上海申江机电 张工');
  await fillDate(hazard, 'hazard-deadline', shanghaiDate(2));
  await field(hazard, 'hazard-requirement').fill('加装箱门与锁,设防雨罩');
  await hazard.locator('[data-test=hazard-save]').click();
  await expect(page.locator('[data-test=deduction-hazard]')).toHaveText('隐患:待整改');
  const assessmentUrl = page.url();

  // ---- the 现场操作用户 answers it with a photo
  await switchUser(page, seeded, OPERATOR);
  await page.getByText('安全生产标准化现场').click();
  await openRectification(page);
  await expect(page.locator('[data-test=rectification-state]')).toHaveText('待整改');
  const reply = page.locator('[data-test=reply-form]');
  await field(reply, 'reply-measures').fill('已加装箱门与锁');
  await field(reply, 'reply-name').fill('张工');
  await reply.locator('[data-test=reply-photos]').setInputFiles({ name: '整改后.png', mimeType: 'image/png', buffer: PHOTO });
  await expect(reply).toContainText('整改后.png');
  await reply.locator('[data-test=reply-save]').click();
  await expect(page.locator('[data-test=rectification-state]')).toHaveText('待复查');
  await expect(page.locator('[data-test=history-file]')).toHaveText('整改后.png');

  // ---- the first 复查 (the 项目负责人, another person) fails
  await switchUser(page, seeded, DEMO_USER);
  await page.getByText('安全生产标准化现场').click();
  await openRectification(page);
  const review = page.locator('[data-test=review-form]');
  await review.getByText('不合格', { exact: true }).click();
  await field(review, 'review-opinion').fill('未设防雨罩');
  await fillDate(review, 'review-deadline', shanghaiDate(3));
  await review.locator('[data-test=review-save]').click();
  await expect(page.locator('[data-test=rectification-state]')).toHaveText('复查不合格,重新整改');
  await expect(page.locator('[data-test=rectification-mark]').first()).toContainText('复查不合格,第 2 次整改');
  await expect(page.locator('[data-test=rectification-deadline]')).toHaveText(shanghaiDate(3));

  // ---- answered again, the second 复查 passes: 销项
  await switchUser(page, seeded, OPERATOR);
  await page.getByText('安全生产标准化现场').click();
  await openRectification(page);
  await field(page, 'reply-measures').fill('已加装防雨罩');
  await field(page, 'reply-name').fill('张工');
  await page.locator('[data-test=reply-photos]').setInputFiles({ name: '防雨罩.png', mimeType: 'image/png', buffer: PHOTO });
  await page.locator('[data-test=reply-save]').click();
  await expect(page.locator('[data-test=rectification-state]')).toHaveText('待复查');
  await switchUser(page, seeded, DEMO_USER);
  await page.getByText('安全生产标准化现场').click();
  await openRectification(page);
  await field(page, 'review-opinion').fill('整改合格,同意销项');
  await page.locator('[data-test=review-save]').click();
  await expect(page.locator('[data-test=rectification-state]')).toHaveText('已销项');
  await expect(page.locator('[data-test=history] .el-timeline-item')).toHaveCount(6);
  await page.screenshot({ path: 'test-results/safety-rectification.png', fullPage: true });

  // ---- the assessment signed: 提交 → 监理审核 → 建设审核 → 锁定
  await page.goto(assessmentUrl);
  await page.locator('[data-test=tab-B\\.14]').click();
  await expect(page.locator('[data-test=deduction-hazard]')).toHaveText('隐患:已销项');
  const steps: [string, string | null][] = [['提交', null], ['监理审核', '赵总监'], ['建设审核', '钱建设'], ['锁定', null]];
  for (const [label, signer] of steps) {
    await page.locator('[data-test=sign]').click();
    const dialog = page.locator('[data-test=sign-dialog]');
    if (signer) await field(dialog, 'signer-name').fill(signer);
    await field(dialog, 'signer-opinion').fill('同意');
    await dialog.locator('[data-test=sign-confirm]').click();
    await expect(page.locator('.el-message', { hasText: `已${label}` }).last()).toBeVisible();
  }
  await expect(page.locator('[data-test=assessment-state]')).toHaveText('已锁定');
  await expect(page.locator('[data-test=deduction-entry]')).toHaveCount(0);
  await expect(page.locator('[data-test=sign]')).toHaveCount(0);
  await expect(page.locator('[data-test=signature]')).toHaveCount(4);
  await page.screenshot({ path: 'test-results/safety-locked.png', fullPage: true });

  // ---- the 安全概况 shows it with its grade
  await page.getByRole('menuitem', { name: '安全概况' }).click();
  await expect(page.locator('[data-test=overview-latest]')).toContainText('优良');
  await expect(page.locator('[data-test=grade-chart]')).toBeVisible();
  await page.screenshot({ path: 'test-results/safety-home.png', fullPage: true });
});
