// The raw punches as they arrived (考勤记录), and matching a 未匹配 person id to a worker by hand.
import { and, count, desc, eq, gte, isNull, lt, type SQL } from 'drizzle-orm';
import { attendanceDevices, attendancePunches, persons, teams, workers } from '../../../db/schema';
import { addDays } from '../../common/site-time';
import { maskIdNumber } from '../../common/idnumber';
import type { PunchRow } from '../../common/contract-labour';
import type { ParsedInput } from '../../common/contract';
import { isoNow, type ProjectActor, type Services } from '../context';
import { authorOf, ChangeRecorder } from '../outbox';
import { personOf, projectWorker } from './records';
import { userNames } from './workers';

/** A device may name a person by the ID number: a list shows it masked, like every list. */
export function maskedRef(ref: string): string {
  return /^\d{17}[\dXx]$/.test(ref) ? maskIdNumber(ref) : ref;
}

type Filters = { from: string; to: string; workerId?: string; source?: PunchRow['source']; unmatchedOnly: boolean };

function whereOf(actor: ProjectActor, f: Filters): SQL | undefined {
  return and(
    eq(attendancePunches.projectId, actor.projectId),
    gte(attendancePunches.punchedAt, `${f.from} 00:00:00`),
    lt(attendancePunches.punchedAt, `${addDays(f.to, 1)} 00:00:00`),
    f.workerId ? eq(attendancePunches.workerId, f.workerId) : undefined,
    f.source ? eq(attendancePunches.source, f.source) : undefined,
    f.unmatchedOnly ? isNull(attendancePunches.workerId) : undefined,
  );
}

function select(s: Services) {
  return s.db.select({ p: attendancePunches, workerNo: workers.workerNo, name: persons.name, teamName: teams.name, deviceName: attendanceDevices.name }).from(attendancePunches)
    .leftJoin(workers, eq(workers.id, attendancePunches.workerId)).leftJoin(persons, eq(persons.id, workers.personId)).leftJoin(teams, eq(teams.id, workers.teamId))
    .leftJoin(attendanceDevices, eq(attendanceDevices.id, attendancePunches.deviceId));
}

function toRows(s: Services, rows: Awaited<ReturnType<ReturnType<typeof select>['all']>>): PunchRow[] {
  const names = userNames(s, rows.map((r) => r.p.createdBy));
  return rows.map(({ p, workerNo, name, teamName, deviceName }) => ({
    id: p.id, source: p.source, deviceSerial: p.deviceSerial, deviceName: deviceName ?? '', personRef: maskedRef(p.personRef), workerId: p.workerId, workerNo: workerNo ?? '',
    name: name ?? '', teamName: teamName ?? '', punchedAt: p.punchedAt, direction: p.direction, verifyMode: p.verifyMode, receivedAt: p.receivedAt,
    payloadSha256: p.payloadSha256, clockOffsetSec: p.clockOffsetSec, createdByName: p.createdBy ? names.get(p.createdBy) ?? '' : '',
  }));
}

export function listPunches(s: Services, actor: ProjectActor, input: ParsedInput<'attendance.punches'>): { rows: PunchRow[]; total: number } {
  const where = whereOf(actor, input);
  const total = s.db.select({ n: count() }).from(attendancePunches).where(where).get()?.n ?? 0;
  const rows = select(s).where(where).orderBy(desc(attendancePunches.punchedAt)).limit(input.pageSize).offset((input.page - 1) * input.pageSize).all();
  return { rows: toRows(s, rows), total };
}

export function allPunches(s: Services, actor: ProjectActor, filters: Filters): PunchRow[] {
  return toRows(s, select(s).where(whereOf(actor, filters)).orderBy(attendancePunches.punchedAt).all());
}

/** Every 未匹配 punch of this person id (from this device, or from any when no serial is given) now names the worker. */
export function matchPunches(s: Services, actor: ProjectActor, input: ParsedInput<'attendance.matchPunches'>): { matched: number } {
  const worker = projectWorker(s.db, actor.projectId, input.workerId);
  personOf(s.db, worker);
  const at = isoNow(s.clock);
  return s.db.transaction((tx) => {
    const recorder = new ChangeRecorder(tx);
    const author = authorOf(actor, at);
    const waiting = tx.select().from(attendancePunches).where(and(
      eq(attendancePunches.projectId, actor.projectId), isNull(attendancePunches.workerId), eq(attendancePunches.personRef, input.personRef),
      input.deviceSerial ? eq(attendancePunches.deviceSerial, input.deviceSerial) : undefined,
    )).all();
    for (const p of waiting) {
      const change = { workerId: worker.id, matchedBy: actor.userId, matchedAt: at };
      tx.update(attendancePunches).set(change).where(eq(attendancePunches.id, p.id)).run();
      recorder.change(author, 'attendance_punches', p.id, 'update', { ...p, ...change }, p);
    }
    return { matched: waiting.length };
  });
}
