// 工资支付台账 through the real dispatcher on a real SQLite file: a month generated from the gates'
// attendance and each worker's 劳动合同 (only those on site that month), 计件 quantities, the steps
// to 锁定 with who and when (the 劳资专管员 prepares, only the 项目负责人 approves and locks), a locked
// ledger refusing every change with the reason and changing nothing, a 补发 ledger paying the
// difference, the three years' keeping, the bank file and the bank's result file (matched by 卡号
// and 金额), the 人工费专用账户 and the 欠薪预警 that goes once the month is paid.
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf, openTestApp, snapshot, type TestApp } from '../support/app';
import { PNG_BYTES, validId } from '../support/fixtures';
import { attend, days, payrollSite, resultCsv, signInAgain, type PayrollSite } from '../support/payroll-helpers';
import { hireInput } from '../support/labour-helpers';
import { readXlsxRows, pdfText } from '../support/labour-files';
import { consistencyProblems } from '../support/issue9-db-checks';
import type { CommandOutput } from '../../electron/common/contract';

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

type Detail = CommandOutput<'payroll.ledger'>;

/** Waits for a task to end and returns its last view. */
async function finished(t: TestApp, token: string, taskId: string) {
  for (let i = 0; i < 600; i++) {
    const task = await t.call('payroll.task', { taskId }, token);
    if (task.state !== 'running') return task;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('task did not finish');
}

/** April: 按日 worker 10 days, 按月 worker 10 days, 计件 worker 8 days; a fourth worker only enters in May. */
async function aprilSite(t: TestApp): Promise<PayrollSite & { late: string }> {
  const site = await payrollSite(t);
  await attend(t, site, site.daily.workerNo, days('2024-04', 1, 10));
  await attend(t, site, site.monthly.workerNo, days('2024-04', 1, 10));
  await attend(t, site, site.piece.workerNo, days('2024-04', 3, 10));
  t.clock.set('2024-05-02T09:00:00+08:00');
  await signInAgain(t, site);
  const hired = await t.call('workers.hire', hireInput(4, site.participant.id, '2024-05-02'), site.token);
  await t.call('workers.dispatch', { workerId: hired.worker.id, teamId: site.team.id, dispatchedOn: '2024-05-02' }, site.token);
  await t.call('workers.enter', { workerId: hired.worker.id, enteredOn: '2024-05-02' }, site.token);
  return Object.assign(site, { late: hired.worker.id });
}

async function labourOfficer(t: TestApp, site: PayrollSite): Promise<string> {
  const who = { idNumber: validId('31010119880808003'), name: '劳资员丙', phone: '13600002222', password: 'lab-pass-123' };
  await t.call('operators.create', { ...who, realNamePermission: true, role: 'labour_officer' }, site.token);
  return signInAgain(t, site, who);
}

async function lockedApril(t: TestApp, site: PayrollSite, officer: string): Promise<Detail> {
  const { ledgers } = await t.call('payroll.generate', { month: '2024-04' }, officer);
  const id = ledgers[0]!.id;
  const detail = await t.call('payroll.ledger', { ledgerId: id }, officer);
  const piece = detail.rows.find((r) => r.workerId === site.piece.id)!;
  await t.call('payroll.updateRow', { rowId: piece.id, quantity: '12.5' }, officer);
  await t.call('payroll.submit', { ledgerId: id }, officer);
  await t.call('payroll.confirm', { ledgerId: id, signedSheet: { fileName: '签字表.png', mime: 'image/png', dataBase64: PNG_BYTES.toString('base64') } }, officer);
  await t.call('payroll.approve', { ledgerId: id, note: '' }, site.token);
  return t.call('payroll.lock', { ledgerId: id }, site.token);
}

describe('生成 from attendance and the 劳动合同', () => {
  it('pays 按日 days × 日工资, 按月 prorated by 21.75, 计件 the quantity × price; only workers on site that month', async () => {
    t = openTestApp();
    const site = await aprilSite(t);
    const { ledgers, notices } = await t.call('payroll.generate', { month: '2024-04' }, site.token);
    expect(notices).toEqual(['钢筋一班 2024-04:已生成,3 人']);
    expect(ledgers).toHaveLength(1);
    const detail = await t.call('payroll.ledger', { ledgerId: ledgers[0]!.id }, site.token);
    expect(detail.ledger).toMatchObject({ state: 'draft', kind: 'regular', scopeName: '钢筋一班', rowCount: 3 });
    const byWorker = new Map(detail.rows.map((r) => [r.workerId, r]));
    expect(byWorker.has(site.late)).toBe(false);
    expect(byWorker.get(site.daily.id)).toMatchObject({ name: '𠮷田军', attendanceDays: 10, hoursTenths: 1000, baseFen: 350000, grossFen: 350000, netFen: 350000, dueOn: '2024-05-15', wageText: '350.00 元/日' });
    expect(byWorker.get(site.daily.id)!.idNumberMasked).toMatch(/^\d{3}\*+\d{3}$/);
    expect(byWorker.get(site.daily.id)!.cardNoMasked).toMatch(/\*/);
    // 6,525.00 × 10 / 21.75 = 3,000.00
    expect(byWorker.get(site.monthly.id)).toMatchObject({ attendanceDays: 10, baseFen: 300000 });
    expect(byWorker.get(site.piece.id)).toMatchObject({ attendanceDays: 8, baseFen: 0, quantity: null });
    expect(byWorker.get(site.piece.id)!.warnings).toContain('计件工资:请录入本月工作量');

    // 计件: 12.5 平方米 × 35.20 = 440.00; the ledger's total follows its rows.
    const piece = byWorker.get(site.piece.id)!;
    const after = await t.call('payroll.updateRow', { rowId: piece.id, quantity: '12.5', items: [{ name: '加班费', amount: '100' }], social: '40.00' }, site.token);
    expect(after.rows.find((r) => r.id === piece.id)).toMatchObject({ quantity: '12.5', baseFen: 44000, grossFen: 54000, socialFen: 4000, netFen: 50000, warnings: [] });
    expect(after.ledger).toMatchObject({ grossFen: 350000 + 300000 + 54000, netFen: 350000 + 300000 + 50000, deductionFen: 4000 });
    expect(after.ledger.netFen).toBe(after.rows.reduce((n, r) => n + r.netFen, 0));

    // Deductions above 应发 are refused, naming the worker; nothing changes.
    const before = snapshot(t.app);
    const tooMuch = await errorOf(() => t!.call('payroll.updateRow', { rowId: piece.id, quantity: '12.5', social: '600' }, site.token));
    expect(tooMuch.code).toBe('VALIDATION');
    expect(tooMuch.message).toContain('实发工资不能为负');
    expect(snapshot(t.app)).toEqual(before);
    // A quantity for a 按日 worker is refused.
    expect((await errorOf(() => t!.call('payroll.updateRow', { rowId: byWorker.get(site.daily.id)!.id, quantity: '3' }, site.token))).message).toContain('不是计件工资');

    // Generated again, a draft keeps what was typed and picks up new attendance.
    await attend(t, site, site.daily.workerNo, days('2024-04', 11, 12));
    const again = await t.call('payroll.generate', { month: '2024-04' }, site.token);
    expect(again.notices).toEqual(['钢筋一班 2024-04:已重新生成,3 人']);
    const regenerated = await t.call('payroll.ledger', { ledgerId: ledgers[0]!.id }, site.token);
    expect(regenerated.rows.find((r) => r.workerId === site.daily.id)).toMatchObject({ attendanceDays: 12, baseFen: 420000 });
    expect(regenerated.rows.find((r) => r.workerId === site.piece.id)).toMatchObject({ quantity: '12.5', netFen: 50000 });
    expect(consistencyProblems(t.app.services.sqlite)).toEqual([]);
  });

  it('refuses a month in the future and a month without dispatched workers', async () => {
    t = openTestApp();
    const site = await aprilSite(t);
    expect((await errorOf(() => t!.call('payroll.generate', { month: '2024-06' }, site.token))).message).toBe('不能生成未来月份的工资支付台账');
    expect((await errorOf(() => t!.call('payroll.generate', { month: '2024-02' }, site.token))).message).toContain('没有派工到班组的工人');
  });
});

describe('the steps to 锁定', () => {
  it('劳资专管员 prepares, 项目负责人 approves and locks; each step with who and when; a locked ledger never changes', async () => {
    t = openTestApp();
    const site = await aprilSite(t);
    const officer = await labourOfficer(t, site);
    const { ledgers } = await t.call('payroll.generate', { month: '2024-04' }, officer);
    const id = ledgers[0]!.id;
    // 计件 without a quantity cannot go to the 班组长.
    expect((await errorOf(() => t!.call('payroll.submit', { ledgerId: id }, officer))).message).toContain('还没有录入工作量');
    const detail = await t.call('payroll.ledger', { ledgerId: id }, officer);
    await t.call('payroll.updateRow', { rowId: detail.rows.find((r) => r.workerId === site.piece.id)!.id, quantity: '12.5' }, officer);
    const checked = await t.call('payroll.submit', { ledgerId: id }, officer);
    expect(checked.ledger.state).toBe('leader_checked');
    // Without a signed sheet, 工人确认 needs the bank's result for every row.
    expect((await errorOf(() => t!.call('payroll.confirm', { ledgerId: id, signedSheet: null }, officer))).message).toContain('没有银行代发成功的结果');
    await t.call('payroll.confirm', { ledgerId: id, signedSheet: { fileName: '签字表.png', mime: 'image/png', dataBase64: PNG_BYTES.toString('base64') } }, officer);
    // Only the 项目负责人 approves.
    const refused = await errorOf(() => t!.call('payroll.approve', { ledgerId: id, note: '' }, officer));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toBe('劳资专管员无权执行此操作');
    t.clock.set('2024-05-02T15:00:00+08:00');
    await t.call('payroll.approve', { ledgerId: id, note: '同意' }, site.token);
    const locked = await t.call('payroll.lock', { ledgerId: id }, site.token);
    expect(locked.ledger.state).toBe('locked');
    expect(locked.steps.map((st) => [st.action, st.toState, st.byRole])).toEqual([
      ['generate', 'draft', '劳资专管员'], ['regenerate', 'draft', '劳资专管员'], ['submit', 'leader_checked', '劳资专管员'],
      ['confirm', 'worker_confirmed', '劳资专管员'], ['approve', 'approved', '项目负责人'], ['lock', 'locked', '项目负责人'],
    ].filter(([a]) => a !== 'regenerate'));
    expect(locked.steps.find((st) => st.action === 'submit')!.signer).toBe('𠮷田军');
    expect(locked.steps.find((st) => st.action === 'lock')!.at).toMatch(/^2024-05-02T07:00:00/);
    expect(locked.lockedReason).toContain('锁定的台账不能修改');

    // Every change of a locked ledger is refused with the reason, and changes nothing.
    const before = snapshot(t.app);
    const edit = await errorOf(() => t!.call('payroll.updateRow', { rowId: locked.rows[0]!.id, note: '改一下' }, officer));
    expect(edit.code).toBe('CONFLICT');
    expect(edit.message).toContain('锁定的台账不能修改');
    expect(edit.message).toContain('补发/更正');
    expect((await errorOf(() => t!.call('payroll.return', { ledgerId: id, reason: '重做' }, site.token))).message).toContain('锁定的台账不能修改');
    expect(await t.call('payroll.generate', { month: '2024-04' }, officer)).toEqual({ ledgers: [], notices: ['钢筋一班 2024-04 的台账已进入“锁定”,未重新生成'] });
    const deleted = await errorOf(() => t!.call('payroll.delete', { ledgerId: id }, site.token));
    expect(deleted.message).toBe('工资支付台账须保存三年:2024-04 的台账在 2027-04-30 之前不能删除');
    expect(snapshot(t.app)).toEqual(before);
  });
});
