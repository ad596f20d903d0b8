// API commands of 工资支付台账登记管理 and 人工费支付台账登记管理 (issue 18): a month's ledgers per 班组
// or 参建单位 generated from attendance and the 劳动合同, their rows (工作量, 应发项目, deductions),
// the steps 草稿 → 班组长核对 → 工人确认 → 项目负责人审核 → 锁定, 补发/更正 ledgers, the 工资支付表 PDF,
// bank 代发 files and the bank's result files (long work as tasks with progress), the worker's
// months, 欠薪预警, the 人工费专用账户 (拨付, 代发, balance, reconciliation) and the 维权信息告示牌.
//
// The 劳资专管员 prepares (PREPARERS); the 项目负责人 approves, locks and deletes. contract.ts
// spreads these commands into the contract, so nothing here may import a value from it.
import { z } from 'zod';
import { command } from './command';
import type { Role } from './codes';
import {
  alertKinds, bankFields, ledgerActions, ledgerKinds, ledgerStates, paymentStatuses, prorationRules,
} from './codes-payroll';
import { payMethods } from './codes-labour';
import { parseQuantity, parseYuan } from './money';
import { empty, generatedFileSchema, idField, monthInput, optionalText, siteDateInput, textField, uploadedFileInput } from './schemas';
import { importInput, taskStarted } from './contract-reports';

/** Who prepares the ledgers and makes the bank files: the 劳资专管员, and the 项目负责人. */
export const PAYROLL_PREPARERS = ['manager', 'labour_officer'] as const satisfies readonly Role[];
/** Every site account of the project: who reads the ledgers. */
const SITE_ACCOUNTS = ['manager', 'operator', 'labour_officer'] as const satisfies readonly Role[];

/** An amount in 元 as typed, to 分; `allowZero` for deductions and items that may be nothing. */
const yuanField = (label: string, allowZero = true) => z.string().max(20, `${label}过长`).transform((text, ctx) => {
  const fen = text.trim() === '' && allowZero ? 0 : parseYuan(text);
  if (fen === null || (!allowZero && fen === 0)) {
    ctx.addIssue({ code: 'custom', message: `${label}应为${allowZero ? '' : '大于0的'}金额(元),最多两位小数` });
    return z.NEVER;
  }
  return fen;
});

const quantityField = z.string().max(20, '工作量过长').nullable().transform((text, ctx) => {
  if (text === null || text.trim() === '') return null;
  const milli = parseQuantity(text);
  if (milli === null) {
    ctx.addIssue({ code: 'custom', message: '工作量应为数字,最多三位小数' });
    return z.NEVER;
  }
  return milli;
});

// ---- 设置 ----

export const payrollSettingsSchema = z.object({
  prorationRule: z.enum(prorationRules),
  /** 应出勤天数 of the 'scheduled' rule. */
  scheduledDays: z.number().int('应出勤天数应为整数').min(1, '应出勤天数应在1至31之间').max(31, '应出勤天数应在1至31之间'),
  /** The 施工合同's minimum 人工费 share of a progress payment, in hundredths of a percent (2000 = 20%). */
  minimumShareBp: z.number().int().min(0, '人工费占比下限不能为负').max(10000, '人工费占比下限不能超过100%'),
  accountBank: z.string().trim().max(50, '开户银行不能超过50个字'),
  accountNo: z.string().trim().max(40, '账号过长').regex(/^[0-9 -]*$/, '账号只能包含数字'),
  accountName: z.string().trim().max(100, '户名不能超过100个字'),
  /** For the 维权信息告示牌: the 监督站's phone and the 建设单位's name where no 参建单位 says it. */
  supervisionPhone: z.string().trim().max(30, '电话号码过长'),
  ownerName: z.string().trim().max(100, '建设单位不能超过100个字'),
});
export type PayrollSettingsView = z.infer<typeof payrollSettingsSchema>;

// ---- ledgers ----

export const ledgerRowSchema = z.object({
  id: z.string(),
  month: z.string(),
  scope: z.enum(['team', 'employer']),
  teamId: z.string().nullable(),
  /** 班组 name, or the 参建单位's for a ledger of a whole 参建单位. */
  scopeName: z.string(),
  employerName: z.string(),
  kind: z.enum(ledgerKinds),
  originalLedgerId: z.string().nullable(),
  adjustmentReason: z.string(),
  state: z.enum(ledgerStates),
  rowCount: z.number(),
  grossFen: z.number(),
  deductionFen: z.number(),
  netFen: z.number(),
  payableFen: z.number(),
  /** Rows with something to pay, and of those the paid ones. */
  toPay: z.number(),
  paid: z.number(),
  failed: z.number(),
  dueOn: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type LedgerRow = z.infer<typeof ledgerRowSchema>;

const itemSchema = z.object({ name: z.string(), amountFen: z.number() });

export const payrollRowSchema = z.object({
  id: z.string(),
  workerId: z.string(),
  workerNo: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  phone: z.string(),
  workTypeName: z.string(),
  teamName: z.string(),
  payMethod: z.enum(payMethods).nullable(),
  wageFen: z.number().nullable(),
  /** 350.00 元/日 */
  wageText: z.string(),
  pieceUnit: z.string(),
  attendanceDays: z.number(),
  hoursTenths: z.number(),
  quantity: z.string().nullable(),
  baseFen: z.number(),
  items: z.array(itemSchema),
  grossFen: z.number(),
  taxFen: z.number(),
  socialFen: z.number(),
  otherDeductionFen: z.number(),
  otherDeductionReason: z.string(),
  netFen: z.number(),
  previousNetFen: z.number(),
  payableFen: z.number(),
  bankName: z.string(),
  cardNoMasked: z.string(),
  dueOn: z.string(),
  note: z.string(),
  warnings: z.array(z.string()),
  payment: z.object({ status: z.enum(paymentStatuses), paidOn: z.string().nullable(), voucherNo: z.string(), reason: z.string() }),
});
export type PayrollRowView = z.infer<typeof payrollRowSchema>;

export const ledgerStepSchema = z.object({
  id: z.string(),
  action: z.enum(ledgerActions),
  fromState: z.enum(ledgerStates).nullable(),
  toState: z.enum(ledgerStates),
  byName: z.string(),
  byRole: z.string(),
  signer: z.string(),
  note: z.string(),
  at: z.string(),
});

export const bankBatchSchema = z.object({
  id: z.string(),
  templateName: z.string(),
  format: z.enum(['xlsx', 'txt']),
  fileName: z.string(),
  rowCount: z.number(),
  totalFen: z.number(),
  createdAt: z.string(),
  createdBy: z.string(),
  resultFileName: z.string().nullable(),
  resultImportedAt: z.string().nullable(),
  succeeded: z.number(),
  failed: z.number(),
});
export type BankBatchView = z.infer<typeof bankBatchSchema>;

export const ledgerDetailSchema = z.object({
  ledger: ledgerRowSchema,
  prorationText: z.string(),
  rows: z.array(payrollRowSchema),
  steps: z.array(ledgerStepSchema),
  batches: z.array(bankBatchSchema),
  signedSheet: z.object({ fileId: z.string(), fileName: z.string() }).nullable(),
  original: ledgerRowSchema.nullable(),
  adjustments: z.array(ledgerRowSchema),
  /** Why the ledger cannot change now (locked, or past 草稿); null in 草稿. */
  lockedReason: z.string().nullable(),
  /** Whether it may be deleted now, and if not, until when it must be kept. */
  keepUntil: z.string(),
});
export type LedgerDetail = z.infer<typeof ledgerDetailSchema>;

export const scopeRowSchema = z.object({
  teamId: z.string(),
  teamName: z.string(),
  employerId: z.string(),
  employerName: z.string(),
  ledgerId: z.string().nullable(),
  state: z.enum(ledgerStates).nullable(),
});

// ---- bank files ----

export const bankColumnSchema = z.object({ field: z.enum(bankFields), header: z.string().trim().min(1, '请填写列名').max(30, '列名不能超过30个字') });
const resultColumnsSchema = z.object({
  cardNo: z.string().trim().min(1, '请填写结果文件中卡号的列名').max(30),
  amount: z.string().trim().min(1, '请填写结果文件中金额的列名').max(30),
  status: z.string().trim().min(1, '请填写结果文件中处理结果的列名').max(30),
  reason: z.string().trim().max(30),
  name: z.string().trim().max(30),
  voucherNo: z.string().trim().max(30),
  paidOn: z.string().trim().max(30),
});

export const bankTemplateInput = z.object({
  name: textField('模板名称', 50),
  bankCode: z.string().trim().regex(/^(\d{3})?$/, '银行代码应为3位行别代码').default(''),
  format: z.enum(['xlsx', 'txt'], { message: '请选择文件格式' }),
  delimiter: z.enum([',', '|', '\t', ';'], { message: '请选择分隔符' }).default(','),
  encoding: z.enum(['utf8', 'gb18030'], { message: '请选择文字编码' }).default('utf8'),
  header: z.boolean().default(true),
  amountUnit: z.enum(['yuan', 'fen'], { message: '请选择金额单位' }).default('yuan'),
  columns: z.array(bankColumnSchema).min(1, '请至少设置一列').max(20, '最多20列')
    .refine((cols) => cols.some((c) => c.field === 'cardNo') && cols.some((c) => c.field === 'amount'), '代发文件至少要有卡号和金额两列'),
  resultColumns: resultColumnsSchema,
  successWords: z.array(z.string().trim().min(1).max(20)).min(1, '请至少填写一个表示成功的词').max(10),
}).strict();

export const bankTemplateSchema = z.object({
  id: z.string(),
  builtIn: z.boolean(),
  name: z.string(),
  bankCode: z.string(),
  format: z.enum(['xlsx', 'txt']),
  delimiter: z.string(),
  encoding: z.enum(['utf8', 'gb18030']),
  header: z.boolean(),
  amountUnit: z.enum(['yuan', 'fen']),
  columns: z.array(z.object({ field: z.enum(bankFields), header: z.string() })),
  resultColumns: resultColumnsSchema,
  successWords: z.array(z.string()),
});
export type BankTemplateView = z.infer<typeof bankTemplateSchema>;

// ---- the worker's months, 欠薪预警 ----

export const workerMonthSchema = z.object({
  ledgerId: z.string(),
  month: z.string(),
  kind: z.enum(ledgerKinds),
  state: z.enum(ledgerStates),
  scopeName: z.string(),
  attendanceDays: z.number(),
  grossFen: z.number(),
  netFen: z.number(),
  payableFen: z.number(),
  dueOn: z.string(),
  payment: z.object({ status: z.enum(paymentStatuses), paidOn: z.string().nullable(), voucherNo: z.string(), reason: z.string() }),
});

export const alertSchema = z.object({
  kind: z.enum(alertKinds),
  month: z.string(),
  message: z.string(),
  workers: z.number(),
  amountFen: z.number(),
  ledgerIds: z.array(z.string()),
});
export type PayrollAlert = z.infer<typeof alertSchema>;

// ---- 人工费专用账户 ----

export const allocationSchema = z.object({
  id: z.string(),
  paidOn: z.string(),
  period: z.string(),
  progressPaymentFen: z.number(),
  labourCostFen: z.number(),
  shareBp: z.number(),
  minimumShareBp: z.number(),
  belowMinimum: z.boolean(),
  payer: z.string(),
  voucherNo: z.string(),
  note: z.string(),
  createdByName: z.string(),
  voided: z.boolean(),
  voidReason: z.string(),
});
export type AllocationView = z.infer<typeof allocationSchema>;

export const labourCostAccountSchema = z.object({
  account: z.object({ bank: z.string(), accountNo: z.string(), accountName: z.string() }),
  minimumShareBp: z.number(),
  allocations: z.array(allocationSchema),
  /** 代发 entries: each bank result imported, what it paid from the account. */
  disbursements: z.array(z.object({ batchId: z.string(), paidOn: z.string(), month: z.string(), scopeName: z.string(), workers: z.number(), amountFen: z.number(), fileName: z.string() })),
  /** The account month by month (calendar months of the money's dates). */
  balances: z.array(z.object({ month: z.string(), allocatedFen: z.number(), disbursedFen: z.number(), balanceFen: z.number() })),
  /** Per wage month: 拨付 of the period, 代发 for its ledgers, the locked ledgers' 实发 to pay. */
  reconciliation: z.array(z.object({ month: z.string(), allocatedFen: z.number(), disbursedFen: z.number(), payableFen: z.number(), unpaidFen: z.number(), differenceFen: z.number(), lockedLedgers: z.number(), openLedgers: z.number() })),
  alerts: z.array(alertSchema),
});
export type LabourCostAccount = z.infer<typeof labourCostAccountSchema>;

export const supervisionPayrollSchema = z.object({
  rows: z.array(z.object({
    projectId: z.string(),
    contractNo: z.string(),
    name: z.string(),
    supervisionStation: z.string(),
    alerts: z.array(alertSchema),
    lockedLedgers: z.number(),
    lastLockedMonth: z.string().nullable(),
  })),
  total: z.number(),
});

const ledgerId = z.object({ ledgerId: idField }).strict();
const rowEdit = z.object({
  rowId: idField,
  quantity: quantityField.default(null),
  items: z.array(z.object({ name: textField('应发项目名称', 20), amount: yuanField('应发项目金额', false) }).strict()).max(10, '应发项目最多10项').default([]),
  tax: yuanField('代扣个税').default(0),
  social: yuanField('代扣社保').default(0),
  other: yuanField('其他扣除').default(0),
  otherReason: optionalText('其他扣除原因', 100).default(''),
  note: optionalText('备注', 200).default(''),
}).strict().superRefine((r, ctx) => {
  if (r.other > 0 && r.otherReason === '') ctx.addIssue({ code: 'custom', path: ['otherReason'], message: '有其他扣除时须写明扣除原因' });
});

export const payrollCommands = {
  'payroll.settings': command({ access: 'project', roles: SITE_ACCOUNTS, input: empty, output: payrollSettingsSchema }),
  'payroll.saveSettings': command({ access: 'project', roles: ['manager'], input: payrollSettingsSchema.partial().strict(), output: payrollSettingsSchema }),

  'payroll.ledgers': command({
    access: 'project', roles: SITE_ACCOUNTS,
    input: z.object({ month: monthInput.optional(), state: z.enum(ledgerStates).optional() }).strict(),
    output: z.array(ledgerRowSchema),
  }),
  /** The 班组 that had workers in the month, each with its ledger if there is one: the 生成 dialog. */
  'payroll.scopes': command({ access: 'project', roles: SITE_ACCOUNTS, input: z.object({ month: monthInput }).strict(), output: z.array(scopeRowSchema) }),
  'payroll.generate': command({
    access: 'project', roles: PAYROLL_PREPARERS,
    input: z.object({ month: monthInput, teamIds: z.array(idField).max(500).optional(), employerId: idField.optional() }).strict()
      .refine((i) => !(i.teamIds && i.employerId), '按班组或按参建单位生成,二者选一'),
    output: z.object({ ledgers: z.array(ledgerRowSchema), notices: z.array(z.string()) }),
  }),
  'payroll.ledger': command({ access: 'project', roles: SITE_ACCOUNTS, input: ledgerId, output: ledgerDetailSchema }),
  'payroll.updateRow': command({ access: 'project', roles: PAYROLL_PREPARERS, input: rowEdit, output: ledgerDetailSchema }),
  /** 草稿 → 班组长核对, in the 班组长's name. */
  'payroll.submit': command({ access: 'project', roles: PAYROLL_PREPARERS, input: ledgerId, output: ledgerDetailSchema }),
  /** 班组长核对 → 工人确认: the signed 工资支付表 scanned, or the bank's 代发 result for every row. */
  'payroll.confirm': command({
    access: 'project', roles: PAYROLL_PREPARERS, upload: true,
    input: z.object({ ledgerId: idField, signedSheet: uploadedFileInput(['image/jpeg', 'image/png', 'application/pdf'], '签字表只能是 jpg、png 或 pdf 文件').nullable() }).strict(),
    output: ledgerDetailSchema,
  }),
  'payroll.approve': command({ access: 'project', roles: ['manager'], input: z.object({ ledgerId: idField, note: optionalText('审核意见', 200).default('') }).strict(), output: ledgerDetailSchema }),
  'payroll.lock': command({ access: 'project', roles: ['manager'], input: ledgerId, output: ledgerDetailSchema }),
  'payroll.return': command({ access: 'project', roles: PAYROLL_PREPARERS, input: z.object({ ledgerId: idField, reason: textField('退回原因', 200) }).strict(), output: ledgerDetailSchema }),
  /** 补发/更正: a new ledger of the locked one's month and scope, recomputed, paying the difference. */
  'payroll.createAdjustment': command({ access: 'project', roles: PAYROLL_PREPARERS, input: z.object({ ledgerId: idField, reason: textField('补发/更正原因', 200) }).strict(), output: ledgerDetailSchema }),
  'payroll.delete': command({ access: 'project', roles: ['manager'], input: ledgerId, output: z.null() }),

  'payroll.bankTemplates': command({ access: 'project', roles: PAYROLL_PREPARERS, input: empty, output: z.array(bankTemplateSchema) }),
  'payroll.saveBankTemplate': command({ access: 'project', roles: PAYROLL_PREPARERS, input: z.object({ templateId: idField.nullable(), template: bankTemplateInput }).strict(), output: bankTemplateSchema }),
  'payroll.retireBankTemplate': command({ access: 'project', roles: PAYROLL_PREPARERS, input: z.object({ templateId: idField }).strict(), output: z.null() }),

  // Long work: started, then asked for its progress until done; cancelled leaves nothing behind.
  'payroll.startPdf': command({ access: 'project', roles: SITE_ACCOUNTS, input: ledgerId, output: taskStarted }),
  'payroll.startBankFile': command({
    access: 'project', roles: PAYROLL_PREPARERS,
    input: z.object({ ledgerId: idField, templateId: idField, format: z.enum(['xlsx', 'txt']).optional(), onlyUnpaid: z.boolean().default(true) }).strict(),
    output: taskStarted,
  }),
  'payroll.startImportResult': command({ access: 'project', roles: PAYROLL_PREPARERS, upload: true, input: importInput.extend({ batchId: idField }).strict(), output: taskStarted }),

  'payroll.workerMonths': command({ access: 'project', roles: SITE_ACCOUNTS, input: z.object({ workerId: idField }).strict(), output: z.array(workerMonthSchema) }),
  'payroll.alerts': command({ access: 'project', roles: SITE_ACCOUNTS, input: empty, output: z.array(alertSchema) }),
  'payroll.posterPdf': command({ access: 'project', roles: SITE_ACCOUNTS, input: empty, output: generatedFileSchema }),

  'labourCost.account': command({ access: 'project', roles: SITE_ACCOUNTS, input: empty, output: labourCostAccountSchema }),
  'labourCost.addAllocation': command({
    access: 'project', roles: PAYROLL_PREPARERS,
    input: z.object({
      paidOn: siteDateInput, period: monthInput,
      progressPayment: yuanField('工程进度款', false), labourCost: yuanField('人工费', false),
      payer: optionalText('拨付单位', 100).default(''), voucherNo: optionalText('凭证号', 50).default(''), note: optionalText('备注', 200).default(''),
    }).strict().refine((a) => a.labourCost <= a.progressPayment, { path: ['labourCost'], message: '人工费不能超过工程进度款' }),
    output: allocationSchema,
  }),
  'labourCost.voidAllocation': command({ access: 'project', roles: ['manager'], input: z.object({ allocationId: idField, reason: textField('作废原因', 200) }).strict(), output: allocationSchema }),

  'supervision.payroll': command({
    access: 'user', roles: ['supervisor'],
    input: z.object({ name: z.string().trim().max(50).default(''), station: z.string().max(100).default(''), onlyAlerts: z.boolean().default(false), page: z.number().int().min(1).default(1), pageSize: z.union([z.literal(10), z.literal(20), z.literal(50)]).default(20) }).strict(),
    output: supervisionPayrollSchema,
  }),
} as const satisfies Record<string, ReturnType<typeof command>>;
