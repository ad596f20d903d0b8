// The labour rows of the benchmark (issue 17), each beside raw SQLite in the same run:
// - twenty stand-in ZKTeco gates pushing at once to `siteoffice serve --gate-port` (a process of its
//   own, synchronous = FULL): punches stored per second of a backlog, beside the same rows
//   inserted raw with one commit per push (what a receiver without group commit must do); then the
//   p95 answer of live pushes (a few punches each, every gate at once, as at the morning rush);
// - a month of `workers` workers × the month's days × 4 punches (in, out, in, out) turned into the
//   月度考勤表 of the whole project, beside the raw read of those punches;
// - that 考勤表 as its landscape PDF (the report worker draws it).
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openApp, type App } from '../node/app';
import { completeCreditCode } from '../common/credit-code';
import { daysOfMonth } from '../services/labour/dates';
import { monthRows } from '../services/labour/attendance';
import { deviceBySerial, receivePush, type GatePunch } from '../services/labour/gate-intake';
import { serveProcess } from './bench-process';
import { call, percentile, uniqueId, type Row } from './bench-support';
import { waitForTask } from '../services/tasks';
import { attlogLine, ZktecoDevice } from './gate-standins';
import { samplePerson, seededRandom } from './demo-people';

export interface LabourBenchOptions {
  workers: number;
  devices: number;
  /** Pushes each device makes, and punches in each. */
  pushes: number;
  batch: number;
  log: (line: string) => void;
}

export const defaultLabourBenchOptions = { workers: 3000, devices: 20, pushes: 50, batch: 100 };
/** The live pushes after the backlog: per gate, LIVE_PUSHES of LIVE_BATCH punches, one every LIVE_EVERY_MS. */
const LIVE_PUSHES = 30;
const LIVE_BATCH = 5;
const LIVE_EVERY_MS = 250;

export const MANAGER = { idNumber: '11010519491231002X', name: '王建国', phone: '13800138000', password: 'bench-password' };
const PROJECT = { contractNo: 'W2019010100011', buildNo: '1902HK0001', name: '测试4444', generalContractor: '上海建工集团股份有限公司', contractorType: '施工企业' as const, supervisionStation: '黄浦区建设工程安全质量监督站' };
/** A past month of 31 days, so every day of it may hold punches. */
export const MONTH = '2024-03';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A site of `workers` workers (epidemic hidden), in teams of 50, each hired and on site. With
 * `wages` (the platform's rows), what a wage ledger and its upload need too: the unit's 负责人, a
 * 工资卡 for everyone, each team's first worker its 班组长.
 */
export async function buildLabourSite(dataDir: string, workers: number, log: (line: string) => void, wages = false): Promise<{ app: App; token: string; projectId: string; workerNos: string[] }> {
  const app = openApp(dataDir, { log });
  await call(app, 'setup.initialize', { project: PROJECT, manager: MANAGER }, null);
  const signIn = await app.dispatch('auth.signIn', { idNumber: MANAGER.idNumber, password: MANAGER.password }, null);
  const token = signIn.token!;
  const [project] = await call(app, 'projects.list', {}, token);
  await call(app, 'projects.enter', { projectId: project!.id }, token);
  await call(app, 'labour.saveSettings', { epidemicHidden: true }, token);
  const employer = await call(app, 'participants.create', {
    name: '上海第一建筑劳务有限公司', creditCode: completeCreditCode('91310115MA1K00001'), participantType: '006', contractNo: '',
    leaderName: wages ? '周建平' : '', leaderPhone: wages ? '13800001111' : '', labourOfficerName: '', labourOfficerPhone: '',
  }, token);
  const random = seededRandom(17);
  const started = performance.now();
  const workerNos: string[] = [];
  let team = '';
  for (let i = 0; i < workers; i++) {
    const teamName = `班组${Math.floor(i / 50) + 1}`;
    if (i % 50 === 0) team = (await call(app, 'teams.create', { employerId: employer.id, name: teamName, workType: '020' }, token)).id;
    const p = samplePerson(random, i);
    const hired = await call(app, 'workers.hire', {
      category: 'worker', idNumber: uniqueId(i), name: p.name, phone: p.phone, employerId: employer.id, workType: '020', hiredOn: '2024-02-20', safetyTrainingOn: '2024-02-20',
      contract: { signedOn: '2024-02-20', startsOn: '2024-02-20', endsOn: null, termType: 'task', payMethod: 'daily', wage: '350', pieceUnit: '', payDay: 15 },
      ...(wages ? { wageCard: { bankName: '中国工商银行', bankCode: '102', cardNo: `622202${String(i).padStart(13, '0')}` } } : {}),
    }, token);
    await call(app, 'workers.dispatch', { workerId: hired.worker.id, teamId: team, dispatchedOn: '2024-02-20' }, token);
    if (wages && i % 50 === 0) await call(app, 'teams.update', { teamId: team, name: teamName, workType: '020', leaderWorkerId: hired.worker.id, disbandedOn: null }, token);
    await call(app, 'workers.enter', { workerId: hired.worker.id, enteredOn: '2024-02-20' }, token);
    workerNos.push(hired.worker.workerNo);
  }
  log(`  ${workers} workers hired, dispatched and on site in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { app, token, projectId: project!.id, workerNos };
}

/** Twenty gates at once against the served process; each push a batch of distinct punches. */
async function measureGates(dataDir: string, workerNos: string[], o: LabourBenchOptions): Promise<Row[]> {
  const gatePort = await freePort();
  const served = await serveProcess(dataDir, ['--gate-port', String(gatePort)]);
  try {
    const base = `http://127.0.0.1:${gatePort}`;
    // Wait for the receivers (announced after the web address).
    for (let i = 0; i < 50; i++) {
      try {
        await new ZktecoDevice(base, 'BENCH-ZK-0').poll();
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const gates = Array.from({ length: o.devices }, (_, d) => new ZktecoDevice(base, `BENCH-ZK-${d}`));
    for (const g of gates) await g.handshake();
    const latencies: number[] = [];
    // Punches of the first days of April: distinct per device, push and line.
    const lineOf = (d: number, p: number, k: number) => {
      const n = (d * o.pushes + p) * o.batch + k;
      const minute = Math.floor(n / workerNos.length);
      const at = new Date(Date.UTC(2024, 3, 1, 0, 0, 0) + minute * 1000).toISOString().replace('T', ' ').slice(0, 19);
      return attlogLine(workerNos[n % workerNos.length]!, at);
    };
    const started = performance.now();
    await Promise.all(gates.map(async (g, d) => {
      for (let p = 0; p < o.pushes; p++) {
        const lines = Array.from({ length: o.batch }, (_, k) => lineOf(d, p, k));
        const t = performance.now();
        const r = await g.upload(lines);
        latencies.push(performance.now() - t);
        if (!r.accepted) throw new Error(`gate ${g.serial}: ${r.answer.status} ${r.answer.body}`);
      }
    }));
    const seconds = (performance.now() - started) / 1000;
    const total = o.devices * o.pushes * o.batch;
    // Live: the morning rush at every gate at once, each pushing a few punches as people pass
    // (LIVE_BATCH every LIVE_EVERY_MS), not a backlog: the answer time a person at the gate sees.
    const live: number[] = [];
    const liveOffset = o.devices * o.pushes * o.batch;
    await Promise.all(gates.map(async (g, d) => {
      for (let p = 0; p < LIVE_PUSHES; p++) {
        const lines = Array.from({ length: LIVE_BATCH }, (_, k) => lineOf(0, 0, liveOffset + (d * LIVE_PUSHES + p) * LIVE_BATCH + k));
        const next = performance.now() + LIVE_EVERY_MS;
        const t = performance.now();
        const r = await g.upload(lines);
        live.push(performance.now() - t);
        if (!r.accepted) throw new Error(`gate ${g.serial}: ${r.answer.status} ${r.answer.body}`);
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
      }
    }));
    await served.stop();
    // Raw: the same rows, one commit per push, synchronous = FULL, into the same table.
    const raw = new Database(path.join(dataDir, 'siteoffice.sqlite'));
    raw.pragma('synchronous = FULL');
    const projectId = raw.prepare('select id from projects').pluck().get() as string;
    const insert = raw.prepare(`insert into attendance_punches (id, project_id, source, device_id, device_serial, person_ref, worker_id, punched_at, direction, verify_mode, received_at, payload_sha256, payload)
      values (?, ?, 'zkteco', null, ?, ?, null, ?, 'in', 'face', '2024-04-01T00:00:00Z', 'x', ?)`);
    const pushOnce = raw.transaction((rows: [string, string, string, string][]) => {
      for (const [id, serial, pin, line] of rows) insert.run(id, projectId, serial, pin, line.split('\t')[1], line);
    });
    const rawStarted = performance.now();
    for (let d = 0; d < o.devices; d++) {
      for (let p = 0; p < o.pushes; p++) {
        pushOnce(Array.from({ length: o.batch }, (_, k) => {
          const line = lineOf(d, p, k);
          return [`raw-${d}-${p}-${k}`, `RAW-${d}`, line.split('\t')[0]!, line] as [string, string, string, string];
        }));
      }
    }
    const rawSeconds = (performance.now() - rawStarted) / 1000;
    raw.prepare("delete from attendance_punches where id like 'raw-%'").run();
    raw.close();
    return [
      {
        operation: `闸机推送: ${o.devices} 台同时, 共 ${total.toLocaleString('en')} 条 (每批 ${o.batch} 条), ${Math.round(total / seconds).toLocaleString('en')} 条/秒`,
        target: '≥ 5,000 条/秒', total: seconds, raw: rawSeconds, unit: 's', note: `原始: ${Math.round(total / rawSeconds).toLocaleString('en')} 条/秒, 每批一次提交`,
      },
      { operation: `  同上, 每次推送 ${o.batch} 条的应答 (存入后才应答)`, target: '—', p50: percentile(latencies, 50), p95: percentile(latencies, 95), unit: 'ms' },
      {
        operation: `闸机实时推送: ${o.devices} 台同时, 每台每 ${LIVE_EVERY_MS} ms 推送 ${LIVE_BATCH} 条, 应答 (存入后才应答)`,
        target: 'p95 ≤ 50 ms', p50: percentile(live, 50), p95: percentile(live, 95), unit: 'ms',
      },
    ];
  } catch (e) {
    await served.stop().catch(() => undefined);
    throw e;
  }
}

/** The month of every worker: in ~07:00, out ~11:30, in ~13:00, out ~17:00 on each of its days, through the gate intake. */
export async function fillMonth(app: App, workerNos: string[], log: (line: string) => void): Promise<number> {
  const s = app.services;
  const inGate = deviceBySerial(s, 'BENCH-ZK-IN')!;
  const outGate = deviceBySerial(s, 'BENCH-ZK-OUT')!;
  const started = performance.now();
  let n = 0;
  const push = async (device: typeof inGate, punches: GatePunch[]) => {
    await receivePush(s, device, { vendor: 'zkteco', serial: device.serial, path: '/iclock/cdata (bench)', remote: '127.0.0.1', body: Buffer.from('bench'), punches, rejected: [], ignored: 0 });
    n += punches.length;
  };
  for (const day of daysOfMonth(MONTH)) {
    const at = (i: number, hour: number, minute: number) => `${day} ${String(hour).padStart(2, '0')}:${String((minute + (i % 20)) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
    const line = (no: string, when: string): GatePunch => ({ personRef: no, punchedAt: when, verifyMode: 'face', payload: `${no}\t${when}\t0\t15\t0\t0\t0` });
    for (let from = 0; from < workerNos.length; from += 1000) {
      const slice = workerNos.slice(from, from + 1000);
      await push(inGate, slice.flatMap((no, i) => [line(no, at(i, 6, 40)), line(no, at(i, 12, 40))]));
      await push(outGate, slice.flatMap((no, i) => [line(no, at(i, 11, 20)), line(no, at(i, 17, 0))]));
    }
  }
  log(`  ${n.toLocaleString('en')} punches of ${MONTH} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return n;
}

export async function runLabourBench(options: LabourBenchOptions): Promise<Row[]> {
  const { log } = options;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-bench-labour-'));
  const rows: Row[] = [];
  try {
    log(`labour: a site of ${options.workers} workers…`);
    let site = await buildLabourSite(dataDir, options.workers, log);
    for (let d = 0; d < options.devices; d++) await call(site.app, 'devices.create', { vendor: 'zkteco', serial: `BENCH-ZK-${d}`, direction: 'in', name: '', location: '' }, site.token);
    for (const [serial, direction] of [['BENCH-ZK-IN', 'in'], ['BENCH-ZK-OUT', 'out']] as const) await call(site.app, 'devices.create', { vendor: 'zkteco', serial, direction, name: '', location: '' }, site.token);
    site.app.close();
    log(`labour: ${options.devices} gates pushing at once to siteoffice serve --gate-port…`);
    rows.push(...await measureGates(dataDir, site.workerNos, options));

    const app = openApp(dataDir, { log });
    site = { ...site, app };
    const punches = await fillMonth(app, site.workerNos, log);
    const token = (await app.dispatch('auth.signIn', { idNumber: MANAGER.idNumber, password: MANAGER.password }, null)).token!;
    await call(app, 'projects.enter', { projectId: site.projectId }, token);
    const sheetSamples: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const month = monthRows(app.services, site.projectId, MONTH);
      sheetSamples.push(performance.now() - t);
      if (month.length !== options.workers) throw new Error(`month sheet has ${month.length} rows, not ${options.workers}`);
    }
    const raw = new Database(path.join(dataDir, 'siteoffice.sqlite'), { readonly: true });
    const rawRead = raw.prepare('select worker_id, punched_at, direction, source from attendance_punches where project_id = ? and punched_at >= ? and punched_at < ? and worker_id is not null order by worker_id, punched_at').raw();
    const rawSamples: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      rawRead.all(site.projectId, '2024-02-29 08:00:00', '2024-04-01 16:00:00');
      rawSamples.push(performance.now() - t);
    }
    raw.close();
    rows.push({
      operation: `月度考勤表: ${options.workers.toLocaleString('en')} 人 × 31 天 × 4 次打卡 (${punches.toLocaleString('en')} 条)`, target: '≤ 2 s',
      total: Math.min(...sheetSamples) / 1000, raw: Math.min(...rawSamples) / 1000, unit: 's', note: '原始: 只读出这些打卡',
    });
    const pdfStarted = performance.now();
    const { taskId } = await call(app, 'attendance.startMonthSheetPdf', { month: MONTH }, token);
    const pdf = (await waitForTask(() => call(app, 'tasks.get', { taskId }, token))).file;
    if (!pdf) throw new Error('月度考勤表 PDF: the task ended without a file');
    rows.push({ operation: `  同上, 横向 PDF (${(pdf.dataBase64.length * 0.75 / 1024).toFixed(0)} KB)`, target: '≤ 15 s', total: (performance.now() - pdfStarted) / 1000, unit: 's' });
    app.close();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}
