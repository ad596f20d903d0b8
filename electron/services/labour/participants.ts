// 参建单位: the project's contractors, the same rows as the seed's 用人单位 (employers), with their
// 负责人 and 劳资专管员, and how many teams, workers and people on site each has.
import { and, eq, sql } from 'drizzle-orm';
import { employers } from '../../../db/schema';
import { participantTypes } from '../../common/codes';
import { ApiError } from '../../common/errors';
import type { Participant } from '../../common/contract-labour';
import type { ParsedInput } from '../../common/contract';
import { isoNow, type ProjectActor, type Services } from '../context';
import { createEmployer } from '../employers';
import { authorOf, recordChange } from '../outbox';
import { projectOf } from '../reports/output';

const teamCount = sql<number>`(select count(*) from teams t where t.employer_id = ${employers.id} and t.disbanded_on is null)`;
const workerCount = sql<number>`(select count(*) from workers w where w.employer_id = ${employers.id})`;
const onSiteCount = sql<number>`(select count(distinct n.person_id) from entries n where n.employer_id = ${employers.id} and n.exited_on is null)`;

function toParticipant(r: { e: typeof employers.$inferSelect; teams: number; workers: number; onSite: number }): Participant {
  const e = r.e;
  return {
    id: e.id, name: e.name, creditCode: e.creditCode, participantType: e.participantType,
    participantTypeName: participantTypes[e.participantType] ?? e.participantType, contractNo: e.contractNo,
    leaderName: e.leaderName, leaderPhone: e.leaderPhone, labourOfficerName: e.labourOfficerName, labourOfficerPhone: e.labourOfficerPhone,
    teams: r.teams, workers: r.workers, onSite: r.onSite,
  };
}

export function listParticipants(s: Services, actor: ProjectActor): Participant[] {
  return s.db.select({ e: employers, teams: teamCount, workers: workerCount, onSite: onSiteCount }).from(employers)
    .where(eq(employers.projectId, actor.projectId)).orderBy(employers.participantType, employers.name).all().map(toParticipant);
}

export function getParticipant(s: Services, actor: ProjectActor, employerId: string): Participant {
  const row = s.db.select({ e: employers, teams: teamCount, workers: workerCount, onSite: onSiteCount }).from(employers)
    .where(and(eq(employers.id, employerId), eq(employers.projectId, actor.projectId))).get();
  if (!row) throw new ApiError('NOT_FOUND', '未找到该参建单位', [{ path: 'employerId', message: '请选择参建单位' }]);
  return toParticipant(row);
}

export function createParticipant(s: Services, actor: ProjectActor, input: ParsedInput<'participants.create'>): Participant {
  // A 参建单位 registered here works under the project's own contract unless it reported one.
  const contractNo = input.contractNo || projectOf(s, actor).contractNo;
  const created = createEmployer(s, actor, { ...input, contractNo });
  return getParticipant(s, actor, created.id);
}

export function updateParticipant(s: Services, actor: ProjectActor, input: ParsedInput<'participants.update'>): Participant {
  const at = isoNow(s.clock);
  s.db.transaction((tx) => {
    const before = tx.select().from(employers).where(and(eq(employers.id, input.employerId), eq(employers.projectId, actor.projectId))).get();
    if (!before) throw new ApiError('NOT_FOUND', '未找到该参建单位');
    const { employerId: _id, ...change } = input;
    tx.update(employers).set(change).where(eq(employers.id, before.id)).run();
    recordChange(tx, authorOf(actor, at), 'employers', before.id, 'update', { ...before, ...change }, before);
  });
  return getParticipant(s, actor, input.employerId);
}
