// `siteoffice payroll export --format csv`: a month's wage ledgers, one row per worker, its columns
// fixed (checks outside the test suite read them). A 补发/更正 replaces its original: each scope's
// newest ledger of the month is the one exported, with the full 实发 it settles on. Full ID numbers:
// the caller writes the export to the audit trail.
import { and, desc, eq } from 'drizzle-orm';
import { payrollLedgers } from '../../../db/schema';
import { payMethodLabels } from '../../common/codes-labour';
import { ledgerStateLabels, paymentStatusLabels } from '../../common/codes-payroll';
import { fenToYuanText, formatQuantity } from '../../common/money';
import type { ProjectActor, Services } from '../context';
import { writeCsv } from '../tabular';
import { ledgerRows, type LedgerRecord } from './ledger-store';
import { paymentsOf } from './views';

/** Each scope's newest ledger of the month: the regular one, or the last correction of it. */
export function currentLedgers(s: Services, projectId: string, month: string): LedgerRecord[] {
  const all = s.db.select().from(payrollLedgers).where(and(eq(payrollLedgers.projectId, projectId), eq(payrollLedgers.month, month)))
    .orderBy(desc(payrollLedgers.createdAt)).all();
  const byScope = new Map<string, LedgerRecord>();
  for (const l of all) if (!byScope.has(l.scopeKey)) byScope.set(l.scopeKey, l);
  return [...byScope.values()].sort((a, b) => a.scopeKey.localeCompare(b.scopeKey));
}

export const payrollCsvColumns = [
  { key: 'workerNo', label: '工号' }, { key: 'name', label: '姓名' }, { key: 'idNumber', label: '身份证号' }, { key: 'teamName', label: '班组' },
  { key: 'payMethod', label: '计薪方式' }, { key: 'attendanceDays', label: '出勤天数' }, { key: 'quantity', label: '工作量' }, { key: 'wage', label: '工资标准' },
  { key: 'gross', label: '应发' }, { key: 'deduction', label: '扣除' }, { key: 'net', label: '实发' },
  { key: 'cardNo', label: '工资卡号' }, { key: 'state', label: '台账状态' }, { key: 'payment', label: '支付状态' }, { key: 'dueOn', label: '工资支付日' },
];

export function payrollCsv(s: Services, actor: ProjectActor, month: string): { bytes: Buffer; rows: number } {
  const out: Record<string, string | number>[] = [];
  for (const ledger of currentLedgers(s, actor.projectId, month)) {
    const rows = ledgerRows(s.db, ledger.id);
    const payments = paymentsOf(s.db, rows);
    for (const r of rows) {
      out.push({
        workerNo: r.workerNo, name: r.name, idNumber: r.idNumber, teamName: r.teamName, payMethod: r.payMethod ? payMethodLabels[r.payMethod] : '',
        attendanceDays: r.attendanceDays, quantity: r.quantityMilli === null ? '' : formatQuantity(r.quantityMilli), wage: r.wageFen === null ? '' : fenToYuanText(r.wageFen),
        gross: fenToYuanText(r.grossFen), deduction: fenToYuanText(r.grossFen - r.netFen), net: fenToYuanText(r.netFen),
        cardNo: r.cardNo, state: ledgerStateLabels[ledger.state], payment: paymentStatusLabels[payments.get(r.id)!.status], dueOn: r.dueOn,
      });
    }
  }
  return { bytes: writeCsv(payrollCsvColumns, out), rows: out.length };
}
