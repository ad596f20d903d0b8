// Issue 17 as a site office would do it, in Chromium, on the demo project served with the gate
// receivers on (siteoffice serve --gate-port 0): hide 工地疫情防控管理, register a 参建单位 (a wrong
// credit code first) and a 班组, hire two workers by ID card tap and dispatch them, let a stand-in
// ZKTeco gate push yesterday's punches over real HTTP, sign the late one in by 班前签到 with the
// keyboard, enter and approve a 补卡 for the out the gate missed, and open the 月度考勤表 with the
// right days and hours. Screenshots go to test-results/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, DEMO_USER, menuItem, runCli, signInAndEnter, startGatedServer, type Server } from './fixtures';
import { attlogLine, ZktecoDevice } from '../support/gate-devices';
import { RESIDENT_WANG, RESIDENT_ZHANG } from '../../electron/common/idcard';
import { completeCreditCode } from '../../electron/common/credit-code';
import { addDays, siteDate } from '../../electron/common/site-time';
import { pdfText } from '../support/labour-files';

const test = base.extend<{ gated: Server & { gatePort: number; roster: string } }>({
  gated: async ({}, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-e2e-labour-'));
    const demo = runCli(['demo', '--data-dir', dataDir, '--user', DEMO_USER.idNumber, '--password', DEMO_USER.password]);
    if (demo.status !== 0) throw new Error(`demo failed: ${demo.stderr}`);
    // The register as its CSV export has it, read before the server takes the data folder.
    const roster = runCli(['roster', 'export', '--data-dir', dataDir, '--project', 'W2019010100011', '--format', 'csv']);
    if (roster.status !== 0) throw new Error(`roster export failed: ${roster.stderr}`);
    const { child, url, gatePort } = await startGatedServer(dataDir);
    await use({ url, dataDir, gatePort, roster: roster.stdout });
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
});

const today = siteDate(new Date());
const yesterday = addDays(today, -1);
const creditCode = completeCreditCode('91310115MA1K7E2E1');

/** The input of the date picker labelled `label` (a date picker keeps no attribute of ours on its input). */
function dateInput(scope: ReturnType<import('@playwright/test').Page['locator']>, label: RegExp) {
  return scope.getByRole('combobox', { name: label });
}

/** Types a date into an Element Plus date picker and confirms it. */
async function pickDate(input: ReturnType<import('@playwright/test').Page['locator']>, date: string) {
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

test('参建单位, 班组, hire by card, dispatch, a gate\'s day, 班前签到, 补卡 approved, 月度考勤表', async ({ page, gated }) => {
  // The whole journey of a working day: on a loaded 2-core machine it runs beyond the default.
  test.setTimeout(420_000);
  await signInAndEnter(page, gated);

  // 设置: the simulator as the desk's reader; 工地疫情防控管理 hidden, so hiring needs no pre-registration.
  await menuItem(page, '基本信息', '设置').click();
  const reader = page.locator('[data-test=idcard-settings]');
  await reader.locator('[data-test=idcard-plugin]').click();
  await page.getByRole('option', { name: /^模拟读卡器/ }).click();
  await reader.locator('.el-form-item', { hasText: '读卡耗时(毫秒)' }).locator('input').fill('0');
  await reader.locator('[data-test=idcard-save]').click();
  await expect(page.getByText('身份证阅读器已设为“模拟读卡器”')).toBeVisible();
  await page.locator('[data-test=epidemic-hidden]').click();
  await page.locator('[data-test=save-labour-settings]').click();
  await expect(page.getByText('已隐藏工地疫情防控管理')).toBeVisible();
  await expect(page.getByRole('menuitem', { name: '工地疫情防控管理' })).toHaveCount(0);
  // The labour modules come first in the menu.
  const groups = (await page.locator('.aside .el-menu > .el-sub-menu > .el-sub-menu__title').allInnerTexts()).map((t) => t.trim());
  expect(groups.slice(0, 2)).toEqual(['进退场用工管理', '现场管理人员实名制']);

  // 参建单位: a wrong check character is refused, naming it; then the right code.
  await menuItem(page, '进退场用工管理', '参建单位').click();
  await page.locator('[data-test=open-participant]').click();
  const pd = page.locator('[data-test=participant-dialog]');
  await pd.locator('input[name=participantName]').fill('上海东方建筑劳务有限公司');
  await pd.locator('input[name=creditCode]').fill(`${creditCode.slice(0, 17)}${creditCode.endsWith('A') ? 'B' : 'A'}`);
  await pd.locator('[data-test=save-participant]').click();
  await expect(page.locator('.el-message', { hasText: `统一社会信用代码校验位错误:应为 ${creditCode[17]}` })).toBeVisible();
  await pd.locator('input[name=creditCode]').fill(creditCode);
  await pd.locator('.el-form-item', { hasText: '劳资专管员' }).locator('input').first().fill('沈丽');
  await pd.locator('[data-test=save-participant]').click();
  await expect(page.locator('[data-test=participants]')).toContainText('上海东方建筑劳务有限公司');
  await expect(page.locator('[data-test=participants]')).toContainText('沈丽');

  // 班组.
  await menuItem(page, '进退场用工管理', '班组').click();
  await page.locator('[data-test=open-team]').click();
  const td = page.locator('[data-test=team-dialog]');
  await td.locator('[data-test=team-employer]').click();
  await page.getByRole('option', { name: '上海东方建筑劳务有限公司', exact: true }).click();
  await td.locator('input[name=teamName]').fill('东方钢筋班');
  await td.locator('[data-test=team-work-type]').click();
  await page.getByRole('option', { name: '020 钢筋工', exact: true }).click();
  await td.locator('[data-test=save-team]').click();
  await expect(page.locator('[data-test=teams]')).toContainText('东方钢筋班');

  // 聘用登记 by card tap, twice (the simulator gives 张喆, then 王…), 派工 and 进场 yesterday.
  await menuItem(page, '进退场用工管理', '作业人员').click();
  const workerNos: string[] = [];
  for (const [card, n] of [[RESIDENT_ZHANG, 1], [RESIDENT_WANG, 2]] as const) {
    await page.locator('[data-test=open-hire]').click();
    const hd = page.locator('[data-test=hire-dialog]');
    await hd.locator('[data-test=read-id-card]').click();
    await expect(hd.locator('input[name=hireIdNumber]')).toHaveValue(card.idNumber);
    await expect(hd.locator('input[name=hireName]')).toHaveValue(card.name);
    await expect(hd.getByText('已读取证件照片')).toBeVisible();
    await hd.locator('input[name=hirePhone]').fill(`1391111000${n}`);
    await hd.locator('[data-test=hire-employer]').click();
    await page.getByRole('option', { name: /^上海东方建筑劳务有限公司/ }).click();
    await hd.locator('[data-test=hire-work-type]').click();
    await page.getByRole('option', { name: '020 钢筋工', exact: true }).click();
    await pickDate(hd.locator('.el-form-item', { hasText: '聘用日期' }).locator('input'), yesterday);
    await pickDate(hd.locator('.el-form-item', { hasText: '签订日期' }).locator('input'), yesterday);
    await pickDate(hd.locator('.el-form-item', { hasText: '开始日期' }).locator('input'), yesterday);
    await hd.locator('input[name=wage]').fill(n === 1 ? '350' : '380');
    await hd.locator('[data-test=hire-bank]').click();
    await page.getByRole('option', { name: '中国工商银行(102)', exact: true }).click();
    await hd.locator('input[name=cardNo]').fill(n === 1 ? '6222021234567890128' : '6222021234567890127');
    if (n === 2) await expect(hd.locator('[data-test=card-hint]')).toContainText('Luhn');
    if (n === 1) await page.screenshot({ path: 'test-results/labour-hire.png' });
    await hd.locator('[data-test=do-hire]').click();
    const message = page.locator('.el-message', { hasText: `${card.name}:已聘用登记,工号` });
    await expect(message).toBeVisible();
    workerNos.push(/工号 (\d+)/.exec(await message.innerText())![1]!);
    const row = page.locator('[data-test=workers] .el-table__body-wrapper .el-table__row', { hasText: card.name });
    await row.locator('[data-test=open-dispatch]').click();
    const sd = page.locator('[data-test=step-dialog]');
    await sd.locator('[data-test=dispatch-team]').click();
    await page.getByRole('option', { name: /^东方钢筋班/ }).click();
    await pickDate(dateInput(sd, /(派工|进场)日期/), yesterday);
    await sd.locator('[data-test=do-step]').click();
    await expect(page.locator('.el-message', { hasText: `${card.name} 已派往班组“东方钢筋班”` })).toBeVisible();
    await row.locator('[data-test=open-enter]').click();
    await pickDate(dateInput(sd, /(派工|进场)日期/), yesterday);
    await sd.locator('[data-test=do-step]').click();
    await expect(page.locator('.el-message', { hasText: `${card.name} 已进场(${yesterday})` })).toBeVisible();
  }
  const [zhangNo, wangNo] = workerNos as [string, string];

  // 设备管理: the two gates of the east entrance.
  await menuItem(page, '进退场用工管理', '设备管理').click();
  await expect(page.locator('[data-test=gate-port]')).toContainText(`正在端口 ${gated.gatePort} 接收`);
  for (const [serial, direction] of [['E2E-ZK-IN', '进'], ['E2E-ZK-OUT', '出']] as const) {
    await page.locator('[data-test=open-device]').click();
    const dd = page.locator('[data-test=device-dialog]');
    await dd.locator('input[name=deviceSerial]').fill(serial);
    await dd.getByRole('radio', { name: direction, exact: true }).check({ force: true });
    await dd.locator('[data-test=save-device]').click();
    await expect(page.locator('[data-test=devices]')).toContainText(serial);
  }

  // Yesterday at the gates: 张喆 07:00–17:30; 王… came in at 07:10 and the out gate missed them.
  const inGate = new ZktecoDevice(`http://127.0.0.1:${gated.gatePort}`, 'E2E-ZK-IN');
  const outGate = new ZktecoDevice(`http://127.0.0.1:${gated.gatePort}`, 'E2E-ZK-OUT');
  expect((await inGate.handshake()).status).toBe(200);
  expect((await inGate.upload([attlogLine(zhangNo, `${yesterday} 07:00:00`), attlogLine(wangNo, `${yesterday} 07:10:00`)])).accepted).toBe(true);
  expect((await outGate.upload([attlogLine(zhangNo, `${yesterday} 17:30:00`)])).accepted).toBe(true);
  // A resend changes nothing.
  expect((await outGate.upload([attlogLine(zhangNo, `${yesterday} 17:30:00`)])).accepted).toBe(true);
  await page.reload();
  await expect(page.locator('[data-test=gate-log]')).toContainText('重复 1 条');

  // 班前签到 today: 王… is late; picked from the team by keyboard alone.
  await menuItem(page, '进退场用工管理', '班前签到').click();
  await page.locator('[data-test=sign-in-team]').click();
  await page.getByRole('option', { name: '东方钢筋班', exact: true }).click();
  await expect(page.locator('[data-test=sign-in-summary]')).toContainText('已到 0 人,未到 2 人');
  await page.locator('[data-test=sign-in-pick] input').click();
  await page.keyboard.type(wangNo);
  await expect(page.getByRole('option', { name: `${wangNo} ${RESIDENT_WANG.name}` })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-test=sign-in-last]')).toContainText(`${RESIDENT_WANG.name} 签到成功`);
  await expect(page.locator('[data-test=sign-in-summary]')).toContainText('已到 1 人,未到 1 人');
  await page.screenshot({ path: 'test-results/labour-sign-in.png' });

  // 考勤异常 → 补卡 for 王…'s missing out, then approved by the 项目负责人.
  await menuItem(page, '进退场用工管理', '考勤异常').click();
  const anomaly = page.locator('[data-test=anomalies] .el-table__row', { hasText: RESIDENT_WANG.name });
  await expect(anomaly).toContainText('有进无出');
  await anomaly.locator('[data-test=anomaly-makeup]').click();
  const md = page.locator('[data-test=makeup-dialog]');
  await expect(md.getByRole('combobox', { name: /补卡时间/ })).toHaveValue(`${yesterday} 17:00`);
  await md.locator('input[name=makeupReason]').fill('出场闸机断电');
  await md.locator('[data-test=do-makeup]').click();
  await expect(page.getByText('待项目负责人审批')).toBeVisible();
  await menuItem(page, '进退场用工管理', '补卡').click();
  const pending = page.locator('[data-test=makeups] .el-table__row', { hasText: RESIDENT_WANG.name });
  await expect(pending).toContainText('出场闸机断电');
  await page.locator('[data-test=makeups] [data-test=approve-makeup]').first().click();
  await page.locator('[data-test=decide-dialog] [data-test=do-decide]').click();
  await expect(page.locator('.el-message', { hasText: `${RESIDENT_WANG.name} 的补卡已通过` })).toBeVisible();

  // 月度考勤表 of the team: yesterday 10.5 h and 9.8 h; today 王…'s 班前签到 (√) where the month is the same.
  await menuItem(page, '进退场用工管理', '月度考勤表').click();
  await pickDate(page.locator('.toolbar input').first(), yesterday.slice(0, 7));
  await page.locator('[data-test=sheet-team]').click();
  await page.getByRole('option', { name: '东方钢筋班', exact: true }).click();
  const sheet = page.locator('[data-test=month-sheet]');
  const zhang = sheet.locator('.el-table__body-wrapper .el-table__row', { hasText: RESIDENT_ZHANG.name });
  const wang = sheet.locator('.el-table__body-wrapper .el-table__row', { hasText: RESIDENT_WANG.name });
  await expect(zhang.locator(`[data-day="${yesterday}"]`)).toHaveText('10.5');
  await expect(wang.locator(`[data-day="${yesterday}"]`)).toHaveText('9.8'); // 07:10–17:00
  const sameMonth = today.slice(0, 7) === yesterday.slice(0, 7);
  if (sameMonth) await expect(wang.locator(`[data-day="${today}"]`)).toHaveText('√');
  await expect(zhang).toContainText('10.5');
  await expect(page.locator('.muted', { hasText: '东方钢筋班 · 2 人' })).toBeVisible();
  await page.screenshot({ path: 'test-results/labour-month-sheet.png', fullPage: true });

  // The today board.
  await page.getByRole('menuitem', { name: '今日概况' }).click();
  await expect(page.locator('[data-test=board-attendance]')).toContainText('今日出勤');
  await expect(page.locator('[data-test=not-punched]')).toContainText(RESIDENT_ZHANG.name);
  await page.screenshot({ path: 'test-results/labour-board.png', fullPage: true });
});

test('导入考勤: a 考勤机\'s export, checked row by row, imported whole, shown in 考勤记录', async ({ page, gated }) => {
  test.setTimeout(180_000);
  // Two workers of the demo site, by the register's own export.
  const [header, ...lines] = gated.roster.replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(','));
  const [first, second] = lines.map((l) => ({ no: l[header!.indexOf('工号')]!, name: l[header!.indexOf('姓名')]! }));
  // Just after midnight of today: never later than now, whenever the test runs.
  const csv = (rows: string[][]) => Buffer.from(`\uFEFF考勤号码,姓名,刷卡时间,出入类型\n${rows.map((r) => r.join(',')).join('\n')}\n`);
  const good = [[first!.no, first!.name, `${today} 00:00:10`, '进'], [second!.no, second!.name, `${today} 00:00:20`, '进']];

  await signInAndEnter(page, gated);
  await menuItem(page, '进退场用工管理', '考勤记录').click();
  await page.locator('[data-test=open-punch-import]').click();
  // A wrong name: reported by row and column, 确认导入 stays disabled.
  await page.locator('[data-test=import-input]').setInputFiles({ name: '考勤机导出.csv', mimeType: 'text/csv', buffer: csv([good[0]!, [second!.no, '错名字', `${today} 00:00:20`, '进']]) });
  const errors = page.locator('[data-test=import-errors]');
  await expect(errors).toContainText('姓名');
  await expect(errors).toContainText(second!.name);
  await expect(page.locator('[data-test=import-confirm]')).toBeDisabled();
  // The corrected file goes in whole.
  await page.locator('[data-test=import-input]').setInputFiles({ name: '考勤机导出.csv', mimeType: 'text/csv', buffer: csv(good) });
  await expect(page.locator('[data-test=import-report]')).toContainText('可导入 2 行');
  await page.locator('[data-test=import-confirm]').click();
  await expect(page.locator('.el-message', { hasText: '已导入 2 条记录' })).toBeVisible();
  const punches = page.locator('[data-test=punches]');
  for (const [no, name, at] of good) {
    const row = punches.locator('.el-table__row', { hasText: at! });
    await expect(row).toContainText(name!);
    await expect(row).toContainText(no!);
    await expect(row).toContainText('导入');
  }
  await page.screenshot({ path: 'test-results/labour-punch-import.png', fullPage: true });

  // The month's sheet as a PDF: made as a task with its progress, handed over when done.
  await menuItem(page, '进退场用工管理', '月度考勤表').click();
  await expect(page.locator('[data-test=month-sheet]')).toContainText(first!.name);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=export-pdf]').click()]);
  expect(download.suggestedFilename()).toMatch(/^月度考勤表.*\.pdf$/);
  const text = pdfText(fs.readFileSync((await download.path())!));
  expect(text).toContain(`月度考勤表(${today.slice(0, 7)})`);
  expect(text).toContain(second!.name);
  await expect(page.locator('[data-test=task-progress]')).toHaveCount(0);
});
