// API commands of 安全生产标准化现场 (services/safety/): the rule tables in use and their
// corrections, 检查评分 (assessments, tables in use, deductions, signatures, revisions), 隐患 opened
// from a deduction and their 台账, 特种作业 certificates, 三级安全教育, 安全技术交底, the warnings a
// worker has, the project's safety facts, the printed forms, and the central side's query.
// Nothing here imports a value from contract.ts (see contract-reports.ts for why).
import { z } from 'zod';
import { command } from './command';
import { generatedFileSchema, idField, monthInput, optionalText, siteDateInput, storedFileOutput, textField, uploadedFileInput } from './schemas';
import { assessmentKindLabels, hazardCategories } from './safety/labels';
import { workTypes } from './codes';

const assessmentKinds = Object.keys(assessmentKindLabels) as [keyof typeof assessmentKindLabels, ...(keyof typeof assessmentKindLabels)[]];
const tableKey = z.string().regex(/^B\.(1[0-9]|[1-9])$/, '检查评分表编号无效');
const page = {
  page: z.number().int().min(1).max(100000).default(1),
  pageSize: z.union([z.literal(10), z.literal(20), z.literal(50), z.literal(100)]).default(20),
};
const search = z.string().trim().max(50, '搜索内容过长').default('');
const name = (label: string) => textField(label, 50);
const workTypeField = z.enum(Object.keys(workTypes) as [string, ...string[]], { message: '请选择工种' });

// ---- the rule tables

const lineSchema = z.object({ text: z.string(), condition: z.string(), per: z.string().nullable(), min: z.number(), max: z.number() });
export const tableDefinitionSchema = z.object({
  key: z.string(),
  table: z.string(),
  name: z.string(),
  title: z.string(),
  items: z.array(z.object({ no: z.number(), group: z.enum(['保证项目', '一般项目']).optional(), name: z.string(), points: z.number(), lines: z.array(lineSchema) })),
});
export type TableDefinition = z.infer<typeof tableDefinitionSchema>;

const editionInfo = z.object({ id: z.string().nullable(), edition: z.number(), origin: z.enum(['shipped', 'corrected']), source: z.string(), check: z.string().nullable() });

export const summaryDefinitionSchema = z.object({
  key: z.string(),
  title: z.string(),
  guaranteedMinimum: z.number(),
  scaleGuaranteedMinimumWithMissing: z.boolean(),
  thresholds: z.object({ excellent: z.number(), pass: z.number() }),
  items: z.array(z.object({ name: z.string(), weight: z.number(), tables: z.array(z.string()) })),
});
export type SummaryDefinition = z.infer<typeof summaryDefinitionSchema>;

export const rulesViewSchema = z.object({
  summary: summaryDefinitionSchema.extend({ edition: editionInfo }),
  tables: z.array(tableDefinitionSchema.extend({ edition: editionInfo, summaryItem: z.string() })),
});
export type RulesView = z.infer<typeof rulesViewSchema>;

export const ruleEditionSchema = z.object({
  id: z.string(), key: z.string(), edition: z.number(), origin: z.enum(['shipped', 'corrected']), note: z.string(), createdAt: z.string(), createdByName: z.string(),
  /** The JSON as stored: what a correction starts from. */
  raw: z.unknown(),
});

// ---- assessments

const scoreSchema = z.object({
  total: z.number().nullable(),
  totalText: z.string(),
  grade: z.enum(['优良', '合格', '不合格']).nullable(),
  zeroTables: z.array(z.string()),
  items: z.array(z.object({ name: z.string(), weight: z.number(), score: z.number().nullable(), points: z.number().nullable() })),
  explanations: z.array(z.string()),
  tables: z.array(z.object({ tableKey: z.string(), name: z.string(), score: z.number(), zero: z.boolean(), inspected: z.boolean(), explanations: z.array(z.string()) })),
});
export type AssessmentScore = z.infer<typeof scoreSchema>;

const hazardRef = z.object({ id: z.string(), rectificationId: z.string(), state: z.string(), stateLabel: z.string(), level: z.enum(['general', 'major']) });

export const assessmentViewSchema = z.object({
  id: z.string(),
  kind: z.enum(assessmentKinds),
  kindLabel: z.string(),
  period: z.string(),
  checkedOn: z.string(),
  inspector: z.string(),
  subject: z.string(),
  state: z.enum(['draft', 'submitted', 'supervisor_reviewed', 'owner_reviewed', 'locked']),
  stateLabel: z.string(),
  revision: z.number(),
  revisionOf: z.string().nullable(),
  revisionReason: z.string(),
  /** The revision that replaced this one, if any: then nothing more may be signed here. */
  supersededBy: z.string().nullable(),
  editable: z.boolean(),
  floorArea: z.number(),
  structureType: z.string(),
  summary: summaryDefinitionSchema.extend({ edition: editionInfo }),
  sheets: z.array(z.object({
    id: z.string(),
    tableKey: z.string(),
    edition: editionInfo,
    definition: tableDefinitionSchema,
    missingItems: z.array(z.number()),
    deductions: z.array(z.object({
      id: z.string(), itemNo: z.number(), lineNo: z.number(), lineText: z.string(), perPoints: z.number(), quantity: z.number(), points: z.number(), note: z.string(),
      hazard: hazardRef.nullable(),
    })),
  })),
  score: scoreSchema,
  signatures: z.array(z.object({ step: z.string(), stepLabel: z.string(), signerName: z.string(), signerRole: z.string(), opinion: z.string(), signedOn: z.string() })),
});
export type AssessmentView = z.infer<typeof assessmentViewSchema>;

export const assessmentRowSchema = z.object({
  id: z.string(), kind: z.enum(assessmentKinds), kindLabel: z.string(), period: z.string(), checkedOn: z.string(), inspector: z.string(), subject: z.string(),
  state: z.string(), stateLabel: z.string(), revision: z.number(), superseded: z.boolean(), tables: z.number(), deductions: z.number(),
  total: z.number().nullable(), totalText: z.string(), grade: z.string().nullable(), openHazards: z.number(),
});
export type AssessmentRow = z.infer<typeof assessmentRowSchema>;

const deductionInput = {
  lineNo: z.number({ message: '请选择扣分标准' }).int().min(1).max(40),
  perPoints: z.number({ message: '请填写扣分' }).int('扣分应为整数').min(1, '扣分至少1分').max(100),
  quantity: z.number().int('处数应为整数').min(1, '处数至少为1').max(100, '处数过多').default(1),
  note: optionalText('部位及情况', 200),
};

// ---- hazards

export const hazardRowSchema = z.object({
  id: z.string(),
  category: z.string(),
  level: z.enum(['general', 'major']),
  levelLabel: z.string(),
  assessmentId: z.string().nullable(),
  deductionId: z.string().nullable(),
  /** Where it came from, in words: "2020-02 月度自评 · 施工用电 · 配电箱与开关箱". */
  origin: z.string(),
  rectificationId: z.string(),
  title: z.string(),
  location: z.string(),
  foundOn: z.string(),
  foundBy: z.string(),
  responsible: z.string(),
  deadline: z.string().nullable(),
  state: z.string(),
  stateLabel: z.string(),
  closedOn: z.string().nullable(),
  overdueDays: z.number(),
  marks: z.array(z.string()),
});
export type HazardRow = z.infer<typeof hazardRowSchema>;

// ---- people

export const warningSchema = z.object({
  code: z.enum(['certificate_missing', 'certificate_expired', 'certificate_review_due', 'certificate_expiring', 'training_missing', 'training_failed', 'training_after_trade_change', 'training_after_return']),
  level: z.enum(['danger', 'warning', 'notice']),
  message: z.string(),
});
export type WorkerWarning = z.infer<typeof warningSchema>;

export const certificateRowSchema = z.object({
  id: z.string(), personId: z.string(), personName: z.string(), idNumberMasked: z.string(), employerName: z.string(), workType: z.string(), workTypeName: z.string(),
  system: z.enum(['housing', 'emergency']), systemLabel: z.string(), category: z.string(), number: z.string(), issuer: z.string(),
  issuedOn: z.string(), expiresOn: z.string(), nextReviewOn: z.string().nullable(),
  status: z.enum(['valid', 'expiring', 'expired', 'review_due', 'revoked']), statusLabel: z.string(), daysLeft: z.number(), scans: z.array(storedFileOutput),
});
export type CertificateRow = z.infer<typeof certificateRowSchema>;

export const trainingRowSchema = z.object({
  id: z.string(), level: z.enum(['company', 'project', 'team']), levelLabel: z.string(), reason: z.enum(['new', 'trade_change', 'return']), reasonLabel: z.string(),
  workType: z.string(), workTypeName: z.string(), teamId: z.string().nullable(), teamName: z.string(),
  trainedOn: z.string(), hours: z.number(), trainer: z.string(), content: z.string(), score: z.number().nullable(), passed: z.boolean(),
});
export type TrainingRow = z.infer<typeof trainingRowSchema>;

export const trainingRegisterRowSchema = z.object({
  personId: z.string(), name: z.string(), idNumberMasked: z.string(), employerName: z.string(), workTypeName: z.string(), teamName: z.string(),
  levels: z.object({ company: z.string().nullable(), project: z.string().nullable(), team: z.string().nullable() }),
  complete: z.boolean(), warnings: z.array(warningSchema),
});

export const briefingSchema = z.object({
  id: z.string(), briefedOn: z.string(), subject: z.string(), content: z.string(), briefer: z.string(), teamId: z.string().nullable(), team: z.string(), dangerous: z.boolean(), safetyOfficer: z.string(),
  attendees: z.array(z.object({ personId: z.string(), name: z.string(), signed: z.boolean() })),
});
export type Briefing = z.infer<typeof briefingSchema>;

export const profileSchema = z.object({
  floorArea: z.number(),
  structureType: z.string(),
  safetyOfficers: z.array(z.object({ name: z.string(), personId: z.string().nullable(), certificateNo: z.string() })),
  trainingHours: z.object({ company: z.number(), project: z.number(), team: z.number() }),
  /** true while the hours are the rule file's defaults. */
  defaultHours: z.boolean(),
  /** 专职安全员 required by floor area, and what is short of it in words (null when enough). */
  requiredOfficers: z.number(),
  /** Those of the list who count today (a linked 现场管理人员 only while on site), and why the others do not. */
  countedOfficers: z.number(),
  officerNotes: z.array(z.string()),
  staffingWarning: z.string().nullable(),
  saved: z.boolean(),
});
export type SafetyProfile = z.infer<typeof profileSchema>;

export const overviewSchema = z.object({
  date: z.string(),
  latest: assessmentRowSchema.nullable(),
  openHazards: z.number(),
  overdueHazards: z.number(),
  majorOpen: z.number(),
  expiring: z.array(z.object({ certificateId: z.string(), personId: z.string(), personName: z.string(), category: z.string(), expiresOn: z.string(), daysLeft: z.number(), band: z.number() })),
  expired: z.array(z.object({ certificateId: z.string(), personId: z.string(), personName: z.string(), category: z.string(), expiresOn: z.string() })),
  /** The warning bands of the rule file, smallest first (30, 60, 90). */
  warnDays: z.array(z.number()),
  /** On site today in a 特种作业 工种 without a valid certificate: what the attendance lists warn of. */
  uncertified: z.array(z.object({ personId: z.string(), personName: z.string(), workTypeName: z.string(), message: z.string() })),
  /** 专职安全员: required by floor area, counted today (see profileSchema). */
  staffing: z.object({ saved: z.boolean(), floorArea: z.number(), required: z.number(), counted: z.number(), notes: z.array(z.string()) }),
  staffingWarning: z.string().nullable(),
});
export type SafetyOverview = z.infer<typeof overviewSchema>;

export const supervisionSafetyRowSchema = z.object({
  projectId: z.string(), contractNo: z.string(), name: z.string(), supervisionStation: z.string(),
  latestPeriod: z.string().nullable(), latestKind: z.string().nullable(), latestTotal: z.string().nullable(), latestGrade: z.string().nullable(), latestState: z.string().nullable(),
  openHazards: z.number(), overdueHazards: z.number(), expiredCertificates: z.number(),
});
export type SupervisionSafetyRow = z.infer<typeof supervisionSafetyRowSchema>;

const file = generatedFileSchema;

/** The person a record is for, picked from the register: an empty pick is answered in words. */
const pickedPerson = z.string({ message: '请选择人员' }).min(1, '请选择人员').max(64);

export const safetyCommands = {
  // ---- rule tables: what the project scores with, their editions, a correction (设置)
  'safety.rules': command({ access: 'project', input: z.object({}).strict(), output: rulesViewSchema }),
  'safety.ruleEditions': command({ access: 'project', input: z.object({ key: z.string().max(40) }).strict(), output: z.array(ruleEditionSchema) }),
  'safety.correctRule': command({
    access: 'project',
    roles: ['manager'],
    input: z.object({
      kind: z.enum(['jgj59.table', 'jgj59.summary']),
      key: z.string().max(40),
      content: z.record(z.string(), z.unknown()),
      note: textField('更正说明(依据的标准文本)', 500),
    }).strict(),
    output: ruleEditionSchema,
  }),

  // ---- 检查评分
  'safety.assessments': command({
    access: 'project',
    input: z.object({ ...page, period: monthInput.optional(), kind: z.enum(assessmentKinds).optional(), current: z.boolean().default(true) }).strict(),
    output: z.object({ rows: z.array(assessmentRowSchema), total: z.number() }),
  }),
  'safety.assessment': command({ access: 'project', input: z.object({ id: idField }).strict(), output: assessmentViewSchema }),
  'safety.createAssessment': command({
    access: 'project',
    input: z.object({
      kind: z.enum(assessmentKinds, { message: '请选择检查类型' }),
      checkedOn: siteDateInput,
      inspector: textField('检查单位/检查人', 100),
      subject: optionalText('检查内容', 100),
      tables: z.array(tableKey).min(1, '请至少选择一张检查评分表').max(19),
    }).strict(),
    output: assessmentViewSchema,
  }),
  'safety.setTables': command({ access: 'project', input: z.object({ id: idField, tables: z.array(tableKey).min(1, '请至少选择一张检查评分表').max(19) }).strict(), output: assessmentViewSchema }),
  'safety.setMissingItems': command({ access: 'project', input: z.object({ sheetId: idField, missingItems: z.array(z.number().int().min(1).max(30)).max(30) }).strict(), output: assessmentViewSchema }),
  'safety.addDeduction': command({ access: 'project', input: z.object({ sheetId: idField, itemNo: z.number().int().min(1).max(30), ...deductionInput }).strict(), output: assessmentViewSchema }),
  'safety.updateDeduction': command({ access: 'project', input: z.object({ id: idField, ...deductionInput }).strict(), output: assessmentViewSchema }),
  'safety.removeDeduction': command({ access: 'project', input: z.object({ id: idField }).strict(), output: assessmentViewSchema }),
  'safety.submit': command({ access: 'project', input: z.object({ id: idField, signerName: name('检查人'), opinion: optionalText('检查意见', 1000), signedOn: siteDateInput }).strict(), output: assessmentViewSchema }),
  'safety.review': command({
    access: 'project',
    input: z.object({ id: idField, step: z.enum(['supervisor_reviewed', 'owner_reviewed']), signerName: name('审核人'), opinion: textField('审核意见', 1000), signedOn: siteDateInput }).strict(),
    output: assessmentViewSchema,
  }),
  'safety.lock': command({ access: 'project', roles: ['manager'], input: z.object({ id: idField, opinion: optionalText('意见', 1000), signedOn: siteDateInput }).strict(), output: assessmentViewSchema }),
  'safety.revise': command({ access: 'project', input: z.object({ id: idField, reason: textField('更正原因', 500) }).strict(), output: assessmentViewSchema }),
  'safety.gradeChart': command({
    access: 'project',
    input: z.object({ months: z.number().int().min(1).max(60).default(12) }).strict(),
    output: z.array(z.object({ period: z.string(), assessmentId: z.string().nullable(), total: z.number().nullable(), totalText: z.string(), grade: z.string().nullable(), state: z.string().nullable() })),
  }),

  // ---- 隐患
  'safety.openHazard': command({
    access: 'project',
    input: z.object({
      deductionId: idField.optional(),
      category: z.enum(hazardCategories, { message: '请选择隐患类别' }),
      level: z.enum(['general', 'major'], { message: '请选择隐患级别' }),
      title: textField('隐患内容', 200),
      location: textField('部位', 200),
      foundOn: siteDateInput,
      foundBy: name('检查人'),
      responsible: textField('整改责任人', 100),
      deadline: siteDateInput,
      requirement: textField('整改要求', 2000),
    }).strict(),
    output: hazardRowSchema,
  }),
  'safety.hazards': command({
    access: 'project',
    input: z.object({ ...page, month: monthInput.optional(), status: z.enum(['open', 'overdue', 'closed', 'all']).default('all'), search }).strict(),
    output: z.object({ rows: z.array(hazardRowSchema), total: z.number() }),
  }),

  // ---- the project's safety facts (设置)
  'safety.profile': command({ access: 'project', input: z.object({}).strict(), output: profileSchema }),
  'safety.saveProfile': command({
    access: 'project',
    roles: ['manager'],
    input: z.object({
      floorArea: z.number({ message: '请填写建筑面积' }).int('建筑面积应为整数(m²)').min(0, '建筑面积不能为负').max(10_000_000, '建筑面积过大'),
      structureType: textField('结构类型', 50),
      safetyOfficers: z.array(z.object({ name: name('专职安全员姓名'), personId: idField.nullable().default(null), certificateNo: optionalText('安全生产考核合格证书编号', 50) }).strict()).max(50),
      trainingHours: z.object({
        company: z.number().int('学时应为整数').min(0).max(200),
        project: z.number().int('学时应为整数').min(0).max(200),
        team: z.number().int('学时应为整数').min(0).max(200),
      }).strict().nullable(),
    }).strict(),
    output: profileSchema,
  }),
  'safety.overview': command({ access: 'project', input: z.object({}).strict(), output: overviewSchema }),

  // ---- 特种作业人员, 三级安全教育, 安全技术交底
  'safety.certificates': command({
    access: 'project',
    input: z.object({ ...page, search, status: z.enum(['all', 'valid', 'expiring', 'expired']).default('all') }).strict(),
    output: z.object({ rows: z.array(certificateRowSchema), total: z.number() }),
  }),
  'safety.addCertificate': command({
    access: 'project',
    upload: true,
    input: z.object({
      personId: pickedPerson,
      system: z.enum(['housing', 'emergency'], { message: '请选择证书类型' }),
      category: textField('操作类别', 40),
      number: textField('证书编号', 50),
      issuer: textField('发证机关', 100),
      issuedOn: siteDateInput,
      expiresOn: siteDateInput,
      nextReviewOn: siteDateInput.nullable().default(null),
      scan: uploadedFileInput(['image/jpeg', 'image/png', 'application/pdf'] as const, '证书扫描件只能是 jpg、png 或 pdf 文件').nullable().default(null),
    }).strict(),
    output: certificateRowSchema,
  }),
  'safety.revokeCertificate': command({ access: 'project', input: z.object({ id: idField, reason: textField('作废原因', 200) }).strict(), output: certificateRowSchema }),
  'safety.personSafety': command({
    access: 'project',
    input: z.object({ personId: idField }).strict(),
    output: z.object({
      personId: z.string(), name: z.string(), idNumberMasked: z.string(), workType: z.string(), workTypeName: z.string(),
      certificates: z.array(certificateRowSchema), trainings: z.array(trainingRowSchema), warnings: z.array(warningSchema),
    }),
  }),
  /** The warnings of several workers on one date: what 派工, 进场 and the attendance lists show. */
  'safety.warnings': command({
    access: 'project',
    input: z.object({
      personIds: z.array(idField).min(1).max(2000),
      date: siteDateInput.optional(),
      /** The 工种 being assigned (派工); otherwise each worker's current one. */
      workType: workTypeField.optional(),
    }).strict(),
    output: z.array(z.object({ personId: z.string(), warnings: z.array(warningSchema) })),
  }),
  'safety.addTraining': command({
    access: 'project',
    input: z.object({
      personId: pickedPerson,
      level: z.enum(['company', 'project', 'team'], { message: '请选择教育级别' }),
      reason: z.enum(['new', 'trade_change', 'return']).default('new'),
      workType: workTypeField.or(z.literal('')).default(''),
      /** The 班组 of a 班组级 training; null: the worker's team that day. */
      teamId: idField.nullable().default(null),
      trainedOn: siteDateInput,
      hours: z.number({ message: '请填写学时' }).int('学时应为整数').min(1, '学时至少为1').max(200),
      trainer: name('教育人'),
      content: textField('教育内容', 1000),
      score: z.number().int().min(0).max(100).nullable().default(null),
      passed: z.boolean({ message: '请选择考核结果' }),
    }).strict(),
    output: z.array(trainingRowSchema),
  }),
  'safety.trainingRegister': command({
    access: 'project',
    input: z.object({ ...page, search, status: z.enum(['all', 'incomplete']).default('all') }).strict(),
    output: z.object({ rows: z.array(trainingRegisterRowSchema), total: z.number(), hours: z.object({ company: z.number(), project: z.number(), team: z.number() }) }),
  }),
  /** A 班组's workers on a day (labour's 派工登记): who a 安全技术交底 briefs and a 班组级 training trains. */
  'safety.teamMembers': command({
    access: 'project',
    input: z.object({ teamId: idField, date: siteDateInput }).strict(),
    output: z.object({
      teamId: z.string(), teamName: z.string(), date: z.string(),
      rows: z.array(z.object({ personId: z.string(), workerId: z.string(), workerNo: z.string(), name: z.string(), workTypeName: z.string(), onSite: z.boolean() })),
    }),
  }),
  'safety.briefings': command({ access: 'project', input: z.object({ ...page, search }).strict(), output: z.object({ rows: z.array(briefingSchema), total: z.number() }) }),
  'safety.addBriefing': command({
    access: 'project',
    input: z.object({
      briefedOn: siteDateInput,
      subject: textField('交底项目(分部分项工程)', 100),
      content: textField('交底内容', 5000),
      briefer: name('交底人'),
      /** The 班组 briefed: its workers that day are the ones who may sign. null: a team typed by name. */
      teamId: idField.nullable().default(null),
      team: optionalText('班组', 50).default(''),
      dangerous: z.boolean().default(false),
      safetyOfficer: optionalText('专职安全员', 50),
      attendees: z.array(z.object({ personId: idField, signed: z.boolean() }).strict()).min(1, '请选择被交底人').max(500),
    }).strict(),
    output: briefingSchema,
  }),

  // ---- printed forms
  'safety.summaryPdf': command({ access: 'project', input: z.object({ id: idField }).strict(), output: file }),
  'safety.sheetsPdf': command({ access: 'project', input: z.object({ id: idField, tableKey: tableKey.optional() }).strict(), output: file }),
  'safety.monthlyPdf': command({ access: 'project', input: z.object({ id: idField }).strict(), output: file }),
  'safety.hazardLedgerPdf': command({ access: 'project', input: z.object({ month: monthInput }).strict(), output: file }),
  'safety.certificatesPdf': command({ access: 'project', input: z.object({ search, status: z.enum(['all', 'valid', 'expiring', 'expired']).default('all') }).strict(), output: file }),
  'safety.trainingCardPdf': command({ access: 'project', input: z.object({ personId: idField }).strict(), output: file }),
  'safety.briefingPdf': command({ access: 'project', input: z.object({ id: idField }).strict(), output: file }),

  // ---- the central side: 监督管理查询's safety columns
  'supervision.safety': command({
    access: 'user',
    roles: ['supervisor'],
    input: z.object({ ...page, name: z.string().trim().max(100).default(''), station: z.string().trim().max(100).default('') }).strict(),
    output: z.object({ rows: z.array(supervisionSafetyRowSchema), total: z.number() }),
  }),
} as const satisfies Record<string, ReturnType<typeof command>>;
