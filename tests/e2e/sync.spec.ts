// Issue 6 end to end: two site offices record pre-registrations, health checks and entries; one
// pushes over HTTP to the central system (`siteoffice serve --central` on 127.0.0.1), the other
// exports to a folder that the central side imports; the 监督管理人员 then filters
// 实名制作业人员信息查询 by 所在监督站 and sees each contract's 预登记人数 and 在场数/总数.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { computeCheckCharacter } from '../../electron/common/idnumber';
import { completeCreditCode } from '../../electron/common/credit-code';
import { PROJECT } from '../support/app';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'electron', 'cli', 'siteoffice.cjs');
const id = (first17: string) => first17 + computeCheckCharacter(first17);

const MANAGER = { idNumber: '11010519491231002X', password: 'pw123456', name: '王建国', phone: '13800138000' };
const SUPERVISOR = { idNumber: id('31010119700101001'), password: 'pw123456', name: '李监督' };
const PROJECT_A = PROJECT; // 黄浦区建设工程安全质量监督站
const PROJECT_B = {
  contractNo: 'W2017050130174', buildNo: '16ZJPD0067', name: '浦东新区御桥社区02单元', generalContractor: '江苏南通三建集团股份有限公司',
  contractorType: '施工企业' as const, supervisionStation: '浦东新区建设工程安全质量监督站',
};

const children: ChildProcess[] = [];
const dirs: string[] = [];

function tmp(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

function runCli(...args: string[]): string {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`siteoffice ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

function serve(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'serve', '--port', '0', ...args], { cwd: root });
    children.push(child);
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (m) resolve(m[0]);
    });
    child.stderr!.on('data', (c: Buffer) => { err += c.toString(); });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
}

test.afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function api(request: APIRequestContext, base: string, command: string, input: unknown = {}): Promise<unknown> {
  const response = await request.post(`${base}/api/${command}`, { data: input, headers: { 'X-Siteoffice': '1' } });
  const body = (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
  if (!body.ok) throw new Error(`${command}: ${body.error?.message}`);
  return body.value;
}

/** Shanghai site time now (the servers run on the real clock), a minute ago. */
function siteNow(): { date: string; dateTime: string } {
  const t = new Date(Date.now() - 60000 + 8 * 3600000).toISOString();
  return { date: t.slice(0, 10), dateTime: `${t.slice(0, 10)} ${t.slice(11, 19)}` };
}

interface SitePlan {
  project: typeof PROJECT_A;
  people: { idNumber: string; name: string }[];
  /** How many of them enter, and how many of those leave again. */
  enter: number;
  exit: number;
}

/** A site office's day, through its own API: 用人单位, 进场预登记, 每日健康, 进场登记 and 退场登记. */
async function recordDay(page: Page, base: string, plan: SitePlan): Promise<void> {
  const r = page.request;
  await api(r, base, 'setup.initialize', { project: plan.project, manager: { idNumber: MANAGER.idNumber, name: MANAGER.name, phone: MANAGER.phone, password: MANAGER.password } });
  await api(r, base, 'auth.signIn', { idNumber: MANAGER.idNumber, password: MANAGER.password });
  const [project] = (await api(r, base, 'projects.list')) as { id: string }[];
  await api(r, base, 'projects.enter', { projectId: project!.id });
  const employer = (await api(r, base, 'employers.create', {
    name: '上海申江建筑劳务有限公司', creditCode: completeCreditCode('91310115MA1K30002'), participantType: '006', contractNo: 'W2019010100012',
  })) as { id: string };
  const now = siteNow();
  const ids: string[] = [];
  for (const who of plan.people) {
    const person = (await api(r, base, 'persons.create', {
      category: 'worker', ...who, origin: { provinceCode: '320000', cityCode: '320500' }, employerId: employer.id, phone: '13912345678', useHealthCloud: false,
    })) as { id: string };
    await api(r, base, 'health.create', { personId: person.id, checkedAt: now.dateTime, symptoms: ['无上述异常症状'], temperature: 36.5 });
    ids.push(person.id);
  }
  for (let i = 0; i < plan.enter; i++) {
    const row = (await api(r, base, 'entries.enter', { personId: ids[i], employerId: employer.id, workType: '020', team: '钢筋一班', enteredOn: now.date })) as { entryId: string };
    if (i < plan.exit) await api(r, base, 'entries.exit', { entryId: row.entryId, exitedOn: now.date });
  }
}

async function openSite(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

async function goToSync(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/#/p/sync`);
  await expect(page.getByRole('heading', { name: '同步', exact: true })).toBeVisible();
}

test('two sites reach the central system, by push and by folder, and 监督 sees each contract right', async ({ browser }) => {
  test.setTimeout(180000);
  const centralDir = tmp('siteoffice-e2e-central-');
  const usb = tmp('siteoffice-e2e-usb-');
  const files = tmp('siteoffice-e2e-files-');
  runCli('central', 'init', '--data-dir', centralDir, '--user', SUPERVISOR.idNumber, '--password', SUPERVISOR.password, '--name', SUPERVISOR.name);
  const centralReg = path.join(files, 'central.registration.json');
  runCli('sync', 'register', '--data-dir', centralDir, '--out', centralReg);

  // Two site offices record a day's work.
  const baseA = await serve('--data-dir', tmp('siteoffice-e2e-a-'));
  const baseB = await serve('--data-dir', tmp('siteoffice-e2e-b-'));
  const a = await openSite(browser);
  const b = await openSite(browser);
  await recordDay(a, baseA, {
    project: PROJECT_A,
    people: [{ idNumber: id('32058319800101011'), name: '赵建军' }, { idNumber: id('42010619810202021'), name: '钱志强' }, { idNumber: id('42050219820303031'), name: '孙丽' }],
    enter: 2,
    exit: 1,
  });
  await recordDay(b, baseB, {
    project: PROJECT_B,
    people: [{ idNumber: id('32058319840505051'), name: '周国庆' }, { idNumber: id('32058319850606062'), name: '吴海燕' }, { idNumber: id('32058319860707072'), name: '郑春花' }, { idNumber: id('32058319870808081'), name: '王晓东' }],
    enter: 3,
    exit: 0,
  });

  // The central system registers both sites (their 注册 files), then starts.
  for (const [page, base, name] of [[a, baseA, 'a'], [b, baseB, 'b']] as const) {
    const file = (await api(page.request, base, 'sync.registration')) as { dataBase64: string };
    const target = path.join(files, `${name}.registration.json`);
    fs.writeFileSync(target, Buffer.from(file.dataBase64, 'base64'));
    runCli('sync', 'trust', '--data-dir', centralDir, target);
  }
  const central = await serve('--central', '--data-dir', centralDir);
  const centralRegistration = { name: 'central.registration.json', mimeType: 'application/json', buffer: fs.readFileSync(centralReg) };

  // Site A: 注册 (the central system's file and address), then 推送.
  await goToSync(a, baseA);
  await expect(a.locator('[data-test=sync-pending] .number')).not.toContainText(/^0/);
  await a.getByRole('tab', { name: '注册' }).click();
  await a.locator('[data-test=central-registration-file]').setInputFiles(centralRegistration);
  await expect(a.locator('[data-test=sync-central]')).toContainText('已登记');
  await a.locator('input[name=centralUrl]').fill(central);
  await a.locator('[data-test=save-central-url]').click();
  await expect(a.locator('.el-message', { hasText: '中心系统地址已保存' }).last()).toBeVisible();
  await a.getByRole('tab', { name: '导出与推送' }).click();
  await a.locator('[data-test=push]').click();
  await expect(a.locator('[data-test=sync-pending] .number')).toHaveText(/^0/, { timeout: 20000 });
  await a.getByRole('tab', { name: /推送队列/ }).click();
  await expect(a.locator('[data-test=push-queue] .el-table__row').first()).toContainText('已确认');
  await a.screenshot({ path: 'test-results/sync-site-pushed.png', fullPage: true });

  // Site B: 导出同步包 to the USB stick.
  await goToSync(b, baseB);
  await b.getByRole('tab', { name: '注册' }).click();
  await b.locator('[data-test=central-registration-file]').setInputFiles(centralRegistration);
  await expect(b.locator('[data-test=sync-central]')).toContainText('已登记');
  await b.getByRole('tab', { name: '导出与推送' }).click();
  await b.locator('input[name=folder]').fill(usb);
  await b.locator('[data-test=export-bundle]').click();
  await expect(b.locator('[data-test=export-result]')).toContainText(usb);
  await b.screenshot({ path: 'test-results/sync-site-exported.png', fullPage: true });
  expect(fs.readdirSync(usb).filter((f) => f.endsWith('.sobundle'))).toHaveLength(1);

  // The 监督管理人员 signs in on the central system and lands on 实名制作业人员信息查询.
  const context = await browser.newContext();
  const s = await context.newPage();
  await s.goto(central);
  await s.locator('input[name=idNumber]').fill(SUPERVISOR.idNumber);
  await s.locator('input[name=password]').fill(SUPERVISOR.password);
  await s.getByRole('button', { name: '登录' }).click();
  await expect(s.getByRole('tab', { name: '实名制作业人员信息查询' })).toHaveAttribute('aria-selected', 'true');
  await expect(s.locator('[data-test=supervisor-name]')).toHaveText(SUPERVISOR.name);
  // Only the pushed contract so far.
  await expect(s.locator('[data-test=supervision-rows] .el-table__row')).toHaveCount(1);

  // 同步接收: import the USB stick's folder.
  await s.getByRole('tab', { name: '同步接收' }).click();
  await s.locator('input[name=importFolder]').fill(usb);
  await s.locator('[data-test=import-folder]').click();
  await expect(s.locator('[data-test=folder-results]')).toContainText('已导入');
  await expect(s.locator('[data-test=sites] .el-table__row')).toHaveCount(2);
  await expect(s.locator('[data-test=received] .el-table__row')).toHaveCount(2);
  await s.screenshot({ path: 'test-results/sync-central-received.png', fullPage: true });

  // 实名制作业人员信息查询, by 所在监督站.
  await s.getByRole('tab', { name: '实名制作业人员信息查询' }).click();
  const rows = s.locator('[data-test=supervision-rows] .el-table__row');
  const pick = async (station: string) => {
    await s.locator('[data-test=station]').click();
    await s.getByRole('option', { name: station, exact: true }).click();
    await s.locator('[data-test=query]').click();
  };
  await pick('黄浦区建设工程安全质量监督站');
  await expect(rows).toHaveCount(1);
  const cells = (row: number) => rows.nth(row).locator('td');
  await expect(cells(0).nth(1)).toHaveText(PROJECT_A.contractNo);
  await expect(cells(0).nth(2)).toHaveText(PROJECT_A.buildNo);
  await expect(cells(0).nth(3)).toHaveText(PROJECT_A.name);
  await expect(cells(0).nth(6)).toHaveText('1'); // 用人单位(数量)
  await expect(cells(0).nth(7)).toHaveText('3'); // 预登记人(数量)
  await expect(cells(0).nth(8)).toHaveText('1/2'); // 用人人员(在场数/总数)
  await pick('浦东新区建设工程安全质量监督站');
  await expect(rows).toHaveCount(1);
  await expect(cells(0).nth(1)).toHaveText(PROJECT_B.contractNo);
  await expect(cells(0).nth(7)).toHaveText('4');
  await expect(cells(0).nth(8)).toHaveText('3/3');
  await pick('全部');
  await expect(rows).toHaveCount(2);
  await expect(s.locator('[data-test=page-summary]')).toHaveText('显示1到2,共2记录');
  await s.screenshot({ path: 'test-results/sync-supervision-query.png', fullPage: true });

  // 详情 查看.
  await rows.filter({ hasText: PROJECT_A.contractNo }).getByRole('button', { name: '查看' }).click();
  const dialog = s.locator('[data-test=detail]');
  await expect(dialog).toContainText(`详情:${PROJECT_A.name}`);
  await dialog.getByRole('tab', { name: /预登记人员/ }).click();
  await expect(dialog.locator('[data-test=detail-persons] .el-table__row')).toHaveCount(3);
  await expect(dialog.locator('[data-test=detail-persons]')).toContainText('320**');
  await dialog.getByRole('tab', { name: /今日健康/ }).click();
  await expect(dialog.getByRole('tab', { name: '今日健康(2/2)' })).toBeVisible(); // one of the three has left
  await expect(dialog).toContainText('应测 2 人,已测 2 人,共 3 次测量');
  await s.screenshot({ path: 'test-results/sync-supervision-detail.png' });

  // 人员查询: one person among every contract, by pinyin initials, ID fragment or name.
  await s.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await s.getByRole('tab', { name: '人员查询' }).click();
  const people = s.locator('[data-test=person-rows] .el-table__row');
  await expect(people).toHaveCount(7);
  const searchBox = s.locator('input[name=personSearch]');
  await searchBox.fill('zjj');
  await expect(people.first()).toContainText('赵建军');
  await expect(people).toHaveCount(1);
  await expect(people.first()).toContainText(PROJECT_A.contractNo);
  await searchBox.fill('0505');
  await expect(people.first()).toContainText('周国庆');
  await expect(people).toHaveCount(1);
  await expect(people.first()).toContainText(PROJECT_B.contractNo);
  await expect(people.first()).toContainText('浦东新区建设工程安全质量监督站');
  await searchBox.fill('钱');
  await expect(people.first()).toContainText('钱志强'); // the answer to this search, not the last one's
  await expect(people).toHaveCount(1);
  await expect(people.first()).toContainText(`在场(`);
  await s.screenshot({ path: 'test-results/sync-supervision-persons.png', fullPage: true });
  await people.first().getByRole('button', { name: '查看' }).click();
  await expect(dialog).toContainText(`详情:${PROJECT_A.name}`);
  await expect(dialog.getByRole('tab', { name: /预登记人员/ })).toHaveAttribute('aria-selected', 'true');
  await s.keyboard.press('Escape');

  // Site B imports the acknowledgement the central system left on the stick: nothing waits any more.
  const ack = fs.readdirSync(usb).find((f) => f.endsWith('.ack.json'))!;
  await b.locator('[data-test=ack-file]').setInputFiles(path.join(usb, ack));
  await expect(b.locator('[data-test=sync-pending] .number')).toHaveText(/^0/);
  await expect(b.locator('[data-test=sync-acked]')).toContainText('回执文件');
});
