// Reports and workbooks made in the report worker process, as the app makes them: the worker built
// from the sources as for the app, a roster imported from an .xlsx read there, the roster PDF drawn
// there with the same text as in this process, a damaged workbook refused with the same message,
// and a worker killed under a job: the job fails with a Chinese message, the next one works.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, errorOf, ManualClock, type TestApp } from '../support/app';
import { addEmployer } from '../support/prereg-helpers';
import { reportWorkerPid, useReportWorker } from '../../electron/services/reports/job-runner';
import { importRoster, pdfBytes, pdfText, rosterLines, rosterXlsx } from './reports-support';

const root = fileURLToPath(new URL('../..', import.meta.url));
const EMPLOYER = '上海浦江劳务有限公司';
let work: string;
let worker: string;
let t: TestApp | undefined;

beforeAll(async () => {
  // Inside the project as dist/node/report-worker.cjs is, so that it finds pdfkit, exceljs and the
  // font package in node_modules the same way; bundled the same way.
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  work = fs.mkdtempSync(path.join(root, 'dist', 'test-report-worker-'));
  worker = path.join(work, 'report-worker.cjs');
  await build({
    entryPoints: [path.join(root, 'electron/node/report-worker.ts')], outfile: worker, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    external: ['electron', 'better-sqlite3', 'koffi', 'serialport', '@serialport/*', 'pdfkit', 'exceljs', '@embedpdf/*'], logLevel: 'error', absWorkingDir: root,
  });
}, 60000);

afterEach(() => {
  useReportWorker(null);
  t?.close();
  t = undefined;
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

async function site(): Promise<{ app: TestApp; token: string }> {
  t = openTestApp(new ManualClock('2020-02-17T09:00:00+08:00'));
  const token = await t.signedInManager();
  await addEmployer(t, token, 1, EMPLOYER);
  return { app: t, token };
}

describe('the report worker process', () => {
  it('reads an imported workbook and draws the roster PDF, with the same text as this process draws', async () => {
    const { app, token } = await site();
    const lines = rosterLines(60, EMPLOYER);
    const xlsx = await rosterXlsx(lines); // written in this process
    useReportWorker(worker);
    const report = await importRoster(app, token, xlsx, true);
    expect(report.imported).toBe(60);
    const pid = reportWorkerPid();
    expect(pid).not.toBeNull();
    expect(pid).not.toBe(process.pid);
    const inWorker = await app.call('reports.preRegistrationPdf', {}, token);
    expect(reportWorkerPid()).toBe(pid); // the same worker, kept for the next job

    useReportWorker(null);
    const here = await app.call('reports.preRegistrationPdf', {}, token);
    const text = pdfText(pdfBytes(inWorker));
    expect(text).toBe(pdfText(pdfBytes(here)));
    for (const line of lines) expect(text).toContain(line.姓名);
  }, 60000);

  it('refuses a damaged workbook with the message of this process', async () => {
    const { app, token } = await site();
    const damaged = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]);
    const here = await errorOf(() => importRoster(app, token, damaged, false));
    useReportWorker(worker);
    const there = await errorOf(() => importRoster(app, token, damaged, false));
    expect({ code: there.code, message: there.message }).toEqual({ code: here.code, message: here.message });
    expect(there.message).toContain('文件已损坏');
  }, 60000);

  it('fails a job whose worker dies with a Chinese message, and starts a new worker for the next', async () => {
    const { app, token } = await site();
    await importRoster(app, token, await rosterXlsx(rosterLines(300, EMPLOYER)), true);
    useReportWorker(worker);
    await app.call('reports.preRegistrationXlsx', {}, token);
    const first = reportWorkerPid()!;
    const pending = errorOf(() => app.call('reports.preRegistrationPdf', {}, token));
    process.kill(first, 'SIGKILL');
    const error = await pending;
    expect(error).toMatchObject({ code: 'INTERNAL' });
    expect(error.message).toMatch(/生成文件的后台进程.*请重试/);
    const again = await app.call('reports.preRegistrationPdf', {}, token);
    expect(pdfText(pdfBytes(again))).toContain('共 300 人');
    expect(reportWorkerPid()).not.toBe(first);
  }, 60000);
});
