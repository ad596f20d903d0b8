// 班前签到 at the office: a tap of the ID card on the desk's reader (the ID card service reads it
// here, so the punch says honestly that a card was read) or the name picked from the 班组 list
// signs a worker in for the day. The list shows who of the team is still missing.
import { and, eq } from 'drizzle-orm';
import { persons, workers } from '../../../db/schema';
import { workTypes } from '../../common/codes';
import { ApiError } from '../../common/errors';
import { maskIdNumber } from '../../common/idnumber';
import { addDays, siteDate, siteDateTime } from '../../common/site-time';
import type { SignInList } from '../../common/contract-labour';
import type { PunchSource } from '../../common/codes-labour';
import type { ParsedInput } from '../../common/contract';
import { isoNow, type ProjectActor, type Services } from '../context';
import { readIdCard } from '../idcard/service';
import { authorOf, ChangeRecorder } from '../outbox';
import { openEntryOfWorker, personOf, projectTeam, projectWorker, type WorkerRecord } from './records';
import { storePunch } from './punch-store';
import { collectWarnings } from './warnings';

export function signInList(s: Services, actor: ProjectActor, input: ParsedInput<'attendance.signInList'>): SignInList {
  const team = projectTeam(s.db, actor.projectId, input.teamId);
  const date = input.date ?? siteDate(s.clock.now());
  const members = s.db.select({ w: workers, name: persons.name }).from(workers).innerJoin(persons, eq(persons.id, workers.personId))
    .where(and(eq(workers.projectId, actor.projectId), eq(workers.teamId, team.id))).all();
  const firstIns = new Map((s.sqlite.prepare(`select worker_id, min(punched_at), source from attendance_punches
    where project_id = ? and direction = 'in' and worker_id is not null and punched_at >= ? and punched_at < ? group by worker_id`)
    .raw().all(actor.projectId, `${date} 00:00:00`, `${addDays(date, 1)} 00:00:00`) as [string, string, PunchSource][]).map(([id, at, source]) => [id, { at, source }]));
  const rows = members.map(({ w, name }) => {
    const first = firstIns.get(w.id);
    return {
      workerId: w.id, workerNo: w.workerNo, name, workTypeName: workTypes[w.workType] ?? w.workType, isTeamLeader: team.leaderWorkerId === w.id,
      onSite: openEntryOfWorker(s.db, w) !== undefined, firstIn: first ? first.at.slice(11) : null, firstInSource: first?.source ?? null,
    };
  }).sort((a, b) => Number(a.firstIn !== null) - Number(b.firstIn !== null) || Number(a.workerNo) - Number(b.workerNo));
  return { date, teamName: team.name, rows, warnings: collectWarnings(s, { projectId: actor.projectId, point: 'attendanceList', workerIds: members.map((m) => m.w.id), date, teamId: team.id }) };
}

function signInWorker(s: Services, actor: ProjectActor, worker: WorkerRecord, method: 'idcard' | 'pick'): { workerId: string; name: string; at: string; duplicate: boolean } {
  const name = personOf(s.db, worker).name;
  if (!openEntryOfWorker(s.db, worker)) throw new ApiError('CONFLICT', `${name} 未进场(或已退场),不能签到:请先办理进场登记`);
  const now = s.clock.now();
  const at = siteDateTime(now);
  const today = at.slice(0, 10);
  const receivedAt = isoNow(s.clock);
  return s.db.transaction((tx) => {
    const earlier = s.sqlite.prepare(`select punched_at from attendance_punches where worker_id = ? and source = 'sign_in' and punched_at >= ? and punched_at < ? order by punched_at limit 1`)
      .pluck().get(worker.id, `${today} 00:00:00`, `${addDays(today, 1)} 00:00:00`) as string | undefined;
    // Signed in already today: once a day is enough, nothing more is written.
    if (earlier) return { workerId: worker.id, name, at: earlier, duplicate: true };
    const payload = JSON.stringify({ method, workerNo: worker.workerNo, operator: actor.name, at });
    storePunch(new ChangeRecorder(tx), s, authorOf(actor, receivedAt), {
      projectId: actor.projectId, source: 'sign_in', deviceId: null, deviceSerial: '', personRef: worker.workerNo, workerId: worker.id, punchedAt: at,
      direction: 'in', verifyMode: method, receivedAt, payload, clockOffsetSec: null, pictureSha256: null, makeupId: null, createdBy: actor.userId,
    });
    return { workerId: worker.id, name, at, duplicate: false };
  });
}

export function signIn(s: Services, actor: ProjectActor, input: ParsedInput<'attendance.signIn'>) {
  return signInWorker(s, actor, projectWorker(s.db, actor.projectId, input.workerId), 'pick');
}

export async function signInByCard(s: Services, actor: ProjectActor, input: ParsedInput<'attendance.signInByCard'>) {
  const read = await readIdCard(s);
  if (!read.ok) throw new ApiError('VALIDATION', read.message);
  const idNumber = read.card.idNumber.toUpperCase();
  const found = s.db.select({ w: workers }).from(workers).innerJoin(persons, eq(persons.id, workers.personId))
    .where(and(eq(workers.projectId, actor.projectId), eq(persons.idNumber, idNumber))).get();
  if (!found) throw new ApiError('NOT_FOUND', `${read.card.name}(${maskIdNumber(idNumber)})未在本项目聘用登记,不能签到`);
  const team = found.w.teamId ? projectTeam(s.db, actor.projectId, found.w.teamId) : null;
  const result = signInWorker(s, actor, found.w, 'idcard');
  // Signed in all the same, but the screen says the worker is of another team than the one shown.
  return { ...result, teamName: team?.name ?? '', otherTeam: input.teamId !== undefined && team?.id !== input.teamId };
}

