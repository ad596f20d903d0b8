// The app's own process. Web mode (`siteoffice serve`) runs the services Electron's main process
// runs, with nothing else in the process: the benchmark starts one on the large site's folder and one
// on the central store's, drives a day's work through the HTTP API as the window would, and reads
// each process's peak resident memory (VmHWM). The benchmark's own process cannot stand for it: it
// also builds all the data, holds raw comparison connections and opens several stores.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { appRoot } from '../node/app';
import { siteDateTime } from '../common/time';
import { samplePerson, seededRandom } from './demo-people';
import { uniqueId } from './bench-support';

export interface ServedProcess {
  /** Where it answers: http://127.0.0.1:<port> (sites push their bundles to it). */
  url: string;
  /** Calls a command as the browser does; resolves to its value, rejects with its message. */
  call<T = unknown>(command: string, input?: unknown): Promise<T>;
  /** The process's peak resident memory so far, in MB (null where /proc is not there). */
  peakMb(): number | null;
  /** The same of its child processes (the report worker), the largest, while they run. */
  childPeakMb(): number | null;
  stop(): Promise<void>;
}

export async function serveProcess(dataDir: string, extra: string[] = []): Promise<ServedProcess> {
  const cli = path.join(appRoot(), 'electron', 'cli', 'siteoffice.cjs');
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data-dir', dataDir, ...extra]);
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (c: Buffer) => {
      text += c.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(text);
      if (m) resolve(m[0]);
    });
    child.stderr.on('data', (c: Buffer) => (text += c.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${text.slice(-400)}`)));
  });
  let cookie: string | null = null;
  return {
    url,
    async call<T>(command: string, input: unknown = {}): Promise<T> {
      const res = await fetch(`${url}/api/${command}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Siteoffice': '1', ...(cookie ? { Cookie: cookie } : {}) },
        body: JSON.stringify(input),
      });
      const setCookie = res.headers.get('set-cookie');
      if (setCookie) cookie = setCookie.split(';')[0]!;
      const body = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } };
      if (!body.ok) throw new Error(`${command}: ${body.error?.message ?? res.status}`);
      return body.value as T;
    },
    peakMb: () => peakOf(child.pid),
    childPeakMb() {
      try {
        const children = fs.readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
        const peaks = children.map(peakOf).filter((mb): mb is number => mb !== null);
        return peaks.length > 0 ? Math.max(...peaks) : null;
      } catch {
        return null;
      }
    },
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A process's peak resident memory (VmHWM) in MB, or null where /proc is not there. */
function peakOf(pid: number | undefined): number | null {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export interface DayPeaks {
  /** The web-mode process: what Electron's main process runs. */
  app: number | null;
  /** Its report worker (PDFs, workbooks), a process of its own. */
  worker: number | null;
}

export interface Credentials {
  idNumber: string;
  password: string;
}

/**
 * A day at the large site, through web mode: list pages and searches, registrations, the whole
 * morning batch, the today board, a 5,000-row roster import, the roster PDF and the Excel list, and
 * the sync bundle of everything. Resolves to the peak memory of the serving process and its worker.
 */
export async function siteDay(dataDir: string, manager: Credentials, bundleFolder: string, xlsx: Buffer): Promise<DayPeaks> {
  const site = await serveProcess(dataDir);
  try {
    await site.call('auth.signIn', { idNumber: manager.idNumber, password: manager.password });
    const [project] = await site.call<{ id: string }[]>('projects.list');
    await site.call('projects.enter', { projectId: project!.id });
    const first = await site.call<{ rows: { id: string; name: string }[]; total: number }>('persons.list', { page: 1, pageSize: 20 });
    for (let i = 0; i < 100; i++) await site.call('persons.list', { page: 1 + (i * 7) % Math.max(1, Math.floor(first.total / 20)), pageSize: 20 });
    for (const row of first.rows) await site.call('persons.list', { page: 1, pageSize: 20, search: row.name.slice(0, 1) });
    const [employer] = await site.call<{ id: string }[]>('employers.list');
    const random = seededRandom(4242);
    for (let i = 0; i < 20; i++) {
      const p = samplePerson(random, i);
      await site.call('persons.create', {
        category: 'worker', idNumber: uniqueId(3_000_000 + i), name: p.name, origin: { provinceCode: p.origin.province, cityCode: p.origin.city },
        employerId: employer!.id, phone: p.phone, useHealthCloud: false,
      });
    }
    const batch = await site.call<{ rows: { personId: string }[] }>('health.batchList');
    await site.call('health.batchSave', {
      checkedAt: siteDateTime(new Date()),
      rows: batch.rows.map((r, i) => ({ personId: r.personId, temperature: 36 + (i % 9) / 10, symptoms: ['无上述异常症状'] })),
    });
    for (let i = 0; i < 10; i++) await site.call('board.today');
    await site.call('persons.import', { fileName: '进场预登记名册.xlsx', dataBase64: xlsx.toString('base64'), commit: true });
    await site.call('reports.preRegistrationPdf', {});
    await site.call('reports.preRegistrationXlsx', {});
    await site.call('sync.exportBundle', { folder: bundleFolder });
    return { app: site.peakMb(), worker: site.childPeakMb() };
  } finally {
    await site.stop();
  }
}

/**
 * A day at the supervision station, through web mode: a large site's bundle imported from a folder
 * (as from a USB stick), then 人员查询 and the contracts' list and 详情. Resolves to the peak memory.
 */
export async function centralDay(dataDir: string, supervisor: Credentials, bundleFolder: string, searches: string[]): Promise<number | null> {
  const central = await serveProcess(dataDir, ['--central']);
  try {
    await central.call('auth.signIn', { idNumber: supervisor.idNumber, password: supervisor.password });
    await central.call('supervision.importFolder', { folder: bundleFolder });
    for (const search of searches) await central.call('supervision.persons', { search, page: 1, pageSize: 20 });
    const contracts = await central.call<{ rows: { projectId: string; preRegistered: number }[] }>('supervision.query', { page: 1, pageSize: 100 });
    const largest = [...contracts.rows].sort((a, b) => b.preRegistered - a.preRegistered)[0];
    if (largest) await central.call('supervision.detail', { projectId: largest.projectId });
    return central.peakMb();
  } finally {
    await central.stop();
  }
}
