// The central side on PostgreSQL (issue 20, central.md "Measure it"), on a private cluster this run
// starts (node/pg-cluster.ts). Many sites, each an installation of its own built through the real
// services (roster, 进场, mornings of health checks), push their signed bundles over HTTP at the same
// moment to `serve --central --database …` in a process of its own; beside it, in the same run, the
// same rows loaded raw (per site: a temporary table, COPY, one upsert per table); then 人员查询 over
// 10⁶ persons bulk-loaded with their search terms, through the same command the window calls.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { openApp } from '../node/app';
import { createDatabase, startPgCluster } from '../node/pg-cluster';
import { siteDateTime } from '../common/time';
import { newId } from '../services/ids';
import { pinyinKeys } from '../services/pre-registration';
import { initCentral } from '../services/sync/central';
import { trustRegistrationPg } from '../services/sync/central-pg/peers';
import { inTransaction, openCentralPg, type CentralPg } from '../services/sync/central-pg/store';
import { registrationOf, requireRole, trustRegistration } from '../services/sync/identity';
import { pgSearchTerms } from '../services/sync/person-search';
import { listPushes, processDuePushes, queuePush } from '../services/sync/push';
import { syncedTables } from '../services/sync/tables';
import { openBenchSite, SUPERVISOR, type BenchSite } from './bench-central';
import { serveProcess } from './bench-process';
import { BenchClock, call, percentile, sample, timed, uniqueId, type Row } from './bench-support';
import { samplePerson, seededRandom } from './demo-people';

export interface CentralPgBenchOptions {
  sites: number;
  sitePersons: number;
  /** Mornings of health checks each site records before it pushes. */
  days: number;
  /** Persons 人员查询 is measured over (bulk-loaded beside the sites' own). */
  persons: number;
  iterations: number;
  log: (line: string) => void;
}

export const defaultCentralPgBenchOptions = { sites: 32, sitePersons: 500, days: 10, persons: 1_000_000 };

/** A bulk-loaded person whose sample ID number is taken gets uniqueId(this + n + k × count), the first one free. */
const BULK_ID_BASE = 5_000_000;
/** The server's memory for this run: the loads and the GIN index build are not starved, checkpoints do not interrupt a load. */
const SERVER_SETTINGS = {
  shared_buffers: '256MB', maintenance_work_mem: '256MB', max_wal_size: '4GB',
  // The plan of any statement slower than 200 ms goes to the server's log (estimated, not timed: no overhead), printed at the end.
  session_preload_libraries: 'auto_explain', 'auto_explain.log_min_duration': '200ms',
};

interface PushingSite extends BenchSite {
  dir: string;
  token: string;
}

/** A site with its roster entered and `days` mornings of health checks, trusting the central system and trusted by it. */
async function buildSite(work: string, i: number, options: CentralPgBenchOptions, random: () => number): Promise<PushingSite> {
  const dir = path.join(work, `site-${i}`);
  const clock = new BenchClock();
  const site = await openBenchSite(dir, i, options.sitePersons, random, clock);
  const { app } = site;
  let token = site.token;
  // No isolation period holds anyone back at the gate (the clock is in 2020).
  await call(app, 'settings.save', { isolationRules: [] }, token);
  const people = app.services.sqlite.prepare('select id, employer_id as employerId from persons').all() as { id: string; employerId: string }[];
  const day0 = siteDateTime(clock.now()).slice(0, 10);
  for (const [k, p] of people.entries()) await call(app, 'entries.enter', { personId: p.id, employerId: p.employerId, workType: '020', team: `班组${k % 10}`, enteredOn: day0 }, token);
  for (let d = 0; d < options.days; d++) {
    clock.current = new Date(Date.UTC(2020, 1, 1, 0, 30) + d * 86400000);
    if (d > 0) token = await site.signIn();
    await call(app, 'health.batchSave', {
      checkedAt: siteDateTime(clock.now()),
      rows: people.map((p, k) => ({ personId: p.id, temperature: 36 + ((k + d) % 9) / 10, symptoms: ['无上述异常症状'] })),
    }, token);
  }
  return { ...site, dir, token };
}

/** The COPY text of a query's rows, and how many rows it is. */
async function copyOut(client: pg.PoolClient, query: string): Promise<{ text: Buffer; rows: number }> {
  const chunks: Buffer[] = [];
  for await (const chunk of client.query(copyTo(`copy (${query}) to stdout`))) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks);
  let rows = 0;
  for (const byte of text) if (byte === 10) rows++;
  return { text, rows };
}

/** A COPY … FROM STDIN being written: write() waits while PostgreSQL catches up, end() until it has taken everything. */
function copyIn(client: pg.PoolClient, statement: string): { write(text: string | Buffer): Promise<void>; end(): Promise<void> } {
  const stream = client.query(copyFrom(statement));
  return {
    async write(text) {
      if (!stream.write(text)) await once(stream, 'drain');
    },
    async end() {
      stream.end();
      await finished(stream);
    },
  };
}

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

interface SiteTable {
  table: string;
  /** Primary key columns, then the others. */
  key: string[];
  others: string[];
  /** How a site's rows are chosen: its project's id is the key's first column (projects: the id). */
  column: string;
}

/** The synced tables the central database has, with their keys and columns, read from the catalogue. */
async function siteTables(store: CentralPg, log: (line: string) => void): Promise<SiteTable[]> {
  const names = [...syncedTables.values()].map((spec) => spec.sqlName);
  const columns = await store.pool.query<{ table: string; columns: string[] }>(`select table_name as table, array_agg(column_name::text order by ordinal_position) as columns
    from information_schema.columns where table_schema = 'public' and table_name = any($1) group by table_name`, [names]);
  const keys = await store.pool.query<{ table: string; key: string[] }>(`select c.relname as table, array_agg(a.attname::text order by k.n) as key
    from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace s on s.oid = c.relnamespace
    cross join lateral unnest(i.indkey) with ordinality as k(attnum, n) join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
    where i.indisprimary and s.nspname = 'public' and c.relname = any($1) group by c.relname`, [names]);
  const keyOf = new Map(keys.rows.map((r) => [r.table, r.key]));
  const out: SiteTable[] = [];
  for (const { table, columns: all } of columns.rows) {
    const key = keyOf.get(table) ?? [];
    const column = table === 'projects' ? 'id' : all.includes('project_id') ? 'project_id' : null;
    if (!column || key.length === 0) {
      log(`  raw baseline: ${table} left out (no project column or key)`);
      continue;
    }
    out.push({ table, key, others: all.filter((c) => !key.includes(c)), column });
  }
  return out;
}

/** The baseline: each site's rows (as the central database holds them) loaded into an empty database of the same schema, per site in one transaction. */
async function rawLoad(target: CentralPg, tables: SiteTable[], dumps: Map<string, Buffer>[]): Promise<number> {
  return timed(() => Promise.all(dumps.map((dump) => inTransaction(target.pool, async (client) => {
    for (const t of tables) {
      const text = dump.get(t.table);
      if (!text) continue;
      const temp = `raw_${t.table}`;
      await client.query(`create temporary table "${temp}" (like "${t.table}" including defaults) on commit drop`);
      const copy = copyIn(client, `copy "${temp}" from stdin`);
      await copy.write(text);
      await copy.end();
      const set = t.others.map((c) => `"${c}" = excluded."${c}"`).join(', ');
      await client.query(`insert into "${t.table}" select * from "${temp}"
        on conflict (${t.key.map((c) => `"${c}"`).join(', ')}) do ${set ? `update set ${set}` : 'nothing'}`);
    }
  }))));
}

interface Fragments {
  names: string[];
  initials: string[];
  idNumbers: string[];
}

/**
 * `count` persons spread over the employers the sites pushed, with their search terms (as the
 * executor computes them), by COPY; the two tables' indexes other than the keys are dropped for the
 * load and made again from their own definitions; then ANALYZE. Resolves to the fragments to search for.
 */
async function bulkPersons(store: CentralPg, count: number, samples: number, log: (line: string) => void): Promise<Fragments> {
  const employers = (await store.pool.query<{ projectId: string; id: string }>('select project_id as "projectId", id from employers order by project_id, id')).rows;
  const template = (await store.pool.query<Record<string, string>>('select * from persons limit 1')).rows[0];
  if (employers.length === 0 || !template) throw new Error('central-pg: no pushed persons to load beside');
  const indexes = (await store.pool.query<{ name: string; definition: string }>(`select indexname as name, indexdef as definition from pg_indexes
    where schemaname = 'public' and tablename in ('persons', 'person_search_terms') and indexname not in (select conname from pg_constraint where contype = 'p')`)).rows;
  for (const i of indexes) await store.pool.query(`drop index "${i.name}"`);
  const persons = await store.pool.connect();
  const terms = await store.pool.connect();
  const started = performance.now();
  const fragments: Fragments = { names: [], initials: [], idNumbers: [] };
  try {
    const personColumns = ['id', 'project_id', 'category', 'id_number', 'name', 'sex', 'birth_date', 'phone', 'origin_province_code', 'origin_province', 'origin_city_code', 'origin_city',
      'employer_id', 'pinyin_initials', 'pinyin_full', 'pre_registered_on', 'state', 'created_at', 'created_by'];
    const personsCopy = copyIn(persons, `copy persons (${personColumns.join(', ')}) from stdin`);
    const termsCopy = copyIn(terms, 'copy person_search_terms (project_id, person_id, terms) from stdin');
    const keys = new Map<string, { initials: string; full: string }>();
    const taken = new Set((await store.pool.query<{ id: string }>('select id_number as id from persons')).rows.map((r) => r.id));
    const random = seededRandom(2026);
    const every = Math.max(1, Math.floor(count / samples));
    const BATCH = 5000;
    for (let first = 0; first < count; first += BATCH) {
      const personLines: string[] = [];
      const termLines: string[] = [];
      for (let n = first; n < Math.min(count, first + BATCH); n++) {
        const p = samplePerson(random, n);
        const employer = employers[n % employers.length]!;
        // The sample's own number (a random birth date), unless a person has it already (one of the sites', or loaded before).
        let idNumber = p.idNumber;
        for (let next = BULK_ID_BASE + n; taken.has(idNumber); next += count) idNumber = uniqueId(next);
        taken.add(idNumber);
        let py = keys.get(p.name);
        if (!py) keys.set(p.name, (py = pinyinKeys(p.name)));
        const id = newId();
        const birth = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
        personLines.push([id, employer.projectId, 'worker', idNumber, p.name, Number(idNumber[16]) % 2 === 1 ? '男' : '女', birth, p.phone, template.origin_province_code,
          template.origin_province, template.origin_city_code, template.origin_city, employer.id, py.initials, py.full, template.pre_registered_on, 'clear', template.created_at, template.created_by].join('\t'));
        const t = pgSearchTerms({ name: p.name, idNumber, pinyinInitials: py.initials, pinyinFull: py.full });
        termLines.push(`${employer.projectId}\t${id}\t{${t.map((x) => `"${x}"`).join(',')}}`);
        if (n % every === 0) {
          const chars = [...p.name];
          const k = fragments.names.length + fragments.initials.length + fragments.idNumbers.length;
          if (chars.length >= 2) fragments.names.push(chars.slice(0, 2).join(''));
          fragments.initials.push(py.initials);
          fragments.idNumbers.push(k % 2 === 0 ? idNumber.slice(-4) : idNumber.slice(6, 14));
        }
      }
      await Promise.all([personsCopy.write(`${personLines.join('\n')}\n`), termsCopy.write(`${termLines.join('\n')}\n`)]);
      if ((first + BATCH) % 200_000 === 0) log(`  ${(first + BATCH).toLocaleString('en')} persons copied (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
    await Promise.all([personsCopy.end(), termsCopy.end()]);
    log(`  ${count.toLocaleString('en')} persons and their search terms copied in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    persons.release();
    terms.release();
  }
  const indexed = performance.now();
  const client = await store.pool.connect();
  try {
    await client.query("set maintenance_work_mem = '256MB'");
    for (const i of indexes) await client.query(i.definition);
    // Every table: autovacuum would get there in time; without statistics on employers the planner
    // takes its join with 10⁶ persons for a few hundred rows and probes the terms person by person.
    await client.query('analyze');
  } finally {
    client.release();
  }
  log(`  ${indexes.length} indexes made again and analysed in ${((performance.now() - indexed) / 1000).toFixed(1)} s`);
  return fragments;
}

export async function runCentralPgBench(options: CentralPgBenchOptions): Promise<Row[]> {
  const { log } = options;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-bench-pg-'));
  const cluster = await startPgCluster(SERVER_SETTINGS);
  const sites: PushingSite[] = [];
  const stores: CentralPg[] = [];
  let served: Awaited<ReturnType<typeof serveProcess>> | null = null;
  try {
    const centralUrl = await createDatabase(cluster, 'central');
    const rawUrl = await createDatabase(cluster, 'raw');
    // The central system: its own folder (keys, 监督管理人员), the site data in PostgreSQL.
    const centralDir = path.join(work, 'central');
    const central = openApp(centralDir, { log });
    let store: CentralPg;
    try {
      initCentral(central.services, SUPERVISOR);
      const centralId = requireRole(central.services, 'central').installationId;
      store = await openCentralPg(centralUrl, centralId);
      stores.push(store);
      stores.push(await openCentralPg(rawUrl, centralId));
      log(`central-pg: ${options.sites} sites × ${options.sitePersons} persons, ${options.days} mornings each, on PostgreSQL…`);
      const random = seededRandom(2020);
      const started = performance.now();
      for (let i = 0; i < options.sites; i++) {
        const site = await buildSite(work, i, options, random);
        sites.push(site);
        trustRegistration(site.app.services, registrationOf(central.services), '中心系统');
        await trustRegistrationPg(central.services, store, registrationOf(site.app.services), site.projectName);
        if ((i + 1) % 8 === 0 || i + 1 === options.sites) log(`  ${i + 1} sites built (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      }
    } finally {
      central.close();
    }
    const raw = stores[1]!;

    // Every site's bundle, exported and queued first; then all of them sent at once.
    served = await serveProcess(centralDir, ['--central', '--database', centralUrl]);
    for (const site of sites) {
      await call(site.app, 'sync.saveSettings', { centralUrl: served.url }, site.token);
      await queuePush(site.app.services);
    }
    log(`  pushing ${sites.length} bundles at once to serve --central --database…`);
    const pushMs = await timed(() => Promise.all(sites.map((site) => processDuePushes(site.app.services, { timeoutMs: 600_000 }))));
    const centralPeak = served.peakMb();
    log(`  central process peak RSS after the pushes: ${centralPeak?.toFixed(0) ?? '—'} MB`);
    let changes = 0;
    for (const site of sites) {
      const [push] = listPushes(site.app.services, 1);
      if (push?.status !== 'acked') throw new Error(`central-pg: ${site.projectName}'s push ended ${push?.status}: ${push?.lastError}`);
      changes += push.changes;
    }

    // The same rows, as the central database now holds them, loaded raw into the empty twin database.
    const tables = await siteTables(store, log);
    const dumps: Map<string, Buffer>[] = [];
    let rows = 0;
    const dumper = await store.pool.connect();
    try {
      for (const site of sites) {
        const contract = site.app.services.sqlite.prepare('select contract_no from projects').pluck().get() as string;
        const projectId = (await dumper.query<{ id: string }>('select id from projects where contract_no = $1', [contract])).rows[0]!.id;
        const dump = new Map<string, Buffer>();
        for (const t of tables) {
          const out = await copyOut(dumper, `select * from "${t.table}" where "${t.column}" = ${literal(projectId)}`);
          if (out.rows > 0) dump.set(t.table, out.text);
          rows += out.rows;
        }
        dumps.push(dump);
      }
    } finally {
      dumper.release();
    }
    const rawMs = await rawLoad(raw, tables, dumps);
    const pushRate = rows / (pushMs / 1000);
    const rawRate = rows / (rawMs / 1000);
    log(`  ${sites.length} bundles (${changes.toLocaleString('en')} changes, ${rows.toLocaleString('en')} rows) in ${(pushMs / 1000).toFixed(2)} s; raw COPY+upsert of the same rows ${(rawMs / 1000).toFixed(2)} s`);
    const result: Row[] = [
      {
        operation: `中心库 PostgreSQL: ${sites.length} 个工地同时推送同步包 (HTTP, ${rows.toLocaleString('en')} 行), ${(sites.length / (pushMs / 1000)).toFixed(1)} 包/秒, ${Math.round(pushRate).toLocaleString('en')} 行/秒`,
        target: '≥ 50% 原始 COPY+upsert', total: pushMs / 1000, raw: rawMs / 1000, unit: 's',
        note: `原始: ${Math.round(rawRate).toLocaleString('en')} 行/秒, 推送达到 ${Math.round((pushRate / rawRate) * 100)}%`,
      },
      centralPeak === null
        ? { operation: '  同上, 中心进程峰值内存 (serve --central --database)', target: '—', unit: 'MB', note: '未测: 无 /proc' }
        : { operation: '  同上, 中心进程峰值内存 (serve --central --database)', target: '—', total: centralPeak, unit: 'MB' },
    ];
    for (const site of sites.splice(0)) {
      site.app.close();
      fs.rmSync(site.dir, { recursive: true, force: true });
    }

    // 人员查询 over the sites' persons and `persons` more, through the served process as the window asks it.
    log(`  loading ${options.persons.toLocaleString('en')} persons for 人员查询…`);
    const WARM_UP = 20;
    const fragments = await bulkPersons(store, options.persons, options.iterations + WARM_UP, log);
    const total = Number((await store.pool.query<{ n: string }>('select count(*) as n from persons')).rows[0]!.n);
    await served.call('auth.signIn', { idNumber: SUPERVISOR.idNumber, password: SUPERVISOR.password });
    const search = (texts: string[]) => (i: number) => served!.call('supervision.persons', { search: texts[i % texts.length]!, page: 1, pageSize: 20 });
    // Each kind's last fragments warm the server up, not counted; the others are measured, each once.
    for (const texts of [fragments.names, fragments.initials, fragments.idNumbers]) await sample(WARM_UP, search(texts.slice(-WARM_UP)));
    for (const [label, all] of [['两个汉字', fragments.names], ['拼音首字母', fragments.initials], ['身份证号片段', fragments.idNumbers]] as const) {
      const texts = all.slice(0, -WARM_UP);
      const samples = await sample(options.iterations, search(texts));
      const slowest = samples.map((ms, i) => ({ ms, text: texts[i % texts.length]! })).sort((a, b) => b.ms - a.ms).slice(0, 3);
      log(`  ${label}: p50 ${percentile(samples, 50).toFixed(1)} ms, p95 ${percentile(samples, 95).toFixed(1)} ms; slowest ${slowest.map((x) => `${x.text} ${x.ms.toFixed(1)} ms`).join(', ')}`);
      result.push({ operation: `人员查询 (PostgreSQL, ${total.toLocaleString('en')} 人, HTTP): ${label}`, target: 'p95 ≤ 20 ms', p50: percentile(samples, 50), p95: percentile(samples, 95), unit: 'ms' });
    }
    // The slowest 人员查询 statement's plan, as the server chose it.
    const duration = (entry: string) => Number(/duration: ([\d.]+) ms\s+plan:/.exec(entry)?.[1] ?? NaN);
    const plans = cluster.log().split(/\n(?=\S)/).filter((entry) => !Number.isNaN(duration(entry)) && entry.includes('person_search_terms t'));
    const slowest = plans.sort((a, b) => duration(b) - duration(a))[0];
    if (slowest) log(`  ${plans.length} 人员查询 statements took over 200 ms; the slowest one's plan:\n${slowest.slice(0, 6000)}`);
    return result;
  } finally {
    await served?.stop();
    for (const site of sites) site.app.close();
    for (const store of stores) await store.close();
    cluster.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
