// 建材管理 → 质量标准化 → 监理报告 as the three parties use them, in Chromium, each in a browser of
// their own (the 施工单位's office PC, the 监理's laptop over the LAN): a batch of rebar is received
// by the 施工单位 and approved by the 专业监理工程师, sampled in front of him as 见证人, and its report
// entered as 不合格; the 检验批 that used it is blocked and says why; the batch goes back (退场), a
// second batch passes, and the 检验批, its 分项 and its 分部 are signed in turn by the positions
// GB 50300 names; the 总监 drafts the 监理月报 and finds those figures in it, signs it, and a 施工
// account that tries to sign is refused.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from '@playwright/test';
import { test, expect, signInAndEnter, DEMO_USER, type Server } from './fixtures';
import { computeCheckCharacter } from '../../electron/common/idnumber';

const withCheck = (first17: string) => first17 + computeCheckCharacter(first17);
const FOREMAN = { idNumber: withCheck('31010119860202022'), name: '李工长', phone: '13911112222', password: 'foreman-pass-1' };
const ENGINEER = { idNumber: withCheck('31010419750202052'), name: '刘监理', phone: '13922223333', password: 'engineer-pass-1' };
const CHIEF = { idNumber: withCheck('31010419700101041'), name: '陈总监', phone: '13933334444', password: 'chief-pass-12' };
/** A minimal real PDF: what a lab's report or a scanned 授权书 is, as far as the checks go. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');
const shots = path.join(__dirname, '..', '..', 'test-results', 'quality-screens');

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

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

/** A browser of one's own, signed in and inside the demo project. */
async function signedIn(browser: Browser, server: Server, user: { idNumber: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 860 } });
  const page = await context.newPage();
  await signInAndEnter(page, server, user);
  return page;
}

/** A menu item inside the sub-menu titled `group`, opening the sub-menu first if it is closed. */
async function menu(page: Page, group: string, item: string): Promise<void> {
  const sub = page.locator('.el-sub-menu', { has: page.locator('.el-sub-menu__title', { hasText: group }) });
  const entry = sub.getByRole('menuitem', { name: item, exact: true });
  if (!(await entry.isVisible())) await sub.locator('.el-sub-menu__title').click();
  await entry.click();
}

async function pickOption(page: Page, select: Locator, option: string | RegExp): Promise<void> {
  await select.click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

/** 进场登记 of a rebar batch by the 施工单位; ends on the batch's page. */
async function receiveBatch(page: Page, batchNo: string): Promise<void> {
  await menu(page, '建材管理', '材料进场验收');
  await page.locator('[data-test=new-batch]').click();
  const dialog = page.getByRole('dialog', { name: '材料进场登记' });
  await field(dialog, 'batch-delivery').fill(`SH-${batchNo}`);
  await field(dialog, 'batch-name').fill('热轧带肋钢筋');
  await field(dialog, 'batch-spec').fill('HRB400E Φ25');
  await field(dialog, 'batch-grade').fill('HRB400E');
  await field(dialog, 'batch-quantity').fill('45');
  await field(dialog, 'batch-no').fill(batchNo);
  await field(dialog, 'batch-manufacturer').fill('宝山钢铁股份有限公司');
  await field(dialog, 'batch-supplier').fill('上海钢材贸易有限公司');
  await dialog.locator('[data-test=batch-save]').click();
  await expect(page.locator('.page-title')).toContainText(`批号 ${batchNo}`);
  await expect(page.locator('[data-test=batch-usable]')).toHaveText('不可使用');
  await expect(page.locator('[data-test=batch-reason]').first()).toHaveText('未经监理审批(工程材料报审)');
}

async function openBatch(page: Page, batchNo: string): Promise<void> {
  await menu(page, '建材管理', '材料进场验收');
  await page.locator('[data-test=batches] .el-table__row', { hasText: batchNo }).locator('[data-test=open-batch]').click();
  await expect(page.locator('.page-title')).toContainText(`批号 ${batchNo}`);
}

/** The 专业监理工程师 signs the 工程材料报审 (同意使用). */
async function approveBatch(page: Page, batchNo: string): Promise<void> {
  await openBatch(page, batchNo);
  await field(page, 'approve-opinion').fill('资料齐全,外观合格,同意进场使用');
  await page.locator('[data-test=approve]').click();
  await expect(page.locator('[data-test=batch-reason]').first()).toHaveText('见证取样检测报告未出');
}

/** 取样 by the 取样人 (the 项目负责人 here) with the 专业监理工程师 named as 见证人. */
async function takeSample(page: Page, n: number): Promise<void> {
  await page.locator('[data-test=new-sample]').click();
  const dialog = page.getByRole('dialog', { name: '见证取样' });
  await field(dialog, 'sample-no').fill(`GJ-${n}`);
  await field(dialog, 'sample-building').fill('1号楼');
  await field(dialog, 'sample-storey').fill('3层');
  await field(dialog, 'sample-seal').fill(`FY-${n}`);
  await field(dialog, 'sample-commission').fill(`WT-${n}`);
  await field(dialog, 'sample-lab').fill('上海市建设工程检测中心');
  await expect(dialog.locator('[data-test=sample-witness]')).toContainText(ENGINEER.name);
  await dialog.locator('[data-test=sample-save]').click();
  await expect(page.locator('[data-test=samples] .el-table__row', { hasText: `GJ-${n}` })).toContainText(ENGINEER.name);
}

async function enterReport(page: Page, n: number, passed: boolean): Promise<void> {
  await page.locator('[data-test=samples] .el-table__row', { hasText: `GJ-${n}` }).locator('[data-test=new-report]').click();
  const dialog = page.getByRole('dialog', { name: '录入检测报告' });
  await field(dialog, 'report-no').fill(`BG-${n}`);
  await field(dialog, 'report-cma').fill('2019000001');
  await field(dialog, 'result-parameter').fill('屈服强度');
  await field(dialog, 'result-value').fill(passed ? '445MPa' : '385MPa');
  if (!passed) {
    await dialog.locator('[data-test=result-passed]').click();
    await dialog.locator('[data-test=report-conclusion]').getByText('不合格').click();
  }
  await dialog.locator('[data-test=report-pdf]').setInputFiles({ name: `检测报告${n}.pdf`, mimeType: 'application/pdf', buffer: Buffer.concat([PDF, Buffer.from(`%${n}\n`)]) });
  await dialog.locator('[data-test=report-save]').click();
  await expect(page.locator('[data-test=report]', { hasText: `BG-${n}` })).toContainText(passed ? '合格' : '不合格');
}

async function openLot(page: Page): Promise<void> {
  await menu(page, '质量标准化', '检验批划分与验收');
  await page.locator('[data-test=open-lot]').first().click();
  await expect(page.locator('[data-test=lot-state]')).toBeVisible();
}

/** The signatures of the lot's record (the 划分's approval is listed above it). */
const lotSignatures = (page: Page) => page.locator('.el-card', { hasText: '检验批质量验收记录' }).locator('[data-test=signature]');

async function signLot(page: Page, opinion: string): Promise<void> {
  await field(page, 'sign-opinion').fill(opinion);
  await page.locator('[data-test=sign-record]').click();
}

test('a failed batch blocks its 检验批; a passed one lets the 检验批, 分项 and 分部 be accepted in turn; the 总监 signs the 监理月报 and a 施工 account cannot', async ({ page, browser, seeded }) => {
  test.slow();
  const today = shanghaiDate();
  const firstOfLastMonth = `${shanghaiDate(-40).slice(0, 7)}-01`;
  const thisMonth = today.slice(0, 7);

  // ---- 参建各方 by the 项目负责人: the parties, the 监理's accounts, who signs in which position
  await signInAndEnter(page, seeded);
  const site = page;
  await site.getByRole('menuitem', { name: '参建各方' }).click();
  await field(site, 'owner-name').fill('上海城投置业有限公司');
  await field(site, 'supervisor-name').fill('上海建科工程咨询有限公司');
  const filedOn = site.locator('.el-form-item', { hasText: '质量安全报监日期' }).locator('input');
  await filedOn.fill(firstOfLastMonth);
  await filedOn.press('Enter');
  await site.locator('[data-test=save-profile]').click();
  await expect(site.getByText('已保存')).toBeVisible();
  // A 监理 account opened from the screen; a wrong form is answered in Chinese and opens nothing.
  await site.locator('[data-test=new-party-account]').click();
  const accountDialog = site.getByRole('dialog', { name: '开设监理或建设单位账号' });
  await pickOption(site, accountDialog.locator('[data-test=account-role]'), '专业监理工程师');
  await field(accountDialog, 'account-id').fill('310104197502020521');
  await field(accountDialog, 'account-phone').fill('1392222');
  await accountDialog.locator('[data-test=account-save]').click();
  await expect(accountDialog.locator('.el-form-item', { hasText: '姓名' }).locator('.el-form-item__error')).toHaveText('请输入姓名');
  await expect(accountDialog.locator('.el-form-item', { hasText: '初始密码' }).locator('.el-form-item__error')).toHaveText('密码至少8位');
  await expect(accountDialog.locator('.el-form-item', { hasText: '身份证号' }).locator('.el-form-item__error')).toContainText('身份证');
  await expect(accountDialog.locator('.el-form-item', { hasText: '手机号' }).locator('.el-form-item__error')).not.toBeEmpty();
  await expect(site.locator('[data-test=party-accounts] .el-table__row')).toHaveCount(0);
  await field(accountDialog, 'account-id').fill(ENGINEER.idNumber);
  await field(accountDialog, 'account-name').fill(ENGINEER.name);
  await field(accountDialog, 'account-phone').fill(ENGINEER.phone);
  await field(accountDialog, 'account-password').fill(ENGINEER.password);
  await accountDialog.locator('[data-test=account-save]').click();
  await expect(site.locator('[data-test=party-accounts] .el-table__row', { hasText: ENGINEER.name })).toContainText('专业监理工程师');
  // The rest of the setting up through the same commands the screen calls.
  const chief = await api<{ id: string }>(site, seeded, 'parties.createAccount', { role: 'chief_supervisor', ...CHIEF });
  const foreman = await api<{ id: string }>(site, seeded, 'operators.create', { ...FOREMAN, realNamePermission: true });
  const me = (await api<{ user: { id: string } }>(site, seeded, 'auth.me', {})).user.id;
  const engineerId = (await api<{ accounts: { id: string; name: string }[] }>(site, seeded, 'parties.view', {})).accounts.find((a) => a.name === ENGINEER.name)!.id;
  const appoint = (input: Record<string, unknown>) => api(site, seeded, 'parties.appoint', { validFrom: firstOfLastMonth, ...input });
  await appoint({ position: 'quality_inspector', userId: me });
  await appoint({ position: 'specialty_technical_lead', userId: me });
  await appoint({ position: 'sampler', userId: me });
  await appoint({ position: 'foreman', userId: foreman.id });
  await appoint({ position: 'technical_lead', userId: foreman.id });
  await appoint({ position: 'design_lead', external: { name: '吴设计', organization: '华东建筑设计研究院', phone: '021-60000002' } });
  // The 见证人 with the 授权书 on file, from the screen.
  await site.locator('[data-test=new-appointment]').click();
  const appointDialog = site.getByRole('dialog', { name: '任命签字岗位' });
  await pickOption(site, appointDialog.locator('[data-test=appoint-position]'), /^见证人$/);
  await pickOption(site, appointDialog.locator('[data-test=appoint-user]'), ENGINEER.name);
  await appointDialog.locator('[data-test=appoint-save]').click();
  await expect(appointDialog.locator('.el-form-item', { hasText: '授权书' }).locator('.el-form-item__error')).not.toBeEmpty();
  await appointDialog.locator('[data-test=appoint-authorization]').setInputFiles({ name: '见证人授权书.pdf', mimeType: 'application/pdf', buffer: PDF });
  await appointDialog.locator('[data-test=appoint-save]').click();
  await expect(site.locator('[data-test=appointments] .el-table__row', { hasText: '见证人' })).toContainText('见证人授权书.pdf');
  expect(chief.id).not.toBe(engineerId);
  await shot(site, '01-parties');

  const engineer = await signedIn(browser, seeded, ENGINEER);
  await expect(engineer.locator('[data-test=current-role]')).toHaveText('专业监理工程师');
  // The 监理's account sees the site modules only.
  await expect(engineer.getByText('实名制管理')).toHaveCount(0);

  // ---- the first batch: received, approved, sampled with the witness, tested 不合格
  await receiveBatch(site, '20A1001');
  await approveBatch(engineer, '20A1001');
  await openBatch(site, '20A1001');
  await takeSample(site, 1);
  await expect(site.locator('[data-test=witness-sign]')).toHaveCount(0);
  await engineer.reload();
  await engineer.locator('[data-test=witness-sign]').click();
  await expect(engineer.locator('[data-test=samples] .el-table__row', { hasText: 'GJ-1' })).toContainText(`${ENGINEER.name} 已签`);
  await site.reload();
  await enterReport(site, 1, false);
  await expect(site.locator('[data-test=batch-reason]').first()).toHaveText('检测不合格(报告 BG-1),不合格处置未完成');
  await expect(site.locator('[data-test=disposition]')).toContainText('待处置');

  // ---- the 检验批 划分: proposed by the 施工单位, approved by the 监理
  await menu(site, '质量标准化', '检验批划分与验收');
  await field(site, 'unit-name').fill('1号楼');
  await site.locator('[data-test=add-unit]').click();
  await expect(site.locator('[data-test=unit-select]')).toContainText('1号楼');
  await site.locator('[data-test=new-lot]').click();
  const lotDialog = site.getByRole('dialog', { name: '划分检验批' });
  await lotDialog.locator('.el-cascader').click();
  await site.getByRole('menuitem', { name: '主体结构', exact: true }).click();
  await site.getByRole('menuitem', { name: '混凝土结构', exact: true }).click();
  await site.locator('.el-cascader-node:visible', { hasText: '钢筋(须隐蔽验收)' }).click();
  await field(lotDialog, 'lot-name').fill('3层柱钢筋安装');
  await field(lotDialog, 'lot-part').fill('3层 1~8/A~D轴');
  await field(lotDialog, 'lot-capacity').fill('5');
  await lotDialog.locator('[data-test=lot-save]').click();
  await expect(site.locator('[data-test=lot-status]')).toHaveText('划分待监理批准');
  await menu(engineer, '质量标准化', '检验批划分与验收');
  await engineer.locator('[data-test=approve-plan]').click();
  await expect(engineer.locator('[data-test=lot-status]')).not.toHaveText('划分待监理批准');

  // ---- the lot used the failed batch: its record is kept, but it is blocked, and says why
  await openLot(site);
  await pickOption(site, site.locator('[data-test=lot-batches]'), '批号20A1001');
  await site.keyboard.press('Escape');
  await site.locator('[data-test=save-materials]').click();
  await expect(site.locator('[data-test=lot-materials]')).toContainText('检测不合格(报告 BG-1),不合格处置未完成');
  await site.locator('[data-test=use-template]', { hasText: '钢筋安装' }).click();
  const rows = site.locator('[data-test=item-editor] .el-table__body-wrapper .el-table__row');
  const count = await rows.count();
  for (let i = 0; i < count; i++) {
    await field(rows.nth(i), 'item-sampled').fill('5');
    await field(rows.nth(i), 'item-qualified').fill(i === count - 1 ? '4' : '5');
  }
  await site.locator('[data-test=save-record]').click();
  await expect(site.locator('[data-test=lot-blocker]')).toHaveText(['隐蔽工程验收未完成', '所用材料 热轧带肋钢筋 HRB400E Φ25 批号20A1001:检测不合格(报告 BG-1),不合格处置未完成']);
  await openLot(engineer);
  await expect(engineer.locator('[data-test=lot-state]')).toHaveText('检查记录填写中');
  await expect(engineer.locator('[data-test=lot-blocker]')).toContainText(['隐蔽工程验收未完成', '所用材料 热轧带肋钢筋 HRB400E Φ25 批号20A1001:检测不合格(报告 BG-1),不合格处置未完成']);
  await shot(engineer, '02-lot-blocked');

  // ---- the failed batch goes back (退场, confirmed by the 监理); the lot takes the second batch
  await openBatch(site, '20A1001');
  await site.locator('[data-test=decide]').click();
  const decideDialog = site.getByRole('dialog', { name: '不合格材料处置' });
  await pickOption(site, decideDialog.locator('[data-test=decide-method]'), /^退场$/);
  await field(decideDialog, 'decide-description').fill('屈服强度不合格,整批退场');
  await field(decideDialog, 'decide-return-note').fill('TH-20A1001');
  await decideDialog.locator('[data-test=decide-save]').click();
  await expect(site.locator('[data-test=disposition]')).toContainText('已提出处置,待监理确认');
  await openBatch(engineer, '20A1001');
  await engineer.locator('[data-test=close-disposition]').click();
  await expect(engineer.locator('[data-test=disposition]')).toContainText('已退场');
  await expect(engineer.locator('[data-test=batch-reason]').first()).toHaveText('检测不合格(报告 BG-1),已退场');

  await receiveBatch(site, '20A1002');
  await approveBatch(engineer, '20A1002');
  await openBatch(site, '20A1002');
  await takeSample(site, 2);
  await engineer.reload();
  await engineer.locator('[data-test=witness-sign]').click();
  await expect(engineer.locator('[data-test=samples] .el-table__row', { hasText: 'GJ-2' })).toContainText(`${ENGINEER.name} 已签`);
  await site.reload();
  await enterReport(site, 2, true);
  await expect(site.locator('[data-test=batch-usable]')).toHaveText('可以使用');

  await openLot(site);
  await site.locator('[data-test=lot-batches] .el-tag__close').first().click();
  await pickOption(site, site.locator('[data-test=lot-batches]'), '批号20A1002');
  await site.keyboard.press('Escape');
  await site.locator('[data-test=save-materials]').click();
  await expect(site.locator('[data-test=lot-materials] .el-table__row')).toHaveCount(1);
  await expect(site.locator('[data-test=lot-materials]')).toContainText('可以使用');
  await expect(site.locator('[data-test=lot-blocker]')).toHaveText(['隐蔽工程验收未完成']);

  // ---- 隐蔽工程验收: the 质量检查员, then the 专业监理工程师
  await menu(site, '质量标准化', '隐蔽工程验收');
  await site.locator('[data-test=new-concealed]').click();
  const concealedDialog = site.getByRole('dialog', { name: '隐蔽工程验收' });
  await pickOption(site, concealedDialog.locator('[data-test=concealed-lots]'), '3层柱钢筋安装');
  await site.keyboard.press('Escape');
  await field(concealedDialog, 'concealed-part').fill('3层柱');
  await field(concealedDialog, 'concealed-content').fill('钢筋规格、数量、间距、保护层');
  await concealedDialog.locator('[data-test=concealed-save]').click();
  await site.locator('[data-test=sign-concealed]').click();
  await menu(engineer, '质量标准化', '隐蔽工程验收');
  await engineer.locator('[data-test=sign-concealed]').click();
  await expect(engineer.locator('[data-test=concealed]')).toContainText('验收合格');

  // ---- the 检验批 signed in order: 质量检查员, 专业工长, then the 专业监理工程师 with the verdict
  await openLot(site);
  await expect(site.locator('[data-test=lot-blocker]')).toHaveCount(0);
  await signLot(site, '符合要求');
  await expect(lotSignatures(site)).toHaveCount(1);
  await expect(site.locator('[data-test=sign-form]')).toHaveCount(0);
  const foremanPage = await signedIn(browser, seeded, FOREMAN);
  await openLot(foremanPage);
  await signLot(foremanPage, '符合要求');
  await expect(lotSignatures(foremanPage)).toHaveText([/项目专业质量检查员/, /专业工长\s*李工长/]);
  await openLot(engineer);
  await expect(engineer.locator('[data-test=lot-blocker]')).toHaveCount(0);
  await signLot(engineer, '同意验收');
  await expect(engineer.locator('[data-test=lot-state]')).toHaveText('验收合格');
  await shot(engineer, '03-lot-accepted');

  // ---- the 分项 (项目专业技术负责人, then the 专业监理工程师)
  await menu(engineer, '质量标准化', '检验批划分与验收');
  await engineer.locator('[data-test=open-subitem]').first().click();
  await expect(engineer.locator('[data-test=acceptance-state]')).toBeVisible();
  await expect(engineer.locator('[data-test=pending-signature]').first()).toContainText('项目专业技术负责人');
  // The 专业监理工程师 signs last: before the 施工单位's signature the app says so and records nothing.
  await engineer.locator('[data-test=sign-acceptance]').click();
  await expect(engineer.locator('.el-message--error')).toHaveText('须先由项目专业技术负责人签字');
  await expect(engineer.locator('[data-test=signature]')).toHaveCount(0);
  await menu(site, '质量标准化', '检验批划分与验收');
  await site.locator('[data-test=open-subitem]').first().click();
  await site.locator('[data-test=sign-acceptance]').click();
  await engineer.reload();
  await engineer.locator('[data-test=sign-acceptance]').click();
  await expect(engineer.locator('[data-test=acceptance-state]')).toHaveText('验收合格');

  // ---- the 分部 主体结构: 项目负责人, 项目技术负责人, 设计 (from paper), the 总监 last
  const chiefPage = await signedIn(browser, seeded, CHIEF);
  await menu(chiefPage, '质量标准化', '检验批划分与验收');
  await chiefPage.locator('[data-test=open-division]').first().click();
  await expect(chiefPage.locator('.page-title')).toContainText('主体结构分部工程质量验收');
  await chiefPage.locator('[data-test=sign-acceptance]').click();
  await expect(chiefPage.locator('.el-message--error')).toHaveText('须先由项目负责人、项目技术负责人、设计单位项目负责人签字');
  await menu(site, '质量标准化', '检验批划分与验收');
  await site.locator('[data-test=open-division]').first().click();
  await site.locator('[data-test=sign-acceptance]').click();
  await expect(site.locator('[data-test=signature]')).toHaveCount(1);
  await menu(foremanPage, '质量标准化', '检验批划分与验收');
  await foremanPage.locator('[data-test=open-division]').first().click();
  await foremanPage.locator('[data-test=sign-acceptance]').click();
  await expect(foremanPage.locator('[data-test=signature]')).toHaveText([/项目负责人/, /项目技术负责人\s*李工长/]);
  await site.reload();
  await site.locator('[data-test=record-external]').click();
  await expect(site.locator('[data-test=signature]', { hasText: '设计单位项目负责人' })).toContainText(`吴设计`);
  await chiefPage.reload();
  await chiefPage.locator('[data-test=sign-acceptance]').click();
  await expect(chiefPage.locator('[data-test=acceptance-state]')).toHaveText('验收合格');
  await expect(chiefPage.locator('[data-test=signature]')).toHaveText([/项目负责人/, /项目技术负责人\s*李工长/, /设计单位项目负责人\s*吴设计/, /总监理工程师\s*陈总监/]);
  await shot(chiefPage, '04-division-accepted');

  // ---- the 监理月报: last month a gap; this month drafted from the modules, seen, signed by the 总监
  await menu(chiefPage, '监理报告', '监理月报');
  await expect(chiefPage.locator('[data-test=month-row]', { hasText: firstOfLastMonth.slice(0, 7) }).locator('[data-test=month-status]')).toHaveText('缺报');
  await chiefPage.locator('[data-test=month-row]', { hasText: thisMonth }).click();
  await chiefPage.locator('[data-test=draft-monthly]').click();
  await expect(chiefPage.locator('[data-test=figure-lots]')).toHaveText('合格 1 个,不合格 0 个');
  await expect(chiefPage.locator('[data-test=figure-acceptances]')).toHaveText('分项 1,分部 1');
  await expect(chiefPage.locator('[data-test=figure-reports]')).toHaveText('合格 1,不合格 1');
  await expect(chiefPage.locator('[data-test=figure-nonconforming]')).toContainText('BG-1');
  await field(chiefPage, 'section-overview').fill('主体结构施工至3层,柱钢筋安装完成。');
  await chiefPage.locator('[data-test=save-monthly]').click();
  await shot(chiefPage, '05-monthly-draft');

  // A 施工 account sees the same report and the button, and is refused.
  await menu(site, '监理报告', '监理月报');
  await site.locator('[data-test=month-row]', { hasText: thisMonth }).click();
  await expect(site.locator('[data-test=monthly-state]')).toHaveText('草稿');
  await site.locator('[data-test=sign-monthly]').click();
  await expect(site.locator('.el-message--error')).toContainText('项目负责人无权执行此操作');
  await expect(site.locator('[data-test=monthly-state]')).toHaveText('草稿');

  await chiefPage.locator('[data-test=sign-monthly]').click();
  await expect(chiefPage.locator('[data-test=monthly-state]')).toHaveText('总监已签字');
  await chiefPage.locator('[data-test=queue-monthly]').click();
  await expect(chiefPage.locator('[data-test=monthly-state]')).toHaveText('已提交报送');
  await expect(chiefPage.locator('[data-test=delivery]')).toContainText('随下一个同步包报送');
  await expect(chiefPage.locator('[data-test=signature]', { hasText: '总监理工程师' })).toContainText(CHIEF.name);
  await shot(chiefPage, '06-monthly-queued');

  await site.reload();
  await expect(site.locator('[data-test=monthly-state]')).toHaveText('已提交报送');
  expect(DEMO_USER.idNumber).not.toBe(CHIEF.idNumber);
});
