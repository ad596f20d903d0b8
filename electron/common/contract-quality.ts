// API commands of 质量标准化 (services/quality/): the GB 50300 hierarchy in use, the project's
// 单位工程 and 检验批 划分 with the 监理's approval, a lot's inspection records (主控 / 一般 items,
// signatures by position, the paths of a failed lot), the batches it used, 隐蔽工程验收, the 分项 and
// 分部 acceptances, 实测实量, quality problems through the shared loop, the 施工现场质量管理检查记录,
// and the printed forms in the appendices' layouts.
// Nothing here imports a value from contract.ts (see contract-reports.ts for why).
import { z } from 'zod';
import { command } from './command';
import { positionCodes, projectRoles, supervisionRoles } from './parties/positions';
import { pendingSignatureSchema, signatureViewSchema } from './contract-parties';
import { rectificationViewSchema } from './contract-rectification';
import { generatedFileSchema, idField, optionalText, siteDateInput, storedFileOutput, textField, uploadedFileInput } from './schemas';

const page = {
  page: z.number().int().min(1).max(100000).default(1),
  pageSize: z.union([z.literal(10), z.literal(20), z.literal(50), z.literal(100)]).default(20),
};
const construction = ['manager', 'operator'] as const;
const code = (digits: number, label: string) => z.string().regex(new RegExp(`^\\d{${digits}}$`), `请选择${label}`);
const editionInfo = z.object({ id: z.string().nullable(), key: z.string(), edition: z.number(), origin: z.enum(['shipped', 'corrected']), source: z.string(), check: z.string().nullable() });
const lotStatus = z.enum(['proposed', 'planned', 'draft', 'self_checked', 'accepted', 'failed']);
const count = z.number().int('数量应为整数').min(0, '数量不能为负').max(100000, '数量过大');

export const hierarchySchema = z.object({
  edition: editionInfo,
  divisions: z.array(z.object({
    code: z.string(), name: z.string(),
    subdivisions: z.array(z.object({ code: z.string(), name: z.string(), subitems: z.array(z.object({ code: z.string(), name: z.string(), concealed: z.boolean() })) })),
  })),
  templates: z.array(z.object({ key: z.string(), title: z.string(), subitem: z.string() })),
});
export type Hierarchy = z.infer<typeof hierarchySchema>;

export const lotRowSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  divisionCode: z.string(),
  subitemCode: z.string(),
  subitemName: z.string(),
  name: z.string(),
  part: z.string(),
  capacity: z.number(),
  capacityUnit: z.string(),
  status: lotStatus,
  statusLabel: z.string(),
  /** Why it cannot be accepted now (order rules, materials, 隐蔽). */
  blockers: z.array(z.string()),
  currentRecordId: z.string().nullable(),
});
export type LotRow = z.infer<typeof lotRowSchema>;

const itemSchema = z.object({
  id: z.string(), group: z.enum(['main', 'general']), no: z.number(), name: z.string(), requirement: z.string(), fullCheck: z.boolean(),
  minimumSample: z.number().nullable(), sampled: z.number(), qualified: z.number(), severeDefect: z.boolean(), requiredRate: z.number().nullable(), note: z.string(),
  minimum: z.number(), sampleOk: z.boolean(), rate: z.number().nullable(), passed: z.boolean(),
});

export const lotRecordSchema = z.object({
  id: z.string(),
  revision: z.number(),
  path: z.enum(['first', 'rework', 'appraisal', 'design_check', 'reinforcement']),
  pathLabel: z.string(),
  pathNote: z.string(),
  inspectedOn: z.string(),
  state: z.enum(['draft', 'self_checked', 'accepted', 'failed']),
  stateLabel: z.string(),
  items: z.array(itemSchema),
  judgement: z.object({ passed: z.boolean(), mainPassed: z.boolean(), generalRate: z.number().nullable(), generalRequired: z.number(), reasons: z.array(z.string()) }),
  signatures: z.array(signatureViewSchema),
  pending: z.array(pendingSignatureSchema),
  files: z.array(storedFileOutput),
  edition: editionInfo,
});
export type LotRecordView = z.infer<typeof lotRecordSchema>;

export const lotViewSchema = lotRowSchema.extend({
  divisionName: z.string(),
  subdivisionName: z.string(),
  concealedRequired: z.boolean(),
  planSignatures: z.array(signatureViewSchema),
  records: z.array(lotRecordSchema),
  materials: z.array(z.object({ batchId: z.string(), label: z.string(), materialTypeName: z.string(), usable: z.boolean(), reasons: z.array(z.string()) })),
  concealed: z.array(z.object({ id: z.string(), part: z.string(), checkedOn: z.string(), stateLabel: z.string() })),
  failedPaths: z.array(z.object({ code: z.string(), label: z.string(), clause: z.string() })),
  templates: z.array(z.object({
    key: z.string(), title: z.string(),
    main: z.array(z.object({ name: z.string(), requirement: z.string(), fullCheck: z.boolean(), minimumSample: z.number().nullable(), requiredRate: z.number().nullable() })),
    general: z.array(z.object({ name: z.string(), requirement: z.string(), fullCheck: z.boolean(), minimumSample: z.number().nullable(), requiredRate: z.number().nullable() })),
  })),
  problems: z.array(z.object({ id: z.string(), title: z.string(), stateLabel: z.string(), deadline: z.string().nullable() })),
});
export type LotView = z.infer<typeof lotViewSchema>;

export const acceptanceViewSchema = z.object({
  id: z.string().nullable(),
  unitId: z.string(),
  unitName: z.string(),
  level: z.enum(['subitem', 'division']),
  code: z.string(),
  name: z.string(),
  divisionName: z.string(),
  state: z.enum(['none', 'draft', 'accepted']),
  stateLabel: z.string(),
  blockers: z.array(z.string()),
  /** The lots (分项) or the 分项 (分部) it covers, with their results. */
  parts: z.array(z.object({ id: z.string(), name: z.string(), part: z.string(), result: z.string(), accepted: z.boolean() })),
  /** Who signs it, in order (the deciding one last). */
  signers: z.array(z.object({ position: z.enum(positionCodes), positionLabel: z.string() })),
  signatures: z.array(signatureViewSchema),
  pending: z.array(pendingSignatureSchema),
});
export type AcceptanceView = z.infer<typeof acceptanceViewSchema>;

export const unitTreeSchema = z.object({
  unit: z.object({ id: z.string(), name: z.string() }),
  proposedLots: z.number(),
  divisions: z.array(z.object({
    acceptance: acceptanceViewSchema,
    subitems: z.array(z.object({ acceptance: acceptanceViewSchema, subdivisionName: z.string(), lots: z.array(lotRowSchema) })),
  })),
});
export type UnitTree = z.infer<typeof unitTreeSchema>;

export const concealedViewSchema = z.object({
  id: z.string(), unitId: z.string(), unitName: z.string(), part: z.string(), content: z.string(), checkedOn: z.string(),
  state: z.enum(['draft', 'accepted', 'rejected']), stateLabel: z.string(),
  lots: z.array(z.object({ id: z.string(), name: z.string(), part: z.string() })),
  signatures: z.array(signatureViewSchema), pending: z.array(pendingSignatureSchema),
});
export type ConcealedView = z.infer<typeof concealedViewSchema>;

export const measurementRowSchema = z.object({
  id: z.string(), unitName: z.string(), location: z.string(), itemKey: z.string(), itemName: z.string(), group: z.string(), lower: z.number(), upper: z.number(),
  measuredOn: z.string(), measuredBy: z.string(), points: z.array(z.number()), failing: z.array(z.number()), passed: z.number(), total: z.number(),
  rate: z.number(), meets: z.boolean(), rectificationId: z.string().nullable(), problemState: z.string().nullable(),
});
export type MeasurementRow = z.infer<typeof measurementRowSchema>;

export const measurementStatsSchema = z.object({
  passRate: z.number(),
  edition: editionInfo,
  byItem: z.array(z.object({ itemKey: z.string(), itemName: z.string(), group: z.string(), passed: z.number(), total: z.number(), rate: z.number(), meets: z.boolean() })),
  total: z.object({ passed: z.number(), total: z.number(), rate: z.number().nullable() }),
});

export const toleranceListSchema = z.object({ edition: editionInfo, passRate: z.number(), items: z.array(z.object({ key: z.string(), group: z.string(), name: z.string(), lower: z.number(), upper: z.number(), method: z.string() })) });

export const siteCheckSchema = z.object({
  id: z.string().nullable(), state: z.enum(['none', 'draft', 'checked']), items: z.array(z.object({ no: z.number(), name: z.string(), content: z.string() })), conclusion: z.string(),
  signatures: z.array(signatureViewSchema), pending: z.array(pendingSignatureSchema), edition: editionInfo,
});
export type SiteCheckView = z.infer<typeof siteCheckSchema>;

export const qualityOverviewSchema = z.object({
  date: z.string(),
  lots: z.object({ total: z.number(), accepted: z.number(), failed: z.number(), awaiting: z.number(), blocked: z.number(), proposed: z.number() }),
  blocked: z.array(lotRowSchema),
  problemsOpen: z.number(),
  problemsOverdue: z.number(),
  measurement: z.object({ passed: z.number(), total: z.number(), rate: z.number().nullable(), passRate: z.number() }),
});

const lotItemInput = z.object({
  group: z.enum(['main', 'general']),
  name: textField('验收项目', 100),
  requirement: textField('设计要求及规范规定', 300),
  fullCheck: z.boolean().default(false),
  minimumSample: z.number().int().min(1).nullable().default(null),
  sampled: count,
  qualified: count,
  severeDefect: z.boolean().default(false),
  requiredRate: z.number().int().min(1).max(100).nullable().default(null),
  note: optionalText('检查记录', 500).default(''),
}).strict().refine((i) => i.qualified <= i.sampled, { message: '合格数不能大于抽样数量', path: ['qualified'] });

const lotDocument = uploadedFileInput(['application/pdf', 'image/jpeg', 'image/png'] as const, '附件只能是 pdf、jpg 或 png 文件');

export const qualityCommands = {
  'quality.hierarchy': command({ access: 'project', roles: projectRoles, input: z.object({}).strict(), output: hierarchySchema }),
  'quality.units': command({ access: 'project', roles: projectRoles, input: z.object({}).strict(), output: z.array(z.object({ id: z.string(), name: z.string(), lots: z.number(), accepted: z.number() })) }),
  'quality.addUnit': command({ access: 'project', roles: construction, input: z.object({ name: textField('单位(子单位)工程名称', 100) }).strict(), output: z.object({ id: z.string(), name: z.string() }) }),
  'quality.tree': command({ access: 'project', roles: projectRoles, input: z.object({ unitId: idField }).strict(), output: unitTreeSchema }),
  /** The 施工单位 proposes a lot of the 划分. */
  'quality.addLot': command({
    access: 'project',
    roles: construction,
    input: z.object({
      unitId: idField,
      subitemCode: code(6, '分项工程'),
      name: textField('检验批名称', 100),
      part: textField('检验批部位', 200),
      capacity: z.number().int('检验批容量应为整数').min(1, '检验批容量至少为1').max(1_000_000, '检验批容量过大'),
      capacityUnit: textField('容量单位', 10),
    }).strict(),
    output: lotRowSchema,
  }),
  /** The 监理 approves the lots of a unit's 划分 proposed so far. */
  'quality.approvePlan': command({
    access: 'project',
    roles: ['supervision_engineer', 'chief_supervisor'],
    input: z.object({ unitId: idField, signedOn: siteDateInput, opinion: textField('审批意见', 500) }).strict(),
    output: unitTreeSchema,
  }),
  'quality.lots': command({
    access: 'project',
    roles: projectRoles,
    input: z.object({ ...page, unitId: idField.optional(), status: z.enum(['all', 'awaiting', 'blocked', 'accepted', 'failed']).default('all'), search: z.string().trim().max(50).default('') }).strict(),
    output: z.object({ rows: z.array(lotRowSchema), total: z.number() }),
  }),
  'quality.lot': command({ access: 'project', roles: projectRoles, input: z.object({ id: idField }).strict(), output: lotViewSchema }),
  'quality.setMaterials': command({ access: 'project', roles: construction, input: z.object({ lotId: idField, batchIds: z.array(idField).max(50) }).strict(), output: lotViewSchema }),
  /** The inspection record of a lot: created, or its draft replaced, until the first signature. */
  'quality.saveRecord': command({
    access: 'project',
    roles: construction,
    input: z.object({ lotId: idField, inspectedOn: siteDateInput, items: z.array(lotItemInput).min(1, '请填写验收项目').max(60, '验收项目最多60项') }).strict(),
    output: lotViewSchema,
  }),
  /** A signature on the current record in the caller's position; the 专业监理工程师 signs last, with the verdict. */
  'quality.signRecord': command({
    access: 'project',
    roles: [...construction, 'supervision_engineer', 'chief_supervisor'],
    input: z.object({
      recordId: idField,
      signedOn: siteDateInput,
      opinion: optionalText('意见', 500).default(''),
      verdict: z.enum(['pass', 'fail']).nullable().default(null),
      /** A failed lot opens a quality problem: its 限期 and 整改要求. */
      deadline: siteDateInput.nullable().default(null),
      requirement: optionalText('整改要求', 1000).default(''),
    }).strict(),
    output: lotViewSchema,
  }),
  /** A failed lot takes one of GB 50300 §5.0.6's paths: a new record revision. */
  'quality.resolveLot': command({
    access: 'project',
    roles: construction,
    upload: true,
    input: z.object({ lotId: idField, path: z.enum(['rework', 'appraisal', 'design_check', 'reinforcement'], { message: '请选择处理方式' }), note: textField('处理说明', 1000), document: lotDocument.nullable().default(null) }).strict(),
    output: lotViewSchema,
  }),
  'quality.concealedList': command({ access: 'project', roles: projectRoles, input: z.object({ unitId: idField.optional() }).strict(), output: z.array(concealedViewSchema) }),
  'quality.addConcealed': command({
    access: 'project',
    roles: construction,
    input: z.object({ unitId: idField, lotIds: z.array(idField).min(1, '请选择隐蔽的检验批').max(50), part: textField('隐蔽部位', 200), content: textField('隐蔽内容', 2000), checkedOn: siteDateInput }).strict(),
    output: concealedViewSchema,
  }),
  'quality.signConcealed': command({
    access: 'project',
    roles: [...construction, 'supervision_engineer'],
    input: z.object({ id: idField, signedOn: siteDateInput, opinion: optionalText('验收意见', 500).default(''), verdict: z.enum(['pass', 'fail']).nullable().default(null) }).strict(),
    output: concealedViewSchema,
  }),
  'quality.acceptance': command({
    access: 'project',
    roles: projectRoles,
    input: z.object({ unitId: idField, level: z.enum(['subitem', 'division']), code: z.string().regex(/^\d{2}$|^\d{6}$/, '编码无效') }).strict(),
    output: acceptanceViewSchema,
  }),
  /** A signature on a 分项 / 分部 acceptance (opened by the first one, once its order rules allow); 勘察 / 设计 recorded by an account. */
  'quality.signAcceptance': command({
    access: 'project',
    roles: ['manager', 'operator', 'supervision_engineer', 'chief_supervisor'],
    input: z.object({
      unitId: idField,
      level: z.enum(['subitem', 'division']),
      code: z.string().regex(/^\d{2}$|^\d{6}$/, '编码无效'),
      signedOn: siteDateInput,
      opinion: optionalText('验收意见', 500).default(''),
      /** An external signature (勘察 / 设计 单位项目负责人) recorded from paper. */
      external: z.object({ position: z.enum(positionCodes), appointmentId: idField }).strict().nullable().default(null),
    }).strict(),
    output: acceptanceViewSchema,
  }),
  'quality.tolerances': command({ access: 'project', roles: projectRoles, input: z.object({}).strict(), output: toleranceListSchema }),
  'quality.measurements': command({
    access: 'project',
    roles: projectRoles,
    input: z.object({ ...page, itemKey: z.string().max(60).optional() }).strict(),
    output: z.object({ rows: z.array(measurementRowSchema), total: z.number() }),
  }),
  'quality.addMeasurement': command({
    access: 'project',
    roles: [...construction, ...supervisionRoles],
    input: z.object({
      unitId: idField.nullable().default(null),
      location: textField('测量部位', 100),
      itemKey: z.string().min(1, '请选择实测项目').max(60),
      measuredOn: siteDateInput,
      measuredBy: textField('测量人', 50),
      points: z.array(z.number({ message: '实测值应为数字' }).min(-1000, '实测值过小').max(1000, '实测值过大')).min(1, '请至少填写一个测点').max(200, '测点最多200个'),
    }).strict(),
    output: measurementRowSchema,
  }),
  'quality.measurementStats': command({ access: 'project', roles: projectRoles, input: z.object({}).strict(), output: measurementStatsSchema }),
  /** A quality problem found on a round, with its 整改通知 in one step. */
  'quality.openProblem': command({
    access: 'project',
    roles: [...construction, ...supervisionRoles],
    input: z.object({
      title: textField('质量问题', 200),
      location: textField('部位', 100),
      description: optionalText('问题描述', 2000).default(''),
      major: z.boolean().default(false),
      foundOn: siteDateInput,
      foundBy: textField('检查人', 50),
      responsible: textField('整改责任人', 100),
      deadline: siteDateInput,
      requirement: textField('整改要求', 2000),
      lotId: idField.nullable().default(null),
    }).strict(),
    output: rectificationViewSchema,
  }),
  'quality.siteCheck': command({ access: 'project', roles: projectRoles, input: z.object({}).strict(), output: siteCheckSchema }),
  'quality.saveSiteCheck': command({
    access: 'project',
    roles: ['manager'],
    input: z.object({ items: z.array(z.object({ no: z.number().int().min(1), content: optionalText('主要内容', 500).default('') }).strict()).min(1).max(30), conclusion: optionalText('检查结论', 1000).default('') }).strict(),
    output: siteCheckSchema,
  }),
  'quality.signSiteCheck': command({ access: 'project', roles: ['manager', 'chief_supervisor'], input: z.object({ signedOn: siteDateInput, opinion: optionalText('检查结论', 1000).default('') }).strict(), output: siteCheckSchema }),
  'quality.overview': command({ access: 'project', roles: projectRoles, input: z.object({}).strict(), output: qualityOverviewSchema }),
  // The printed forms, in the layouts of GB 50300's appendices
  'quality.lotPdf': command({ access: 'project', roles: projectRoles, input: z.object({ recordId: idField }).strict(), output: generatedFileSchema }),
  'quality.acceptancePdf': command({ access: 'project', roles: projectRoles, input: z.object({ unitId: idField, level: z.enum(['subitem', 'division']), code: z.string().regex(/^\d{2}$|^\d{6}$/) }).strict(), output: generatedFileSchema }),
  'quality.concealedPdf': command({ access: 'project', roles: projectRoles, input: z.object({ id: idField }).strict(), output: generatedFileSchema }),
  'quality.siteCheckPdf': command({ access: 'project', roles: projectRoles, input: z.object({}).strict(), output: generatedFileSchema }),
} as const satisfies Record<string, ReturnType<typeof command>>;
