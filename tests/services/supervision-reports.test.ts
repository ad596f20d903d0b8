// 监理报告 through the real services: a 监理通知单 in the shared loop (回复 by the 施工单位, 复查 by the
// 监理 only); the escalation the app offers, step by step, from a hazard past its 限期 to a notice,
// a 工程暂停令 reported to the 建设单位, and a drafted 紧急报告 with its chain of evidence and its
// first-contact log; 复工 only once the problem is closed; the 监理月报 drafted from the other
// modules, edited, signed by the 总监 alone, queued, signed for by the 建设单位, its months and gaps;
// and what the central side's 监督管理查询 shows from the bundles.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf, snapshot } from '../support/app';
import { moveClock, openQualitySite, passingItems, rebarBatch, reportOf, sampleOf, type QualitySite } from '../support/quality-helpers';
import { SUPERVISOR, bundleDir, cleanupBundleDirs, exportTo, importInto, openCentral, trustBoth } from './sync-support';

let site: QualitySite | undefined;
afterEach(() => {
  site?.t.close();
  site = undefined;
  cleanupBundleDirs();
});

const notice = (extra: Record<string, unknown> = {}) => ({
  subject: '3层楼梯临边防护缺失', content: '立即设置临边防护栏杆', location: '1号楼3层楼梯', responsible: '上海建工集团股份有限公司', deadline: '2020-02-18', issuedOn: '2020-02-17', ...extra,
});

describe('监理通知单 in the shared loop', () => {
  it('issued by the 专业监理工程师, answered by the 施工单位 (回复单), re-checked by the 监理 only', async () => {
    site = await openQualitySite();
    expect((await errorOf(() => site!.t.call('supervisionReports.issueNotice', notice(), site!.as.witness))).code).toBe('FORBIDDEN');
    const n = await site.t.call('supervisionReports.issueNotice', notice(), site.as.engineer);
    expect(n).toMatchObject({ number: '监通〔2020〕001', issuerName: '刘监理', rectification: expect.objectContaining({ sourceKind: 'supervision_notice', sourceLabel: '监理通知', state: 'notified', deadline: '2020-02-18' }) });
    const id = n.rectification.id;
    expect((await errorOf(() => site!.t.call('rectification.reply', { id, measures: 'x', rectifierName: '刘监理', repliedOn: '2020-02-17', photos: [] }, site!.as.engineer))).message).toBe('专业监理工程师不能回复监理通知整改');
    await site.t.call('rectification.reply', { id, measures: '已设置1.2m防护栏杆及挡脚板', rectifierName: '李工长', repliedOn: '2020-02-17', photos: [] }, site.as.foreman);
    const before = snapshot(site.t.app);
    expect((await errorOf(() => site!.t.call('rectification.review', { id, passed: true, opinion: '合格', reviewerName: '王建国', reviewedOn: '2020-02-17' }, site!.as.manager))).message).toBe('项目负责人不能复查监理通知整改');
    expect(snapshot(site.t.app)).toEqual(before);
    const closed = await site.t.call('rectification.review', { id, passed: true, opinion: '已整改到位', reviewerName: '刘监理', reviewedOn: '2020-02-17' }, site.as.engineer);
    expect(closed.state).toBe('closed');
    const second = await site.t.call('supervisionReports.issueNotice', notice({ subject: '第二份' }), site.as.chief);
    expect(second.number).toBe('监通〔2020〕002');
  });
});

describe('the escalation offered', () => {
  it('hazard past 限期 → 监理通知单 → unanswered → 工程暂停令 → ignored → 紧急报告 with the chain; 复工 once closed', async () => {
    site = await openQualitySite();
    const hazard = await site.t.call('safety.openHazard', { category: '高处作业', level: 'general', title: '5层临边无防护', location: '1号楼5层', foundOn: '2020-02-17', foundBy: '王建国', responsible: '架子班', deadline: '2020-02-18', requirement: '设置防护' }, site.as.manager);
    expect(await site.t.call('supervisionReports.escalations', {}, site.as.engineer)).toEqual([]);
    // Not past its 限期: no notice from it.
    expect((await errorOf(() => site!.t.call('supervisionReports.issueNotice', notice({ sourceRectificationId: hazard.rectificationId }), site!.as.engineer))).message).toBe('“5层临边无防护”未逾期,复查也未出现不合格,无须签发监理通知单');
    await moveClock(site, '2020-02-20T09:00:00+08:00');
    let offers = await site.t.call('supervisionReports.escalations', {}, site.as.engineer);
    expect(offers).toEqual([expect.objectContaining({ kind: 'notice', label: '签发监理通知单', reason: '整改限期 2020-02-18 已过 2 天未回复', title: '安全隐患:5层临边无防护' })]);
    const n = await site.t.call('supervisionReports.issueNotice', notice({ subject: '5层临边无防护,逾期未整改', issuedOn: '2020-02-20', deadline: '2020-02-21', sourceRectificationId: hazard.rectificationId }), site.as.engineer);
    expect(n.sourceLabel).toBe('安全隐患:5层临边无防护');
    expect((await site.t.call('rectification.get', { id: hazard.rectificationId }, site.as.manager)).marks).toContain('已升级 1 次');
    expect(await site.t.call('supervisionReports.escalations', {}, site.as.engineer)).toEqual([]);

    await moveClock(site, '2020-02-23T09:00:00+08:00');
    offers = await site.t.call('supervisionReports.escalations', {}, site.as.chief);
    const stopOffer = offers.find((o) => o.kind === 'stop_order' && o.noticeId === n.id)!;
    expect(stopOffer).toMatchObject({ label: '签发工程暂停令并报告建设单位', reason: '监理通知单 监通〔2020〕001:整改限期 2020-02-21 已过 2 天未回复' });
    const stopInput = { scope: '1号楼5层及以上作业', reason: '临边防护缺失经通知逾期未整改', requirement: '立即停工整改', issuedOn: '2020-02-23', noticeId: n.id, reportToOwner: true };
    expect((await errorOf(() => site!.t.call('supervisionReports.issueStopOrder', stopInput, site!.as.engineer))).code).toBe('FORBIDDEN');
    const stop = await site.t.call('supervisionReports.issueStopOrder', stopInput, site.as.chief);
    expect(stop).toMatchObject({ number: '监停〔2020〕001', state: 'stopped', reportedToOwnerOn: '2020-02-23', noticeNumber: '监通〔2020〕001', signatures: [expect.objectContaining({ positionLabel: '总监理工程师', signerName: '陈总监' })] });

    await moveClock(site, '2020-02-24T09:00:00+08:00');
    offers = await site.t.call('supervisionReports.escalations', {}, site.as.chief);
    const emergencyOffer = offers.find((o) => o.kind === 'emergency')!;
    expect(emergencyOffer).toMatchObject({ stopOrderId: stop.id, emergencyKind: 'refused_rectification', reason: '工程暂停令 监停〔2020〕001 签发后,整改限期 2020-02-21 已过 3 天未回复(施工单位拒不整改)' });
    const e = await site.t.call('supervisionReports.draftEmergency', { kind: 'refused_rectification', subject: '临边防护拒不整改', sourceRectificationId: null, stopOrderId: stop.id }, site.as.chief);
    expect(e.number).toBe('监急〔2020〕001');
    expect(e.evidence.map((x) => x.kind)).toEqual(['rectification', 'rectification', 'notice', 'stop_order']);
    expect(e.evidence[0]!.label).toContain('安全隐患:5层临边无防护');
    expect(e.content).toContain('工程暂停令 监停〔2020〕001');
    // First by phone, then in writing: the written report before any call is refused.
    expect((await errorOf(() => site!.t.call('supervisionReports.signEmergency', { id: e.id, content: e.content, signedOn: '2020-02-24' }, site!.as.chief))).message).toBe('紧急报告须先电话报告,记录首次报告后再书面报告');
    const called = await site.t.call('supervisionReports.logContact', { id: e.id, contactedAt: '2020-02-24 09:30', channel: '电话', party: '黄浦区建设工程安全质量监督站', person: '值班员', phone: '021-63000000', summary: '报告临边防护拒不整改' }, site.as.engineer);
    expect(called).toMatchObject({ state: 'contacted', contacts: [expect.objectContaining({ person: '值班员' })], marks: [] });
    expect((await errorOf(() => site!.t.call('supervisionReports.signEmergency', { id: e.id, content: e.content, signedOn: '2020-02-24' }, site!.as.engineer))).code).toBe('FORBIDDEN');
    await site.t.call('supervisionReports.signEmergency', { id: e.id, content: e.content, signedOn: '2020-02-24' }, site.as.chief);
    expect((await site.t.call('supervisionReports.queueEmergency', { id: e.id }, site.as.chief)).state).toBe('queued');

    // 复工: the 施工单位 applies; the 总监 refuses while the notice's problem is open.
    await site.t.call('supervisionReports.applyResume', { id: stop.id, application: '已整改', appliedOn: '2020-02-24' }, site.as.manager);
    expect((await errorOf(() => site!.t.call('supervisionReports.resume', { id: stop.id, signedOn: '2020-02-24', opinion: '同意' }, site!.as.chief))).message).toBe('“5层临边无防护,逾期未整改”尚未复查合格销项,不能复工');
    await site.t.call('rectification.reply', { id: n.rectification.id, measures: '已设置防护', rectifierName: '李工长', repliedOn: '2020-02-24', photos: [] }, site.as.foreman);
    await site.t.call('rectification.review', { id: n.rectification.id, passed: true, opinion: '合格', reviewerName: '刘监理', reviewedOn: '2020-02-24' }, site.as.engineer);
    const resumed = await site.t.call('supervisionReports.resume', { id: stop.id, signedOn: '2020-02-24', opinion: '整改到位,同意复工' }, site.as.chief);
    expect(resumed).toMatchObject({ state: 'resumed', resumedOn: '2020-02-24' });
  });

  it('a 重大 hazard is offered the stop order at once', async () => {
    site = await openQualitySite();
    const hazard = await site.t.call('safety.openHazard', { category: '基坑工程', level: 'major', title: '基坑支护变形超限', location: '基坑北侧', foundOn: '2020-02-17', foundBy: '王建国', responsible: '土方单位', deadline: '2020-02-20', requirement: '停止开挖,加固' }, site.as.manager);
    const offers = await site.t.call('supervisionReports.escalations', {}, site.as.chief);
    expect(offers).toEqual([expect.objectContaining({ kind: 'stop_order', rectificationId: hazard.rectificationId, reason: '重大安全隐患未销项' })]);
  });
});

describe('监理月报', () => {
  /** February on the site: a lot accepted, a batch whose report failed, a hazard. */
  async function february(s: QualitySite) {
    const unit = await s.t.call('quality.addUnit', { name: '1号楼' }, s.as.inspector);
    const lot = await s.t.call('quality.addLot', { unitId: unit.id, subitemCode: '020101', name: '3层柱模板', part: '3层', capacity: 20, capacityUnit: '件' }, s.as.inspector);
    await s.t.call('quality.approvePlan', { unitId: unit.id, signedOn: '2020-02-17', opinion: '同意' }, s.as.engineer);
    const view = await s.t.call('quality.saveRecord', { lotId: lot.id, inspectedOn: '2020-02-17', items: passingItems() }, s.as.inspector);
    for (const token of [s.as.inspector, s.as.foreman]) await s.t.call('quality.signRecord', { recordId: view.records[0]!.id, signedOn: '2020-02-17', opinion: '' }, token);
    await s.t.call('quality.signRecord', { recordId: view.records[0]!.id, signedOn: '2020-02-17', opinion: '', verdict: 'pass' }, s.as.engineer);
    const b = await s.t.call('materials.receive', rebarBatch(), s.as.sampler);
    await s.t.call('materials.approve', { id: b.id, verdict: 'agree', opinion: '同意', signedOn: '2020-02-17' }, s.as.engineer);
    const x = await s.t.call('materials.sample', sampleOf(s, b.id, 1), s.as.sampler);
    await s.t.call('materials.witness', { sampleId: x.id, signedOn: '2020-02-17', opinion: '' }, s.as.witness);
    await s.t.call('materials.addReport', reportOf(x.id, 1, false), s.as.sampler);
    const lot2 = await s.t.call('quality.addLot', { unitId: unit.id, subitemCode: '020102', name: '3层柱钢筋', part: '3层', capacity: 20, capacityUnit: '件' }, s.as.inspector);
    await s.t.call('quality.setMaterials', { lotId: lot2.id, batchIds: [b.id] }, s.as.inspector);
    await s.t.call('safety.openHazard', { category: '施工用电', level: 'general', title: '开关箱无门', location: '2层', foundOn: '2020-02-17', foundBy: '王建国', responsible: '电工班', deadline: '2020-02-17', requirement: '加门' }, s.as.manager);
  }

  it('drafted from the modules\' figures, edited, signed by the 总监 only, queued; the 建设单位 signs for it; a correction is a revision', async () => {
    site = await openQualitySite();
    await february(site);
    expect((await errorOf(() => site!.t.call('supervisionReports.draftMonthly', { period: '2020-02' }, site!.as.manager))).code).toBe('FORBIDDEN');
    const draft = await site.t.call('supervisionReports.draftMonthly', { period: '2020-02' }, site.as.engineer);
    expect(draft.figures.lots).toMatchObject({ accepted: 1, failed: 0, awaiting: 0 });
    expect(draft.figures.materials).toMatchObject({ received: 1, approved: 1, samples: 1, groups: 1, witnessedGroups: 1, reportsFailed: 1, nonconforming: [{ label: '热轧带肋钢筋 HRB400E Φ25 批号20A1234', reportNo: 'BG-2020-0001', state: '处置中' }] });
    expect(draft.figures.safety).toMatchObject({ hazardsFound: 1, hazardsOpen: 1 });
    expect(draft.sections.find((x) => x.key === 'quality')!.text).toContain('不合格材料:热轧带肋钢筋 HRB400E Φ25 批号20A1234(报告 BG-2020-0001,处置中)');
    expect(draft).toMatchObject({ state: 'draft', dueOn: '2020-03-05', pending: [{ position: 'chief_supervisor', positionLabel: '总监理工程师', mine: false, external: false }] });
    const edited = await site.t.call('supervisionReports.saveMonthly', { id: draft.id, sections: [{ key: 'overview', text: '主体结构施工至5层' }] }, site.as.engineer);
    expect(edited.sections.find((x) => x.key === 'overview')!.text).toBe('主体结构施工至5层');
    // Only the 总监 signs: a 施工 account, the 专业监理工程师 and the 建设单位 are refused, nothing changes.
    const before = snapshot(site.t.app);
    for (const token of [site.as.manager, site.as.inspector, site.as.engineer, site.as.owner]) {
      expect((await errorOf(() => site!.t.call('supervisionReports.signMonthly', { id: draft.id, signedOn: '2020-02-28' }, token))).code).toBe('FORBIDDEN');
    }
    expect(snapshot(site.t.app)).toEqual(before);
    const signed = await site.t.call('supervisionReports.signMonthly', { id: draft.id, signedOn: '2020-02-17' }, site.as.chief);
    expect(signed).toMatchObject({ state: 'signed', signatures: [expect.objectContaining({ position: 'chief_supervisor', positionLabel: '总监理工程师', signerName: '陈总监' })] });
    expect((await errorOf(() => site!.t.call('supervisionReports.saveMonthly', { id: draft.id, sections: [{ key: 'overview', text: '改' }] }, site!.as.chief))).message).toBe('已签字的月报不能修改;如需更正请修订');
    expect((await errorOf(() => site!.t.call('supervisionReports.receiveMonthly', { id: draft.id, signedOn: '2020-02-17' }, site!.as.owner))).message).toBe('该月报尚未提交报送');
    const queued = await site.t.call('supervisionReports.queueMonthly', { id: draft.id }, site.as.chief);
    expect(queued.delivery).toEqual([
      { recipient: '建设单位', done: false, note: '待建设单位签收' },
      { recipient: '监理单位', done: true, note: '随月报存档,导出PDF报送' },
      { recipient: '监督机构', done: false, note: '随下一个同步包报送' },
    ]);
    const received = await site.t.call('supervisionReports.receiveMonthly', { id: draft.id, signedOn: '2020-02-17' }, site.as.owner);
    expect(received.delivery[0]).toEqual({ recipient: '建设单位', done: true, note: '周建设 2020-02-17 签收' });
    const revised = await site.t.call('supervisionReports.reviseMonthly', { id: draft.id, reason: '补充危大工程' }, site.as.engineer);
    expect(revised).toMatchObject({ revision: 2, state: 'draft', revisionReason: '补充危大工程' });
    expect((await site.t.call('supervisionReports.monthly', { period: '2020-02' }, site.as.owner))!.id).toBe(revised.id);
  });

  it('every month from the 报监 on is due by the 5th of the next: a past month without a signed report is a gap', async () => {
    site = await openQualitySite();
    // 报监 on 2020-01-06: January was due on 2020-02-05 and is missing; February is the month in progress.
    let months = await site.t.call('supervisionReports.months', {}, site.as.owner);
    expect(months.rows.map((m) => [m.period, m.status, m.statusLabel])).toEqual([['2020-02', 'open', '本月(月末后编制)'], ['2020-01', 'gap', '缺报']]);
    const jan = await site.t.call('supervisionReports.draftMonthly', { period: '2020-01' }, site.as.engineer);
    months = await site.t.call('supervisionReports.months', {}, site.as.owner);
    expect(months.rows[1]).toMatchObject({ status: 'gap', statusLabel: '缺报(草稿未签字)' });
    await site.t.call('supervisionReports.signMonthly', { id: jan.id, signedOn: '2020-02-17' }, site.as.chief);
    await moveClock(site, '2020-03-03T09:00:00+08:00');
    months = await site.t.call('supervisionReports.months', {}, site.as.owner);
    expect(months.rows.map((m) => [m.period, m.status])).toEqual([['2020-03', 'open'], ['2020-02', 'due'], ['2020-01', 'signed']]);
    await moveClock(site, '2020-03-06T09:00:00+08:00');
    expect((await site.t.call('supervisionReports.months', {}, site.as.owner)).rows[1]).toMatchObject({ period: '2020-02', status: 'gap' });
  });
});

describe('监督管理查询 › 质量与监理报告', () => {
  it('the central side shows, from the bundles, the 不合格 materials, the lots awaiting acceptance and the months without a 月报', async () => {
    site = await openQualitySite();
    const central = await openCentral();
    try {
      const unit = await site.t.call('quality.addUnit', { name: '1号楼' }, site.as.inspector);
      const lot = await site.t.call('quality.addLot', { unitId: unit.id, subitemCode: '020102', name: '3层柱钢筋', part: '3层', capacity: 20, capacityUnit: '件' }, site.as.inspector);
      await site.t.call('quality.approvePlan', { unitId: unit.id, signedOn: '2020-02-17', opinion: '同意' }, site.as.engineer);
      const b = await site.t.call('materials.receive', rebarBatch(), site.as.sampler);
      await site.t.call('materials.approve', { id: b.id, verdict: 'agree', opinion: '同意', signedOn: '2020-02-17' }, site.as.engineer);
      const x = await site.t.call('materials.sample', sampleOf(site, b.id, 1), site.as.sampler);
      await site.t.call('materials.addReport', reportOf(x.id, 1, false), site.as.sampler);
      await site.t.call('quality.setMaterials', { lotId: lot.id, batchIds: [b.id] }, site.as.inspector);
      trustBoth(site.t, central.t);
      const file = path.join(bundleDir(), 'site.sobundle');
      await exportTo(site.t, file);
      expect(importInto(central.t, file).conflicts).toBe(0);
      central.t.clock.set('2020-02-18T09:00:00+08:00');
      const supervisor = await central.t.signIn(SUPERVISOR.idNumber, SUPERVISOR.password);
      const { rows } = await central.t.call('supervision.quality', {}, supervisor);
      expect(rows).toEqual([expect.objectContaining({
        contractNo: 'W2019010100011', awaitingLots: 1, blockedLots: 1, missingMonths: ['2020-01'], lastReport: null,
        nonconforming: [{ label: '热轧带肋钢筋 HRB400E Φ25 批号20A1234', reportNo: 'BG-2020-0001', state: '处置中' }],
      })]);
      expect((await errorOf(() => site!.t.call('supervision.quality', {}, site!.as.chief))).code).toBe('FORBIDDEN');
    } finally {
      central.t.close();
    }
  });
});
