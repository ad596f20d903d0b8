// `siteoffice bench` (npm run bench): builds its own data in a temporary folder through the real
// services, then times each operation the issue names, beside the same work done with raw
// better-sqlite3 prepared statements in the same run, and prints one table.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openApp, appRoot, rendererDir, type App } from '../node/app';
import { createWebServer, listen } from '../server/http';
import { ApiError } from '../common/errors';
import type { CommandName } from '../common/contract';
import { siteDateTime } from '../common/time';
import { completeCreditCode } from '../common/credit-code';
import { samplePerson, seededRandom } from './demo-people';
import { writeXlsx } from '../services/tabular';
import { exportBundle } from '../services/sync/export';
import { registrationOf, trustRegistration } from '../services/sync/identity';
import { buildCentral, measureBundleImport, measureCentralSearch, prepareCentral, SUPERVISOR } from './bench-central';
import { centralDay, serveProcess, siteDay } from './bench-process';
import { BenchClock, call, memory, percentile, sample, uniqueId, type Row } from './bench-support';
import { defaultLabourBenchOptions, runLabourBench, type LabourBenchOptions } from './bench-labour';
import { defaultPlatformBenchOptions, runPlatformBench, type PlatformBenchOptions } from './bench-platform';
import { defaultCentralPgBenchOptions, runCentralPgBench, type CentralPgBenchOptions } from './bench-central-pg';
import { pgInstalled } from '../node/pg-cluster';

export interface BenchOptions {
  persons: number;
  family: number;
  days: number;
  centralSites: number;
  centralPersons: number;
  /** The site's outbox is brought to at least this many changes (more mornings) before its bundle is made. */
  changes: number;
  iterations: number;
  /** The labour rows (bench-labour.ts); `only: 'labour'` runs them alone. */
  labour: Omit<LabourBenchOptions, 'log'>;
  /** The 上报 row (bench-platform.ts); `only: 'platform'` runs it alone. */
  platform: Omit<PlatformBenchOptions, 'log'>;
  /** The central store on PostgreSQL (bench-central-pg.ts); `only: 'central-pg'` runs it alone. */
  centralPg: Omit<CentralPgBenchOptions, 'log' | 'iterations'>;
  only?: 'labour' | 'platform' | 'central-pg';
  log: (line: string) => void;
}

export const defaultBenchOptions: Omit<BenchOptions, 'log'> = {
  persons: 5000,
  family: 1000,
  days: 180,
  centralSites: 200,
  centralPersons: 1000,
  changes: 1_000_000,
  iterations: 200,
  labour: defaultLabourBenchOptions,
  platform: defaultPlatformBenchOptions,
  centralPg: defaultCentralPgBenchOptions,
};

const MANAGER = { idNumber: '11010519491231002X', name: '王建国', phone: '13800138000', password: 'bench-password' };
const PROJECT = {
  contractNo: 'W2019010100011', buildNo: '1902HK0001', name: '测试4444', generalContractor: '上海建工集团股份有限公司',
  contractorType: '施工企业' as const, supervisionStation: '黄浦区建设工程安全质量监督站',
};

interface Site {
  app: App;
  clock: BenchClock;
  /** Signs in again (sessions last 12 hours, and the benchmark's clock moves by days). */
  signIn(): Promise<string>;
  dataDir: string;
  projectId: string;
  employerIds: string[];
  personIds: string[];
}

/** The large site: persons, family, half a year of mornings, entries, exits and dispositions. */
async function buildSite(options: BenchOptions): Promise<Site> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-bench-'));
  const clock = new BenchClock();
  const app = openApp(dataDir, { clock, log: options.log });
  await call(app, 'setup.initialize', { project: PROJECT, manager: MANAGER }, null);
  const signIn = async () => {
    const outcome = await app.dispatch('auth.signIn', { idNumber: MANAGER.idNumber, password: MANAGER.password }, null);
    if (!outcome.result.ok) throw ApiError.fromBody(outcome.result.error);
    const fresh = outcome.token!;
    const [first] = await call(app, 'projects.list', {}, fresh);
    await call(app, 'projects.enter', { projectId: first!.id }, fresh);
    return fresh;
  };
  let token = await signIn();
  const [project] = await call(app, 'projects.list', {}, token);
  // Half a year after 2020-02: no isolation period holds anyone back at the gate.
  await call(app, 'settings.save', { isolationRules: [] }, token);
  const employerIds: string[] = [];
  for (let i = 0; i < 20; i++) {
    const e = await call(app, 'employers.create', {
      name: `上海第${i + 1}建筑劳务有限公司`, creditCode: completeCreditCode(`91310115MA1K${String(i).padStart(5, '0')}`), participantType: '006', contractNo: `W20190101${String(i).padStart(5, '0')}`,
    }, token);
    employerIds.push(e.id);
  }
  const random = seededRandom(2020);
  const started = performance.now();
  const personIds: string[] = [];
  for (let i = 0; i < options.persons; i++) {
    const p = samplePerson(random, i * 2 + 1);
    // Unique numbers beyond the 3-digit sequence: vary the birth day deterministically.
    const person = await call(app, 'persons.create', {
      category: i % 10 === 0 ? 'manager' : 'worker', idNumber: uniqueId(i), name: p.name,
      origin: { provinceCode: p.origin.province, cityCode: p.origin.city }, employerId: employerIds[i % employerIds.length]!, phone: p.phone, useHealthCloud: false,
    }, token);
    personIds.push(person.id);
  }
  for (let i = 0; i < options.family; i++) {
    const p = samplePerson(random, i);
    await call(app, 'family.create', {
      personId: personIds[i % personIds.length]!, idNumber: uniqueId(options.persons + i), name: p.name, phone: p.phone,
      origin: { provinceCode: p.origin.province, cityCode: p.origin.city }, useHealthCloud: false,
    }, token);
  }
  options.log(`  ${options.persons} persons and ${options.family} family members in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  // Most people enter on the first morning; a few leave later; a few are isolated.
  const day0 = siteDateTime(clock.now()).slice(0, 10);
  for (let i = 0; i < personIds.length; i++) {
    if (i % 20 === 19) continue;
    await call(app, 'entries.enter', { personId: personIds[i]!, employerId: employerIds[i % employerIds.length]!, workType: '020', team: `班组${i % 50}`, enteredOn: day0 }, token);
  }
  const healthStarted = performance.now();
  for (let d = 0; d < options.days; d++) {
    clock.current = new Date(Date.UTC(2020, 1, 1, 0, 30) + d * 86400000);
    if (d > 0) token = await signIn();
    const at = siteDateTime(clock.now());
    await call(app, 'health.batchSave', {
      checkedAt: at,
      rows: personIds.map((id, i) => ({ personId: id, temperature: 36 + ((i + d) % 9) / 10, symptoms: ['无上述异常症状'] })),
    }, token);
    if (d % 30 === 29) options.log(`  ${d + 1} days of health checks (${((performance.now() - healthStarted) / 1000).toFixed(1)} s)`);
  }
  for (let i = 0; i < Math.min(50, Math.ceil(personIds.length / 7)); i++) {
    await call(app, 'dispositions.set', { personId: personIds[i * 7]!, state: 'isolate', startedAt: siteDateTime(clock.now()), method: '居家隔离' }, token);
  }
  return { app, clock, signIn, dataDir, projectId: project!.id, employerIds, personIds };
}

/** A 进场预登记名册 of 5,000 new people as an office would fill the template. */
function rosterXlsx(random: () => number, firstId: number): Promise<Buffer> {
  const roster = Array.from({ length: 5000 }, (_, i) => {
    const p = samplePerson(random, i);
    return { idNumber: uniqueId(firstId + i), name: p.name, category: '作业人员', province: '江苏省', city: '苏州市', employer: '上海第1建筑劳务有限公司', phone: p.phone };
  });
  return writeXlsx('进场预登记', [
    { key: 'idNumber', label: '身份证号' }, { key: 'name', label: '姓名' }, { key: 'category', label: '人员类别' },
    { key: 'province', label: '出发地省份' }, { key: 'city', label: '出发地城市' }, { key: 'employer', label: '用人单位' }, { key: 'phone', label: '手机号' },
  ], roster);
}

function fmt(n: number | undefined, unit: Row['unit']): string {
  if (n === undefined) return '—';
  if (unit === 'ms') return n < 10 ? n.toFixed(2) : n.toFixed(1);
  return n.toFixed(unit === 's' ? 2 : 0);
}

function printTable(rows: Row[], log: (line: string) => void): void {
  const header = ['operation', 'p50', 'p95 / total', 'raw SQLite', 'ratio', 'target'];
  const lines = rows.map((r) => {
    const measured = r.p95 ?? r.total;
    const ratio = measured !== undefined && r.raw !== undefined && r.raw > 0 ? `${(measured / r.raw).toFixed(1)}×` : '—';
    return [r.operation, r.p50 === undefined ? '—' : `${fmt(r.p50, r.unit)} ${r.unit}`, `${fmt(measured, r.unit)} ${r.unit}`,
      r.raw === undefined ? '—' : `${fmt(r.raw, r.unit)} ${r.unit}`, ratio, r.target + (r.note ? ` (${r.note})` : '')];
  });
  const widths = header.map((h, i) => Math.max(width(h), ...lines.map((l) => width(l[i]!))));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c + ' '.repeat(widths[i]! - width(c))).join(' | ')} |`;
  log(row(header));
  log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of lines) log(row(l));
}

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return w;
}

async function timeToFirstAnswer(log: (line: string) => void): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < 5; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-bench-start-'));
    const started = performance.now();
    const served = await serveProcess(dir);
    await served.call('setup.status');
    out.push(performance.now() - started);
    await served.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  log(`  web mode start: ${out.map((t) => t.toFixed(0)).join(', ')} ms`);
  return out;
}

function bundleSizes(): { js: number; css: number; jsGzip: number; cssGzip: number } | null {
  const dir = path.join(rendererDir(), 'assets');
  if (!fs.existsSync(dir)) return null;
  const sizes = { js: 0, css: 0, jsGzip: 0, cssGzip: 0 };
  for (const f of fs.readdirSync(dir)) {
    const bytes = fs.readFileSync(path.join(dir, f));
    const gz = zlib.gzipSync(bytes, { level: 9 }).length;
    if (f.endsWith('.js')) {
      sizes.js += bytes.length;
      sizes.jsGzip += gz;
    } else if (f.endsWith('.css')) {
      sizes.css += bytes.length;
      sizes.cssGzip += gz;
    }
  }
  return sizes;
}

/**
 * Navigation to the first screen (登录) in Debian's Chromium, driven by Playwright in a child
 * process (build/scripts/first-screen.cjs): its driver is not part of the app's memory.
 */
async function firstScreen(url: string, log: (line: string) => void): Promise<number[] | null> {
  const script = path.join(appRoot(), 'build', 'scripts', 'first-screen.cjs');
  const child = spawn(process.execPath, [script, url, '5'], { cwd: appRoot() });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) {
    log(`  first-screen time not measured: ${err.trim().split('\n')[0] ?? `exit ${code}`}`);
    return null;
  }
  return JSON.parse(out) as number[];
}

export async function runBench(options: BenchOptions): Promise<void> {
  const { log } = options;
  const rows: Row[] = [];
  // Where the process's high-water mark rose: logged after each part, named in the table.
  let peakPhase = '—';
  let lastPeak = 0;
  const phase = (name: string) => {
    const m = memory();
    if (m.peak > lastPeak) {
      peakPhase = name;
      lastPeak = m.peak;
    }
    log(`  [${name}] RSS ${m.rss.toFixed(0)} MB (V8 heap ${m.heapUsed.toFixed(0)} of ${m.heapTotal.toFixed(0)} MB), peak so far ${m.peak.toFixed(0)} MB`);
  };
  log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.cpus()[0]?.model ?? ''}, Node ${process.version}`);
  if (options.only) {
    const only = { labour: () => runLabourBench({ ...options.labour, log }), platform: () => runPlatformBench({ ...options.platform, log }), 'central-pg': () => runCentralPgBench({ ...options.centralPg, iterations: options.iterations, log }) };
    rows.push(...await only[options.only]());
    log('');
    printTable(rows, log);
    return;
  }
  log(`building a site: ${options.persons} persons, ${options.family} family, ${options.days} days of health checks…`);
  const site = await buildSite(options);
  phase('site built');
  const { app, projectId } = site;
  let token = await site.signIn();
  const raw = new Database(path.join(site.dataDir, 'siteoffice.sqlite'), { readonly: true });
  const healthRows = (raw.prepare('select count(*) as n from health_checks').get() as { n: number }).n;
  log(`  ${healthRows} health checks in the database`);

  // A list page (20 rows + total) through the service layer, and raw.
  const pages = Math.max(1, Math.floor(options.persons / 20));
  const listSamples = await sample(options.iterations, (i) => call(app, 'persons.list', { page: (i % pages) + 1, pageSize: 20, search: '' }, token));
  // The service's query: the page's ids off the index first, then only those rows with their joins.
  const rawList = raw.prepare(`select p.*, e.name as employer_name, (select count(*) from family_members f where f.person_id = p.id) as families
    from persons p join employers e on e.id = p.employer_id
    where p.id in (select id from persons where project_id = ? order by created_at desc, id desc limit 20 offset ?)
    order by p.created_at desc, p.id desc`);
  const rawCount = raw.prepare('select count(*) as n from persons where project_id = ?');
  const rawListSamples = await sample(options.iterations, (i) => {
    rawList.all(projectId, (i % pages) * 20);
    rawCount.get(projectId);
  });
  rows.push({ operation: '列表页 persons.list (20 行 + 总数), 服务层', target: 'p95 ≤ 5 ms', p50: percentile(listSamples, 50), p95: percentile(listSamples, 95), raw: percentile(rawListSamples, 95), unit: 'ms' });

  // The same through web mode's HTTP API.
  const server = createWebServer({ dispatch: app.dispatch });
  const url = await listen(server, 0);
  const cookie = `siteoffice_session=${token}`;
  const httpSamples = await sample(options.iterations, async (i) => {
    const res = await fetch(`${url}/api/persons.list`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Siteoffice': '1', Cookie: cookie }, body: JSON.stringify({ page: (i % pages) + 1, pageSize: 20 }),
    });
    await res.json();
  });
  rows.push({ operation: '列表页 persons.list, 网页模式 HTTP', target: 'p95 ≤ 20 ms', p50: percentile(httpSamples, 50), p95: percentile(httpSamples, 95), raw: percentile(rawListSamples, 95), unit: 'ms' });
  server.close();

  // Search on the site: name fragment, ID fragment, pinyin initials.
  const names = raw.prepare('select name, id_number, pinyin_initials from persons where project_id = ? limit 100').all(projectId) as { name: string; id_number: string; pinyin_initials: string }[];
  const searches = names.flatMap((n) => [n.name.slice(0, 1), n.id_number.slice(-4), n.pinyin_initials]);
  const searchSamples = await sample(options.iterations, (i) => call(app, 'persons.list', { page: 1, pageSize: 20, search: searches[i % searches.length]! }, token));
  rows.push({ operation: `搜索 (姓名/身份证片段/拼音首字母), 工地 ${options.persons} 人`, target: '—', p50: percentile(searchSamples, 50), p95: percentile(searchSamples, 95), unit: 'ms' });

  // One pre-registration saved through the service (validation, outbox, audit).
  const random = seededRandom(99);
  let n = options.persons + options.family + 10;
  const saveSamples = await sample(Math.min(options.iterations, 200), () => {
    const p = samplePerson(random, n);
    return call(app, 'persons.create', {
      category: 'worker', idNumber: uniqueId(n++), name: p.name, origin: { provinceCode: p.origin.province, cityCode: p.origin.city },
      employerId: site.employerIds[0]!, phone: p.phone, useHealthCloud: false,
    }, token);
  });
  const rawInsert = new Database(path.join(site.dataDir, 'siteoffice.sqlite'));
  // The same durability as the app's connection: a fair comparison pays the same fsync per commit.
  rawInsert.pragma('synchronous = FULL');
  const rawPersonInsert = rawInsert.prepare(`insert into persons (id, project_id, category, id_number, name, sex, birth_date, phone, origin_province_code, origin_province, origin_city_code, origin_city, employer_id, health_cloud, pinyin_initials, pinyin_full, pre_registered_on, state, created_at, created_by)
    values (?, ?, 'worker', ?, '测试', '男', '1990-01-01', '13900000000', '320000', '江苏省', '320500', '苏州市', ?, null, 'cs', 'ceshi', '2020-02-01', 'clear', '2020-02-01T00:00:00Z', 'bench')`);
  const rawSaveSamples = await sample(Math.min(options.iterations, 200), (i) => rawPersonInsert.run(`raw-${i}`, projectId, `RAW${String(i).padStart(15, '0')}`, site.employerIds[0]!));
  rawInsert.prepare("delete from persons where id like 'raw-%'").run();
  rows.push({ operation: '保存一条预登记 persons.create', target: 'p95 ≤ 5 ms', p50: percentile(saveSamples, 50), p95: percentile(saveSamples, 95), raw: percentile(rawSaveSamples, 95), unit: 'ms' });

  // The morning batch of all temperatures, in one go.
  site.clock.current = new Date(site.clock.current.getTime() + 86400000);
  token = await site.signIn();
  const batchAt = siteDateTime(site.clock.now());
  const everyone = site.personIds.slice(0, options.persons);
  const batchStarted = performance.now();
  await call(app, 'health.batchSave', { checkedAt: batchAt, rows: everyone.map((id, i) => ({ personId: id, temperature: 36 + (i % 9) / 10, symptoms: ['无上述异常症状'] })) }, token);
  const batchMs = performance.now() - batchStarted;
  const rawHealth = rawInsert.prepare(`insert into health_checks (id, project_id, person_id, checked_at, checked_on, symptoms, temperature_tenths, fever, created_at, created_by)
    values (?, ?, ?, ?, ?, '["无上述异常症状"]', 365, 0, ?, 'bench')`);
  const rawBatchStarted = performance.now();
  rawInsert.transaction(() => {
    everyone.forEach((id, i) => rawHealth.run(`raw-h-${i}`, projectId, id, '2030-01-01 08:00:00', '2030-01-01', '2030-01-01T00:00:00Z'));
  })();
  const rawBatchMs = performance.now() - rawBatchStarted;
  rawInsert.prepare("delete from health_checks where id like 'raw-h-%'").run();
  rows.push({ operation: `晨检批量保存 ${everyone.length} 人体温`, target: '≤ 1 s', total: batchMs / 1000, raw: rawBatchMs / 1000, unit: 's' });

  phase('morning batch');
  // The today board.
  const boardSamples = await sample(Math.min(options.iterations, 50), () => call(app, 'board.today', {}, token));
  rows.push({ operation: `今日概况 board.today (${options.persons} 人工地)`, target: 'p95 ≤ 50 ms', p50: percentile(boardSamples, 50), p95: percentile(boardSamples, 95), unit: 'ms' });

  // Excel import of 5,000 roster rows, validated (preview: every check, nothing written).
  const xlsx = await rosterXlsx(random, 1_000_000);
  const importCommand = 'persons.import' as CommandName;
  const importStarted = performance.now();
  const imported = await app.dispatch(importCommand, { fileName: '名册.xlsx', dataBase64: xlsx.toString('base64'), commit: true }, token);
  const importMs = performance.now() - importStarted;
  if (imported.result.ok) {
    rows.push({ operation: 'Excel 导入 5,000 行名册 (校验并写入)', target: '≤ 5 s', total: importMs / 1000, unit: 's' });
  } else {
    rows.push({ operation: 'Excel 导入 5,000 行名册', target: '≤ 5 s', unit: 's', note: `未测: ${imported.result.error.message}` });
  }

  phase('Excel import');
  // The pre-registration roster PDF of the whole site (stricter than the 1,000 the target names).
  const pdfStarted = performance.now();
  const pdf = await call(app, 'reports.preRegistrationPdf', {}, token);
  const pdfMs = performance.now() - pdfStarted;
  rows.push({ operation: `进场预登记名册 PDF (${options.persons + 200} 人, ${(pdf.dataBase64.length * 0.75 / 1024).toFixed(0)} KB)`, target: '1,000 人 ≤ 5 s', total: pdfMs / 1000, unit: 's' });

  // More mornings until the outbox holds the changes the bundle rows are measured on.
  const changeCount = async () => (raw.prepare('select count(*) as n from changes').get() as { n: number }).n;
  let extraDays = 0;
  while (await changeCount() < options.changes) {
    site.clock.current = new Date(site.clock.current.getTime() + 86400000);
    token = await site.signIn();
    await call(app, 'health.batchSave', { checkedAt: siteDateTime(site.clock.now()), rows: everyone.map((id, i) => ({ personId: id, temperature: 36 + (i % 9) / 10, symptoms: ['无上述异常症状'] })) }, token);
    extraDays++;
  }
  if (extraDays > 0) log(`  ${extraDays} more mornings recorded, to reach ${options.changes.toLocaleString('en')} changes`);
  phase('site measured');

  // The sync bundle of every change the site recorded, beside a raw JSON dump of the same rows.
  const changes = await changeCount();
  const centralDirs = prepareCentral(app, log); // the bundle is sealed to the central system's key
  const bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-bench-bundle-'));
  const exportStarted = performance.now();
  const exported = await exportBundle(app.services, { folder: bundleDir, channel: 'cli' });
  const exportMs = performance.now() - exportStarted;
  const dumpFile = path.join(bundleDir, 'raw.jsonl');
  const dumpStarted = performance.now();
  const dump = fs.createWriteStream(dumpFile);
  for (const change of raw.prepare('select * from changes order by seq').iterate()) {
    if (!dump.write(`${JSON.stringify(change)}\n`)) await new Promise<void>((r) => dump.once('drain', () => r()));
  }
  await new Promise<void>((r) => dump.end(() => r()));
  const dumpMs = performance.now() - dumpStarted;
  rows.push({ operation: `同步包导出 ${changes.toLocaleString('en')} 条变更 (${(exported.size / 2 ** 20).toFixed(1)} MB)`, target: '≤ 2× 原始 JSON 导出', total: exportMs / 1000, raw: dumpMs / 1000, unit: 's' });
  phase('bundle exported');

  // The same bundle applied on the central side, beside raw prepared inserts of the dumped rows.
  rows.push(await measureBundleImport(centralDirs.dataDir, exported.path, dumpFile, log));
  fs.rmSync(dumpFile);
  phase('bundle imported');
  const siteRegistration = registrationOf(app.services);
  raw.close();
  rawInsert.close();
  app.close();

  // The supervision station's store: many sites, then 人员查询 over all of their people.
  log(`building a central store: ${options.centralSites} sites × ${options.centralPersons} persons…`);
  const central = await buildCentral(options.centralSites, options.centralPersons, log, centralDirs.twinDir);
  try {
    log(`  ${central.persons.toLocaleString('en')} persons in the central store`);
    rows.push(...await measureCentralSearch(central, options.iterations));
    trustRegistration(central.app.services, siteRegistration, '大型工地');
  } finally {
    central.close();
  }
  phase('central measured');

  rows.push(...await runLabourBench({ ...options.labour, log }));
  phase('labour measured');
  rows.push(...await runPlatformBench({ ...options.platform, log }));
  phase('platform measured');
  if (pgInstalled()) {
    rows.push(...await runCentralPgBench({ ...options.centralPg, iterations: options.iterations, log }));
    phase('central-pg measured');
  } else log('  central-pg rows skipped: PostgreSQL is not installed (apt-get install -y postgresql)');

  // The app's own process: a day at the site and a day at the supervision station, in web mode.
  log('a day at the site and at the supervision station, each in a web-mode process…');
  const siteBundles = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-bench-day-'));
  try {
    const sitePeak = await siteDay(site.dataDir, MANAGER, siteBundles, await rosterXlsx(random, 4_000_000));
    const centralPeak = await centralDay(central.dataDir, SUPERVISOR, bundleDir, central.searches);
    const peakRow = (operation: string, mb: number | null): Row => (mb === null ? { operation, target: '≤ 400 MB', unit: 'MB', note: '未测: 无 /proc' } : { operation, target: '≤ 400 MB', total: mb, unit: 'MB' });
    rows.push(peakRow('主进程峰值内存: 工地的一天 (网页模式进程)', sitePeak.app));
    if (sitePeak.worker !== null) rows.push({ operation: '  同上, 报表进程 (PDF 与 Excel) 峰值内存', target: '—', total: sitePeak.worker, unit: 'MB' });
    rows.push(peakRow('主进程峰值内存: 监督站的一天 (网页模式进程, 导入上述同步包)', centralPeak));
  } finally {
    for (const dir of [siteBundles, bundleDir, site.dataDir, central.dataDir]) fs.rmSync(dir, { recursive: true, force: true });
  }

  // Web mode: process start to first answered request.
  const startSamples = await timeToFirstAnswer(log);
  rows.push({ operation: '网页模式: 进程启动到首个请求应答', target: '≤ 1.5 s', p50: percentile(startSamples, 50) / 1000, total: Math.max(...startSamples) / 1000, unit: 's' });

  // The renderer: bundle sizes and the first screen in Chromium.
  const sizes = bundleSizes();
  if (sizes) {
    rows.push({ operation: `界面 JS 总计 ${(sizes.js / 1024).toFixed(0)} KB`, target: '—', total: sizes.jsGzip / 1024, unit: 'KB', note: 'gzip' });
    rows.push({ operation: `界面 CSS 总计 ${(sizes.css / 1024).toFixed(0)} KB`, target: '—', total: sizes.cssGzip / 1024, unit: 'KB', note: 'gzip' });
    const uiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-bench-ui-'));
    const shot = openApp(uiDir, { log });
    await call(shot, 'setup.initialize', { project: PROJECT, manager: MANAGER }, null);
    const uiServer = createWebServer({ dispatch: shot.dispatch, staticDir: rendererDir() });
    const uiUrl = await listen(uiServer, 0);
    const screens = await firstScreen(uiUrl, log);
    if (screens) rows.push({ operation: 'Chromium 首屏 (导航到登录页可见)', target: '< 1 s', p50: percentile(screens, 50), total: Math.max(...screens), unit: 'ms' });
    uiServer.close();
    shot.close();
    fs.rmSync(uiDir, { recursive: true, force: true });
  } else {
    log('  dist/renderer not built: run npm run build first for the bundle sizes and the first screen');
  }

  phase('renderer measured');
  rows.push({ operation: '基准测试进程自身峰值内存 (含生成全部数据)', target: '—', total: memory().peak, unit: 'MB', note: `最高在: ${peakPhase}` });
  log('');
  printTable(rows, log);
}
