// The wage ledgers' tables a sync bundle carries to the central side, parents before children, with
// the properties that point at other synced rows. Registered by sync/tables.ts. The central side
// reads them for 监督管理查询 › 欠薪预警 (alerts.ts runs there on the same tables).
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import {
  labourCostAllocations, payrollBankBatches, payrollBankTemplates, payrollLedgers, payrollLedgerSteps, payrollPayments, payrollRows,
} from '../../../db/schema';
import type { SyncedTable } from '../outbox';
import type { TableSpec } from '../sync/tables';

type Spec = (name: SyncedTable, table: SQLiteTable, primaryKey: string, references: TableSpec['references'], naturalKey: string[] | null) => TableSpec;

export function payrollSyncedTables(spec: Spec): [SyncedTable, TableSpec][] {
  const ref = (property: string, table: SyncedTable) => ({ property, table });
  const project = ref('projectId', 'projects');
  const ledger = ref('ledgerId', 'payroll_ledgers');
  return [
    ['payroll_ledgers', spec('payroll_ledgers', payrollLedgers, 'id', [project, ref('teamId', 'teams'), ref('employerId', 'employers'), ref('originalLedgerId', 'payroll_ledgers'), ref('signedSheetAttachmentId', 'attachments')], null)],
    ['payroll_ledger_steps', spec('payroll_ledger_steps', payrollLedgerSteps, 'id', [project, ledger], null)],
    ['payroll_rows', spec('payroll_rows', payrollRows, 'id', [project, ledger, ref('workerId', 'workers'), ref('contractId', 'labour_contracts')], null)],
    ['payroll_bank_templates', spec('payroll_bank_templates', payrollBankTemplates, 'id', [project], null)],
    ['payroll_bank_batches', spec('payroll_bank_batches', payrollBankBatches, 'id', [project, ledger, ref('templateId', 'payroll_bank_templates')], null)],
    ['payroll_payments', spec('payroll_payments', payrollPayments, 'id', [project, ledger, ref('rowId', 'payroll_rows'), ref('batchId', 'payroll_bank_batches')], null)],
    ['labour_cost_allocations', spec('labour_cost_allocations', labourCostAllocations, 'id', [project], null)],
  ];
}
