// 质量标准化 (GB 50300-2013): the project's 单位(子单位)工程 and its 检验批 划分 (each lot under a 分项
// of the hierarchy, proposed by the 施工单位 and approved by the 监理), a lot's inspection records
// (revisions: a rework or a treated lot is a new one) with their 主控 / 一般 items, the batches a
// lot used, 隐蔽工程验收, the 分项 and 分部 acceptances, 实测实量, the 施工现场质量管理检查记录,
// and the quality problems that go through the shared rectification loop.
import { sqliteTable, text, integer, real, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { projects } from './schema';
import { ruleEditions } from './schema-rules';
import { rectifications } from './schema-rectification';
import { materialBatches } from './schema-materials';

/** 单位(子单位)工程: 1号楼, 地下车库 … */
export const qualityUnits = sqliteTable('quality_units', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  name: text('name').notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [uniqueIndex('quality_units_project_name').on(t.projectId, t.name)]);

export const lotPlanStates = ['proposed', 'approved'] as const;

/** 检验批 in the 划分: under one 分项 of the hierarchy edition it was planned with. */
export const qualityLots = sqliteTable('quality_lots', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  unitId: text('unit_id').notNull().references(() => qualityUnits.id),
  divisionCode: text('division_code').notNull(), // 01 地基与基础 …
  subdivisionCode: text('subdivision_code').notNull(), // 0201 混凝土结构 …
  subitemCode: text('subitem_code').notNull(), // 020102 钢筋 …
  name: text('name').notNull(), // 3层柱钢筋安装 …
  part: text('part').notNull(), // 检验批部位: 3层 1~8/A~D轴
  capacity: integer('capacity').notNull(), // 检验批容量
  capacityUnit: text('capacity_unit').notNull(), // 件, 处, m² …
  planState: text('plan_state', { enum: lotPlanStates }).notNull(),
  divisionsEditionId: text('divisions_edition_id').notNull().references(() => ruleEditions.id),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [index('quality_lots_unit').on(t.unitId, t.subitemCode)]);

export const lotRecordStates = ['draft', 'self_checked', 'accepted', 'failed'] as const;
/** How a record came to be: the first inspection, or one of GB 50300 §5.0.6's paths after a failure. */
export const lotPaths = ['first', 'rework', 'appraisal', 'design_check', 'reinforcement'] as const;

/** 检验批质量验收记录: one revision of a lot's inspection. Signed, it never changes. */
export const qualityLotRecords = sqliteTable('quality_lot_records', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  lotId: text('lot_id').notNull().references(() => qualityLots.id),
  revision: integer('revision').notNull(),
  revisionOf: text('revision_of'),
  path: text('path', { enum: lotPaths }).notNull(),
  /** What the path rests on: the 检测鉴定 report, the 设计核算, the 加固 plan … ('' for the first). */
  pathNote: text('path_note').notNull(),
  inspectedOn: text('inspected_on').notNull(),
  acceptanceEditionId: text('acceptance_edition_id').notNull().references(() => ruleEditions.id),
  state: text('state', { enum: lotRecordStates }).notNull(),
  /** The judgement as it stood when the 施工单位 signed (pass rates, reasons). */
  result: text('result', { mode: 'json' }).$type<LotJudgementSnapshot | null>(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [index('quality_lot_records_lot').on(t.lotId, t.revision)]);

export interface LotJudgementSnapshot {
  passed: boolean;
  mainPassed: boolean;
  generalRate: number | null;
  generalRequired: number;
  reasons: string[];
}

export const lotItemGroups = ['main', 'general'] as const;

/** One 主控项目 or 一般项目 row of a lot record. */
export const qualityLotItems = sqliteTable('quality_lot_items', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  recordId: text('record_id').notNull().references(() => qualityLotRecords.id),
  group: text('group', { enum: lotItemGroups }).notNull(),
  no: integer('no').notNull(),
  name: text('name').notNull(), // 验收项目
  requirement: text('requirement').notNull(), // 设计要求及规范规定
  /** 全数检查 (every unit of the lot), or sampled against the minimum of GB 50300 表3.0.9. */
  fullCheck: integer('full_check', { mode: 'boolean' }).notNull(),
  /** A minimum the specialty code sets for this item, above the table's (null: the table's). */
  minimumSample: integer('minimum_sample'),
  sampled: integer('sampled').notNull(), // 实际抽样数量
  qualified: integer('qualified').notNull(), // 合格数
  severeDefect: integer('severe_defect', { mode: 'boolean' }).notNull(),
  /** A pass rate the specialty code sets for this 一般项目, as a percentage (null: the edition's default). */
  requiredRate: integer('required_rate'),
  note: text('note').notNull(), // 检查记录
}, (t) => [index('quality_lot_items_record').on(t.recordId, t.group, t.no)]);

/** The batches a lot used: their reports decide whether it may be accepted. */
export const qualityLotMaterials = sqliteTable('quality_lot_materials', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  lotId: text('lot_id').notNull().references(() => qualityLots.id),
  batchId: text('batch_id').notNull().references(() => materialBatches.id),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [uniqueIndex('quality_lot_materials_pair').on(t.lotId, t.batchId), index('quality_lot_materials_batch').on(t.batchId)]);

export const concealedStates = ['draft', 'accepted', 'rejected'] as const;

/** 隐蔽工程验收记录: covers one or more lots, which wait for its acceptance. */
export const qualityConcealed = sqliteTable('quality_concealed', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  unitId: text('unit_id').notNull().references(() => qualityUnits.id),
  part: text('part').notNull(), // 隐蔽部位
  content: text('content').notNull(), // 隐蔽内容
  checkedOn: text('checked_on').notNull(),
  state: text('state', { enum: concealedStates }).notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
});

export const qualityConcealedLots = sqliteTable('quality_concealed_lots', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  concealedId: text('concealed_id').notNull().references(() => qualityConcealed.id),
  lotId: text('lot_id').notNull().references(() => qualityLots.id),
}, (t) => [uniqueIndex('quality_concealed_lots_pair').on(t.concealedId, t.lotId), index('quality_concealed_lots_lot').on(t.lotId)]);

export const acceptanceLevels = ['subitem', 'division'] as const;

/** 分项 / 分部 工程质量验收记录 of a unit. */
export const qualityAcceptances = sqliteTable('quality_acceptances', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  unitId: text('unit_id').notNull().references(() => qualityUnits.id),
  level: text('level', { enum: acceptanceLevels }).notNull(),
  code: text('code').notNull(), // the 分项 or 分部 code
  name: text('name').notNull(),
  state: text('state', { enum: ['draft', 'accepted'] }).notNull(),
  acceptanceEditionId: text('acceptance_edition_id').notNull().references(() => ruleEditions.id),
  /** What it covered when opened: the lots (分项) or the 分项 (分部), with their results. */
  summary: text('summary', { mode: 'json' }).notNull().$type<{ id: string; name: string; part: string; result: string }[]>(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [uniqueIndex('quality_acceptances_unit_code').on(t.unitId, t.level, t.code)]);

/** 实测实量: the points measured for one item at one location, against the tolerance of its edition. */
export const qualityMeasurements = sqliteTable('quality_measurements', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  unitId: text('unit_id').references(() => qualityUnits.id),
  location: text('location').notNull(), // 3层 301室
  itemKey: text('item_key').notNull(),
  itemName: text('item_name').notNull(),
  toleranceEditionId: text('tolerance_edition_id').notNull().references(() => ruleEditions.id),
  /** The allowed deviation when measured (mm), kept with the points. */
  lower: real('lower').notNull(),
  upper: real('upper').notNull(),
  measuredOn: text('measured_on').notNull(),
  measuredBy: text('measured_by').notNull(),
  points: text('points', { mode: 'json' }).notNull().$type<number[]>(),
  passed: integer('passed').notNull(),
  total: integer('total').notNull(),
  /** The quality problem opened for its failing points. */
  rectificationId: text('rectification_id').references(() => rectifications.id),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [index('quality_measurements_project').on(t.projectId, t.measuredOn)]);

/** A quality problem: the quality side of a rectification (what it came from). */
export const qualityProblems = sqliteTable('quality_problems', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  rectificationId: text('rectification_id').notNull().references(() => rectifications.id),
  origin: text('origin', { enum: ['round', 'lot', 'measurement'] }).notNull(),
  lotId: text('lot_id').references(() => qualityLots.id),
  measurementId: text('measurement_id'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [uniqueIndex('quality_problems_rectification').on(t.rectificationId)]);

/** 施工现场质量管理检查记录 (附录A): the items as the edition lists them, with what was found. */
export const qualitySiteChecks = sqliteTable('quality_site_checks', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  editionId: text('edition_id').notNull().references(() => ruleEditions.id),
  items: text('items', { mode: 'json' }).notNull().$type<{ no: number; name: string; content: string }[]>(),
  conclusion: text('conclusion').notNull(),
  state: text('state', { enum: ['draft', 'checked'] }).notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: text('updated_at').notNull(),
});
