// 立即上报 and the automatic mode: one pass at a time per project, run in the background (its
// calls are network waits, the database work between them is small), with its progress for the
// screen and a cancel that stops after the call in flight: every record is then either untouched,
// sent with its serial code kept, or known done, never half.
import type { PlatformJob, PlatformStatus, PlatformRecordView, PlatformKind } from '../../common/contract-platform';
import { platformKinds, platformKindLabels } from '../../common/contract-platform';
import { ApiError } from '../../common/errors';
import type { ProjectActor, Services } from '../context';
import { authorOf, type ChangeAuthor } from '../outbox';
import { providerOf } from './kinds';
import { storedPass } from './pass-state';
import { UploadPass, type PassOptions, type PassReport } from './queue';
import { connectionOf, platformSettings } from './settings';

interface Running {
  job: PlatformJob;
  cancel: { cancelled: boolean };
  done: Promise<PassReport | null>;
}

const running = new Map<string, Running>();

/** Timing of a pass as the app runs it; the tests' stand-in answers quicker, they pass their own. */
export type PassTiming = Pick<PassOptions, 'pollBaseMs' | 'pollMaxMs' | 'pollBudgetMs' | 'settleMs' | 'concurrency'>;

const idle: PlatformJob = { running: false, phase: '', done: 0, total: 0 };

export function jobOf(projectId: string): PlatformJob {
  return running.get(projectId)?.job ?? idle;
}

/** Starts a pass unless one runs; resolves at once with the job (the screen polls platform.status). */
export function startUpload(s: Services, projectId: string, author: ChangeAuthor, timing: PassTiming = {}): { job: PlatformJob; done: Promise<PassReport | null> } {
  const current = running.get(projectId);
  if (current) return { job: current.job, done: current.done };
  const found = connectionOf(s, projectId);
  if ('problem' in found) throw new ApiError('VALIDATION', found.problem);
  const cancel = { cancelled: false };
  const job: PlatformJob = { running: true, phase: '准备上报', done: 0, total: 0 };
  const pass = new UploadPass(s, projectId, {
    connection: found.connection, projectCode: found.settings.projectCode, timeoutMs: found.settings.timeoutSeconds * 1000, author, cancel, ...timing,
    onProgress: (p) => Object.assign(job, p),
  });
  const done = pass.run().catch((e: unknown) => {
    console.error('platform upload failed', e instanceof Error ? e.message : e);
    return null;
  }).finally(() => running.delete(projectId));
  running.set(projectId, { job, cancel, done });
  return { job, done };
}

export function startUploadAs(s: Services, actor: ProjectActor, timing?: PassTiming): PlatformJob {
  return { ...startUpload(s, actor.projectId, authorOf(actor, s.clock.now().toISOString()), timing).job };
}

export function cancelUpload(projectId: string): PlatformJob {
  const current = running.get(projectId);
  if (current) {
    current.cancel.cancelled = true;
    current.job.phase = '正在取消';
  }
  return jobOf(projectId);
}

export function platformStatus(s: Services, projectId: string): PlatformStatus {
  const counts = s.sqlite.prepare('select kind, state, count(*) n from platform_records where project_id = ? group by kind, state').all(projectId) as { kind: PlatformKind; state: string; n: number }[];
  const kinds = platformKinds.map((kind) => {
    const of = (state: string) => counts.find((c) => c.kind === kind && c.state === state)?.n ?? 0;
    return { kind, label: platformKindLabels[kind], available: Boolean(providerOf(kind)), waiting: of('waiting'), sent: of('sent'), done: of('done'), failed: of('failed') };
  });
  const pass = storedPass(s, projectId);
  const settings = platformSettings(s, projectId);
  return {
    kinds,
    lastPass: pass ? { at: pass.at, outcome: pass.outcome, message: pass.message, hint: pass.hint, retryAt: pass.retryAt } : null,
    job: { ...jobOf(projectId) },
    configured: !('problem' in connectionOf(s, projectId)),
    autoMode: settings.autoMode,
  };
}

export function platformRecords(s: Services, projectId: string, input: { state: 'failed' | 'waiting'; kind?: PlatformKind; page: number; pageSize: number }): { rows: PlatformRecordView[]; total: number } {
  const where = `project_id = ? and state = ? ${input.kind ? 'and kind = ?' : ''} ${input.state === 'waiting' ? "and waiting_for <> ''" : ''}`;
  const args = [projectId, input.state, ...(input.kind ? [input.kind] : [])];
  const total = (s.sqlite.prepare(`select count(*) n from platform_records where ${where}`).get(...args) as { n: number }).n;
  const rows = s.sqlite.prepare(`select id, kind, label, subject_id, state, failed_by, message, hint, waiting_for, updated_at from platform_records where ${where}
    order by case kind ${platformKinds.map((k, i) => `when '${k}' then ${i}`).join(' ')} end, created_at, id limit ? offset ?`)
    .all(...args, input.pageSize, (input.page - 1) * input.pageSize) as {
      id: string; kind: PlatformKind; label: string; subject_id: string; state: PlatformRecordView['state']; failed_by: PlatformRecordView['failedBy']; message: string; hint: string; waiting_for: string; updated_at: string;
    }[];
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id, kind: r.kind, kindLabel: platformKindLabels[r.kind], label: r.label, subjectId: r.subject_id, state: r.state, failedBy: r.failed_by,
      message: r.message, hint: r.hint, waitingFor: r.waiting_for, updatedAt: r.updated_at,
    })),
  };
}

/**
 * The automatic mode: every few minutes, for each project that asks for it, a pass, unless one
 * runs, the settings are incomplete, the platform refused the connection (until the settings
 * change), or the last pass found the platform silent and its back-off has not passed. A pass with
 * nothing new is a few queries and no call.
 */
export function startAutoUpload(s: Services, everyMs = 5 * 60_000): () => void {
  const tick = () => {
    const projectIds = (s.sqlite.prepare('select id from projects').all() as { id: string }[]).map((p) => p.id);
    for (const projectId of projectIds) {
      if (running.has(projectId) || !platformSettings(s, projectId).autoMode) continue;
      const pass = storedPass(s, projectId);
      if (pass?.outcome === 'stopped') continue; // a refused secret or app id waits for the settings to change
      if (pass?.retryAt && pass.retryAt > s.clock.now().toISOString()) continue;
      if ('problem' in connectionOf(s, projectId)) continue;
      startUpload(s, projectId, { at: s.clock.now().toISOString(), actorId: null, actorName: '自动上报', projectId });
    }
  };
  const timer = setInterval(() => {
    try {
      tick();
    } catch (e) {
      console.error('automatic upload', e instanceof Error ? e.message : e);
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
