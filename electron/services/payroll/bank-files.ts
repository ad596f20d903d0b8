// Bank 代发 files and the bank's result files. A file is made from a template (the generic one, or a
// bank's own with its columns edited), as a workbook or as text, of the rows still to pay; what it
// asked for is kept as a batch, so the result file is matched against it by 卡号 and 金额 together
// (never by name alone). A result file goes in whole or not at all: a row matching nothing refuses
// the import. A file with full card and ID numbers is written to the audit trail.
import crypto from 'node:crypto';
import iconv from 'iconv-lite';
import { and, eq, isNull } from 'drizzle-orm';
import { payrollBankBatches, payrollBankTemplates, payrollLedgers, payrollPayments } from '../../../db/schema';
import type { BankColumn, BankResultColumns, BatchRow } from '../../../db/schema';
import type { ParsedInput, ImportReport } from '../../common/contract';
import type { BankTemplateView } from '../../common/contract-payroll';
import type { GeneratedFile } from '../../common/contract-reports';
import { bankFieldLabels, GENERIC_TEMPLATE_ID, type BankField } from '../../common/codes-payroll';
import { normalizeCardNumber } from '../../common/bank-card';
import { ApiError } from '../../common/errors';
import { fenToYuanText, parseYuan } from '../../common/money';
import { siteDate } from '../../common/site-time';
import { isoNow, type ProjectActor, type Services } from '../context';
import { newId } from '../ids';
import { authorOf, recordAudit } from '../outbox';
import { fileName, fileOf, projectOf, XLSX_MIME } from '../reports/output';
import { readTable, writeXlsx, type OutValue } from '../tabular';
import { inTransaction } from '../write-context';
import { ledgerRows, projectLedger, type LedgerRecord, type RowRecord } from './ledger-store';
import type { TaskReporter } from '../tasks';
import { paymentsOf, scopeNameOf } from './views';

type TemplateRecord = typeof payrollBankTemplates.$inferSelect;

const genericColumns: BankColumn[] = (['name', 'cardNo', 'amount', 'idNumber', 'bankName'] as const).map((field) => ({ field, header: bankFieldLabels[field] }));

/** The generic template: 姓名, 卡号, 金额, 身份证号, 开户行; its result file the same with 处理结果 and 失败原因. */
export const genericTemplate: BankTemplateView = {
  id: GENERIC_TEMPLATE_ID, builtIn: true, name: '通用代发模板', bankCode: '', format: 'xlsx', delimiter: ',', encoding: 'utf8', header: true, amountUnit: 'yuan',
  columns: genericColumns,
  resultColumns: { cardNo: '卡号', amount: '金额', status: '处理结果', reason: '失败原因', name: '姓名', voucherNo: '流水号', paidOn: '交易日期' },
  successWords: ['成功', '交易成功', '处理成功'],
};

function toView(t: TemplateRecord): BankTemplateView {
  return {
    id: t.id, builtIn: false, name: t.name, bankCode: t.bankCode, format: t.format, delimiter: t.delimiter, encoding: t.encoding, header: t.header,
    amountUnit: t.amountUnit, columns: t.columns, resultColumns: t.resultColumns, successWords: t.successWords,
  };
}

export function listTemplates(s: Services, actor: ProjectActor): BankTemplateView[] {
  const own = s.db.select().from(payrollBankTemplates).where(and(eq(payrollBankTemplates.projectId, actor.projectId), isNull(payrollBankTemplates.retiredAt)))
    .orderBy(payrollBankTemplates.name).all();
  return [genericTemplate, ...own.map(toView)];
}

export function templateOf(s: Services, projectId: string, templateId: string): BankTemplateView {
  if (templateId === GENERIC_TEMPLATE_ID) return genericTemplate;
  const t = s.db.select().from(payrollBankTemplates).where(and(eq(payrollBankTemplates.id, templateId), eq(payrollBankTemplates.projectId, projectId))).get();
  if (!t || t.retiredAt) throw new ApiError('NOT_FOUND', '未找到该代发模板', [{ path: 'templateId', message: '请选择代发模板' }]);
  return toView(t);
}

export function saveTemplate(s: Services, actor: ProjectActor, input: ParsedInput<'payroll.saveBankTemplate'>): BankTemplateView {
  if (input.templateId === GENERIC_TEMPLATE_ID) throw new ApiError('CONFLICT', '通用代发模板不能修改:请另存为本银行的模板后再修改列');
  return inTransaction(s, actor, (ctx) => {
    const before = input.templateId ? ctx.db.select().from(payrollBankTemplates).where(and(eq(payrollBankTemplates.id, input.templateId), eq(payrollBankTemplates.projectId, actor.projectId))).get() : undefined;
    if (input.templateId && (!before || before.retiredAt)) throw new ApiError('NOT_FOUND', '未找到该代发模板');
    const row: TemplateRecord = {
      id: before?.id ?? newId(), projectId: actor.projectId, ...input.template,
      createdAt: before?.createdAt ?? ctx.author.at, createdBy: before?.createdBy ?? actor.userId, updatedAt: ctx.author.at, retiredAt: null,
    };
    if (before) ctx.db.update(payrollBankTemplates).set(row).where(eq(payrollBankTemplates.id, row.id)).run();
    else ctx.db.insert(payrollBankTemplates).values(row).run();
    ctx.recorder.change(ctx.author, 'payroll_bank_templates', row.id, before ? 'update' : 'insert', row, before);
    return toView(row);
  });
}

export function retireTemplate(s: Services, actor: ProjectActor, input: ParsedInput<'payroll.retireBankTemplate'>): null {
  const t = templateOf(s, actor.projectId, input.templateId);
  if (t.builtIn) throw new ApiError('CONFLICT', '通用代发模板不能停用');
  inTransaction(s, actor, (ctx) => {
    const before = ctx.db.select().from(payrollBankTemplates).where(eq(payrollBankTemplates.id, t.id)).get()!;
    const after = { ...before, retiredAt: ctx.author.at, updatedAt: ctx.author.at };
    ctx.db.update(payrollBankTemplates).set(after).where(eq(payrollBankTemplates.id, t.id)).run();
    ctx.recorder.change(ctx.author, 'payroll_bank_templates', t.id, 'update', after, before);
  });
  return null;
}

/** The rows a bank file pays: something to pay, a 工资卡, and (onlyUnpaid) not yet paid. */
function rowsToPay(s: Services, ledgers: LedgerRecord[], onlyUnpaid: boolean): { rows: { row: RowRecord; ledger: LedgerRecord }[]; withoutCard: string[] } {
  const out: { row: RowRecord; ledger: LedgerRecord }[] = [];
  const withoutCard: string[] = [];
  for (const ledger of ledgers) {
    const rows = ledgerRows(s.db, ledger.id);
    const payments = paymentsOf(s.db, rows);
    for (const row of rows) {
      const p = payments.get(row.id)!;
      if (p.status === 'none' || (onlyUnpaid && p.status === 'paid')) continue;
      if (row.cardNo === '') withoutCard.push(row.name);
      else out.push({ row, ledger });
    }
  }
  return { rows: out, withoutCard };
}

function fieldValue(field: BankField, row: RowRecord, seq: number, template: BankTemplateView, remark: string): OutValue {
  switch (field) {
    case 'seq': return seq;
    case 'name': return row.name;
    case 'cardNo': return row.cardNo;
    case 'amount': return template.amountUnit === 'fen' ? String(row.payableFen) : fenToYuanText(row.payableFen);
    case 'idNumber': return row.idNumber;
    case 'bankName': return row.bankName;
    case 'bankCode': return row.bankCode;
    case 'phone': return row.phone;
    case 'workerNo': return row.workerNo;
    case 'remark': return remark;
  }
}

/** A text file's field: the delimiter, quotes and line breaks are not allowed inside it. */
function textField(v: OutValue, delimiter: string): string {
  const text = v === null ? '' : String(v);
  return text.replace(new RegExp(`[${delimiter === '\t' ? '\\t' : delimiter.replace(/[|\\^\]]/g, '\\$&')}"\\r\\n]`, 'g'), ' ');
}

export interface BankFileRequest {
  /** One ledger, or (ledgerId null) every locked ledger of the month: the command line. */
  ledgerId: string | null;
  month: string | null;
  templateId: string;
  format?: 'xlsx' | 'txt';
  onlyUnpaid: boolean;
}

/**
 * Makes the file, keeps its batch (what it asked the bank to pay), and writes the full export to
 * the audit trail, in one transaction after the file is whole: a cancelled task keeps nothing.
 */
export async function makeBankFile(s: Services, actor: ProjectActor, request: BankFileRequest, reporter: TaskReporter): Promise<{ file: GeneratedFile; batchId: string; rows: number; totalFen: number; withoutCard: string[] }> {
  const template = templateOf(s, actor.projectId, request.templateId);
  const format = request.format ?? template.format;
  let ledgers: LedgerRecord[];
  let month: string;
  if (request.ledgerId) {
    const ledger = projectLedger(s.db, actor.projectId, request.ledgerId);
    if (ledger.state === 'draft') throw new ApiError('CONFLICT', '草稿台账不能生成代发文件:请先由班组长核对');
    ledgers = [ledger];
    month = ledger.month;
  } else {
    month = request.month!;
    ledgers = s.db.select().from(payrollLedgers).where(and(eq(payrollLedgers.projectId, actor.projectId), eq(payrollLedgers.month, month), eq(payrollLedgers.state, 'locked'))).all();
    if (ledgers.length === 0) throw new ApiError('CONFLICT', `${month} 没有已锁定的工资支付台账,不能生成代发文件`);
  }
  const { rows, withoutCard } = rowsToPay(s, ledgers, request.onlyUnpaid);
  if (rows.length === 0) {
    throw new ApiError('CONFLICT', withoutCard.length > 0 ? `没有可代发的工人:${withoutCard.join('、')} 未登记工资卡` : '台账中没有待支付的工资');
  }
  reporter.progress('生成代发文件', 0, rows.length);
  const project = projectOf(s, actor);
  const remark = `${month}工资`;
  const values = rows.map(({ row }, i) => Object.fromEntries(template.columns.map((c, k) => [`c${k}`, fieldValue(c.field, row, i + 1, template, remark)])));
  reporter.throwIfCancelled();
  let bytes: Buffer;
  if (format === 'xlsx') {
    bytes = await writeXlsx('代发', template.columns.map((c, k) => ({ key: `c${k}`, label: c.header, width: c.field === 'cardNo' || c.field === 'idNumber' ? 24 : 14 })), values);
  } else {
    const lines = template.header ? [template.columns.map((c) => textField(c.header, template.delimiter)).join(template.delimiter)] : [];
    for (const v of values) lines.push(template.columns.map((_, k) => textField(v[`c${k}`] ?? null, template.delimiter)).join(template.delimiter));
    const text = `${lines.join('\r\n')}\r\n`;
    bytes = template.encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
  }
  reporter.progress('生成代发文件', rows.length, rows.length);
  reporter.throwIfCancelled();
  const scope = ledgers.length === 1 ? scopeNameOf(s.db, ledgers[0]!).scopeName : '全部班组';
  const name = fileName(['代发', template.name, scope, project.name, month], format);
  const batchRows: BatchRow[] = rows.map(({ row, ledger }) => ({ rowId: row.id, ledgerId: ledger.id, cardNo: row.cardNo, amountFen: row.payableFen, name: row.name }));
  const totalFen = batchRows.reduce((n, r) => n + r.amountFen, 0);
  const batchId = inTransaction(s, actor, (ctx) => {
    const batch: typeof payrollBankBatches.$inferInsert = {
      id: newId(), projectId: actor.projectId, month, ledgerId: request.ledgerId, templateId: template.builtIn ? null : template.id, templateName: template.name,
      format, fileName: name, fileSha256: crypto.createHash('sha256').update(bytes).digest('hex'), rows: batchRows, rowCount: batchRows.length, totalFen,
      createdAt: ctx.author.at, createdBy: actor.userId, resultFileName: null, resultSha256: null, resultImportedAt: null, resultImportedBy: null, succeeded: 0, failed: 0,
    };
    ctx.db.insert(payrollBankBatches).values(batch).run();
    ctx.recorder.change(ctx.author, 'payroll_bank_batches', batch.id!, 'insert', batch);
    ctx.recorder.audit(ctx.author, { action: 'export', tableName: 'payroll_rows', after: { fileName: name, rows: batchRows.length, totalFen, fullCardNumbers: true, fullIdNumbers: template.columns.some((c) => c.field === 'idNumber') } });
    return batch.id!;
  });
  return { file: fileOf(name, format === 'xlsx' ? XLSX_MIME : 'text/plain', bytes), batchId, rows: batchRows.length, totalFen, withoutCard };
}

/** The columns of a result file, by the template's headers. */
function resultTableColumns(c: BankResultColumns) {
  return [
    { key: 'cardNo', label: c.cardNo, required: true },
    { key: 'amount', label: c.amount, required: true },
    { key: 'status', label: c.status, required: true },
    ...(c.reason ? [{ key: 'reason', label: c.reason }] : []),
    ...(c.name ? [{ key: 'name', label: c.name }] : []),
    ...(c.voucherNo ? [{ key: 'voucherNo', label: c.voucherNo }] : []),
    ...(c.paidOn ? [{ key: 'paidOn', label: c.paidOn }] : []),
  ];
}

/** A date as a bank writes it (2024-05-15, 2024/5/15, 20240515), or null. */
function bankDate(text: string): string | null {
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?/.exec(text.trim());
  if (!m) return null;
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

/**
 * 导入银行代发结果: each row of the bank's file matched to a row of the batch by 卡号 and 金额 (the
 * name only confirms), and marked 成功 or 失败 with the bank's reason. With `commit` false it only
 * checks and previews; with true every row goes in one transaction, or none when any row is wrong.
 */
export async function importResult(s: Services, actor: ProjectActor, input: ParsedInput<'payroll.startImportResult'>, reporter: TaskReporter): Promise<ImportReport> {
  const batch = s.db.select().from(payrollBankBatches).where(and(eq(payrollBankBatches.id, input.batchId), eq(payrollBankBatches.projectId, actor.projectId))).get();
  if (!batch) throw new ApiError('NOT_FOUND', '未找到该代发文件', [{ path: 'batchId', message: '请选择代发文件' }]);
  const template = batch.templateId ? toView(s.db.select().from(payrollBankTemplates).where(eq(payrollBankTemplates.id, batch.templateId)).get()!) : genericTemplate;
  reporter.progress('读取结果文件', 0, 0);
  const table = await readTable(input.fileName, Buffer.from(input.dataBase64, 'base64'), resultTableColumns(template.resultColumns), { maxRows: 20000 });
  reporter.throwIfCancelled();
  const errors: ImportReport['errors'] = [];
  const used = new Set<number>();
  const matched: { batchRow: BatchRow; paid: boolean; reason: string; voucherNo: string; paidOn: string; values: Record<string, string> }[] = [];
  const today = siteDate(s.clock.now());
  table.rows.forEach((r, i) => {
    if (i % 200 === 0) reporter.progress('核对结果', i, table.rows.length);
    const v = r.values;
    const cardNo = normalizeCardNumber(v.cardNo ?? '');
    const amountFen = template.amountUnit === 'fen' && /^\d+$/.test(v.amount ?? '') ? Number(v.amount) : parseYuan(v.amount ?? '');
    if (amountFen === null) {
      errors.push({ row: r.rowNumber, column: template.resultColumns.amount, message: `金额无效:${v.amount}` });
      return;
    }
    // 卡号 and 金额 together; between equal ones, the first not yet used (a worker may be on two ledgers).
    const k = batch.rows.findIndex((b, idx) => !used.has(idx) && b.cardNo === cardNo && b.amountFen === amountFen);
    if (k < 0) {
      const sameCard = batch.rows.some((b) => b.cardNo === cardNo);
      errors.push({ row: r.rowNumber, column: sameCard ? template.resultColumns.amount : template.resultColumns.cardNo,
        message: sameCard ? `卡号 ${cardNo} 的金额 ${fenToYuanText(amountFen)} 与代发文件不符` : `代发文件中没有卡号 ${cardNo}` });
      return;
    }
    const batchRow = batch.rows[k]!;
    if (v.name && v.name !== batchRow.name) {
      errors.push({ row: r.rowNumber, column: template.resultColumns.name || '姓名', message: `卡号 ${cardNo} 在代发文件中是 ${batchRow.name},结果文件中为 ${v.name}` });
      return;
    }
    used.add(k);
    const paid = template.successWords.some((w) => (v.status ?? '').trim() === w);
    const paidOn = v.paidOn ? bankDate(v.paidOn) : null;
    if (v.paidOn && !paidOn) {
      errors.push({ row: r.rowNumber, column: template.resultColumns.paidOn, message: `日期无效:${v.paidOn}` });
      return;
    }
    const reason = paid ? '' : (v.reason?.trim() || v.status?.trim() || '银行未说明原因');
    matched.push({ batchRow, paid, reason, voucherNo: v.voucherNo ?? '', paidOn: paidOn ?? today, values: v });
  });
  reporter.progress('核对结果', table.rows.length, table.rows.length);
  const report: ImportReport = {
    fileName: input.fileName, total: table.rows.length, valid: matched.length, imported: 0, committed: false, errors,
    preview: matched.slice(0, 50).map((m) => ({ 姓名: m.batchRow.name, 卡号: m.batchRow.cardNo, 金额: fenToYuanText(m.batchRow.amountFen), 结果: m.paid ? '成功' : '失败', 原因: m.reason })),
  };
  if (!input.commit || errors.length > 0 || matched.length === 0) return report;
  reporter.throwIfCancelled();
  inTransaction(s, actor, (ctx) => {
    for (const m of matched) {
      const payment: typeof payrollPayments.$inferInsert = {
        id: newId(), projectId: actor.projectId, ledgerId: m.batchRow.ledgerId, rowId: m.batchRow.rowId, batchId: batch.id, amountFen: m.batchRow.amountFen,
        cardNo: m.batchRow.cardNo, status: m.paid ? 'paid' : 'failed', reason: m.reason, paidOn: m.paidOn, voucherNo: m.voucherNo, createdAt: ctx.author.at, createdBy: actor.userId,
      };
      ctx.db.insert(payrollPayments).values(payment).run();
      ctx.recorder.change(ctx.author, 'payroll_payments', payment.id!, 'insert', payment);
    }
    const after = {
      ...batch, resultFileName: input.fileName, resultSha256: crypto.createHash('sha256').update(input.dataBase64).digest('hex'), resultImportedAt: ctx.author.at,
      resultImportedBy: actor.userId, succeeded: batch.succeeded + matched.filter((m) => m.paid).length, failed: batch.failed + matched.filter((m) => !m.paid).length,
    };
    ctx.db.update(payrollBankBatches).set(after).where(eq(payrollBankBatches.id, batch.id)).run();
    ctx.recorder.change(ctx.author, 'payroll_bank_batches', batch.id, 'update', after, batch);
  });
  return { ...report, imported: matched.length, committed: true };
}

/** A full export outside a write (the command line's CSV): on the audit trail on its own. */
export function auditFullExport(s: Services, actor: ProjectActor, what: Record<string, unknown>): void {
  recordAudit(s.db, authorOf(actor, isoNow(s.clock)), { action: 'export', tableName: 'payroll_rows', after: what });
}
