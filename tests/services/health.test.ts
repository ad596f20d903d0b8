// 每日健康: health.create / health.list and the morning batch (health.batchList / health.batchSave),
// on a real SQLite file with a clock set by hand (site time is Asia/Shanghai).
import { describe, it, expect, afterEach } from 'vitest';
import { errorOf, snapshot, type TestApp } from '../support/app';
import { countRows, samplePeople } from '../support/prereg-helpers';
import type { CommandInput, PersonDetail } from '../../electron/common/contract';
import {
  changeCount, enterInput, mask, NO_SYMPTOMS, NOT_IN_PROJECT, openSite, reenter, register, secondProject,
  LI, QIAN, SUN, ZHAO, type Site,
} from '../support/issue4-helpers';

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

async function site(clockIso?: string): Promise<Site> {
  const opened = await openSite(clockIso);
  t = opened.t;
  return opened;
}

/** A site with 赵建军 pre-registered; the clock at 2020-02-17 09:00 Shanghai unless told. */
async function withZhao(clockIso?: string) {
  const s = await site(clockIso);
  const zhao = await register(s.t, s.manager, s.employer.id, ZHAO);
  return { ...s, zhao };
}

const RANGE = '体温应在34.0到43.0之间';
type BatchRows = CommandInput<'health.batchSave'>['rows'];
const normal = (people: { id: string }[]): BatchRows => people.map((p) => ({ personId: p.id, temperature: 36.5, symptoms: [NO_SYMPTOMS] }));
const NOTHING = { suggest: false, reason: '' };

describe('health.create: 体温', () => {
  it('accepts 34.0 and 43.0 and answers the stored check', async () => {
    const { t, manager, zhao } = await withZhao();
    const low = await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 07:00', symptoms: [NO_SYMPTOMS], temperature: 34.0 }, manager);
    expect(low).toEqual({
      check: { id: expect.any(String), checkedAt: '2020-02-17 07:00:00', symptoms: [NO_SYMPTOMS], temperature: 34, fever: false, createdBy: '王建国' },
      suggestion: NOTHING,
    });
    const high = await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 08:00:00', symptoms: ['发热'], temperature: 43.0 }, manager);
    expect(high.check).toMatchObject({ checkedAt: '2020-02-17 08:00:00', temperature: 43, fever: true });
    const stored = t.app.services.sqlite.prepare('select checked_at, checked_on, temperature_tenths, fever, symptoms from health_checks order by checked_at').all();
    expect(stored).toEqual([
      { checked_at: '2020-02-17 07:00:00', checked_on: '2020-02-17', temperature_tenths: 340, fever: 0, symptoms: JSON.stringify([NO_SYMPTOMS]) },
      { checked_at: '2020-02-17 08:00:00', checked_on: '2020-02-17', temperature_tenths: 430, fever: 1, symptoms: JSON.stringify(['发热']) },
    ]);
  });

  it.each([
    [33.9, RANGE],
    [43.1, RANGE],
    [36.55, '体温保留一位小数'],
  ])('refuses %s °C with VALIDATION and writes nothing', async (temperature, message) => {
    const { t, manager, zhao } = await withZhao();
    const before = snapshot(t.app);
    const e = await errorOf(() => t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 08:00', symptoms: [NO_SYMPTOMS], temperature }, manager));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe(message);
    expect(e.issues).toEqual([{ path: 'temperature', message }]);
    expect(snapshot(t.app)).toEqual(before);
  });

  it('37.2 is not fever, 37.3 is', async () => {
    const { t, manager, zhao } = await withZhao();
    const a = await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 07:00', symptoms: [NO_SYMPTOMS], temperature: 37.2 }, manager);
    const b = await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 08:00', symptoms: [NO_SYMPTOMS], temperature: 37.3 }, manager);
    expect([a.check.temperature, a.check.fever]).toEqual([37.2, false]);
    expect([b.check.temperature, b.check.fever]).toEqual([37.3, true]);
    expect(t.app.services.sqlite.prepare('select temperature_tenths as t, fever from health_checks order by checked_at').all())
      .toEqual([{ t: 372, fever: 0 }, { t: 373, fever: 1 }]);
  });
});

describe('health.create: 日期时间', () => {
  it('accepts the current minute and refuses one minute later (Shanghai time)', async () => {
    // 01:00:30Z is 09:00:30 in Shanghai: 09:00 is now, 09:01 is the future.
    const { t, manager, zhao } = await withZhao('2020-02-17T01:00:30Z');
    const now = await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 09:00', symptoms: [NO_SYMPTOMS], temperature: 36.5 }, manager);
    expect(now.check.checkedAt).toBe('2020-02-17 09:00:00');
    const before = snapshot(t.app);
    const e = await errorOf(() => t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 09:01', symptoms: [NO_SYMPTOMS], temperature: 36.5 }, manager));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe('日期不能晚于当前时间');
    expect(e.issues).toEqual([{ path: 'checkedAt', message: '日期不能晚于当前时间' }]);
    expect(snapshot(t.app)).toEqual(before);
  });

  it('judges the future by Shanghai wall time, not UTC, just after midnight', async () => {
    // 16:00:00Z on 02-16 is 2020-02-17 00:00 in Shanghai.
    const { t, manager, zhao } = await withZhao('2020-02-16T16:00:00Z');
    const ok = await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 00:00', symptoms: [NO_SYMPTOMS], temperature: 36.5 }, manager);
    expect(ok.check.checkedAt).toBe('2020-02-17 00:00:00');
    const e = await errorOf(() => t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 00:01', symptoms: [NO_SYMPTOMS], temperature: 36.5 }, manager));
    expect([e.code, e.message]).toEqual(['VALIDATION', '日期不能晚于当前时间']);
  });

  it('refuses an impossible date and writes nothing', async () => {
    const { t, manager, zhao } = await withZhao();
    const before = snapshot(t.app);
    const e = await errorOf(() => t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-30 08:00:00', symptoms: [NO_SYMPTOMS], temperature: 36.5 }, manager));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe('日期 2020-02-30 08:00:00 不是有效的日期时间');
    expect(e.issues).toEqual([{ path: 'checkedAt', message: '日期无效' }]);
    expect(snapshot(t.app)).toEqual(before);
  });

  it('refuses a time that is not in the form YYYY-MM-DD HH:mm:ss', async () => {
    const { t, manager, zhao } = await withZhao();
    const e = await errorOf(() => t.call('health.create', { personId: zhao.id, checkedAt: '2020/02/17 08:00', symptoms: [NO_SYMPTOMS], temperature: 36.5 }, manager));
    expect([e.code, e.message]).toEqual(['VALIDATION', '日期时间格式应为 YYYY-MM-DD HH:mm:ss']);
  });
});

describe('health.create: 健康状态', () => {
  it('refuses 无上述异常症状 together with 咳嗽', async () => {
    const { t, manager, zhao } = await withZhao();
    const before = snapshot(t.app);
    const e = await errorOf(() => t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 08:00', symptoms: [NO_SYMPTOMS, '咳嗽'], temperature: 36.5 }, manager));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe('“无上述异常症状”不能与其他症状同时选择');
    expect(e.issues).toEqual([{ path: 'symptoms', message: '“无上述异常症状”不能与其他症状同时选择' }]);
    expect(snapshot(t.app)).toEqual(before);
  });

  it('refuses an empty symptom list', async () => {
    const { t, manager, zhao } = await withZhao();
    const e = await errorOf(() => t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 08:00', symptoms: [], temperature: 36.5 }, manager));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe('请选择健康状态');
    expect(e.issues).toEqual([{ path: 'symptoms', message: '请选择健康状态' }]);
    expect(countRows(t, 'health_checks')).toBe(0);
  });

  it('refuses a symptom that is not on the list', async () => {
    const { t, manager, zhao } = await withZhao();
    const e = await errorOf(() => t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 08:00', symptoms: ['头痛' as '咳嗽'], temperature: 36.5 }, manager));
    expect([e.code, e.message]).toEqual(['VALIDATION', '无效的健康状态']);
  });

  it('keeps several symptoms as given', async () => {
    const { t, manager, zhao } = await withZhao();
    const r = await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 08:00', symptoms: ['咳嗽', '流涕', '肌肉酸痛/关节痛'], temperature: 36.8 }, manager);
    expect(r.check.symptoms).toEqual(['咳嗽', '流涕', '肌肉酸痛/关节痛']);
    expect(r.suggestion).toEqual(NOTHING); // symptoms without fever do not suggest 需隔离
  });
});

describe('health.create: the 需隔离 suggestion', () => {
  it('a first fever alone (发热 only) suggests nothing', async () => {
    const { t, manager, zhao } = await withZhao();
    const r = await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 08:00', symptoms: ['发热'], temperature: 38.1 }, manager);
    expect(r.check.fever).toBe(true);
    expect(r.suggestion).toEqual(NOTHING);
  });

  it('fever with 咳嗽 suggests 需隔离 and names 咳嗽', async () => {
    const { t, manager, zhao } = await withZhao();
    const r = await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 08:00', symptoms: ['发热', '咳嗽'], temperature: 37.5 }, manager);
    expect(r.suggestion).toEqual({ suggest: true, reason: '体温 37.5°C 且伴有咳嗽,建议将处置方式设为“需隔离”' });
    // The app only suggests: the state is unchanged.
    expect((await t.call('dispositions.get', { personId: zhao.id }, manager)).person.state).toBe('clear');
  });

  it('two fever readings in a row suggest on the second, naming the first', async () => {
    const { t, manager, zhao } = await withZhao();
    const first = await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 07:00', symptoms: [NO_SYMPTOMS], temperature: 37.8 }, manager);
    expect(first.suggestion).toEqual(NOTHING);
    const second = await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 08:30', symptoms: [NO_SYMPTOMS], temperature: 37.4 }, manager);
    expect(second.suggestion.suggest).toBe(true);
    expect(second.suggestion.reason).toBe('连续两次体温达到37.3°C(上次 2020-02-17 07:00:00 37.8°C),建议将处置方式设为“需隔离”');
    expect(second.suggestion.reason).toContain('连续两次');
  });

  it('fever, then normal, then fever: no suggestion on the third', async () => {
    const { t, manager, zhao } = await withZhao();
    await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 06:00', symptoms: ['发热'], temperature: 38.0 }, manager);
    await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 07:00', symptoms: [NO_SYMPTOMS], temperature: 36.6 }, manager);
    const third = await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 08:00', symptoms: ['发热'], temperature: 37.9 }, manager);
    expect(third.check.fever).toBe(true);
    expect(third.suggestion).toEqual(NOTHING);
  });

  it('orders by checkedAt: a back-dated fever right after an earlier fever suggests, whatever was entered in between', async () => {
    const { t, manager, zhao } = await withZhao();
    // Entered in this order: 06:00 fever, 08:00 normal, then 07:00 fever (back-dated).
    await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 06:00', symptoms: [NO_SYMPTOMS], temperature: 37.6 }, manager);
    await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 08:00', symptoms: [NO_SYMPTOMS], temperature: 36.5 }, manager);
    const late = await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 07:00', symptoms: [NO_SYMPTOMS], temperature: 37.7 }, manager);
    expect(late.suggestion).toEqual({ suggest: true, reason: '连续两次体温达到37.3°C(上次 2020-02-17 06:00:00 37.6°C),建议将处置方式设为“需隔离”' });
  });

  it('orders by checkedAt: the reading entered last is not "the previous one" when it lies earlier', async () => {
    const { t, manager, zhao } = await withZhao();
    // 07:00 normal; then a back-dated 06:00 fever; then 08:00 fever. In time order 07:00 (normal)
    // comes right before 08:00, so the 08:00 fever is not the second in a row.
    await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 07:00', symptoms: [NO_SYMPTOMS], temperature: 36.5 }, manager);
    await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 06:00', symptoms: [NO_SYMPTOMS], temperature: 38.2 }, manager);
    const r = await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 08:00', symptoms: [NO_SYMPTOMS], temperature: 37.5 }, manager);
    expect(r.suggestion).toEqual(NOTHING);
  });

  it('counts the previous reading of this person only', async () => {
    const { t, manager, employer, zhao } = await withZhao();
    const sun = await register(t, manager, employer.id, SUN, { origin: { provinceCode: '320000', cityCode: '320500' } });
    await t.call('health.create', { personId: sun.id, checkedAt: '2020-02-17 07:00', symptoms: [NO_SYMPTOMS], temperature: 38.0 }, manager);
    const r = await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 08:00', symptoms: [NO_SYMPTOMS], temperature: 38.0 }, manager);
    expect(r.suggestion).toEqual(NOTHING);
  });

  // "In a row" is in time order: a back-dated fever right before an existing fever makes two.
  it('a back-dated fever right before an existing fever makes two in a row and should suggest', async () => {
    const { t, manager, zhao } = await withZhao();
    await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 06:00', symptoms: [NO_SYMPTOMS], temperature: 36.5 }, manager);
    const later = await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 08:00', symptoms: [NO_SYMPTOMS], temperature: 37.9 }, manager);
    expect(later.suggestion).toEqual(NOTHING); // alone so far: right
    // In time order: 06:00 36.5, 07:00 37.6, 08:00 37.9 — the last two are fevers in a row.
    const backDated = await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 07:00', symptoms: [NO_SYMPTOMS], temperature: 37.6 }, manager);
    expect(backDated.suggestion.suggest).toBe(true);
    expect(backDated.suggestion.reason).toContain('连续两次');
  });
});

describe('health.list', () => {
  it('lists newest first (by checkedAt, not by entry order) with paging and total', async () => {
    const { t, manager, zhao } = await withZhao();
    // 12 readings on 2020-02-05 … 2020-02-16, entered in a shuffled order.
    const days = [5, 12, 7, 16, 9, 6, 14, 10, 8, 15, 11, 13];
    for (const d of days) {
      const day = String(d).padStart(2, '0');
      await t.call('health.create', { personId: zhao.id, checkedAt: `2020-02-${day} 08:00`, symptoms: [NO_SYMPTOMS], temperature: 36 + d / 10 }, manager);
      t.clock.advanceMinutes(1);
    }
    const page1 = await t.call('health.list', { personId: zhao.id, page: 1, pageSize: 10 }, manager);
    expect(page1.total).toBe(12);
    expect(page1.person).toEqual({ id: zhao.id, name: '赵建军', idNumber: ZHAO.idNumber, phone: '13812345678', category: 'worker', state: 'clear' });
    expect(page1.rows.map((r) => r.checkedAt)).toEqual([16, 15, 14, 13, 12, 11, 10, 9, 8, 7].map((d) => `2020-02-${String(d).padStart(2, '0')} 08:00:00`));
    expect(page1.rows[0]).toEqual({ id: expect.any(String), checkedAt: '2020-02-16 08:00:00', symptoms: [NO_SYMPTOMS], temperature: 37.6, fever: true, createdBy: '王建国' });
    const page2 = await t.call('health.list', { personId: zhao.id, page: 2, pageSize: 10 }, manager);
    expect(page2.total).toBe(12);
    expect(page2.rows.map((r) => [r.checkedAt, r.temperature])).toEqual([['2020-02-06 08:00:00', 36.6], ['2020-02-05 08:00:00', 36.5]]);
    const page3 = await t.call('health.list', { personId: zhao.id, page: 3, pageSize: 10 }, manager);
    expect(page3).toMatchObject({ rows: [], total: 12 });
  });

  it('answers an empty list for a person without checks', async () => {
    const { t, manager, zhao } = await withZhao();
    expect(await t.call('health.list', { personId: zhao.id }, manager)).toMatchObject({ rows: [], total: 0 });
  });

  it('NOT_FOUND for an unknown id and for a person of another project, on list and create', async () => {
    const { t, manager, zhao } = await withZhao();
    const other = await secondProject(t);
    const elsewhere = await register(t, other.token, other.employer.id, LI);
    for (const personId of ['00000000-0000-7000-8000-000000000000', elsewhere.id]) {
      const list = await errorOf(() => t.call('health.list', { personId }, manager));
      expect([list.code, list.message]).toEqual(['NOT_FOUND', NOT_IN_PROJECT]);
      const create = await errorOf(() => t.call('health.create', { personId, checkedAt: '2020-02-17 08:00', symptoms: [NO_SYMPTOMS], temperature: 36.5 }, manager));
      expect([create.code, create.message]).toEqual(['NOT_FOUND', NOT_IN_PROJECT]);
    }
    // …and 赵建军 of this project is not visible from the other one.
    const fromOther = await errorOf(() => t.call('health.list', { personId: zhao.id }, other.token));
    expect(fromOther.code).toBe('NOT_FOUND');
    expect(countRows(t, 'health_checks')).toBe(0);
  });

  it('writes one outbox change per health check', async () => {
    const { t, manager, zhao } = await withZhao();
    const before = changeCount(t, 'health_checks');
    const r = await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-17 08:00', symptoms: [NO_SYMPTOMS], temperature: 36.5 }, manager);
    expect(changeCount(t, 'health_checks', 'insert')).toBe(before + 1);
    const change = t.app.services.sqlite.prepare("select row_id, data from changes where table_name = 'health_checks'").get() as { row_id: string; data: string };
    expect(change.row_id).toBe(r.check.id);
    expect(JSON.parse(change.data)).toMatchObject({ id: r.check.id, personId: zhao.id, checkedAt: '2020-02-17 08:00:00', temperatureTenths: 365, fever: false });
  });
});

describe('the morning batch', () => {
  it('batchList lists pre-registered and on-site people, not those who exited, with today\'s reading', async () => {
    const { t, manager, employer, zhao } = await withZhao();
    const qian = await register(t, manager, employer.id, QIAN, { origin: { provinceCode: '320000', cityCode: '320500' } });
    const sun = await register(t, manager, employer.id, SUN, { origin: { provinceCode: '320000', cityCode: '320500' } });
    await t.call('entries.enter', enterInput(qian.id, employer.id, '2020-02-17'), manager);
    const gone = await t.call('entries.enter', enterInput(sun.id, employer.id, '2020-02-15'), manager);
    await t.call('entries.exit', { entryId: gone.entryId!, exitedOn: '2020-02-16' }, manager);
    // Yesterday's reading does not count as today's; of today's two, the later one wins.
    await t.call('health.create', { personId: zhao.id, checkedAt: '2020-02-16 08:00', symptoms: ['咳嗽'], temperature: 37.9 }, manager);
    await t.call('health.create', { personId: qian.id, checkedAt: '2020-02-17 07:00', symptoms: ['咳嗽'], temperature: 37.5 }, manager);
    await t.call('health.create', { personId: qian.id, checkedAt: '2020-02-17 08:00', symptoms: [NO_SYMPTOMS], temperature: 36.7 }, manager);

    const list = await t.call('health.batchList', {}, manager);
    expect(list.date).toBe('2020-02-17');
    expect(list.rows).toEqual([
      { personId: qian.id, name: '钱志强', idNumberMasked: mask(QIAN.idNumber), employerName: '上海申江建筑劳务有限公司', onSite: true, state: 'clear', todayTemperature: 36.7, todaySymptoms: [NO_SYMPTOMS] },
      { personId: zhao.id, name: '赵建军', idNumberMasked: mask(ZHAO.idNumber), employerName: '上海申江建筑劳务有限公司', onSite: false, state: 'clear', todayTemperature: null, todaySymptoms: [] },
    ]);
    // Another date shows that day's readings.
    const yesterday = await t.call('health.batchList', { date: '2020-02-16' }, manager);
    expect(yesterday.rows.find((r) => r.personId === zhao.id)).toMatchObject({ todayTemperature: 37.9, todaySymptoms: ['咳嗽'] });
  });

  it('batchSave saves 10 people in one go and reports fevers and suggestions', async () => {
    const { t, manager, employer } = await site();
    const people: PersonDetail[] = [];
    for (const p of samplePeople(10, 11, 501)) {
      people.push(await register(t, manager, employer.id, p, { origin: { provinceCode: '320000', cityCode: '320500' } }));
    }
    // people[1] had a fever this morning already.
    await t.call('health.create', { personId: people[1]!.id, checkedAt: '2020-02-17 06:30', symptoms: [NO_SYMPTOMS], temperature: 37.6 }, manager);
    const checksBefore = countRows(t, 'health_checks');
    const changesBefore = changeCount(t, 'health_checks');

    const rows = normal(people);
    rows[0] = { personId: people[0]!.id, temperature: 37.3, symptoms: [NO_SYMPTOMS] }; // first fever alone
    rows[1] = { personId: people[1]!.id, temperature: 37.8, symptoms: [NO_SYMPTOMS] }; // second in a row
    rows[2] = { personId: people[2]!.id, temperature: 38.2, symptoms: ['发热', '咽痛'] }; // with another symptom
    rows[3] = { personId: people[3]!.id, temperature: 36.9, symptoms: ['咳嗽'] }; // a symptom, no fever
    const result = await t.call('health.batchSave', { checkedAt: '2020-02-17 08:00', rows }, manager);
    expect(result).toEqual({
      saved: 10,
      fevers: 3,
      suggestions: [
        { personId: people[1]!.id, name: people[1]!.name, reason: '连续两次体温达到37.3°C(上次 2020-02-17 06:30:00 37.6°C),建议将处置方式设为“需隔离”' },
        { personId: people[2]!.id, name: people[2]!.name, reason: '体温 38.2°C 且伴有咽痛,建议将处置方式设为“需隔离”' },
      ],
    });
    expect(countRows(t, 'health_checks')).toBe(checksBefore + 10);
    expect(changeCount(t, 'health_checks', 'insert')).toBe(changesBefore + 10);
    const saved = t.app.services.sqlite.prepare("select person_id, checked_at, temperature_tenths, fever from health_checks where checked_at = '2020-02-17 08:00:00'").all() as { person_id: string; temperature_tenths: number; fever: number }[];
    expect(saved).toHaveLength(10);
    expect(new Set(saved.map((r) => r.person_id))).toEqual(new Set(people.map((p) => p.id)));
    expect(saved.filter((r) => r.fever === 1).map((r) => r.temperature_tenths).sort()).toEqual([373, 378, 382]);
    // batchList shows the readings as today's.
    const list = await t.call('health.batchList', {}, manager);
    expect(list.rows.find((r) => r.personId === people[2]!.id)).toMatchObject({ todayTemperature: 38.2, todaySymptoms: ['发热', '咽痛'] });
  });

  async function tenPeople() {
    const s = await site();
    const people: PersonDetail[] = [];
    for (const p of samplePeople(4, 13, 601)) {
      people.push(await register(s.t, s.manager, s.employer.id, p, { origin: { provinceCode: '320000', cityCode: '320500' } }));
    }
    return { ...s, people };
  }

  it('a batch with one unknown personId saves nothing', async () => {
    const { t, manager, people } = await tenPeople();
    const before = snapshot(t.app);
    const rows = normal(people);
    rows.splice(2, 0, { personId: '00000000-0000-7000-8000-000000000000', temperature: 36.5, symptoms: [NO_SYMPTOMS] });
    const e = await errorOf(() => t.call('health.batchSave', { checkedAt: '2020-02-17 08:00', rows }, manager));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toBe('批量录入中有人员不属于本项目,未保存任何记录');
    expect(snapshot(t.app)).toEqual(before);
  });

  it('a batch with a person of another project saves nothing', async () => {
    const { t, manager, people } = await tenPeople();
    const other = await secondProject(t);
    const elsewhere = await register(t, other.token, other.employer.id, LI);
    const before = snapshot(t.app);
    const rows = normal([...people, elsewhere]);
    const e = await errorOf(() => t.call('health.batchSave', { checkedAt: '2020-02-17 08:00', rows }, manager));
    expect(e.code).toBe('NOT_FOUND');
    expect(snapshot(t.app)).toEqual(before);
  });

  it('a batch with one bad temperature saves nothing and names the row', async () => {
    const { t, manager, people } = await tenPeople();
    const before = snapshot(t.app);
    const rows = normal(people);
    rows[3]!.temperature = 43.1;
    const e = await errorOf(() => t.call('health.batchSave', { checkedAt: '2020-02-17 08:00', rows }, manager));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe(RANGE);
    expect(e.issues).toEqual([{ path: 'rows.3.temperature', message: RANGE }]);
    expect(snapshot(t.app)).toEqual(before);
  });

  it('refuses the same person twice in a batch', async () => {
    const { t, manager, people } = await tenPeople();
    const before = snapshot(t.app);
    const rows = normal(people);
    rows.push({ personId: people[0]!.id, temperature: 36.8, symptoms: [NO_SYMPTOMS] });
    const e = await errorOf(() => t.call('health.batchSave', { checkedAt: '2020-02-17 08:00', rows }, manager));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe('同一人在一次批量录入中只能出现一次');
    expect(snapshot(t.app)).toEqual(before);
  });

  it('refuses a batch time in the future, and an empty batch', async () => {
    const { t, manager, people } = await tenPeople();
    const before = snapshot(t.app);
    const rows = normal(people);
    const future = await errorOf(() => t.call('health.batchSave', { checkedAt: '2020-02-17 09:01', rows }, manager));
    expect([future.code, future.message]).toEqual(['VALIDATION', '日期不能晚于当前时间']);
    const empty = await errorOf(() => t.call('health.batchSave', { checkedAt: '2020-02-17 08:00', rows: [] }, manager));
    expect([empty.code, empty.message]).toEqual(['VALIDATION', '请至少填写一人的体温']);
    expect(snapshot(t.app)).toEqual(before);
  });

  /** The outbox's and the audit trail's sequence numbers, in order. */
  function sequences(t: TestApp): { changes: number[]; audit: number[] } {
    const column = (query: string) => t.app.services.sqlite.prepare(query).pluck().all() as number[];
    return { changes: column('select seq from changes order by seq'), audit: column('select seq from audit_log order by seq') };
  }
  const fromOneWithoutGaps = (seqs: number[]) => seqs.every((seq, i) => seq === i + 1);

  it('batchSave numbers its changes and audit rows on from the ones before, one by one, and the next save goes on from there', async () => {
    const { t, manager, people } = await tenPeople();
    const before = sequences(t);
    await t.call('health.batchSave', { checkedAt: '2020-02-17 08:00', rows: normal(people) }, manager);
    await t.call('health.create', { personId: people[0]!.id, checkedAt: '2020-02-17 08:30', symptoms: [NO_SYMPTOMS], temperature: 36.6 }, manager);
    const after = sequences(t);
    expect(after.changes).toHaveLength(before.changes.length + people.length + 1);
    expect(after.audit).toHaveLength(before.audit.length + people.length + 1);
    expect(fromOneWithoutGaps(after.changes)).toBe(true);
    expect(fromOneWithoutGaps(after.audit)).toBe(true);
    expect(await t.call('audit.verify', {}, manager)).toMatchObject({ ok: true, brokenAt: null });
  });

  it('a batch that fails part-way through saves nothing, changes and audit rows included; the next batch numbers on without a gap', async () => {
    const { t, manager, people } = await tenPeople();
    const sqlite = t.app.services.sqlite;
    // The database refuses the third row, after the first two and their changes are written.
    sqlite.exec(`create temp trigger refuse_third before insert on health_checks when new.person_id = '${people[2]!.id}' begin select raise(abort, 'refused'); end`);
    const before = snapshot(t.app);
    await errorOf(() => t.call('health.batchSave', { checkedAt: '2020-02-17 08:00', rows: normal(people) }, manager));
    expect(snapshot(t.app)).toEqual(before);
    sqlite.exec('drop trigger refuse_third');
    await t.call('health.batchSave', { checkedAt: '2020-02-17 08:00', rows: normal(people) }, manager);
    expect(countRows(t, 'health_checks')).toBe(people.length);
    const after = sequences(t);
    expect(fromOneWithoutGaps(after.changes)).toBe(true);
    expect(fromOneWithoutGaps(after.audit)).toBe(true);
    expect(await t.call('audit.verify', {}, manager)).toMatchObject({ ok: true, brokenAt: null });
  });

  it('after a backup is restored, the morning batch saves on the restored database', async () => {
    const { t, manager, people } = await tenPeople();
    await t.call('health.batchSave', { checkedAt: '2020-02-17 08:00', rows: normal(people) }, manager);
    const backup = await t.call('backups.create', {}, manager);
    await t.call('health.batchSave', { checkedAt: '2020-02-17 08:30', rows: normal(people) }, manager);
    await t.call('backups.restore', { fileName: backup.fileName, confirm: true }, manager);
    const token = await reenter(t);
    await t.call('health.batchSave', { checkedAt: '2020-02-17 08:45', rows: normal(people) }, token);
    expect(countRows(t, 'health_checks')).toBe(people.length * 2);
    const after = sequences(t);
    expect(fromOneWithoutGaps(after.changes)).toBe(true);
    expect(fromOneWithoutGaps(after.audit)).toBe(true);
    expect(await t.call('audit.verify', {}, token)).toMatchObject({ ok: true, brokenAt: null });
  });
});
