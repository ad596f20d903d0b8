// 进场登记 / 退场登记: who may enter (pre-registered here, 可进场, past the isolation period of where
// they came from, not on site elsewhere), exits, and the roster, on a real SQLite file with a clock
// set by hand (dates are Shanghai dates).
import { describe, it, expect, afterEach } from 'vitest';
import { errorOf, snapshot, type TestApp } from '../support/app';
import { countRows } from '../support/prereg-helpers';
import type { CommandInput } from '../../electron/common/contract';
import {
  changeCount, enterInput, mask, openSite, personState, reenter, register, secondProject,
  ORIGIN_WUHAN, ORIGIN_YICHANG, DAY1, NOT_IN_PROJECT,
  ZHAO, QIAN, SUN, LI, ZHOU, WU, ZHENG, WANG, FENG, CHEN, CHU, WEI, JIANG, SHEN, type Site, type Who,
} from '../support/issue4-helpers';

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

async function site(clockIso = DAY1): Promise<Site> {
  const opened = await openSite(clockIso);
  t = opened.t;
  return opened;
}

const ALLOWED_NOW = { allowed: true, reason: '', availableFrom: null };
const stateReason = (name: string, label: string, method: string, on: string) =>
  `${name} 的处置状态为“${label}”(${method} ${on} 起),不能进场;解除后请在“处置方式”中设为“未发现异常情况 同意进场”`;
const isolationReason = (name: string, place: string, arrived: string, days: number, from: string) =>
  `${name} 从${place}出发(${arrived} 到达),须满 ${days} 天隔离期,可进场日期为 ${from}`;

/** 钱志强 from 湖北 武汉 whose 健康云 出行时间 is 2020-02-03. */
const FROM_HUBEI = { origin: ORIGIN_WUHAN, cloud: { 出行时间: '2020-02-03', 是否湖北出发: '是', 是否武汉出发: '是' } };

describe('entries.check / entries.enter: pre-registration', () => {
  it('someone not pre-registered on this project: check says so; enter with a person of another project is NOT_FOUND', async () => {
    const { t, manager, employer } = await site();
    const other = await secondProject(t);
    const elsewhere = await register(t, other.token, other.employer.id, ZHAO);

    const check = await t.call('entries.check', { idNumber: ZHAO.idNumber, category: 'worker' }, manager);
    expect(check).toEqual({
      person: null,
      eligibility: { allowed: false, reason: `身份证号 ${mask(ZHAO.idNumber)} 未在本项目进场预登记:须先完成进场预登记,才能进行进场登记`, availableFrom: null },
    });
    expect(check.eligibility.reason).toContain('进场预登记');

    const before = snapshot(t.app);
    const e = await errorOf(() => t.call('entries.enter', enterInput(elsewhere.id, employer.id, '2020-02-17'), manager));
    expect([e.code, e.message]).toEqual(['NOT_FOUND', NOT_IN_PROJECT]);
    const unknown = await errorOf(() => t.call('entries.enter', enterInput('no-such-person', employer.id, '2020-02-17'), manager));
    expect(unknown.code).toBe('NOT_FOUND');
    expect(snapshot(t.app)).toEqual(before);
  });

  it('answers the person and 可进场 for a pre-registered worker, and sends a wrong category to the right page', async () => {
    const { t, manager, employer } = await site();
    const zhao = await register(t, manager, employer.id, ZHAO);
    const check = await t.call('entries.check', { idNumber: ZHAO.idNumber, category: 'worker' }, manager);
    expect(check).toEqual({
      person: { id: zhao.id, name: '赵建军', idNumber: ZHAO.idNumber, phone: '13812345678', category: 'worker', state: 'clear' },
      eligibility: ALLOWED_NOW,
    });
    const asManager = await t.call('entries.check', { idNumber: ZHAO.idNumber, category: 'manager' }, manager);
    expect(asManager.eligibility).toEqual({ allowed: false, reason: '赵建军 预登记为作业人员,请在“进退场用工管理”中办理进场', availableFrom: null });
  });

  it('enter records 用人单位, 工种, 班组 and the date, and answers the roster row', async () => {
    const { t, manager, employer } = await site();
    const zhao = await register(t, manager, employer.id, ZHAO);
    const row = await t.call('entries.enter', enterInput(zhao.id, employer.id, '2020-02-17', { workType: '270', team: '焊接二班' }), manager);
    expect(row).toEqual({
      entryId: expect.any(String), personId: zhao.id, category: 'worker', name: '赵建军', idNumberMasked: mask(ZHAO.idNumber), phone: '13812345678',
      employerName: '上海申江建筑劳务有限公司', workType: '270', workTypeName: '电焊工', team: '焊接二班', enteredOn: '2020-02-17', exitedOn: null, state: 'clear', status: 'onSite',
    });
    const stored = t.app.services.sqlite.prepare('select person_id, id_number, employer_id, work_type, team, entered_on, exited_on from entries').all();
    expect(stored).toEqual([{ person_id: zhao.id, id_number: ZHAO.idNumber, employer_id: employer.id, work_type: '270', team: '焊接二班', entered_on: '2020-02-17', exited_on: null }]);
  });

  it('refuses an employer of another project, a 工种 not in the table and an empty 班组', async () => {
    const { t, manager, employer } = await site();
    const zhao = await register(t, manager, employer.id, ZHAO);
    const other = await secondProject(t);
    const before = snapshot(t.app);
    const wrongEmployer = await errorOf(() => t.call('entries.enter', enterInput(zhao.id, other.employer.id, '2020-02-17'), manager));
    expect([wrongEmployer.code, wrongEmployer.message]).toEqual(['VALIDATION', '请选择用人单位']);
    const workType = await errorOf(() => t.call('entries.enter', enterInput(zhao.id, employer.id, '2020-02-17', { workType: '260' }), manager));
    expect([workType.code, workType.message]).toEqual(['VALIDATION', '请选择工种']);
    const team = await errorOf(() => t.call('entries.enter', enterInput(zhao.id, employer.id, '2020-02-17', { team: '  ' }), manager));
    expect([team.code, team.message]).toEqual(['VALIDATION', '请输入班组']);
    expect(snapshot(t.app)).toEqual(before);
  });
});

describe('entries: 处置方式', () => {
  it.each([
    ['isolate', '需隔离', '居家隔离'],
    ['suspected', '疑似', '发热门诊'],
    ['confirmed', '确诊', '定点医院'],
  ] as const)('%s is refused with the state in the reason, and allowed again after clear', async (state, label, method) => {
    const { t, manager, employer } = await site();
    const zhao = await register(t, manager, employer.id, ZHAO);
    await t.call('dispositions.set', { personId: zhao.id, state, startedAt: '2020-02-16 20:00', method }, manager);
    const reason = stateReason('赵建军', label, method, '2020-02-16');
    const check = await t.call('entries.check', { idNumber: ZHAO.idNumber, category: 'worker' }, manager);
    expect(check.person?.state).toBe(state);
    expect(check.eligibility).toEqual({ allowed: false, reason, availableFrom: null });

    const before = snapshot(t.app);
    const e = await errorOf(() => t.call('entries.enter', enterInput(zhao.id, employer.id, '2020-02-17'), manager));
    expect([e.code, e.message]).toEqual(['CONFLICT', reason]);
    expect(snapshot(t.app)).toEqual(before);

    t.clock.advanceMinutes(10);
    await t.call('dispositions.set', { personId: zhao.id, state: 'clear', startedAt: null, method: null }, manager);
    expect((await t.call('entries.check', { idNumber: ZHAO.idNumber, category: 'worker' }, manager)).eligibility).toEqual(ALLOWED_NOW);
    const row = await t.call('entries.enter', enterInput(zhao.id, employer.id, '2020-02-17'), manager);
    expect(row).toMatchObject({ status: 'onSite', state: 'clear' });
  });
});

describe('entries: isolation period of the 出发地', () => {
  it('湖北省 14 days from the 健康云 出行时间: 2020-02-16 refused, 2020-02-17 allowed', async () => {
    const { t, manager, employer } = await site();
    const qian = await register(t, manager, employer.id, QIAN, FROM_HUBEI);
    expect(qian.healthCloud?.travelTime).toBe('2020-02-03');
    const reason = isolationReason('钱志强', '湖北省', '2020-02-03', 14, '2020-02-17');

    const early = await t.call('entries.check', { idNumber: QIAN.idNumber, category: 'worker', enteredOn: '2020-02-16' }, manager);
    expect(early.eligibility).toEqual({ allowed: false, reason, availableFrom: '2020-02-17' });
    for (const word of ['湖北省', '14', '2020-02-17']) expect(reason).toContain(word);

    const before = snapshot(t.app);
    const e = await errorOf(() => t.call('entries.enter', enterInput(qian.id, employer.id, '2020-02-16'), manager));
    expect([e.code, e.message]).toEqual(['CONFLICT', reason]);
    expect(snapshot(t.app)).toEqual(before);

    const edge = await t.call('entries.check', { idNumber: QIAN.idNumber, category: 'worker', enteredOn: '2020-02-17' }, manager);
    expect(edge.eligibility).toEqual({ allowed: true, reason: '', availableFrom: '2020-02-17' });
    // Without a date the check is for today (2020-02-17).
    expect((await t.call('entries.check', { idNumber: QIAN.idNumber, category: 'worker' }, manager)).eligibility.allowed).toBe(true);
    const row = await t.call('entries.enter', enterInput(qian.id, employer.id, '2020-02-17'), manager);
    expect(row).toMatchObject({ name: '钱志强', enteredOn: '2020-02-17', status: 'onSite' });
  });

  it('a city rule (武汉市 21 days) wins over the province rule; other 湖北 cities keep 14 days', async () => {
    const { t, manager, employer } = await site();
    const saved = await t.call('settings.save', { isolationRules: [{ code: '420100', name: '', days: 21 }, { code: '420000', name: '随便写', days: 14 }] }, manager);
    // Names come from the area table, not from the client.
    expect(saved.isolationRules).toEqual([{ code: '420100', name: '湖北省 武汉市', days: 21 }, { code: '420000', name: '湖北省', days: 14 }]);
    await register(t, manager, employer.id, QIAN, FROM_HUBEI);
    await register(t, manager, employer.id, SUN, { origin: ORIGIN_YICHANG, cloud: { 出行时间: '2020-02-03' } });

    const wuhan = await t.call('entries.check', { idNumber: QIAN.idNumber, category: 'worker', enteredOn: '2020-02-23' }, manager);
    expect(wuhan.eligibility).toEqual({ allowed: false, reason: isolationReason('钱志强', '湖北省 武汉市', '2020-02-03', 21, '2020-02-24'), availableFrom: '2020-02-24' });
    expect((await t.call('entries.check', { idNumber: QIAN.idNumber, category: 'worker', enteredOn: '2020-02-24' }, manager)).eligibility)
      .toEqual({ allowed: true, reason: '', availableFrom: '2020-02-24' });
    const yichang = await t.call('entries.check', { idNumber: SUN.idNumber, category: 'worker', enteredOn: '2020-02-17' }, manager);
    expect(yichang.eligibility).toEqual({ allowed: true, reason: '', availableFrom: '2020-02-17' });

    // Rules listed the other way round: the city still wins.
    await t.call('settings.save', { isolationRules: [{ code: '420000', name: '', days: 14 }, { code: '420100', name: '', days: 21 }] }, manager);
    expect((await t.call('entries.check', { idNumber: QIAN.idNumber, category: 'worker', enteredOn: '2020-02-23' }, manager)).eligibility.availableFrom).toBe('2020-02-24');
  });

  it('without a 健康云 record (or without a date in it) the 预登记日期 counts as arrival', async () => {
    const { t, manager, employer } = await site();
    const li = await register(t, manager, employer.id, LI, { origin: ORIGIN_WUHAN });
    expect(li.preRegisteredOn).toBe('2020-02-17');
    await register(t, manager, employer.id, ZHOU, { origin: ORIGIN_WUHAN, cloud: { 出行时间: '' } });
    for (const who of [{ p: LI, name: '李秀英' }, { p: ZHOU, name: '周国庆' }]) {
      const check = await t.call('entries.check', { idNumber: who.p.idNumber, category: 'worker' }, manager);
      expect(check.eligibility).toEqual({ allowed: false, reason: isolationReason(who.name, '湖北省', '2020-02-17', 14, '2020-03-02'), availableFrom: '2020-03-02' });
    }
    // 14 days later (2020 is a leap year: 02-17 + 14 = 03-02).
    t.clock.set('2020-03-02T08:00:00+08:00');
    const token = await reenter(t);
    const e = await errorOf(() => t.call('entries.enter', enterInput(li.id, employer.id, '2020-03-01'), token));
    expect(e.code).toBe('CONFLICT');
    expect(await t.call('entries.enter', enterInput(li.id, employer.id, '2020-03-02'), token)).toMatchObject({ enteredOn: '2020-03-02', status: 'onSite' });
  });

  it('a rule saved with settings.save changes the verdict', async () => {
    const { t, manager, employer } = await site();
    await register(t, manager, employer.id, ZHAO); // 江苏省 苏州市
    await register(t, manager, employer.id, QIAN, FROM_HUBEI);
    const check = async (who: Who, enteredOn: string) => (await t.call('entries.check', { idNumber: who.idNumber, category: 'worker', enteredOn }, manager)).eligibility;
    expect(await check(ZHAO, '2020-02-17')).toEqual(ALLOWED_NOW);
    expect((await check(QIAN, '2020-02-16')).allowed).toBe(false);

    await t.call('settings.save', { isolationRules: [{ code: '320500', name: '', days: 7 }] }, manager);
    expect(await check(ZHAO, '2020-02-17')).toEqual({ allowed: false, reason: isolationReason('赵建军', '江苏省 苏州市', '2020-02-17', 7, '2020-02-24'), availableFrom: '2020-02-24' });
    // 湖北 has no rule any more.
    expect(await check(QIAN, '2020-02-16')).toEqual(ALLOWED_NOW);

    await t.call('settings.save', { isolationRules: [] }, manager);
    expect(await check(ZHAO, '2020-02-17')).toEqual(ALLOWED_NOW);
    expect((await t.call('settings.get', {}, manager)).isolationRules).toEqual([]);
  });

  it('refuses a rule for a place that is not in the area table, or twice the same place', async () => {
    const { t, manager } = await site();
    const unknown = await errorOf(() => t.call('settings.save', { isolationRules: [{ code: '999999', name: '', days: 14 }] }, manager));
    expect([unknown.code, unknown.message]).toEqual(['VALIDATION', '第1条隔离规则的地区无效']);
    const twice = await errorOf(() => t.call('settings.save', { isolationRules: [{ code: '420000', name: '', days: 14 }, { code: '420000', name: '', days: 7 }] }, manager));
    expect([twice.code, twice.message]).toEqual(['VALIDATION', '湖北省 的隔离规则重复']);
    expect((await t.call('settings.get', {}, manager)).isolationRules).toEqual([{ code: '420000', name: '湖北省', days: 14 }]);
  });
});

describe('entries: dates around midnight (Asia/Shanghai)', () => {
  it('at 2020-02-16T16:00:00Z (= 02-17 00:00 in Shanghai) entering 2020-02-17 is today; 2020-02-18 is refused', async () => {
    const { t, manager, employer } = await site('2020-02-16T16:00:00Z');
    const qian = await register(t, manager, employer.id, QIAN, FROM_HUBEI);
    const zhao = await register(t, manager, employer.id, ZHAO);
    expect(zhao.preRegisteredOn).toBe('2020-02-17');
    // The check defaults to today, which is already 02-17 in Shanghai: the 湖北 edge day.
    expect((await t.call('entries.check', { idNumber: QIAN.idNumber, category: 'worker' }, manager)).eligibility)
      .toEqual({ allowed: true, reason: '', availableFrom: '2020-02-17' });
    expect(await t.call('entries.enter', enterInput(qian.id, employer.id, '2020-02-17'), manager)).toMatchObject({ enteredOn: '2020-02-17' });

    const before = snapshot(t.app);
    const e = await errorOf(() => t.call('entries.enter', enterInput(zhao.id, employer.id, '2020-02-18'), manager));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe('进场日期不能晚于今天');
    expect(e.issues).toEqual([{ path: 'enteredOn', message: '进场日期不能晚于今天' }]);
    expect(snapshot(t.app)).toEqual(before);
  });

  it('one minute earlier (02-16 23:59 in Shanghai) 2020-02-17 is still tomorrow', async () => {
    const { t, manager, employer } = await site('2020-02-16T15:59:00Z');
    await register(t, manager, employer.id, QIAN, FROM_HUBEI);
    const zhao = await register(t, manager, employer.id, ZHAO);
    expect((await t.call('entries.check', { idNumber: QIAN.idNumber, category: 'worker' }, manager)).eligibility)
      .toEqual({ allowed: false, reason: isolationReason('钱志强', '湖北省', '2020-02-03', 14, '2020-02-17'), availableFrom: '2020-02-17' });
    const e = await errorOf(() => t.call('entries.enter', enterInput(zhao.id, employer.id, '2020-02-17'), manager));
    expect([e.code, e.message]).toEqual(['VALIDATION', '进场日期不能晚于今天']);
    const bad = await errorOf(() => t.call('entries.enter', enterInput(zhao.id, employer.id, '2020-02-30'), manager));
    expect([bad.code, bad.message]).toEqual(['VALIDATION', '进场日期无效']);
    expect(countRows(t, 'entries')).toBe(0);
  });
});

describe('entries: one project at a time', () => {
  it('on site at another project: refused naming that project, allowed after the exit there', async () => {
    const { t, manager, employer } = await site();
    const here = await register(t, manager, employer.id, ZHAO);
    const other = await secondProject(t, '徐汇滨江二期');
    const there = await register(t, other.token, other.employer.id, ZHAO);
    const entry = await t.call('entries.enter', enterInput(here.id, employer.id, '2020-02-16'), manager);

    const reason = '赵建军 仍在项目“测试4444”在场(2020-02-16 进场),须先在该项目办理退场';
    const check = await t.call('entries.check', { idNumber: ZHAO.idNumber, category: 'worker' }, other.token);
    expect(check.person?.id).toBe(there.id);
    expect(check.eligibility).toEqual({ allowed: false, reason, availableFrom: null });
    const before = snapshot(t.app);
    const e = await errorOf(() => t.call('entries.enter', enterInput(there.id, other.employer.id, '2020-02-17'), other.token));
    expect([e.code, e.message]).toEqual(['CONFLICT', reason]);
    expect(snapshot(t.app)).toEqual(before);

    // The other project cannot close this project's entry …
    const foreignExit = await errorOf(() => t.call('entries.exit', { entryId: entry.entryId!, exitedOn: '2020-02-17' }, other.token));
    expect([foreignExit.code, foreignExit.message]).toEqual(['NOT_FOUND', '未找到该进场记录']);
    // … nor see it on its roster.
    expect(await t.call('entries.roster', { category: 'worker', status: 'all' }, other.token)).toEqual({ rows: [], total: 0 });

    await t.call('entries.exit', { entryId: entry.entryId!, exitedOn: '2020-02-17' }, manager);
    expect((await t.call('entries.check', { idNumber: ZHAO.idNumber, category: 'worker' }, other.token)).eligibility).toEqual(ALLOWED_NOW);
    const moved = await t.call('entries.enter', enterInput(there.id, other.employer.id, '2020-02-17'), other.token);
    expect(moved).toMatchObject({ employerName: '上海徐汇建筑劳务有限公司', status: 'onSite' });
    // Now the first project sees him on site at the second one.
    expect((await t.call('entries.check', { idNumber: ZHAO.idNumber, category: 'worker' }, manager)).eligibility.reason)
      .toBe('赵建军 仍在项目“徐汇滨江二期”在场(2020-02-17 进场),须先在该项目办理退场');
  });

  // One project at a time also in the past: an entry may not start before the person's last exit.
  it('an entry at another project dated before the exit here is refused (no overlapping stays)', async () => {
    const { t, manager, employer } = await site();
    const here = await register(t, manager, employer.id, ZHAO);
    const other = await secondProject(t, '徐汇滨江二期');
    const there = await register(t, other.token, other.employer.id, ZHAO);
    const entry = await t.call('entries.enter', enterInput(here.id, employer.id, '2020-02-10'), manager);
    await t.call('entries.exit', { entryId: entry.entryId!, exitedOn: '2020-02-15' }, manager);
    const before = snapshot(t.app);
    const e = await errorOf(() => t.call('entries.enter', enterInput(there.id, other.employer.id, '2020-02-12'), other.token));
    expect(['CONFLICT', 'VALIDATION']).toContain(e.code);
    expect(snapshot(t.app)).toEqual(before);
  });

  it('already on site here: refused', async () => {
    const { t, manager, employer } = await site();
    const zhao = await register(t, manager, employer.id, ZHAO);
    await t.call('entries.enter', enterInput(zhao.id, employer.id, '2020-02-16'), manager);
    const reason = '赵建军 已在场(2020-02-16 进场),不能重复进场';
    expect((await t.call('entries.check', { idNumber: ZHAO.idNumber, category: 'worker' }, manager)).eligibility).toEqual({ allowed: false, reason, availableFrom: null });
    const before = snapshot(t.app);
    const e = await errorOf(() => t.call('entries.enter', enterInput(zhao.id, employer.id, '2020-02-17'), manager));
    expect([e.code, e.message]).toEqual(['CONFLICT', reason]);
    expect(snapshot(t.app)).toEqual(before);
  });
});

describe('entries.exit', () => {
  it('closes the open entry; refuses a date before the entry, in the future, or a second exit; then the person may enter again', async () => {
    const { t, manager, employer } = await site();
    const zhao = await register(t, manager, employer.id, ZHAO);
    const entry = await t.call('entries.enter', enterInput(zhao.id, employer.id, '2020-02-10'), manager);
    const entryId = entry.entryId!;
    const before = snapshot(t.app);

    const early = await errorOf(() => t.call('entries.exit', { entryId, exitedOn: '2020-02-09' }, manager));
    expect(early.code).toBe('VALIDATION');
    expect(early.message).toBe('退场日期 2020-02-09 不能早于进场日期 2020-02-10');
    expect(early.issues).toEqual([{ path: 'exitedOn', message: '退场日期不能早于进场日期' }]);
    const future = await errorOf(() => t.call('entries.exit', { entryId, exitedOn: '2020-02-18' }, manager));
    expect(future.code).toBe('VALIDATION');
    expect(future.message).toBe('退场日期不能晚于今天');
    expect(future.issues).toEqual([{ path: 'exitedOn', message: '退场日期不能晚于今天' }]);
    const unknown = await errorOf(() => t.call('entries.exit', { entryId: 'no-such-entry', exitedOn: '2020-02-15' }, manager));
    expect([unknown.code, unknown.message]).toEqual(['NOT_FOUND', '未找到该进场记录']);
    expect(snapshot(t.app)).toEqual(before);

    t.clock.advanceMinutes(30);
    const exited = await t.call('entries.exit', { entryId, exitedOn: '2020-02-15' }, manager);
    expect(exited).toEqual({ ...entry, exitedOn: '2020-02-15', status: 'exited' });
    const stored = t.app.services.sqlite.prepare('select exited_on, exited_at, exited_by is not null as by from entries where id = ?').get(entryId);
    expect(stored).toEqual({ exited_on: '2020-02-15', exited_at: '2020-02-17T01:30:00.000Z', by: 1 });

    const afterExit = snapshot(t.app);
    const twice = await errorOf(() => t.call('entries.exit', { entryId, exitedOn: '2020-02-16' }, manager));
    expect([twice.code, twice.message]).toEqual(['CONFLICT', '该人员已于 2020-02-15 退场']);
    expect(snapshot(t.app)).toEqual(afterExit);

    // The same day as the entry is a valid exit date; and after an exit the person may enter again.
    expect((await t.call('entries.check', { idNumber: ZHAO.idNumber, category: 'worker' }, manager)).eligibility).toEqual(ALLOWED_NOW);
    const again = await t.call('entries.enter', enterInput(zhao.id, employer.id, '2020-02-17', { team: '钢筋二班' }), manager);
    expect(again).toMatchObject({ status: 'onSite', enteredOn: '2020-02-17', team: '钢筋二班' });
    expect(again.entryId).not.toBe(entryId);
    const sameDay = await t.call('entries.exit', { entryId: again.entryId!, exitedOn: '2020-02-17' }, manager);
    expect(sameDay.status).toBe('exited');
    expect(countRows(t, 'entries')).toBe(2);
  });

  it('writes one outbox change per entry and per exit', async () => {
    const { t, manager, employer } = await site();
    const zhao = await register(t, manager, employer.id, ZHAO);
    const entry = await t.call('entries.enter', enterInput(zhao.id, employer.id, '2020-02-16'), manager);
    expect([changeCount(t, 'entries', 'insert'), changeCount(t, 'entries', 'update')]).toEqual([1, 0]);
    await t.call('entries.exit', { entryId: entry.entryId!, exitedOn: '2020-02-17' }, manager);
    expect([changeCount(t, 'entries', 'insert'), changeCount(t, 'entries', 'update')]).toEqual([1, 1]);
    const last = t.app.services.sqlite.prepare("select row_id, data from changes where table_name = 'entries' order by seq desc").get() as { row_id: string; data: string };
    expect(last.row_id).toBe(entry.entryId);
    expect(JSON.parse(last.data)).toMatchObject({ id: entry.entryId, exitedOn: '2020-02-17', enteredOn: '2020-02-16' });
    // A refused entry writes no change.
    await t.call('dispositions.set', { personId: zhao.id, state: 'isolate', startedAt: '2020-02-17 08:00', method: '居家隔离' }, manager);
    await errorOf(() => t.call('entries.enter', enterInput(zhao.id, employer.id, '2020-02-17'), manager));
    expect(changeCount(t, 'entries')).toBe(2);
    expect(changeCount(t, 'dispositions')).toBe(1);
    expect(personState(t, zhao.id)).toBe('isolate');
  });
});

describe('entries.roster', () => {
  const WORKERS = [ZHAO, QIAN, SUN, LI, ZHOU, WU, ZHENG, WANG, FENG, CHEN, CHU, WEI];
  const EXITED = [ZHOU, WU, ZHENG];

  /** 12 workers entered one a minute on 2020-02-17 (ZHAO first), 3 of them exited; 2 managers on site. */
  async function roster() {
    const s = await site();
    const ids = new Map<string, string>();
    const entryIds = new Map<string, string>();
    for (const who of WORKERS) ids.set(who.name, (await register(s.t, s.manager, s.employer.id, who)).id);
    for (const who of [JIANG, SHEN]) ids.set(who.name, (await register(s.t, s.manager, s.employer.id, who, { category: 'manager' })).id);
    for (const who of [...WORKERS, JIANG, SHEN]) {
      const row = await s.t.call('entries.enter', enterInput(ids.get(who.name)!, s.employer.id, '2020-02-17', { workType: who === JIANG || who === SHEN ? '900' : '020' }), s.manager);
      entryIds.set(who.name, row.entryId!);
      s.t.clock.advanceMinutes(1);
    }
    for (const who of EXITED) await s.t.call('entries.exit', { entryId: entryIds.get(who.name)!, exitedOn: '2020-02-17' }, s.manager);
    const names = async (input: CommandInput<'entries.roster'>) => {
      const r = await s.t.call('entries.roster', input, s.manager);
      return { names: r.rows.map((x) => x.name), total: r.total };
    };
    return { ...s, ids, names };
  }

  const onSiteNewestFirst = ['卫玉兰', '褚浩宇', '陈俊峰', '冯鹏飞', '王晓东', '李秀英', '孙丽', '钱志强', '赵建军'];
  const exitedNewestFirst = ['郑春花', '吴海燕', '周国庆'];

  it('status onSite (the default), exited and all, by category', async () => {
    const { names } = await roster();
    expect(await names({ category: 'worker', pageSize: 50 })).toEqual({ names: onSiteNewestFirst, total: 9 });
    expect(await names({ category: 'worker', status: 'exited' })).toEqual({ names: exitedNewestFirst, total: 3 });
    expect(await names({ category: 'worker', status: 'all', pageSize: 50 })).toEqual({ names: [...onSiteNewestFirst, ...exitedNewestFirst], total: 12 });
    expect(await names({ category: 'manager' })).toEqual({ names: ['沈明', '蒋建华'], total: 2 });
    expect(await names({ category: 'manager', status: 'exited' })).toEqual({ names: [], total: 0 });
  });

  it('rows carry the entry, the exit and the state', async () => {
    const { t, manager, ids, employer } = await roster();
    await t.call('dispositions.set', { personId: ids.get('赵建军')!, state: 'isolate', startedAt: '2020-02-17 08:00', method: '工地隔离点' }, manager);
    const { rows } = await t.call('entries.roster', { category: 'worker', status: 'all', search: '赵建军' }, manager);
    expect(rows).toEqual([{
      entryId: expect.any(String), personId: ids.get('赵建军'), category: 'worker', name: '赵建军', idNumberMasked: mask(ZHAO.idNumber), phone: '13812345678',
      employerName: employer.name, workType: '020', workTypeName: '钢筋工', team: '钢筋一班', enteredOn: '2020-02-17', exitedOn: null, state: 'isolate', status: 'onSite',
    }]);
    const exited = await t.call('entries.roster', { category: 'worker', status: 'exited', search: '吴海燕' }, manager);
    expect(exited.rows[0]).toMatchObject({ exitedOn: '2020-02-17', status: 'exited' });
    const managers = await t.call('entries.roster', { category: 'manager' }, manager);
    expect(managers.rows[0]).toMatchObject({ category: 'manager', workType: '900', workTypeName: '管理人员' });
  });

  it('searches by name fragment, ID fragment and pinyin initials, within the category and status', async () => {
    const { names } = await roster();
    expect(await names({ category: 'worker', status: 'all', search: '海燕' })).toEqual({ names: ['吴海燕'], total: 1 });
    expect(await names({ category: 'worker', status: 'onSite', search: '海燕' })).toEqual({ names: [], total: 0 });
    // 建 is in 赵建军 (worker) and 蒋建华 (manager).
    expect(await names({ category: 'worker', status: 'all', search: '建' })).toEqual({ names: ['赵建军'], total: 1 });
    expect(await names({ category: 'manager', status: 'all', search: '建' })).toEqual({ names: ['蒋建华'], total: 1 });
    // ID fragments: a birth date, the last digits, the whole number.
    expect(await names({ category: 'worker', status: 'all', search: '19870808' })).toEqual({ names: ['王晓东'], total: 1 });
    expect(await names({ category: 'worker', status: 'all', search: WEI.idNumber.slice(-6) })).toEqual({ names: ['卫玉兰'], total: 1 });
    expect(await names({ category: 'worker', status: 'all', search: CHU.idNumber })).toEqual({ names: ['褚浩宇'], total: 1 });
    // 4201 starts 钱志强's and 李秀英's numbers (湖北 武汉), and is inside no other.
    expect(await names({ category: 'worker', status: 'all', search: '4201' })).toEqual({ names: ['李秀英', '钱志强'], total: 2 });
    // Pinyin initials and full pinyin.
    expect(await names({ category: 'worker', status: 'all', search: 'zjj' })).toEqual({ names: ['赵建军'], total: 1 });
    expect(await names({ category: 'worker', status: 'all', search: 'ZJJ' })).toEqual({ names: ['赵建军'], total: 1 });
    expect(await names({ category: 'worker', status: 'all', search: 'z' })).toEqual({ names: ['赵建军', '郑春花', '周国庆'], total: 3 });
    expect(await names({ category: 'worker', status: 'all', search: 'zhou' })).toEqual({ names: ['周国庆'], total: 1 });
    expect(await names({ category: 'worker', status: 'onSite', search: 'chy' })).toEqual({ names: ['褚浩宇'], total: 1 });
    expect(await names({ category: 'manager', status: 'all', search: 'sm' })).toEqual({ names: ['沈明'], total: 1 });
    // Wildcards are searched for literally.
    expect(await names({ category: 'worker', status: 'all', search: '%' })).toEqual({ names: [], total: 0 });
  });

  it('pages', async () => {
    const { names } = await roster();
    const all = [...onSiteNewestFirst, ...exitedNewestFirst];
    expect(await names({ category: 'worker', status: 'all', page: 1, pageSize: 10 })).toEqual({ names: all.slice(0, 10), total: 12 });
    expect(await names({ category: 'worker', status: 'all', page: 2, pageSize: 10 })).toEqual({ names: all.slice(10), total: 12 });
    expect(await names({ category: 'worker', status: 'all', page: 3, pageSize: 10 })).toEqual({ names: [], total: 12 });
    expect(await names({ category: 'worker', status: 'onSite' })).toEqual({ names: onSiteNewestFirst, total: 9 });
  });

  it('shows a person who came back twice under all: the open entry first', async () => {
    const { t, manager, ids, employer, names } = await roster();
    await t.call('entries.enter', enterInput(ids.get('周国庆')!, employer.id, '2020-02-17', { team: '返场班' }), manager);
    expect(await names({ category: 'worker', status: 'all', search: '周国庆' })).toEqual({ names: ['周国庆', '周国庆'], total: 2 });
    const rows = (await t.call('entries.roster', { category: 'worker', status: 'all', search: '周国庆' }, manager)).rows;
    expect(rows.map((r) => [r.status, r.team])).toEqual([['onSite', '返场班'], ['exited', '钢筋一班']]);
    expect((await names({ category: 'worker' })).total).toBe(10);
  });
});
