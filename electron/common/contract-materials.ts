// API commands of 建材管理 (services/materials/): 进场验收 and the 监理's approval, 浇筑记录, 见证取样
// with sampler and witness, 检测报告 with their PDFs, 不合格处置, the witnessed share, the sampling
// frequency, the 28-day results, and the printed forms.
// Nothing here imports a value from contract.ts (see contract-reports.ts for why).
import { z } from 'zod';
import { command } from './command';
import { projectRoles, supervisionRoles } from './parties/positions';
import { pendingSignatureSchema, signatureViewSchema } from './contract-parties';
import { generatedFileSchema, idField, monthInput, optionalText, siteDateInput, storedFileOutput, textField, uploadedFileInput } from './schemas';

const page = {
  page: z.number().int().min(1).max(100000).default(1),
  pageSize: z.union([z.literal(10), z.literal(20), z.literal(50), z.literal(100)]).default(20),
};
const search = z.string().trim().max(50, '搜索内容过长').default('');
const materialType = z.string().regex(/^[a-z_]+$/, '请选择材料类别').max(30);
const quantity = (label: string) => z.number({ message: `${label}应为数字` }).positive(`${label}应大于0`).max(1_000_000, `${label}过大`);
const siteTimeInput = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, '时间格式应为 YYYY-MM-DD HH:mm');
const construction = ['manager', 'operator'] as const;
const verdict = z.enum(['agree', 'disagree'], { message: '请选择审批意见' });

export const usabilitySchema = z.object({ usable: z.boolean(), reasons: z.array(z.string()) });

export const batchRowSchema = z.object({
  id: z.string(),
  receivedOn: z.string(),
  materialType: z.string(),
  materialTypeName: z.string(),
  name: z.string(),
  spec: z.string(),
  grade: z.string(),
  quantity: z.number(),
  unit: z.string(),
  batchNo: z.string(),
  supplier: z.string(),
  compulsory: z.boolean(),
  state: z.enum(['received', 'approved', 'rejected']),
  stateLabel: z.string(),
  samples: z.number(),
  witnessedSamples: z.number(),
  failedReports: z.number(),
  passedReports: z.number(),
  usability: usabilitySchema,
});
export type BatchRow = z.infer<typeof batchRowSchema>;

export const sampleRowSchema = z.object({
  id: z.string(),
  batchId: z.string(),
  batchLabel: z.string(),
  materialTypeName: z.string(),
  sampledAt: z.string(),
  location: z.string(),
  sampleNo: z.string(),
  groups: z.number(),
  curing: z.enum(['standard', 'same_condition', 'none']),
  curingLabel: z.string(),
  castOn: z.string().nullable(),
  dueOn: z.string().nullable(),
  sealNo: z.string(),
  lab: z.string(),
  commissionNo: z.string(),
  samplerName: z.string(),
  witnessName: z.string(),
  witnessed: z.boolean(),
  witnessedOn: z.string().nullable(),
  retest: z.boolean(),
  pourLabel: z.string(),
  reportNo: z.string().nullable(),
  conclusion: z.enum(['pass', 'fail']).nullable(),
  resultStatus: z.enum(['reported', 'pending', 'due', 'overdue']),
  resultStatusLabel: z.string(),
});
export type SampleRow = z.infer<typeof sampleRowSchema>;

const resultSchema = z.object({ parameter: z.string(), requirement: z.string(), value: z.string(), passed: z.boolean() });

export const reportViewSchema = z.object({
  id: z.string(),
  sampleId: z.string(),
  sampleNo: z.string(),
  lab: z.string(),
  reportNo: z.string(),
  reportedOn: z.string(),
  cma: z.string(),
  results: z.array(resultSchema),
  conclusion: z.enum(['pass', 'fail']),
  conclusionLabel: z.string(),
  pdf: storedFileOutput.nullable(),
  retest: z.boolean(),
});
export type ReportView = z.infer<typeof reportViewSchema>;

export const dispositionViewSchema = z.object({
  id: z.string(),
  batchId: z.string(),
  batchLabel: z.string(),
  reportId: z.string(),
  reportNo: z.string(),
  state: z.enum(['open', 'decided', 'closed']),
  stateLabel: z.string(),
  method: z.enum(['isolate', 'retest', 'return', 'treatment']).nullable(),
  methodLabel: z.string(),
  description: z.string(),
  returnNote: z.string(),
  returnedOn: z.string().nullable(),
  decidedOn: z.string().nullable(),
  outcome: z.enum(['usable', 'returned', 'treated']).nullable(),
  outcomeLabel: z.string(),
  closedOn: z.string().nullable(),
  retestAllowed: z.boolean(),
  retests: z.array(z.object({ sampleNo: z.string(), reportNo: z.string().nullable(), conclusion: z.enum(['pass', 'fail']).nullable() })),
  lots: z.array(z.object({ id: z.string(), name: z.string(), part: z.string(), unitName: z.string() })),
  signatures: z.array(signatureViewSchema),
  pending: z.array(pendingSignatureSchema),
});
export type DispositionView = z.infer<typeof dispositionViewSchema>;

export const batchViewSchema = batchRowSchema.extend({
  deliveryNote: z.string(),
  manufacturer: z.string(),
  filingNo: z.string(),
  documents: z.array(z.string()),
  appearanceOk: z.boolean(),
  appearanceNote: z.string(),
  receiver: z.string(),
  intendedUse: z.string(),
  retestAllowed: z.boolean(),
  cubes: z.boolean(),
  files: z.array(storedFileOutput),
  signatures: z.array(signatureViewSchema),
  pending: z.array(pendingSignatureSchema),
  sampleRows: z.array(sampleRowSchema),
  reports: z.array(reportViewSchema),
  dispositions: z.array(dispositionViewSchema),
  lots: z.array(z.object({ id: z.string(), name: z.string(), part: z.string(), unitName: z.string() })),
  edition: z.object({ id: z.string(), edition: z.number(), origin: z.enum(['shipped', 'corrected']) }),
});
export type BatchView = z.infer<typeof batchViewSchema>;

export const pourRowSchema = z.object({
  id: z.string(), pouredOn: z.string(), shift: z.enum(['day', 'night']), shiftLabel: z.string(), building: z.string(), storey: z.string(), part: z.string(),
  mix: z.string(), volume: z.number(), batchId: z.string().nullable(), standardGroups: z.number(), label: z.string(),
});
export type PourRow = z.infer<typeof pourRowSchema>;

export const witnessShareSchema = z.object({
  setting: z.number(),
  edition: z.number(),
  rows: z.array(z.object({
    materialType: z.string(), materialTypeName: z.string(), required: z.number(), taken: z.number(), witnessed: z.number(),
    /** witnessed / required, percent, one decimal; null when nothing is required yet. */
    share: z.number().nullable(),
    meets: z.boolean(),
    basis: z.string(),
  })),
});
export type WitnessShare = z.infer<typeof witnessShareSchema>;

export const frequencySchema = z.object({
  edition: z.number(),
  concrete: z.array(z.object({
    mix: z.string(), pouredOn: z.string(), shift: z.string(), storey: z.string(), volume: z.number(), pours: z.number(),
    required: z.number(), taken: z.number(), short: z.number(), rule: z.string(),
  })),
  batches: z.array(z.object({ batchId: z.string(), label: z.string(), quantity: z.number(), unit: z.string(), required: z.number(), taken: z.number(), short: z.number(), rule: z.string() })),
});
export type FrequencyCheck = z.infer<typeof frequencySchema>;

export const materialsOverviewSchema = z.object({
  date: z.string(),
  awaitingApproval: z.number(),
  nonconforming: z.array(z.object({ batchId: z.string(), label: z.string(), reportNo: z.string(), stateLabel: z.string() })),
  due: z.number(),
  overdue: z.number(),
  share: witnessShareSchema,
  shortfalls: z.number(),
});
export type MaterialsOverview = z.infer<typeof materialsOverviewSchema>;

export const materialTypesSchema = z.object({
  edition: z.number(),
  types: z.array(z.object({ code: z.string(), name: z.string(), unit: z.string(), compulsory: z.boolean(), retestAllowed: z.boolean(), cubes: z.boolean() })),
});

const documentScan = uploadedFileInput(['application/pdf', 'image/jpeg', 'image/png'] as const, '随货资料只能是 pdf、jpg 或 png 文件');
const reportPdf = uploadedFileInput(['application/pdf'] as const, '检测报告须是 PDF 文件');

export const materialsCommands = {
  'materials.types': command({ access: 'project', roles: projectRoles, input: z.object({}).strict(), output: materialTypesSchema }),
  'materials.batches': command({
    access: 'project',
    roles: projectRoles,
    input: z.object({ ...page, search, materialType: materialType.optional(), status: z.enum(['all', 'awaiting', 'blocked', 'usable', 'nonconforming']).default('all') }).strict(),
    output: z.object({ rows: z.array(batchRowSchema), total: z.number() }),
  }),
  'materials.batch': command({ access: 'project', roles: projectRoles, input: z.object({ id: idField }).strict(), output: batchViewSchema }),
  /** 材料进场验收, by the 施工单位. */
  'materials.receive': command({
    access: 'project',
    roles: construction,
    upload: true,
    input: z.object({
      receivedOn: siteDateInput,
      deliveryNote: textField('送货单号', 60),
      materialType,
      name: textField('材料名称', 100),
      spec: textField('规格型号', 100),
      grade: optionalText('牌号/强度等级', 60).default(''),
      quantity: quantity('进场数量'),
      unit: textField('单位', 10),
      batchNo: textField('批号/炉罐号', 60),
      supplier: textField('供货单位', 200),
      manufacturer: textField('生产厂家', 200),
      filingNo: optionalText('备案证明编号', 60).default(''),
      documents: z.array(z.string().trim().min(1).max(40)).max(10, '随货资料最多10项'),
      appearanceOk: z.boolean({ message: '请选择外观检查结果' }),
      appearanceNote: optionalText('外观检查说明', 500).default(''),
      receiver: textField('收料人', 50),
      intendedUse: optionalText('拟用部位', 200).default(''),
      scans: z.array(documentScan).max(6, '随货资料扫描件最多6个'),
    }).strict(),
    output: batchViewSchema,
  }),
  /** 工程材料报审: the 专业监理工程师 agrees to its use, or not (退场). */
  'materials.approve': command({
    access: 'project',
    roles: supervisionRoles,
    input: z.object({ id: idField, verdict, opinion: textField('审查意见', 500), signedOn: siteDateInput }).strict(),
    output: batchViewSchema,
  }),
  'materials.pours': command({
    access: 'project',
    roles: projectRoles,
    input: z.object({ ...page, month: monthInput.optional() }).strict(),
    output: z.object({ rows: z.array(pourRowSchema), total: z.number() }),
  }),
  'materials.addPour': command({
    access: 'project',
    roles: construction,
    input: z.object({
      pouredOn: siteDateInput,
      shift: z.enum(['day', 'night'], { message: '请选择班次' }),
      building: textField('楼栋', 40),
      storey: textField('楼层', 20),
      part: textField('浇筑部位', 200),
      mix: textField('强度等级', 20),
      volume: quantity('浇筑方量'),
      batchId: idField.nullable().default(null),
    }).strict(),
    output: pourRowSchema,
  }),
  /** 取样: by the 施工单位's 取样人, with the 见证人 named (or none: a sample sent without a witness). */
  'materials.sample': command({
    access: 'project',
    roles: construction,
    input: z.object({
      batchId: idField,
      pourId: idField.nullable().default(null),
      sampledAt: siteTimeInput,
      building: textField('楼栋', 40),
      storey: textField('楼层', 20),
      axis: optionalText('轴线', 40).default(''),
      sampleNo: textField('试样编号', 40),
      groups: z.number().int('组数应为整数').min(1, '组数至少为1').max(100, '组数过大'),
      curing: z.enum(['standard', 'same_condition', 'none'], { message: '请选择养护方式' }),
      castOn: siteDateInput.nullable().default(null),
      sealNo: textField('封样编号', 40),
      lab: textField('检测机构', 200),
      commissionNo: textField('委托单号', 40),
      samplerAppointmentId: idField,
      witnessAppointmentId: idField.nullable(),
      /** A 复试 of a 不合格处置 (method 复试). */
      retestOf: idField.nullable().default(null),
    }).strict(),
    output: sampleRowSchema,
  }),
  /** 见证: the named 见证人 signs, from their own account. */
  'materials.witness': command({
    access: 'project',
    roles: [...supervisionRoles, 'owner_representative'],
    input: z.object({ sampleId: idField, signedOn: siteDateInput, opinion: optionalText('见证意见', 300).default('') }).strict(),
    output: sampleRowSchema,
  }),
  'materials.samples': command({
    access: 'project',
    roles: projectRoles,
    input: z.object({ ...page, search, month: monthInput.optional(), status: z.enum(['all', 'unwitnessed', 'pending', 'due', 'overdue', 'fail']).default('all') }).strict(),
    output: z.object({ rows: z.array(sampleRowSchema), total: z.number() }),
  }),
  'materials.addReport': command({
    access: 'project',
    roles: ['manager', 'operator', 'supervision_engineer', 'chief_supervisor'],
    upload: true,
    input: z.object({
      sampleId: idField,
      lab: textField('检测机构', 200),
      reportNo: textField('报告编号', 60),
      reportedOn: siteDateInput,
      cma: textField('CMA证书编号', 40),
      results: z.array(z.object({ parameter: textField('检测参数', 60), requirement: optionalText('标准要求', 100).default(''), value: textField('检测结果', 60), passed: z.boolean() }).strict()).min(1, '请至少填写一个检测参数').max(30),
      conclusion: z.enum(['pass', 'fail'], { message: '请选择检测结论' }),
      pdf: reportPdf,
    }).strict(),
    output: reportViewSchema,
  }),
  'materials.dispositions': command({
    access: 'project',
    roles: projectRoles,
    input: z.object({ ...page, status: z.enum(['all', 'open', 'closed']).default('open') }).strict(),
    output: z.object({ rows: z.array(dispositionViewSchema), total: z.number() }),
  }),
  /** The 施工单位's 处置: 隔离, 复试 (where the material allows), 退场 with the return note, or a 技术处理. */
  'materials.decide': command({
    access: 'project',
    roles: construction,
    input: z.object({
      id: idField,
      method: z.enum(['isolate', 'retest', 'return', 'treatment'], { message: '请选择处置方式' }),
      description: textField('处置说明', 1000),
      returnNote: optionalText('退货单号', 60).default(''),
      returnedOn: siteDateInput.nullable().default(null),
      decidedOn: siteDateInput,
    }).strict(),
    output: dispositionViewSchema,
  }),
  /** The 专业监理工程师 confirms the 处置, which closes it. */
  'materials.closeDisposition': command({
    access: 'project',
    roles: supervisionRoles,
    input: z.object({ id: idField, opinion: textField('监理意见', 500), signedOn: siteDateInput }).strict(),
    output: dispositionViewSchema,
  }),
  'materials.witnessShare': command({ access: 'project', roles: projectRoles, input: z.object({}).strict(), output: witnessShareSchema }),
  'materials.frequency': command({ access: 'project', roles: projectRoles, input: z.object({}).strict(), output: frequencySchema }),
  'materials.overview': command({ access: 'project', roles: projectRoles, input: z.object({}).strict(), output: materialsOverviewSchema }),
  // The printed forms
  'materials.acceptancePdf': command({ access: 'project', roles: projectRoles, input: z.object({ id: idField }).strict(), output: generatedFileSchema }),
  'materials.samplePdf': command({ access: 'project', roles: projectRoles, input: z.object({ id: idField }).strict(), output: generatedFileSchema }),
  'materials.ledgerPdf': command({ access: 'project', roles: projectRoles, input: z.object({ month: monthInput.optional() }).strict(), output: generatedFileSchema }),
  'materials.dispositionPdf': command({ access: 'project', roles: projectRoles, input: z.object({ id: idField }).strict(), output: generatedFileSchema }),
} as const satisfies Record<string, ReturnType<typeof command>>;
