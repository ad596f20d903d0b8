// 补卡: a punch the gate did not record, entered by an operator with a reason; it counts only once
// the 项目负责人 approves it, and then becomes a punch of its own (source 补卡) that points back at
// the request. Who asked, who decided and when are kept with it.
import { and, count, desc, eq } from 'drizzle-orm';
import { attendanceMakeups, persons, teams, workers } from '../../../db/schema';
import { ApiError } from '../../common/errors';
import { siteDateTime } from '../../common/site-time';
import type { MakeupRow } from '../../common/contract-labour';
import type { ParsedInput } from '../../common/contract';
import { isoNow, type ProjectActor, type Services } from '../context';
import { newId } from '../ids';
import { authorOf, ChangeRecorder, recordChange } from '../outbox';
import { personOf, projectWorker } from './records';
import { storePunch } from './punch-store';
import { userNames } from './workers';

type Joined = { m: typeof attendanceMakeups.$inferSelect; workerNo: string; name: string; teamName: string | null };

function select(s: Services) {
  return s.db.select({ m: attendanceMakeups, workerNo: workers.workerNo, name: persons.name, teamName: teams.name }).from(attendanceMakeups)
    .innerJoin(workers, eq(workers.id, attendanceMakeups.workerId)).innerJoin(persons, eq(persons.id, workers.personId)).leftJoin(teams, eq(teams.id, workers.teamId));
}

function toRows(s: Services, rows: Joined[]): MakeupRow[] {
  const names = userNames(s, rows.flatMap((r) => [r.m.requestedBy, r.m.decidedBy]));
  return rows.map(({ m, workerNo, name, teamName }) => ({
    id: m.id, workerId: m.workerId, workerNo, name, teamName: teamName ?? '', punchedAt: m.punchedAt, direction: m.direction, reason: m.reason,
    requestedByName: names.get(m.requestedBy) ?? '', requestedAt: m.requestedAt, state: m.state, decidedByName: m.decidedBy ? names.get(m.decidedBy) ?? '' : '',
    decidedAt: m.decidedAt, decisionNote: m.decisionNote,
  }));
}

function getMakeup(s: Services, actor: ProjectActor, id: string): MakeupRow {
  const row = select(s).where(and(eq(attendanceMakeups.id, id), eq(attendanceMakeups.projectId, actor.projectId))).get();
  if (!row) throw new ApiError('NOT_FOUND', '未找到该补卡申请');
  return toRows(s, [row])[0]!;
}

export function listMakeups(s: Services, actor: ProjectActor, input: { page: number; pageSize: number; state?: MakeupRow['state'] }): { rows: MakeupRow[]; total: number } {
  const where = and(eq(attendanceMakeups.projectId, actor.projectId), input.state ? eq(attendanceMakeups.state, input.state) : undefined);
  const total = s.db.select({ n: count() }).from(attendanceMakeups).where(where).get()?.n ?? 0;
  const rows = select(s).where(where).orderBy(desc(attendanceMakeups.requestedAt)).limit(input.pageSize).offset((input.page - 1) * input.pageSize).all();
  return { rows: toRows(s, rows), total };
}

export function requestMakeup(s: Services, actor: ProjectActor, input: ParsedInput<'attendance.requestMakeup'>): MakeupRow {
  const worker = projectWorker(s.db, actor.projectId, input.workerId);
  if (input.punchedAt > siteDateTime(s.clock.now())) throw new ApiError('VALIDATION', '补卡时间不能晚于现在', [{ path: 'punchedAt', message: '补卡时间不能晚于现在' }]);
  if (input.punchedAt.slice(0, 10) < worker.hiredOn) throw new ApiError('VALIDATION', `补卡时间不能早于聘用日期 ${worker.hiredOn}`, [{ path: 'punchedAt', message: '补卡时间早于聘用日期' }]);
  const at = isoNow(s.clock);
  const row = {
    id: newId(), projectId: actor.projectId, workerId: worker.id, punchedAt: input.punchedAt, direction: input.direction, reason: input.reason,
    requestedBy: actor.userId, requestedAt: at, state: 'pending' as const, decidedBy: null, decidedAt: null, decisionNote: '',
  };
  s.db.transaction((tx) => {
    const same = tx.select({ id: attendanceMakeups.id }).from(attendanceMakeups).where(and(
      eq(attendanceMakeups.workerId, worker.id), eq(attendanceMakeups.punchedAt, input.punchedAt), eq(attendanceMakeups.direction, input.direction), eq(attendanceMakeups.state, 'pending'),
    )).get();
    if (same) throw new ApiError('CONFLICT', `${personOf(tx, worker).name} 在 ${input.punchedAt} 的补卡申请已提交,正待审批`);
    tx.insert(attendanceMakeups).values(row).run();
    recordChange(tx, authorOf(actor, at), 'attendance_makeups', row.id, 'insert', row);
  });
  return getMakeup(s, actor, row.id);
}

/** 项目负责人 approves (the punch is written, in the same transaction) or rejects a 补卡. */
export function decideMakeup(s: Services, actor: ProjectActor, input: ParsedInput<'attendance.decideMakeup'>): MakeupRow {
  const at = isoNow(s.clock);
  s.db.transaction((tx) => {
    const before = tx.select().from(attendanceMakeups).where(and(eq(attendanceMakeups.id, input.makeupId), eq(attendanceMakeups.projectId, actor.projectId))).get();
    if (!before) throw new ApiError('NOT_FOUND', '未找到该补卡申请');
    if (before.state !== 'pending') throw new ApiError('CONFLICT', '该补卡申请已审批,不能再改');
    if (!input.approve && !input.note) throw new ApiError('VALIDATION', '不通过时请填写审批意见', [{ path: 'note', message: '请填写不通过的原因' }]);
    const recorder = new ChangeRecorder(tx);
    const author = authorOf(actor, at);
    const change = { state: input.approve ? 'approved' as const : 'rejected' as const, decidedBy: actor.userId, decidedAt: at, decisionNote: input.note };
    tx.update(attendanceMakeups).set(change).where(eq(attendanceMakeups.id, before.id)).run();
    recorder.change(author, 'attendance_makeups', before.id, 'update', { ...before, ...change }, before);
    if (input.approve) {
      const worker = projectWorker(tx, actor.projectId, before.workerId);
      storePunch(recorder, s, author, {
        projectId: actor.projectId, source: 'makeup', deviceId: null, deviceSerial: '', personRef: worker.workerNo, workerId: worker.id, punchedAt: before.punchedAt,
        direction: before.direction, verifyMode: 'makeup', receivedAt: at, clockOffsetSec: null, pictureSha256: null, makeupId: before.id, createdBy: before.requestedBy,
        payload: JSON.stringify({ makeupId: before.id, reason: before.reason, requestedBy: before.requestedBy, requestedAt: before.requestedAt, approvedBy: actor.userId, approvedAt: at }),
      });
    }
  });
  return getMakeup(s, actor, input.makeupId);
}
