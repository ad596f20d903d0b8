// The labour register through the real dispatcher on a real SQLite file: 参建单位 with the credit
// code check, 班组, 聘用登记 with 劳动合同 and 工资卡, 派工登记, 进场登记 / 退场登记, the project
// setting that hides the epidemic workflow, and the warnings other domains can add.
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf, openTestApp, snapshot, type TestApp } from '../support/app';
import { validId } from '../support/fixtures';
import { ORIGIN_SUZHOU } from '../support/prereg-helpers';
import { cardNumber, daily, hireInput, labourSite, participantInput, workerIdNumber, workerOnSite } from '../support/labour-helpers';
import { consistencyProblems } from '../support/issue9-db-checks';
import { registerWarningProvider, unregisterWarningProvider } from '../../electron/services/labour/warnings';
import { wrongCreditCode } from '../support/prereg-helpers';

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

const TODAY = '2020-02-17'; // the test clock's day

describe('参建单位', () => {
  it('refuses a credit code with a wrong check character, naming the character; keeps the contacts of a good one', async () => {
    t = openTestApp();
    const token = await t.signedInManager();
    const bad = wrongCreditCode(7);
    const before = snapshot(t.app);
    const e = await errorOf(() => t!.call('participants.create', { ...participantInput(1), creditCode: bad.code }, token));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain(`校验位错误:应为 ${bad.expected}`);
    const badChar = await errorOf(() => t!.call('participants.create', { ...participantInput(1), creditCode: `91310115MA1KI0001X` }, token));
    expect(badChar.message).toContain('第13位字符“I”无效');
    expect(snapshot(t.app)).toEqual(before);

    const p = await t.call('participants.create', participantInput(1), token);
    expect(p).toMatchObject({ participantTypeName: '劳务分包', leaderName: '周建平', labourOfficerName: '沈丽', contractNo: 'W2019010100011', teams: 0, workers: 0 });
    expect((await errorOf(() => t!.call('participants.create', participantInput(1), token))).code).toBe('CONFLICT');
    const updated = await t.call('participants.update', { employerId: p.id, name: p.name, participantType: '001', leaderName: '吴国强', leaderPhone: '13800009999', labourOfficerName: '沈丽', labourOfficerPhone: '' }, token);
    expect(updated).toMatchObject({ participantTypeName: '专业分包', leaderName: '吴国强' });
    // The seed's 用人单位 list shows the same row.
    expect((await t.call('employers.list', {}, token)).map((e) => e.name)).toEqual([p.name]);
  });
});

describe('聘用登记', () => {
  it('with the epidemic workflow shown, only a pre-registered person can be hired, under the name of the pre-registration', async () => {
    t = openTestApp();
    const token = await t.signedInManager();
    const employer = await t.call('participants.create', participantInput(1), token);
    const input = hireInput(1, employer.id, TODAY);
    const lookup = await t.call('workers.lookup', { idNumber: input.idNumber, category: 'worker' }, token);
    expect(lookup.allowed).toBe(false);
    expect(lookup.reason).toContain('未在本项目进场预登记');
    expect((await errorOf(() => t!.call('workers.hire', input, token))).code).toBe('CONFLICT');

    await t.call('persons.create', { category: 'worker', idNumber: input.idNumber, name: input.name, origin: ORIGIN_SUZHOU, employerId: employer.id, phone: input.phone, useHealthCloud: false }, token);
    const wrongName = await errorOf(() => t!.call('workers.hire', { ...input, name: '另一个人' }, token));
    expect(wrongName.message).toContain('姓名与进场预登记不一致');
    const hired = await t.call('workers.hire', input, token);
    expect(hired.worker).toMatchObject({ workerNo: '1001', name: input.name, status: 'hired', payMethod: 'daily', wageFen: 35000, hasWageCard: true });
    // One person, not two: the pre-registration is the worker's person row.
    expect(t.app.services.sqlite.prepare('select count(*) from persons').pluck().get()).toBe(1);
  });

  it('with it hidden, hiring makes the person; 工号 are given in turn and unique; the same person twice is refused', async () => {
    t = openTestApp();
    const site = await labourSite(t);
    const a = await t.call('workers.hire', hireInput(1, site.participant.id, TODAY), site.token);
    const b = await t.call('workers.hire', hireInput(2, site.participant.id, TODAY), site.token);
    expect([a.worker.workerNo, b.worker.workerNo]).toEqual(['1001', '1002']);
    expect(a.notice).toContain('工号 1001');
    expect(a.worker.idNumber).toBe(workerIdNumber(1)); // the manager sees the full number on the worker's page
    expect(a.worker.wageCards[0]).toMatchObject({ cardNo: cardNumber(1), cardNoFull: true, luhnValid: true });
    const again = await errorOf(() => t!.call('workers.hire', hireInput(1, site.participant.id, TODAY), site.token));
    expect(again.message).toContain('已在本项目聘用登记(工号 1001)');
    const list = await t.call('workers.list', { category: 'worker' }, site.token);
    expect(list.total).toBe(2);
    expect(list.rows[0]!.idNumberMasked).toMatch(/^\d{3}\*+\d{3}$/);
    expect(consistencyProblems(t.app.services.sqlite)).toEqual([]);
  });

  it('checks the 劳动合同 (计薪方式, 工资标准 in 分, 期限) and warns on a card number that fails the Luhn check', async () => {
    t = openTestApp();
    const site = await labourSite(t);
    const base = hireInput(1, site.participant.id, TODAY);
    const before = snapshot(t.app);
    const fixedNoEnd = await errorOf(() => t!.call('workers.hire', { ...base, contract: { ...daily(TODAY), termType: 'fixed' } }, site.token));
    expect(fixedNoEnd.issues?.[0]).toMatchObject({ path: 'contract.endsOn', message: '固定期限合同须填写合同结束日期' });
    const pieceNoUnit = await errorOf(() => t!.call('workers.hire', { ...base, contract: { ...daily(TODAY), payMethod: 'piece', wage: '12.5' } }, site.token));
    expect(pieceNoUnit.message).toContain('计件单位');
    const badWage = await errorOf(() => t!.call('workers.hire', { ...base, contract: { ...daily(TODAY), wage: '350.123' } }, site.token));
    expect(badWage.message).toContain('最多两位小数');
    expect(snapshot(t.app)).toEqual(before);

    const wrongLuhn = cardNumber(1).slice(0, -1) + String((Number(cardNumber(1).slice(-1)) + 1) % 10);
    const hired = await t.call('workers.hire', {
      ...base, contract: { ...daily(TODAY), payMethod: 'monthly', wage: '6,500.50' }, wageCard: { bankName: '上海银行', bankCode: '325', cardNo: wrongLuhn },
    }, site.token);
    expect(hired.notice).toContain('Luhn');
    expect(hired.worker).toMatchObject({ payMethod: 'monthly', wageFen: 650050 });
    expect(hired.worker.wageCards[0]!.luhnValid).toBe(false);
    // A new card retires the old one.
    const replaced = await t.call('workers.setWageCard', { workerId: hired.worker.id, card: { bankName: '中国工商银行', bankCode: '102', cardNo: cardNumber(5) } }, site.token);
    expect(replaced.worker.wageCards.map((c) => c.retiredAt === null)).toEqual([true, false]);
  });
});

describe('派工登记 → 进场登记 → 退场登记', () => {
  it('walks the chain with its refusals, and leaving ends the dispatch', async () => {
    t = openTestApp();
    const site = await labourSite(t);
    const other = await t.call('participants.create', participantInput(2, '001'), site.token);
    const otherTeam = await t.call('teams.create', { employerId: other.id, name: '水电班', workType: '130' }, site.token);
    const { worker } = await t.call('workers.hire', hireInput(1, site.participant.id, TODAY, { safetyTrainingOn: null }), site.token);

    const noTeam = await errorOf(() => t!.call('workers.enter', { workerId: worker.id, enteredOn: TODAY }, site.token));
    expect(noTeam.message).toContain('尚未派工');
    const wrongEmployer = await errorOf(() => t!.call('workers.dispatch', { workerId: worker.id, teamId: otherTeam.id, dispatchedOn: TODAY }, site.token));
    expect(wrongEmployer.message).toContain('另一参建单位');

    const dispatched = await t.call('workers.dispatch', { workerId: worker.id, teamId: site.team.id, dispatchedOn: TODAY }, site.token);
    expect(dispatched.worker).toMatchObject({ status: 'dispatched', teamName: '钢筋一班' });
    // No 三级安全教育 recorded: the safety domain's warning, and the dispatch goes on.
    expect(dispatched.warnings.map((w) => w.source)).toContain('safety.training_missing');

    const entered = await t.call('workers.enter', { workerId: worker.id, enteredOn: TODAY }, site.token);
    expect(entered.worker).toMatchObject({ status: 'onSite', enteredOn: TODAY });
    // The epidemic-era roster shows the entry, with the team.
    const roster = await t.call('entries.roster', { category: 'worker' }, site.token);
    expect(roster.rows[0]).toMatchObject({ name: worker.name, team: '钢筋一班', workTypeName: '钢筋工' });

    const noReason = await errorOf(() => t!.call('workers.exit', { workerId: worker.id, exitedOn: TODAY, reason: '' }, site.token));
    expect(noReason.message).toContain('请输入退场原因');
    const left = await t.call('workers.exit', { workerId: worker.id, exitedOn: TODAY, reason: '工作任务完成' }, site.token);
    expect(left.worker).toMatchObject({ status: 'exited', teamId: null, exitedOn: TODAY });
    expect(left.worker.entries[0]!.exitReason).toBe('工作任务完成');
    expect(left.worker.dispatches[0]!.endedOn).toBe('2020-02-18');
    // Coming back needs a new dispatch.
    expect((await errorOf(() => t!.call('workers.enter', { workerId: worker.id, enteredOn: TODAY }, site.token))).message).toContain('尚未派工');
    expect(consistencyProblems(t.app.services.sqlite)).toEqual([]);
  });

  it('进场 needs a 劳动合同 in force on the day', async () => {
    t = openTestApp();
    const site = await labourSite(t);
    const { worker } = await t.call('workers.hire', hireInput(1, site.participant.id, '2020-02-10', {
      contract: { signedOn: '2020-02-10', startsOn: '2020-02-10', endsOn: '2020-02-12', termType: 'fixed', payMethod: 'daily', wage: '300', payDay: 10 },
    }), site.token);
    await t.call('workers.dispatch', { workerId: worker.id, teamId: site.team.id, dispatchedOn: '2020-02-10' }, site.token);
    const expired = await errorOf(() => t!.call('workers.enter', { workerId: worker.id, enteredOn: TODAY }, site.token));
    expect(expired.message).toContain('没有有效的劳动合同');
    await t.call('workers.addContract', { workerId: worker.id, contract: daily('2020-02-15', '320') }, site.token);
    expect((await t.call('workers.enter', { workerId: worker.id, enteredOn: TODAY }, site.token)).worker.wageFen).toBe(32000);
  });

  it('a provider of another domain can refuse a 派工 (block) and nothing is written', async () => {
    t = openTestApp();
    const site = await labourSite(t);
    const { worker } = await t.call('workers.hire', hireInput(1, site.participant.id, TODAY), site.token);
    registerWarningProvider({
      id: 'test.certificates', points: ['dispatch'],
      warnings: (_s, c) => c.workerIds.map((workerId) => ({ workerId, level: 'block' as const, source: 'test.certificates', message: '特种作业操作证已过期,不能派工' })),
    });
    try {
      const before = snapshot(t.app);
      const e = await errorOf(() => t!.call('workers.dispatch', { workerId: worker.id, teamId: site.team.id, dispatchedOn: TODAY }, site.token));
      expect(e.message).toBe('特种作业操作证已过期,不能派工');
      expect(snapshot(t.app)).toEqual(before);
      expect(await t.call('workers.warnings', { workerIds: [worker.id], point: 'dispatch', teamId: site.team.id }, site.token)).toContainEqual(expect.objectContaining({ level: 'block', source: 'test.certificates' }));
    } finally {
      unregisterWarningProvider('test.certificates');
    }
  });

  it('the 班组长 is one of the team; 解散 waits until the team is empty', async () => {
    t = openTestApp();
    const site = await labourSite(t);
    const w = await workerOnSite(t, site, 1, TODAY);
    const outsider = (await t.call('workers.hire', hireInput(2, site.participant.id, TODAY), site.token)).worker;
    const e = await errorOf(() => t!.call('teams.update', { teamId: site.team.id, name: '钢筋一班', workType: '020', leaderWorkerId: outsider.id, disbandedOn: null }, site.token));
    expect(e.message).toContain('班组长须是已派入本班组的人员');
    const team = await t.call('teams.update', { teamId: site.team.id, name: '钢筋一班', workType: '020', leaderWorkerId: w.id, disbandedOn: null }, site.token);
    expect(team).toMatchObject({ leaderName: w.name, members: 1, onSite: 1 });
    expect((await t.call('workers.get', { workerId: w.id }, site.token)).isTeamLeader).toBe(true);
    expect((await errorOf(() => t!.call('teams.update', { teamId: site.team.id, name: '钢筋一班', workType: '020', leaderWorkerId: null, disbandedOn: TODAY }, site.token))).message).toContain('还有 1 名人员');
  });
});

describe('the epidemic setting', () => {
  it('hiding it lets entry go without 进场预登记 and without 可进场; showing it again brings the rules back', async () => {
    t = openTestApp();
    const site = await labourSite(t);
    const w = await workerOnSite(t, site, 1, TODAY);
    expect(w.status).toBe('onSite');
    // The epidemic-era check says the same: no pre-registration needed, the person is known by the hire.
    const check = await t.call('entries.check', { idNumber: workerIdNumber(2), category: 'worker' }, site.token);
    expect(check.eligibility.reason).toContain('未在本项目聘用登记');
    await t.call('labour.saveSettings', { epidemicHidden: false }, site.token);
    const shown = await t.call('entries.check', { idNumber: validId('32058319900101123'), category: 'worker' }, site.token);
    expect(shown.eligibility.reason).toContain('未在本项目进场预登记');
    expect(await t.call('labour.settings', {}, site.token)).toEqual({ epidemicHidden: false, signInCountsAsAttendance: true });
  });
});
