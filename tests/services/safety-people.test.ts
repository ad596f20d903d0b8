// The safety records of the person register: 特种作业 certificates and the warnings a worker has on
// a date (a 建筑电工 without a valid one; expiring at 90 / 60 / 30 days), 三级安全教育 against the
// project's hours (a setting), 安全技术交底 with the 专职安全员 for 危大工程, the 专职安全员 minimum by
// floor area, the 安全概况, and the central side's per-contract safety columns after a sync bundle.
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf, MANAGER, snapshot } from '../support/app';
import { PNG_BYTES } from '../support/fixtures';
import { openSafetySite, preRegister, scoreExample, type SafetySite } from '../support/safety-helpers';
import { bundleDir, cleanupBundleDirs, exportTo, importInto, openCentral, SUPERVISOR, trustBoth } from '../services/sync-support';
import path from 'node:path';

let site: SafetySite | undefined;
afterEach(() => {
  site?.t.close();
  site = undefined;
  cleanupBundleDirs();
});

const cert = (personId: string, over: Record<string, unknown> = {}) => ({
  personId, system: 'housing' as const, category: '建筑电工', number: '沪A042019000123', issuer: '上海市住房和城乡建设管理委员会',
  issuedOn: '2018-03-01', expiresOn: '2020-03-01', nextReviewOn: null, scan: null, ...over,
});

async function electrician(s: SafetySite, name = '周电工') {
  const p = await preRegister(s, name);
  await s.t.call('entries.enter', { personId: p.id, employerId: s.employer.id, workType: '130', team: '电工班', enteredOn: '2020-02-17' }, s.token);
  return p;
}

describe('特种作业 certificates and the warnings of a worker', () => {
  it('a 建筑电工 without a certificate, with an expired one, then a valid one expiring within 30 days', async () => {
    site = await openSafetySite();
    const p = await electrician(site);
    const warnings = async (date?: string) => (await site!.t.call('safety.warnings', { personIds: [p.id], ...(date ? { date } : {}) }, site!.token))[0]!.warnings;
    expect((await warnings()).filter((w) => w.code.startsWith('certificate'))).toEqual([
      { code: 'certificate_missing', level: 'danger', message: '工种“建筑电工”为特种作业,未登记建筑电工的有效操作资格证书' },
    ]);
    await site.t.call('safety.addCertificate', cert(p.id, { expiresOn: '2020-02-01', issuedOn: '2018-02-01', number: 'OLD-1' }), site.token);
    expect((await warnings()).find((w) => w.code === 'certificate_expired')!.message).toBe('建筑电工证书(OLD-1)已于 2020-02-01 过期,不得从事建筑电工作业');
    // On a date before it expired, the same certificate is valid (asked as of that date).
    expect((await warnings('2020-01-20')).some((w) => w.code === 'certificate_expired')).toBe(false);
    const added = await site.t.call('safety.addCertificate', cert(p.id, { scan: { fileName: '证书.png', mime: 'image/png', dataBase64: PNG_BYTES.toString('base64') } }), site.token);
    expect(added).toMatchObject({ status: 'expiring', statusLabel: '即将到期', daysLeft: 13, workTypeName: '建筑电工' });
    expect(added.scans.map((f) => f.fileName)).toEqual(['证书.png']);
    const now = await warnings();
    expect(now.filter((w) => w.code.startsWith('certificate')).map((w) => [w.code, w.level])).toEqual([['certificate_expiring', 'warning']]);
    expect(now.find((w) => w.code === 'certificate_expiring')!.message).toBe('建筑电工证书(沪A042019000123)将于 2020-03-01 到期,还有 13 天(30 天内),请在到期前办理延期复核');
    // The 派工 of another worker to 建筑电工 asks with that 工种.
    const mason = await preRegister(site, '吴瓦工');
    expect((await site.t.call('safety.warnings', { personIds: [mason.id], workType: '130' }, site.token))[0]!.warnings[0]!.code).toBe('certificate_missing');
    expect((await site.t.call('safety.warnings', { personIds: [mason.id], workType: '010' }, site.token))[0]!.warnings.some((w) => w.code.startsWith('certificate'))).toBe(false);
  });

  it('bands of 90 / 60 / 30 days on the 安全概况, an expired one listed until it is replaced', async () => {
    site = await openSafetySite();
    const a = await electrician(site, '甲');
    const b = await electrician(site, '乙');
    const c = await electrician(site, '丙');
    await site.t.call('safety.addCertificate', cert(a.id, { number: 'A', expiresOn: '2020-05-10' }), site.token); // 83 days
    await site.t.call('safety.addCertificate', cert(b.id, { number: 'B', expiresOn: '2020-04-10' }), site.token); // 53 days
    await site.t.call('safety.addCertificate', cert(c.id, { number: 'C', expiresOn: '2020-02-10', issuedOn: '2018-02-10' }), site.token);
    let o = await site.t.call('safety.overview', {}, site.token);
    expect(o.expiring.map((x) => [x.personName, x.daysLeft, x.band])).toEqual([['乙', 53, 60], ['甲', 83, 90]]);
    expect(o.expired.map((x) => x.personName)).toEqual(['丙']);
    await site.t.call('safety.addCertificate', cert(c.id, { number: 'C2', issuedOn: '2020-02-12', expiresOn: '2022-02-12' }), site.token);
    o = await site.t.call('safety.overview', {}, site.token);
    expect(o.expired).toEqual([]);
    const list = await site.t.call('safety.certificates', { status: 'expired' }, site.token);
    expect(list.rows.map((r) => r.number)).toEqual(['C']);
  });

  it('refuses a certificate that cannot be: dates in the wrong order, a 复审 date on a system without one, the same number twice', async () => {
    site = await openSafetySite();
    const p = await electrician(site);
    const before = snapshot(site.t.app);
    expect((await errorOf(() => site!.t.call('safety.addCertificate', cert(p.id, { expiresOn: '2018-01-01' }), site!.token))).message).toBe('有效期至应晚于发证日期');
    expect((await errorOf(() => site!.t.call('safety.addCertificate', cert(p.id, { nextReviewOn: '2021-01-01' }), site!.token))).message).toMatch(/没有复审日期/);
    expect(snapshot(site.t.app)).toEqual(before);
    await site.t.call('safety.addCertificate', cert(p.id), site.token);
    expect((await errorOf(() => site!.t.call('safety.addCertificate', cert(p.id), site!.token))).code).toBe('CONFLICT');
    // The 应急管理 操作证 has its 复审: past it, the certificate does not count.
    const welder = await preRegister(site, '郑焊工');
    await site.t.call('safety.addCertificate', cert(welder.id, { system: 'emergency', category: '焊接与热切割作业', number: 'T3201', issuedOn: '2016-01-01', expiresOn: '2022-01-01', nextReviewOn: '2019-01-01' }), site.token);
    const w = (await site.t.call('safety.warnings', { personIds: [welder.id], workType: '270' }, site.token))[0]!.warnings;
    expect(w[0]).toMatchObject({ code: 'certificate_review_due', level: 'danger' });
  });
});

describe('三级安全教育', () => {
  it('flags a worker without all three levels passed at the project hours; the hours are a setting', async () => {
    site = await openSafetySite();
    const p = await preRegister(site, '冯新工');
    const training = (level: 'company' | 'project' | 'team', hours: number, passed = true) => site!.t.call('safety.addTraining', {
      personId: p.id, level, reason: 'new', workType: '020', trainedOn: '2020-02-16', hours, trainer: '王建国', content: '入场安全教育', score: passed ? 90 : 40, passed,
    }, site!.token);
    const messages = async () => (await site!.t.call('safety.warnings', { personIds: [p.id] }, site!.token))[0]!.warnings.map((w) => w.message);
    expect(await messages()).toEqual(['未完成三级安全教育,不得进场作业(缺:公司级、项目级、班组级)']);
    await training('company', 15);
    await training('project', 15);
    await training('team', 8);
    expect(await messages()).toEqual(['未完成三级安全教育,不得进场作业(缺:班组级(8 学时,应不少于 20))']);
    // The project sets 班组级 to 8 hours.
    await site.t.call('safety.saveProfile', { floorArea: 32000, structureType: '框架剪力墙', safetyOfficers: [{ name: '陈安全', personId: null, certificateNo: '沪建安C(2019)0001' }], trainingHours: { company: 15, project: 15, team: 8 } }, site.token);
    expect(await messages()).toEqual([]);
    const register = await site.t.call('safety.trainingRegister', {}, site.token);
    expect(register.rows[0]).toMatchObject({ name: '冯新工', complete: true, levels: { company: '2020-02-16', project: '2020-02-16', team: '2020-02-16' } });
    expect(register.hours).toEqual({ company: 15, project: 15, team: 8 });
    // A change of trade asks for its own training.
    const warned = (await site.t.call('safety.warnings', { personIds: [p.id], workType: '240' }, site.token))[0]!.warnings;
    expect(warned.map((w) => w.message)).toEqual(['变换工种(钢筋工 → 木工)后未重新进行安全教育']);
  });

  it('the 专职安全员 minimum by floor area (建质〔2008〕91号)', async () => {
    site = await openSafetySite();
    const save = (floorArea: number, officers: number) => site!.t.call('safety.saveProfile', {
      floorArea, structureType: '框架', trainingHours: null, safetyOfficers: Array.from({ length: officers }, (_, i) => ({ name: `安全员${i + 1}`, personId: null, certificateNo: '' })),
    }, site!.token);
    expect(await save(9999, 1)).toMatchObject({ requiredOfficers: 1, staffingWarning: null, defaultHours: true, trainingHours: { company: 15, project: 15, team: 20 } });
    expect(await save(10000, 1)).toMatchObject({ requiredOfficers: 2, staffingWarning: '建筑面积 10,000 m² 应配备专职安全员不少于 2 人(建质〔2008〕91号),现有 1 人' });
    expect((await save(50000, 2)).requiredOfficers).toBe(3);
    expect((await errorOf(() => site!.t.call('safety.saveProfile', { floorArea: 1, structureType: '框架', trainingHours: null, safetyOfficers: [] }, site!.operator))).code).toBe('FORBIDDEN');
  });
});

describe('安全技术交底', () => {
  it('records who was briefed; a 危大工程 one needs the 专职安全员', async () => {
    site = await openSafetySite();
    const a = await preRegister(site, '褚架子');
    const b = await preRegister(site, '卫架子');
    const input = { briefedOn: '2020-02-17', subject: '悬挑式脚手架搭设', content: '悬挑钢梁锚固…', briefer: '蒋技术', team: '架子班', dangerous: true, safetyOfficer: '', attendees: [{ personId: a.id, signed: true }, { personId: b.id, signed: false }] };
    expect((await errorOf(() => site!.t.call('safety.addBriefing', input, site!.token))).message).toBe('危大工程的安全技术交底须有专职安全员签字');
    const saved = await site.t.call('safety.addBriefing', { ...input, safetyOfficer: '陈安全' }, site.token);
    expect(saved.attendees).toEqual([{ personId: a.id, name: '褚架子', signed: true }, { personId: b.id, name: '卫架子', signed: false }]);
    expect((await site.t.call('safety.briefings', { search: '悬挑' }, site.token)).total).toBe(1);
  });
});

describe('监督管理查询 on the central side', () => {
  it('shows each contract its bundles brought: the latest grade, open and overdue 隐患, expired certificates', async () => {
    site = await openSafetySite();
    const central = await openCentral();
    try {
      const view = await scoreExample(site);
      await site.t.call('safety.submit', { id: view.id, signerName: MANAGER.name, opinion: '', signedOn: '2020-02-17' }, site.token);
      const d = view.sheets[0]!.deductions[0]!;
      await site.t.call('safety.openHazard', { deductionId: d.id, category: '安全管理', level: 'general', title: d.lineText, location: '项目部', foundOn: '2020-02-17', foundBy: '王建国', responsible: '项目部', deadline: '2020-02-17', requirement: '补齐' }, site.token);
      const p = await electrician(site);
      await site.t.call('safety.addCertificate', cert(p.id, { expiresOn: '2020-02-01', issuedOn: '2018-02-01' }), site.token);
      trustBoth(site.t, central.t);
      const file = path.join(bundleDir(), 'site.sobundle');
      await exportTo(site.t, file);
      const result = importInto(central.t, file);
      expect(result.conflicts).toBe(0);
      central.t.clock.set('2020-02-18T09:00:00+08:00');
      const supervisor = await central.t.signIn(SUPERVISOR.idNumber, SUPERVISOR.password);
      const { rows } = await central.t.call('supervision.safety', {}, supervisor);
      expect(rows).toEqual([expect.objectContaining({ contractNo: 'W2019010100011', latestPeriod: '2020-02', latestKind: '月度自评', latestTotal: '81.78', latestGrade: '优良', latestState: '已提交', openHazards: 1, overdueHazards: 1, expiredCertificates: 1 })]);
      // The central side can recompute the score from the rows alone.
      const { scoreAssessment } = await import('../../electron/services/safety/assessments');
      const row = central.t.app.services.db.query.safetyAssessments.findFirst().sync()!;
      expect(scoreAssessment(central.t.app.services.db, row).result.totalText).toBe('81.78');
      // A site account cannot ask.
      expect((await errorOf(() => site!.t.call('supervision.safety', {}, site!.token))).code).toBe('FORBIDDEN');
    } finally {
      central.t.close();
    }
  });
});
