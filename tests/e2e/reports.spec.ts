// Issue 7 as a site office user would do it, on the demo project: from the 进场预登记 list, 导出PDF
// and 导出Excel of the list as filtered on screen, 导入名册 from an .xlsx with rare-character names
// (template, check and preview, confirm), and the downloaded PDF read back with pdftotext.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Download, Page } from '@playwright/test';
import { test, expect, signInAndEnter, type Server } from './fixtures';
import { computeCheckCharacter } from '../../electron/common/idnumber';
import { writeXlsx } from '../../electron/services/tabular';
import { tool } from '../support/tools';

const id = (first17: string) => first17 + computeCheckCharacter(first17);
const NEWCOMERS = [
  { 身份证号: id('32058319850312101'), 姓名: '张喆', 人员类别: '作业人员', 出发地省份: '江苏省', 出发地城市: '苏州市', 用人单位: '上海浦江劳务有限公司', 手机号: '13912345601' },
  { 身份证号: id('34122119900101203'), 姓名: '王堃', 人员类别: '作业人员', 出发地省份: '安徽', 出发地城市: '阜阳', 用人单位: '上海浦江劳务有限公司', 手机号: '13912345602' },
  { 身份证号: id('37088319920505304'), 姓名: '李玥', 人员类别: '现场管理人员', 出发地省份: '山东省', 出发地城市: '济宁市', 用人单位: '上海申安机电安装有限公司', 手机号: '13912345603' },
];

async function api<T>(page: Page, server: Server, command: string, input: unknown): Promise<T> {
  const response = await page.request.post(`${server.url}/api/${command}`, { data: input, headers: { 'X-Siteoffice': '1' } });
  const body = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${command}: ${body.error?.message}`);
  return body.value as T;
}

/** Clicks the button and waits for the download it starts; the file is saved in `dir`. */
async function downloadOf(page: Page, selector: string, dir: string): Promise<{ download: Download; file: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(selector).click()]);
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);
  return { download, file };
}

function pdftotext(file: string): string {
  return execFileSync(tool('pdftotext'), ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

test('export the 进场预登记名册 as PDF and Excel, import a roster, and print what the screen shows', async ({ page, seeded }) => {
  // Five files made and read back on top of the demo data: more than the default minute on a busy machine.
  test.slow();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-downloads-'));
  try {
    await signInAndEnter(page, seeded);
    await page.getByRole('menuitem', { name: '进场预登记' }).click();
    await expect(page.locator('[data-test=persons] .el-table__row').first()).toBeVisible();
    const { rows: people, total } = await api<{ rows: { name: string; idNumberMasked: string }[]; total: number }>(page, seeded, 'persons.list', { page: 1, pageSize: 100 });
    expect(total).toBe(people.length);

    // 导出PDF: every person of the list, all pages of it, not only the 20 on screen.
    const pdf = await downloadOf(page, '[data-test=export-pdf]', dir);
    expect(pdf.download.suggestedFilename()).toMatch(/^进场预登记名册_测试4444_\d{4}-\d{2}-\d{2}\.pdf$/);
    const text = pdftotext(pdf.file);
    expect(text).toContain('进场预登记名册');
    expect(text).toContain(`共 ${total} 人`);
    for (const p of people) expect(text).toContain(p.name);
    expect(text).toMatch(/第\s*1\s*页\s*共\s*\d+\s*页/);

    // 导出Excel: the screen's columns, numbers masked.
    const xlsx = await downloadOf(page, '[data-test=export-xlsx]', dir);
    expect(xlsx.download.suggestedFilename()).toMatch(/^进场预登记_测试4444_\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx.file);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, '序号', '用人单位', '姓名', '身份证', '人员类别', '联系电话', '预登记日期', '携带家属']);
    const names: string[] = [];
    sheet.eachRow((row, n) => { if (n > 1) names.push(String(row.getCell(3).value)); });
    expect(names).toEqual(people.map((p) => p.name));
    expect(String(sheet.getRow(2).getCell(4).value)).toBe(people[0]!.idNumberMasked);

    // 导入名册: the template comes from the services; the file is checked and previewed, then imported.
    await page.locator('[data-test=open-import]').click();
    const dialog = page.locator('[data-test=import-dialog]');
    const template = await downloadOf(page, '[data-test=import-dialog] [data-test=import-template]', dir);
    expect(template.download.suggestedFilename()).toMatch(/^进场预登记名册导入模板_\d{4}-\d{2}-\d{2}\.xlsx$/);
    const roster = await writeXlsx('进场预登记名册', Object.keys(NEWCOMERS[0]!).map((k) => ({ key: k, label: k })), NEWCOMERS);
    await dialog.locator('[data-test=import-input]').setInputFiles({ name: '名册.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: roster });
    const report = dialog.locator('[data-test=import-report]');
    await expect(report).toContainText('共 3 行');
    await expect(report).toContainText('可导入 3 行');
    await expect(report).toContainText('王堃');
    await dialog.locator('[data-test=import-confirm]').click();
    await expect(page.locator('.el-message', { hasText: '已导入 3 条记录' }).last()).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(page.locator('[data-test=persons]')).toContainText('张喆');

    // The PDF prints what the screen shows: 作业人员 found by the search 王堃.
    await page.locator('[data-test=category]').click();
    await page.getByRole('option', { name: '作业人员', exact: true }).click();
    await page.locator('input[data-test=search]').fill('王堃');
    await expect(page.locator('[data-test=persons] .el-table__row')).toHaveCount(1);
    const filtered = pdftotext((await downloadOf(page, '[data-test=export-pdf]', dir)).file);
    expect(filtered).toContain('人员类别:作业人员 · 搜索:“王堃” · 共 1 人');
    expect(filtered).toContain('王堃');
    expect(filtered).not.toContain('张喆');

    // All three newcomers, rare characters and all, in the full roster.
    await page.locator('input[data-test=search]').fill('');
    await page.locator('[data-test=category]').click();
    await page.getByRole('option', { name: '全部人员', exact: true }).click();
    const full = pdftotext((await downloadOf(page, '[data-test=export-pdf]', dir)).file);
    for (const p of NEWCOMERS) expect(full).toContain(p.姓名);
    expect(full).toContain(`共 ${total + 3} 人`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
