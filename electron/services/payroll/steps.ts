// The steps of a ledger: 草稿 → 班组长核对 (in the 班组长's name) → 工人确认 (the signed 工资支付表
// scanned, or the bank's 代发 result for every row) → 项目负责人审核 → 锁定, each with who and when;
// 退回草稿 before it is locked; deleting only once the three years the law asks for have passed.
import { eq, inArray } from 'drizzle-orm';
import { attachments, employers, payrollBankBatches, payrollLedgers, payrollLedgerSteps, payrollPayments, payrollRows, persons, teams, workers } from '../../../db/schema';
import type { ParsedInput } from '../../common/contract';
import { ledgerStateLabels, type LedgerState } from '../../common/codes-payroll';
import { ApiError } from '../../common/errors';
import { siteDate } from '../../common/site-time';
import { sniffMime } from '../files';
import type { ProjectActor, Services } from '../context';
import { newId } from '../ids';
import { inTransaction } from '../write-context';
import { frozenReason, ledgerRows, ledgerSteps, projectLedger, recordStep, type LedgerRecord } from './ledger-store';
import { keepUntil, ledgerDetail, paymentsOf } from './views';

/** The step is refused unless the ledger is in `state`; a locked one says why it never changes. */
function expectState(s: Services, ledger: LedgerRecord, state: LedgerState, next: string): void {
  if (ledger.state === state) return;
  if (ledger.state === 'locked') throw new ApiError('CONFLICT', frozenReason(s.db, ledger)!);
  throw new ApiError('CONFLICT', `台账当前为“${ledgerStateLabels[ledger.state]}”,只有“${ledgerStateLabels[state]}”的台账才能${next}`);
}

/**
 * Who checks, and in what words: for a 班组 its 班组长; when the 班组 has none (its 班组长 left, which
 * clears the post, or the 班组 has broken up), the 参建单位's 负责人 in its place, so last month's wages
 * are never held up by a departure; for a 参建单位's ledger, its 负责人.
 */
function checker(s: Services, ledger: LedgerRecord): { signer: string; note: string } {
  const employer = s.db.select().from(employers).where(eq(employers.id, ledger.employerId)).get()!;
  if (ledger.teamId) {
    const team = s.db.select().from(teams).where(eq(teams.id, ledger.teamId)).get()!;
    const leader = team.leaderWorkerId
      ? s.db.select({ name: persons.name }).from(workers).innerJoin(persons, eq(persons.id, workers.personId)).where(eq(workers.id, team.leaderWorkerId)).get()?.name
      : undefined;
    if (leader) return { signer: leader, note: `班组长 ${leader} 核对` };
    if (employer.leaderName) return { signer: employer.leaderName, note: `${team.name} 现无班组长,由参建单位负责人 ${employer.leaderName} 核对` };
    throw new ApiError('CONFLICT', `${team.name} 现无班组长,${employer.name} 也没有登记负责人:请先在 班组 中指定班组长,或在 参建单位 中填写负责人,再核对`);
  }
  if (!employer.leaderName) throw new ApiError('CONFLICT', `${employer.name} 没有登记负责人:请先在 参建单位 中填写负责人,再核对`);
  return { signer: employer.leaderName, note: `参建单位负责人 ${employer.leaderName} 核对` };
}

export function submitLedger(s: Services, actor: ProjectActor, input: ParsedInput<'payroll.submit'>) {
  const ledger = projectLedger(s.db, actor.projectId, input.ledgerId);
  expectState(s, ledger, 'draft', '提交班组长核对');
  const rows = ledgerRows(s.db, ledger.id);
  if (rows.length === 0) throw new ApiError('CONFLICT', '台账中没有工人,不能提交');
  const missing = rows.filter((r) => r.segments.some((g) => g.payMethod === 'piece') && r.quantityMilli === null);
  if (missing.length > 0) throw new ApiError('CONFLICT', `以下计件工人还没有录入工作量:${missing.map((r) => r.name).join('、')}`);
  const { signer, note } = checker(s, ledger);
  inTransaction(s, actor, (ctx) => recordStep(ctx, ledger, 'submit', 'leader_checked', { signer, note }));
  return ledgerDetail(s, actor, ledger.id);
}

export function confirmLedger(s: Services, actor: ProjectActor, input: ParsedInput<'payroll.confirm'>) {
  const ledger = projectLedger(s.db, actor.projectId, input.ledgerId);
  expectState(s, ledger, 'leader_checked', '工人确认');
  let bytes: Buffer | null = null;
  if (input.signedSheet) {
    bytes = Buffer.from(input.signedSheet.dataBase64, 'base64');
    if (bytes.length === 0 || sniffMime(bytes) !== input.signedSheet.mime) throw new ApiError('VALIDATION', '签字表不是有效的 jpg、png 或 pdf 文件', [{ path: 'signedSheet', message: '文件无效' }]);
  } else {
    const unpaid = [...paymentsOf(s.db, ledgerRows(s.db, ledger.id)).values()].filter((p) => p.status === 'unpaid' || p.status === 'failed').length;
    if (unpaid > 0) throw new ApiError('CONFLICT', `还有 ${unpaid} 人没有银行代发成功的结果:请上传工人签字的工资支付表扫描件,或导入银行代发结果`, [{ path: 'signedSheet', message: '请上传签字表' }]);
  }
  const sha256 = bytes ? s.files.put(bytes) : null;
  inTransaction(s, actor, (ctx) => {
    let set: Partial<LedgerRecord> = {};
    if (bytes && input.signedSheet) {
      const file = {
        id: newId(), projectId: actor.projectId, purpose: 'payroll_sheet' as const, ownerId: ledger.id, sha256: sha256!, fileName: input.signedSheet.fileName,
        mime: input.signedSheet.mime, size: bytes.length, createdAt: ctx.author.at, createdBy: actor.userId, deletedAt: null,
      };
      ctx.db.insert(attachments).values(file).run();
      ctx.recorder.change(ctx.author, 'attachments', file.id, 'insert', file);
      set = { signedSheetAttachmentId: file.id };
    }
    recordStep(ctx, ledger, 'confirm', 'worker_confirmed', { signer: bytes ? '工人签字的工资支付表' : '银行代发结果', set });
  });
  return ledgerDetail(s, actor, ledger.id);
}

export function approveLedger(s: Services, actor: ProjectActor, input: ParsedInput<'payroll.approve'>) {
  const ledger = projectLedger(s.db, actor.projectId, input.ledgerId);
  expectState(s, ledger, 'worker_confirmed', '审核');
  inTransaction(s, actor, (ctx) => recordStep(ctx, ledger, 'approve', 'approved', { note: input.note }));
  return ledgerDetail(s, actor, ledger.id);
}

export function lockLedger(s: Services, actor: ProjectActor, input: ParsedInput<'payroll.lock'>) {
  const ledger = projectLedger(s.db, actor.projectId, input.ledgerId);
  expectState(s, ledger, 'approved', '锁定');
  inTransaction(s, actor, (ctx) => recordStep(ctx, ledger, 'lock', 'locked'));
  return ledgerDetail(s, actor, ledger.id);
}

/** Back to 草稿 to be corrected: before 锁定 only; once the 项目负责人 has approved, only they may. */
export function returnLedger(s: Services, actor: ProjectActor, input: ParsedInput<'payroll.return'>) {
  const ledger = projectLedger(s.db, actor.projectId, input.ledgerId);
  if (ledger.state === 'locked') throw new ApiError('CONFLICT', frozenReason(s.db, ledger)!);
  if (ledger.state === 'draft') throw new ApiError('CONFLICT', '台账已经是草稿');
  if (ledger.state === 'approved' && actor.role !== 'manager') throw new ApiError('FORBIDDEN', '项目负责人已审核的台账,只有项目负责人才能退回');
  inTransaction(s, actor, (ctx) => recordStep(ctx, ledger, 'return', 'draft', { note: input.reason, set: { signedSheetAttachmentId: null } }));
  return ledgerDetail(s, actor, ledger.id);
}

/**
 * Deleting a ledger: refused while it is younger than the three years 《保障农民工工资支付条例》
 * art. 15 asks it to be kept, and while a 补发/更正 points at it. Its rows, steps, bank files and
 * payments go with it, each change recorded.
 */
export function deleteLedger(s: Services, actor: ProjectActor, input: ParsedInput<'payroll.delete'>): null {
  const ledger = projectLedger(s.db, actor.projectId, input.ledgerId);
  const until = keepUntil(ledger.month);
  if (siteDate(s.clock.now()) <= until) {
    throw new ApiError('CONFLICT', `工资支付台账须保存三年:${ledger.month} 的台账在 ${until} 之前不能删除`, [{ path: 'ledgerId', message: `保存至 ${until}` }]);
  }
  const corrections = s.db.select({ id: payrollLedgers.id }).from(payrollLedgers).where(eq(payrollLedgers.originalLedgerId, ledger.id)).all();
  if (corrections.length > 0) throw new ApiError('CONFLICT', '该台账有补发/更正台账指向它,请先删除补发/更正台账');
  inTransaction(s, actor, (ctx) => {
    const gone = <T extends { id: string }>(table: Parameters<typeof ctx.recorder.change>[1], rows: T[]) => {
      for (const r of rows) ctx.recorder.change(ctx.author, table, r.id, 'delete', null, r);
    };
    const payments = ctx.db.select().from(payrollPayments).where(eq(payrollPayments.ledgerId, ledger.id)).all();
    ctx.db.delete(payrollPayments).where(eq(payrollPayments.ledgerId, ledger.id)).run();
    gone('payroll_payments', payments);
    const batches = ctx.db.select().from(payrollBankBatches).where(eq(payrollBankBatches.ledgerId, ledger.id)).all();
    if (batches.length > 0) ctx.db.delete(payrollBankBatches).where(inArray(payrollBankBatches.id, batches.map((b) => b.id))).run();
    gone('payroll_bank_batches', batches);
    const rows = ledgerRows(ctx.db, ledger.id);
    ctx.db.delete(payrollRows).where(eq(payrollRows.ledgerId, ledger.id)).run();
    gone('payroll_rows', rows);
    const steps = ledgerSteps(ctx.db, ledger.id);
    ctx.db.delete(payrollLedgerSteps).where(eq(payrollLedgerSteps.ledgerId, ledger.id)).run();
    gone('payroll_ledger_steps', steps);
    ctx.db.delete(payrollLedgers).where(eq(payrollLedgers.id, ledger.id)).run();
    gone('payroll_ledgers', [ledger]);
  });
  return null;
}
