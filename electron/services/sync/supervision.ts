// 监督管理查询 on the central side (seed section 四): 实名制作业人员信息查询 over every contract the
// sites' bundles brought, and the 详情 of one. Counts are computed in SQL per contract, so the list
// stays one query whatever the number of people.
import { and, count, desc, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { dispositions, employers, entries, healthChecks, personSearchTerms, persons, projects, syncAppliedBundles, syncConflicts, syncPeers, syncReferenceBundles } from '../../../db/schema';
import { participantTypes, stateLabels, type DispositionState } from '../../common/codes';
import { ApiError } from '../../common/errors';
import { maskIdNumber } from '../../common/idnumber';
import { siteDate } from '../../common/site-time';
import type { SupervisionDetail, SupervisionPerson, SupervisionRow } from '../../common/contract-sync';
import type { ParsedInput } from '../../common/contract';
import type { Services } from '../context';
import { personSearch } from '../pre-registration';
import { ensureInstallation, listPeers } from './identity';
import { planPersonSearch } from './person-search';

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

const rowColumns = {
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
};

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
  const rows = s.db.select(rowColumns).from(projects).where(where).orderBy(projects.contractNo)
    .limit(input.pageSize).offset((input.page - 1) * input.pageSize).all();
  return { rows, total };
}

/**
 * 人员查询: people of every contract, newest first, by name fragment, ID number fragment or pinyin
 * initials (the same reading of the text as the site's lists). Answered from the FTS5 index of
 * person-search.ts; a fragment the index cannot answer (one or two digits) reads the table.
 */
export function searchPersons(s: Services, input: ParsedInput<'supervision.persons'>): { rows: SupervisionPerson[]; total: number } {
  const plan = planPersonSearch(input.search);
  const matched = !input.search ? undefined
    : plan.kind === 'scan' ? personSearch(input.search)
    : and(
      sql`${personSearchTerms.id} in (select rowid from person_search where person_search match ${plan.match})`,
      plan.verify ? sql`${plan.verify.column === 'name' ? persons.name : persons.idNumber} like ${plan.verify.pattern} escape '\\'` : undefined,
    );
  const station = input.station && input.station !== '全部' ? eq(projects.supervisionStation, input.station) : undefined;
  const where = and(matched, station);
  // The terms' key is the order people arrived in; the index hands matches over in that order.
  const base = () => s.db.select({ n: count() }).from(personSearchTerms).innerJoin(persons, eq(persons.id, personSearchTerms.personId));
  const total = (station ? base().innerJoin(projects, eq(projects.id, persons.projectId)) : base()).where(where).get()?.n ?? 0;
  const rows = s.db.select({
    p: { id: persons.id, projectId: persons.projectId, name: persons.name, idNumber: persons.idNumber, category: persons.category, state: persons.state, preRegisteredOn: persons.preRegisteredOn },
    employerName: employers.name,
    contractNo: projects.contractNo,
    projectName: projects.name,
    supervisionStation: projects.supervisionStation,
    enteredOn: sql<string | null>`(select n."entered_on" from "entries" n where n."person_id" = "persons"."id" and n."exited_on" is null limit 1)`,
  }).from(personSearchTerms)
    .innerJoin(persons, eq(persons.id, personSearchTerms.personId))
    .innerJoin(projects, eq(projects.id, persons.projectId))
    .innerJoin(employers, eq(employers.id, persons.employerId))
    .where(where).orderBy(desc(personSearchTerms.id))
    .limit(input.pageSize).offset((input.page - 1) * input.pageSize).all();
  return {
    total,
    rows: rows.map(({ p, ...r }) => ({
      personId: p.id, projectId: p.projectId, name: p.name, idNumberMasked: maskIdNumber(p.idNumber), category: p.category === 'manager' ? '现场管理人员' : '作业人员',
      employerName: r.employerName, contractNo: r.contractNo, projectName: r.projectName, supervisionStation: r.supervisionStation,
      preRegisteredOn: p.preRegisteredOn, state: stateLabels[p.state as DispositionState] ?? p.state, enteredOn: r.enteredOn,
    })),
  };
}

const DETAIL_PERSONS = 5000;

export function detail(s: Services, projectId: string): SupervisionDetail {
  const project = s.db.select(rowColumns).from(projects).where(eq(projects.id, projectId)).get();
  if (!project) throw new ApiError('NOT_FOUND', '未找到该合同');
  const today = siteDate(s.clock.now());
  const employerRows = s.db.select({
    e: employers,
    persons: sql<number>`(select count(*) from "persons" p where p."employer_id" = "employers"."id")`,
  }).from(employers).where(eq(employers.projectId, projectId)).orderBy(employers.name).all();
  const openEntries = new Map(s.db.select({ personId: entries.personId, enteredOn: entries.enteredOn }).from(entries)
    .where(and(eq(entries.projectId, projectId), sql`${entries.exitedOn} is null`)).all().map((r) => [r.personId, r.enteredOn]));
  const personRows = s.db.select({ p: persons, employerName: employers.name }).from(persons)
    .innerJoin(employers, eq(employers.id, persons.employerId))
    .where(eq(persons.projectId, projectId)).orderBy(desc(persons.createdAt), desc(persons.id)).limit(DETAIL_PERSONS).all();
  const checks = s.db.select({ c: healthChecks, name: persons.name }).from(healthChecks)
    .innerJoin(persons, eq(persons.id, healthChecks.personId))
    .where(and(eq(healthChecks.projectId, projectId), eq(healthChecks.checkedOn, today))).orderBy(healthChecks.checkedAt).all();
  // Gone: exited and not on site again. They are not due a check, as on the site's today board.
  const gone = new Set(s.db.select({ personId: entries.personId }).from(entries)
    .where(and(eq(entries.projectId, projectId), sql`${entries.exitedOn} is not null`)).all()
    .map((r) => r.personId).filter((id) => !openEntries.has(id)));
  // The latest disposition of everyone whose state is not 可进场, newest first.
  const disposed = s.db.select({ p: persons }).from(persons).where(and(eq(persons.projectId, projectId), ne(persons.state, 'clear'))).all().map(({ p }) => {
    const d = s.db.select().from(dispositions).where(eq(dispositions.personId, p.id)).orderBy(desc(dispositions.createdAt), desc(dispositions.id)).limit(1).get();
    return { personId: p.id, name: p.name, state: stateLabels[p.state as DispositionState] ?? p.state, startedAt: d?.startedAt ?? null, method: d?.method ?? null, createdAt: d?.createdAt ?? p.createdAt };
  }).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  // The installations that sent this contract: the first one, and those whose contract was merged into it.
  const sources = s.db.select({ installationId: syncPeers.installationId, name: syncPeers.name, lastAppliedSeq: syncPeers.lastAppliedSeq, lastBundleAt: syncPeers.lastBundleAt })
    .from(syncPeers).where(sql`${syncPeers.installationId} in (select installation_id from sync_row_owners where table_name = 'projects' and row_id = ${projectId}
      union select installation_id from sync_id_aliases where table_name = 'projects' and central_id = ${projectId})`).orderBy(syncPeers.trustedAt).all();
  return {
    project,
    date: today,
    employers: employerRows.map(({ e, persons: n }) => ({ id: e.id, name: e.name, creditCode: e.creditCode, participantTypeName: participantTypes[e.participantType] ?? e.participantType, contractNo: e.contractNo, persons: n })),
    persons: personRows.map(({ p, employerName }) => ({
      id: p.id, name: p.name, idNumberMasked: maskIdNumber(p.idNumber), category: p.category === 'manager' ? '现场管理人员' : '作业人员', employerName,
      phone: p.phone, preRegisteredOn: p.preRegisteredOn, state: stateLabels[p.state as DispositionState] ?? p.state, onSite: openEntries.has(p.id), enteredOn: openEntries.get(p.id) ?? null,
    })),
    personsTotal: project.preRegistered,
    healthToday: checks.map(({ c, name }) => ({ personId: c.personId, name, checkedAt: c.checkedAt, temperature: c.temperatureTenths / 10, fever: c.fever, symptoms: c.symptoms })),
    checksDue: project.preRegistered - gone.size,
    checksDone: new Set(checks.map(({ c }) => c.personId).filter((id) => !gone.has(id))).size,
    dispositions: disposed,
    sources,
  };
}

export function sources(s: Services) {
  const central = ensureInstallation(s);
  const conflicts = new Map(s.db.select({ id: syncConflicts.installationId, n: count() }).from(syncConflicts).groupBy(syncConflicts.installationId).all().map((r) => [r.id, r.n]));
  const peers = listPeers(s).filter((p) => p.role === 'site');
  const names = new Map(peers.map((p) => [p.installationId, p.name]));
  return {
    central: { id: central.installationId, fingerprint: central.fingerprint },
    sites: peers.map((p) => ({ ...p, conflicts: conflicts.get(p.installationId) ?? 0 })),
    received: s.db.select().from(syncAppliedBundles).orderBy(desc(syncAppliedBundles.appliedAt), desc(syncAppliedBundles.id)).limit(50).all()
      .map((b) => ({ ...b, siteName: names.get(b.installationId) ?? b.installationId })),
    published: s.db.select().from(syncReferenceBundles).where(eq(syncReferenceBundles.direction, 'published')).orderBy(desc(syncReferenceBundles.referenceSeq)).limit(20).all()
      .map((r) => ({ referenceSeq: r.referenceSeq, fileName: r.fileName, at: r.at, summary: r.summary })),
  };
}
