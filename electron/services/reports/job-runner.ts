// Where report jobs (jobs.ts) run. In the app — web mode, the Electron window, the command line —
// in a worker process of its own (dist/node/report-worker.cjs), started on the first job and let go
// after a minute without one: drawing a 5,000-person roster or reading a 5,000-row workbook takes a
// second or more and a hundred MB or more, and none of it lands in the app's own process, which
// keeps answering meanwhile. Where no worker is set (the services' tests), jobs run in this process.
import { fork, type ChildProcess } from 'node:child_process';
import { ApiError, type ErrorCode, type FieldIssue } from '../../common/errors';
import { TableFileError, type TableFileErrorCode } from '../table-file-error';
import { executeJob, type Job, type JobResult } from './jobs';

/** An error as it crosses from the worker: enough to throw the same kind of error here. */
export interface SentError {
  name: string;
  code?: string;
  message: string;
  issues?: FieldIssue[];
}

export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SentError }
  /** How far a job got, sent while it runs. */
  | { id: number; progress: { done: number; total: number } };

export type JobProgress = (done: number, total: number) => void;

export function sendableError(e: unknown): SentError {
  const error = e instanceof Error ? e : new Error(String(e));
  const code: unknown = (error as Error & { code?: unknown }).code;
  const issues = error instanceof ApiError ? error.issues : undefined;
  return { name: error.name, code: typeof code === 'string' ? code : undefined, message: error.message, ...(issues ? { issues } : {}) };
}

function rebuiltError(e: SentError): Error {
  if (e.name === 'TableFileError') return new TableFileError(e.code as TableFileErrorCode, e.message);
  if (e.name === 'ApiError') return new ApiError(e.code as ErrorCode, e.message, e.issues);
  return new Error(`report worker: ${e.message}`);
}

/** Buffers arrive as plain Uint8Arrays (structured clone); the callers expect Buffers. */
function asBuffers(value: unknown): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
}

const IDLE_MS = 60_000;

interface Worker {
  child: ChildProcess;
  pending: Map<number, { resolve: (value: unknown) => void; reject: (e: Error) => void; onProgress?: JobProgress }>;
  idle: ReturnType<typeof setTimeout> | null;
}

let script: string | null = null;
let worker: Worker | null = null;
let nextId = 1;

/** Jobs go to a worker process running `workerScript` from now on (null: in this process). */
export function useReportWorker(workerScript: string | null): void {
  if (workerScript !== script) stopReportWorker();
  script = workerScript;
}

/** Ends the worker process, if one runs (the app closing); jobs still waiting fail. */
export function stopReportWorker(): void {
  const stopping = worker;
  worker = null; // the next job starts a new one, not one on its way out
  stopping?.child.kill();
}

/** The worker's process id while one runs (for the tests and the benchmark's memory reading). */
export function reportWorkerPid(): number | null {
  return worker?.child.pid ?? null;
}

function startWorker(workerScript: string): Worker {
  const child = fork(workerScript, [], {
    serialization: 'advanced',
    execArgv: [],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    // Inside Electron, process.execPath is the app itself: this makes it run the script as Node.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  const started: Worker = { child, pending: new Map(), idle: null };
  const fail = (why: string) => {
    if (worker === started) worker = null;
    if (started.idle) clearTimeout(started.idle);
    for (const { reject } of started.pending.values()) reject(new ApiError('INTERNAL', why));
    started.pending.clear();
  };
  child.on('message', (reply: WorkerReply) => {
    const waiting = started.pending.get(reply.id);
    if (!waiting) return;
    if ('progress' in reply) {
      waiting.onProgress?.(reply.progress.done, reply.progress.total);
      return;
    }
    started.pending.delete(reply.id);
    if (reply.ok) waiting.resolve(asBuffers(reply.value));
    else waiting.reject(rebuiltError(reply.error));
    if (started.pending.size === 0) {
      holdOpen(child, false);
      started.idle = setTimeout(() => {
        if (worker === started) worker = null;
        child.kill();
      }, IDLE_MS);
      started.idle.unref();
    }
  });
  child.on('exit', () => fail('生成文件的后台进程意外结束,文件未生成,请重试'));
  child.on('error', () => fail('无法启动生成文件的后台进程,文件未生成,请重试'));
  holdOpen(child, false);
  return started;
}

/** A worker with jobs under way keeps the app's process alive; an idle one does not. */
function holdOpen(child: ChildProcess, hold: boolean): void {
  const channel = (child as unknown as { channel?: { ref(): void; unref(): void } }).channel;
  if (hold) {
    child.ref();
    channel?.ref();
  } else {
    child.unref();
    channel?.unref();
  }
}

export async function runJob<J extends Job>(job: J, onProgress?: JobProgress): Promise<JobResult<J>> {
  if (!script) return executeJob(job, onProgress);
  const w = worker ?? (worker = startWorker(script));
  if (w.idle) clearTimeout(w.idle);
  w.idle = null;
  const id = nextId++;
  holdOpen(w.child, true);
  return new Promise<JobResult<J>>((resolve, reject) => {
    w.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, onProgress });
    w.child.send({ id, job }, (e) => {
      if (!e || !w.pending.has(id)) return;
      w.pending.delete(id);
      reject(new ApiError('INTERNAL', '无法把任务交给生成文件的后台进程,文件未生成,请重试'));
    });
  });
}
