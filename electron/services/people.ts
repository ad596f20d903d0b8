// Looking up a project's people for the health, disposition and entry services: one place that
// knows a person belongs to the caller's project, and where each person stands (on site or not).
import { and, eq, isNull } from 'drizzle-orm';
import { entries, persons } from '../../db/schema';
import { ApiError } from '../common/errors';
import { maskIdNumber } from '../common/idnumber';
import type { PersonBrief } from '../common/contract';
import type { ProjectActor, Services } from './context';
import { maySeeFullIdNumber } from './pre-registration';

export type PersonRecord = typeof persons.$inferSelect;

export function projectPerson(s: Services, actor: ProjectActor, personId: string): PersonRecord {
  const person = s.db.select().from(persons).where(and(eq(persons.id, personId), eq(persons.projectId, actor.projectId))).get();
  if (!person) throw new ApiError('NOT_FOUND', '未找到该人员:该人员未在本项目进场预登记');
  return person;
}

export function personBrief(actor: ProjectActor, p: PersonRecord): PersonBrief {
  return {
    id: p.id,
    name: p.name,
    idNumber: maySeeFullIdNumber(actor) ? p.idNumber : maskIdNumber(p.idNumber),
    phone: p.phone,
    category: p.category,
    state: p.state,
  };
}

/** The person's open entry anywhere on this machine (one at a time), with its project. */
export function openEntryOf(s: Services, idNumber: string) {
  return s.db.select().from(entries).where(and(eq(entries.idNumber, idNumber), isNull(entries.exitedOn))).get();
}

/** Ids of the project's people who have left (an entry, none open): no more daily checks for them. */
export function exitedPersonIds(s: Services, projectId: string): Set<string> {
  const rows = s.sqlite.prepare(`
    select e.person_id as id from entries e
    where e.project_id = ? group by e.person_id
    having sum(case when e.exited_on is null then 1 else 0 end) = 0`).all(projectId) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}

export function onSitePersonIds(s: Services, projectId: string): Set<string> {
  const rows = s.db.select({ id: entries.personId }).from(entries)
    .where(and(eq(entries.projectId, projectId), isNull(entries.exitedOn))).all();
  return new Set(rows.map((r) => r.id));
}
