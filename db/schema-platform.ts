// 上报 to the national platform (issue 19; shared/product/national-platform.md): the durable queue.
// One row per record the platform must receive (a 参建单位, a 班组, a worker, a contract, an entry
// or exit, a punch, a wage ledger line), unique by what it comes from, so an event is queued once
// and uploaded once; one row per call made, so that a call whose answer was lost (a crash, a
// time-out) is checked on the platform before anything is sent again.
//
// Local only: what this installation sent to the platform is its own business, not the central
// side's (the records themselves travel in sync bundles as before).
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { projects } from './schema';

import { platformKinds } from '../electron/common/contract-platform';

export const platformCalls = sqliteTable('platform_calls', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  kind: text('kind', { enum: platformKinds }).notNull(),
  method: text('method').notNull(),
  /**
   * sending: written before the POST, so a crash leaves a trace of a call that may have arrived;
   * sent: the platform gave its requestSerialCode; done / failed: its asynchronous result.
   */
  state: text('state', { enum: ['sending', 'sent', 'done', 'failed', 'lost'] }).notNull(),
  requestSerialCode: text('request_serial_code'),
  message: text('message').notNull().default(''),
  records: integer('records').notNull(),
  createdAt: text('created_at').notNull(),
  answeredAt: text('answered_at'),
  polls: integer('polls').notNull().default(0),
  nextPollAt: text('next_poll_at'),
}, (t) => [index('platform_calls_open').on(t.projectId, t.state)]);

export const platformRecords = sqliteTable('platform_records', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  kind: text('kind', { enum: platformKinds }).notNull(),
  /** The row it comes from: an employer, team, worker, contract or punch id; `<entry id>:in|out`. */
  sourceId: text('source_id').notNull(),
  /** How the screen names it: 上海第1劳务有限公司, 钢筋一班, 张三, 张三 2020-02-17 08:01 进. */
  label: text('label').notNull(),
  /** The register row a user opens to fix it: the employer, team or worker (the screen's link). */
  subjectId: text('subject_id').notNull(),
  /**
   * waiting: to be sent (perhaps held back by a dependency); sent: inside a call whose result is
   * not known yet; done; failed: the local check or the platform refused it (problem/message say why).
   */
  state: text('state', { enum: ['waiting', 'sent', 'done', 'failed'] }).notNull(),
  /** failed by whom: 'check' (caught here before upload) or 'platform'. */
  failedBy: text('failed_by', { enum: ['check', 'platform'] }),
  message: text('message').notNull().default(''),
  hint: text('hint').notNull().default(''),
  /** What holds a waiting record back (a dependency not done yet), for the screen. */
  waitingFor: text('waiting_for').notNull().default(''),
  callId: text('call_id').references(() => platformCalls.id),
  /** SHA-256 of the business data last sent: a record fixed after a refusal is sent again. */
  dataHash: text('data_hash'),
  /** What the platform returned for it: teamSysNo for a 班组. */
  platformKey: text('platform_key'),
  attempts: integer('attempts').notNull().default(0),
  /** Refused inside a call of many: sent again alone, so the platform's message names this one. */
  sendAlone: integer('send_alone', { mode: 'boolean' }).notNull().default(false),
  nextAttemptAt: text('next_attempt_at'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  doneAt: text('done_at'),
}, (t) => [
  uniqueIndex('platform_records_source').on(t.projectId, t.kind, t.sourceId),
  index('platform_records_state').on(t.projectId, t.kind, t.state),
  index('platform_records_call').on(t.callId),
]);
