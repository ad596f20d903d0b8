// The today board, the home page of a project: who is on site, today's checks, fevers, who is in
// isolation and until when, and who becomes 可进场 soon.
import { and, count, eq, ne } from 'drizzle-orm';
import { healthChecks, persons } from '../../db/schema';
import { addDays, siteDate } from '../common/site-time';
import type { Board } from '../common/contract';
import type { ProjectActor, Services } from './context';
import { availableFrom, isolationDays } from './entries';
import { exitedPersonIds, onSitePersonIds } from './people';
import { getSettings } from './settings';
import { latestDisposition } from './dispositions';
import { syncWaiting } from './sync/push-resume';

/** How far ahead "soon 可进场" looks. */
export const SOON_DAYS = 3;

export function todayBoard(s: Services, actor: ProjectActor): Board {
  const today = siteDate(s.clock.now());
  const projectId = actor.projectId;
  const onSite = onSitePersonIds(s, projectId);
  const exited = exitedPersonIds(s, projectId);
  const preRegistered = s.db.select({ n: count() }).from(persons).where(eq(persons.projectId, projectId)).get()?.n ?? 0;
  // Only the ids of today's checks, and whole rows only for the fevers: a 5,000-person morning
  // would otherwise parse 5,000 symptom lists to show a handful (the benchmark's profile).
  const checkedToday = and(eq(healthChecks.projectId, projectId), eq(healthChecks.checkedOn, today));
  const checked = new Set(s.db.selectDistinct({ id: healthChecks.personId }).from(healthChecks).where(checkedToday).all().map((r) => r.id));
  const due = preRegistered - exited.size;
  const fevers = s.db.select({ c: healthChecks, name: persons.name }).from(healthChecks)
    .innerJoin(persons, eq(persons.id, healthChecks.personId))
    .where(and(checkedToday, eq(healthChecks.fever, true))).orderBy(healthChecks.checkedAt).all()
    .map((r) => ({ personId: r.c.personId, name: r.name, temperature: r.c.temperatureTenths / 10, checkedAt: r.c.checkedAt, symptoms: r.c.symptoms }));
  const rules = getSettings(s).isolationRules;
  const isolated = s.db.select().from(persons).where(and(eq(persons.projectId, projectId), ne(persons.state, 'clear'))).all().map((p) => {
    const d = latestDisposition(s, p.id);
    const startedOn = d?.startedAt?.slice(0, 10) ?? null;
    return {
      personId: p.id,
      name: p.name,
      state: p.state,
      startedAt: d?.startedAt ?? null,
      endsOn: p.state === 'isolate' && startedOn ? addDays(startedOn, isolationDays(rules, p)) : null,
      method: d?.method ?? null,
      onSite: onSite.has(p.id),
    };
  });
  const horizon = addDays(today, SOON_DAYS);
  // Without isolation rules nobody waits: skip reading every person.
  const waiting = (rules.length === 0 ? [] : s.db.select().from(persons).where(and(eq(persons.projectId, projectId), eq(persons.state, 'clear'))).all())
    .filter((p) => !onSite.has(p.id) && !exited.has(p.id))
    .map((p) => ({ p, from: availableFrom(rules, p) }))
    .filter((x): x is { p: typeof x.p; from: string } => x.from !== null && x.from > today && x.from <= horizon)
    .sort((a, b) => a.from.localeCompare(b.from))
    .map(({ p, from }) => ({ personId: p.id, name: p.name, origin: `${p.originProvince} ${p.originCity}`, availableFrom: from }));
  return {
    date: today,
    onSite: onSite.size,
    preRegistered,
    checksDone: [...checked].filter((id) => !exited.has(id)).length,
    checksDue: due,
    feversToday: fevers,
    inIsolation: isolated,
    soonAvailable: waiting,
    syncWaiting: syncWaiting(s),
  };
}

