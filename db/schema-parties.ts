// 参建各方 on a project, as the site modules 建材管理, 质量标准化 and 监理报告 need them: the names of
// the 建设, 监理, 勘察 and 设计 单位 and the dates the 监理月报 run between; who holds which position
// (岗位) beyond what an account's role says; and every signature of those modules, with the
// position the signer held when they signed.
import { sqliteTable, text, index } from 'drizzle-orm/sqlite-core';
import { employers, projects } from './schema';
import { positionCodes } from '../electron/common/parties/positions';

export const projectParties = sqliteTable('project_parties', {
  projectId: text('project_id').primaryKey().references(() => projects.id),
  ownerName: text('owner_name').notNull(), // 建设单位
  supervisorName: text('supervisor_name').notNull(), // 监理单位
  surveyName: text('survey_name').notNull(), // 勘察单位
  designName: text('design_name').notNull(), // 设计单位
  /** 质量安全报监 (site date): the 监理月报 are due from this month on. */
  filedOn: text('filed_on'),
  /** 竣工验收合格 (site date): the last month a 月报 is due. */
  completedOn: text('completed_on'),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/**
 * An appointment to a position: a 施工 account as 质量检查员, 专业工长 …, a 监理 or 建设 account as
 * 见证人 (its 授权书 an attachment owned by this row), or an external person (勘察 / 设计). Positions
 * an account holds by its role have no row here. Never deleted: revoked, with the reason.
 */
export const appointments = sqliteTable('appointments', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  position: text('position', { enum: positionCodes }).notNull(),
  /** The account that signs in this position; null for an external person. */
  userId: text('user_id'),
  name: text('name').notNull(),
  organization: text('organization').notNull(),
  /** The 参建单位 (employers row) the holder works for, where it is registered. */
  employerId: text('employer_id').references(() => employers.id),
  phone: text('phone').notNull(),
  validFrom: text('valid_from').notNull(),
  revokedOn: text('revoked_on'),
  revokedReason: text('revoked_reason'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [index('appointments_project_position').on(t.projectId, t.position), index('appointments_user').on(t.userId)]);

/**
 * One signature on a record of the site modules (a 检验批 record, a 分部 acceptance, a 进场验收, a
 * 见证 of a sample, a 监理月报 …). A record with its signatures never changes: a correction is a new
 * revision. `position` is the one the signer held when signing, kept whatever happens to it later.
 */
export const recordSignatures = sqliteTable('record_signatures', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  /** What was signed: material_batch, material_sample, lot_record, acceptance, monthly_report … */
  recordKind: text('record_kind').notNull(),
  recordId: text('record_id').notNull(),
  position: text('position', { enum: positionCodes }).notNull(),
  positionLabel: text('position_label').notNull(),
  signerName: text('signer_name').notNull(),
  /** The signer's account; null when an external person's signature on paper was recorded. */
  userId: text('user_id'),
  appointmentId: text('appointment_id'),
  /** The account that entered the signature (the signer, or who recorded an external one). */
  recordedBy: text('recorded_by').notNull(),
  recordedByName: text('recorded_by_name').notNull(),
  signedOn: text('signed_on').notNull(),
  /** 合格 / 不合格, 同意 / 不同意 where the signature decides something; '' where it only attests. */
  verdict: text('verdict').notNull(),
  opinion: text('opinion').notNull(),
  createdAt: text('created_at').notNull(),
}, (t) => [index('record_signatures_record').on(t.recordKind, t.recordId)]);
