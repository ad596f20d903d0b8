// Issue 4 as a new user would do it: a normal check, a fever with 咳嗽 and the suggestion, 需隔离
// with time, method and an uploaded form, entry refused with the reason, 同意进场, entry with 工种
// and 班组, the today board changing, the morning batch for ten people by keyboard, and the exit.
import type { Page } from '@playwright/test';
import { test, expect, DEMO_USER, menuItem, type Server } from './fixtures';
import { computeCheckCharacter } from '../../electron/common/idnumber';
import { completeCreditCode } from '../../electron/common/credit-code';
import { PROJECT } from '../support/app';

const id = (first17: string) => first17 + computeCheckCharacter(first17);
const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function api(page: Page, server: Server, command: string, input: unknown): Promise<unknown> {
  const response = await page.request.post(`${server.url}/api/${command}`, { data: input, headers: { 'X-Siteoffice': '1' } });
  const body = (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
  if (!body.ok) throw new Error(`${command}: ${body.error?.message}`);
  return body.value;
}

test('health checks, 需隔离, refused and allowed entry, board, morning batch, exit', async ({ page, server }) => {
  await api(page, server, 'setup.initialize', { project: PROJECT, manager: { ...DEMO_USER, name: '王建国', phone: '13800138000' } });
  await api(page, server, 'auth.signIn', DEMO_USER);
  const [project] = (await api(page, server, 'projects.list', {})) as { id: string }[];
  await api(page, server, 'projects.enter', { projectId: project!.id });
  const employer = (await api(page, server, 'employers.create', {
    name: '上海浦江劳务有限公司', creditCode: completeCreditCode('91310115MA1K30002'), participantType: '006', contractNo: 'W2019010100012',
  })) as { id: string };
  const worker = { idNumber: id('32058319850312101'), name: '张三丰' };
  // Ten people, from 江苏 (no isolation period); the worker is registered last, so he lists first.
  for (let i = 0; i < 9; i++) {
    await api(page, server, 'persons.create', {
      category: 'worker', idNumber: id(`32058319900101${String(200 + i * 2)}`), name: `工人${i + 1}`,
      origin: { provinceCode: '320000', cityCode: '320500' }, employerId: employer.id, phone: `1390000000${i}`, useHealthCloud: false,
    });
  }
  await api(page, server, 'persons.create', {
    category: 'worker', ...worker, origin: { provinceCode: '320000', cityCode: '320500' }, employerId: employer.id, phone: '13912345678', useHealthCloud: false,
  });

  // The today board is the home page of the project.
  await page.goto(`${server.url}/#/p/board`);
  await expect(page.locator('[data-test=board-on-site] .number')).toHaveText('0');
  await expect(page.locator('[data-test=board-pre-registered] .number')).toHaveText('10');
  await expect(page.locator('[data-test=board-fevers] .number')).toHaveText('0');

  // 每日健康: a normal check.
  await page.getByRole('menuitem', { name: '进场预登记' }).click();
  const row = page.locator('[data-test=persons] .el-table__row', { hasText: worker.name });
  await row.getByRole('button', { name: '每日健康' }).click();
  await expect(page.getByRole('heading', { name: /每日健康状态录入/ })).toContainText(worker.name);
  await page.getByRole('button', { name: '新增健康状态' }).click();
  const dialog = page.locator('[data-test=health-dialog]');
  await dialog.getByText('无上述异常症状').click();
  await dialog.locator('input[name=temperature]').fill('36.5');
  await dialog.getByRole('button', { name: '提交' }).click();
  await expect(page.locator('[data-test=checks] .el-table__row')).toHaveCount(1);
  await expect(page.locator('[data-test=checks]')).toContainText('36.5');

  // A fever with 咳嗽: flagged at once, and 需隔离 suggested.
  await page.getByRole('button', { name: '新增健康状态' }).click();
  await dialog.getByText('发热', { exact: true }).click();
  await dialog.getByText('咳嗽', { exact: true }).click();
  await dialog.locator('input[name=temperature]').fill('38.2');
  await expect(dialog.getByText('体温≥37.3°C,发热')).toBeVisible();
  await dialog.getByRole('button', { name: '提交' }).click();
  await expect(page.locator('[data-test=suggestion]')).toContainText('咳嗽');
  await expect(page.locator('[data-test=suggestion]')).toContainText('需隔离');
  await expect(page.locator('[data-test=checks] .el-table__row').first()).toContainText('发热,咳嗽');

  // 需隔离 with time, method and an uploaded 健康状况信息登记表.
  await page.getByRole('button', { name: '去设置处置方式' }).click();
  await expect(page.locator('[data-test=person-name]')).toHaveText(worker.name);
  await expect(page.locator('[data-test=current-state]')).toHaveText('可进场');
  await page.locator('[data-test=state]').click();
  await page.getByRole('option', { name: '需隔离', exact: true }).click();
  await expect(page.locator('.el-form-item', { hasText: '隔离/就医时间' }).locator('input')).not.toHaveValue('');
  await page.locator('[data-test=method]').click();
  await page.getByRole('option', { name: '居家隔离', exact: true }).click();
  await page.locator('[data-test=upload-form-input]').setInputFiles({ name: '健康状况信息登记表.png', mimeType: 'image/png', buffer: PNG_1x1 });
  await expect(page.locator('[data-test=health-form]')).toContainText('健康状况信息登记表.png');
  await page.getByRole('button', { name: '添加' }).click();
  await expect(page.locator('[data-test=current-state]')).toHaveText('需隔离');
  await expect(page.locator('[data-test=history] .el-table__row')).toHaveCount(1);
  await expect(page.locator('[data-test=history]')).toContainText('居家隔离');
  await expect(page.locator('[data-test=history]')).toContainText('王建国');

  // Entry is refused, with the reason on the screen.
  await menuItem(page, '进退场用工管理', '进退场记录').click();
  await page.locator('[data-test=open-entry]').click();
  const entry = page.locator('[data-test=entry-dialog]');
  await entry.locator('input[name=entryIdNumber]').fill(worker.idNumber);
  await entry.getByRole('button', { name: '查询' }).click();
  await expect(entry.locator('[data-test=entry-refused]')).toContainText('需隔离');
  await expect(entry.locator('[data-test=entry-refused]')).toContainText('不能进场');
  await expect(entry.locator('[data-test=do-entry]')).toBeDisabled();
  await entry.getByRole('button', { name: '取消' }).click();

  // 未发现异常情况 同意进场.
  await page.getByRole('menuitem', { name: '进场预登记' }).click();
  await row.getByRole('button', { name: '处置方式' }).click();
  await page.locator('[data-test=state]').click();
  await page.getByRole('option', { name: '未发现异常情况 同意进场', exact: true }).click();
  await page.getByRole('button', { name: '添加' }).click();
  await expect(page.locator('[data-test=current-state]')).toHaveText('可进场');
  await expect(page.locator('[data-test=history] .el-table__row')).toHaveCount(2);

  // Entry with 工种 and 班组.
  await menuItem(page, '进退场用工管理', '进退场记录').click();
  await page.locator('[data-test=open-entry]').click();
  await entry.locator('input[name=entryIdNumber]').fill(worker.idNumber);
  await entry.getByRole('button', { name: '查询' }).click();
  await expect(entry.locator('[data-test=entry-name]')).toHaveText(worker.name);
  await entry.locator('[data-test=entry-employer]').click();
  await page.getByRole('option', { name: '上海浦江劳务有限公司', exact: true }).click();
  await entry.locator('[data-test=entry-work-type]').click();
  await page.getByRole('option', { name: '020 钢筋工', exact: true }).click();
  await entry.locator('input[name=team]').fill('钢筋一班');
  await entry.locator('[data-test=do-entry]').click();
  const rosterRow = page.locator('[data-test=roster] .el-table__row', { hasText: worker.name });
  await expect(rosterRow).toContainText('钢筋工');
  await expect(rosterRow).toContainText('钢筋一班');
  await expect(rosterRow).toContainText('在场');

  // The today board changed.
  await page.getByRole('menuitem', { name: '今日概况' }).click();
  await expect(page.locator('[data-test=board-on-site] .number')).toHaveText('1');
  await expect(page.locator('[data-test=board-fevers] .number')).toHaveText('1');
  await expect(page.locator('[data-test=fevers]')).toContainText(worker.name);
  await expect(page.locator('[data-test=board-checks] .number')).toHaveText('1 / 10');

  // The morning batch: ten temperatures by keyboard alone, saved in one go.
  await page.locator('[data-test=board-checks]').click();
  await expect(page.locator('[data-test=temp-0]')).toBeFocused();
  const temperatures = ['36.5', '36.7', '36.4', '36.6', '36.8', '36.3', '36.5', '36.9', '36.2', '36.6'];
  for (const t of temperatures) {
    await page.keyboard.type(t);
    await page.keyboard.press('Enter');
  }
  await expect(page.getByText('共 10 人,已填写 10 人')).toBeVisible();
  await page.locator('[data-test=temp-9]').press('Control+Enter');
  await expect(page.locator('.el-message', { hasText: '已保存 10 人的体温' })).toBeVisible();
  await page.getByRole('menuitem', { name: '今日概况' }).click();
  await expect(page.locator('[data-test=board-checks] .number')).toHaveText('10 / 10');

  // The exit.
  await menuItem(page, '进退场用工管理', '进退场记录').click();
  await rosterRow.getByRole('button', { name: '退场登记' }).click();
  await page.locator('[data-test=exit-dialog] [data-test=do-exit]').click();
  await expect(page.locator('.el-message', { hasText: `${worker.name} 已退场` })).toBeVisible();
  await expect(page.locator('[data-test=roster] .el-table__row', { hasText: worker.name })).toHaveCount(0);
  await page.locator('[data-test=status]').getByText('已退场').click();
  await expect(page.locator('[data-test=roster] .el-table__row', { hasText: worker.name })).toContainText('已退场');
  await page.getByRole('menuitem', { name: '今日概况' }).click();
  await expect(page.locator('[data-test=board-on-site] .number')).toHaveText('0');
});
