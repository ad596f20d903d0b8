// 建材管理: a delivered batch (进场验收 with the 监理's approval), the pours of concrete it went into,
// the samples taken from it (见证取样 with sampler and witness), the lab's reports, and the
// 不合格处置 a failed report opens. A batch's material type is a code of the witness-sampling rules
// (rules/materials/), and the batch keeps the edition it was classified under.
import { sqliteTable, text, integer, real, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { projects } from './schema';
import { ruleEditions } from './schema-rules';
import { appointments } from './schema-parties';

export const batchStates = ['received', 'approved', 'rejected'] as const;

/** 材料进场验收: one delivered batch. No 监理 approval (工程材料报审), no use. */
export const materialBatches = sqliteTable('material_batches', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  receivedOn: text('received_on').notNull(),
  deliveryNote: text('delivery_note').notNull(), // 送货单号
  materialType: text('material_type').notNull(), // code of the witness rules: rebar, concrete …
  name: text('name').notNull(), // 材料名称
  spec: text('spec').notNull(), // 规格型号
  grade: text('grade').notNull(), // 牌号 / 强度等级
  quantity: real('quantity').notNull(),
  unit: text('unit').notNull(),
  batchNo: text('batch_no').notNull(), // 批号 / 炉罐号
  supplier: text('supplier').notNull(),
  manufacturer: text('manufacturer').notNull(),
  /** 建设工程材料备案证明编号 (上海); '' where the material needs none. */
  filingNo: text('filing_no').notNull(),
  /** Documents received: 合格证, 质保书, 出厂检验报告 … */
  documents: text('documents', { mode: 'json' }).notNull().$type<string[]>(),
  appearanceOk: integer('appearance_ok', { mode: 'boolean' }).notNull(),
  appearanceNote: text('appearance_note').notNull(),
  receiver: text('receiver').notNull(), // 收料人
  intendedUse: text('intended_use').notNull(), // 拟用部位
  /** Whether 见证取样 is compulsory for it, as the rules said when it was received. */
  compulsory: integer('compulsory', { mode: 'boolean' }).notNull(),
  witnessEditionId: text('witness_edition_id').notNull().references(() => ruleEditions.id),
  state: text('state', { enum: batchStates }).notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [index('material_batches_project').on(t.projectId, t.receivedOn)]);

export const pourShifts = ['day', 'night'] as const;

/** 混凝土浇筑记录: what the sampling frequency of concrete is counted from. */
export const materialPours = sqliteTable('material_pours', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  pouredOn: text('poured_on').notNull(),
  shift: text('shift', { enum: pourShifts }).notNull(),
  building: text('building').notNull(),
  storey: text('storey').notNull(),
  part: text('part').notNull(), // 浇筑部位
  mix: text('mix').notNull(), // 强度等级 / 配合比 (C30 …)
  volume: real('volume').notNull(), // m³
  /** The delivered concrete batch, where recorded. */
  batchId: text('batch_id').references(() => materialBatches.id),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [index('material_pours_project').on(t.projectId, t.pouredOn)]);

export const curingKinds = ['standard', 'same_condition', 'none'] as const;

/** 取样送检: one sample of a batch (for concrete, of a pour); witnessed when the witness has signed. */
export const materialSamples = sqliteTable('material_samples', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  batchId: text('batch_id').notNull().references(() => materialBatches.id),
  pourId: text('pour_id').references(() => materialPours.id),
  sampledAt: text('sampled_at').notNull(), // site time, YYYY-MM-DD HH:mm
  sampledOn: text('sampled_on').notNull(),
  building: text('building').notNull(),
  storey: text('storey').notNull(),
  axis: text('axis').notNull(),
  sampleNo: text('sample_no').notNull(), // 试样编号
  groups: integer('groups').notNull(), // 组数
  curing: text('curing', { enum: curingKinds }).notNull(), // 标养 / 同条件 / 不适用
  /** 成型日期 of concrete cubes: 标养 results are due 28 days later. */
  castOn: text('cast_on'),
  sealNo: text('seal_no').notNull(), // 封样编号
  lab: text('lab').notNull(), // 检测机构
  commissionNo: text('commission_no').notNull(), // 委托单号
  samplerAppointmentId: text('sampler_appointment_id').notNull().references(() => appointments.id),
  samplerName: text('sampler_name').notNull(),
  /** The 见证人's appointment; null for a sample sent without a witness. */
  witnessAppointmentId: text('witness_appointment_id').references(() => appointments.id),
  witnessName: text('witness_name').notNull(),
  /** The 不合格处置 this sample is the 复试 of, if it is one. */
  retestOf: text('retest_of'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [index('material_samples_batch').on(t.batchId), uniqueIndex('material_samples_project_no').on(t.projectId, t.sampleNo)]);

export const reportConclusions = ['pass', 'fail'] as const;

/** 检测报告 of a sample; its PDF is an attachment (purpose test_report) stored by content hash. */
export const materialReports = sqliteTable('material_reports', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  sampleId: text('sample_id').notNull().references(() => materialSamples.id),
  batchId: text('batch_id').notNull().references(() => materialBatches.id),
  lab: text('lab').notNull(),
  reportNo: text('report_no').notNull(),
  reportedOn: text('reported_on').notNull(),
  cma: text('cma').notNull(), // 资质认定 CMA 证书编号
  results: text('results', { mode: 'json' }).notNull().$type<{ parameter: string; requirement: string; value: string; passed: boolean }[]>(),
  conclusion: text('conclusion', { enum: reportConclusions }).notNull(),
  pdfSha256: text('pdf_sha256').notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [uniqueIndex('material_reports_number').on(t.projectId, t.lab, t.reportNo), index('material_reports_batch').on(t.batchId)]);

export const dispositionMethods = ['isolate', 'retest', 'return', 'treatment'] as const;
export const dispositionStates = ['open', 'decided', 'closed'] as const;

/** 不合格处置: opened by a failed report; decided by the 施工单位, closed with the 监理's signature. */
export const materialDispositions = sqliteTable('material_dispositions', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  batchId: text('batch_id').notNull().references(() => materialBatches.id),
  reportId: text('report_id').notNull().references(() => materialReports.id),
  state: text('state', { enum: dispositionStates }).notNull(),
  method: text('method', { enum: dispositionMethods }),
  description: text('description').notNull(),
  /** 退场: the return note (退货单号) and date. */
  returnNote: text('return_note').notNull(),
  returnedOn: text('returned_on'),
  decidedOn: text('decided_on'),
  /** How it ended: usable (复试合格), returned (退场), or treated (built in, accepted by a 技术处理: its lots take a GB 50300 §5.0.6 path). */
  outcome: text('outcome', { enum: ['usable', 'returned', 'treated'] }),
  closedOn: text('closed_on'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [index('material_dispositions_batch').on(t.batchId)]);
