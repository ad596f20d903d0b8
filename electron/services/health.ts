// 每日健康: health checks of pre-registered and entered people, the fever rule, and the morning
// batch. The app only suggests 需隔离; the user decides (domain.md).
import { and, asc, count, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import { prepareInsert, preparedStatements } from '../../db/prepared';
import { healthChecks, persons, employers, users } from '../../db/schema';
import { ApiError } from '../common/errors';
import { maskIdNumber } from '../common/idnumber';
import { FEVER_TENTHS, NO_SYMPTOMS } from '../common/codes';
import { normalizeSiteDateTime, siteDate, siteDateTime, isRealDate } from '../common/site-time';
import type { BatchRow, HealthCheck, ParsedInput } from '../common/contract';
import { isoNow, type ProjectActor, type Services } from './context';
import { newId } from './ids';
import { authorOf, ChangeRecorder } from './outbox';
import { exitedPersonIds, onSitePersonIds, personBrief, projectPerson } from './people';

type CheckRow = typeof healthChecks.$inferSelect;

function toCheck(row: CheckRow, by: string): HealthCheck {
  return { id: row.id, checkedAt: row.checkedAt, symptoms: row.symptoms, temperature: row.temperatureTenths / 10, fever: row.fever, createdBy: by };
}

export function listChecks(s: Services, actor: ProjectActor, input: ParsedInput<'health.list'>) {
  const person = projectPerson(s, actor, input.personId);
  const where = eq(healthChecks.personId, person.id);
  const total = s.db.select({ n: count() }).from(healthChecks).where(where).get()?.n ?? 0;
  const rows = s.db.select({ c: healthChecks, by: users.name }).from(healthChecks)
    .innerJoin(users, eq(users.id, healthChecks.createdBy))
    .where(where).orderBy(desc(healthChecks.checkedAt), desc(healthChecks.id))
    .limit(input.pageSize).offset((input.page - 1) * input.pageSize).all();
  return { person: personBrief(actor, person), rows: rows.map((r) => toCheck(r.c, r.by)), total };
}

/** A check's time: a real calendar time, not in the future. */
function checkTime(s: Services, text: string): string {
  const at = normalizeSiteDateTime(text);
  if (!at) throw new ApiError('VALIDATION', `日期 ${text} 不是有效的日期时间`, [{ path: 'checkedAt', message: '日期无效' }]);
  if (at > siteDateTime(s.clock.now())) throw new ApiError('VALIDATION', '日期不能晚于当前时间', [{ path: 'checkedAt', message: '日期不能晚于当前时间' }]);
  return at;
}

const checkStatements = preparedStatements((db) => {
  const personId = sql.placeholder('personId');
  const at = sql.placeholder('at');
  return {
    insert: prepareInsert(db, healthChecks),
    previous: db.select().from(healthChecks).where(and(eq(healthChecks.personId, personId), lt(healthChecks.checkedAt, at)))
      .orderBy(desc(healthChecks.checkedAt)).limit(1).prepare(),
    next: db.select().from(healthChecks).where(and(eq(healthChecks.personId, personId), gt(healthChecks.checkedAt, at)))
      .orderBy(asc(healthChecks.checkedAt)).limit(1).prepare(),
  };
});

/** Two fever readings in a row, or fever with another symptom, suggests 需隔离. */
function suggestion(s: Services, personId: string, at: string, tenths: number, symptoms: string[]): { suggest: boolean; reason: string } {
  if (tenths < FEVER_TENTHS) return { suggest: false, reason: '' };
  const others = symptoms.filter((x) => x !== '发热' && x !== NO_SYMPTOMS);
  if (others.length > 0) return { suggest: true, reason: `体温 ${(tenths / 10).toFixed(1)}°C 且伴有${others.join('、')},建议将处置方式设为“需隔离”` };
  // "In a row" is in time order: a back-dated reading has a neighbour on each side.
  const statements = checkStatements(s.db);
  const previous = statements.previous.get({ personId, at });
  const next = statements.next.get({ personId, at });
  const neighbour = previous?.fever ? previous : next?.fever ? next : undefined;
  if (neighbour) {
    const when = neighbour === previous ? '上次' : '下一次';
    return { suggest: true, reason: `连续两次体温达到37.3°C(${when} ${neighbour.checkedAt} ${(neighbour.temperatureTenths / 10).toFixed(1)}°C),建议将处置方式设为“需隔离”` };
  }
  return { suggest: false, reason: '' };
}

/** Saves one check and records it through the recorder of the caller's transaction. */
function insertCheck(s: Services, recorder: ChangeRecorder, actor: ProjectActor, personId: string, at: string, symptoms: string[], temperature: number, createdAt: string): CheckRow {
  const tenths = Math.round(temperature * 10);
  const row: CheckRow = {
    id: newId(),
    projectId: actor.projectId,
    personId,
    checkedAt: at,
    checkedOn: at.slice(0, 10),
    symptoms,
    temperatureTenths: tenths,
    fever: tenths >= FEVER_TENTHS,
    createdAt,
    createdBy: actor.userId,
  };
  checkStatements(s.db).insert(row);
  recorder.change(authorOf(actor, createdAt), 'health_checks', row.id, 'insert', row);
  return row;
}

export function createCheck(s: Services, actor: ProjectActor, input: ParsedInput<'health.create'>) {
  const person = projectPerson(s, actor, input.personId);
  const at = checkTime(s, input.checkedAt);
  const tenths = Math.round(input.temperature * 10);
  const advice = suggestion(s, person.id, at, tenths, input.symptoms);
  const row = s.db.transaction(() => insertCheck(s, new ChangeRecorder(s.db), actor, person.id, at, input.symptoms, input.temperature, isoNow(s.clock)));
  return { check: toCheck(row, actor.name), suggestion: advice };
}

/** Everyone the morning check is for: on site, or pre-registered and not yet gone. */
export function batchList(s: Services, actor: ProjectActor, input: ParsedInput<'health.batchList'>): { date: string; rows: BatchRow[] } {
  const date = input.date ?? siteDate(s.clock.now());
  if (!isRealDate(date)) throw new ApiError('VALIDATION', '日期无效');
  const exited = exitedPersonIds(s, actor.projectId);
  const onSite = onSitePersonIds(s, actor.projectId);
  const people = s.db.select({ p: persons, employerName: employers.name }).from(persons)
    .innerJoin(employers, eq(employers.id, persons.employerId))
    .where(eq(persons.projectId, actor.projectId)).orderBy(persons.name).all()
    .filter((r) => !exited.has(r.p.id));
  const today = new Map<string, CheckRow>();
  for (const c of s.db.select().from(healthChecks)
    .where(and(eq(healthChecks.projectId, actor.projectId), eq(healthChecks.checkedOn, date))).orderBy(healthChecks.checkedAt).all()) {
    today.set(c.personId, c); // the latest of the day wins
  }
  const rows = people.map(({ p, employerName }) => {
    const check = today.get(p.id);
    return {
      personId: p.id,
      name: p.name,
      idNumberMasked: maskIdNumber(p.idNumber),
      employerName,
      onSite: onSite.has(p.id),
      state: p.state,
      todayTemperature: check ? check.temperatureTenths / 10 : null,
      todaySymptoms: check?.symptoms ?? [],
    };
  });
  // On-site people first: they are the ones at the gate in the morning.
  rows.sort((a, b) => Number(b.onSite) - Number(a.onSite));
  return { date, rows };
}

export function batchSave(s: Services, actor: ProjectActor, input: ParsedInput<'health.batchSave'>) {
  const at = checkTime(s, input.checkedAt);
  const ids = [...new Set(input.rows.map((r) => r.personId))];
  if (ids.length !== input.rows.length) throw new ApiError('VALIDATION', '同一人在一次批量录入中只能出现一次');
  const known = new Map(s.db.select({ id: persons.id, name: persons.name }).from(persons)
    .where(and(eq(persons.projectId, actor.projectId), inArray(persons.id, ids))).all().map((p) => [p.id, p.name]));
  const unknown = ids.find((id) => !known.has(id));
  if (unknown) throw new ApiError('NOT_FOUND', '批量录入中有人员不属于本项目,未保存任何记录');
  const createdAt = isoNow(s.clock);
  const suggestions: { personId: string; name: string; reason: string }[] = [];
  let fevers = 0;
  // One transaction: the whole morning is saved, or none of it.
  s.db.transaction(() => {
    const recorder = new ChangeRecorder(s.db);
    for (const row of input.rows) {
      const tenths = Math.round(row.temperature * 10);
      const advice = suggestion(s, row.personId, at, tenths, row.symptoms);
      if (advice.suggest) suggestions.push({ personId: row.personId, name: known.get(row.personId)!, reason: advice.reason });
      if (tenths >= FEVER_TENTHS) fevers++;
      insertCheck(s, recorder, actor, row.personId, at, row.symptoms, row.temperature, createdAt);
    }
  });
  return { saved: input.rows.length, fevers, suggestions };
}
