// Issue 3 as a new user would do it: import 用人单位 and 健康云 records, pre-register a worker
// through 获取健康云信息, add a family member, find the worker by pinyin initials and by the last
// four digits of the ID number, page through 45 people, and be refused a duplicate and a bad number.
import type { Page } from '@playwright/test';
import { test, expect, choose, pickOrigin, DEMO_USER, type Server } from './fixtures';
import { computeCheckCharacter } from '../../electron/common/idnumber';
import { completeCreditCode } from '../../electron/common/credit-code';
import { PROJECT } from '../support/app';

const id = (first17: string) => first17 + computeCheckCharacter(first17);
const WORKER = { idNumber: id('32058319850312101'), name: '张三丰', phone: '13912345678' };
const WIFE = { idNumber: id('32058319870721102'), name: '李玥', phone: '13987654321' };
const EMPLOYER = { name: '上海浦江劳务有限公司', creditCode: completeCreditCode('91310115MA1K30002'), contractNo: 'W2019010100012' };

async function api(page: Page, server: Server, command: string, input: unknown): Promise<unknown> {
  const response = await page.request.post(`${server.url}/api/${command}`, { data: input, headers: { 'X-Siteoffice': '1' } });
  const body = (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
  if (!body.ok) throw new Error(`${command}: ${body.error?.message}`);
  return body.value;
}

const csv = (rows: string[][]) => Buffer.from('\ufeff' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n', 'utf8');

async function importFile(page: Page, menu: string, name: string, bytes: Buffer, expectValid: number) {
  await page.getByRole('menuitem', { name: menu }).click();
  await expect(page.getByRole('heading', { name: menu })).toBeVisible();
  await page.locator('[data-test=import-input]').setInputFiles({ name, mimeType: 'text/csv', buffer: bytes });
  await expect(page.locator('[data-test=import-report]')).toContainText(`可导入 ${expectValid} 行`);
  await page.locator('[data-test=import-confirm]').click();
  await expect(page.locator('.el-message', { hasText: `已导入 ${expectValid} 条记录` }).last()).toBeVisible();
  await expect(page.locator('[data-test=import-report]')).toBeHidden();
}

test('pre-register through 健康云, add family, search, page, refuse duplicates and bad numbers', async ({ page, server }) => {
  await api(page, server, 'setup.initialize', { project: PROJECT, manager: { ...DEMO_USER, name: '王建国', phone: '13800138000' } });
  await api(page, server, 'auth.signIn', DEMO_USER);
  const [project] = (await api(page, server, 'projects.list', {})) as { id: string }[];
  await api(page, server, 'projects.enter', { projectId: project!.id });
  await page.goto(`${server.url}/#/p/epidemic/pre-registration/new`);

  // With no 用人单位 yet, the form says where they come from.
  await expect(page.locator('[data-test=no-employers]')).toContainText('合同报送系统');

  // 用人单位 imported from a file, with one bad row reported and left out.
  await importFile(page, '用人单位', '用人单位.csv', csv([
    ['用人单位名称*', '统一社会信用代码*', '参建单位类型*', '合同报送编号*'],
    [EMPLOYER.name, EMPLOYER.creditCode, '006', EMPLOYER.contractNo],
    ['上海申安机电安装有限公司', completeCreditCode('91310104MA1FR0003'), '专业分包', 'W2019010100013'],
    ['错误的单位', '91310104MA1FR00039', '006', 'W2019010100015'],
  ]), 2);
  await expect(page.locator('[data-test=employers] .el-table__row')).toHaveCount(2);

  // 健康云 records for the worker and his wife.
  const header = ['身份证号', '姓名', '手机号', '上报地址', '上报时间', '体温', '健康状况', '出行时间', '出行方式', '是否湖北出发', '是否武汉出发', '是否经停', '停留地点', '居住地址'];
  await importFile(page, '健康云记录导入', '健康云.csv', csv([
    header,
    [WORKER.idNumber, WORKER.name, WORKER.phone, '101 上海浦东国际机场T1', '2020-02-03', '36.6', '无异常症状', '2020-02-03', '火车G13333', '否', '否', '否', '', '上海市黄浦区五里桥街道测试地址'],
    [WIFE.idNumber, WIFE.name, WIFE.phone, '上海虹桥站', '2020-02-04', '36.4', '无异常症状', '2020-02-04', '火车G7011', '否', '否', '否', '', '上海市黄浦区五里桥街道测试地址'],
  ]), 2);

  // 进场预登记 through 获取健康云信息.
  await page.getByRole('menuitem', { name: '进场预登记' }).click();
  await page.getByRole('button', { name: '进场预登记' }).click();
  await page.locator('input[name=idNumber]').fill(WORKER.idNumber);
  await page.locator('input[name=name]').fill(WORKER.name);
  await page.getByRole('button', { name: '获取健康云信息' }).click();
  const cloud = page.locator('[data-test=health-cloud]');
  await expect(cloud).toContainText('上报地址:101 上海浦东国际机场T1, 上报时间:2020-02-03');
  await expect(cloud).toContainText('出行方式:火车G13333');
  await expect(cloud).toContainText('是否湖北出发:否, 是否武汉出发:否');
  await expect(cloud).toContainText('居住地址:上海市黄浦区五里桥街道测试地址');
  await expect(page.locator('input[name=phone]')).toHaveValue(WORKER.phone);
  await pickOrigin(page, page.locator('.seed-form'), '江苏省', '苏州市');
  await choose(page, '用人单位', EMPLOYER.name);
  await expect(page.locator('input[data-test=employer-contract]')).toHaveValue(EMPLOYER.contractNo);
  await expect(page.locator('input[data-test=employer-project]')).toHaveValue(PROJECT.name);
  await page.getByRole('button', { name: '添加' }).click();
  await expect(page.getByText(`${WORKER.name} 已预登记`)).toBeVisible();
  const firstRow = page.locator('[data-test=persons] .el-table__row').first();
  await expect(firstRow).toContainText(WORKER.name);
  await expect(firstRow).toContainText(`${WORKER.idNumber.slice(0, 3)}************${WORKER.idNumber.slice(-3)}`);
  await expect(firstRow).toContainText(EMPLOYER.name);

  // 携带家属.
  await firstRow.getByRole('button', { name: '携带家属' }).click();
  await expect(page.getByRole('heading', { name: /预进场家属管理/ })).toContainText(WORKER.name);
  await page.getByRole('button', { name: '携带家属登记' }).click();
  const dialog = page.locator('[data-test=family-dialog]');
  await dialog.locator('input[name=familyIdNumber]').fill(WIFE.idNumber);
  await dialog.locator('input[name=familyName]').fill(WIFE.name);
  await dialog.getByRole('button', { name: '获取健康云信息' }).click();
  await expect(dialog.locator('[data-test=health-cloud]')).toContainText('上报地址:上海虹桥站');
  await expect(dialog.locator('input[name=familyPhone]')).toHaveValue(WIFE.phone);
  await pickOrigin(page, dialog, '江苏省', '苏州市');
  await dialog.getByRole('button', { name: '添加' }).click();
  await expect(page.locator('[data-test=family] .el-table__row')).toHaveCount(1);
  await expect(page.locator('[data-test=family]')).toContainText(WIFE.name);

  // The worker himself as his own family member is refused.
  await page.getByRole('button', { name: '携带家属登记' }).click();
  await dialog.locator('input[name=familyIdNumber]').fill(WORKER.idNumber);
  await dialog.locator('input[name=familyName]').fill(WORKER.name);
  await dialog.locator('input[name=familyPhone]').fill(WORKER.phone);
  await pickOrigin(page, dialog, '江苏省', '苏州市');
  await dialog.getByRole('button', { name: '添加' }).click();
  await expect(page.getByText('携带家属不能是预登记人员本人').first()).toBeVisible();
  await dialog.getByRole('button', { name: '取消' }).click();

  // 44 more people through the API, so that there are 45 to page through.
  const employers = (await api(page, server, 'employers.list', {})) as { id: string }[];
  for (let i = 0; i < 44; i++) {
    const serial = String(200 + i * 2).padStart(3, '0');
    await api(page, server, 'persons.create', {
      category: i % 5 === 0 ? 'manager' : 'worker', idNumber: id(`34122119900101${serial}`), name: `测试${i}`,
      origin: { provinceCode: '340000', cityCode: '341200' }, employerId: employers[i % 2]!.id, phone: `139000000${String(i).padStart(2, '0')}`, useHealthCloud: false,
    });
  }
  await page.getByRole('menuitem', { name: '进场预登记' }).click();
  const summary = page.locator('[data-test=page-summary]');
  await expect(summary).toHaveText('显示1到20,共45记录');
  await expect(page.locator('[data-test=persons] .el-table__row')).toHaveCount(20);
  await page.locator('.el-pager li', { hasText: '3' }).click();
  await expect(summary).toHaveText('显示41到45,共45记录');
  await expect(page.locator('[data-test=persons] .el-table__row')).toHaveCount(5);
  await expect(page.locator('[data-test=persons]')).toContainText(WORKER.name);

  // Search: pinyin initials, then the last four digits of the number.
  await page.locator('input[data-test=search]').fill('zsf');
  await expect(summary).toHaveText('显示1到1,共1记录');
  await expect(page.locator('[data-test=persons] .el-table__row').first()).toContainText(WORKER.name);
  await page.locator('input[data-test=search]').fill(WORKER.idNumber.slice(-4));
  await expect(summary).toHaveText('显示1到1,共1记录');
  await expect(page.locator('[data-test=persons] .el-table__row').first()).toContainText(WORKER.name);
  await page.locator('input[data-test=search]').fill('');
  await expect(summary).toHaveText('显示1到20,共45记录');
  await page.locator('[data-test=category]').click();
  await page.getByRole('option', { name: '现场管理人员', exact: true }).click();
  await expect(summary).toHaveText('显示1到9,共9记录');

  // A duplicate and a bad number are refused with their messages.
  await page.getByRole('button', { name: '进场预登记' }).click();
  await page.locator('input[name=idNumber]').fill(WORKER.idNumber);
  await page.locator('input[name=name]').fill(WORKER.name);
  await page.locator('input[name=phone]').fill(WORKER.phone);
  await pickOrigin(page, page.locator('.seed-form'), '江苏省', '苏州市');
  await choose(page, '用人单位', EMPLOYER.name);
  await page.getByRole('button', { name: '添加' }).click();
  await expect(page.getByText('已在本项目预登记,不能重复登记')).toBeVisible();
  await page.locator('input[name=idNumber]').fill(WORKER.idNumber.slice(0, 17) + (WORKER.idNumber.endsWith('1') ? '2' : '1'));
  await page.getByRole('button', { name: '添加' }).click();
  await expect(page.locator('.el-form-item', { hasText: '身份证号' }).locator('.el-form-item__error')).toContainText('校验位错误');
  await page.screenshot({ path: 'test-results/pre-registration-form.png', fullPage: true });
});
