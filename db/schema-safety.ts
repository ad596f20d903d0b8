// 安全生产标准化现场: JGJ 59 assessments (检查评分) and their signatures, the 隐患 they open, and
// the people records that hang on the person register: 特种作业 certificates, 三级安全教育 and
// 安全技术交底. Training and briefings name the labour register's 班组 (teams) where one is known.
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { persons, projects } from './schema';
import { teams } from './schema-labour';
import { ruleEditions } from './schema-rules';
import { rectifications } from './schema-rectification';

/** The project's safety facts: floor area and structure (汇总表 heading, 专职安全员 minimum), the 专职安全员, the training hours. */
export const safetyProfiles = sqliteTable('safety_profiles', {
  projectId: text('project_id').primaryKey().references(() => projects.id),
  floorArea: integer('floor_area').notNull(), // 建筑面积 m²
  structureType: text('structure_type').notNull(), // 结构类型
  safetyOfficers: text('safety_officers', { mode: 'json' }).notNull().$type<{ name: string; personId: string | null; certificateNo: string }[]>(),
  /** 三级安全教育 hours of this project; null: those of rules/safety/training.json. */
  trainingHours: text('training_hours', { mode: 'json' }).$type<{ company: number; project: number; team: number } | null>(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

export const assessmentKinds = ['monthly', 'company', 'supervision', 'special', 'seasonal'] as const;
export const assessmentStates = ['draft', 'submitted', 'supervisor_reviewed', 'owner_reviewed', 'locked'] as const;

/** One 检查评分: a month's 自评 or another check. A signed one never changes: a correction is a new revision. */
export const safetyAssessments = sqliteTable('safety_assessments', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  kind: text('kind', { enum: assessmentKinds }).notNull(),
  period: text('period').notNull(), // YYYY-MM
  checkedOn: text('checked_on').notNull(),
  /** 检查单位 / 检查人 as the 汇总表 names them. */
  inspector: text('inspector').notNull(),
  /** What a 专项 or 季节性 check was about; '' for the others. */
  subject: text('subject').notNull(),
  state: text('state', { enum: assessmentStates }).notNull(),
  revision: integer('revision').notNull(),
  revisionOf: text('revision_of'),
  /** Why this revision corrects the one before ('' for the first). */
  revisionReason: text('revision_reason').notNull(),
  summaryEditionId: text('summary_edition_id').notNull().references(() => ruleEditions.id),
  floorArea: integer('floor_area').notNull(),
  structureType: text('structure_type').notNull(),
  /** The score as it stood when submitted: total, grade, the ten 分项 (for lists, charts and the central query). */
  result: text('result', { mode: 'json' }).$type<AssessmentResult | null>(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [index('safety_assessments_project_period').on(t.projectId, t.period)]);

export interface AssessmentResult {
  total: number;
  totalText: string;
  grade: '优良' | '合格' | '不合格';
  zeroTables: string[];
  items: { name: string; weight: number; score: number | null; points: number | null }[];
}

/** A 分项检查评分表 in use in an assessment, scored under one edition of the table. */
export const safetySheets = sqliteTable('safety_sheets', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  assessmentId: text('assessment_id').notNull().references(() => safetyAssessments.id),
  tableKey: text('table_key').notNull(), // B.14
  editionId: text('edition_id').notNull().references(() => ruleEditions.id),
  /** Items that do not exist on this site (缺项). */
  missingItems: text('missing_items', { mode: 'json' }).notNull().$type<number[]>(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [uniqueIndex('safety_sheets_assessment_table').on(t.assessmentId, t.tableKey)]);

/** One deduction: a 扣分标准 line of an item, points per occurrence × occurrences. */
export const safetyDeductions = sqliteTable('safety_deductions', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  sheetId: text('sheet_id').notNull().references(() => safetySheets.id),
  itemNo: integer('item_no').notNull(),
  lineNo: integer('line_no').notNull(), // 1-based, in the sheet's edition
  perPoints: integer('per_points').notNull(),
  quantity: integer('quantity').notNull(),
  points: integer('points').notNull(),
  /** Where and what: "3号楼南侧外架 12层". */
  note: text('note').notNull(),
  /** The deduction of the revision before that this one repeats. */
  copiedFrom: text('copied_from'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [index('safety_deductions_sheet').on(t.sheetId)]);

/** Who signed each step of an assessment, with the role they had then. */
export const safetySignatures = sqliteTable('safety_signatures', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  assessmentId: text('assessment_id').notNull().references(() => safetyAssessments.id),
  step: text('step', { enum: ['submitted', 'supervisor_reviewed', 'owner_reviewed', 'locked'] }).notNull(),
  signerName: text('signer_name').notNull(),
  signerRole: text('signer_role').notNull(),
  opinion: text('opinion').notNull(),
  userId: text('user_id').notNull(),
  signedOn: text('signed_on').notNull(),
  createdAt: text('created_at').notNull(),
}, (t) => [index('safety_signatures_assessment').on(t.assessmentId)]);

export const hazardLevels = ['general', 'major'] as const;

/** A 隐患: the safety side of a rectification (its 分项 or 消防 / 其他, its level, the deduction it came from). */
export const safetyHazards = sqliteTable('safety_hazards', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  rectificationId: text('rectification_id').notNull().references(() => rectifications.id),
  category: text('category').notNull(),
  level: text('level', { enum: hazardLevels }).notNull(),
  assessmentId: text('assessment_id'),
  deductionId: text('deduction_id'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [index('safety_hazards_deduction').on(t.deductionId), uniqueIndex('safety_hazards_rectification').on(t.rectificationId)]);

export const certificateSystems = ['housing', 'emergency'] as const;

/** 特种作业 certificates of a person: 住建 建筑施工特种作业操作资格证书 or 应急管理 特种作业操作证. */
export const workerCertificates = sqliteTable('worker_certificates', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  personId: text('person_id').notNull().references(() => persons.id),
  system: text('system', { enum: certificateSystems }).notNull(),
  category: text('category').notNull(),
  number: text('number').notNull(),
  issuer: text('issuer').notNull(),
  issuedOn: text('issued_on').notNull(),
  expiresOn: text('expires_on').notNull(),
  /** 复审 due (the 应急管理 操作证); null where the system has none. */
  nextReviewOn: text('next_review_on'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  /** Withdrawn (entered by mistake, replaced): kept, no longer counted. */
  revokedAt: text('revoked_at'),
  revokedReason: text('revoked_reason'),
}, (t) => [index('worker_certificates_person').on(t.personId), index('worker_certificates_project_expiry').on(t.projectId, t.expiresOn)]);

export const trainingLevels = ['company', 'project', 'team'] as const;
export const trainingReasons = ['new', 'trade_change', 'return'] as const;

/** One level of 三级安全教育 of a person (入场, or again on a change of trade or a return to work). */
export const safetyTrainings = sqliteTable('safety_trainings', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  personId: text('person_id').notNull().references(() => persons.id),
  level: text('level', { enum: trainingLevels }).notNull(),
  reason: text('reason', { enum: trainingReasons }).notNull(),
  /** 工种 code the training was for ('' when not given). */
  workType: text('work_type').notNull(),
  /** The 班组 that gave a 班组级 training (the worker's team that day); null for the other levels or when not known. */
  teamId: text('team_id').references(() => teams.id),
  trainedOn: text('trained_on').notNull(),
  hours: integer('hours').notNull(),
  trainer: text('trainer').notNull(),
  content: text('content').notNull(),
  score: integer('score'),
  passed: integer('passed', { mode: 'boolean' }).notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [index('safety_trainings_person').on(t.personId, t.trainedOn)]);

/** 安全技术交底: who briefed whom on what; for 危大工程 the 专职安全员 signs as well. */
export const safetyBriefings = sqliteTable('safety_briefings', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  briefedOn: text('briefed_on').notNull(),
  subject: text('subject').notNull(), // 分部分项工程 / 工序
  content: text('content').notNull(),
  briefer: text('briefer').notNull(), // 交底人
  /** The 班组 briefed (labour's teams); null for a record typed before the register knew it. */
  teamId: text('team_id').references(() => teams.id),
  team: text('team').notNull(), // 班组: its name as it was that day
  dangerous: integer('dangerous', { mode: 'boolean' }).notNull(), // 危大工程
  safetyOfficer: text('safety_officer').notNull(), // '' unless dangerous
  attendees: text('attendees', { mode: 'json' }).notNull().$type<{ personId: string; name: string; signed: boolean }[]>(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [index('safety_briefings_project_day').on(t.projectId, t.briefedOn)]);
