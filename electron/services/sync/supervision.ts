// 监督管理查询 on the central side (seed section 四): 实名制作业人员信息查询 over every contract the
// sites' bundles brought, and the 详情 of one. Counts are computed in SQL per contract, so the list
// stays one query whatever the number of people.
import { and, count, desc, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { dispositions, employers, entries, healthChecks, persons, projects, syncAppliedBundles, syncConflicts, syncPeers, syncReferenceBundles } from '../../../db/schema';
import { participantTypes, stateLabels, type DispositionState } from '../../common/codes';
import { ApiError } from '../../common/errors';
import { maskIdNumber } from '../../common/idnumber';
import { siteDate } from '../../common/site-time';
import type { SupervisionDetail, SupervisionPerson, SupervisionRow } from '../../common/contract-sync';
import type { CommandOutput, ParsedInput } from '../../common/contract';
import type { Services } from '../context';
import { ensureInstallation, listPeers, type PeerView } from './identity';
import { planPersonSearch, scanCondition } from './person-search';
import { attendanceOnDaySql } from '../labour/attendance';

function contains(column: AnySQLiteColumn, text: string): SQL | undefined {
  if (!text) return undefined;
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql`${column} like ${`%${escaped}%`} escape '\\'`;
}

// Written out: inside a correlated subquery an unqualified column would bind to the inner table.
const employerCount = sql<number>`(select count(*) from "employers" e where e."project_id" = "projects"."id")`;
const personCount = sql<number>`(select count(*) from "persons" p where p."project_id" = "projects"."id")`;
const onSiteCount = sql<number>`(select count(distinct n."person_id") from "entries" n where n."project_id" = "projects"."id" and n."exited_on" is null)`;
const enteredCount = sql<number>`(select count(distinct n."person_id") from "entries" n where n."project_id" = "projects"."id")`;

const rowColumns = (today: string) => ({
  projectId: projects.id,
  contractNo: projects.contractNo,
  buildNo: projects.buildNo,
  name: projects.name,
  generalContractor: projects.generalContractor,
  contractorType: projects.contractorType,
  supervisionStation: projects.supervisionStation,
  employers: employerCount,
  preRegistered: personCount,
  onSite: onSiteCount,
  entered: enteredCount,
  attendanceToday: attendanceOnDaySql(sql.raw('"projects"."id"'), today),
});

export function stations(s: Services): string[] {
  return s.db.selectDistinct({ station: projects.supervisionStation }).from(projects).orderBy(projects.supervisionStation).all().map((r) => r.station);
}

export function query(s: Services, input: ParsedInput<'supervision.query'>): { rows: SupervisionRow[]; total: number } {
  const where = and(
    contains(projects.contractNo, input.contractNo),
    contains(projects.name, input.name),
    contains(projects.generalContractor, input.generalContractor),
    input.station && input.station !== '全部' ? eq(projects.supervisionStation, input.station) : undefined,
  );
  const total = s.db.select({ n: count() }).from(projects).where(where).get()?.n ?? 0;
  const rows = s.db.select(rowColumns(siteDate(s.clock.now()))).from(projects).where(where).orderBy(projects.contractNo)
    .limit(input.pageSize).offset((input.page - 1) * input.pageSize).all();
  return { rows, total };
}

const PERSON_COLUMNS = `p.id, p.project_id as projectId, p.name, p.id_number as idNumber, p.category, p.state, p.pre_registered_on as preRegisteredOn,
  e.name as employerName, pr.contract_no as contractNo, pr.name as projectName, pr.supervision_station as supervisionStation,
  (select n.entered_on from entries n where n.person_id = p.id and n.exited_on is null limit 1) as enteredOn`;

export interface PersonHit {
  id: string; projectId: string; name: string; idNumber: string; category: string; state: string; preRegisteredOn: string;
  employerName: string; contractNo: string; projectName: string; supervisionStation: string; enteredOn: string | null;
}

/**
 * 人员查询: people of every contract, newest first, by name fragment, ID number fragment or pinyin
 * initials (the same reading of the text as the site's lists). When the FTS5 index of
 * person-search.ts can answer, it drives the query and counts alone: its matches come newest
 * first and each is joined by key, so a page is done after its 20 rows, rare fragment or common. A
 * fragment it cannot answer (one or two digits) reads the table. SQL written out: drizzle does not
 * know virtual tables.
 */
export function searchPersons(s: Services, input: ParsedInput<'supervision.persons'>): { rows: SupervisionPerson[]; total: number } {
  const plan = input.search ? planPersonSearch(input.search) : null;
  const where: string[] = [];
  const params: (string | number)[] = [];
  let source: string;
  let newestFirst: string;
  if (plan?.kind === 'index') {
    source = 'person_search f join person_search_terms t on t.id = f.rowid join persons p on p.id = t.person_id';
    newestFirst = 'f.rowid desc';
    where.push('person_search match ?');
    params.push(plan.match);
  } else {
    source = 'person_search_terms t join persons p on p.id = t.person_id';
    newestFirst = 't.id desc';
    if (plan) {
      const scan = scanCondition(input.search);
      where.push(scan.sql);
      params.push(...scan.params);
    }
  }
  const station = input.station && input.station !== '全部' ? input.station : null;
  if (station) {
    where.push('pr.supervision_station = ?');
    params.push(station);
  }
  const filter = where.length > 0 ? `where ${where.join(' and ')}` : '';
  const withProject = `${source} join projects pr on pr.id = p.project_id`;
  // Counting needs no join when the index alone answers.
  const total = plan?.kind === 'index' && !station
    ? s.sqlite.prepare('select count(*) from person_search where person_search match ?').pluck().get(plan.match) as number
    : s.sqlite.prepare(`select count(*) from ${station ? withProject : source} ${filter}`).pluck().get(...params) as number;
  const hits = s.sqlite.prepare(`select ${PERSON_COLUMNS} from ${withProject} join employers e on e.id = p.employer_id ${filter}
    order by ${newestFirst} limit ? offset ?`).all(...params, input.pageSize, (input.page - 1) * input.pageSize) as PersonHit[];
  return { total, rows: hits.map(supervisionPerson) };
}

/** A person found, as 人员查询 lists it (ID number masked), from either store. */
export function supervisionPerson(h: PersonHit): SupervisionPerson {
  return {
    personId: h.id, projectId: h.projectId, name: h.name, idNumberMasked: maskIdNumber(h.idNumber), category: h.category === 'manager' ? '现场管理人员' : '作业人员',
    employerName: h.employerName, contractNo: h.contractNo, projectName: h.projectName, supervisionStation: h.supervisionStation,
    preRegisteredOn: h.preRegisteredOn, state: stateLabels[h.state as DispositionState] ?? h.state, enteredOn: h.enteredOn,
  };
}

export const DETAIL_PERSONS = 5000;

/** What 详情 is made of, as either store reads it (the PostgreSQL one: central-pg/supervision.ts). */
export interface DetailParts {
  project: SupervisionRow;
  today: string;
  employers: { id: string; name: string; creditCode: string; participantType: string; contractNo: string; persons: number }[];
  /** Person id → 进场 date of the entries not yet exited. */
  openEntries: Map<string, string>;
  /** The newest DETAIL_PERSONS people of the contract, newest first. */
  persons: { id: string; name: string; idNumber: string; category: string; phone: string; preRegisteredOn: string; state: string; employerName: string }[];
  checksToday: { personId: string; name: string; checkedAt: string; temperatureTenths: number; fever: boolean; symptoms: string[] }[];
  /** Everyone with an exited entry (some may be on site again). */
  exited: string[];
  /** Everyone whose state is not 可进场, with the latest disposition's start, method and time (else the person's). */
  disposed: { personId: string; name: string; state: string; startedAt: string | null; method: string | null; createdAt: string }[];
  sources: SupervisionDetail['sources'];
}

/** 详情 from its parts: the same answer whichever store read them. */
export function detailOf(d: DetailParts): SupervisionDetail {
  // Gone: exited and not on site again. They are not due a check, as on the site's today board.
  const gone = new Set(d.exited.filter((id) => !d.openEntries.has(id)));
  return {
    project: d.project,
    date: d.today,
    employers: d.employers.map((e) => ({ id: e.id, name: e.name, creditCode: e.creditCode, participantTypeName: participantTypes[e.participantType] ?? e.participantType, contractNo: e.contractNo, persons: e.persons })),
    persons: d.persons.map((p) => ({
      id: p.id, name: p.name, idNumberMasked: maskIdNumber(p.idNumber), category: p.category === 'manager' ? '现场管理人员' : '作业人员', employerName: p.employerName,
      phone: p.phone, preRegisteredOn: p.preRegisteredOn, state: stateLabels[p.state as DispositionState] ?? p.state, onSite: d.openEntries.has(p.id), enteredOn: d.openEntries.get(p.id) ?? null,
    })),
    personsTotal: d.project.preRegistered,
    healthToday: d.checksToday.map((c) => ({ personId: c.personId, name: c.name, checkedAt: c.checkedAt, temperature: c.temperatureTenths / 10, fever: c.fever, symptoms: c.symptoms })),
    checksDue: d.project.preRegistered - gone.size,
    checksDone: new Set(d.checksToday.map((c) => c.personId).filter((id) => !gone.has(id))).size,
    // The latest disposition of everyone whose state is not 可进场, newest first.
    dispositions: d.disposed.map((x) => ({ ...x, state: stateLabels[x.state as DispositionState] ?? x.state })).sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    sources: d.sources,
  };
}

export function detail(s: Services, projectId: string): SupervisionDetail {
  const today = siteDate(s.clock.now());
  const project = s.db.select(rowColumns(today)).from(projects).where(eq(projects.id, projectId)).get();
  if (!project) throw new ApiError('NOT_FOUND', '未找到该合同');
  const employerRows = s.db.select({
    e: employers,
    persons: sql<number>`(select count(*) from "persons" p where p."employer_id" = "employers"."id")`,
  }).from(employers).where(eq(employers.projectId, projectId)).orderBy(employers.name).all();
  const personRows = s.db.select({ p: persons, employerName: employers.name }).from(persons)
    .innerJoin(employers, eq(employers.id, persons.employerId))
    .where(eq(persons.projectId, projectId)).orderBy(desc(persons.createdAt), desc(persons.id)).limit(DETAIL_PERSONS).all();
  const checks = s.db.select({ c: healthChecks, name: persons.name }).from(healthChecks)
    .innerJoin(persons, eq(persons.id, healthChecks.personId))
    .where(and(eq(healthChecks.projectId, projectId), eq(healthChecks.checkedOn, today))).orderBy(healthChecks.checkedAt).all();
  const disposed = s.db.select({ p: persons }).from(persons).where(and(eq(persons.projectId, projectId), ne(persons.state, 'clear'))).all().map(({ p }) => {
    const d = s.db.select().from(dispositions).where(eq(dispositions.personId, p.id)).orderBy(desc(dispositions.createdAt), desc(dispositions.id)).limit(1).get();
    return { personId: p.id, name: p.name, state: p.state, startedAt: d?.startedAt ?? null, method: d?.method ?? null, createdAt: d?.createdAt ?? p.createdAt };
  });
  // The installations that sent this contract: the first one, and those whose contract was merged into it.
  const sources = s.db.select({ installationId: syncPeers.installationId, name: syncPeers.name, lastAppliedSeq: syncPeers.lastAppliedSeq, lastBundleAt: syncPeers.lastBundleAt })
    .from(syncPeers).where(sql`${syncPeers.installationId} in (select installation_id from sync_row_owners where table_name = 'projects' and row_id = ${projectId}
      union select installation_id from sync_id_aliases where table_name = 'projects' and central_id = ${projectId})`).orderBy(syncPeers.trustedAt).all();
  return detailOf({
    project,
    today,
    employers: employerRows.map(({ e, persons: n }) => ({ ...e, persons: n })),
    openEntries: new Map(s.db.select({ personId: entries.personId, enteredOn: entries.enteredOn }).from(entries)
      .where(and(eq(entries.projectId, projectId), sql`${entries.exitedOn} is null`)).all().map((r) => [r.personId, r.enteredOn])),
    persons: personRows.map(({ p, employerName }) => ({ ...p, employerName })),
    checksToday: checks.map(({ c, name }) => ({ ...c, name })),
    exited: s.db.select({ personId: entries.personId }).from(entries).where(and(eq(entries.projectId, projectId), sql`${entries.exitedOn} is not null`)).all().map((r) => r.personId),
    disposed,
    sources,
  });
}

/** A bundle 同步接收 lists, as either store keeps it. */
export type ReceivedBundle = Omit<CommandOutput<'supervision.sources'>['received'][number], 'siteName'>;

/**
 * 数据来源 of 同步接收 from its parts: the sites trusted (with their conflicts), the bundles received
 * (from the store that holds the site data) and the reference bundles this office published.
 */
export function sourcesOf(s: Services, peers: PeerView[], conflicts: Map<string, number>, received: ReceivedBundle[]): CommandOutput<'supervision.sources'> {
  const central = ensureInstallation(s);
  const sites = peers.filter((p) => p.role === 'site');
  const names = new Map(sites.map((p) => [p.installationId, p.name]));
  return {
    central: { id: central.installationId, fingerprint: central.fingerprint },
    sites: sites.map((p) => ({ ...p, conflicts: conflicts.get(p.installationId) ?? 0 })),
    received: received.map((b) => ({ ...b, siteName: names.get(b.installationId) ?? b.installationId })),
    published: s.db.select().from(syncReferenceBundles).where(eq(syncReferenceBundles.direction, 'published')).orderBy(desc(syncReferenceBundles.referenceSeq)).limit(20).all()
      .map((r) => ({ referenceSeq: r.referenceSeq, fileName: r.fileName, at: r.at, summary: r.summary })),
  };
}

export function sources(s: Services) {
  const conflicts = new Map(s.db.select({ id: syncConflicts.installationId, n: count() }).from(syncConflicts).groupBy(syncConflicts.installationId).all().map((r) => [r.id, r.n]));
  const received = s.db.select().from(syncAppliedBundles).orderBy(desc(syncAppliedBundles.appliedAt), desc(syncAppliedBundles.id)).limit(RECEIVED_LISTED).all();
  return sourcesOf(s, listPeers(s), conflicts, received);
}

/** How many of the latest received bundles 同步接收 lists. */
export const RECEIVED_LISTED = 50;
