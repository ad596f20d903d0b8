// 进场预登记 and 携带家属: persons.create / list / get and family.create / list, on a real SQLite
// file, with the 健康云 records the site imported and a clock the test sets by hand.
import { describe, it, expect, afterEach } from 'vitest';
import { openTestApp, errorOf, snapshot, ManualClock, MANAGER, PROJECT, type TestApp } from '../support/app';
import { OPERATOR, validId, wrongCheckId } from '../support/fixtures';
import { computeCheckCharacter } from '../../electron/common/idnumber';
import type { Employer } from '../../electron/common/contract';
import {
  addEmployer, changeRows, countRows, fullRecord, importCloud, operatorToken, ORIGIN_SUZHOU, ORIGIN_WUHAN, samplePeople,
} from '../support/prereg-helpers';

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

/** 2020-02-16T17:30:00Z is 2020-02-17 01:30 in Shanghai. */
const CLOCK_ISO = '2020-02-16T17:30:00Z';

async function open(): Promise<{ app: TestApp; manager: string; employer: Employer }> {
  t = openTestApp(new ManualClock(CLOCK_ISO));
  const manager = await t.signedInManager();
  const employer = await addEmployer(t, manager, 1, '上海申江建筑劳务有限公司');
  return { app: t, manager, employer };
}

/** Signs the 项目负责人 in again (after the clock has moved past the session's life) and enters the project. */
async function reenter(app: TestApp): Promise<string> {
  const token = await app.signIn(MANAGER.idNumber, MANAGER.password);
  const [project] = await app.call('projects.list', {}, token);
  await app.call('projects.enter', { projectId: project!.id }, token);
  return token;
}

const NOT_REGISTERED = '未查询到该人员的健康云登记信息:请先在“健康云”APP中完成“来沪人员健康登记”后,再进行预登记';
const NAME_MISMATCH = '健康云登记的姓名与输入的姓名不一致,请核对身份证号和姓名';
const PHONE_ERROR = '手机号应为11位数字,以13-19开头';

const mask = (id: string) => `${id.slice(0, 3)}************${id.slice(-3)}`;

// 张三丰: a man born 1985-03-12 whose number ends in X; 李秀英: a woman born 1990-01-01.
const ZHANG = { idNumber: validId('34122119850312029'), name: '张三丰' };
const LI = { idNumber: validId('42010619900101002'), name: '李秀英' };
const WANG = { idNumber: validId('32058319780808003'), name: '王强' };
const ZHANG_SAN = { idNumber: validId('37088319700101005'), name: '张三' };

function personInput(employerId: string, who: { idNumber: string; name: string }, extra: Partial<{ phone: string; useHealthCloud: boolean; category: 'worker' | 'manager'; origin: { provinceCode: string; cityCode: string } }> = {}) {
  return { category: 'worker' as const, origin: ORIGIN_WUHAN, phone: '', useHealthCloud: false, employerId, ...who, ...extra };
}

const ZHANG_CLOUD = {
  reportAddress: '上海市黄浦区制造局路639号',
  reportTime: '2020-02-15 08:30:00',
  temperature: '36.5',
  healthStatus: '健康',
  travelTime: '2020-02-10',
  travelMode: '自驾',
  fromHubei: true,
  fromWuhan: false,
  stopover: true,
  stayPlace: '安徽省合肥市',
  homeAddress: '上海市浦东新区张杨路500号',
};

describe('test data', () => {
  it('uses the ID numbers it means to', () => {
    expect(ZHANG.idNumber.endsWith('X')).toBe(true);
    expect(new Set([ZHANG, LI, WANG, ZHANG_SAN].map((p) => p.idNumber.slice(-4))).size).toBe(4);
  });
});

describe('persons.create', () => {
  it('takes the phone from the 健康云 record when the phone field is empty, and answers the whole detail', async () => {
    const { app, manager, employer } = await open();
    await importCloud(app, manager, [fullRecord(ZHANG.idNumber, ZHANG.name)]);
    const created = await app.call('persons.create', personInput(employer.id, ZHANG, { useHealthCloud: true }), manager);
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      category: 'worker',
      employerName: '上海申江建筑劳务有限公司',
      name: ZHANG.name,
      idNumberMasked: mask(ZHANG.idNumber),
      phone: '13612345678',
      preRegisteredOn: '2020-02-17',
      familyCount: 0,
      idNumber: ZHANG.idNumber,
      idNumberFull: true,
      sex: '男',
      birthDate: '1985-03-12',
      origin: '湖北省 武汉市',
      employer,
      healthCloud: ZHANG_CLOUD,
      createdAt: '2020-02-16T17:30:00.000Z',
      createdBy: MANAGER.name,
    });
    expect(created.employer).toMatchObject({ contractNo: employer.contractNo, projectName: PROJECT.name });
    expect(await app.call('persons.get', { id: created.id }, manager)).toEqual(created);

    const [row] = snapshot(app.app).persons as Record<string, unknown>[];
    expect(row).toMatchObject({
      id_number: ZHANG.idNumber, phone: '13612345678', sex: '男', birth_date: '1985-03-12', pre_registered_on: '2020-02-17',
      origin_province_code: '420000', origin_province: '湖北省', origin_city_code: '420100', origin_city: '武汉市',
      pinyin_initials: 'zsf', pinyin_full: 'zhangsanfeng', employer_id: employer.id,
    });
    expect(JSON.parse(row!.health_cloud as string)).toEqual(ZHANG_CLOUD);
  });

  it('keeps a typed phone even when the 健康云 record has another one', async () => {
    const { app, manager, employer } = await open();
    await importCloud(app, manager, [fullRecord(ZHANG.idNumber, ZHANG.name)]);
    const created = await app.call('persons.create', personInput(employer.id, ZHANG, { useHealthCloud: true, phone: ' 13911112222 ' }), manager);
    expect(created.phone).toBe('13911112222');
    expect(created.healthCloud).toEqual(ZHANG_CLOUD);
  });

  it('stores no 健康云 snapshot when useHealthCloud is false, even if a record exists', async () => {
    const { app, manager, employer } = await open();
    await importCloud(app, manager, [fullRecord(ZHANG.idNumber, ZHANG.name)]);
    const created = await app.call('persons.create', personInput(employer.id, ZHANG, { phone: '13911112222' }), manager);
    expect(created.healthCloud).toBeNull();
    expect(created.phone).toBe('13911112222');
  });

  it('refuses a person without a phone when there is none in 健康云 (VALIDATION on phone) and writes nothing', async () => {
    const { app, manager, employer } = await open();
    // A record without a phone number: useHealthCloud succeeds, but there is still no phone.
    await importCloud(app, manager, [fullRecord(LI.idNumber, LI.name, { 手机号: '' })]);
    const before = snapshot(app.app);
    for (const useHealthCloud of [false, true]) {
      const err = await errorOf(() => app.call('persons.create', personInput(employer.id, LI, { useHealthCloud }), manager));
      expect(err.code).toBe('VALIDATION');
      expect(err.message).toBe('请填写手机号(健康云未登记手机号)');
      expect(err.issues).toEqual([{ path: 'phone', message: '请填写手机号' }]);
    }
    expect(snapshot(app.app)).toEqual(before);
  });

  for (const phone of ['12345678901', '0216321234', '1381234567', '138123456789', '021-63211234']) {
    it(`refuses the phone ${phone}, which is not a mobile number, and writes nothing`, async () => {
      const { app, manager, employer } = await open();
      const before = snapshot(app.app);
      const err = await errorOf(() => app.call('persons.create', personInput(employer.id, WANG, { phone }), manager));
      expect(err.code).toBe('VALIDATION');
      expect(err.message).toBe(PHONE_ERROR);
      expect(err.issues).toEqual([{ path: 'phone', message: PHONE_ERROR }]);
      expect(snapshot(app.app)).toEqual(before);
    });
  }

  it('refuses a wrong ID check character, naming it, and writes nothing', async () => {
    const { app, manager, employer } = await open();
    const before = snapshot(app.app);
    const wrong = wrongCheckId('32058319780808003');
    const err = await errorOf(() => app.call('persons.create', personInput(employer.id, { idNumber: wrong.idNumber, name: WANG.name }, { phone: '13911112222' }), manager));
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toBe(`身份证号校验位错误:应为 ${wrong.expected},实际为 ${wrong.actual}`);
    expect(err.issues).toEqual([{ path: 'idNumber', message: err.message }]);
    expect(snapshot(app.app)).toEqual(before);
  });

  it('refuses an impossible birth date (1999-02-30) even with the right check character, and writes nothing', async () => {
    const { app, manager, employer } = await open();
    const before = snapshot(app.app);
    const first17 = '31010119990230001';
    const idNumber = first17 + computeCheckCharacter(first17); // only the date is wrong
    const err = await errorOf(() => app.call('persons.create', personInput(employer.id, { idNumber, name: '赵六' }, { phone: '13911112222' }), manager));
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toBe('身份证号中的出生日期 1999-02-30 不存在');
    expect(err.issues).toEqual([{ path: 'idNumber', message: '身份证号中的出生日期 1999-02-30 不存在' }]);
    expect(snapshot(app.app)).toEqual(before);
  });

  it('refuses the same person twice on the same project (CONFLICT), also typed with a lower-case x, keeping one row', async () => {
    const { app, manager, employer } = await open();
    const first = await app.call('persons.create', personInput(employer.id, ZHANG, { phone: '13911112222' }), manager);
    const before = snapshot(app.app);
    for (const idNumber of [ZHANG.idNumber, ZHANG.idNumber.toLowerCase()]) {
      const err = await errorOf(() => app.call('persons.create', personInput(employer.id, { idNumber, name: ZHANG.name }, { phone: '13700001111', category: 'manager' }), manager));
      expect(err.code).toBe('CONFLICT');
      expect(err.message).toBe(`身份证号 ${mask(ZHANG.idNumber)}(张三丰)已在本项目预登记,不能重复登记`);
      expect(err.issues).toEqual([{ path: 'idNumber', message: '该人员已在本项目预登记' }]);
    }
    expect(snapshot(app.app)).toEqual(before);
    expect(countRows(app, 'persons')).toBe(1);
    expect((await app.call('persons.list', {}, manager)).rows.map((r) => r.id)).toEqual([first.id]);
  });

  it('refuses useHealthCloud without a 健康云 record (the register-first message) and a name that does not match it', async () => {
    const { app, manager, employer } = await open();
    await importCloud(app, manager, [fullRecord(ZHANG.idNumber, ZHANG.name)]);
    const before = snapshot(app.app);

    const missing = await errorOf(() => app.call('persons.create', personInput(employer.id, LI, { useHealthCloud: true, phone: '13911112222' }), manager));
    expect(missing.code).toBe('VALIDATION');
    expect(missing.message).toBe(NOT_REGISTERED);
    expect(missing.message).toContain('健康云');
    expect(missing.message).toContain('来沪人员健康登记');

    const otherName = await errorOf(() => app.call('persons.create', personInput(employer.id, { idNumber: ZHANG.idNumber, name: '张三' }, { useHealthCloud: true }), manager));
    expect(otherName.code).toBe('VALIDATION');
    expect(otherName.message).toBe(NAME_MISMATCH);
    expect(snapshot(app.app)).toEqual(before);
  });

  it('refuses an unknown employerId and an origin city outside the chosen province (VALIDATION) and writes nothing', async () => {
    const { app, manager, employer } = await open();
    const before = snapshot(app.app);

    const noEmployer = await errorOf(() => app.call('persons.create', personInput('0190aaaa-0000-7000-8000-000000000000', WANG, { phone: '13911112222' }), manager));
    expect(noEmployer.code).toBe('VALIDATION');
    expect(noEmployer.message).toBe('请选择用人单位');
    expect(noEmployer.issues).toEqual([{ path: 'employerId', message: '请选择用人单位' }]);

    // 苏州市 (320500) is not a city of 湖北省 (420000).
    const wrongCity = await errorOf(() => app.call('persons.create', personInput(employer.id, WANG, { phone: '13911112222', origin: { provinceCode: '420000', cityCode: '320500' } }), manager));
    expect(wrongCity.code).toBe('VALIDATION');
    expect(wrongCity.message).toBe('请选择出发地城市');
    expect(wrongCity.issues).toEqual([{ path: 'origin.cityCode', message: '请选择出发地城市' }]);

    const noProvince = await errorOf(() => app.call('persons.create', personInput(employer.id, WANG, { phone: '13911112222', origin: { provinceCode: '990000', cityCode: '990100' } }), manager));
    expect(noProvince.code).toBe('VALIDATION');
    expect(noProvince.issues).toEqual([{ path: 'origin.provinceCode', message: '请选择出发地省份' }]);

    const badShape = await errorOf(() => app.call('persons.create', personInput(employer.id, WANG, { phone: '13911112222', origin: { provinceCode: '42', cityCode: '420100' } }), manager));
    expect(badShape.code).toBe('VALIDATION');
    expect(badShape.issues).toEqual([{ path: 'origin.provinceCode', message: '请选择出发地省份' }]);
    expect(snapshot(app.app)).toEqual(before);
  });

  it('derives sex and birth date from the number, and stores the origin by code and name', async () => {
    const { app, manager, employer } = await open();
    const li = await app.call('persons.create', personInput(employer.id, LI, { phone: '13911112222', origin: ORIGIN_SUZHOU, category: 'manager' }), manager);
    expect(li).toMatchObject({ sex: '女', birthDate: '1990-01-01', origin: '江苏省 苏州市', category: 'manager' });
    // A legacy 15-digit number is stored as its 18-digit form.
    const old15 = '320583780808013';
    const converted = await app.call('persons.create', personInput(employer.id, { idNumber: old15, name: '钱十五' }, { phone: '13911112223' }), manager);
    expect(converted).toMatchObject({ idNumber: validId('32058319780808013'), sex: '男', birthDate: '1978-08-08' });
  });

  it('dates the pre-registration by the Shanghai calendar, not UTC', async () => {
    const { app, manager, employer } = await open();
    const first = await app.call('persons.create', personInput(employer.id, WANG, { phone: '13911112222' }), manager);
    expect(first.preRegisteredOn).toBe('2020-02-17');
    app.clock.set('2020-02-17T15:59:00Z'); // 23:59 in Shanghai; the morning's session has expired by now
    const evening = await reenter(app);
    expect((await app.call('persons.create', personInput(employer.id, LI, { phone: '13911112222' }), evening)).preRegisteredOn).toBe('2020-02-17');
    app.clock.set('2020-02-17T16:00:00Z'); // midnight in Shanghai
    expect((await app.call('persons.create', personInput(employer.id, ZHANG, { phone: '13911112222' }), evening)).preRegisteredOn).toBe('2020-02-18');
  });

  it('lets a 现场操作用户 with 实名制 permission pre-register, and names him as the creator', async () => {
    const { app, manager, employer } = await open();
    const operator = await operatorToken(app, manager);
    const created = await app.call('persons.create', personInput(employer.id, WANG, { phone: '13911112222' }), operator);
    expect(created.createdBy).toBe(OPERATOR.name);
  });
});

describe('persons.list', () => {
  it('pages 45 people 20 at a time, newest first; pageSize 50 returns them all', async () => {
    const { app, manager, employer } = await open();
    const people = samplePeople(45);
    const created: string[] = [];
    for (const p of people) {
      app.clock.advanceMinutes(1);
      const origin = { provinceCode: p.origin.province, cityCode: p.origin.city };
      created.push((await app.call('persons.create', personInput(employer.id, p, { phone: p.phone, origin }), manager)).id);
    }
    const newestFirst = [...created].reverse();

    const page1 = await app.call('persons.list', { page: 1 }, manager);
    expect(page1.total).toBe(45);
    expect(page1.rows).toHaveLength(20);
    expect(page1.rows.map((r) => r.id)).toEqual(newestFirst.slice(0, 20));
    const page2 = await app.call('persons.list', { page: 2, pageSize: 20 }, manager);
    expect(page2.rows.map((r) => r.id)).toEqual(newestFirst.slice(20, 40));
    const page3 = await app.call('persons.list', { page: 3 }, manager);
    expect(page3.total).toBe(45);
    expect(page3.rows).toHaveLength(5);
    expect(page3.rows.map((r) => r.id)).toEqual(newestFirst.slice(40));
    expect((await app.call('persons.list', { page: 4 }, manager)).rows).toEqual([]);

    const all = await app.call('persons.list', { pageSize: 50 }, manager);
    expect(all.total).toBe(45);
    expect(all.rows.map((r) => r.id)).toEqual(newestFirst);

    // The rows carry the list columns, with the ID number masked, and never the full number.
    const last = people[44]!;
    expect(all.rows[0]).toEqual({
      id: newestFirst[0], category: 'worker', employerName: employer.name, name: last.name,
      idNumberMasked: mask(last.idNumber), phone: last.phone, preRegisteredOn: '2020-02-17', familyCount: 0,
    });
    const json = JSON.stringify(all);
    for (const p of people) expect(json).not.toContain(p.idNumber);
    for (const r of all.rows) expect(r.idNumberMasked).toMatch(/^\d{3}\*{12}[\dX]{3}$/);

    const invalid = await errorOf(() => app.call('persons.list', { pageSize: 30 as 20 }, manager));
    expect(invalid.code).toBe('VALIDATION');
  });

  it('pages people saved in the same moment (as an import saves them) newest first, each once, also with a filter', async () => {
    const { app, manager, employer } = await open();
    const created: { id: string; category: 'worker' | 'manager' }[] = [];
    for (const [i, p] of samplePeople(25).entries()) {
      const category = i % 3 === 0 ? 'manager' : 'worker';
      const origin = { provinceCode: p.origin.province, cityCode: p.origin.city };
      created.push({ id: (await app.call('persons.create', personInput(employer.id, p, { phone: p.phone, origin, category }), manager)).id, category });
    }
    // The clock stands still: one created_at for all, so the id (time-ordered) decides.
    const newestFirst = created.map((c) => c.id).reverse();
    const page1 = await app.call('persons.list', { page: 1 }, manager);
    const page2 = await app.call('persons.list', { page: 2 }, manager);
    expect([...page1.rows, ...page2.rows].map((r) => r.id)).toEqual(newestFirst);
    const workers = created.filter((c) => c.category === 'worker').map((c) => c.id).reverse();
    const workers1 = await app.call('persons.list', { page: 1, pageSize: 10, category: 'worker' }, manager);
    const workers2 = await app.call('persons.list', { page: 2, pageSize: 10, category: 'worker' }, manager);
    expect(workers1.total).toBe(workers.length);
    expect([...workers1.rows, ...workers2.rows].map((r) => r.id)).toEqual(workers);
  });

  async function fourPeople() {
    const opened = await open();
    const { app, manager, employer } = opened;
    const ids: Record<string, string> = {};
    for (const [who, category] of [[ZHANG, 'worker'], [LI, 'worker'], [WANG, 'manager'], [ZHANG_SAN, 'worker']] as const) {
      app.clock.advanceMinutes(1);
      ids[who.name] = (await app.call('persons.create', personInput(employer.id, who, { phone: '13911112222', category }), manager)).id;
    }
    return { ...opened, ids };
  }

  const names = (list: { rows: { name: string }[] }) => list.rows.map((r) => r.name);

  it('finds people by part of the name', async () => {
    const { app, manager } = await fourPeople();
    expect(names(await app.call('persons.list', { search: '三' }, manager))).toEqual(['张三', '张三丰']);
    expect(names(await app.call('persons.list', { search: '秀英' }, manager))).toEqual(['李秀英']);
    expect(names(await app.call('persons.list', { search: ' 三丰 ' }, manager))).toEqual(['张三丰']);
    const none = await app.call('persons.list', { search: '赵' }, manager);
    expect(none).toEqual({ rows: [], total: 0 });
    // LIKE wildcards typed by the user are plain characters.
    expect((await app.call('persons.list', { search: '%' }, manager)).total).toBe(0);
    expect((await app.call('persons.list', { search: '_' }, manager)).total).toBe(0);
  });

  it('finds people by the last four characters (or any part) of the ID number', async () => {
    const { app, manager } = await fourPeople();
    const byLast4 = await app.call('persons.list', { search: LI.idNumber.slice(-4) }, manager);
    expect(names(byLast4)).toEqual(['李秀英']);
    expect(byLast4.total).toBe(1);
    // The last four of 张三丰 end in X: found typed in either case.
    expect(names(await app.call('persons.list', { search: ZHANG.idNumber.slice(-4) }, manager))).toEqual(['张三丰']);
    expect(names(await app.call('persons.list', { search: ZHANG.idNumber.slice(-4).toLowerCase() }, manager))).toEqual(['张三丰']);
    expect(names(await app.call('persons.list', { search: '19780808' }, manager))).toEqual(['王强']);
    expect(JSON.stringify(byLast4)).not.toContain(LI.idNumber);
  });

  it('finds people by pinyin initials (张三丰 → zsf) and by a full-pinyin prefix (zhangsan)', async () => {
    const { app, manager } = await fourPeople();
    expect(names(await app.call('persons.list', { search: 'zsf' }, manager))).toEqual(['张三丰']);
    expect(names(await app.call('persons.list', { search: 'ZSF' }, manager))).toEqual(['张三丰']);
    expect(names(await app.call('persons.list', { search: 'zhangsan' }, manager))).toEqual(['张三', '张三丰']);
    expect(names(await app.call('persons.list', { search: 'zhangsanfeng' }, manager))).toEqual(['张三丰']);
    expect(names(await app.call('persons.list', { search: 'zs' }, manager))).toEqual(['张三', '张三丰']);
    expect(names(await app.call('persons.list', { search: 'lxy' }, manager))).toEqual(['李秀英']);
    expect(names(await app.call('persons.list', { search: 'wq' }, manager))).toEqual(['王强']);
    expect((await app.call('persons.list', { search: 'qqq' }, manager)).total).toBe(0);
  });

  it('filters by 作业人员 / 现场管理人员, also together with a search', async () => {
    const { app, manager } = await fourPeople();
    const managers = await app.call('persons.list', { category: 'manager' }, manager);
    expect(names(managers)).toEqual(['王强']);
    expect(managers.total).toBe(1);
    const workers = await app.call('persons.list', { category: 'worker' }, manager);
    expect(names(workers)).toEqual(['张三', '李秀英', '张三丰']);
    expect(workers.total).toBe(3);
    expect(workers.rows.every((r) => r.category === 'worker')).toBe(true);
    expect((await app.call('persons.list', { category: 'manager', search: 'zsf' }, manager)).total).toBe(0);
    expect(names(await app.call('persons.list', { category: 'worker', search: 'zs' }, manager))).toEqual(['张三', '张三丰']);
  });

  it('masks the ID number in list rows (first 3, stars, last 3); persons.get shows it in full to the 项目负责人 and an operator', async () => {
    const { app, manager, ids } = await fourPeople();
    const list = await app.call('persons.list', {}, manager);
    expect(list.rows.find((r) => r.name === '张三丰')!.idNumberMasked).toBe(`341************29X`);
    const json = JSON.stringify(list);
    for (const p of [ZHANG, LI, WANG, ZHANG_SAN]) expect(json).not.toContain(p.idNumber);

    const asManager = await app.call('persons.get', { id: ids['张三丰']! }, manager);
    expect(asManager).toMatchObject({ idNumber: ZHANG.idNumber, idNumberFull: true, idNumberMasked: '341************29X' });

    const operator = await operatorToken(app, manager);
    const asOperator = await app.call('persons.get', { id: ids['张三丰']! }, operator);
    expect(asOperator).toMatchObject({ idNumber: ZHANG.idNumber, idNumberFull: true });
    expect(JSON.stringify(await app.call('persons.list', {}, operator))).not.toContain(ZHANG.idNumber);

    const missing = await errorOf(() => app.call('persons.get', { id: '0190aaaa-0000-7000-8000-000000000000' }, manager));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toBe('未找到该预登记人员');
  });

  it('refuses an operator without 实名制 permission (FORBIDDEN)', async () => {
    const { app, manager } = await open();
    const operator = await operatorToken(app, manager, false);
    const err = await errorOf(() => app.call('persons.list', {}, operator));
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toBe('该账号未分配实名制权限,请联系项目负责人');
  });
});

describe('family (携带家属)', () => {
  const WIFE = { idNumber: validId('34122119870506002'), name: '刘芳' };

  async function withWorker() {
    const opened = await open();
    const worker = await opened.app.call('persons.create', personInput(opened.employer.id, ZHANG, { phone: '13911112222' }), opened.manager);
    return { ...opened, worker };
  }

  function familyInput(personId: string, who: { idNumber: string; name: string }, extra: Partial<{ phone: string; useHealthCloud: boolean }> = {}) {
    return { personId, origin: ORIGIN_WUHAN, phone: '13622223333', useHealthCloud: false, ...who, ...extra };
  }

  it('adds a family member: listed with a masked number, and the person\'s familyCount becomes 1', async () => {
    const { app, manager, worker } = await withWorker();
    app.clock.advanceMinutes(5);
    const member = await app.call('family.create', familyInput(worker.id, WIFE), manager);
    expect(member).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      personId: worker.id,
      name: WIFE.name,
      idNumberMasked: mask(WIFE.idNumber),
      phone: '13622223333',
      preRegisteredOn: '2020-02-17',
      idNumber: WIFE.idNumber,
      idNumberFull: true,
      origin: '湖北省 武汉市',
      healthCloud: null,
      createdAt: '2020-02-16T17:35:00.000Z',
      createdBy: MANAGER.name,
    });

    const list = await app.call('family.list', { personId: worker.id }, manager);
    expect(list.total).toBe(1);
    expect(list.rows).toEqual([{ id: member.id, personId: worker.id, name: WIFE.name, idNumberMasked: mask(WIFE.idNumber), phone: '13622223333', preRegisteredOn: '2020-02-17' }]);
    expect(list.person).toMatchObject({ id: worker.id, name: ZHANG.name, familyCount: 1, idNumberMasked: mask(ZHANG.idNumber) });
    expect(JSON.stringify(list)).not.toContain(WIFE.idNumber);
    expect(JSON.stringify(list)).not.toContain(ZHANG.idNumber);

    const persons = await app.call('persons.list', {}, manager);
    expect(persons.rows.map((r) => r.familyCount)).toEqual([1]);
    expect((await app.call('persons.get', { id: worker.id }, manager)).familyCount).toBe(1);
    expect(await app.call('family.get', { id: member.id }, manager)).toEqual(member);
  });

  it('takes the family member\'s phone from the 健康云 record when useHealthCloud is set', async () => {
    const { app, manager, worker } = await withWorker();
    await importCloud(app, manager, [fullRecord(WIFE.idNumber, WIFE.name, { 手机号: '13577778888' })]);
    const member = await app.call('family.create', familyInput(worker.id, WIFE, { phone: '', useHealthCloud: true }), manager);
    expect(member.phone).toBe('13577778888');
    expect(member.healthCloud).toMatchObject({ fromHubei: true, homeAddress: '上海市浦东新区张杨路500号' });
  });

  it('refuses the worker himself as his family member (VALIDATION), also with a lower-case x', async () => {
    const { app, manager, worker } = await withWorker();
    const before = snapshot(app.app);
    for (const idNumber of [ZHANG.idNumber, ZHANG.idNumber.toLowerCase()]) {
      const err = await errorOf(() => app.call('family.create', familyInput(worker.id, { idNumber, name: ZHANG.name }), manager));
      expect(err.code).toBe('VALIDATION');
      expect(err.message).toBe('携带家属不能是预登记人员本人');
      expect(err.issues).toEqual([{ path: 'idNumber', message: '携带家属不能是预登记人员本人' }]);
    }
    expect(snapshot(app.app)).toEqual(before);
  });

  it('refuses the same family member twice (CONFLICT) and keeps one row', async () => {
    const { app, manager, worker } = await withWorker();
    await app.call('family.create', familyInput(worker.id, WIFE), manager);
    const before = snapshot(app.app);
    const err = await errorOf(() => app.call('family.create', familyInput(worker.id, WIFE, { phone: '13699990000' }), manager));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toBe('该家属已登记,不能重复登记');
    expect(err.issues).toEqual([{ path: 'idNumber', message: '该家属已登记' }]);
    expect(snapshot(app.app)).toEqual(before);
    expect(countRows(app, 'family_members')).toBe(1);
  });

  it('refuses a family member of an unknown person (NOT_FOUND), a bad phone and a wrong check character', async () => {
    const { app, manager, worker } = await withWorker();
    const before = snapshot(app.app);
    const missing = await errorOf(() => app.call('family.create', familyInput('0190aaaa-0000-7000-8000-000000000000', WIFE), manager));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toBe('未找到该预登记人员');

    const phone = await errorOf(() => app.call('family.create', familyInput(worker.id, WIFE, { phone: '0216321234' }), manager));
    expect(phone.code).toBe('VALIDATION');
    expect(phone.issues).toEqual([{ path: 'phone', message: PHONE_ERROR }]);

    const wrong = wrongCheckId('34122119870506002');
    const id = await errorOf(() => app.call('family.create', familyInput(worker.id, { idNumber: wrong.idNumber, name: WIFE.name }), manager));
    expect(id.code).toBe('VALIDATION');
    expect(id.message).toBe(`身份证号校验位错误:应为 ${wrong.expected},实际为 ${wrong.actual}`);

    const cloud = await errorOf(() => app.call('family.create', familyInput(worker.id, WIFE, { useHealthCloud: true }), manager));
    expect(cloud.code).toBe('VALIDATION');
    expect(cloud.message).toBe(NOT_REGISTERED);
    expect(snapshot(app.app)).toEqual(before);

    const list = await errorOf(() => app.call('family.list', { personId: '0190aaaa-0000-7000-8000-000000000000' }, manager));
    expect(list.code).toBe('NOT_FOUND');
  });
});

describe('the outbox (changes)', () => {
  it('adds one change per created person or family member, with consecutive seq values, and none for refused calls', async () => {
    const { app, manager, employer } = await open();
    const start = changeRows(app);
    const base = start.length === 0 ? 0 : start[start.length - 1]!.seq;
    expect(start.map((c) => c.seq)).toEqual(start.map((_, i) => i + 1));

    const zhang = await app.call('persons.create', personInput(employer.id, ZHANG, { phone: '13911112222' }), manager);
    await errorOf(() => app.call('persons.create', personInput(employer.id, ZHANG, { phone: '13911112222' }), manager)); // CONFLICT
    await errorOf(() => app.call('persons.create', personInput(employer.id, LI, { phone: '12345678901' }), manager)); // VALIDATION
    app.clock.advanceMinutes(1);
    const li = await app.call('persons.create', personInput(employer.id, LI, { phone: '13911112223' }), manager);
    const wife = await app.call('family.create', { personId: zhang.id, idNumber: validId('34122119870506002'), name: '刘芳', phone: '13622223333', origin: ORIGIN_WUHAN, useHealthCloud: false }, manager);
    await errorOf(() => app.call('family.create', { personId: zhang.id, idNumber: ZHANG.idNumber, name: ZHANG.name, phone: '13622223333', origin: ORIGIN_WUHAN, useHealthCloud: false }, manager));

    const added = changeRows(app).slice(start.length);
    expect(added.map((c) => ({ seq: c.seq, table: c.table_name, row: c.row_id, op: c.op, at: c.at }))).toEqual([
      { seq: base + 1, table: 'persons', row: zhang.id, op: 'insert', at: '2020-02-16T17:30:00.000Z' },
      { seq: base + 2, table: 'persons', row: li.id, op: 'insert', at: '2020-02-16T17:31:00.000Z' },
      { seq: base + 3, table: 'family_members', row: wife.id, op: 'insert', at: '2020-02-16T17:31:00.000Z' },
    ]);
    expect(JSON.parse(added[0]!.data)).toMatchObject({ id: zhang.id, idNumber: ZHANG.idNumber, name: ZHANG.name, phone: '13911112222', preRegisteredOn: '2020-02-17' });
    expect(JSON.parse(added[2]!.data)).toMatchObject({ id: wife.id, personId: zhang.id, name: '刘芳' });
    expect(changeRows(app).map((c) => c.seq)).toEqual(changeRows(app).map((_, i) => i + 1));
  });
});
