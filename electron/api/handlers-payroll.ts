// Handlers of 工资支付台账 and 人工费支付台账 (electron/common/contract-payroll.ts). Long work (the
// 工资支付表 PDF, a bank file, a bank result file) runs as a task the screen follows and may cancel.
import type { payrollCommands } from '../common/contract-payroll';
import type { Handlers } from './handlers';
import { payrollSettings, savePayrollSettings } from '../services/payroll/settings';
import { createAdjustment, generateLedgers, updateRow } from '../services/payroll/generate';
import { approveLedger, confirmLedger, deleteLedger, lockLedger, returnLedger, submitLedger } from '../services/payroll/steps';
import { ledgerDetail, listLedgers, monthScopes, workerMonths } from '../services/payroll/views';
import { importResult, listTemplates, makeBankFile, retireTemplate, saveTemplate } from '../services/payroll/bank-files';
import { ledgerPdf, posterPdf } from '../services/payroll/pdf';
import { startTask } from '../services/tasks';
import { payrollAlerts } from '../services/payroll/alerts';
import { addAllocation, labourCostAccount, supervisionPayroll, voidAllocation } from '../services/payroll/labour-cost';
import { siteDate } from '../common/site-time';

export const payrollHandlers: Pick<Handlers, keyof typeof payrollCommands> = {
  'payroll.settings': ({ services, actor }) => payrollSettings(services, actor.projectId),
  'payroll.saveSettings': ({ services, actor }, input) => savePayrollSettings(services, actor.projectId, input),
  'payroll.ledgers': ({ services, actor }, input) => listLedgers(services, actor, input),
  'payroll.scopes': ({ services, actor }, input) => monthScopes(services, actor, input),
  'payroll.generate': ({ services, actor }, input) => generateLedgers(services, actor, input),
  'payroll.ledger': ({ services, actor }, input) => ledgerDetail(services, actor, input.ledgerId),
  'payroll.updateRow': ({ services, actor }, input) => updateRow(services, actor, input),
  'payroll.submit': ({ services, actor }, input) => submitLedger(services, actor, input),
  'payroll.confirm': ({ services, actor }, input) => confirmLedger(services, actor, input),
  'payroll.approve': ({ services, actor }, input) => approveLedger(services, actor, input),
  'payroll.lock': ({ services, actor }, input) => lockLedger(services, actor, input),
  'payroll.return': ({ services, actor }, input) => returnLedger(services, actor, input),
  'payroll.createAdjustment': ({ services, actor }, input) => createAdjustment(services, actor, input),
  'payroll.delete': ({ services, actor }, input) => deleteLedger(services, actor, input),
  'payroll.bankTemplates': ({ services, actor }) => listTemplates(services, actor),
  'payroll.saveBankTemplate': ({ services, actor }, input) => saveTemplate(services, actor, input),
  'payroll.retireBankTemplate': ({ services, actor }, input) => retireTemplate(services, actor, input),
  'payroll.startPdf': ({ services, actor }, input) => startTask(actor, 'pdf', async (r) => ({ file: await ledgerPdf(services, actor, input.ledgerId, r) })),
  'payroll.startBankFile': ({ services, actor }, input) => startTask(actor, 'bankFile', async (r) => ({
    file: (await makeBankFile(services, actor, { ledgerId: input.ledgerId, month: null, templateId: input.templateId, format: input.format, onlyUnpaid: input.onlyUnpaid }, r)).file,
  })),
  'payroll.startImportResult': ({ services, actor }, input) => startTask(actor, 'importResult', async (r) => ({ report: await importResult(services, actor, input, r) })),
  'payroll.workerMonths': ({ services, actor }, input) => workerMonths(services, actor, input),
  'payroll.alerts': ({ services, actor }) => payrollAlerts(services.db, actor.projectId, siteDate(services.clock.now())),
  'payroll.posterPdf': ({ services, actor }) => posterPdf(services, actor),
  'labourCost.account': ({ services, actor }) => labourCostAccount(services, actor),
  'labourCost.addAllocation': ({ services, actor }, input) => addAllocation(services, actor, input),
  'labourCost.voidAllocation': ({ services, actor }, input) => voidAllocation(services, actor, input),
  'supervision.payroll': ({ services }, input) => supervisionPayroll(services, input),
};
