// Long work (the 工资支付表 or 月度考勤表 PDF of thousands of rows, a bank file, reading a bank's
// result file) as tasks: started by one call, then asked for their progress until done, so the
// screen shows how far it got and offers 取消. A cancelled task leaves nothing behind: a file is
// simply not handed over, and an import writes its one transaction only after its last check.
// Tasks live in the process that runs the services, each seen only by the account that started it.
import crypto from 'node:crypto';
import type { GeneratedFile, TaskView } from '../common/contract-reports';
import { ApiError } from '../common/errors';
import { TableFileError } from './table-file-error';
import type { ProjectActor } from './context';

export class TaskCancelled extends Error {
  constructor() {
    super('已取消');
  }
}

export interface TaskReporter {
  /** What the task is doing now, and how far (done of total). */
  progress(phase: string, done: number, total: number): void;
  /** Throws TaskCancelled once 取消 was asked for: call it between steps and before writing. */
  throwIfCancelled(): void;
}

type TaskKind = TaskView['kind'];
type Outcome = { file?: GeneratedFile; report?: TaskView['report'] };

interface Task extends TaskView {
  userId: string;
  projectId: string;
  cancelRequested: boolean;
  finishedAt: number | null;
}

const tasks = new Map<string, Task>();
/** A finished task's result is kept this long for the screen to fetch it. */
const KEEP_MS = 10 * 60_000;

function sweep(now: number): void {
  for (const [id, t] of tasks) if (t.finishedAt !== null && now - t.finishedAt > KEEP_MS) tasks.delete(id);
}

function errorOf(e: unknown): { code: string; message: string } {
  if (e instanceof ApiError) return { code: e.code, message: e.message };
  if (e instanceof TableFileError) return { code: 'VALIDATION', message: e.message };
  return { code: 'INTERNAL', message: '系统内部错误,操作未完成' };
}

/** Starts `work` and answers at once with the task's id. */
export function startTask(actor: ProjectActor, kind: TaskKind, work: (reporter: TaskReporter) => Promise<Outcome>, log: (line: string) => void = (line) => console.error(line)): { taskId: string } {
  sweep(Date.now());
  const task: Task = {
    id: crypto.randomUUID(), kind, state: 'running', phase: '准备中', done: 0, total: 0, file: null, report: null, error: null,
    userId: actor.userId, projectId: actor.projectId, cancelRequested: false, finishedAt: null,
  };
  tasks.set(task.id, task);
  const reporter: TaskReporter = {
    progress(phase, done, total) {
      Object.assign(task, { phase, done, total });
    },
    throwIfCancelled() {
      if (task.cancelRequested) throw new TaskCancelled();
    },
  };
  const finish = (change: Partial<Task>) => Object.assign(task, change, { finishedAt: Date.now() });
  // Started on the next turn, so the caller has the id before any of the work runs.
  setImmediate(() => {
    work(reporter).then(
      (outcome) => {
        if (task.cancelRequested) finish({ state: 'cancelled', phase: '已取消' });
        else finish({ state: 'done', phase: '完成', done: task.total, file: outcome.file ?? null, report: outcome.report ?? null });
      },
      (e: unknown) => {
        if (e instanceof TaskCancelled || task.cancelRequested) return finish({ state: 'cancelled', phase: '已取消' });
        if (!(e instanceof ApiError) && !(e instanceof TableFileError)) log(`task ${kind} failed: ${(e as Error).stack ?? String(e)}`);
        finish({ state: 'failed', phase: '失败', error: errorOf(e) });
      },
    );
  });
  return { taskId: task.id };
}

function own(actor: ProjectActor, taskId: string): Task {
  const task = tasks.get(taskId);
  if (!task || task.userId !== actor.userId || task.projectId !== actor.projectId) throw new ApiError('NOT_FOUND', '未找到该任务(可能已过期),请重新操作');
  return task;
}

function view(t: Task): TaskView {
  return { id: t.id, kind: t.kind, state: t.state, phase: t.phase, done: t.done, total: t.total, file: t.file, report: t.report, error: t.error };
}

export function taskStatus(actor: ProjectActor, taskId: string): TaskView {
  return view(own(actor, taskId));
}

export function cancelTask(actor: ProjectActor, taskId: string): TaskView {
  const task = own(actor, taskId);
  if (task.state === 'running') task.cancelRequested = true;
  return view(task);
}

/** Runs a task's work to its end in this call (the command line and the tests of the work itself). */
export async function runToEnd(work: (reporter: TaskReporter) => Promise<Outcome>): Promise<Outcome> {
  return work({ progress: () => {}, throwIfCancelled: () => {} });
}

/** Asks for a task's view until it has ended (a client of tasks.get: the benchmark, the tests). */
export async function waitForTask(view: () => Promise<TaskView>, intervalMs = 20): Promise<TaskView> {
  for (;;) {
    const v = await view();
    if (v.state !== 'running') return v;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
