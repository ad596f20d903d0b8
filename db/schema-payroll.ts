// 工资支付台账 and 人工费支付台账 (issue 18; shared/product/labour.md): a month's wage ledger per 班组
// (or per 参建单位) with a row per worker, the steps it went through, the bank 代发 files made from it
// and the payments the bank's result file reported, the per-bank file templates, and the 拨付 of
// 人工费 into the project's 专用账户. Money is integer 分 everywhere (electron/common/money.ts).
//
// Re-exported by schema.ts. Every table carries project_id and travels in sync bundles
// (electron/services/payroll/sync-tables.ts), so the central side sees the ledgers and their 欠薪预警.
import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { attachments, employers, projects } from './schema';
import { labourContracts, teams, workers } from './schema-labour';
import { ledgerActions, ledgerStates, prorationRules, type BankField } from '../electron/common/codes-payroll';

/** One amount of 应发 beyond the wage of the days or pieces: 加班费, 补贴, 补发 … (分). */
export interface PayItem {
  name: string;
  amountFen: number;
}

/** The days of a month paid under one 劳动合同: what the row's wage was computed from. */
export interface WageSegment {
  contractId: string;
  payMethod: 'daily' | 'monthly' | 'piece';
  wageFen: number;
  pieceUnit: string;
  days: number;
}

/**
 * A month's 工资支付台账 of one 班组 (scope 'team') or one 参建单位 (scope 'employer'). A regular
 * ledger is one per scope and month; a 补发/更正 ledger (kind 'adjustment') points at the locked
 * original it corrects. Totals are kept with it, in one transaction with its rows.
 */
export const payrollLedgers = sqliteTable('payroll_ledgers', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  month: text('month').notNull(), // 支付周期 YYYY-MM
  scope: text('scope', { enum: ['team', 'employer'] }).notNull(),
  teamId: text('team_id').references(() => teams.id),
  employerId: text('employer_id').notNull().references(() => employers.id), // 用人单位
  /** The team's id, or `employer:<id>`: one regular ledger per scope and month. */
  scopeKey: text('scope_key').notNull(),
  kind: text('kind', { enum: ['regular', 'adjustment'] }).notNull(),
  originalLedgerId: text('original_ledger_id').references((): AnySQLiteColumn => payrollLedgers.id),
  adjustmentReason: text('adjustment_reason').notNull().default(''),
  state: text('state', { enum: ledgerStates }).notNull(),
  /** How 按月 wages were prorated (services/payroll/wage-rules.ts), as the project's setting said then. */
  prorationRule: text('proration_rule', { enum: prorationRules }).notNull(),
  scheduledDays: integer('scheduled_days').notNull(),
  rowCount: integer('row_count').notNull(),
  grossFen: integer('gross_fen').notNull(), // 应发合计
  deductionFen: integer('deduction_fen').notNull(), // 扣除合计
  netFen: integer('net_fen').notNull(), // 实发合计
  /** What is to be paid: the 实发 of a regular ledger; the difference to what was paid before, for an adjustment. */
  payableFen: integer('payable_fen').notNull(),
  /** 工人确认 by the signed 工资支付表, scanned. */
  signedSheetAttachmentId: text('signed_sheet_attachment_id').references(() => attachments.id),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [
  uniqueIndex('payroll_ledgers_regular').on(t.projectId, t.month, t.scopeKey).where(sql`kind = 'regular'`),
  index('payroll_ledgers_project_month').on(t.projectId, t.month),
]);

/** Each step of a ledger: who, when, from which state to which, and for 班组长核对 the 班组长 who checked. */
export const payrollLedgerSteps = sqliteTable('payroll_ledger_steps', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  ledgerId: text('ledger_id').notNull().references(() => payrollLedgers.id),
  action: text('action', { enum: ledgerActions }).notNull(),
  fromState: text('from_state', { enum: ledgerStates }),
  toState: text('to_state', { enum: ledgerStates }).notNull(),
  byUserId: text('by_user_id').notNull(),
  byName: text('by_name').notNull(),
  byRole: text('by_role').notNull(),
  /** 班组长核对: the 班组长's name; 工人确认: 签字表 or 银行代发结果. */
  signer: text('signer').notNull().default(''),
  note: text('note').notNull().default(''),
  at: text('at').notNull(),
}, (t) => [index('payroll_ledger_steps_ledger').on(t.ledgerId, t.at)]);

/**
 * A worker's row of a ledger, with what the law asks the ledger to hold (姓名, 身份证号, 联系方式,
 * 工作时间, 应发, 代扣代缴, 实发, 工资卡) as the register said when it was generated. The wage's
 * inputs (segments, quantity) are kept, so a draft's amounts are recomputed whole after an edit.
 */
export const payrollRows = sqliteTable('payroll_rows', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  ledgerId: text('ledger_id').notNull().references(() => payrollLedgers.id),
  workerId: text('worker_id').notNull().references(() => workers.id),
  workerNo: text('worker_no').notNull(),
  name: text('name').notNull(),
  idNumber: text('id_number').notNull(),
  phone: text('phone').notNull(),
  workType: text('work_type').notNull(),
  teamName: text('team_name').notNull(),
  /** The 劳动合同 of the month's last paid day: the row's 计薪方式 and 工资标准 as printed. */
  contractId: text('contract_id').references(() => labourContracts.id),
  payMethod: text('pay_method', { enum: ['daily', 'monthly', 'piece'] }),
  wageFen: integer('wage_fen'),
  pieceUnit: text('piece_unit').notNull().default(''),
  attendanceDays: integer('attendance_days').notNull(),
  hoursTenths: integer('hours_tenths').notNull(),
  /** Days present without a 劳动合同 in force: not paid by a rule, flagged. */
  uncontractedDays: integer('uncontracted_days').notNull(),
  segments: text('segments', { mode: 'json' }).$type<WageSegment[]>().notNull(),
  /** 工作量 of a 计件 worker in thousandths of the unit; null until entered. */
  quantityMilli: integer('quantity_milli'),
  baseFen: integer('base_fen').notNull(), // 计时 / 计件工资, rounded with the ledger's other rows
  items: text('items', { mode: 'json' }).$type<PayItem[]>().notNull(),
  grossFen: integer('gross_fen').notNull(), // 应发
  taxFen: integer('tax_fen').notNull(), // 代扣个税
  socialFen: integer('social_fen').notNull(), // 代扣社保
  otherDeductionFen: integer('other_deduction_fen').notNull(),
  otherDeductionReason: text('other_deduction_reason').notNull().default(''),
  netFen: integer('net_fen').notNull(), // 实发
  /** For an adjustment: the 实发 of this worker's rows locked before it for the month and scope. */
  previousNetFen: integer('previous_net_fen').notNull(),
  /** netFen - previousNetFen: what the bank pays (nothing when negative: 多发, flagged). */
  payableFen: integer('payable_fen').notNull(),
  bankName: text('bank_name').notNull(),
  bankCode: text('bank_code').notNull(),
  cardNo: text('card_no').notNull(), // '' without a 工资卡
  /** The 工资支付日 of the 劳动合同 in the month after the period: when the wages are due. */
  dueOn: text('due_on').notNull(),
  note: text('note').notNull().default(''), // 备注
  warnings: text('warnings', { mode: 'json' }).$type<string[]>().notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [index('payroll_rows_ledger').on(t.ledgerId, t.workerNo), index('payroll_rows_worker').on(t.workerId)]);

/** A column of a bank file: which field, under which header. */
export interface BankColumn {
  field: BankField;
  header: string;
}

/** The headers of the bank's result file, by what they hold. */
export interface BankResultColumns {
  cardNo: string;
  amount: string;
  status: string;
  reason: string;
  name: string;
  voucherNo: string;
  paidOn: string;
}

/** A bank's 代发 file as that bank wants it: its columns, text or workbook, amounts in 元 or 分. */
export const payrollBankTemplates = sqliteTable('payroll_bank_templates', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  name: text('name').notNull(),
  bankCode: text('bank_code').notNull().default(''),
  format: text('format', { enum: ['xlsx', 'txt'] }).notNull(),
  delimiter: text('delimiter').notNull().default(','),
  encoding: text('encoding', { enum: ['utf8', 'gb18030'] }).notNull().default('utf8'),
  header: integer('header', { mode: 'boolean' }).notNull().default(true),
  amountUnit: text('amount_unit', { enum: ['yuan', 'fen'] }).notNull().default('yuan'),
  columns: text('columns', { mode: 'json' }).$type<BankColumn[]>().notNull(),
  resultColumns: text('result_columns', { mode: 'json' }).$type<BankResultColumns>().notNull(),
  /** What the result file says for a payment made (成功, 交易成功 …); anything else is a failure. */
  successWords: text('success_words', { mode: 'json' }).$type<string[]>().notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: text('updated_at').notNull(),
  retiredAt: text('retired_at'),
}, (t) => [index('payroll_bank_templates_project').on(t.projectId)]);

/** One row of a bank file: the ledger row it pays and what it asked the bank to pay. */
export interface BatchRow {
  rowId: string;
  ledgerId: string;
  cardNo: string;
  amountFen: number;
  name: string;
}

/** A bank 代发 file as it was made (its rows and digest), and the result file imported for it. */
export const payrollBankBatches = sqliteTable('payroll_bank_batches', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  month: text('month').notNull(),
  /** The ledger the file was made from; null for a month's file across ledgers (the command line). */
  ledgerId: text('ledger_id').references(() => payrollLedgers.id),
  templateId: text('template_id').references(() => payrollBankTemplates.id), // null: the generic one
  templateName: text('template_name').notNull(),
  format: text('format', { enum: ['xlsx', 'txt'] }).notNull(),
  fileName: text('file_name').notNull(),
  fileSha256: text('file_sha256').notNull(),
  rows: text('rows', { mode: 'json' }).$type<BatchRow[]>().notNull(),
  rowCount: integer('row_count').notNull(),
  totalFen: integer('total_fen').notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  resultFileName: text('result_file_name'),
  resultSha256: text('result_sha256'),
  resultImportedAt: text('result_imported_at'),
  resultImportedBy: text('result_imported_by'),
  succeeded: integer('succeeded').notNull().default(0),
  failed: integer('failed').notNull().default(0),
}, (t) => [index('payroll_bank_batches_month').on(t.projectId, t.month)]);

/** What the bank reported for one row of a batch: 成功 (paid, with its date) or 失败 with the reason. */
export const payrollPayments = sqliteTable('payroll_payments', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  ledgerId: text('ledger_id').notNull().references(() => payrollLedgers.id),
  rowId: text('row_id').notNull().references(() => payrollRows.id),
  batchId: text('batch_id').notNull().references(() => payrollBankBatches.id),
  amountFen: integer('amount_fen').notNull(),
  cardNo: text('card_no').notNull(),
  status: text('status', { enum: ['paid', 'failed'] }).notNull(),
  reason: text('reason').notNull().default(''),
  paidOn: text('paid_on').notNull(), // 支付日期 (the result's, else the day it was imported)
  voucherNo: text('voucher_no').notNull().default(''), // 代发凭证号 / 流水号
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [index('payroll_payments_row').on(t.rowId), index('payroll_payments_project').on(t.projectId, t.paidOn)]);

/**
 * 拨付: the 建设单位's transfer of a period's 人工费 into the 人工费专用账户, with the period's 工程进度款
 * and the share against the contract's minimum as it stood then. Never deleted: 作废 with a reason.
 */
export const labourCostAllocations = sqliteTable('labour_cost_allocations', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  paidOn: text('paid_on').notNull(), // 拨付日期
  period: text('period').notNull(), // the period YYYY-MM the progress payment is for
  progressPaymentFen: integer('progress_payment_fen').notNull(), // 工程进度款
  labourCostFen: integer('labour_cost_fen').notNull(), // 人工费
  /** 人工费 ÷ 工程进度款 in hundredths of a percent (rounded down), and the contract's minimum then. */
  shareBp: integer('share_bp').notNull(),
  minimumShareBp: integer('minimum_share_bp').notNull(),
  payer: text('payer').notNull().default(''),
  voucherNo: text('voucher_no').notNull().default(''),
  note: text('note').notNull().default(''),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  voidedAt: text('voided_at'),
  voidedBy: text('voided_by'),
  voidReason: text('void_reason'),
}, (t) => [index('labour_cost_allocations_project').on(t.projectId, t.paidOn)]);
