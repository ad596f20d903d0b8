// The labour register's 班组 as the safety records see them: who was in a team on a day (the
// 派工登记 in force then, not only today's team), which is who a 安全技术交底 briefs and a 班组级
// 三级安全教育 trains.
import { and, eq, gt, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import { dispatches, entries, persons, teams, workers } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { workTypes } from '../../common/codes';
import type { CommandOutput, ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { projectTeam } from '../labour/records';

/** The 派工登记 in force on `date`: dispatchedOn <= date < endedOn. */
const inForceOn = (date: string) => and(lte(dispatches.dispatchedOn, date), or(isNull(dispatches.endedOn), gt(dispatches.endedOn, date)));

/** The team's workers on `date`, by 工号 (digits). */
export function teamMembersOn(db: Db, teamId: string, date: string) {
  return db.select({ personId: workers.personId, workerId: workers.id, workerNo: workers.workerNo, name: persons.name, workType: dispatches.workType })
    .from(dispatches).innerJoin(workers, eq(workers.id, dispatches.workerId)).innerJoin(persons, eq(persons.id, workers.personId))
    .where(and(eq(dispatches.teamId, teamId), inForceOn(date))).all()
    .sort((a, b) => Number(a.workerNo) - Number(b.workerNo));
}

/** The team each person was in on `date` (null: not dispatched that day, or never hired). */
export function teamsOfPersonsOn(db: Db, personIds: string[], date: string): Map<string, { id: string; name: string }> {
  if (personIds.length === 0) return new Map();
  const rows = db.select({ personId: workers.personId, id: teams.id, name: teams.name }).from(dispatches)
    .innerJoin(workers, eq(workers.id, dispatches.workerId)).innerJoin(teams, eq(teams.id, dispatches.teamId))
    .where(and(inArray(workers.personId, personIds), inForceOn(date))).all();
  return new Map(rows.map((r) => [r.personId, { id: r.id, name: r.name }]));
}

export function teamNames(db: Db, teamIds: (string | null)[]): Map<string, string> {
  const ids = [...new Set(teamIds.filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  return new Map(db.select({ id: teams.id, name: teams.name }).from(teams).where(inArray(teams.id, ids)).all().map((t) => [t.id, t.name]));
}

export function teamMembers(s: Services, actor: ProjectActor, input: ParsedInput<'safety.teamMembers'>): CommandOutput<'safety.teamMembers'> {
  const team = projectTeam(s.db, actor.projectId, input.teamId);
  const members = teamMembersOn(s.db, team.id, input.date);
  const onSite = new Set(members.length === 0 ? [] : s.db.select({ personId: entries.personId }).from(entries)
    .where(and(inArray(entries.personId, members.map((m) => m.personId)), lte(entries.enteredOn, input.date), or(isNull(entries.exitedOn), gte(entries.exitedOn, input.date)))).all().map((r) => r.personId));
  return {
    teamId: team.id, teamName: team.name, date: input.date,
    rows: members.map((m) => ({ personId: m.personId, workerId: m.workerId, workerNo: m.workerNo, name: m.name, workTypeName: workTypes[m.workType] ?? m.workType, onSite: onSite.has(m.personId) })),
  };
}
