// The rectification loop the site modules share (safety hazards now; quality problems and 监理通知单
// later): 发现 → 通知 with 限期 → 回复 with photos → 复查 by another person → 销项, or reopened.
// The record keeps where it stands; every step is an event row, never an overwrite.
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { projects } from './schema';

export const rectificationStates = ['found', 'notified', 'replied', 'reopened', 'verified', 'closed'] as const;
export const rectificationEventTypes = ['found', 'notified', 'replied', 'review_passed', 'review_failed', 'escalated', 'plan_attached', 'closed'] as const;

export const rectifications = sqliteTable('rectifications', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  /** What opened it: safety_hazard (safety_hazards.id) …; the loop itself does not look inside. */
  sourceKind: text('source_kind').notNull(),
  sourceId: text('source_id').notNull(),
  title: text('title').notNull(),
  description: text('description').notNull(),
  location: text('location').notNull(),
  /** 重大: closing needs a 治理方案 attached and the 项目经理's signature. */
  major: integer('major', { mode: 'boolean' }).notNull(),
  foundOn: text('found_on').notNull(),
  foundBy: text('found_by').notNull(),
  /** 整改责任人 / 单位, from the 通知. */
  responsible: text('responsible').notNull(),
  /** 限期 (site date), from the 通知; a failed 复查 sets a new one. */
  deadline: text('deadline'),
  state: text('state', { enum: rectificationStates }).notNull(),
  /** 复查 rounds so far. */
  reviews: integer('reviews').notNull().default(0),
  escalationLevel: integer('escalation_level').notNull().default(0),
  closedOn: text('closed_on'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [
  index('rectifications_project_state').on(t.projectId, t.state),
  index('rectifications_source').on(t.sourceKind, t.sourceId),
]);

export const rectificationEvents = sqliteTable('rectification_events', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  rectificationId: text('rectification_id').notNull().references(() => rectifications.id),
  type: text('type', { enum: rectificationEventTypes }).notNull(),
  /** The site date the step was taken. */
  on: text('on_date').notNull(),
  /** The account that entered it. */
  userId: text('user_id').notNull(),
  /** Who signed it, and the role they had then (整改人, 复查人, 项目经理 …). */
  signerName: text('signer_name').notNull(),
  signerRole: text('signer_role').notNull(),
  /** 整改要求 / 整改措施 / 复查意见 … */
  text: text('text').notNull(),
  /** 限期 set by this step (通知, a failed 复查). */
  deadline: text('deadline'),
  createdAt: text('created_at').notNull(),
}, (t) => [index('rectification_events_record').on(t.rectificationId, t.createdAt)]);
