// The today board (board.today): who is on site, how many are pre-registered, today's checks and
// fevers, who is in isolation and until when, and who becomes 可进场 within 3 days, with the clock
// moved across Shanghai days.
import { describe, it, expect, afterEach } from 'vitest';
import { type TestApp } from '../support/app';
import {
  enterInput, NO_SYMPTOMS, openSite, reenter, register, ORIGIN_WUHAN, ORIGIN_YICHANG,
  ZHAO, WANG, WU, ZHOU, CHEN, QIAN, SUN,
} from '../support/issue4-helpers';
import type { Board } from '../../electron/common/contract';

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'zh');
const sorted = (board: Board) => ({ ...board, inIsolation: [...board.inIsolation].sort(byName) });

/**
 * On 2020-02-17 (Shanghai):
 * 赵建军 and 王晓东 on site, checked this morning (王晓东 with fever); 吴海燕 checked at 07:00, then
 * left (entered 02-16, exited 02-17); 周国庆 需隔离 since 02-16 20:00; 陈俊峰 疑似; 钱志强 from 武汉
 * arrived 02-05 (可进场 02-19); 孙丽 from 宜昌 arrived 02-10 (可进场 02-24). Later 赵建军, on
 * site, becomes 需隔离 too.
 */
async function scene() {
  const s = await openSite('2020-02-17T09:00:00+08:00');
  t = s.t;
  const { manager, employer } = s;
  const reg = async (who: typeof ZHAO, options = {}) => (await register(s.t, manager, employer.id, who, options)).id;
  const ids = {
    zhao: await reg(ZHAO),
    wang: await reg(WANG),
    wu: await reg(WU),
    zhou: await reg(ZHOU),
    chen: await reg(CHEN),
    qian: await reg(QIAN, { origin: ORIGIN_WUHAN, cloud: { 出行时间: '2020-02-05' } }),
    sun: await reg(SUN, { origin: ORIGIN_YICHANG, cloud: { 出行时间: '2020-02-10' } }),
  };
  await s.t.call('entries.enter', enterInput(ids.zhao, employer.id, '2020-02-17'), manager);
  await s.t.call('entries.enter', enterInput(ids.wang, employer.id, '2020-02-17'), manager);
  const wu = await s.t.call('entries.enter', enterInput(ids.wu, employer.id, '2020-02-16'), manager);
  await s.t.call('health.create', { personId: ids.wu, checkedAt: '2020-02-17 07:00', symptoms: [NO_SYMPTOMS], temperature: 36.6 }, manager);
  await s.t.call('entries.exit', { entryId: wu.entryId!, exitedOn: '2020-02-17' }, manager);
  await s.t.call('health.create', { personId: ids.zhao, checkedAt: '2020-02-17 08:00', symptoms: [NO_SYMPTOMS], temperature: 36.5 }, manager);
  await s.t.call('health.create', { personId: ids.wang, checkedAt: '2020-02-17 08:10', symptoms: ['发热'], temperature: 37.8 }, manager);
  await s.t.call('dispositions.set', { personId: ids.zhou, state: 'isolate', startedAt: '2020-02-16 20:00', method: '集中隔离' }, manager);
  await s.t.call('dispositions.set', { personId: ids.chen, state: 'suspected', startedAt: '2020-02-17 08:20', method: '发热门诊' }, manager);
  return { ...s, ids };
}

describe('board.today', () => {
  it('counts and lists the day', async () => {
    const { t, manager, ids } = await scene();
    const board = await t.call('board.today', {}, manager);
    expect(sorted(board)).toEqual({
      date: '2020-02-17',
      onSite: 2,
      preRegistered: 7,
      checksDone: 2, // 赵建军 and 王晓东; 吴海燕 has left
      checksDue: 6, // 7 pre-registered, 1 exited
      feversToday: [{ personId: ids.wang, name: '王晓东', temperature: 37.8, checkedAt: '2020-02-17 08:10:00', symptoms: ['发热'] }],
      inIsolation: [
        { personId: ids.zhou, name: '周国庆', state: 'isolate', startedAt: '2020-02-16 20:00:00', endsOn: '2020-03-01', method: '集中隔离', onSite: false },
        { personId: ids.chen, name: '陈俊峰', state: 'suspected', startedAt: '2020-02-17 08:20:00', endsOn: null, method: '发热门诊', onSite: false },
      ].sort(byName),
      soonAvailable: [{ personId: ids.qian, name: '钱志强', origin: '湖北省 武汉市', availableFrom: '2020-02-19' }],
      // Nothing sent yet: every change of the day waits, the oldest from 初始化.
      syncWaiting: { changes: expect.any(Number) as number, since: expect.any(String) as string, lastAckAt: null },
    });
  });

  it('flags a person on site who becomes 需隔离, and drops them when cleared', async () => {
    const { t, manager, ids } = await scene();
    await t.call('dispositions.set', { personId: ids.zhao, state: 'isolate', startedAt: '2020-02-17 08:30', method: '工地隔离点' }, manager);
    const board = await t.call('board.today', {}, manager);
    expect(board.inIsolation.find((r) => r.personId === ids.zhao)).toEqual({
      personId: ids.zhao, name: '赵建军', state: 'isolate', startedAt: '2020-02-17 08:30:00', endsOn: '2020-03-02', method: '工地隔离点', onSite: true,
    });
    expect(board.inIsolation).toHaveLength(3);
    t.clock.advanceMinutes(5);
    await t.call('dispositions.set', { personId: ids.zhou, state: 'clear', startedAt: null, method: null }, manager);
    const after = await t.call('board.today', {}, manager);
    expect(after.inIsolation.map((r) => r.name).sort()).toEqual(['赵建军', '陈俊峰'].sort());
    // 周国庆 is 可进场 again and not from a place with a period: not in soonAvailable either.
    expect(after.soonAvailable.map((r) => r.name)).toEqual(['钱志强']);
  });

  it('a new day starts with no checks and no fevers; soonAvailable moves with the date', async () => {
    const { t, ids } = await scene();

    t.clock.set('2020-02-18T09:00:00+08:00');
    let token = await reenter(t);
    let board = await t.call('board.today', {}, token);
    expect(board).toMatchObject({ date: '2020-02-18', onSite: 2, preRegistered: 7, checksDone: 0, checksDue: 6, feversToday: [] });
    expect(board.soonAvailable).toEqual([{ personId: ids.qian, name: '钱志强', origin: '湖北省 武汉市', availableFrom: '2020-02-19' }]);
    await t.call('health.create', { personId: ids.wang, checkedAt: '2020-02-18 08:00', symptoms: [NO_SYMPTOMS], temperature: 37.3 }, token);
    board = await t.call('board.today', {}, token);
    expect(board.checksDone).toBe(1);
    expect(board.feversToday).toEqual([{ personId: ids.wang, name: '王晓东', temperature: 37.3, checkedAt: '2020-02-18 08:00:00', symptoms: [NO_SYMPTOMS] }]);

    // 02-19: 钱志强 is 可进场 today, so no longer "soon"; 孙丽's 02-24 is more than 3 days away.
    t.clock.set('2020-02-19T09:00:00+08:00');
    token = await reenter(t);
    expect((await t.call('board.today', {}, token)).soonAvailable).toEqual([]);
    const check = await t.call('entries.check', { idNumber: QIAN.idNumber, category: 'worker' }, token);
    expect(check.eligibility).toEqual({ allowed: true, reason: '', availableFrom: '2020-02-19' });

    // 02-21: 孙丽's 02-24 is within 3 days.
    t.clock.set('2020-02-21T09:00:00+08:00');
    token = await reenter(t);
    expect((await t.call('board.today', {}, token)).soonAvailable).toEqual([{ personId: ids.sun, name: '孙丽', origin: '湖北省 宜昌市', availableFrom: '2020-02-24' }]);
    // The 需隔离 end date stays 02-16 + 14 whatever the day.
    expect((await t.call('board.today', {}, token)).inIsolation.find((r) => r.personId === ids.zhou)?.endsOn).toBe('2020-03-01');
  });

  it('ends a 需隔离 after the period of the rule for where the person came from, not a fixed 14 days', async () => {
    const { t, manager, ids } = await scene();
    const endOf = async (personId: string) => (await t.call('board.today', {}, manager)).inIsolation.find((r) => r.personId === personId)?.endsOn;
    // 周国庆 came from 苏州, for which no rule exists: the default period (02-16 + 14).
    expect(await endOf(ids.zhou)).toBe('2020-03-01');
    // A rule of 10 days for 江苏省 applies to him.
    await t.call('settings.save', { isolationRules: [{ code: '320000', name: '', days: 10 }] }, manager);
    expect(await endOf(ids.zhou)).toBe('2020-02-26');
    // 苏州's own rule of 5 days wins over the province's.
    await t.call('settings.save', { isolationRules: [{ code: '320000', name: '', days: 10 }, { code: '320500', name: '', days: 5 }] }, manager);
    expect(await endOf(ids.zhou)).toBe('2020-02-21');
    // A rule of 0 days means no waiting on arrival; a 需隔离 still lasts the default period.
    await t.call('settings.save', { isolationRules: [{ code: '320500', name: '', days: 0 }] }, manager);
    expect(await endOf(ids.zhou)).toBe('2020-03-01');
  });

  it('turns the day at midnight Shanghai time, not UTC', async () => {
    const { t, ids } = await scene();
    // 15:59Z is 23:59 on 02-17 in Shanghai: still today.
    t.clock.set('2020-02-17T15:59:00Z');
    const token = await reenter(t);
    const late = await t.call('board.today', {}, token);
    expect(late).toMatchObject({ date: '2020-02-17', checksDone: 2 });
    expect(late.feversToday.map((f) => f.personId)).toEqual([ids.wang]);
    // 16:00Z is 00:00 on 02-18.
    t.clock.set('2020-02-17T16:00:00Z');
    const next = await t.call('board.today', {}, token);
    expect(next).toMatchObject({ date: '2020-02-18', checksDone: 0, checksDue: 6, feversToday: [] });
    await t.call('health.create', { personId: ids.zhao, checkedAt: '2020-02-18 00:00', symptoms: [NO_SYMPTOMS], temperature: 36.4 }, token);
    expect((await t.call('board.today', {}, token)).checksDone).toBe(1);
  });

  it('a person who leaves is no longer due; one who comes back is due again', async () => {
    const { t, manager, employer, ids } = await scene();
    const roster = await t.call('entries.roster', { category: 'worker', search: '王晓东' }, manager);
    await t.call('entries.exit', { entryId: roster.rows[0]!.entryId!, exitedOn: '2020-02-17' }, manager);
    let board = await t.call('board.today', {}, manager);
    expect(board).toMatchObject({ onSite: 1, preRegistered: 7, checksDone: 1, checksDue: 5 });
    // Today's fever reading stays on the list: it was taken today.
    expect(board.feversToday.map((f) => f.personId)).toEqual([ids.wang]);
    await t.call('entries.enter', enterInput(ids.wu, employer.id, '2020-02-17'), manager);
    board = await t.call('board.today', {}, manager);
    expect(board).toMatchObject({ onSite: 2, checksDone: 2, checksDue: 6 });
  });

  it('an empty project', async () => {
    const s = await openSite();
    t = s.t;
    expect(await s.t.call('board.today', {}, s.manager)).toEqual({
      date: '2020-02-17', onSite: 0, preRegistered: 0, checksDone: 0, checksDue: 0, feversToday: [], inIsolation: [], soonAvailable: [],
      syncWaiting: { changes: 2, since: '2020-02-17T01:00:00.000Z', lastAckAt: null }, // the project made at 初始化, and its 用人单位
    });
  });
});
