// The wage ledgers travel in sync bundles: a site's ledgers, their steps and rows, bank files,
// payments and 拨付 reach the central store row for row, and 监督管理查询 › 欠薪预警 shows the
// project's warnings computed there from the same tables (the same rule as the site's board).
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, openTestApp, type TestApp } from '../support/app';
import { waitForTask } from '../../electron/services/tasks';
import { PNG_BYTES } from '../support/fixtures';
import { attend, days, payrollSite, signInAgain } from '../support/payroll-helpers';
import { bundleDir, cleanupBundleDirs, exportTo, importInto, openCentral, trustBoth, type Central } from './sync-support';

let central: Central | undefined;
let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  central?.t.close();
  cleanupBundleDirs();
});

const PAYROLL_TABLES = ['payroll_ledgers', 'payroll_ledger_steps', 'payroll_rows', 'payroll_bank_batches', 'labour_cost_allocations'];

function rows(app: TestApp, table: string): unknown[] {
  return app.app.services.sqlite.prepare(`select * from "${table}" order by id`).all();
}

describe('wage ledgers in sync bundles', () => {
  it('arrive row for row; 监督管理查询 shows the project\'s 欠薪预警', async () => {
    const clock = new ManualClock();
    t = openTestApp(clock);
    const site = await payrollSite(t);
    await attend(t, site, site.daily.workerNo, days('2024-04', 1, 5));
    await attend(t, site, site.monthly.workerNo, days('2024-04', 1, 5));
    clock.set('2024-05-02T09:00:00+08:00');
    await signInAgain(t, site);
    const { ledgers } = await t.call('payroll.generate', { month: '2024-04' }, site.token);
    const id = ledgers[0]!.id;
    const detail = await t.call('payroll.ledger', { ledgerId: id }, site.token);
    await t.call('payroll.updateRow', { rowId: detail.rows.find((r) => r.workerId === site.piece.id)!.id, quantity: '0' }, site.token);
    await t.call('payroll.submit', { ledgerId: id }, site.token);
    await t.call('payroll.confirm', { ledgerId: id, signedSheet: { fileName: '签字表.png', mime: 'image/png', dataBase64: PNG_BYTES.toString('base64') } }, site.token);
    await t.call('payroll.approve', { ledgerId: id, note: '' }, site.token);
    await t.call('payroll.lock', { ledgerId: id }, site.token);
    await t.call('labourCost.addAllocation', { paidOn: '2024-05-02', period: '2024-04', progressPayment: '20000', labourCost: '5000' }, site.token);
    const started = await t.call('payroll.startBankFile', { ledgerId: id, templateId: 'generic' }, site.token);
    await waitForTask(() => t!.call('tasks.get', { taskId: started.taskId }, site.token));

    clock.set('2024-05-20T09:00:00+08:00');
    central = await openCentral(clock);
    trustBoth(t, central.t);
    const file = path.join(bundleDir(), 'site.sobundle');
    await exportTo(t, file);
    const result = importInto(central.t, file);
    expect(result.conflicts).toBe(0);
    for (const table of PAYROLL_TABLES) {
      expect(rows(central.t, table).length, table).toBeGreaterThan(0);
      expect(rows(central.t, table), table).toEqual(rows(t, table));
    }

    const query = await central.t.call('supervision.payroll', { onlyAlerts: true }, central.token);
    expect(query.total).toBe(1);
    expect(query.rows[0]).toMatchObject({ contractNo: 'W2019010100011', lockedLedgers: 1, lastLockedMonth: '2024-04' });
    expect(query.rows[0]!.alerts).toEqual([expect.objectContaining({ kind: 'unpaid', month: '2024-04', workers: 2, amountFen: 5 * 35000 + 150000 })]);
    // The central side computes what the site's own board says.
    await signInAgain(t, site);
    expect(query.rows[0]!.alerts).toEqual(await t.call('payroll.alerts', {}, site.token));
  });
});
