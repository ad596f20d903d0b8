// The rules that turn punches into days (services/labour/interpret.ts), on hand-made punches.
import { describe, expect, it } from 'vitest';
import { interpretPunches, hoursTenths, formatTenths, type Punch } from '../../electron/services/labour/interpret';

const gate = (at: string, direction: 'in' | 'out'): Punch => ({ at, direction, source: 'zkteco' });
const signIn = (at: string): Punch => ({ at, direction: 'in', source: 'sign_in' });
const LATER = '2024-04-30 23:00:00';

function run(punches: Punch[], signInCounts = true, now = LATER) {
  return interpretPunches(punches, { signInCounts, now });
}

describe('interpretPunches', () => {
  it('an in and an out make a day of 出勤 with the interval as 工时; two intervals add up', () => {
    const days = run([gate('2024-04-01 07:00:00', 'in'), gate('2024-04-01 11:30:00', 'out'), gate('2024-04-01 13:00:00', 'in'), gate('2024-04-01 17:15:00', 'out')]);
    const d = days.get('2024-04-01')!;
    expect(d.present).toBe(true);
    expect(d.minutes).toBe(4.5 * 60 + 4.25 * 60);
    expect(formatTenths(hoursTenths(d.minutes))).toBe('8.8');
    expect(d.anomalies).toEqual([]);
  });

  it('a night shift crossing midnight belongs to the day it started', () => {
    const days = run([gate('2024-04-01 20:00:00', 'in'), gate('2024-04-02 06:00:00', 'out')]);
    expect(days.get('2024-04-01')).toMatchObject({ present: true, minutes: 600 });
    expect(days.get('2024-04-02')?.present ?? false).toBe(false);
  });

  it('an in without an out is 有进无出 once a shift has passed, not while the worker may still be on site', () => {
    const punches = [gate('2024-04-01 07:00:00', 'in')];
    expect(run(punches, true, '2024-04-01 15:00:00').get('2024-04-01')).toMatchObject({ present: false, anomalies: [] });
    expect(run(punches, true, '2024-04-02 08:00:00').get('2024-04-01')!.anomalies).toEqual([{ kind: 'missingOut', at: '2024-04-01 07:00:00' }]);
  });

  it('an in followed by the next morning\'s in loses its out; the second day still counts', () => {
    const days = run([gate('2024-04-01 07:00:00', 'in'), gate('2024-04-02 07:05:00', 'in'), gate('2024-04-02 17:05:00', 'out')]);
    expect(days.get('2024-04-01')).toMatchObject({ present: false, anomalies: [{ kind: 'missingOut' }] });
    expect(days.get('2024-04-02')).toMatchObject({ present: true, minutes: 600, anomalies: [] });
  });

  it('an out beyond the longest shift is no pair: 有进无出 and 有出无进', () => {
    const days = run([gate('2024-04-01 06:00:00', 'in'), gate('2024-04-02 06:30:00', 'out')]);
    expect(days.get('2024-04-01')!.anomalies.map((a) => a.kind)).toEqual(['missingOut']);
    expect(days.get('2024-04-02')!.anomalies.map((a) => a.kind)).toEqual(['missingIn']);
  });

  it('an out with no in before it is 有出无进; a second tap on the way out is one punch', () => {
    const days = run([gate('2024-04-01 17:00:00', 'out'), gate('2024-04-01 17:03:00', 'out')]);
    expect(days.get('2024-04-01')!.anomalies).toEqual([{ kind: 'missingIn', at: '2024-04-01 17:00:00' }]);
  });

  it('double taps on the way in count once, from the first', () => {
    const d = run([gate('2024-04-01 07:00:00', 'in'), gate('2024-04-01 07:04:00', 'in'), gate('2024-04-01 17:00:00', 'out')]).get('2024-04-01')!;
    expect(d).toMatchObject({ present: true, minutes: 600, anomalies: [] });
    expect(d.firstIn?.at).toBe('2024-04-01 07:00:00');
  });

  it('a 班前签到 and the gate\'s in of the same morning are one arrival', () => {
    const d = run([signIn('2024-04-01 06:40:00'), gate('2024-04-01 07:20:00', 'in'), gate('2024-04-01 16:40:00', 'out')]).get('2024-04-01')!;
    expect(d).toMatchObject({ present: true, minutes: 600, signedIn: true, anomalies: [] });
  });

  it('a 班前签到 alone counts as 出勤 (0 hours) where the project counts those, and not otherwise', () => {
    const punches = [signIn('2024-04-01 08:10:00')];
    expect(run(punches, true).get('2024-04-01')).toMatchObject({ present: true, minutes: 0, anomalies: [] });
    expect(run(punches, false).get('2024-04-01')).toMatchObject({ present: false, anomalies: [{ kind: 'missingOut' }] });
  });

  it('a 班前签到 pairs with the gate\'s out that evening', () => {
    expect(run([signIn('2024-04-01 08:00:00'), gate('2024-04-01 17:30:00', 'out')]).get('2024-04-01')).toMatchObject({ present: true, minutes: 570 });
  });
});

describe('hours', () => {
  it('tenths of an hour, rounded, shown with one decimal', () => {
    expect(hoursTenths(0)).toBe(0);
    expect(hoursTenths(3)).toBe(1); // 0.05 h rounds up
    expect(hoursTenths(2)).toBe(0);
    expect(formatTenths(85)).toBe('8.5');
    expect(formatTenths(80)).toBe('8.0');
  });
});
