// Reading attendance: the punches of a period turned into days (interpret.ts), per worker and per
// 班组. These are the functions the other domains call: workerMonth for "what did worker X work in
// month M" (the wage ledgers), monthSheet for the 月度考勤表, anomalies for 异常, todayBoard for
// 今日出勤 / 在场未打卡 / 异常.
import { and, eq, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { attendanceMakeups, dispatches, entries, persons, projects, teams, workers } from '../../../db/schema';
import { workTypes } from '../../common/codes';
import type { PunchSource, Direction } from '../../common/codes-labour';
import { maskIdNumber } from '../../common/idnumber';
import { addDays, siteDate, siteDateTime } from '../../common/site-time';
import type { AnomalyRow, LabourBoard, MonthSheet } from '../../common/contract-labour';
import type { ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { daysOfMonth } from './dates';
import { hoursTenths, interpretPunches, MAX_SHIFT_MINUTES, type Day, type Punch } from './interpret';
import { CLOCK_TOLERANCE_SEC } from './gate-intake';
import { labourSettings } from './settings';
import { projectTeam, projectWorker } from './records';
import { collectWarnings } from './warnings';
import { maskedRef } from './punches';

/** Punches read before and after a period, so a night shift across its edges pairs up. */
const EDGE = `-${MAX_SHIFT_MINUTES} minutes`;

/**
 * Every matched punch of the project's workers from the start of `from` to the end of `to`
 * (and a shift's length either side), by worker, in time order. Raw statements: a month of 3,000
 * workers is some 370,000 rows.
 */
export function loadPunches(s: Services, projectId: string, from: string, to: string, workerIds?: readonly string[]): Map<string, Punch[]> {
  const start = s.sqlite.prepare(`select datetime(?, '${EDGE}')`).pluck().get(`${from} 00:00:00`) as string;
  const end = s.sqlite.prepare(`select datetime(?, '+${MAX_SHIFT_MINUTES} minutes')`).pluck().get(`${addDays(to, 1)} 00:00:00`) as string;
  const byWorker = new Map<string, Punch[]>();
  const push = (workerId: string, at: string, direction: Direction, source: PunchSource) => {
    let list = byWorker.get(workerId);
    if (!list) byWorker.set(workerId, (list = []));
    list.push({ at, direction, source });
  };
  // Ties in time: the in first, so a zero-length visit pairs up rather than leaving both alone.
  const order = "order by worker_id, punched_at, case direction when 'in' then 0 else 1 end";
  if (workerIds && workerIds.length <= 500) {
    const st = s.sqlite.prepare(`select punched_at, direction, source from attendance_punches where worker_id = ? and punched_at >= ? and punched_at < ? ${order}`).raw();
    for (const id of workerIds) for (const [at, direction, source] of st.iterate(id, start, end) as Iterable<[string, Direction, PunchSource]>) push(id, at, direction, source);
    return byWorker;
  }
  const wanted = workerIds ? new Set(workerIds) : null;
  const st = s.sqlite.prepare(`select worker_id, punched_at, direction, source from attendance_punches
    where project_id = ? and punched_at >= ? and punched_at < ? and worker_id is not null ${order}`).raw();
  for (const [workerId, at, direction, source] of st.iterate(projectId, start, end) as Iterable<[string, string, Direction, PunchSource]>) {
    if (!wanted || wanted.has(workerId)) push(workerId, at, direction, source);
  }
  return byWorker;
}

function nowSite(s: Services): string {
  return siteDateTime(s.clock.now());
}

export interface WorkerMonth {
  workerId: string;
  month: string;
  days: Day[];
  attendanceDays: number;
  hoursTenths: number;
  anomalies: number;
}

function summarize(workerId: string, month: string, interpreted: Map<string, Day>, counts: (date: string) => boolean = () => true): WorkerMonth {
  const days = daysOfMonth(month).map((date) => {
    const day = interpreted.get(date);
    return day && counts(date) ? day : { date, present: false, minutes: 0, intervals: [], signedIn: false, firstIn: null, anomalies: [] };
  });
  return {
    workerId,
    month,
    days,
    attendanceDays: days.filter((d) => d.present).length,
    hoursTenths: days.reduce((n, d) => n + hoursTenths(d.minutes), 0),
    anomalies: days.reduce((n, d) => n + d.anomalies.length, 0),
  };
}

/** What a worker worked in a month YYYY-MM: each day's presence, hours and anomalies, and the totals. */
export function workerMonth(s: Services, projectId: string, workerId: string, month: string): WorkerMonth {
  const days = daysOfMonth(month);
  const punches = loadPunches(s, projectId, days[0]!, days.at(-1)!, [workerId]).get(workerId) ?? [];
  const options = { signInCounts: labourSettings(s, projectId).signInCountsAsAttendance, now: nowSite(s) };
  return summarize(workerId, month, interpretPunches(punches, options));
}

/** workerMonth for the worker's page: each day with its intervals as HH:mm–HH:mm. */
export function workerMonthView(s: Services, actor: ProjectActor, input: ParsedInput<'attendance.workerMonth'>) {
  const worker = projectWorker(s.db, actor.projectId, input.workerId);
  const m = workerMonth(s, actor.projectId, worker.id, input.month);
  return {
    month: m.month, attendanceDays: m.attendanceDays, hoursTenths: m.hoursTenths, anomalies: m.anomalies,
    days: m.days.map((d) => ({
      date: d.date, present: d.present, hours: hoursTenths(d.minutes) / 10, anomaly: d.anomalies.length > 0, signedIn: d.signedIn,
      intervals: d.intervals.map((i) => `${i.in.slice(11, 16)}–${i.out.slice(0, 10) === d.date ? '' : '次日'}${i.out.slice(11, 16)}`),
    })),
  };
}

interface SheetWorker {
  id: string;
  workerNo: string;
  name: string;
  idNumber: string;
  workType: string;
  teamName: string;
  /** Days of the month this row covers (its dispatches to the team); all days without a team. */
  counts: (date: string) => boolean;
}

/** The workers of a month's sheet: of the team (dispatched to it some day of the month), or everyone with a stint or a punch in the month. */
function sheetWorkers(s: Services, projectId: string, month: string, teamId: string | undefined): SheetWorker[] {
  const days = daysOfMonth(month);
  const first = days[0]!;
  const afterLast = addDays(days.at(-1)!, 1);
  const teamNames = new Map(s.db.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.projectId, projectId)).all().map((t) => [t.id, t.name]));
  const periods = new Map<string, { teamId: string; from: string; to: string | null }[]>();
  for (const d of s.db.select().from(dispatches).where(and(
    eq(dispatches.projectId, projectId),
    lt(dispatches.dispatchedOn, afterLast),
    or(isNull(dispatches.endedOn), sql`${dispatches.endedOn} > ${first}`),
    teamId ? eq(dispatches.teamId, teamId) : undefined,
  )).orderBy(dispatches.dispatchedOn).all()) {
    const list = periods.get(d.workerId) ?? [];
    list.push({ teamId: d.teamId, from: d.dispatchedOn, to: d.endedOn });
    periods.set(d.workerId, list);
  }
  let ids: string[];
  if (teamId) {
    ids = [...periods.keys()];
  } else {
    const punched = s.sqlite.prepare(`select distinct worker_id from attendance_punches where project_id = ? and worker_id is not null and punched_at >= ? and punched_at < ?`)
      .pluck().all(projectId, `${first} 00:00:00`, `${afterLast} 00:00:00`) as string[];
    const stints = s.sqlite.prepare(`select w.id from workers w join entries n on n.person_id = w.person_id and n.project_id = w.project_id
      where w.project_id = ? and n.entered_on < ? and (n.exited_on is null or n.exited_on >= ?)`).pluck().all(projectId, afterLast, first) as string[];
    ids = [...new Set([...periods.keys(), ...punched, ...stints])];
  }
  if (ids.length === 0) return [];
  const rows = s.sqlite.prepare(`select w.id, w.worker_no as workerNo, p.name, p.id_number as idNumber, w.work_type as workType, w.team_id as teamId
    from workers w join persons p on p.id = w.person_id where w.project_id = ? and w.id in (select value from json_each(?))`)
    .all(projectId, JSON.stringify(ids)) as { id: string; workerNo: string; name: string; idNumber: string; workType: string; teamId: string | null }[];
  return rows.map((r) => {
    const own = periods.get(r.id) ?? [];
    // The team of the row: the one asked for, else the last the worker was in during the month.
    const shownTeam = teamId ?? own.at(-1)?.teamId ?? r.teamId;
    return {
      id: r.id, workerNo: r.workerNo, name: r.name, idNumber: r.idNumber, workType: r.workType, teamName: shownTeam ? teamNames.get(shownTeam) ?? '' : '',
      counts: teamId ? (date: string) => own.some((p) => p.from <= date && (p.to === null || date < p.to)) : () => true,
    };
  }).sort((a, b) => a.teamName.localeCompare(b.teamName, 'zh-CN') || Number(a.workerNo) - Number(b.workerNo));
}

export interface SheetRow extends WorkerMonth {
  workerNo: string;
  name: string;
  idNumber: string;
  teamName: string;
  workType: string;
}

/** The month of every worker of the sheet (a team's, or the project's): what the screen, the PDF, Excel and the CSV show. */
export function monthRows(s: Services, projectId: string, month: string, teamId?: string): SheetRow[] {
  const days = daysOfMonth(month);
  const people = sheetWorkers(s, projectId, month, teamId);
  const punches = loadPunches(s, projectId, days[0]!, days.at(-1)!, people.map((p) => p.id));
  const options = { signInCounts: labourSettings(s, projectId).signInCountsAsAttendance, now: nowSite(s) };
  return people.map((p) => ({
    ...summarize(p.id, month, interpretPunches(punches.get(p.id) ?? [], options), p.counts),
    workerNo: p.workerNo, name: p.name, idNumber: p.idNumber, teamName: p.teamName, workType: p.workType,
  }));
}

export function monthSheet(s: Services, actor: ProjectActor, input: ParsedInput<'attendance.monthSheet'>): MonthSheet {
  const team = input.teamId ? projectTeam(s.db, actor.projectId, input.teamId) : null;
  const rows = monthRows(s, actor.projectId, input.month, team?.id);
  const days = daysOfMonth(input.month);
  return {
    month: input.month,
    days,
    teamName: team?.name ?? '全部班组',
    rows: rows.map((r) => ({
      workerId: r.workerId, workerNo: r.workerNo, name: r.name, idNumberMasked: maskIdNumber(r.idNumber), teamName: r.teamName,
      workTypeName: workTypes[r.workType] ?? r.workType,
      days: r.days.map((d) => ({ present: d.present, hours: hoursTenths(d.minutes) / 10, anomaly: d.anomalies.length > 0, signedIn: d.signedIn })),
      attendanceDays: r.attendanceDays, hoursTenths: r.hoursTenths, anomalies: r.anomalies,
    })),
    presentPerDay: days.map((_, i) => rows.filter((r) => r.days[i]!.present).length),
    // As of the month's last day, or today in the current month: what still holds for the sheet.
    warnings: collectWarnings(s, { projectId: actor.projectId, point: 'attendanceList', workerIds: rows.map((r) => r.workerId), date: [days.at(-1)!, siteDate(s.clock.now())].sort()[0]!, teamId: team?.id }),
  };
}

// ---- 异常 ----

interface WorkerInfo { workerNo: string; name: string; teamName: string }

function workerInfo(s: Services, projectId: string): Map<string, WorkerInfo> {
  const rows = s.sqlite.prepare(`select w.id, w.worker_no, p.name, coalesce(t.name, '') as team from workers w join persons p on p.id = w.person_id
    left join teams t on t.id = w.team_id where w.project_id = ?`).raw().all(projectId) as [string, string, string, string][];
  return new Map(rows.map(([id, workerNo, name, teamName]) => [id, { workerNo, name, teamName }]));
}

const kindDetail = { missingOut: (at: string) => `${at.slice(11, 16)} 进,无出`, missingIn: (at: string) => `${at.slice(11, 16)} 出,无进` };

export function anomalies(s: Services, projectId: string, from: string, to: string, kind?: AnomalyRow['kind']): AnomalyRow[] {
  const out: AnomalyRow[] = [];
  const info = workerInfo(s, projectId);
  if (!kind || kind === 'missingOut' || kind === 'missingIn') {
    const options = { signInCounts: labourSettings(s, projectId).signInCountsAsAttendance, now: nowSite(s) };
    for (const [workerId, punches] of loadPunches(s, projectId, from, to)) {
      const w = info.get(workerId);
      for (const day of interpretPunches(punches, options).values()) {
        if (day.date < from || day.date > to) continue;
        for (const a of day.anomalies) {
          if (kind && a.kind !== kind) continue;
          out.push({ kind: a.kind, date: day.date, workerId, workerNo: w?.workerNo ?? '', name: w?.name ?? '', teamName: w?.teamName ?? '', detail: kindDetail[a.kind](a.at), at: a.at, deviceSerial: '', personRef: '', count: 1 });
        }
      }
    }
  }
  const range = [projectId, `${from} 00:00:00`, `${addDays(to, 1)} 00:00:00`];
  if (!kind || kind === 'clockDrift') {
    const drifts = s.sqlite.prepare(`select device_serial, substr(punched_at, 1, 10) as day, count(*) as n, min(clock_offset_sec), max(clock_offset_sec), max(punched_at)
      from attendance_punches where project_id = ? and punched_at >= ? and punched_at < ? and abs(clock_offset_sec) > ${CLOCK_TOLERANCE_SEC}
      group by device_serial, day order by day`).raw().all(...range) as [string, string, number, number, number, string][];
    for (const [serial, day, n, min, max, last] of drifts) {
      const worst = Math.abs(min) > Math.abs(max) ? min : max;
      const minutes = Math.round(Math.abs(worst) / 60);
      out.push({
        kind: 'clockDrift', date: day, workerId: null, workerNo: '', name: '', teamName: '', at: last, deviceSerial: serial, personRef: '', count: n,
        detail: `设备 ${serial} 的时钟${worst > 0 ? '慢' : '快'}约 ${minutes} 分钟(${n} 条记录),请校准设备时间;其记录的时间可能不准`,
      });
    }
  }
  if (!kind || kind === 'unmatched') {
    const waiting = s.sqlite.prepare(`select device_serial, person_ref, count(*), min(punched_at), max(punched_at) from attendance_punches
      where project_id = ? and punched_at >= ? and punched_at < ? and worker_id is null group by device_serial, person_ref order by min(punched_at)`).raw().all(...range) as [string, string, number, string, string][];
    for (const [serial, ref, n, firstAt, lastAt] of waiting) {
      out.push({
        kind: 'unmatched', date: firstAt.slice(0, 10), workerId: null, workerNo: '', name: '', teamName: '', at: lastAt, deviceSerial: serial, personRef: ref, count: n,
        detail: `设备 ${serial} 的人员编号 ${maskedRef(ref)} 不是本项目的工号或身份证号(${n} 条,${firstAt.slice(5, 16)} 至 ${lastAt.slice(5, 16)})`,
      });
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || (a.at ?? '').localeCompare(b.at ?? ''));
}

// ---- today ----

export function todayBoard(s: Services, actor: ProjectActor): LabourBoard {
  const today = siteDate(s.clock.now());
  const projectId = actor.projectId;
  const onSite = s.db.select({ workerId: workers.id, workerNo: workers.workerNo, name: persons.name, teamName: sql<string>`coalesce(${teams.name}, '')` })
    .from(entries).innerJoin(workers, and(eq(workers.personId, entries.personId), eq(workers.projectId, entries.projectId)))
    .innerJoin(persons, eq(persons.id, workers.personId)).leftJoin(teams, eq(teams.id, workers.teamId))
    .where(and(eq(entries.projectId, projectId), isNull(entries.exitedOn))).all();
  const todays = s.sqlite.prepare(`select worker_id, direction, punched_at from attendance_punches where project_id = ? and punched_at >= ? and punched_at < ? and worker_id is not null`)
    .raw().all(projectId, `${today} 00:00:00`, `${addDays(today, 1)} 00:00:00`) as [string, Direction, string][];
  const punched = new Set(todays.map(([id]) => id));
  const insPerHour = Array.from({ length: 24 }, () => 0);
  for (const [, direction, at] of todays) if (direction === 'in') insPerHour[Number(at.slice(11, 13))]!++;
  const pendingMakeups = s.db.select({ n: sql<number>`count(*)` }).from(attendanceMakeups).where(and(eq(attendanceMakeups.projectId, projectId), eq(attendanceMakeups.state, 'pending'))).get()?.n ?? 0;
  return {
    date: today,
    onSite: onSite.length,
    attendanceToday: s.db.select({ n: attendanceOnDaySql(sql`${projectId}`, today) }).from(projects).where(eq(projects.id, projectId)).get()?.n ?? 0,
    notPunched: onSite.filter((w) => !punched.has(w.workerId)).sort((a, b) => Number(a.workerNo) - Number(b.workerNo)),
    anomalies: anomalies(s, projectId, addDays(today, -1), today),
    insPerHour,
    pendingMakeups,
  };
}

/** 今日出勤 of a project as SQL over its punches: distinct workers with an in on the day (the supervision query counts it so too). */
export function attendanceOnDaySql(project: SQL, day: string): SQL<number> {
  return sql<number>`(select count(distinct a.worker_id) from attendance_punches a where a.project_id = ${project} and a.direction = 'in'
    and a.worker_id is not null and a.punched_at >= ${`${day} 00:00:00`} and a.punched_at < ${`${addDays(day, 1)} 00:00:00`})`;
}
