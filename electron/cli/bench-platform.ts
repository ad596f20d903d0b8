// The 上报 row of the benchmark (issue 19, Speed): a month of `workers` workers (attendance: the
// month's days × 4 punches each; and payroll: the month's locked 工资支付台账) with the registers
// they need, through the upload queue to the stand-in platform over real HTTP; records a second
// beside the stand-in's own limit in the same run: the very calls the queue made (kept by the
// stand-in as they came), replayed by a bare client onto an empty stand-in with the same number of
// calls in flight, each result polled alike, with no queue, no SQLite and no preparing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { platformKindLabels } from '../common/contract-platform';
import { PlatformClient, type PlatformConnection } from '../services/platform/client';
import { ASYNC_DONE } from '../services/platform/protocol';
import { UploadPass, type PassReport } from '../services/platform/queue';
import { connectionOf } from '../services/platform/settings';
import { buildLabourSite, fillMonth, MONTH } from './bench-labour';
import { call, type Row } from './bench-support';
import { PlatformStandIn } from './platform-standin';

export interface PlatformBenchOptions {
  workers: number;
  log: (line: string) => void;
}

export const defaultPlatformBenchOptions = { workers: 3000 };

const APPID = 'bench-app';
const SECRET = 'bEnch7Secret0123456789abcdefABCD';
/** As the app runs a pass, but polling as quickly as the stand-in answers (it processes a write in 20 ms). */
const CONCURRENCY = 4;
const POLL = { pollBaseMs: 20, pollMaxMs: 200, pollBudgetMs: 30 * 60_000 };
const PROCESS_DELAY_MS = 20;
/** A platform's idle keep-alive, as nginx keeps it (the stand-in's own default is Node's 5 s). */
const KEEP_ALIVE_MS = 75_000;
/** The 工人确认 sheet: a 1×1 PNG stands for the scan. */
const SIGNED_SHEET = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** The bare client: the kept writes of each method in order, CONCURRENCY at a time, then every result polled until done. */
async function replay(writes: PlatformStandIn['keptWrites'], connection: PlatformConnection, projectCode: string): Promise<void> {
  const client = new PlatformClient(connection, { timeoutMs: 30_000, now: () => new Date() });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  let i = 0;
  while (i < writes.length) {
    const method = writes[i]!.method;
    let end = i;
    while (end < writes.length && writes[end]!.method === method) end++;
    const batch = writes.slice(i, end);
    i = end;
    // Team.Add one at a time: the stand-in numbers teams (teamSysNo) in the order they arrive, and the later calls name them.
    const inFlight = method === 'Team.Add' ? 1 : CONCURRENCY;
    const serials: string[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: inFlight }, async () => {
      while (next < batch.length) {
        const w = batch[next++]!;
        serials.push(await client.write(w.method, w.data));
      }
    }));
    for (const serial of serials) {
      for (let polls = 0; ; polls++) {
        const result = await client.result(serial, projectCode);
        if (result.status === ASYNC_DONE) break;
        if (result.status !== '0') throw new Error(`replay ${method}: ${result.message}`);
        await sleep(Math.min(POLL.pollBaseMs * 2 ** polls, POLL.pollMaxMs));
      }
    }
  }
}

export async function runPlatformBench(options: PlatformBenchOptions): Promise<Row[]> {
  const { log } = options;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-bench-platform-'));
  const platform = new PlatformStandIn({ apps: { [APPID]: SECRET }, processDelayMs: PROCESS_DELAY_MS, keepWrites: true, keepAliveMs: KEEP_ALIVE_MS });
  const bare = new PlatformStandIn({ apps: { [APPID]: SECRET }, processDelayMs: PROCESS_DELAY_MS, keepAliveMs: KEEP_ALIVE_MS });
  try {
    log(`platform: a site of ${options.workers} workers, a month of attendance and its locked wage ledgers…`);
    const site = await buildLabourSite(dataDir, options.workers, log, true);
    const { app, token, projectId } = site;
    for (const [serial, direction] of [['BENCH-ZK-IN', 'in'], ['BENCH-ZK-OUT', 'out']] as const) await call(app, 'devices.create', { vendor: 'zkteco', serial, direction, name: '', location: '' }, token);
    const punches = await fillMonth(app, site.workerNos, log);
    await call(app, 'payroll.saveSettings', { accountBank: '中国工商银行上海市分行', accountNo: '1001234567890123456', accountName: '上海第一建筑劳务有限公司人工费专用账户' }, token);
    const started = performance.now();
    const { ledgers } = await call(app, 'payroll.generate', { month: MONTH }, token);
    for (const l of ledgers) {
      await call(app, 'payroll.submit', { ledgerId: l.id }, token);
      await call(app, 'payroll.confirm', { ledgerId: l.id, signedSheet: { fileName: '签字表.png', mime: 'image/png', dataBase64: SIGNED_SHEET } }, token);
      await call(app, 'payroll.approve', { ledgerId: l.id, note: '' }, token);
      await call(app, 'payroll.lock', { ledgerId: l.id }, token);
    }
    const wageRows = ledgers.reduce((n, l) => n + l.rowCount, 0);
    log(`  ${ledgers.length} ledgers of ${MONTH} (${wageRows} rows) generated and locked in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    await platform.listen();
    await bare.listen();
    await call(app, 'platform.saveSettings', { endpoint: platform.url, appid: APPID, secret: SECRET, version: '1.0' }, token);
    const found = connectionOf(app.services, projectId);
    if ('problem' in found) throw new Error(found.problem);
    log(`  uploading through the queue (${CONCURRENCY} calls in flight)…`);
    const queueStarted = performance.now();
    // The queue's SQLite work runs on the event loop that also answers as the stand-in: its longest
    // block is reported, since a block longer than a platform's keep-alive would reset a connection.
    const loopDelay = monitorEventLoopDelay({ resolution: 20 });
    loopDelay.enable();
    let last: PassReport | null = null;
    for (let round = 0; round < 10; round++) {
      last = await new UploadPass(app.services, projectId, {
        connection: found.connection, projectCode: found.settings.projectCode, timeoutMs: 30_000, author: { at: new Date().toISOString(), actorId: null, actorName: '基准测试', projectId },
        concurrency: CONCURRENCY, ...POLL,
      }).run();
      if (last.outcome !== 'ok' || !last.kinds.some((k) => k.sent > 0)) break;
    }
    const queueSeconds = (performance.now() - queueStarted) / 1000;
    loopDelay.disable();
    log(`  longest event-loop block during the upload: ${(loopDelay.max / 1e6).toFixed(0)} ms (p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms)`);
    if (last?.outcome !== 'ok') throw new Error(`upload: ${last?.outcome} ${last?.message}`);
    if (platform.attendance.length !== punches || platform.payrolls.length !== wageRows) {
      throw new Error(`upload incomplete: ${platform.attendance.length} of ${punches} punches, ${platform.payrolls.length} of ${wageRows} wage rows`);
    }
    const records = platform.writes.reduce((n, w) => n + w.items, 0);
    const byKind = new Map<string, number>();
    for (const w of platform.writes) byKind.set(w.method, (byKind.get(w.method) ?? 0) + w.items);
    log(`  ${records.toLocaleString('en')} records in ${platform.writes.length.toLocaleString('en')} calls: ${[...byKind].map(([m, n]) => `${m} ${n}`).join(', ')}`);

    log('  the same calls replayed by a bare client onto an empty stand-in…');
    const bareStarted = performance.now();
    await replay(platform.keptWrites, { ...found.connection, endpoint: bare.url }, found.settings.projectCode);
    const bareSeconds = (performance.now() - bareStarted) / 1000;
    if (bare.attendance.length !== punches || bare.payrolls.length !== wageRows) throw new Error('replay incomplete');
    app.close();
    return [{
      operation: `上报 ${platformKindLabels.attendance}与${platformKindLabels.payroll}: ${options.workers.toLocaleString('en')} 人一个月 (${punches.toLocaleString('en')} 条考勤, ${wageRows.toLocaleString('en')} 条工资, 共 ${records.toLocaleString('en')} 条记录), ${Math.round(records / queueSeconds).toLocaleString('en')} 条/秒`,
      target: '—', total: queueSeconds, raw: bareSeconds, unit: 's',
      note: `原始: 替身平台自身上限 ${Math.round(records / bareSeconds).toLocaleString('en')} 条/秒 (同样的调用, 无队列)`,
    }];
  } finally {
    await platform.close();
    await bare.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
