// 实名制作业人员信息查询 (supervision.ts) on the central store in PostgreSQL: the same columns,
// filters and counts per contract (standard SQL, the same correlated counts), read from the
// central database. Written in SQL text: the mirrored tables of db/central-pg/schema.ts are built
// from the site's, so their columns have no static types for drizzle's query builder.
import type { CommandOutput, ParsedInput } from '../../../common/contract';
import type { SupervisionDetail, SupervisionPerson, SupervisionRow } from '../../../common/contract-sync';
import { ApiError } from '../../../common/errors';
import { pgSearchPlan, scanCondition } from '../person-search';
import { DETAIL_PERSONS, detailOf, RECEIVED_LISTED, sourcesOf, supervisionPerson, type DetailParts, type PersonHit, type ReceivedBundle } from '../supervision';
import type { Services } from '../../context';
import { addDays } from '../../../common/site-time';
import { toPeerView } from '../identity';
import { listPeersPg } from './apply';
import type { CentralPg } from './store';

export async function stationsPg(store: CentralPg): Promise<string[]> {
  const r = await store.pool.query<{ station: string }>('select distinct supervision_station as station from projects order by 1');
  return r.rows.map((row) => row.station);
}

/** A contract's row of 实名制作业人员信息查询; `$at` and `$at+1` are the start and end of today. */
function projectRow(at: number): string {
  return `id as "projectId", contract_no as "contractNo", build_no as "buildNo", name, general_contractor as "generalContractor",
      contractor_type as "contractorType", supervision_station as "supervisionStation",
      (select count(*) from employers e where e.project_id = projects.id)::int as employers,
      (select count(*) from persons p where p.project_id = projects.id)::int as "preRegistered",
      (select count(distinct x.person_id) from entries x where x.project_id = projects.id and x.exited_on is null)::int as "onSite",
      (select count(distinct x.person_id) from entries x where x.project_id = projects.id)::int as entered,
      (select count(distinct a.worker_id) from attendance_punches a where a.project_id = projects.id and a.direction = 'in'
        and a.worker_id is not null and a.punched_at >= $${at} and a.punched_at < $${at + 1})::int as "attendanceToday"`;
}

export async function queryPg(store: CentralPg, input: ParsedInput<'supervision.query'>, today: string): Promise<{ rows: SupervisionRow[]; total: number }> {
  const params: unknown[] = [];
  const where: string[] = [];
  const like = (column: string, text: string) => {
    if (!text) return;
    params.push(`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`); // PostgreSQL's LIKE escapes with a backslash
    where.push(`${column} like $${params.length}`);
  };
  like('contract_no', input.contractNo);
  like('name', input.name);
  like('general_contractor', input.generalContractor);
  if (input.station && input.station !== '全部') {
    params.push(input.station);
    where.push(`supervision_station = $${params.length}`);
  }
  const filter = where.length > 0 ? `where ${where.join(' and ')}` : '';
  const total = Number((await store.pool.query<{ n: string }>(`select count(*) as n from projects ${filter}`, params)).rows[0]!.n);
  const n = params.length;
  const rows = await store.pool.query<SupervisionRow>(`
    select ${projectRow(n + 1)} from projects ${filter} order by contract_no limit $${n + 3} offset $${n + 4}`,
  [...params, `${today} 00:00:00`, `${addDays(today, 1)} 00:00:00`, input.pageSize, (input.page - 1) * input.pageSize]);
  return { rows: rows.rows, total };
}

/**
 * 人员查询 on PostgreSQL: the GIN index over person_search_terms.terms finds the people
 * (`terms @> array[…]`, newest first by seq); a fragment it cannot answer (one or two digits) reads
 * the rows with the same LIKE as on SQLite.
 */
export async function searchPersonsPg(store: CentralPg, input: ParsedInput<'supervision.persons'>): Promise<{ rows: SupervisionPerson[]; total: number }> {
  const params: unknown[] = [];
  const where: string[] = [];
  const condition = (c: { sql: string; params: string[] }) => {
    let i = 0;
    where.push(c.sql.replace(/ escape '\\'/g, '').replace(/\?/g, () => {
      params.push(c.params[i++]);
      return `$${params.length}`;
    }));
  };
  if (input.search) {
    const plan = pgSearchPlan(input.search);
    if (plan) {
      params.push(plan.terms);
      where.push(`t.terms @> $${params.length}::text[]`);
      if (plan.exact) condition(plan.exact);
    } else condition(scanCondition(input.search));
  }
  if (input.station && input.station !== '全部') {
    params.push(input.station);
    where.push(`pr.supervision_station = $${params.length}`);
  }
  const filter = where.length > 0 ? `where ${where.join(' and ')}` : '';
  const from = `person_search_terms t join persons p on p.project_id = t.project_id and p.id = t.person_id
    join projects pr on pr.id = p.project_id join employers e on e.project_id = p.project_id and e.id = p.employer_id`;
  // Counting needs no join when the term array alone answers (no station, no check of the text), as
  // on SQLite: a common pinyin initial matches tens of thousands, each joined three times otherwise.
  const termsAlone = input.search !== '' && where.length === 1 && where[0]!.startsWith('t.terms');
  const total = Number((await store.pool.query<{ n: string }>(termsAlone ? `select count(*) as n from person_search_terms t ${filter}` : `select count(*) as n from ${from} ${filter}`, params)).rows[0]!.n);
  const n = params.length;
  // Newest first by seq, but found through the GIN index: "seq + 0" keeps the planner from walking
  // the seq index backwards and testing every row's terms, which for a name a few hundred people
  // share read tens of thousands of rows to fill a page (measured: 337 ms at 3×10⁵ persons). When the
  // terms alone decide, the page's 20 are picked from the term table first and only they are joined:
  // otherwise the planner, misjudging a common pinyin initial, scanned all persons (4 s at 10⁶).
  const page = termsAlone
    ? `(select * from person_search_terms t ${filter} order by t.seq + 0 desc limit $${n + 1} offset $${n + 2}) t
      join persons p on p.project_id = t.project_id and p.id = t.person_id
      join projects pr on pr.id = p.project_id join employers e on e.project_id = p.project_id and e.id = p.employer_id order by t.seq desc`
    : `${from} ${filter} order by t.seq + 0 desc limit $${n + 1} offset $${n + 2}`;
  const hits = await store.pool.query<PersonHit>(`
    select p.id, p.project_id as "projectId", p.name, p.id_number as "idNumber", p.category, p.state, p.pre_registered_on as "preRegisteredOn",
      e.name as "employerName", pr.contract_no as "contractNo", pr.name as "projectName", pr.supervision_station as "supervisionStation",
      (select x.entered_on from entries x where x.project_id = p.project_id and x.person_id = p.id and x.exited_on is null limit 1) as "enteredOn"
    from ${page}`, [...params, input.pageSize, (input.page - 1) * input.pageSize]);
  return { total, rows: hits.rows.map(supervisionPerson) };
}

/**
 * 详情 of one contract on PostgreSQL: its parts read here, put together by detailOf as on SQLite.
 * Text is ordered by code point (collate "C"), as SQLite orders it.
 */
export async function detailPg(store: CentralPg, projectId: string, today: string): Promise<SupervisionDetail> {
  const rows = async <T>(text: string, params: unknown[] = [projectId]) => (await store.pool.query<T & Record<string, unknown>>(text, params)).rows as T[];
  const [project] = await rows<SupervisionRow>(`select ${projectRow(2)} from projects where id = $1`, [projectId, `${today} 00:00:00`, `${addDays(today, 1)} 00:00:00`]);
  if (!project) throw new ApiError('NOT_FOUND', '未找到该合同');
  const parts: DetailParts = {
    project,
    today,
    employers: await rows(`select id, name, credit_code as "creditCode", participant_type as "participantType", contract_no as "contractNo",
      (select count(*) from persons p where p.project_id = e.project_id and p.employer_id = e.id)::int as persons
      from employers e where e.project_id = $1 order by name collate "C"`),
    openEntries: new Map((await rows<{ personId: string; enteredOn: string }>(`select person_id as "personId", entered_on as "enteredOn" from entries
      where project_id = $1 and exited_on is null`)).map((r) => [r.personId, r.enteredOn])),
    persons: await rows(`select p.id, p.name, p.id_number as "idNumber", p.category, p.phone, p.pre_registered_on as "preRegisteredOn", p.state, e.name as "employerName"
      from persons p join employers e on e.project_id = p.project_id and e.id = p.employer_id
      where p.project_id = $1 order by p.created_at collate "C" desc, p.id collate "C" desc limit $2`, [projectId, DETAIL_PERSONS]),
    checksToday: (await rows<{ personId: string; name: string; checkedAt: string; temperatureTenths: number; fever: boolean; symptoms: string }>(`
      select c.person_id as "personId", p.name, c.checked_at as "checkedAt", c.temperature_tenths::int as "temperatureTenths", c.fever, c.symptoms
      from health_checks c join persons p on p.project_id = c.project_id and p.id = c.person_id
      where c.project_id = $1 and c.checked_on = $2 order by c.checked_at collate "C"`, [projectId, today]))
      .map((c) => ({ ...c, symptoms: JSON.parse(c.symptoms) as string[] })),
    exited: (await rows<{ personId: string }>('select person_id as "personId" from entries where project_id = $1 and exited_on is not null')).map((r) => r.personId),
    disposed: await rows(`select p.id as "personId", p.name, p.state, d.started_at as "startedAt", d.method, coalesce(d.created_at, p.created_at) as "createdAt"
      from persons p left join lateral (select started_at, method, created_at from dispositions d where d.project_id = p.project_id and d.person_id = p.id
        order by created_at collate "C" desc, id collate "C" desc limit 1) d on true
      where p.project_id = $1 and p.state <> 'clear'`),
    // The installations that sent this contract: the first one, and those whose contract was merged into it.
    sources: (await rows<{ installationId: string; name: string; lastAppliedSeq: string; lastBundleAt: string | null }>(`
      select installation_id as "installationId", name, last_applied_seq as "lastAppliedSeq", last_bundle_at as "lastBundleAt" from sync_peers
      where installation_id in (select installation_id from sync_row_owners where table_name = 'projects' and row_id = $1
        union select installation_id from sync_id_aliases where table_name = 'projects' and central_id = $1)
      order by trusted_at collate "C"`)).map((r) => ({ ...r, lastAppliedSeq: Number(r.lastAppliedSeq) })),
  };
  return detailOf(parts);
}

/** 数据来源 of 同步接收 on PostgreSQL: the trusted sites and the bundles received, from the central database. */
export async function sourcesPg(s: Services, store: CentralPg): Promise<CommandOutput<'supervision.sources'>> {
  const peers = await listPeersPg(store.pool);
  const conflicts = await store.pool.query<{ id: string; n: number }>('select installation_id as id, count(*)::int as n from sync_conflicts group by installation_id');
  const received = await store.pool.query<Record<keyof ReceivedBundle, string>>(`
    select id, installation_id as "installationId", first_seq as "firstSeq", last_seq as "lastSeq", applied_from_seq as "appliedFromSeq",
      changes_applied as "changesApplied", conflicts, files, source, file_name as "fileName", applied_at as "appliedAt"
    from sync_applied_bundles order by applied_at collate "C" desc, id collate "C" desc limit $1`, [RECEIVED_LISTED]);
  return sourcesOf(s,
    peers.map(toPeerView),
    new Map(conflicts.rows.map((r) => [r.id, r.n])),
    received.rows.map((b) => ({
      ...b, source: b.source as ReceivedBundle['source'], firstSeq: Number(b.firstSeq), lastSeq: Number(b.lastSeq), appliedFromSeq: Number(b.appliedFromSeq),
      changesApplied: Number(b.changesApplied), conflicts: Number(b.conflicts), files: Number(b.files),
    })));
}
