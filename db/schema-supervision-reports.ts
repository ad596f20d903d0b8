// 监理报告 (Shanghai, since 2024-09-20): the 监理's instruments on a project — 监理通知单 (through the
// shared rectification loop: 回复单 and 复查 are its steps), 工程暂停令 and 复工令, 旁站记录 — and
// its two reports, the 监理月报 (drafted from the other modules, edited, signed by the 总监 only,
// queued to send) and the 监理紧急报告 with its first-contact log.
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { projects } from './schema';
import { rectifications } from './schema-rectification';
import { materialPours } from './schema-materials';

/** 监理通知单: the 监理 side of a rectification (its number, and what it escalated, if anything). */
export const supervisionNotices = sqliteTable('supervision_notices', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  number: text('number').notNull(), // 监通〔2024〕001
  rectificationId: text('rectification_id').notNull().references(() => rectifications.id),
  subject: text('subject').notNull(), // 事由
  /** The hazard or quality problem past its 限期 this notice escalated. */
  sourceRectificationId: text('source_rectification_id').references(() => rectifications.id),
  issuedOn: text('issued_on').notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [uniqueIndex('supervision_notices_number').on(t.projectId, t.number), uniqueIndex('supervision_notices_rectification').on(t.rectificationId)]);

export const stopOrderStates = ['stopped', 'resume_applied', 'resumed'] as const;

/** 工程暂停令 and, when work may go on, its 复工令 (on the 施工单位's 复工报审). */
export const supervisionStopOrders = sqliteTable('supervision_stop_orders', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  number: text('number').notNull(),
  issuedOn: text('issued_on').notNull(),
  scope: text('scope').notNull(), // 暂停施工的部位(工序)
  reason: text('reason').notNull(),
  requirement: text('requirement').notNull(),
  /** The 监理通知单 left unanswered, or the 重大 rectification, it follows from. */
  noticeId: text('notice_id').references(() => supervisionNotices.id),
  sourceRectificationId: text('source_rectification_id').references(() => rectifications.id),
  /** 报告建设单位 (site date), with the stop order. */
  reportedToOwnerOn: text('reported_to_owner_on'),
  state: text('state', { enum: stopOrderStates }).notNull(),
  resumeApplication: text('resume_application').notNull(),
  resumeAppliedOn: text('resume_applied_on'),
  resumedOn: text('resumed_on'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [uniqueIndex('supervision_stop_orders_number').on(t.projectId, t.number)]);

/** 旁站记录: a 关键部位 / 关键工序 watched from start to end. */
export const supervisionSideRecords = sqliteTable('supervision_side_records', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  recordedOn: text('recorded_on').notNull(),
  startTime: text('start_time').notNull(), // HH:mm
  endTime: text('end_time').notNull(),
  part: text('part').notNull(), // 旁站的关键部位、关键工序
  construction: text('construction').notNull(), // 施工情况
  supervision: text('supervision').notNull(), // 监理情况
  problems: text('problems').notNull(), // 发现的问题及处理情况
  pourId: text('pour_id').references(() => materialPours.id),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [index('supervision_side_records_day').on(t.projectId, t.recordedOn)]);

export const monthlyStates = ['draft', 'signed', 'queued'] as const;

/** 监理月报 of one month: its figures as drafted, its text as edited; a signed one is a revision's end. */
export const supervisionMonthlyReports = sqliteTable('supervision_monthly_reports', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  period: text('period').notNull(), // YYYY-MM
  revision: integer('revision').notNull(),
  revisionOf: text('revision_of'),
  revisionReason: text('revision_reason').notNull(),
  state: text('state', { enum: monthlyStates }).notNull(),
  /** The figures drawn from the other modules (services/supervision-reports/figures.ts). */
  figures: text('figures', { mode: 'json' }).notNull().$type<Record<string, unknown>>(),
  figuresAt: text('figures_at').notNull(),
  /** The 总监's text, section by section. */
  sections: text('sections', { mode: 'json' }).notNull().$type<{ key: string; title: string; text: string }[]>(),
  reportEditionId: text('report_edition_id').notNull(),
  signedOn: text('signed_on'),
  queuedAt: text('queued_at'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [index('supervision_monthly_period').on(t.projectId, t.period)]);

export const emergencyStates = ['draft', 'contacted', 'signed', 'queued'] as const;

/** 监理紧急报告: first by phone (the contact log), then in writing signed by the 总监. */
export const supervisionEmergencyReports = sqliteTable('supervision_emergency_reports', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  number: text('number').notNull(),
  kind: text('kind', { enum: ['major_hazard', 'refused_rectification', 'refused_stop'] }).notNull(),
  subject: text('subject').notNull(),
  content: text('content').notNull(),
  /** The chain of evidence: the hazard, the notices, the stop order, as they stood when drafted. */
  evidence: text('evidence', { mode: 'json' }).notNull().$type<{ kind: string; id: string; label: string }[]>(),
  sourceRectificationId: text('source_rectification_id').references(() => rectifications.id),
  stopOrderId: text('stop_order_id').references(() => supervisionStopOrders.id),
  reportEditionId: text('report_edition_id').notNull(),
  state: text('state', { enum: emergencyStates }).notNull(),
  signedOn: text('signed_on'),
  queuedAt: text('queued_at'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [uniqueIndex('supervision_emergency_number').on(t.projectId, t.number)]);

/** The first contacts of an emergency report: who was called, when, what was said. */
export const supervisionContacts = sqliteTable('supervision_contacts', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  reportId: text('report_id').notNull().references(() => supervisionEmergencyReports.id),
  contactedAt: text('contacted_at').notNull(), // site time YYYY-MM-DD HH:mm
  channel: text('channel').notNull(), // 电话 …
  party: text('party').notNull(), // 监督机构 / 建设单位
  person: text('person').notNull(),
  phone: text('phone').notNull(),
  summary: text('summary').notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [index('supervision_contacts_report').on(t.reportId, t.contactedAt)]);
