// The central side of the benchmark. A supervision station's store filled as it is in the field:
// many sites, each an installation of its own made through the real services (初始化, 用人单位, its
// roster imported from a CSV file), whose bundles are exported, trusted and applied. Then 人员查询
// over all of it, and a large site's bundle applied beside the same rows written with raw inserts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openApp, type App } from '../node/app';
import { completeCreditCode } from '../common/credit-code';
import { computeCheckCharacter } from '../common/idnumber';
import { initCentral } from '../services/sync/central';
import { exportBundle } from '../services/sync/export';
import { importBundle } from '../services/sync/apply';
import { registrationOf, trustRegistration } from '../services/sync/identity';
import { planPersonSearch } from '../services/sync/person-search';
import { syncedTables } from '../services/sync/tables';
import { samplePerson, seededRandom } from './demo-people';
import { call, percentile, sample, signIn, timed, uniqueId, type Row } from './bench-support';
import type { Clock } from '../services/context';

export const SUPERVISOR = { idNumber: withCheck('31010119700101001'), name: '李监督', password: 'bench-password' };
const SITE_MANAGER = { idNumber: withCheck('11010519491231002'), name: '王建国', phone: '13800138000', password: 'bench-password' };
const DISTRICTS = ['黄浦区', '徐汇区', '长宁区', '静安区', '普陀区', '虹口区', '杨浦区', '闵行区', '宝山区', '嘉定区', '浦东新区', '金山区', '松江区', '青浦区', '奉贤区', '崇明区'];
const CONTRACTORS = ['上海建工集团股份有限公司', '中国建筑第八工程局有限公司', '上海宝冶集团有限公司', '江苏南通三建集团股份有限公司', '龙信建设集团有限公司'];

function withCheck(first17: string): string {
  return first17 + computeCheckCharacter(first17);
}

/** Person numbers of the central sites start here, apart from the large site's. */
const CENTRAL_ID_BASE = 2_000_000;

export interface CentralStore {
  app: App;
  dataDir: string;
  token: string;
  persons: number;
  /** The fragments 人员查询 is measured with: a surname, a given name, ID digits, pinyin initials. */
  searches: string[];
  /** Closes the store; its folder stays until the caller removes it. */
  close(): void;
}

/** A site's roster as the CSV an office would import: `count` people, the employer named. */
function rosterCsv(random: () => number, first: number, count: number, employer: string): string {
  const lines = ['身份证号,姓名,人员类别,出发地省份,出发地城市,用人单位,手机号'];
  for (let k = 0; k < count; k++) {
    const p = samplePerson(random, k);
    lines.push([uniqueId(first + k), p.name, k % 10 === 0 ? '现场管理人员' : '作业人员', p.origin.province, p.origin.city, employer, p.phone].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * A central data folder for the import measurement, trusted by the site (its bundle is sealed to
 * it) and trusting it; and a copy of the folder as it is now, with the same keys, on which the
 * central store of many sites is built later, so that it can open the same bundle.
 */
export function prepareCentral(site: App, log: (line: string) => void): { dataDir: string; twinDir: string } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-bench-import-'));
  const central = openApp(dataDir, { log });
  try {
    initCentral(central.services, SUPERVISOR);
    trustRegistration(central.services, registrationOf(site.services), '大型工地');
    trustRegistration(site.services, registrationOf(central.services), '中心系统');
  } finally {
    central.close();
  }
  const twinDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-bench-central-'));
  fs.cpSync(dataDir, twinDir, { recursive: true });
  return { dataDir, twinDir };
}

export interface BenchSite {
  app: App;
  /** Signs the 项目经理 in again and enters the project (sessions last 12 hours; a bench clock moves by days). */
  signIn(): Promise<string>;
  token: string;
  projectName: string;
}

/**
 * Site `i` of a central store: an installation of its own in `siteDir` (初始化, a 用人单位, its
 * roster of `persons` imported from a CSV file), open; `clock`: the clock its services run on.
 */
export async function openBenchSite(siteDir: string, i: number, persons: number, random: () => number, clock?: Clock): Promise<BenchSite> {
  const site = openApp(siteDir, { log: () => undefined, clock });
  try {
    const district = DISTRICTS[i % DISTRICTS.length]!;
    const project = {
      contractNo: `W2020${String(i + 1).padStart(9, '0')}`, buildNo: `2001${String(i + 1).padStart(6, '0')}`, name: `${district}第${i + 1}号地块项目`,
      generalContractor: CONTRACTORS[i % CONTRACTORS.length]!, contractorType: '施工企业' as const, supervisionStation: `${district}建设工程安全质量监督站`,
    };
    await call(site, 'setup.initialize', { project, manager: SITE_MANAGER }, null);
    const signInAgain = async () => {
      const fresh = await signIn(site, SITE_MANAGER.idNumber, SITE_MANAGER.password);
      const [entered] = await call(site, 'projects.list', {}, fresh);
      await call(site, 'projects.enter', { projectId: entered!.id }, fresh);
      return fresh;
    };
    const token = await signInAgain();
    const employer = await call(site, 'employers.create', {
      name: `上海${district}建筑劳务有限公司`, creditCode: completeCreditCode(`91310115MA1K${String(i).padStart(5, '0')}`), participantType: '006', contractNo: project.contractNo,
    }, token);
    const csv = rosterCsv(random, CENTRAL_ID_BASE + i * persons, persons, employer.name);
    const report = await call(site, 'persons.import', { fileName: '进场预登记名册.csv', dataBase64: Buffer.from(csv).toString('base64'), commit: true }, token);
    if (report.imported !== persons) throw new Error(`site ${i}: ${report.imported} of ${persons} imported: ${JSON.stringify(report.errors.slice(0, 3))}`);
    return { app: site, signIn: signInAgain, token, projectName: project.name };
  } catch (e) {
    site.close();
    throw e;
  }
}

/** `dataDir`: a central folder made already (prepareCentral's twin); a new one when absent. */
export async function buildCentral(sites: number, personsPerSite: number, log: (line: string) => void, prepared?: string): Promise<CentralStore> {
  const dataDir = prepared ?? fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-bench-central-'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-bench-sites-'));
  const app = openApp(dataDir, { log });
  if (!prepared) initCentral(app.services, SUPERVISOR);
  const random = seededRandom(2021);
  const started = performance.now();
  for (let i = 0; i < sites; i++) {
    const siteDir = path.join(work, `site-${i}`);
    const site = await openBenchSite(siteDir, i, personsPerSite, random);
    try {
      const file = path.join(work, `site-${i}.sobundle`);
      trustRegistration(site.app.services, registrationOf(app.services), '中心系统');
      await exportBundle(site.app.services, { outPath: file, channel: 'cli' });
      trustRegistration(app.services, registrationOf(site.app.services), site.projectName);
      importBundle(app.services, file, { source: 'cli' });
      fs.rmSync(file);
    } finally {
      site.app.close();
      fs.rmSync(siteDir, { recursive: true, force: true });
    }
    if ((i + 1) % 20 === 0 || i + 1 === sites) log(`  ${i + 1} sites in the central store (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  fs.rmSync(work, { recursive: true, force: true });
  const token = await signIn(app, SUPERVISOR.idNumber, SUPERVISOR.password);
  const persons = app.services.sqlite.prepare('select count(*) from persons').pluck().get() as number;
  return { app, dataDir, token, persons, searches: fragments(app.services.sqlite), close: () => app.close() };
}

/** The fragments an office types: a surname, a given name, the last four digits, a birth date, pinyin initials. */
function fragments(db: Database.Database): string[] {
  // 200 people spread over the whole store.
  const step = Math.max(1, Math.floor((db.prepare('select count(*) from persons').pluck().get() as number) / 200));
  const people = db.prepare('select name, id_number, pinyin_initials from persons where rowid % ? = 0 limit 200').all(step) as { name: string; id_number: string; pinyin_initials: string }[];
  return people.flatMap((p, i) => {
    const chars = [...p.name];
    const given = chars.slice(1).join('');
    return [[chars[0]!, given, p.id_number.slice(-4), p.id_number.slice(6, 14), p.pinyin_initials][i % 5]!];
  });
}

/** 人员查询 over the whole store through the service, the same SQL raw, and a LIKE over every row. */
export async function measureCentralSearch(store: CentralStore, iterations: number): Promise<Row[]> {
  const db = new Database(path.join(store.dataDir, 'siteoffice.sqlite'), { readonly: true });
  try {
    const texts = store.searches;
    const service = await sample(iterations, (i) => call(store.app, 'supervision.persons', { search: texts[i % texts.length]!, page: 1, pageSize: 20 }, store.token));
    // The same statements the service runs, prepared once: the index drives, newest first.
    const columns = `p.*, e.name as employer_name, pr.contract_no, pr.name as project_name, pr.supervision_station,
      (select n.entered_on from entries n where n.person_id = p.id and n.exited_on is null limit 1) as entered_on`;
    const joins = 'from person_search f join person_search_terms t on t.id = f.rowid join persons p on p.id = t.person_id join projects pr on pr.id = p.project_id join employers e on e.id = p.employer_id';
    const count = db.prepare('select count(*) from person_search where person_search match ?').pluck();
    const page = db.prepare(`select ${columns} ${joins} where person_search match ? order by f.rowid desc limit 20`);
    const raw = await sample(iterations, (i) => {
      const plan = planPersonSearch(texts[i % texts.length]!);
      if (plan.kind !== 'index') throw new Error(`benchmark fragment ${texts[i % texts.length]} is not one the index answers`);
      count.get(plan.match);
      page.all(plan.match);
    });
    // What a plain LIKE over every person costs (the site's own lists search that way, within one contract).
    const likeCount = { name: db.prepare("select count(*) from persons where name like ? escape '\\'").pluck(), id: db.prepare("select count(*) from persons where id_number like ? escape '\\'").pluck(), py: db.prepare('select count(*) from persons where pinyin_initials like ? or pinyin_full like ?').pluck() };
    const likePage = { name: db.prepare(`select * from persons where name like ? escape '\\' order by rowid desc limit 20`), id: db.prepare(`select * from persons where id_number like ? escape '\\' order by rowid desc limit 20`), py: db.prepare('select * from persons where pinyin_initials like ? or pinyin_full like ? order by rowid desc limit 20') };
    const scan = await sample(Math.min(iterations, 50), (i) => {
      const text = texts[i % texts.length]!;
      const kind = /^\d/.test(text) ? 'id' : /^[a-z]/i.test(text) ? 'py' : 'name';
      const params = kind === 'py' ? [`${text}%`, `${text}%`] : [`%${text}%`];
      likeCount[kind].get(...params);
      likePage[kind].all(...params);
    });
    return [
      {
        operation: `人员查询 (姓名/身份证片段/拼音首字母), 中心库 ${store.persons.toLocaleString('en')} 人`, target: 'p95 ≤ 30 ms',
        p50: percentile(service, 50), p95: percentile(service, 95), raw: percentile(raw, 95), unit: 'ms',
      },
      { operation: '  同上, 不用索引: LIKE 扫描全部人员 (对照)', target: '—', p50: percentile(scan, 50), p95: percentile(scan, 95), unit: 'ms' },
    ];
  } finally {
    db.close();
  }
}

type SqlValue = string | number | null;

/**
 * The rows of a raw JSON dump of the outbox (one change per line, as `select * from changes`
 * gives it) written into an empty store with prepared INSERTs (and UPDATEs for the changes that
 * are updates) in one transaction: what a bundle's import is measured against. Timed are the
 * statements and the commit alone, SQLite's own share; reading and parsing the dump are not.
 */
async function rawApply(dumpFile: string, db: Database.Database): Promise<{ rows: number; sqliteMs: number }> {
  // One statement per table, operation and set of columns (an update carries only what changed).
  const statements = new Map<string, Database.Statement>();
  const statement = (table: string, op: string, properties: string[]) => {
    const key = `${table}\u0000${op}\u0000${properties.join(',')}`;
    let s = statements.get(key);
    if (!s) {
      const spec = syncedTables.get(table as never);
      if (!spec) throw new Error(`unknown table ${table}`);
      const names = properties.map((p) => `"${spec.columns.get(p)!.sqlName}"`);
      const pk = `"${spec.columns.get(spec.primaryKey)!.sqlName}"`;
      s = op === 'update'
        ? db.prepare(`update "${spec.sqlName}" set ${names.map((n) => `${n} = ?`).join(', ')} where ${pk} = ?`)
        : db.prepare(`insert into "${spec.sqlName}" (${names.join(', ')}) values (${names.map(() => '?').join(', ')})`);
      statements.set(key, s);
    }
    return s;
  };
  const toSql = (v: unknown): SqlValue => (v === null ? null : typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'object' ? JSON.stringify(v) : (v as string | number));
  let rows = 0;
  let sqliteMs = 0;
  db.exec('begin immediate');
  try {
    for await (const line of readline.createInterface({ input: fs.createReadStream(dumpFile), crlfDelay: Infinity })) {
      if (!line) continue;
      const change = JSON.parse(line) as { table_name: string; row_id: string; op: string; data: string };
      const data = JSON.parse(change.data) as Record<string, unknown>;
      const properties = Object.keys(data);
      const values = properties.map((p) => toSql(data[p]));
      const s = change.op === 'update' ? statement(change.table_name, 'update', properties) : statement(change.table_name, 'insert', properties);
      const started = performance.now();
      if (change.op === 'update') s.run(...values, change.row_id);
      else s.run(...values);
      sqliteMs += performance.now() - started;
      rows++;
    }
    sqliteMs += await timed(() => db.exec('commit'));
  } catch (e) {
    db.exec('rollback');
    throw e;
  }
  return { rows, sqliteMs };
}

/** A site's whole bundle applied to an empty central store (prepareCentral's), beside the same rows inserted raw. */
export async function measureBundleImport(centralDir: string, bundleFile: string, dumpFile: string, log: (line: string) => void): Promise<Row> {
  const rawDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-bench-raw-'));
  try {
    const central = openApp(centralDir, { log });
    let applied = 0;
    let importMs = 0;
    try {
      importMs = await timed(() => {
        applied = importBundle(central.services, bundleFile, { source: 'cli' }).applied;
      });
    } finally {
      central.close();
    }
    // The raw side gets the same schema and the same durability: an app store, written directly.
    const empty = openApp(rawDir, { log });
    let raw = { rows: 0, sqliteMs: 0 };
    let wholeMs = 0;
    try {
      wholeMs = await timed(async () => {
        raw = await rawApply(dumpFile, empty.services.sqlite);
      });
    } finally {
      empty.close();
    }
    log(`  raw inserts of the ${raw.rows} dumped rows: ${(raw.sqliteMs / 1000).toFixed(2)} s in SQLite, ${(wholeMs / 1000).toFixed(2)} s with reading and parsing the dump`);
    if (raw.rows !== applied) log(`  note: the import applied ${applied} changes, the raw inserts wrote ${raw.rows}`);
    return { operation: `同步包导入中心库 ${applied.toLocaleString('en')} 条变更`, target: '≤ 3× 原始预编译插入', total: importMs / 1000, raw: raw.sqliteMs / 1000, unit: 's' };
  } finally {
    fs.rmSync(centralDir, { recursive: true, force: true });
    fs.rmSync(rawDir, { recursive: true, force: true });
  }
}
