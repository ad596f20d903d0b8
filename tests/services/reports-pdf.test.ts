// The printed reports, rendered by the services on a real SQLite file and read back with poppler
// (pdftotext -layout, pdfinfo, pdffonts): the Chinese text with rare characters comes back, the
// font is embedded as a subset, every page says "第 N 页 共 M 页", and a 1,000-person roster has
// every person, in the screen's order, each row whole on one page.
import { describe, it, expect, afterEach } from 'vitest';
import { openTestApp, errorOf, ManualClock, MANAGER, type TestApp } from '../support/app';
import { addEmployer, fullRecord, importCloud, ORIGIN_WUHAN } from '../support/prereg-helpers';
import { validId } from '../support/fixtures';
import type { PersonRow } from '../../electron/common/contract';
import {
  importRoster, pageNumberOf, pdfBytes, pdfFonts, pdfPageCount, pdfPages, pdfText, rareName, rosterLines, rosterXlsx,
} from './reports-support';

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

const SHORT_EMPLOYER = '上海浦江劳务有限公司';
/** Long enough to wrap in its column: a row with it is two lines tall. */
const LONG_EMPLOYER = '上海市浦东新区建筑劳务派遣服务有限公司第十八工程项目部';
const LONG_HEAD = '上海市浦东新区建筑劳务派遣服务有限公司';
const LONG_TAIL = '第十八工程项目部';

async function open(): Promise<{ app: TestApp; token: string }> {
  t = openTestApp(new ManualClock('2020-02-17T09:00:00+08:00'));
  const token = await t.signedInManager();
  await addEmployer(t, token, 1, SHORT_EMPLOYER);
  await addEmployer(t, token, 2, LONG_EMPLOYER);
  return { app: t, token };
}

async function listAll(app: TestApp, token: string, input: { search?: string; category?: 'worker' | 'manager' } = {}): Promise<PersonRow[]> {
  const rows: PersonRow[] = [];
  for (let page = 1; ; page++) {
    const result = await app.call('persons.list', { page, pageSize: 100, ...input }, token);
    rows.push(...result.rows);
    if (rows.length >= result.total) return rows;
  }
}

function expectEmbeddedSubsetFonts(bytes: Buffer): void {
  const fonts = pdfFonts(bytes);
  expect(fonts.length).toBeGreaterThan(0);
  for (const font of fonts) {
    expect(font.name).toMatch(/^[A-Z]{6}\+NotoSansHans-(Regular|Bold)$/);
    expect(font).toMatchObject({ embedded: true, subset: true, unicode: true });
  }
}

function expectPageNumbers(pages: string[], count: number): void {
  expect(pages).toHaveLength(count);
  pages.forEach((page, i) => {
    expect(pageNumberOf(page), `page ${i + 1}`).toEqual({ n: i + 1, of: count });
    expect(page.match(/第\s*\d+\s*页\s*共/g)).toHaveLength(1);
    // Nothing runs into the footer: the page number is on the page's last line, below everything.
    const lines = page.split('\n').filter((l) => l.trim() !== '');
    expect(lines[lines.length - 1], `page ${i + 1}`).toMatch(/第\s*\d+\s*页\s*共\s*\d+\s*页/);
    // No cell was cut short with an ellipsis to fit.
    expect(page, `page ${i + 1}`).not.toContain('…');
  });
}

/** The rows of a roster page: a line that starts with 序号, then 姓名 and the masked 身份证号. */
function rowLines(page: string): { seq: number; name: string; id: string }[] {
  const rows: { seq: number; name: string; id: string }[] = [];
  for (const line of page.split('\n')) {
    const m = /^\s*(\d+)\s+(\S+)\s+(\d{3}\*{12}[\dX]{3})\s/.exec(line);
    if (m) rows.push({ seq: Number(m[1]), name: m[2]!, id: m[3]! });
  }
  return rows;
}

describe('进场预登记名册', () => {
  it('has all 1,000 people in the screen’s order, numbered pages, and no row cut across a page', async () => {
    const { app, token } = await open();
    const lines = rosterLines(1000, (n) => (n % 4 === 0 ? LONG_EMPLOYER : SHORT_EMPLOYER));
    expect((await importRoster(app, token, await rosterXlsx(lines), true)).imported).toBe(1000);
    const expected = await listAll(app, token);

    // Timed for the record only (no assertion): the first render also loads pdfkit and the font.
    let started = Date.now();
    const file = await app.call('reports.preRegistrationPdf', {}, token);
    const first = Date.now() - started;
    started = Date.now();
    const again = await app.call('reports.preRegistrationPdf', {}, token);
    const second = Date.now() - started;
    const bytes = pdfBytes(file);
    console.log(`1,000-person roster PDF: ${first} ms (first), ${second} ms (again), ${bytes.length} bytes, ${pdfPageCount(bytes)} pages`);
    expect(pdfPageCount(pdfBytes(again))).toBe(pdfPageCount(bytes));

    expect(file.fileName).toBe('进场预登记名册_测试4444_2020-02-17.pdf');
    expect(file.mime).toBe('application/pdf');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expectEmbeddedSubsetFonts(bytes);
    // The font file is 8 MB; only the glyphs used are embedded.
    expect(bytes.length).toBeLessThan(1_500_000);

    const count = pdfPageCount(bytes);
    expect(count).toBeGreaterThan(10);
    const pages = pdfPages(bytes);
    expectPageNumbers(pages, count);

    const seen = new Map<number, { name: string; id: string; page: number }>();
    pages.forEach((page, p) => {
      // The header row is repeated on every page, with the report's header above it.
      expect(page).toMatch(/序号\s+姓名\s+身份证号\s+人员类别\s+用人单位\s+联系电话\s+出发地\s+预登记日期\s+携带家属/);
      expect(page).toContain('进场预登记名册 · 测试4444(合同报送编号 W2019010100011)');
      expect(page).toContain('打印日期:2020-02-17');
      const rows = rowLines(page);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(seen.has(row.seq), `row ${row.seq} twice`).toBe(false);
        seen.set(row.seq, { ...row, page: p });
      }
      // A long employer name wraps onto a second line; that line is on the row's own page.
      const longRows = rows.filter((r) => expected[r.seq - 1]!.employerName === LONG_EMPLOYER).length;
      expect(page.split(LONG_HEAD).length - 1, `page ${p + 1}`).toBe(longRows);
      expect(page.split(LONG_TAIL).length - 1, `page ${p + 1}`).toBe(longRows);
    });
    expect(seen.size).toBe(1000);
    expected.forEach((person, i) => {
      expect(seen.get(i + 1), `row ${i + 1}`).toMatchObject({ name: person.name, id: person.idNumberMasked });
    });
    // Every name of the file, rare characters included.
    const names = new Set([...seen.values()].map((r) => r.name));
    for (const line of lines) expect(names.has(line.姓名), line.姓名).toBe(true);
    const text = pages.join('\n');
    for (const ch of ['喆', '堃', '玥', '犇', '淼', '昇', '珺', '甯']) expect(text).toContain(ch);
  }, 120000);

  it('prints what the screen shows: the category and search filters, with the count', async () => {
    const { app, token } = await open();
    await importRoster(app, token, await rosterXlsx(rosterLines(60, SHORT_EMPLOYER)), true);

    const managers = pdfText(pdfBytes(await app.call('reports.preRegistrationPdf', { category: 'manager' }, token)));
    const expectedManagers = await listAll(app, token, { category: 'manager' });
    expect(expectedManagers).toHaveLength(6);
    expect(managers).toContain('人员类别:现场管理人员 · 共 6 人');
    for (const p of expectedManagers) expect(managers).toContain(p.name);
    expect(rowLines(managers)).toHaveLength(6);

    const search = rareName(3).slice(0, 2);
    const found = await listAll(app, token, { search });
    const searched = pdfText(pdfBytes(await app.call('reports.preRegistrationPdf', { search }, token)));
    expect(searched).toContain(`搜索:“${search}”`);
    expect(rowLines(searched).map((r) => r.name)).toEqual(found.map((p) => p.name));

    const none = pdfText(pdfBytes(await app.call('reports.preRegistrationPdf', { search: '不存在的人' }, token)));
    expect(none).toContain('没有符合条件的预登记人员');
    expect(none).toContain('共 0 人');
  }, 60000);
});

describe('在场人员名册', () => {
  it('lists 工种, 班组 and 用人单位 of the people on site, and the exited ones apart', async () => {
    const { app, token } = await open();
    await importRoster(app, token, await rosterXlsx(rosterLines(6, SHORT_EMPLOYER)), true);
    const people = await listAll(app, token);
    const employers = await app.call('employers.list', {}, token);
    const long = employers.find((e) => e.name === LONG_EMPLOYER)!;
    const workers = people.filter((p) => p.category === 'worker');
    const entries = [];
    for (const [i, p] of workers.entries()) {
      entries.push(await app.call('entries.enter', { personId: p.id, employerId: long.id, workType: i % 2 ? '020' : '240', team: `钢筋${i + 1}班`, enteredOn: '2020-02-16' }, token));
    }
    await app.call('entries.exit', { entryId: entries[0]!.entryId!, exitedOn: '2020-02-17' }, token);

    const onSite = pdfPages(pdfBytes(await app.call('reports.rosterPdf', { category: 'worker' }, token)));
    const text = onSite.join('\n');
    expect(text).toContain('在场人员名册(作业人员)');
    expect(text).toContain('进退场用工管理');
    expect(text).toContain(`共 ${workers.length - 1} 人`);
    for (const p of workers.slice(1)) expect(text).toContain(p.name);
    expect(text).not.toContain(workers[0]!.name);
    expect(text).toMatch(/钢筋工|木工/);
    expect(text).toContain('钢筋2班');
    expect(text).toContain(LONG_TAIL);
    expectPageNumbers(onSite, 1);

    const exited = pdfText(pdfBytes(await app.call('reports.rosterPdf', { category: 'worker', status: 'exited' }, token)));
    expect(exited).toContain('已退场人员名册(作业人员)');
    expect(exited).toContain(workers[0]!.name);
    expect(exited).toMatch(/2020-02-16\s+2020-02-17\s+已退场/);

    const managers = pdfText(pdfBytes(await app.call('reports.rosterPdf', { category: 'manager', status: 'all' }, token)));
    expect(managers).toContain('进退场人员名册(现场管理人员)');
    expect(managers).toContain('没有符合条件的人员');
  }, 60000);
});

describe('每日健康日报', () => {
  it('lists everyone due that day with temperature and symptoms, marks fevers and missing checks, and totals them', async () => {
    const { app, token } = await open();
    await importRoster(app, token, await rosterXlsx(rosterLines(8, SHORT_EMPLOYER)), true);
    const people = await listAll(app, token);
    const employers = await app.call('employers.list', {}, token);
    for (const p of people.slice(0, 3)) {
      await app.call('entries.enter', { personId: p.id, employerId: employers[0]!.id, workType: '020', team: '钢筋一班', enteredOn: '2020-02-17' }, token);
    }
    const [fever, normal, ...rest] = people;
    await app.call('health.batchSave', {
      checkedAt: '2020-02-17 08:30:00',
      rows: [
        { personId: fever!.id, temperature: 37.8, symptoms: ['发热', '咳嗽'] },
        { personId: normal!.id, temperature: 36.4, symptoms: ['无上述异常症状'] },
      ],
    }, token);

    const file = await app.call('reports.dailyHealthPdf', { date: '2020-02-17' }, token);
    expect(file.fileName).toBe('每日健康日报_测试4444_2020-02-17.pdf');
    const bytes = pdfBytes(file);
    expectEmbeddedSubsetFonts(bytes);
    const pages = pdfPages(bytes);
    expectPageNumbers(pages, pdfPageCount(bytes));
    const text = pages.join('\n');
    expect(text).toContain('日报日期:2020-02-17');
    const lineOf = (name: string) => text.split('\n').find((l) => l.includes(name)) ?? '';
    expect(lineOf(fever!.name)).toMatch(/在场\s+37\.8\s+发热、咳嗽\s+发热/);
    expect(lineOf(normal!.name)).toMatch(/在场\s+36\.4\s+无异常/);
    for (const p of rest) expect(lineOf(p.name)).toMatch(/—\s+未测/);
    expect(text).toContain('应测 8 人(在场 3 人,预登记未进场 5 人);已测 2 人,未测 6 人,发热 1 人');
    expect(text).toContain('测温人签名');

    // The day before: nobody was checked.
    const before = pdfText(pdfBytes(await app.call('reports.dailyHealthPdf', { date: '2020-02-16' }, token)));
    expect(before).toContain('已测 0 人,未测 8 人,发热 0 人');

    expect((await errorOf(() => app.call('reports.dailyHealthPdf', { date: '2020-02-18' }, token))).message).toBe('日报日期 2020-02-18 不能晚于今天');
    expect((await errorOf(() => app.call('reports.dailyHealthPdf', { date: '2020-02-30' }, token))).code).toBe('VALIDATION');
  }, 60000);
});

describe('健康状况信息登记表', () => {
  it('has the person, 出发地, the 健康云 record, every check, the dispositions and the signature lines', async () => {
    const { app, token } = await open();
    const person = { idNumber: validId('42010619900101002'), name: '王堃' };
    await importCloud(app, token, [fullRecord(person.idNumber, person.name, { 上报地址: '上海虹桥站', 出行方式: '火车G7011' })]);
    const employers = await app.call('employers.list', {}, token);
    const created = await app.call('persons.create', {
      category: 'worker', idNumber: person.idNumber, name: person.name, origin: ORIGIN_WUHAN, employerId: employers[0]!.id, phone: '13912345678', useHealthCloud: true,
    }, token);
    await app.call('health.create', { personId: created.id, checkedAt: '2020-02-15 08:00:00', symptoms: ['无上述异常症状'], temperature: 36.5 }, token);
    await app.call('health.create', { personId: created.id, checkedAt: '2020-02-16 08:00:00', symptoms: ['发热', '咽痛'], temperature: 37.9 }, token);
    await app.call('dispositions.set', { personId: created.id, state: 'isolate', startedAt: '2020-02-16 10:00:00', method: '居家隔离' }, token);

    const file = await app.call('reports.healthFormPdf', { personId: created.id }, token);
    expect(file.fileName).toBe('健康状况信息登记表_王堃_2020-02-17.pdf');
    const bytes = pdfBytes(file);
    expectEmbeddedSubsetFonts(bytes);
    const pages = pdfPages(bytes);
    expectPageNumbers(pages, pdfPageCount(bytes));
    const text = pages.join('\n');
    for (const s of ['健康状况信息登记表', '个人信息', '出发地', '健康云登记信息', '每日健康记录(共 2 次)', '处置记录']) expect(text).toContain(s);
    // The 项目负责人 sees the full number on the person's page, and on the form.
    expect(text).toContain(person.idNumber);
    expect(text).toContain('王堃');
    expect(text).toContain('湖北省 武汉市');
    expect(text).toMatch(/上报地址\s+上海虹桥站/);
    expect(text).toMatch(/出行方式\s+火车G7011/);
    expect(text).toMatch(/2020-02-15 08:00:00\s+36\.5\s+无上述异常症状/);
    expect(text).toMatch(/2020-02-16 08:00:00\s+37\.9\s+发热、咽痛\s+发热/);
    expect(text).toMatch(/需隔离\s+2020-02-16 10:00:00\s+居家隔离\s+王建国/);
    expect(text).toMatch(/当前处置状态\s+需隔离/);
    expect(text).toContain('本人签名');
    expect(text).toContain('工地负责人签名(盖章)');
    expect(text).toContain('日期');

    expect((await errorOf(() => app.call('reports.healthFormPdf', { personId: 'nobody' }, token))).code).toBe('NOT_FOUND');
  }, 60000);
});

describe('工地疫情防控信息表', () => {
  it('prints the team, hospital and supplies with quantities once they are saved', async () => {
    const { app, token } = await open();
    expect((await errorOf(() => app.call('reports.epidemicInfoPdf', {}, token))).message).toBe('尚未填写工地疫情防控信息:请先填写并提交,再打印信息表');
    await app.call('epidemicInfo.save', {
      teamMembers: [
        { name: MANAGER.name, role: '组长', phone: MANAGER.phone },
        { name: '李玥', role: '副组长', phone: '13911112222' },
        { name: '张喆', role: '防疫专员', phone: '021-63211234' },
      ],
      hospitalName: '上海市第九人民医院黄浦分院',
      hospitalAddress: '上海市黄浦区制造局路639号',
      hospitalPhone: '021-63138341',
      supplies: [{ item: '医用口罩', quantity: 2000, unit: '只' }, { item: '额温枪', quantity: 6, unit: '把' }],
      other: '工地入口设测温点,每日早晚两次消毒。',
    }, token);

    const file = await app.call('reports.epidemicInfoPdf', {}, token);
    const bytes = pdfBytes(file);
    expectEmbeddedSubsetFonts(bytes);
    const pages = pdfPages(bytes);
    expectPageNumbers(pages, pdfPageCount(bytes));
    const text = pages.join('\n');
    expect(text).toContain('工地疫情防控信息表');
    expect(text).toMatch(/项目名称\s+测试4444\s+合同报送编号\s+W2019010100011/);
    expect(text).toMatch(/2\s+李玥\s+副组长\s+13911112222/);
    expect(text).toMatch(/3\s+张喆\s+防疫专员\s+021-63211234/);
    expect(text).toMatch(/医院名称\s+上海市第九人民医院黄浦分院/);
    expect(text).toMatch(/1\s+医用口罩\s+2000\s+只/);
    expect(text).toMatch(/2\s+额温枪\s+6\s+把/);
    expect(text).toContain('工地入口设测温点,每日早晚两次消毒。');
    expect(text).toContain('项目负责人签名');
  }, 60000);
});

describe('any report', () => {
  it('needs a signed-in user inside the project', async () => {
    const { app } = await open();
    expect((await errorOf(() => app.call('reports.preRegistrationPdf', {}, null))).code).toBe('UNAUTHENTICATED');
  });
});
