// 班组: teams of a 参建单位, each with its trade and a 班组长 chosen among its workers. A team is
// never deleted: it is 解散 on a day, and its months stay on file.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { employers, persons, teams, workers } from '../../../db/schema';
import { workTypes } from '../../common/codes';
import { ApiError } from '../../common/errors';
import type { TeamRow } from '../../common/contract-labour';
import type { ParsedInput } from '../../common/contract';
import { isoNow, type ProjectActor, type Services } from '../context';
import { getEmployer } from '../employers';
import { newId } from '../ids';
import { authorOf, recordChange } from '../outbox';
import { checkDay } from './dates';
import { projectTeam } from './records';

const members = sql<number>`(select count(*) from workers w where w.team_id = ${teams.id})`;
const onSite = sql<number>`(select count(*) from workers w join entries n on n.person_id = w.person_id and n.project_id = w.project_id and n.exited_on is null where w.team_id = ${teams.id})`;
const leaderName = sql<string>`coalesce((select p.name from workers w join persons p on p.id = w.person_id where w.id = ${teams.leaderWorkerId}), '')`;

function toRow(r: { t: typeof teams.$inferSelect; employerName: string; members: number; onSite: number; leaderName: string }): TeamRow {
  return {
    id: r.t.id, name: r.t.name, employerId: r.t.employerId, employerName: r.employerName, workType: r.t.workType, workTypeName: workTypes[r.t.workType] ?? r.t.workType,
    leaderWorkerId: r.t.leaderWorkerId, leaderName: r.leaderName, members: r.members, onSite: r.onSite, disbandedOn: r.t.disbandedOn,
  };
}

function select(s: Services) {
  return s.db.select({ t: teams, employerName: employers.name, members, onSite, leaderName }).from(teams).innerJoin(employers, eq(employers.id, teams.employerId));
}

export function listTeams(s: Services, actor: ProjectActor, input: ParsedInput<'teams.list'>): TeamRow[] {
  return select(s).where(and(
    eq(teams.projectId, actor.projectId),
    input.employerId ? eq(teams.employerId, input.employerId) : undefined,
    input.includeDisbanded ? undefined : isNull(teams.disbandedOn),
  )).orderBy(asc(employers.name), asc(teams.name)).all().map(toRow);
}

export function getTeam(s: Services, actor: ProjectActor, teamId: string): TeamRow {
  const row = select(s).where(and(eq(teams.id, teamId), eq(teams.projectId, actor.projectId))).get();
  if (!row) throw new ApiError('NOT_FOUND', '未找到该班组');
  return toRow(row);
}

function checkNameFree(s: Services, projectId: string, name: string, except?: string): void {
  const other = s.db.select({ id: teams.id }).from(teams).where(and(eq(teams.projectId, projectId), eq(teams.name, name))).get();
  if (other && other.id !== except) throw new ApiError('CONFLICT', `班组“${name}”已存在`, [{ path: 'name', message: '班组名称已存在' }]);
}

export function createTeam(s: Services, actor: ProjectActor, input: ParsedInput<'teams.create'>): TeamRow {
  const employer = getEmployer(s, actor, input.employerId);
  const at = isoNow(s.clock);
  const row = { id: newId(), projectId: actor.projectId, employerId: employer.id, name: input.name, workType: input.workType, leaderWorkerId: null, createdAt: at, createdBy: actor.userId, updatedAt: at, disbandedOn: null };
  s.db.transaction((tx) => {
    checkNameFree(s, actor.projectId, input.name);
    tx.insert(teams).values(row).run();
    recordChange(tx, authorOf(actor, at), 'teams', row.id, 'insert', row);
  });
  return getTeam(s, actor, row.id);
}

export function updateTeam(s: Services, actor: ProjectActor, input: ParsedInput<'teams.update'>): TeamRow {
  if (input.disbandedOn) checkDay(s, input.disbandedOn, 'disbandedOn', '解散日期');
  const at = isoNow(s.clock);
  s.db.transaction((tx) => {
    const before = projectTeam(tx, actor.projectId, input.teamId);
    checkNameFree(s, actor.projectId, input.name, before.id);
    if (input.leaderWorkerId) {
      const leader = tx.select({ teamId: workers.teamId, name: persons.name }).from(workers).innerJoin(persons, eq(persons.id, workers.personId))
        .where(and(eq(workers.id, input.leaderWorkerId), eq(workers.projectId, actor.projectId))).get();
      if (!leader) throw new ApiError('NOT_FOUND', '未找到该人员', [{ path: 'leaderWorkerId', message: '请选择班组长' }]);
      if (leader.teamId !== before.id) throw new ApiError('CONFLICT', `${leader.name} 不在班组“${before.name}”:班组长须是已派入本班组的人员`, [{ path: 'leaderWorkerId', message: '班组长须是本班组人员' }]);
    }
    if (input.disbandedOn && !before.disbandedOn) {
      const left = tx.select({ n: sql<number>`count(*)` }).from(workers).where(eq(workers.teamId, before.id)).get()?.n ?? 0;
      if (left > 0) throw new ApiError('CONFLICT', `班组“${before.name}”还有 ${left} 名人员,请先将他们派往其他班组或办理退场,再解散`);
    }
    const change = { name: input.name, workType: input.workType, leaderWorkerId: input.disbandedOn ? null : input.leaderWorkerId, disbandedOn: input.disbandedOn, updatedAt: at };
    tx.update(teams).set(change).where(eq(teams.id, before.id)).run();
    recordChange(tx, authorOf(actor, at), 'teams', before.id, 'update', { ...before, ...change }, before);
  });
  return getTeam(s, actor, input.teamId);
}
