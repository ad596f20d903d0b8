// 实名制作业人员信息查询 (supervision.ts) on the central store in PostgreSQL: the same columns,
// filters and counts per contract (standard SQL, the same correlated counts), read from the
// central database. Written in SQL text: the mirrored tables of db/central-pg/schema.ts are built
// from the site's, so their columns have no static types for drizzle's query builder.
import type { ParsedInput } from '../../../common/contract';
import type { SupervisionPerson, SupervisionRow } from '../../../common/contract-sync';
import { pgSearchPlan, scanCondition } from '../person-search';
import { supervisionPerson, type PersonHit } from '../supervision';
import { addDays } from '../../../common/site-time';
import type { CentralPg } from './store';

export async function stationsPg(store: CentralPg): Promise<string[]> {
  const r = await store.pool.query<{ station: string }>('select distinct supervision_station as station from projects order by 1');
  return r.rows.map((row) => row.station);
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
    select id as "projectId", contract_no as "contractNo", build_no as "buildNo", name, general_contractor as "generalContractor",
      contractor_type as "contractorType", supervision_station as "supervisionStation",
      (select count(*) from employers e where e.project_id = projects.id)::int as employers,
      (select count(*) from persons p where p.project_id = projects.id)::int as "preRegistered",
      (select count(distinct x.person_id) from entries x where x.project_id = projects.id and x.exited_on is null)::int as "onSite",
      (select count(distinct x.person_id) from entries x where x.project_id = projects.id)::int as entered,
      (select count(distinct a.worker_id) from attendance_punches a where a.project_id = projects.id and a.direction = 'in'
        and a.worker_id is not null and a.punched_at >= $${n + 1} and a.punched_at < $${n + 2})::int as "attendanceToday"
    from projects ${filter} order by contract_no limit $${n + 3} offset $${n + 4}`,
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
  const total = Number((await store.pool.query<{ n: string }>(`select count(*) as n from ${from} ${filter}`, params)).rows[0]!.n);
  const n = params.length;
  const hits = await store.pool.query<PersonHit>(`
    select p.id, p.project_id as "projectId", p.name, p.id_number as "idNumber", p.category, p.state, p.pre_registered_on as "preRegisteredOn",
      e.name as "employerName", pr.contract_no as "contractNo", pr.name as "projectName", pr.supervision_station as "supervisionStation",
      (select x.entered_on from entries x where x.project_id = p.project_id and x.person_id = p.id and x.exited_on is null limit 1) as "enteredOn"
    from ${from} ${filter} order by t.seq desc limit $${n + 1} offset $${n + 2}`, [...params, input.pageSize, (input.page - 1) * input.pageSize]);
  return { total, rows: hits.rows.map(supervisionPerson) };
}
