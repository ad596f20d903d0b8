// API commands of 监理报告 (services/supervision-reports/): 监理通知单 (opened in the shared loop;
// its 回复单 and 复查 are the loop's steps), 工程暂停令 and 复工令, 旁站记录, the escalation the app
// offers, the 监理月报 (drafted from the other modules' figures, edited, signed by the 总监 only,
// queued to send; missing months shown), the 监理紧急报告 with its first-contact log, the printed
// forms, and the central side's 监督管理查询 of materials, lots and 月报.
// Nothing here imports a value from contract.ts (see contract-reports.ts for why).
import { z } from 'zod';
import { command } from './command';
import { projectRoles, supervisionRoles } from './parties/positions';
import { pendingSignatureSchema, signatureViewSchema } from './contract-parties';
import { rectificationViewSchema } from './contract-rectification';
import { generatedFileSchema, idField, monthInput, optionalText, siteDateInput, textField } from './schemas';

const page = {
  page: z.number().int().min(1).max(100000).default(1),
  pageSize: z.union([z.literal(10), z.literal(20), z.literal(50), z.literal(100)]).default(20),
};
const engineers = ['supervision_engineer', 'chief_supervisor'] as const;
const chief = ['chief_supervisor'] as const;
const construction = ['manager', 'operator'] as const;
const timeInput = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm');
const siteTimeInput = z.string().regex(/^\d{4}-\d{2}-\d{2} ([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 YYYY-MM-DD HH:mm');

export const noticeRowSchema = z.object({
  id: z.string(),
  number: z.string(),
  subject: z.string(),
  issuedOn: z.string(),
  issuerName: z.string(),
  sourceLabel: z.string(),
  rectification: rectificationViewSchema,
});
export type NoticeRow = z.infer<typeof noticeRowSchema>;

export const stopOrderSchema = z.object({
  id: z.string(),
  number: z.string(),
  issuedOn: z.string(),
  scope: z.string(),
  reason: z.string(),
  requirement: z.string(),
  noticeNumber: z.string().nullable(),
  sourceTitle: z.string().nullable(),
  reportedToOwnerOn: z.string().nullable(),
  state: z.enum(['stopped', 'resume_applied', 'resumed']),
  stateLabel: z.string(),
  resumeApplication: z.string(),
  resumeAppliedOn: z.string().nullable(),
  resumedOn: z.string().nullable(),
  signatures: z.array(signatureViewSchema),
});
export type StopOrderView = z.infer<typeof stopOrderSchema>;

export const sideRecordSchema = z.object({
  id: z.string(), recordedOn: z.string(), startTime: z.string(), endTime: z.string(), part: z.string(), construction: z.string(), supervision: z.string(),
  problems: z.string(), pourLabel: z.string(), signatures: z.array(signatureViewSchema),
});
export type SideRecordView = z.infer<typeof sideRecordSchema>;

export const escalationOfferSchema = z.object({
  kind: z.enum(['notice', 'stop_order', 'emergency']),
  label: z.string(),
  reason: z.string(),
  rectificationId: z.string(),
  title: z.string(),
  noticeId: z.string().nullable(),
  stopOrderId: z.string().nullable(),
  emergencyKind: z.enum(['major_hazard', 'refused_rectification', 'refused_stop']).nullable(),
});
export type EscalationOffer = z.infer<typeof escalationOfferSchema>;

/** The figures of a month, as the 月报 drafts them from the other modules. */
export const monthlyFiguresSchema = z.object({
  period: z.string(),
  lots: z.object({ accepted: z.number(), failed: z.number(), awaiting: z.number(), blocked: z.number() }),
  acceptances: z.object({ subitems: z.number(), divisions: z.number() }),
  materials: z.object({
    received: z.number(), approved: z.number(), samples: z.number(), groups: z.number(), witnessedGroups: z.number(), reportsPassed: z.number(), reportsFailed: z.number(),
    overdueResults: z.number(),
    nonconforming: z.array(z.object({ label: z.string(), reportNo: z.string(), state: z.string() })),
    share: z.array(z.object({ name: z.string(), share: z.number().nullable(), meets: z.boolean() })),
  }),
  safety: z.object({ grade: z.string().nullable(), total: z.string().nullable(), hazardsFound: z.number(), hazardsClosed: z.number(), hazardsOpen: z.number(), hazardsOverdue: z.number(), dangerousWorks: z.array(z.string()) }),
  quality: z.object({ problemsFound: z.number(), problemsClosed: z.number(), measurementRate: z.number().nullable() }),
  instruments: z.object({ notices: z.number(), noticesClosed: z.number(), stopOrders: z.number(), resumed: z.number(), sideRecords: z.number(), emergencies: z.number() }),
});
export type MonthlyFigures = z.infer<typeof monthlyFiguresSchema>;

export const monthlyViewSchema = z.object({
  id: z.string(),
  period: z.string(),
  revision: z.number(),
  revisionReason: z.string(),
  state: z.enum(['draft', 'signed', 'queued']),
  stateLabel: z.string(),
  figures: monthlyFiguresSchema,
  figuresAt: z.string(),
  sections: z.array(z.object({ key: z.string(), title: z.string(), text: z.string(), hint: z.string() })),
  signedOn: z.string().nullable(),
  queuedAt: z.string().nullable(),
  dueOn: z.string(),
  signatures: z.array(signatureViewSchema),
  pending: z.array(pendingSignatureSchema),
  /** Where it has gone, once queued: 建设单位 (签收), 监理单位, 监督机构 (the central side acknowledged the bundle). */
  delivery: z.array(z.object({ recipient: z.string(), done: z.boolean(), note: z.string() })),
  superseded: z.boolean(),
});
export type MonthlyView = z.infer<typeof monthlyViewSchema>;

export const monthRowSchema = z.object({
  period: z.string(),
  dueOn: z.string(),
  status: z.enum(['none', 'draft', 'signed', 'queued', 'gap', 'open', 'due']),
  statusLabel: z.string(),
  reportId: z.string().nullable(),
  revision: z.number().nullable(),
});
export type MonthRow = z.infer<typeof monthRowSchema>;

export const emergencyViewSchema = z.object({
  id: z.string(), number: z.string(), kind: z.enum(['major_hazard', 'refused_rectification', 'refused_stop']), kindLabel: z.string(), subject: z.string(), content: z.string(),
  evidence: z.array(z.object({ kind: z.string(), id: z.string(), label: z.string() })),
  state: z.enum(['draft', 'contacted', 'signed', 'queued']), stateLabel: z.string(), signedOn: z.string().nullable(), queuedAt: z.string().nullable(), createdAt: z.string(),
  contacts: z.array(z.object({ id: z.string(), contactedAt: z.string(), channel: z.string(), party: z.string(), person: z.string(), phone: z.string(), summary: z.string() })),
  /** Against the time limits of the rules: the phone call and the written report. */
  marks: z.array(z.string()),
  signatures: z.array(signatureViewSchema),
});
export type EmergencyView = z.infer<typeof emergencyViewSchema>;

export const supervisionQualityRowSchema = z.object({
  projectId: z.string(), contractNo: z.string(), name: z.string(), supervisionStation: z.string(),
  nonconforming: z.array(z.object({ label: z.string(), reportNo: z.string(), state: z.string() })),
  awaitingLots: z.number(),
  blockedLots: z.number(),
  missingMonths: z.array(z.string()),
  lastReport: z.string().nullable(),
});
export type SupervisionQualityRow = z.infer<typeof supervisionQualityRowSchema>;

export const supervisionReportsCommands = {
  'supervisionReports.notices': command({
    access: 'project', roles: projectRoles,
    input: z.object({ ...page, status: z.enum(['all', 'open', 'overdue', 'closed']).default('all') }).strict(),
    output: z.object({ rows: z.array(noticeRowSchema), total: z.number() }),
  }),
  /** 监理通知单, by the 专业监理工程师 or the 总监; from a rectification past its 限期, or on its own. */
  'supervisionReports.issueNotice': command({
    access: 'project', roles: engineers,
    input: z.object({
      subject: textField('事由', 200),
      content: textField('内容', 2000),
      location: textField('部位', 200),
      responsible: textField('整改责任单位', 200),
      deadline: siteDateInput,
      issuedOn: siteDateInput,
      major: z.boolean().default(false),
      sourceRectificationId: idField.nullable().default(null),
    }).strict(),
    output: noticeRowSchema,
  }),
  'supervisionReports.stopOrders': command({ access: 'project', roles: projectRoles, input: z.object({}).strict(), output: z.array(stopOrderSchema) }),
  /** 工程暂停令, by the 总监 only; reported to the 建设单位 with it. */
  'supervisionReports.issueStopOrder': command({
    access: 'project', roles: chief,
    input: z.object({
      scope: textField('暂停施工部位(工序)', 200),
      reason: textField('暂停原因', 1000),
      requirement: textField('整改要求', 2000),
      issuedOn: siteDateInput,
      noticeId: idField.nullable().default(null),
      sourceRectificationId: idField.nullable().default(null),
      reportToOwner: z.boolean().default(true),
    }).strict(),
    output: stopOrderSchema,
  }),
  /** 复工报审, by the 施工单位. */
  'supervisionReports.applyResume': command({
    access: 'project', roles: construction,
    input: z.object({ id: idField, application: textField('复工申请(整改情况)', 2000), appliedOn: siteDateInput }).strict(),
    output: stopOrderSchema,
  }),
  /** 复工令, by the 总监 only. */
  'supervisionReports.resume': command({
    access: 'project', roles: chief,
    input: z.object({ id: idField, signedOn: siteDateInput, opinion: textField('复工意见', 1000) }).strict(),
    output: stopOrderSchema,
  }),
  'supervisionReports.sideRecords': command({
    access: 'project', roles: projectRoles,
    input: z.object({ ...page, month: monthInput.optional() }).strict(),
    output: z.object({ rows: z.array(sideRecordSchema), total: z.number() }),
  }),
  /** 旁站记录, by the 监理员 or 专业监理工程师 on duty. */
  'supervisionReports.addSideRecord': command({
    access: 'project', roles: ['supervision_inspector', 'supervision_engineer'],
    input: z.object({
      recordedOn: siteDateInput, startTime: timeInput, endTime: timeInput,
      part: textField('旁站的关键部位、关键工序', 200),
      construction: textField('施工情况', 2000),
      supervision: textField('监理情况', 2000),
      problems: optionalText('发现的问题及处理情况', 2000).default(''),
      pourId: idField.nullable().default(null),
    }).strict(),
    output: sideRecordSchema,
  }),
  'supervisionReports.escalations': command({ access: 'project', roles: projectRoles, input: z.object({}).strict(), output: z.array(escalationOfferSchema) }),
  'supervisionReports.months': command({ access: 'project', roles: projectRoles, input: z.object({}).strict(), output: z.object({ filedOn: z.string().nullable(), completedOn: z.string().nullable(), dueDay: z.number(), rows: z.array(monthRowSchema) }) }),
  'supervisionReports.monthly': command({ access: 'project', roles: projectRoles, input: z.object({ period: monthInput }).strict(), output: monthlyViewSchema.nullable() }),
  /** Drafts a month's 月报 from the other modules (or draws the figures again on a draft). */
  'supervisionReports.draftMonthly': command({ access: 'project', roles: engineers, input: z.object({ period: monthInput }).strict(), output: monthlyViewSchema }),
  'supervisionReports.saveMonthly': command({
    access: 'project', roles: engineers,
    input: z.object({ id: idField, sections: z.array(z.object({ key: z.string().regex(/^[a-z_]+$/), text: optionalText('月报内容', 5000).default('') }).strict()).min(1).max(20) }).strict(),
    output: monthlyViewSchema,
  }),
  /** The 总监's signature: only the 总监 signs a 月报. */
  'supervisionReports.signMonthly': command({ access: 'project', roles: chief, input: z.object({ id: idField, signedOn: siteDateInput }).strict(), output: monthlyViewSchema }),
  'supervisionReports.queueMonthly': command({ access: 'project', roles: chief, input: z.object({ id: idField }).strict(), output: monthlyViewSchema }),
  /** 签收 by the 建设单位. */
  'supervisionReports.receiveMonthly': command({ access: 'project', roles: ['owner_representative'], input: z.object({ id: idField, signedOn: siteDateInput }).strict(), output: monthlyViewSchema }),
  'supervisionReports.reviseMonthly': command({ access: 'project', roles: engineers, input: z.object({ id: idField, reason: textField('修订原因', 500) }).strict(), output: monthlyViewSchema }),
  'supervisionReports.emergencies': command({ access: 'project', roles: projectRoles, input: z.object({}).strict(), output: z.array(emergencyViewSchema) }),
  /** A 紧急报告 drafted from an escalation (its chain of evidence linked), or on its own. */
  'supervisionReports.draftEmergency': command({
    access: 'project', roles: engineers,
    input: z.object({
      kind: z.enum(['major_hazard', 'refused_rectification', 'refused_stop'], { message: '请选择报告情形' }),
      subject: textField('事由', 200),
      sourceRectificationId: idField.nullable().default(null),
      stopOrderId: idField.nullable().default(null),
    }).strict(),
    output: emergencyViewSchema,
  }),
  'supervisionReports.logContact': command({
    access: 'project', roles: supervisionRoles,
    input: z.object({
      id: idField, contactedAt: siteTimeInput, channel: textField('方式', 20), party: textField('报告对象', 50), person: textField('接报人', 50), phone: z.string().trim().max(30, '电话号码过长'),
      summary: textField('报告内容摘要', 1000),
    }).strict(),
    output: emergencyViewSchema,
  }),
  'supervisionReports.signEmergency': command({ access: 'project', roles: chief, input: z.object({ id: idField, content: textField('书面报告内容', 5000), signedOn: siteDateInput }).strict(), output: emergencyViewSchema }),
  'supervisionReports.queueEmergency': command({ access: 'project', roles: chief, input: z.object({ id: idField }).strict(), output: emergencyViewSchema }),
  // The printed forms (监理通知单 / 回复单 / 复查 print from rectification.formPdf)
  'supervisionReports.stopOrderPdf': command({ access: 'project', roles: projectRoles, input: z.object({ id: idField, form: z.enum(['stop', 'resume']) }).strict(), output: generatedFileSchema }),
  'supervisionReports.sideRecordPdf': command({ access: 'project', roles: projectRoles, input: z.object({ id: idField }).strict(), output: generatedFileSchema }),
  'supervisionReports.monthlyPdf': command({ access: 'project', roles: projectRoles, input: z.object({ id: idField }).strict(), output: generatedFileSchema }),
  'supervisionReports.emergencyPdf': command({ access: 'project', roles: projectRoles, input: z.object({ id: idField }).strict(), output: generatedFileSchema }),
  /** 监督管理查询 › 质量与监理报告: per contract, the 不合格 materials, the lots awaiting acceptance, the months without a 月报. */
  'supervision.quality': command({
    access: 'user', roles: ['supervisor'],
    input: z.object({ ...page, name: z.string().trim().max(100).default(''), station: z.string().trim().max(100).default('全部') }).strict(),
    output: z.object({ rows: z.array(supervisionQualityRowSchema), total: z.number() }),
  }),
} as const satisfies Record<string, ReturnType<typeof command>>;
