// Issue 18 as a site office would do it, in Chromium: a project whose 班组 worked a month two months
// ago (its gates pushed the punches over real HTTP as a ZKTeco device does; the 工资支付日 has
// passed). The 劳资专管员 generates the month from attendance, enters the 计件 工作量, has the
// 班组长 check it and uploads the workers' signed sheet; the 项目负责人 approves and locks it, tries
// to edit the locked ledger (refused, with the reason), and the late punches of two days become a
// 补发/更正 ledger. The 劳资专管员 downloads the bank's 代发 file, imports the bank's result with one
// failed row, and pays that one again: the 欠薪预警 on 今日概况 goes once the month is paid. Then
// the 人工费专用账户 with its share warning and chart, the worker's months, the PDFs. Screenshots
// and the files go to test-results/payroll/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from '@playwright/test';
import { test as base, expect, signInAndEnter, startGatedServer, type Server } from './fixtures';
import { attlogLine, ZktecoDevice } from '../support/gate-devices';
import { hireInput, participantInput } from '../support/labour-helpers';
import { PNG_BYTES, validId } from '../support/fixtures';
import { siteDate } from '../../electron/common/site-time';
import type { CommandInput, CommandName, CommandOutput } from '../../electron/common/contract';

const out = path.join(__dirname, '..', '..', 'test-results', 'payroll');
const MANAGER = { idNumber: validId('31010119700101001'), name: '王建国', phone: '13800138000', password: 'manager-pass-1' };
const OFFICER = { idNumber: validId('31010119880808003'), name: '沈丽', phone: '13600002222', password: 'officer-pass-1' };

const test = base.extend<{ site: Server & { gatePort: number } }>({
  site: async ({}, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-e2e-payroll-'));
    const { child, url, gatePort } = await startGatedServer(dataDir);
    await use({ url, dataDir, gatePort });
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
});
test.use({ actionTimeout: 15000 });

/** YYYY-MM `n` months before the site's current month. */
function monthsBack(n: number): string {
  const [y, m] = siteDate(new Date()).slice(0, 7).split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) - n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}
const MONTH = monthsBack(2);
const day = (d: number) => `${MONTH}-${String(d).padStart(2, '0')}`;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => day(from + i));

/** The API as the screens call it, in the page's session (the setup of the data a test starts from). */
async function call<C extends CommandName>(page: Page, server: Server, command: C, input: CommandInput<C>): Promise<CommandOutput<C>> {
  const response = await page.request.post(`${server.url}/api/${command}`, { data: input, headers: { 'X-Siteoffice': '1' } });
  const body = (await response.json()) as { ok: boolean; value?: CommandOutput<C>; error?: { message: string } };
  if (!body.ok) throw new Error(`${command}: ${body.error?.message}`);
  return body.value!;
}

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(out, { recursive: true });
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
}

async function signedIn(browser: Browser, server: Server, user: { idNumber: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 860 } });
  const page = await context.newPage();
  await signInAndEnter(page, server, user);
  return page;
}

/** Saves what a click downloads into test-results/payroll/ and returns its path. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<string> {
  const waiting = page.waitForEvent('download', { timeout: 60_000 });
  await click();
  const download = await waiting;
  fs.mkdirSync(out, { recursive: true });
  const file = path.join(out, download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

async function xlsxRows(file: string): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const rows: string[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}

/** A bank's result file in the generic template's result columns. */
function resultCsv(rows: string[][]): Buffer {
  return Buffer.from(`${['姓名', '卡号', '金额', '处理结果', '失败原因', '流水号'].join(',')}\r\n${rows.map((r) => r.join(',')).join('\r\n')}\r\n`, 'utf8');
}

async function openLedger(page: Page, scope: string): Promise<void> {
  await page.getByRole('menuitem', { name: '工资支付台账登记管理' }).click();
  await page.locator('[data-test=ledgers-month] input, .toolbar .el-date-editor input').first().fill(MONTH);
  await page.keyboard.press('Enter');
  const row = page.locator('[data-test=ledgers] .el-table__body-wrapper .el-table__row', { hasText: scope }).first();
  await row.locator('[data-test=open-ledger]').click();
  await expect(page.locator('[data-test=ledger-view]')).toBeVisible();
}

async function prompt(page: Page, text: string): Promise<void> {
  const box = page.locator('.el-message-box');
  await box.locator('input').fill(text);
  await box.getByRole('button', { name: '确定' }).click();
}

const boardAlerts = (page: Page) => page.locator('[data-test=payroll-alerts]');

test('生成 from attendance, every step to 锁定, a locked ledger refused, 补发, the bank file and its result, 欠薪预警 gone once paid', async ({ page, browser, site }) => {
  test.setTimeout(420_000);
  // A new installation: the project and its 项目负责人, then the labour register of two months ago.
  const setup = await page.request.post(`${site.url}/api/setup.initialize`, {
    headers: { 'X-Siteoffice': '1' },
    data: {
      project: { contractNo: 'W2024050100018', buildNo: '2405HP0018', name: '浦江花园二期', generalContractor: '上海建工集团股份有限公司', contractorType: '施工企业', supervisionStation: '浦东新区建设工程安全质量监督站' },
      manager: MANAGER,
    },
  });
  expect((await setup.json()).ok).toBe(true);
  await signInAndEnter(page, site, MANAGER);
  await call(page, site, 'labour.saveSettings', { epidemicHidden: true });
  await call(page, site, 'operators.create', { ...OFFICER, realNamePermission: true, role: 'labour_officer' });
  const participant = await call(page, site, 'participants.create', participantInput(1));
  const team = await call(page, site, 'teams.create', { employerId: participant.id, name: '钢筋一班', workType: '020' });
  const hire = async (n: number, contract: Partial<CommandInput<'workers.hire'>['contract']>, name: string) => {
    const base = hireInput(n, participant.id, day(1));
    const hired = await call(page, site, 'workers.hire', { ...base, name, contract: { ...base.contract, ...contract } });
    await call(page, site, 'workers.dispatch', { workerId: hired.worker.id, teamId: team.id, dispatchedOn: day(1) });
    await call(page, site, 'workers.enter', { workerId: hired.worker.id, enteredOn: day(1) });
    return hired.worker;
  };
  // 龚赟堃: a name with rare characters, 按日 350 元, the 班组长; 按月 6,525 元; 计件 35.20 元/平方米.
  const daily = await hire(1, {}, '龚赟堃');
  const monthly = await hire(2, { payMethod: 'monthly', wage: '6525' }, '陈志强');
  const piece = await hire(3, { payMethod: 'piece', wage: '35.20', pieceUnit: '平方米' }, '刘海燕');
  await call(page, site, 'teams.update', { teamId: team.id, name: '钢筋一班', workType: '020', leaderWorkerId: daily.id, disbandedOn: null });

  // The gates of the month: in 07:00, out 17:00 on the 3rd to the 12th (计件 from the 5th).
  for (const [serial, direction] of [['PAY-ZK-IN', 'in'], ['PAY-ZK-OUT', 'out']] as const) await call(page, site, 'devices.create', { vendor: 'zkteco', serial, direction });
  const push = async (workerNo: string, days: string[]) => {
    for (const [serial, time] of [['PAY-ZK-IN', '07:00:00'], ['PAY-ZK-OUT', '17:00:00']] as const) {
      const gate = new ZktecoDevice(`http://127.0.0.1:${site.gatePort}`, serial);
      expect((await gate.upload(days.map((d) => attlogLine(workerNo, `${d} ${time}`)))).accepted).toBe(true);
    }
  };
  await push(daily.workerNo, range(3, 12));
  await push(monthly.workerNo, range(3, 12));
  await push(piece.workerNo, range(5, 12));

  // 今日概况 (opened at sign-in, before the register was filled) now: workers on site and no locked ledger
  // (the month after too: the 班组 is still registered on site).
  await page.reload();
  await expect(boardAlerts(page)).toContainText(`${MONTH} 有 3 名在场工人不在已锁定的工资支付台账中`);

  // The 劳资专管员 sees the ledgers' menus (and the labour ones) and generates the month.
  const officer = await signedIn(browser, site, OFFICER);
  await expect(officer.locator('[data-test=current-role]')).toHaveText('劳资专管员');
  await expect(officer.getByRole('menuitem', { name: '人工费支付台账登记管理' })).toBeVisible();
  await expect(officer.locator('.el-sub-menu__title', { hasText: '进退场用工管理' })).toBeVisible();
  await officer.getByRole('menuitem', { name: '工资支付台账登记管理' }).click();
  await officer.locator('.toolbar .el-date-editor input').first().fill(MONTH);
  await officer.keyboard.press('Enter');
  await expect(officer.locator('[data-test=ledgers]')).toContainText('该月还没有工资支付台账');
  await officer.locator('[data-test=open-generate]').click();
  const gen = officer.locator('[data-test=generate-dialog]');
  await expect(gen.locator('.el-date-editor input')).toHaveValue(MONTH);
  await expect(gen.locator('[data-test=generate-team]')).toContainText('钢筋一班');
  await shot(officer, '01-generate');
  await gen.locator('[data-test=do-generate]').click();
  await expect(officer.locator('.el-message', { hasText: `钢筋一班 ${MONTH}:已生成,3 人` })).toBeVisible();
  const view = officer.locator('[data-test=ledger-view]');
  await expect(view.locator('.page-title [data-test=ledger-state]')).toHaveText('草稿');
  const rowOf = (p: Page, name: string) => p.locator('[data-test=ledger-rows] .el-table__body-wrapper .el-table__row', { hasText: name });
  // 按日 10 × 350.00; 按月 6,525.00 × 10 ÷ 21.75; 计件 not yet entered.
  await expect(rowOf(officer, '龚赟堃').locator('[data-test=row-net]')).toHaveText('3,500.00');
  await expect(rowOf(officer, '陈志强').locator('[data-test=row-net]')).toHaveText('3,000.00');
  await expect(rowOf(officer, '刘海燕').locator('[data-test=row-quantity]')).toHaveText('未录入');
  // Without the 工作量 the 班组长 cannot check it: the services say whose is missing.
  await officer.locator('[data-test=do-submit]').click();
  await expect(officer.locator('.el-message', { hasText: '以下计件工人还没有录入工作量:刘海燕' })).toBeVisible();
  await rowOf(officer, '刘海燕').locator('[data-test=edit-row]').click();
  const rowDialog = officer.locator('[data-test=row-dialog]');
  await rowDialog.locator('input[name=rowQuantity]').fill('12.5');
  await rowDialog.locator('[data-test=save-row]').click();
  await expect(rowOf(officer, '刘海燕').locator('[data-test=row-net]')).toHaveText('440.00');
  await expect(rowDialog).toBeHidden();
  await expect(officer.locator('[data-test=ledger-totals]')).toContainText('实发 ¥6,940.00');
  await shot(officer, '02-ledger-draft');

  // 草稿 → 班组长核对 (in the 班组长's name) → 工人确认 (the signed sheet scanned).
  await officer.locator('[data-test=do-submit]').click();
  await expect(view.locator('.page-title [data-test=ledger-state]')).toHaveText('班组长核对');
  await expect(officer.locator('[data-test=ledger-steps]')).toContainText('龚赟堃(沈丽提交)');
  await officer.locator('[data-test=open-confirm]').click();
  await officer.locator('[data-test=signed-sheet-input]').setInputFiles({ name: '钢筋一班签字表.png', mimeType: 'image/png', buffer: PNG_BYTES });
  await officer.locator('[data-test=confirm-by-sheet]').click();
  await expect(view.locator('.page-title [data-test=ledger-state]')).toHaveText('工人确认');
  // The 劳资专管员 prepares; approving is the 项目负责人's.
  await expect(officer.locator('[data-test=do-approve]')).toHaveCount(0);

  // The 项目负责人 approves and locks; every step with who and when.
  await openLedger(page, '钢筋一班');
  await page.locator('[data-test=do-approve]').click();
  await prompt(page, '考勤与签字表一致,同意');
  await expect(page.locator('.page-title [data-test=ledger-state]')).toHaveText('项目负责人审核');
  await page.locator('[data-test=do-lock]').click();
  await page.locator('.el-message-box').getByRole('button', { name: '锁定' }).click();
  await expect(page.locator('.page-title [data-test=ledger-state]')).toHaveText('锁定');
  const log = page.locator('[data-test=step-log]');
  for (const [action, who] of [['生成', '沈丽'], ['班组长核对', '龚赟堃'], ['工人确认', '工人签字的工资支付表'], ['项目负责人审核', '王建国'], ['锁定', '王建国']]) {
    await expect(log.locator('.el-table__row', { hasText: action }).first()).toContainText(who!);
  }
  await expect(page.locator('[data-test=ledger-steps]')).toContainText('王建国(项目负责人)');
  await shot(page, '03-ledger-locked');

  // Editing the locked ledger: refused, with the services' reason; nothing changed.
  await rowOf(page, '陈志强').locator('[data-test=edit-row]').click();
  await page.locator('[data-test=row-dialog] input[name=rowNote]').fill('改一下');
  await page.locator('[data-test=row-dialog] [data-test=save-row]').click();
  const refusal = page.locator('.el-message--error', { hasText: '锁定的台账不能修改' });
  await expect(refusal).toBeVisible();
  await expect(refusal).toContainText('补发/更正');
  await shot(page, '04-locked-refused');
  await page.locator('[data-test=row-dialog]').getByRole('button', { name: '取消' }).click();
  await expect(page.locator('[data-test=row-dialog]')).toBeHidden();
  await page.reload();
  await expect(rowOf(page, '陈志强')).not.toContainText('改一下');

  // The 班组 had left at the end of that month (registered now that its ledger is done): the
  // month after has no one on site, so only that month can be owed.
  for (const w of [daily, monthly, piece]) await call(page, site, 'workers.exit', { workerId: w.id, exitedOn: day(28), reason: '工程完工' });

  // Locked but unpaid past the 工资支付日: the 欠薪预警 says so.
  await page.getByRole('menuitem', { name: '今日概况' }).click();
  await expect(boardAlerts(page)).toContainText(`${MONTH} 工资已过支付日`);
  await expect(boardAlerts(page)).toContainText('3 人 ¥6,940.00 未支付');
  await expect(boardAlerts(page)).not.toContainText('不在已锁定的工资支付台账中');
  await shot(page, '05-board-unpaid');

  // Two days the gate sent late: a 补发/更正 ledger pointing at the locked month.
  await push(daily.workerNo, [day(13), day(14)]);
  await openLedger(officer, '钢筋一班');
  await officer.locator('[data-test=do-adjust]').click();
  await prompt(officer, '闸机补传 13日、14日考勤');
  await expect(officer.locator('[data-test=adjustment-of]')).toContainText(`${MONTH} 钢筋一班 的原台账`);
  await expect(officer.locator('.page-title')).toContainText('补发/更正');
  await expect(rowOf(officer, '龚赟堃').locator('[data-test=row-payable]')).toHaveText('700.00');
  await expect(rowOf(officer, '陈志强').locator('[data-test=row-payable]')).toHaveText('0.00');
  await shot(officer, '06-adjustment');
  await officer.locator('[data-test=adjustment-of] a').click();
  await expect(officer.locator('[data-test=adjustments]')).toContainText('补发 ¥700.00');

  // The 建设单位's 拨付 into the 专用账户, 15% of the progress payment: under the 20% minimum, kept with a warning.
  await officer.getByRole('menuitem', { name: '人工费支付台账登记管理' }).click();
  await officer.locator('[data-test=open-allocation]').click();
  const alloc = officer.locator('[data-test=allocation-dialog]');
  await alloc.locator('.el-form-item', { hasText: '所属期间' }).locator('input').fill(MONTH);
  await alloc.locator('.el-form-item', { hasText: '所属期间' }).locator('input').press('Enter');
  await alloc.locator('input[name=progressPayment]').fill('50000');
  await alloc.locator('input[name=labourCost]').fill('7500');
  await expect(alloc.locator('[data-test=typed-share]')).toHaveText('15.00%');
  await expect(alloc).toContainText('低于施工合同约定的 20.00%');
  await alloc.locator('[data-test=save-allocation]').click();
  await expect(officer.locator('.el-message', { hasText: '人工费占比 15.00%,低于施工合同约定的 20.00%' })).toBeVisible();
  await expect(officer.locator('[data-test=allocations] .el-table__row').first()).toContainText('7,500.00');

  // The bank 代发 file of the locked ledger, generic template: 姓名, 卡号, 金额, 身份证号, 开户行.
  await openLedger(officer, '钢筋一班');
  await officer.locator('[data-test=open-bank-file]').click();
  await expect(officer.locator('[data-test=bank-template]')).toContainText('通用代发模板');
  const bankFile = await downloaded(officer, () => officer.locator('[data-test=do-bank-file]').click());
  const sheet = await xlsxRows(bankFile);
  expect(sheet[0]).toEqual(['姓名', '卡号', '金额', '身份证号', '开户行']);
  expect(sheet.slice(1).map((r) => [r[0], r[2]])).toEqual([['龚赟堃', '3500.00'], ['陈志强', '3000.00'], ['刘海燕', '440.00']]);
  const card = (name: string) => sheet.find((r) => r[0] === name)![1]!;
  await expect(officer.locator('[data-test=bank-batches] .el-table__row')).toHaveCount(1);

  // The bank's result: two paid, 刘海燕's refused (账户已冻结); checked row by row before 确认导入.
  await officer.locator('[data-test=bank-batches] [data-test=open-result]').click();
  const resultFile = resultCsv([
    ['龚赟堃', card('龚赟堃'), '3500.00', '成功', '', 'LS0001'],
    ['陈志强', card('陈志强'), '3000.00', '成功', '', 'LS0002'],
    ['刘海燕', card('刘海燕'), '440.00', '失败', '账户已冻结', ''],
  ]);
  await officer.locator('[data-test=result-input]').setInputFiles({ name: '代发结果.csv', mimeType: 'text/csv', buffer: resultFile });
  const preview = officer.locator('[data-test=result-preview]');
  await expect(preview.locator('.el-table__row', { hasText: '刘海燕' })).toContainText('失败');
  await expect(preview.locator('.el-table__row', { hasText: '刘海燕' })).toContainText('账户已冻结');
  await expect(preview.locator('.el-table__row', { hasText: '龚赟堃' })).toContainText('成功');
  await shot(officer, '07-result-preview');
  await officer.locator('[data-test=result-commit]').click();
  await expect(officer.locator('.el-message', { hasText: '已导入 3 条银行结果,其中 1 条失败' })).toBeVisible();
  await expect(rowOf(officer, '刘海燕').locator('[data-test=row-payment]')).toHaveText('支付失败');
  await expect(rowOf(officer, '刘海燕').locator('[data-test=row-payment-reason]')).toHaveText('账户已冻结');
  await expect(rowOf(officer, '龚赟堃').locator('[data-test=row-payment]')).toHaveText('已支付');
  await expect(officer.locator('[data-test=bank-batches]')).toContainText('成功 2');
  await shot(officer, '08-ledger-paid-one-failed');

  // Still one unpaid: the 欠薪预警 stays, for one person.
  await page.getByRole('menuitem', { name: '工资支付台账登记管理' }).click();
  await page.getByRole('menuitem', { name: '今日概况' }).click();
  await expect(boardAlerts(page)).toContainText('1 人 ¥440.00 未支付');

  // 刘海燕 again, alone (only the unpaid), as text this time; the bank pays her.
  await officer.locator('[data-test=open-bank-file]').click();
  await officer.locator('[data-test=bank-dialog]').getByRole('radio', { name: '文本(.txt)' }).check({ force: true });
  const again = await downloaded(officer, () => officer.locator('[data-test=do-bank-file]').click());
  const text = fs.readFileSync(again, 'utf8').trim().split(/\r\n/);
  expect(text).toEqual(['姓名,卡号,金额,身份证号,开户行', expect.stringMatching(new RegExp(`^刘海燕,${card('刘海燕')},440\\.00,`))]);
  await expect(officer.locator('[data-test=bank-batches] .el-table__row')).toHaveCount(2);
  await officer.locator('[data-test=bank-batches] .el-table__row').nth(1).locator('[data-test=open-result]').click();
  await officer.locator('[data-test=result-input]').setInputFiles({ name: '代发结果2.csv', mimeType: 'text/csv', buffer: resultCsv([['刘海燕', card('刘海燕'), '440.00', '成功', '', 'LS0003']]) });
  await expect(officer.locator('[data-test=result-preview] .el-table__row')).toContainText('成功');
  await officer.locator('[data-test=result-commit]').click();
  await expect(officer.locator('.el-message', { hasText: '已导入 1 条银行结果,全部成功' })).toBeVisible();
  await expect(rowOf(officer, '刘海燕').locator('[data-test=row-payment]')).toHaveText('已支付');

  // Paid in full: no 欠薪预警 left on 今日概况.
  await page.reload();
  await expect(page.locator('[data-test=board-attendance]')).toBeVisible();
  await expect(page.locator('[data-test=no-payroll-alerts]')).toHaveText('没有欠薪预警');
  await expect(page.locator('[data-test=payroll-alert]')).toHaveCount(0);
  await shot(page, '09-board-paid');

  // The 工资支付表 PDF (a task with progress), kept for looking at.
  await openLedger(page, '钢筋一班');
  const pdf = await downloaded(page, () => page.locator('[data-test=print-ledger]').click());
  expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');

  // The worker's page: the month, its days, 应发, 实发 and paid; the 补发 beside it.
  await rowOf(page, '龚赟堃').getByRole('link', { name: '龚赟堃' }).click();
  const months = page.locator('[data-test=worker-months]');
  await expect(months.locator('.el-table__row').first()).toContainText(MONTH);
  const regular = months.locator('.el-table__row', { hasText: '工资支付台账' });
  await expect(regular).toContainText('10');
  await expect(regular).toContainText('3,500.00');
  await expect(regular).toContainText('已支付');
  await expect(months.locator('.el-table__row', { hasText: '补发/更正' })).toContainText('补发 700.00');
  await shot(page, '10-worker-months');

  // The 专用账户: 7,500.00 in, 6,940.00 paid out; the month reconciled; the poster for the gate.
  await page.getByRole('menuitem', { name: '人工费支付台账登记管理' }).click();
  await expect(page.locator('[data-test=reconciliation] .el-table__row', { hasText: MONTH })).toContainText('6,940.00');
  await expect(page.locator('[data-test=disbursements] .el-table__row')).toHaveCount(2);
  await expect(page.locator('[data-test=no-payroll-alerts]')).toBeVisible();
  await expect(page.locator('[data-test=balance-chart] canvas')).toBeVisible();
  await shot(page, '11-labour-cost');
  const poster = await downloaded(page, () => page.locator('[data-test=poster-pdf]').click());
  expect(fs.readFileSync(poster).subarray(0, 5).toString()).toBe('%PDF-');

  // 代发模板: the generic one copied as the bank's own, with a column renamed.
  await page.getByRole('menuitem', { name: '工资支付台账登记管理' }).click();
  await page.locator('[data-test=open-templates]').click();
  const templates = page.locator('[data-test=templates-dialog]');
  await templates.locator('[data-test=templates] .el-table__row', { hasText: '通用代发模板' }).locator('[data-test=edit-template]').click();
  await templates.locator('[data-test=template-name] input, input[data-test=template-name]').first().fill('工商银行代发');
  await templates.locator('[data-test=template-column]').first().locator('input').nth(1).fill('户名');
  await templates.locator('[data-test=save-template]').click();
  await expect(page.locator('.el-message', { hasText: '代发模板“工商银行代发”已保存' })).toBeVisible();
  await expect(templates.locator('[data-test=templates]')).toContainText('工商银行代发');
  await shot(page, '12-bank-templates');
});
