// Turning one worker's punches into days of attendance (labour.md, 考勤): plain data in, plain data
// out, no database, so the rules can be read and tested on their own.
//
// - A day counts as 出勤 when it has an in and a matching out (one interval), or a 班前签到 where
//   the project counts those.
// - 工时 is the sum of the day's in–out intervals; an interval belongs to the day its in is on, so
//   a night shift crossing midnight counts on the day it started.
// - An in without an out within MAX_SHIFT is 有进无出; an out without an in before it is 有出无进.
//   Both are 异常 to resolve by 补卡. An in still open less than MAX_SHIFT ago is someone on site
//   now, not an anomaly.
// - A second tap on the same reader within DOUBLE_TAP is one punch. A 班前签到 and a gate's in on
//   one morning are one arrival: the earlier counts.
import type { Direction, PunchSource } from '../../common/codes-labour';

export interface Punch {
  /** Site time YYYY-MM-DD HH:mm:ss. */
  at: string;
  direction: Direction;
  source: PunchSource;
}

export interface Interval {
  in: string;
  out: string;
  minutes: number;
}

export interface DayAnomaly {
  kind: 'missingOut' | 'missingIn';
  at: string;
}

export interface Day {
  date: string;
  present: boolean;
  minutes: number;
  intervals: Interval[];
  signedIn: boolean;
  /** The first arrival (gate in or 班前签到). */
  firstIn: Punch | null;
  anomalies: DayAnomaly[];
}

export interface InterpretOptions {
  /** 班前签到 alone makes a day 出勤. */
  signInCounts: boolean;
  /** Site time now: an in less than MAX_SHIFT before it may still get its out. */
  now: string;
}

/** The longest in–out interval taken as one shift; beyond it the in lost its out. */
export const MAX_SHIFT_MINUTES = 16 * 60;
/** Two taps on the same side closer than this are one. */
export const DOUBLE_TAP_MINUTES = 10;

export function siteMs(at: string): number {
  return Date.parse(`${at.replace(' ', 'T')}Z`);
}

function minutesBetween(a: string, b: string): number {
  return (siteMs(b) - siteMs(a)) / 60000;
}

/** Punches must come sorted by time (ties: in before out). */
export function interpretPunches(punches: readonly Punch[], options: InterpretOptions): Map<string, Day> {
  const days = new Map<string, Day>();
  const dayOf = (at: string): Day => {
    const date = at.slice(0, 10);
    let day = days.get(date);
    if (!day) {
      day = { date, present: false, minutes: 0, intervals: [], signedIn: false, firstIn: null, anomalies: [] };
      days.set(date, day);
    }
    return day;
  };
  let open: Punch | null = null;
  let lastOut: string | null = null;
  const lostOut = (p: Punch) => {
    // A 班前签到 the gate never saw leave is not the worker's fault where sign-ins count.
    if (p.source === 'sign_in' && options.signInCounts) return;
    dayOf(p.at).anomalies.push({ kind: 'missingOut', at: p.at });
  };
  for (const p of punches) {
    if (p.direction === 'in') {
      const day = dayOf(p.at);
      if (p.source === 'sign_in') day.signedIn = true;
      if (!day.firstIn) day.firstIn = p;
      if (open) {
        const gap = minutesBetween(open.at, p.at);
        // One arrival told twice: a double tap, or a 班前签到 beside the gate's in the same morning.
        const sameArrival = gap <= DOUBLE_TAP_MINUTES || ((open.source === 'sign_in' || p.source === 'sign_in') && open.at.slice(0, 10) === p.at.slice(0, 10));
        if (sameArrival) continue;
        lostOut(open);
      }
      open = p;
      continue;
    }
    if (open) {
      const minutes = minutesBetween(open.at, p.at);
      if (minutes <= MAX_SHIFT_MINUTES) {
        const day = dayOf(open.at);
        day.intervals.push({ in: open.at, out: p.at, minutes });
        day.minutes += minutes;
        open = null;
        lastOut = p.at;
        continue;
      }
      lostOut(open);
      open = null;
    }
    if (lastOut && minutesBetween(lastOut, p.at) <= DOUBLE_TAP_MINUTES) continue;
    dayOf(p.at).anomalies.push({ kind: 'missingIn', at: p.at });
    lastOut = p.at;
  }
  if (open && minutesBetween(open.at, options.now) > MAX_SHIFT_MINUTES) lostOut(open);
  for (const day of days.values()) day.present = day.intervals.length > 0 || (options.signInCounts && day.signedIn);
  return days;
}

/** Tenths of an hour of a day's minutes: what the sheets add up (one decimal shown). */
export function hoursTenths(minutes: number): number {
  return Math.round(minutes / 6);
}

export function formatTenths(tenths: number): string {
  return (tenths / 10).toFixed(1);
}
