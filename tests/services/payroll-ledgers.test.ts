// 工资支付台账 through the real dispatcher on a real SQLite file: a month generated from the gates'
// attendance and each worker's 劳动合同 (only those on site that month), 计件 quantities, the steps
// to 锁定 with who and when (the 劳资专管员 prepares, only the 项目负责人 approves and locks), a locked
// ledger refusing every change with the reason and changing nothing, a 补发 ledger paying the
// difference, the three years' keeping, the bank file and the bank's result file (matched by 卡号
// and 金额), the 人工费专用账户 and the 欠薪预警 that goes once the month is paid.
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf, openTestApp, snapshot, type TestApp } from '../support/app';
import { waitForTask } from '../../electron/services/tasks';
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
function finished(t: TestApp, token: string, taskId: string) {
  return waitForTask(() => t.call('tasks.get', { taskId }, token));
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
    expect(byWorker.get(site.daily.id)).toMatchObject({ name: '龚赟堃', attendanceDays: 10, hoursTenths: 1000, baseFen: 350000, grossFen: 350000, netFen: 350000, dueOn: '2024-05-15', wageText: '350.00 元/日' });
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
    expect(locked.steps.find((st) => st.action === 'submit')!.signer).toBe('龚赟堃');
    expect(locked.steps.find((st) => st.action === 'lock')!.at).toMatch(/^2024-05-02T07:00:00/);
    expect(locked.lockedReason).toContain('锁定的台账不能修改');
    // In the site's time (Asia/Shanghai), as the steps show it, not the UTC it is stored in.
    expect(locked.lockedReason).toContain('已于 2024-05-02 15:00 由');

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

describe('班组长核对 when the 班组长 has left', () => {
  it('the 参建单位负责人 checks in the 班组长\'s place; with neither, the reason and what to do, and nothing changes', async () => {
    t = openTestApp();
    const site = await aprilSite(t);
    const officer = await labourOfficer(t, site);
    // The 班组长 leaves early in May: leaving a team clears its 班组长, April's wages are still owed.
    await t.call('workers.exit', { workerId: site.daily.id, exitedOn: '2024-05-02', reason: '合同到期' }, site.token);
    const { ledgers } = await t.call('payroll.generate', { month: '2024-04' }, officer);
    const id = ledgers[0]!.id;
    const detail = await t.call('payroll.ledger', { ledgerId: id }, officer);
    await t.call('payroll.updateRow', { rowId: detail.rows.find((r) => r.workerId === site.piece.id)!.id, quantity: '12.5' }, officer);

    // A 参建单位 without a 负责人: refused, saying both ways out.
    const contact = (leaderName: string, leaderPhone: string) => ({ employerId: site.participant.id, name: '上海第1劳务有限公司', participantType: '006', leaderName, leaderPhone, labourOfficerName: '沈丽', labourOfficerPhone: '13900002222' });
    await t.call('participants.update', contact('', ''), site.token);
    const before = snapshot(t.app);
    const refused = await errorOf(() => t!.call('payroll.submit', { ledgerId: id }, officer));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toBe('钢筋一班 现无班组长,上海第1劳务有限公司 也没有登记负责人:请先在 班组 中指定班组长,或在 参建单位 中填写负责人,再核对');
    expect(snapshot(t.app)).toEqual(before);

    // With the 负责人 back, the ledger goes on, in the 负责人's name and saying why.
    await t.call('participants.update', contact('周建平', '13800001111'), site.token);
    const checked = await t.call('payroll.submit', { ledgerId: id }, officer);
    expect(checked.ledger.state).toBe('leader_checked');
    const step = checked.steps.find((st) => st.action === 'submit')!;
    expect(step.signer).toBe('周建平');
    expect(step.note).toBe('钢筋一班 现无班组长,由参建单位负责人 周建平 核对');
  });
});

describe('paying a locked month: bank file, result file, 人工费专用账户 and 欠薪预警', () => {
  it('pays through the generic 代发 file, marks the bank result row by row, and the 欠薪预警 goes once all are paid', async () => {
    t = openTestApp();
    const site = await aprilSite(t);
    let officer = await labourOfficer(t, site);
    const locked = await lockedApril(t, site, officer);
    const id = locked.ledger.id;
    expect(locked.ledger.netFen).toBe(350000 + 300000 + 44000);

    // After the 工资支付日 (05-15) with nothing paid: 欠薪预警.
    t.clock.set('2024-05-20T09:00:00+08:00');
    officer = await signInAgain(t, site, { idNumber: validId('31010119880808003'), password: 'lab-pass-123' });
    await signInAgain(t, site);
    expect(await t.call('payroll.alerts', {}, site.token)).toEqual([
      expect.objectContaining({ kind: 'unpaid', month: '2024-04', workers: 3, amountFen: 694000, message: '2024-04 工资已过支付日 2024-05-15,3 人 ¥6,940.00 未支付(逾期未支付)' }),
    ]);

    // 拨付 into the 专用账户: 人工费 15% of the 进度款 is under the 20% minimum: a warning, kept.
    const allocation = await t.call('labourCost.addAllocation', { paidOn: '2024-05-10', period: '2024-04', progressPayment: '50000', labourCost: '7500' }, officer);
    expect(allocation).toMatchObject({ shareBp: 1500, minimumShareBp: 2000, belowMinimum: true, labourCostFen: 750000 });

    // The generic file: 姓名, 卡号, 金额, 身份证号, 开户行, full numbers, on the audit trail.
    const started = await t.call('payroll.startBankFile', { ledgerId: id, templateId: 'generic' }, officer);
    const task = await finished(t, officer, started.taskId);
    expect(task).toMatchObject({ state: 'done', kind: 'bankFile', error: null });
    const sheet = await readXlsxRows(Buffer.from(task.file!.dataBase64, 'base64'));
    expect(sheet[0]).toEqual(['姓名', '卡号', '金额', '身份证号', '开户行']);
    const full = t.app.services.sqlite.prepare('select w.id, p.id_number, c.card_no from workers w join persons p on p.id = w.person_id join wage_cards c on c.worker_id = w.id').all() as { id: string; id_number: string; card_no: string }[];
    const card = (workerId: string) => full.find((f) => f.id === workerId)!.card_no;
    expect(sheet.slice(1)).toEqual([
      ['龚赟堃', card(site.daily.id), '3500.00', full.find((f) => f.id === site.daily.id)!.id_number, '中国工商银行'],
      [site.monthly.name, card(site.monthly.id), '3000.00', full.find((f) => f.id === site.monthly.id)!.id_number, '中国工商银行'],
      [site.piece.name, card(site.piece.id), '440.00', full.find((f) => f.id === site.piece.id)!.id_number, '中国工商银行'],
    ]);
    expect(t.app.services.sqlite.prepare("select count(*) from audit_log where action = 'export' and table_name = 'payroll_rows'").pluck().get()).toBe(1);
    const batchId = (await t.call('payroll.ledger', { ledgerId: id }, officer)).batches[0]!.id;

    // Matched by 卡号 and 金额, never by name alone: a row with the right name and a wrong card refuses the whole file.
    const before = snapshot(t.app);
    const wrong = resultCsv([
      { name: '龚赟堃', cardNo: card(site.daily.id), amount: '3500.00', status: '成功' },
      { name: site.monthly.name, cardNo: '6222020000000000000', amount: '3000.00', status: '成功' },
    ]);
    const refused = await finished(t, officer, (await t.call('payroll.startImportResult', { batchId, fileName: '结果.csv', dataBase64: wrong.toString('base64'), commit: true }, officer)).taskId);
    expect(refused.report).toMatchObject({ committed: false, imported: 0, errors: [{ row: 3, column: '卡号', message: '代发文件中没有卡号 6222020000000000000' }] });
    const wrongAmount = resultCsv([{ name: '龚赟堃', cardNo: card(site.daily.id), amount: '350.00', status: '成功' }]);
    const refusedAmount = await finished(t, officer, (await t.call('payroll.startImportResult', { batchId, fileName: '结果.csv', dataBase64: wrongAmount.toString('base64'), commit: true }, officer)).taskId);
    expect(refusedAmount.report!.errors[0]!.message).toBe(`卡号 ${card(site.daily.id)} 的金额 350.00 与代发文件不符`);
    expect(snapshot(t.app)).toEqual(before);

    // Two paid, one refused by the bank with its reason.
    const result = resultCsv([
      { name: '龚赟堃', cardNo: card(site.daily.id), amount: '3500.00', status: '成功', voucherNo: 'LS001' },
      { name: site.monthly.name, cardNo: card(site.monthly.id), amount: '3000.00', status: '成功', voucherNo: 'LS002' },
      { name: site.piece.name, cardNo: card(site.piece.id), amount: '440.00', status: '失败', reason: '账户已冻结' },
    ]);
    const imported = await finished(t, officer, (await t.call('payroll.startImportResult', { batchId, fileName: '结果.csv', dataBase64: result.toString('base64'), commit: true }, officer)).taskId);
    expect(imported.report).toMatchObject({ committed: true, imported: 3, errors: [] });
    const paid = await t.call('payroll.ledger', { ledgerId: id }, officer);
    expect(paid.rows.map((r) => [r.name, r.payment.status, r.payment.voucherNo, r.payment.reason])).toEqual([
      ['龚赟堃', 'paid', 'LS001', ''], [site.monthly.name, 'paid', 'LS002', ''], [site.piece.name, 'failed', '', '账户已冻结'],
    ]);
    expect(paid.ledger).toMatchObject({ toPay: 3, paid: 2, failed: 1 });
    expect(paid.batches[0]).toMatchObject({ succeeded: 2, failed: 1, resultFileName: '结果.csv' });
    expect(await t.call('payroll.alerts', {}, site.token)).toEqual([expect.objectContaining({ kind: 'unpaid', workers: 1, amountFen: 44000 })]);

    // The failed row again, alone (only the unpaid), then paid: no 欠薪预警 left.
    const again = await finished(t, officer, (await t.call('payroll.startBankFile', { ledgerId: id, templateId: 'generic', onlyUnpaid: true }, officer)).taskId);
    expect((await readXlsxRows(Buffer.from(again.file!.dataBase64, 'base64'))).slice(1).map((r) => r[0])).toEqual([site.piece.name]);
    const secondBatch = (await t.call('payroll.ledger', { ledgerId: id }, officer)).batches[1]!.id;
    await finished(t, officer, (await t.call('payroll.startImportResult', {
      batchId: secondBatch, fileName: '结果2.csv', commit: true,
      dataBase64: resultCsv([{ name: site.piece.name, cardNo: card(site.piece.id), amount: '440.00', status: '成功' }]).toString('base64'),
    }, officer)).taskId);
    expect(await t.call('payroll.alerts', {}, site.token)).toEqual([]);

    // The account: 拨付 7,500.00 in, 6,940.00 paid out, month by month; the month reconciled.
    const account = await t.call('labourCost.account', {}, site.token);
    expect(account.balances).toEqual([{ month: '2024-05', allocatedFen: 750000, disbursedFen: 694000, balanceFen: 56000 }]);
    expect(account.reconciliation).toEqual([{ month: '2024-04', allocatedFen: 750000, disbursedFen: 694000, payableFen: 694000, unpaidFen: 0, differenceFen: 0, lockedLedgers: 1, openLedgers: 0 }]);
    expect(account.disbursements.map((d) => d.amountFen).sort()).toEqual([44000, 650000]);
    expect(await t.call('payroll.workerMonths', { workerId: site.piece.id }, site.token)).toEqual([
      expect.objectContaining({ month: '2024-04', attendanceDays: 8, grossFen: 44000, netFen: 44000, payment: expect.objectContaining({ status: 'paid' }) }),
    ]);
    expect(consistencyProblems(t.app.services.sqlite)).toEqual([]);
  });

  it('补发: a new ledger of the locked month pays the difference; the original stays as it was', async () => {
    t = openTestApp();
    const site = await aprilSite(t);
    const officer = await labourOfficer(t, site);
    const locked = await lockedApril(t, site, officer);
    const original = JSON.stringify(t.app.services.sqlite.prepare('select * from payroll_rows where ledger_id = ? order by id').all(locked.ledger.id));
    // Two April days of the 按日 worker found late (a gate's backlog).
    await attend(t, site, site.daily.workerNo, days('2024-04', 11, 12));
    const refused = await errorOf(() => t!.call('payroll.createAdjustment', { ledgerId: locked.ledger.id, reason: '' }, officer));
    expect(refused.code).toBe('VALIDATION');
    const adjustment = await t.call('payroll.createAdjustment', { ledgerId: locked.ledger.id, reason: '闸机补传 4月11日、12日考勤' }, officer);
    expect(adjustment.ledger).toMatchObject({ kind: 'adjustment', state: 'draft', originalLedgerId: locked.ledger.id, month: '2024-04', payableFen: 70000 });
    expect(adjustment.original!.id).toBe(locked.ledger.id);
    expect(adjustment.rows.map((r) => [r.workerId, r.netFen, r.previousNetFen, r.payableFen])).toEqual([
      [site.daily.id, 420000, 350000, 70000], [site.monthly.id, 300000, 300000, 0], [site.piece.id, 44000, 44000, 0],
    ]);
    // A second open correction of the same ledger is refused.
    expect((await errorOf(() => t!.call('payroll.createAdjustment', { ledgerId: locked.ledger.id, reason: '再补' }, officer))).message).toContain('未锁定的补发/更正台账');
    expect(JSON.stringify(t.app.services.sqlite.prepare('select * from payroll_rows where ledger_id = ? order by id').all(locked.ledger.id))).toBe(original);
    expect((await t.call('payroll.ledger', { ledgerId: locked.ledger.id }, officer)).adjustments.map((a) => a.id)).toEqual([adjustment.ledger.id]);
  });

  it('prints the 工资支付表 (A4 landscape, rare characters, 本页小计 and 合计) and the 维权信息告示牌 (A3)', async () => {
    t = openTestApp();
    const site = await aprilSite(t);
    const officer = await labourOfficer(t, site);
    const locked = await lockedApril(t, site, officer);
    const task = await finished(t, officer, (await t.call('payroll.startPdf', { ledgerId: locked.ledger.id }, officer)).taskId);
    expect(task).toMatchObject({ state: 'done', kind: 'pdf' });
    const pdf = Buffer.from(task.file!.dataBase64, 'base64');
    const text = await pdfText(pdf);
    expect(text).toContain('工资支付表');
    expect(text).toContain('龚赟堃');
    expect(text).toContain('本页小计');
    expect(text).toContain('6,940.00');
    expect(text).toContain('3,500.00'); // a row's 应发 and 实发, grouped like the totals
    expect(text).toContain('项目负责人签名');
    const poster = await t.call('payroll.posterPdf', {}, site.token);
    const posterText = await pdfText(Buffer.from(poster.dataBase64, 'base64'));
    expect(posterText).toContain('维权信息告示牌');
    expect(posterText).toContain('12333');
    expect(posterText).toContain('每月 15 日支付上月工资');
    if (process.env.PAYROLL_PDF_OUT) {
      const fs = await import('node:fs');
      fs.writeFileSync(`${process.env.PAYROLL_PDF_OUT}/ledger.pdf`, pdf);
      fs.writeFileSync(`${process.env.PAYROLL_PDF_OUT}/poster.pdf`, Buffer.from(poster.dataBase64, 'base64'));
      fs.writeFileSync(`${process.env.PAYROLL_PDF_OUT}/bank.xlsx`, Buffer.from((await finished(t, officer, (await t.call('payroll.startBankFile', { ledgerId: locked.ledger.id, templateId: 'generic' }, officer)).taskId)).file!.dataBase64, 'base64'));
    }
  });
});
