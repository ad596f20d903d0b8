// The safety records on the labour register (issue 21, phase 2), through the real dispatcher on a
// real SQLite file: the 工种 a worker has is the one of their 派工登记; a 派工 of a special trade
// without a valid 特种作业 certificate is refused unless confirmed with a reason (kept in the audit
// trail), and flagged at 进场 and on the 班前签到 list; the today board's safety part; re-training
// after a change of 工种 or a return to work; 班组级 training and 安全技术交底 tied to the 班组; the
// 专职安全员 counted while on site.
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf, MANAGER, openTestApp, snapshot, type TestApp } from '../support/app';
import { hireInput, labourSite, participantInput, type LabourSite } from '../support/labour-helpers';
import { bundleDir, cleanupBundleDirs, exportTo, importInto, openCentral, openSiteApp, trustBoth } from './sync-support';
import path from 'node:path';
import { addDays } from '../../electron/common/site-time';

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

const TODAY = '2020-02-17'; // the test clock's day

const cert = (personId: string, over: Record<string, unknown> = {}) => ({
  personId, system: 'housing' as const, category: '建筑电工', number: '沪A042018000077', issuer: '上海市住房和城乡建设管理委员会',
  issuedOn: '2018-01-10', expiresOn: '2020-01-10', nextReviewOn: null, scan: null, ...over,
});

async function electricians(site: LabourSite) {
  return t!.call('teams.create', { employerId: site.participant.id, name: '水电班', workType: '130' }, site.token);
}

/** Passes all three levels of 三级安全教育 at the default hours, for `workType`. */
async function trainAll(site: LabourSite, personId: string, workType: string, trainedOn: string, reason: 'new' | 'trade_change' | 'return' = 'new') {
  for (const [level, hours] of [['company', 15], ['project', 15], ['team', 20]] as const) {
    await t!.call('safety.addTraining', { personId, level, reason, workType, trainedOn, hours, trainer: '王建国', content: '三级安全教育', score: 90, passed: true }, site.token);
  }
}

/** Moves the clock to `at` (a new day: the session has lapsed) and signs the manager in again. */
async function dayLater(site: LabourSite, at: string): Promise<void> {
  t!.clock.set(at);
  site.token = await t!.signIn(MANAGER.idNumber, MANAGER.password);
  const [project] = await t!.call('projects.list', {}, site.token);
  await t!.call('projects.enter', { projectId: project!.id }, site.token);
}

function auditRows(action: string): { tableName: string; rowId: string; after: Record<string, unknown> }[] {
  return (t!.app.services.sqlite.prepare('select table_name, row_id, after from audit_log where action = ? order by seq').all(action) as { table_name: string; row_id: string; after: string }[])
    .map((r) => ({ tableName: r.table_name, rowId: r.row_id, after: JSON.parse(r.after) as Record<string, unknown> }));
}

describe('派工 of a special trade', () => {
  it('refuses a 建筑电工 with an expired certificate unless confirmed with a reason; the warning stays at 进场, on 班前签到 and on the today board', async () => {
    t = openTestApp();
    const site = await labourSite(t);
    const team = await electricians(site);
    const { worker } = await t.call('workers.hire', hireInput(1, site.participant.id, TODAY, { workType: '130' }), site.token);
    await trainAll(site, worker.personId, '130', TODAY);
    await t.call('safety.addCertificate', cert(worker.personId), site.token);

    // The form asks first: the warning needs confirming.
    const asked = await t.call('workers.warnings', { workerIds: [worker.id], point: 'dispatch', teamId: team.id, workType: '130' }, site.token);
    expect(asked).toEqual([{ workerId: worker.id, level: 'confirm', source: 'safety.certificate_expired', message: `${worker.name}:建筑电工证书(沪A042018000077)已于 2020-01-10 过期,不得从事建筑电工作业` }]);

    const before = snapshot(t.app);
    const refused = await errorOf(() => t!.call('workers.dispatch', { workerId: worker.id, teamId: team.id, dispatchedOn: TODAY, workType: '130' }, site.token));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toBe(`${worker.name}:建筑电工证书(沪A042018000077)已于 2020-01-10 过期,不得从事建筑电工作业。确需派工的,请填写原因后确认(原因记入审计记录)`);
    expect(refused.issues).toEqual([{ path: 'confirmReason', message: '请填写确认原因' }]);
    expect(snapshot(t.app)).toEqual(before);
    // A reason of one character is no reason.
    expect((await errorOf(() => t!.call('workers.dispatch', { workerId: worker.id, teamId: team.id, dispatchedOn: TODAY, workType: '130', confirmReason: '是' }, site.token))).message).toBe('确认原因至少2个字');

    const dispatched = await t.call('workers.dispatch', { workerId: worker.id, teamId: team.id, dispatchedOn: TODAY, workType: '130', confirmReason: '证书已申请延期复核,新证未到' }, site.token);
    expect(dispatched.worker).toMatchObject({ status: 'dispatched', teamName: '水电班' });
    expect(dispatched.warnings.map((w) => [w.level, w.source])).toEqual([['confirm', 'safety.certificate_expired']]);
    const confirmed = auditRows('warnings_confirmed');
    expect(confirmed).toEqual([{
      tableName: 'dispatches', rowId: dispatched.worker.dispatches[0]!.id,
      after: { point: 'dispatch', reason: '证书已申请延期复核,新证未到', warnings: [{ workerId: worker.id, source: 'safety.certificate_expired', message: asked[0]!.message }] },
    }]);

    // 进场 and the attendance list show it, and go on.
    const entered = await t.call('workers.enter', { workerId: worker.id, enteredOn: TODAY }, site.token);
    expect(entered.warnings.map((w) => [w.level, w.message])).toEqual([['warning', asked[0]!.message]]);
    const list = await t.call('attendance.signInList', { teamId: team.id }, site.token);
    expect(list.warnings.map((w) => w.message)).toEqual([asked[0]!.message]);

    // The today board: the expired certificate, and the worker on site without a valid one.
    const board = await t.call('safety.overview', {}, site.token);
    expect(board.warnDays).toEqual([30, 60, 90]);
    expect(board.expired.map((x) => [x.personName, x.expiresOn])).toEqual([[worker.name, '2020-01-10']]);
    expect(board.uncertified).toEqual([{ personId: worker.personId, personName: worker.name, workTypeName: '建筑电工', message: '建筑电工证书(沪A042018000077)已于 2020-01-10 过期,不得从事建筑电工作业' }]);

    // The renewed certificate clears it all; expiring in 45 days it is in the 60-day band of the
    // board, not yet a warning on the lists (that is the last 30 days).
    await t.call('safety.addCertificate', cert(worker.personId, { number: '沪A042020000078', issuedOn: '2020-02-10', expiresOn: addDays(TODAY, 45) }), site.token);
    const after = await t.call('safety.overview', {}, site.token);
    expect([after.uncertified, after.expired]).toEqual([[], []]);
    expect(after.expiring.map((x) => [x.daysLeft, x.band])).toEqual([[45, 60]]);
    expect((await t.call('attendance.signInList', { teamId: team.id }, site.token)).warnings.map((w) => w.source)).toEqual([]);
  });

  it('reads the 工种 from the 派工登记: a 钢筋工 dispatched as 建筑电工 needs the certificate, and back as 钢筋工 does not', async () => {
    t = openTestApp();
    const site = await labourSite(t);
    const team = await electricians(site);
    const { worker } = await t.call('workers.hire', hireInput(2, site.participant.id, TODAY), site.token);
    const trades = async (date = TODAY) => (await t!.call('safety.warnings', { personIds: [worker.personId], date }, site.token))[0]!.warnings.map((w) => w.code);
    expect((await t.call('safety.personSafety', { personId: worker.personId }, site.token)).workTypeName).toBe('钢筋工');
    await trainAll(site, worker.personId, '020', TODAY);
    expect(await trades()).toEqual([]);
    // No certificate at all: confirming is the only way.
    const missing = await errorOf(() => t!.call('workers.dispatch', { workerId: worker.id, teamId: team.id, dispatchedOn: TODAY, workType: '130' }, site.token));
    expect(missing.message).toContain('工种“建筑电工”为特种作业,未登记建筑电工的有效操作资格证书');
    await t.call('workers.dispatch', { workerId: worker.id, teamId: team.id, dispatchedOn: TODAY, workType: '130', confirmReason: '临时协助,持证人员监护' }, site.token);
    expect((await t.call('safety.personSafety', { personId: worker.personId }, site.token)).workTypeName).toBe('建筑电工');
    // Now a 建筑电工 by the register: no certificate, and trained only as 钢筋工 (变换工种).
    expect(await trades()).toEqual(['certificate_missing', 'training_after_trade_change']);
    await dayLater(site, '2020-02-20T09:00:00+08:00');
    await t.call('workers.dispatch', { workerId: worker.id, teamId: site.team.id, dispatchedOn: '2020-02-20', workType: '020' }, site.token);
    expect(await trades('2020-02-20')).toEqual([]);
    // Asked as of a day of the electrician's dispatch, the register still says 建筑电工.
    expect(await trades('2020-02-18')).toContain('certificate_missing');
  });
});

describe('re-training', () => {
  it('flags a change of 工种 at 派工 until a training for it, and a return after 90 days away until one after the 退场', async () => {
    t = openTestApp();
    const site = await labourSite(t);
    const carpenters = await t.call('teams.create', { employerId: site.participant.id, name: '木工一班', workType: '240' }, site.token);
    const { worker } = await t.call('workers.hire', hireInput(3, site.participant.id, TODAY), site.token);
    // Without 三级安全教育, 进场 flags it.
    await t.call('workers.dispatch', { workerId: worker.id, teamId: site.team.id, dispatchedOn: TODAY }, site.token);
    const untrained = await t.call('workers.enter', { workerId: worker.id, enteredOn: TODAY }, site.token);
    expect(untrained.warnings.map((w) => w.message)).toEqual([`${worker.name}:未完成三级安全教育,不得进场作业(缺:公司级、项目级、班组级)`]);
    await trainAll(site, worker.personId, '020', TODAY);

    // 钢筋工 → 木工: the 派工 warns (a warning, not a refusal).
    const change = await t.call('workers.warnings', { workerIds: [worker.id], point: 'dispatch', teamId: carpenters.id, workType: '240' }, site.token);
    expect(change.map((w) => [w.level, w.message])).toEqual([['warning', `${worker.name}:变换工种(钢筋工 → 木工)后未重新进行安全教育`]]);
    await dayLater(site, '2020-02-19T09:00:00+08:00');
    await t.call('workers.dispatch', { workerId: worker.id, teamId: carpenters.id, dispatchedOn: '2020-02-19', workType: '240' }, site.token);
    await t.call('safety.addTraining', { personId: worker.personId, level: 'team', reason: 'trade_change', workType: '240', trainedOn: '2020-02-19', hours: 20, trainer: '王建国', content: '木工安全操作规程', score: 88, passed: true }, site.token);
    expect((await t.call('attendance.signInList', { teamId: carpenters.id }, site.token)).warnings).toEqual([]);

    // Leaves on 02-20 and comes back on 05-20 (90 days): the 派工 and 进场 flag the return.
    await dayLater(site, '2020-02-20T17:00:00+08:00');
    await t.call('workers.exit', { workerId: worker.id, exitedOn: '2020-02-20', reason: '工作任务完成' }, site.token);
    await dayLater(site, '2020-05-20T09:00:00+08:00');
    const back = await t.call('workers.dispatch', { workerId: worker.id, teamId: carpenters.id, dispatchedOn: '2020-05-20', workType: '240' }, site.token);
    const returnMessage = `${worker.name}:复工返岗(2020-02-20 退场,离岗 90 天)后未重新进行安全教育`;
    expect(back.warnings.map((w) => w.message)).toEqual([returnMessage]);
    expect((await t.call('workers.enter', { workerId: worker.id, enteredOn: '2020-05-20' }, site.token)).warnings.map((w) => w.message)).toEqual([returnMessage]);
    await t.call('safety.addTraining', { personId: worker.personId, level: 'team', reason: 'return', workType: '240', trainedOn: '2020-05-20', hours: 20, trainer: '王建国', content: '复工安全教育', score: 90, passed: true }, site.token);
    expect((await t.call('attendance.signInList', { teamId: carpenters.id }, site.token)).warnings).toEqual([]);

    // Away 89 days is not a return in the rule's sense.
    const other = await t.call('workers.hire', hireInput(4, site.participant.id, '2020-02-17'), site.token);
    await trainAll(site, other.worker.personId, '020', '2020-02-17');
    await t.call('workers.dispatch', { workerId: other.worker.id, teamId: site.team.id, dispatchedOn: '2020-02-17' }, site.token);
    await t.call('workers.enter', { workerId: other.worker.id, enteredOn: '2020-02-17' }, site.token);
    await t.call('workers.exit', { workerId: other.worker.id, exitedOn: '2020-02-21', reason: '工作任务完成' }, site.token);
    await dayLater(site, '2020-05-20T09:00:00+08:00');
    expect(await t.call('workers.warnings', { workerIds: [other.worker.id], point: 'dispatch', teamId: site.team.id, date: '2020-05-20' }, site.token)).toEqual([]);
  });
});

describe('the 班组 of the register', () => {
  it('a 班组级 training takes the worker\'s team of the day; a 安全技术交底 briefs that team\'s workers only', async () => {
    t = openTestApp();
    const site = await labourSite(t);
    const { worker: a } = await t.call('workers.hire', hireInput(5, site.participant.id, TODAY), site.token);
    const { worker: b } = await t.call('workers.hire', hireInput(6, site.participant.id, TODAY), site.token);
    const { worker: outsider } = await t.call('workers.hire', hireInput(7, site.participant.id, TODAY), site.token);
    for (const w of [a, b]) await t.call('workers.dispatch', { workerId: w.id, teamId: site.team.id, dispatchedOn: TODAY }, site.token);
    await t.call('workers.enter', { workerId: a.id, enteredOn: TODAY }, site.token);

    const trained = await t.call('safety.addTraining', { personId: a.personId, level: 'team', reason: 'new', workType: '020', teamId: null, trainedOn: TODAY, hours: 20, trainer: '钢筋一班 班长', content: '班组级安全教育', score: 90, passed: true }, site.token);
    expect(trained.map((x) => [x.levelLabel, x.teamId, x.teamName])).toEqual([['班组级', site.team.id, '钢筋一班']]);
    expect((await t.call('safety.trainingRegister', { search: a.name }, site.token)).rows[0]).toMatchObject({ teamName: '钢筋一班' });
    // A team of another project (or none at all) is refused.
    expect((await errorOf(() => t!.call('safety.addTraining', { personId: a.personId, level: 'team', reason: 'new', workType: '020', teamId: '00000000-0000-4000-8000-000000000000', trainedOn: TODAY, hours: 20, trainer: '王', content: '班组级', score: null, passed: true }, site.token))).code).toBe('NOT_FOUND');

    const members = await t.call('safety.teamMembers', { teamId: site.team.id, date: TODAY }, site.token);
    expect(members.rows.map((m) => [m.name, m.workTypeName, m.onSite])).toEqual([[a.name, '钢筋工', true], [b.name, '钢筋工', false]]);
    // Before the 派工, nobody was in the team.
    expect((await t.call('safety.teamMembers', { teamId: site.team.id, date: '2020-02-16' }, site.token)).rows).toEqual([]);

    const briefing = { briefedOn: TODAY, subject: '钢筋绑扎', content: '高处绑扎须系安全带…', briefer: '蒋技术', teamId: site.team.id, dangerous: false, safetyOfficer: '' };
    const before = snapshot(t.app);
    const wrong = await errorOf(() => t!.call('safety.addBriefing', { ...briefing, attendees: [{ personId: a.personId, signed: true }, { personId: outsider.personId, signed: true }] }, site.token));
    expect(wrong.message).toBe(`${outsider.name} 在 ${TODAY} 不是班组“钢筋一班”的人员:被交底人应为该班组当日的作业人员`);
    expect((await errorOf(() => t!.call('safety.addBriefing', { ...briefing, teamId: null, attendees: [{ personId: a.personId, signed: true }] }, site.token))).message).toBe('请选择班组');
    expect(snapshot(t.app)).toEqual(before);
    const saved = await t.call('safety.addBriefing', { ...briefing, attendees: [{ personId: a.personId, signed: true }, { personId: b.personId, signed: false }] }, site.token);
    expect(saved).toMatchObject({ teamId: site.team.id, team: '钢筋一班', attendees: [{ name: a.name, signed: true }, { name: b.name, signed: false }] });
  });
});

describe('in sync bundles', () => {
  it('the 班组 of a training and of a 安全技术交底 reach the central side with them', async () => {
    const central = await openCentral();
    const site = await openSiteApp();
    try {
      t = site.t;
      trustBoth(site.t, central.t);
      await t.call('labour.saveSettings', { epidemicHidden: true }, site.token);
      const participant = await t.call('participants.create', participantInput(4), site.token);
      const team = await t.call('teams.create', { employerId: participant.id, name: '模板班', workType: '050' }, site.token);
      const { worker } = await t.call('workers.hire', hireInput(10, participant.id, TODAY), site.token);
      await t.call('workers.dispatch', { workerId: worker.id, teamId: team.id, dispatchedOn: TODAY }, site.token);
      await t.call('safety.addTraining', { personId: worker.personId, level: 'team', reason: 'new', workType: '050', teamId: null, trainedOn: TODAY, hours: 20, trainer: '班长', content: '班组级', score: null, passed: true }, site.token);
      await t.call('safety.addBriefing', { briefedOn: TODAY, subject: '模板支设', content: '支撑体系…', briefer: '蒋技术', teamId: team.id, dangerous: false, safetyOfficer: '', attendees: [{ personId: worker.personId, signed: true }] }, site.token);
      const file = path.join(bundleDir(), 'site.sobundle');
      await exportTo(site.t, file);
      expect(importInto(central.t, file).conflicts).toBe(0);
      const rowsOf = (app: TestApp, table: string) => app.app.services.sqlite.prepare(`select * from "${table}" order by id`).all();
      for (const table of ['teams', 'safety_trainings', 'safety_briefings']) expect(rowsOf(central.t, table)).toEqual(rowsOf(site.t, table));
      expect(rowsOf(central.t, 'safety_briefings')).toEqual([expect.objectContaining({ team_id: team.id, team: '模板班' })]);
    } finally {
      central.t.close();
      cleanupBundleDirs();
    }
  });
});

describe('专职安全员', () => {
  it('counts a 现场管理人员 of the register only while on site; refuses a 作业人员', async () => {
    t = openTestApp();
    const site = await labourSite(t);
    const officer = await t.call('workers.hire', hireInput(8, site.participant.id, TODAY, { category: 'manager', workType: '900' }), site.token);
    const { worker } = await t.call('workers.hire', hireInput(9, site.participant.id, TODAY), site.token);
    const save = (officers: { name: string; personId: string | null; certificateNo: string }[]) => t!.call('safety.saveProfile', { floorArea: 12000, structureType: '框架', trainingHours: null, safetyOfficers: officers }, site.token);
    const linked = { name: '安全员', personId: officer.worker.personId, certificateNo: '沪建安C(2019)0002' };
    const typed = { name: '陈安全', personId: null, certificateNo: '沪建安C(2019)0001' };

    expect((await errorOf(() => save([{ ...linked, personId: worker.personId }]))).message).toBe(`${worker.name} 是作业人员:专职安全员应为现场管理人员`);
    let profile = await save([typed, linked]);
    // The name is the register's; not yet on site, so it does not count.
    expect(profile.safetyOfficers[1]!.name).toBe(officer.worker.name);
    expect(profile).toMatchObject({ requiredOfficers: 2, countedOfficers: 1, staffingWarning: '建筑面积 12,000 m² 应配备专职安全员不少于 2 人(建质〔2008〕91号),现有 1 人' });
    expect(profile.officerNotes).toEqual([`专职安全员 ${officer.worker.name} 不在场(现场管理人员实名制中未进场或已退场),不计入`]);
    await t.call('workers.enter', { workerId: officer.worker.id, enteredOn: TODAY }, site.token);
    profile = await t.call('safety.profile', {}, site.token);
    expect(profile).toMatchObject({ countedOfficers: 2, staffingWarning: null, officerNotes: [] });
    expect((await t.call('safety.overview', {}, site.token)).staffing).toEqual({ saved: true, floorArea: 12000, required: 2, counted: 2, notes: [] });
    await t.call('workers.exit', { workerId: officer.worker.id, exitedOn: TODAY, reason: '调离本项目' }, site.token);
    expect((await t.call('safety.overview', {}, site.token)).staffing.counted).toBe(1);
  });
});

