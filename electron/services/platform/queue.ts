// The upload queue (national-platform.md, §Order and methods): a pass queues what the register
// holds that the platform has not had, then works through the kinds in order. Rules it keeps:
// - A record goes only once what it refers to is done on the platform; a failed one holds back
//   only its dependants (a worker without 班组 stops his contract, entries and punches, nobody else's).
// - A call is written down ('sending') before it is posted. An answer lost to a time-out or a
//   crash leaves the call uncertain: after a settling time its records are looked up on the
//   platform (the kind's Query) and only those not there are sent again. A write is never resent
//   while its result may still come.
// - Asynchronous results are polled with back-off; a call still working at the end of the pass
//   is polled again by the next one.
// - A refusal of the connection (app id, signature) stops the pass: every call would meet it.
//   No answer at all stops it too (offline), and the next automatic pass waits with back-off.
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import type { PlatformKind, PlatformPass } from '../../common/contract-platform';
import { platformKinds, platformKindLabels } from '../../common/contract-platform';
import type { Services } from '../context';
import { newId } from '../ids';
import { recordAudit, type ChangeAuthor } from '../outbox';
import { canonicalJson } from '../sync/identity';
import { PlatformCallError, PlatformClient, type PlatformConnection } from './client';
import { providerOf, RecordProblem, type Dependency, type PrepareContext, type RecordKindProvider } from './kinds';
import { ASYNC_DONE, ASYNC_FAILED, answerCodes, encryptField } from './protocol';
import { hintFor } from './hints';
import { savePass, storedPass } from './pass-state';

export interface PassOptions {
  connection: PlatformConnection;
  projectCode: string;
  timeoutMs: number;
  author: ChangeAuthor;
  /** First wait before asking for an asynchronous result, doubled up to pollMaxMs. */
  pollBaseMs?: number;
  pollMaxMs?: number;
  /** How long one pass waits for results before leaving them to the next pass. */
  pollBudgetMs?: number;
  /** How long after a lost answer the platform is asked whether the call arrived. */
  settleMs?: number;
  /** Calls in flight at once. */
  concurrency?: number;
  cancel?: { cancelled: boolean };
  onProgress?(p: { phase: string; done: number; total: number }): void;
}

export interface KindReport {
  kind: PlatformKind;
  label: string;
  sent: number;
  done: number;
  failed: number;
}

export interface PassReport extends PlatformPass {
  kinds: KindReport[];
}

/** Ends a pass early: the connection is refused, the platform does not answer, or the user cancelled. */
class StopPass extends Error {
  constructor(readonly outcome: PlatformPass['outcome'], message: string, readonly hint: string) {
    super(message);
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Records prepared in one transaction before the pass lets the event loop turn. */
const PREPARE_SLICE = 2_000;

interface RecordRow {
  id: string; source_id: string; state: string; failed_by: string | null; data_hash: string | null; send_alone: number; message: string; waiting_for: string;
}

interface Ready {
  recordId: string;
  item: Record<string, unknown>;
  hash: string;
}

/** Queues the register's rows that have no queue row yet, every kind, in one transaction. */
export function discover(s: Services, projectId: string): number {
  const at = s.clock.now().toISOString();
  const insert = s.sqlite.prepare(`insert or ignore into platform_records (id, project_id, kind, source_id, label, subject_id, state, created_at, updated_at)
    values (?, ?, ?, ?, ?, ?, 'waiting', ?, ?)`);
  let added = 0;
  s.sqlite.transaction(() => {
    for (const kind of platformKinds) {
      const provider = providerOf(kind);
      for (const d of provider.discover(s.sqlite, projectId)) added += insert.run(newId(), projectId, kind, d.sourceId, d.label, d.subjectId, at, at).changes;
    }
  })();
  return added;
}

export class UploadPass {
  private readonly client: PlatformClient;
  private readonly ctx: PrepareContext;
  private readonly reports = new Map<PlatformKind, KindReport>();
  private progress = { phase: '', done: 0, total: 0 };
  private readonly o: Required<Omit<PassOptions, 'onProgress' | 'cancel'>> & Pick<PassOptions, 'onProgress' | 'cancel'>;
  private notice = '';

  constructor(private readonly s: Services, private readonly projectId: string, options: PassOptions) {
    this.o = { pollBaseMs: 500, pollMaxMs: 10_000, pollBudgetMs: 120_000, settleMs: 60_000, concurrency: 4, ...options };
    this.client = new PlatformClient(options.connection, { timeoutMs: options.timeoutMs, now: () => s.clock.now() });
    const secret = options.connection.secret;
    const statements = new Map<string, Database.Statement>();
    const statement = (sql: string) => {
      let st = statements.get(sql);
      if (!st) statements.set(sql, (st = s.sqlite.prepare(sql)));
      return st;
    };
    this.ctx = { statement, db: s.db, projectId, projectCode: options.projectCode, encrypt: (plain) => encryptField(plain, secret) };
    for (const kind of platformKinds) this.reports.set(kind, { kind, label: platformKindLabels[kind], sent: 0, done: 0, failed: 0 });
  }

  private now(): string {
    return this.s.clock.now().toISOString();
  }

  private step(phase: string, done = 0): void {
    this.progress = { ...this.progress, phase, done: this.progress.done + done };
    this.o.onProgress?.(this.progress);
  }

  private checkCancel(): void {
    if (this.o.cancel?.cancelled) throw new StopPass('cancelled', '上报已取消:已发出的记录会在下次上报时继续查询结果', '');
  }

  async run(): Promise<PassReport> {
    let outcome: PlatformPass['outcome'] = 'ok';
    let message = '';
    let hint = '';
    try {
      this.step('整理待上报记录');
      discover(this.s, this.projectId);
      this.progress.total = (this.s.sqlite.prepare(`select count(*) n from platform_records where project_id = ? and state in ('waiting', 'sent')`).get(this.projectId) as { n: number }).n;
      await this.resolveUncertainCalls();
      await this.pollOpenCalls(null);
      for (const kind of platformKinds) {
        const provider = providerOf(kind);
        for (;;) {
          this.checkCancel();
          this.step(`上报${platformKindLabels[kind]}`);
          const sent = await this.sendReady(provider);
          await this.pollOpenCalls(kind);
          if (sent === 0) break;
        }
      }
      const failed = [...this.reports.values()].reduce((n, r) => n + r.failed, 0);
      const stillFailed = (this.s.sqlite.prepare(`select count(*) n from platform_records where project_id = ? and state = 'failed'`).get(this.projectId) as { n: number }).n;
      if (failed || stillFailed) {
        outcome = 'failures';
        message = `有 ${stillFailed} 条记录未能上报`;
        hint = '在下面的列表中按提示修改各条记录,修改后再点 立即上报';
      } else {
        message = this.notice || '上报完成';
      }
    } catch (e) {
      if (!(e instanceof StopPass)) throw e;
      outcome = e.outcome;
      message = e.message;
      hint = e.hint;
    }
    const at = this.now();
    const previous = storedPass(this.s, this.projectId);
    const offlineStreak = outcome === 'offline' ? (previous?.offlineStreak ?? 0) + 1 : 0;
    const retryAt = outcome === 'offline' ? new Date(Date.parse(at) + Math.min(60_000 * 2 ** (offlineStreak - 1), 30 * 60_000)).toISOString() : null;
    const kinds = [...this.reports.values()];
    const sentAny = kinds.some((k) => k.sent > 0);
    this.s.db.transaction((tx) => {
      savePass(tx, this.projectId, { at, outcome, message, hint, retryAt, offlineStreak });
      // The platform received full ID and bank card numbers: a full export, on the audit trail.
      if (sentAny) recordAudit(tx, this.o.author, { action: 'platform_upload', tableName: 'platform_records', after: { outcome, kinds: kinds.filter((k) => k.sent).map((k) => ({ kind: k.kind, sent: k.sent, done: k.done, failed: k.failed })) } });
    });
    return { at, outcome, message, hint, retryAt, kinds };
  }

  // ---- sending ----

  private dependencyState(d: Dependency): { state: string; key: string | null } | undefined {
    const row = this.ctx.statement('select state, platform_key from platform_records where project_id = ? and kind = ? and source_id = ?')
      .get(this.projectId, d.kind, d.sourceId) as { state: string; platform_key: string | null } | undefined;
    return row ? { state: row.state, key: row.platform_key } : undefined;
  }

  private markFailed(recordId: string, by: 'check' | 'platform', message: string, hint: string, hash: string | null = null): void {
    this.s.sqlite.prepare(`update platform_records set state = 'failed', failed_by = ?, message = ?, hint = ?, waiting_for = '', call_id = null, updated_at = ?,
      data_hash = coalesce(?, data_hash) where id = ?`).run(by, message, hint, this.now(), hash, recordId);
  }

  /** Prepares one slice of a kind's records: each is failed (a check), left waiting (a dependency) or grouped to go. */
  private prepareSlice(provider: RecordKindProvider, rows: RecordRow[], groups: Map<string, { group: Record<string, unknown>; ready: Ready[] }>,
    alone: { group: Record<string, unknown>; ready: Ready[] }[], setWaiting: Database.Statement): void {
    const report = this.reports.get(provider.kind)!;
    for (const row of rows) {
      let prepared;
      try {
        prepared = provider.prepare(this.ctx, row.source_id);
      } catch (e) {
        if (!(e instanceof RecordProblem)) throw e;
        if (row.state !== 'failed' || row.message !== e.message) {
          this.markFailed(row.id, 'check', e.message, e.hint);
          report.failed++;
        }
        continue;
      }
      const blocking = prepared.dependsOn.map((d) => ({ d, st: this.dependencyState(d) })).find(({ st }) => st?.state !== 'done');
      if (blocking) {
        const waitingFor = blocking.st?.state === 'failed' ? `${blocking.d.label}未能上报,待其修改后再上报` : `等待${blocking.d.label}上报完成`;
        if (row.state === 'failed' && row.failed_by === 'platform') continue; // stays failed: it needs a fix of its own too
        if (row.state !== 'waiting' || row.waiting_for !== waitingFor) setWaiting.run(waitingFor, this.now(), row.id);
        continue;
      }
      const built = prepared.build((d) => this.dependencyState(d)?.key ?? '');
      const hash = crypto.createHash('sha256').update(canonicalJson(built)).digest('hex');
      // Refused by the platform and not changed since: sent again only on 重新上报.
      if (row.state === 'failed' && row.failed_by === 'platform' && row.data_hash === hash) continue;
      const ready = { recordId: row.id, item: built.item, hash };
      if (row.send_alone) {
        alone.push({ group: built.group, ready: [ready] });
        continue;
      }
      const key = canonicalJson(built.group);
      const g = groups.get(key) ?? { group: built.group, ready: [] };
      g.ready.push(ready);
      groups.set(key, g);
    }
  }

  /** Prepares every record of the kind that may go now, groups them and sends the groups. */
  private async sendReady(provider: RecordKindProvider): Promise<number> {
    const rows = this.s.sqlite.prepare(`select id, source_id, state, failed_by, data_hash, send_alone, message, waiting_for from platform_records
      where project_id = ? and kind = ? and state in ('waiting', 'failed') and (next_attempt_at is null or next_attempt_at <= ?) order by created_at, id`)
      .all(this.projectId, provider.kind, this.now()) as RecordRow[];
    const groups = new Map<string, { group: Record<string, unknown>; ready: Ready[] }>();
    const alone: { group: Record<string, unknown>; ready: Ready[] }[] = [];
    const setWaiting = this.s.sqlite.prepare(`update platform_records set state = 'waiting', failed_by = null, message = '', hint = '', waiting_for = ?, updated_at = ? where id = ?`);
    // A slice at a time, each its own transaction, with a turn of the event loop between: a month of
    // punches takes minutes to prepare, and the screen (and 取消) must not wait for all of them.
    for (let start = 0; start < rows.length; start += PREPARE_SLICE) {
      if (start > 0) {
        await new Promise<void>((r) => setImmediate(r));
        this.checkCancel();
        this.step(`整理${platformKindLabels[provider.kind]} ${start.toLocaleString('en')} / ${rows.length.toLocaleString('en')}`);
      }
      this.s.sqlite.transaction(() => this.prepareSlice(provider, rows.slice(start, start + PREPARE_SLICE), groups, alone, setWaiting))();
    }
    const chunks: { group: Record<string, unknown>; ready: Ready[] }[] = [...alone];
    for (const g of groups.values()) {
      for (let i = 0; i < g.ready.length; i += provider.maxBatch) chunks.push({ group: g.group, ready: g.ready.slice(i, i + provider.maxBatch) });
    }
    let sent = 0;
    let stop: unknown = null;
    const worker = async () => {
      while (chunks.length && !stop) {
        const chunk = chunks.shift()!;
        try {
          this.checkCancel();
          sent += await this.sendCall(provider, chunk.group, chunk.ready);
        } catch (e) {
          stop = e;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.o.concurrency) }, worker));
    if (stop) throw stop;
    return sent;
  }

  /** One write call: written down first, then posted; its records are 'sent' until the result. */
  private async sendCall(provider: RecordKindProvider, group: Record<string, unknown>, ready: Ready[]): Promise<number> {
    const callId = newId();
    const at = this.now();
    const report = this.reports.get(provider.kind)!;
    const markSent = this.s.sqlite.prepare(`update platform_records set state = 'sent', failed_by = null, message = '', hint = '', waiting_for = '', call_id = ?, data_hash = ?,
      attempts = attempts + 1, updated_at = ? where id = ?`);
    this.s.sqlite.transaction(() => {
      this.s.sqlite.prepare(`insert into platform_calls (id, project_id, kind, method, state, records, created_at) values (?, ?, ?, ?, 'sending', ?, ?)`)
        .run(callId, this.projectId, provider.kind, provider.method, ready.length, at);
      for (const r of ready) markSent.run(callId, r.hash, at, r.recordId);
    })();
    let serial: string;
    try {
      serial = await this.client.write(provider.method, provider.callData(group, ready.map((r) => r.item)));
    } catch (e) {
      if (!(e instanceof PlatformCallError)) throw e;
      if (e.failure === 'transport') {
        // It may have arrived: the call stays 'sending', to be looked up on the platform later.
        throw new StopPass('offline', `${e.message}:${ready.length} 条${platformKindLabels[provider.kind]}的上报结果未知`,
          '网络恢复后会自动重试;已发出的记录会先向平台核对,不会重复上报');
      }
      this.s.sqlite.transaction(() => {
        this.s.sqlite.prepare(`update platform_calls set state = 'failed', message = ?, answered_at = ? where id = ?`).run(e.message, this.now(), callId);
        this.s.sqlite.prepare(`update platform_records set state = 'waiting', call_id = null, updated_at = ? where call_id = ?`).run(this.now(), callId);
      })();
      if (e.concernsConnection) throw new StopPass('stopped', `国家平台拒绝了本机的请求:${e.message}`, hintFor(e.message, e.code));
      if (e.code === answerCodes.tooFrequent) {
        // Refused before processing: safe to send again, after a pause.
        await sleep(this.o.pollBaseMs);
        return 0;
      }
      this.refused(provider, ready, e.message);
      report.failed += ready.length === 1 ? 1 : 0;
      return ready.length === 1 ? 0 : ready.length;
    }
    this.s.sqlite.prepare(`update platform_calls set state = 'sent', request_serial_code = ? where id = ?`).run(serial, callId);
    report.sent += ready.length;
    return ready.length;
  }

  /** A refusal of one record is its own; of a call of many, each is sent again alone to find which. */
  private refused(provider: RecordKindProvider, ready: Ready[], message: string): void {
    if (ready.length === 1) {
      this.markFailed(ready[0]!.recordId, 'platform', message, hintFor(message), ready[0]!.hash);
      return;
    }
    const again = this.s.sqlite.prepare(`update platform_records set state = 'waiting', send_alone = 1, call_id = null, updated_at = ? where id = ?`);
    this.s.sqlite.transaction(() => { for (const r of ready) again.run(this.now(), r.recordId); })();
  }

  // ---- results ----

  /** Polls the calls that have a serial code (of one kind, or all) until answered or the budget is spent. */
  private async pollOpenCalls(kind: PlatformKind | null): Promise<void> {
    const calls = this.s.sqlite.prepare(`select id, kind, request_serial_code, records, polls from platform_calls where project_id = ? and state = 'sent' ${kind ? 'and kind = ?' : ''}`)
      .all(...(kind ? [this.projectId, kind] : [this.projectId])) as { id: string; kind: PlatformKind; request_serial_code: string; records: number; polls: number }[];
    if (!calls.length) return;
    const started = Date.now();
    const pending = calls.map((c) => ({ ...c, nextAt: Date.now() + this.o.pollBaseMs, polls: 0 }));
    while (pending.length) {
      this.checkCancel();
      const now = Date.now();
      const due = pending.filter((c) => c.nextAt <= now);
      for (const c of due) {
        let result;
        try {
          result = await this.client.result(c.request_serial_code, this.ctx.projectCode);
        } catch (e) {
          if (!(e instanceof PlatformCallError)) throw e;
          if (e.failure === 'transport') throw new StopPass('offline', `${e.message}:上报结果尚未取回`, '网络恢复后会自动继续查询结果');
          throw new StopPass('stopped', `国家平台拒绝了本机的请求:${e.message}`, hintFor(e.message, e.code));
        }
        if (result.status === ASYNC_DONE || result.status === ASYNC_FAILED) {
          this.answered(c, result.status === ASYNC_DONE, result.message, result.data);
          pending.splice(pending.indexOf(c), 1);
        } else {
          c.polls++;
          this.s.sqlite.prepare('update platform_calls set polls = polls + 1 where id = ?').run(c.id);
          c.nextAt = Date.now() + Math.min(this.o.pollBaseMs * 2 ** c.polls, this.o.pollMaxMs);
        }
      }
      if (!pending.length) break;
      if (Date.now() - started > this.o.pollBudgetMs) {
        this.notice = `国家平台仍在处理 ${pending.reduce((n, c) => n + c.records, 0)} 条记录,下次上报时继续查询结果`;
        return;
      }
      await sleep(Math.max(5, Math.min(...pending.map((c) => c.nextAt)) - Date.now()));
    }
  }

  private answered(call: { id: string; kind: PlatformKind; records: number }, done: boolean, message: string, data: unknown): void {
    const provider = providerOf(call.kind);
    const report = this.reports.get(call.kind)!;
    const at = this.now();
    const records = this.s.sqlite.prepare('select id, data_hash from platform_records where call_id = ?').all(call.id) as { id: string; data_hash: string | null }[];
    this.s.sqlite.transaction(() => {
      this.s.sqlite.prepare(`update platform_calls set state = ?, message = ?, answered_at = ? where id = ?`).run(done ? 'done' : 'failed', message, at, call.id);
      if (done) {
        const key = provider.keyFromResult?.(data, {}) ?? null;
        this.s.sqlite.prepare(`update platform_records set state = 'done', platform_key = coalesce(?, platform_key), message = '', hint = '', send_alone = 0, done_at = ?, updated_at = ? where call_id = ?`)
          .run(key, at, at, call.id);
        report.done += records.length;
        this.step('', records.length);
      } else if (records.length === 1) {
        this.markFailed(records[0]!.id, 'platform', message, hintFor(message), records[0]!.data_hash);
        report.failed++;
      } else {
        this.s.sqlite.prepare(`update platform_records set state = 'waiting', send_alone = 1, call_id = null, updated_at = ? where call_id = ?`).run(at, call.id);
      }
    })();
  }

  /**
   * Calls written down but never answered (the app died, the line dropped, the platform timed
   * out): once settled, each record is looked up on the platform; found ones are done, the others
   * go back to waiting. Younger ones wait: the platform may still be storing them.
   */
  private async resolveUncertainCalls(): Promise<void> {
    const calls = this.s.sqlite.prepare(`select id, kind, created_at from platform_calls where project_id = ? and state = 'sending'`).all(this.projectId) as { id: string; kind: PlatformKind; created_at: string }[];
    const nowMs = this.s.clock.now().getTime();
    let young = 0;
    for (const call of calls) {
      const provider = providerOf(call.kind);
      if (nowMs - Date.parse(call.created_at) < this.o.settleMs) {
        young += (this.s.sqlite.prepare('select count(*) n from platform_records where call_id = ?').get(call.id) as { n: number }).n;
        continue;
      }
      this.step('向平台核对结果未知的记录');
      const records = this.s.sqlite.prepare('select id, source_id from platform_records where call_id = ?').all(call.id) as { id: string; source_id: string }[];
      for (const r of records) {
        this.checkCancel();
        let found: { found: boolean; key?: string | null } = { found: false };
        try {
          const prepared = provider.prepare(this.ctx, r.source_id);
          const built = prepared.build((d) => this.dependencyState(d)?.key ?? '');
          const q = provider.existsQuery(built.group, built.item);
          found = provider.found((await this.client.call(q.method, q.data)).data, built.item);
        } catch (e) {
          if (e instanceof PlatformCallError) {
            if (e.failure === 'transport') throw new StopPass('offline', `${e.message}:无法核对结果未知的记录`, '网络恢复后会自动重试');
            if (e.concernsConnection) throw new StopPass('stopped', `国家平台拒绝了本机的请求:${e.message}`, hintFor(e.message, e.code));
          } else if (!(e instanceof RecordProblem)) throw e;
        }
        const at = this.now();
        if (found.found) {
          this.s.sqlite.prepare(`update platform_records set state = 'done', platform_key = coalesce(?, platform_key), done_at = ?, updated_at = ? where id = ?`).run(found.key ?? null, at, at, r.id);
          this.reports.get(call.kind)!.done++;
        } else {
          this.s.sqlite.prepare(`update platform_records set state = 'waiting', call_id = null, updated_at = ? where id = ?`).run(at, r.id);
        }
      }
      this.s.sqlite.prepare(`update platform_calls set state = 'lost', answered_at = ?, message = '应答丢失,已向平台核对' where id = ?`).run(this.now(), call.id);
    }
    if (young) this.notice = `${young} 条记录的上报结果未知,将在 ${Math.round(this.o.settleMs / 1000)} 秒后向平台核对`;
  }
}

/** 重新上报: a record the platform refused goes back to the queue as it is now. */
export function retryRecord(s: Services, projectId: string, recordId: string): boolean {
  return s.sqlite.prepare(`update platform_records set state = 'waiting', failed_by = null, data_hash = null, send_alone = 0, message = '', hint = '', updated_at = ?
    where id = ? and project_id = ? and state = 'failed'`).run(s.clock.now().toISOString(), recordId, projectId).changes > 0;
}
