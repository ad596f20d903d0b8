// The printed forms of 建材管理, 质量标准化 and 监理报告, made from one February on a site and read
// back with poppler: 材料进场验收记录, 见证取样送检委托单, 见证取样和送检台账, 不合格材料处置记录;
// 施工现场质量管理检查记录, 检验批 / 分项 / 分部 验收记录, 隐蔽工程验收记录; 监理通知单 and its 回复单,
// 工程暂停令, 复工令, 旁站记录, 监理月报, 监理紧急报告. SITE_PDF_DIR=<dir> keeps each PDF and a PNG
// of each page, to look at.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedFile } from '../../electron/common/contract-reports';
import { openQualitySite, passingItems, rebarBatch, reportOf, sampleOf, type QualitySite } from '../support/quality-helpers';
import { pdfBytes, pdfText } from './reports-support';
import { tool } from '../support/tools';

let site: QualitySite;
const ids: Record<string, string> = {};

beforeAll(async () => {
  site = await openQualitySite();
  const { t, as } = site;
  // 施工现场质量管理检查记录
  const check = await t.call('quality.siteCheck', {}, as.manager);
  await t.call('quality.saveSiteCheck', { items: check.items.map((i) => ({ no: i.no, content: `${i.name}已建立并经审批` })), conclusion: '' }, as.manager);
  await t.call('quality.signSiteCheck', { signedOn: '2020-02-17', opinion: '' }, as.manager);
  await t.call('quality.signSiteCheck', { signedOn: '2020-02-17', opinion: '现场质量管理制度完整,符合要求' }, as.chief);
  // Two lots of 主体结构: 钢筋 (covered, using a batch that passed) and 模板.
  const unit = await t.call('quality.addUnit', { name: '1号楼' }, as.inspector);
  const rebarLot = await t.call('quality.addLot', { unitId: unit.id, subitemCode: '020102', name: '3层柱钢筋安装', part: '3层 1~8/A~D轴', capacity: 20, capacityUnit: '件' }, as.inspector);
  const formLot = await t.call('quality.addLot', { unitId: unit.id, subitemCode: '020101', name: '3层柱模板安装', part: '3层 1~8/A~D轴', capacity: 20, capacityUnit: '件' }, as.inspector);
  await t.call('quality.approvePlan', { unitId: unit.id, signedOn: '2020-02-17', opinion: '划分合理' }, as.engineer);
  const good = await t.call('materials.receive', rebarBatch({ batchNo: '20A0001' }), as.sampler);
  await t.call('materials.approve', { id: good.id, verdict: 'agree', opinion: '资料齐全,同意使用', signedOn: '2020-02-17' }, as.engineer);
  const x1 = await t.call('materials.sample', sampleOf(site, good.id, 1), as.sampler);
  await t.call('materials.witness', { sampleId: x1.id, signedOn: '2020-02-17', opinion: '' }, as.witness);
  await t.call('materials.addReport', reportOf(x1.id, 1, true), as.sampler);
  await t.call('quality.setMaterials', { lotId: rebarLot.id, batchIds: [good.id] }, as.inspector);
  const concealed = await t.call('quality.addConcealed', { unitId: unit.id, lotIds: [rebarLot.id], part: '3层柱', content: '钢筋牌号、规格、数量、间距、保护层厚度,箍筋加密区', checkedOn: '2020-02-17' }, as.inspector);
  await t.call('quality.signConcealed', { id: concealed.id, signedOn: '2020-02-17', opinion: '' }, as.inspector);
  await t.call('quality.signConcealed', { id: concealed.id, signedOn: '2020-02-17', opinion: '', verdict: 'pass' }, as.engineer);
  ids.concealed = concealed.id;
  for (const lotId of [rebarLot.id, formLot.id]) {
    const lot = await t.call('quality.saveRecord', { lotId, inspectedOn: '2020-02-17', items: passingItems() }, as.inspector);
    for (const token of [as.inspector, as.foreman]) await t.call('quality.signRecord', { recordId: lot.records[0]!.id, signedOn: '2020-02-17', opinion: '' }, token);
    await t.call('quality.signRecord', { recordId: lot.records[0]!.id, signedOn: '2020-02-17', opinion: '同意验收', verdict: 'pass' }, as.engineer);
    ids[lotId === rebarLot.id ? 'rebarRecord' : 'formRecord'] = lot.records[0]!.id;
  }
  for (const code of ['020101', '020102']) for (const token of [as.inspector, as.engineer]) await t.call('quality.signAcceptance', { unitId: unit.id, level: 'subitem', code, signedOn: '2020-02-17', opinion: '' }, token);
  const division = { unitId: unit.id, level: 'division' as const, code: '02', signedOn: '2020-02-17', opinion: '' };
  await t.call('quality.signAcceptance', division, as.manager);
  await t.call('quality.signAcceptance', division, as.foreman);
  await t.call('quality.signAcceptance', { ...division, external: { position: 'design_lead', appointmentId: site.appointments.design } }, as.chief);
  await t.call('quality.signAcceptance', { ...division, opinion: '主体结构分部验收合格' }, as.chief);
  ids.unit = unit.id;
  // A batch that failed, 退场.
  const bad = await t.call('materials.receive', rebarBatch({ batchNo: '20B0002', spec: 'HRB400E Φ20' }), as.sampler);
  await t.call('materials.approve', { id: bad.id, verdict: 'agree', opinion: '同意', signedOn: '2020-02-17' }, as.engineer);
  const x2 = await t.call('materials.sample', sampleOf(site, bad.id, 2), as.sampler);
  await t.call('materials.witness', { sampleId: x2.id, signedOn: '2020-02-17', opinion: '' }, as.witness);
  await t.call('materials.addReport', reportOf(x2.id, 2, false), as.sampler);
  const [d] = (await t.call('materials.dispositions', {}, as.sampler)).rows;
  await t.call('materials.decide', { id: d!.id, method: 'return', description: '整批退场', returnNote: 'TH-20200217', returnedOn: '2020-02-17', decidedOn: '2020-02-17' }, as.sampler);
  await t.call('materials.closeDisposition', { id: d!.id, opinion: '同意退场', signedOn: '2020-02-17' }, as.engineer);
  Object.assign(ids, { good: good.id, sample: x1.id, disposition: d!.id });
  // 监理通知单 with its 回复单, a stop order and its resumption, a 旁站 and a 实测实量.
  const n = await t.call('supervisionReports.issueNotice', { subject: '3层楼梯临边防护缺失', content: '立即设置1.2m防护栏杆及挡脚板', location: '1号楼3层楼梯', responsible: '上海建工集团股份有限公司', deadline: '2020-02-18', issuedOn: '2020-02-17' }, as.engineer);
  await t.call('rectification.reply', { id: n.rectification.id, measures: '已设置防护栏杆及挡脚板', rectifierName: '李工长', repliedOn: '2020-02-17', photos: [] }, as.foreman);
  ids.notice = n.rectification.id;
  const stop = await t.call('supervisionReports.issueStopOrder', { scope: '1号楼3层楼梯间', reason: '临边防护缺失,存在坠落危险', requirement: '设置防护后申请复工', issuedOn: '2020-02-17', noticeId: null, sourceRectificationId: null, reportToOwner: true }, as.chief);
  await t.call('supervisionReports.applyResume', { id: stop.id, application: '防护栏杆已设置并验收', appliedOn: '2020-02-17' }, as.manager);
  await t.call('supervisionReports.resume', { id: stop.id, signedOn: '2020-02-17', opinion: '同意复工' }, as.chief);
  ids.stop = stop.id;
  ids.side = (await t.call('supervisionReports.addSideRecord', { recordedOn: '2020-02-17', startTime: '08:30', endTime: '15:40', part: '3层柱梁板混凝土浇筑', construction: '泵送C30混凝土80m³,振捣密实', supervision: '检查坍落度4次,留置试块3组', problems: '', pourId: null }, as.witness)).id;
  await t.call('quality.addMeasurement', { unitId: unit.id, location: '3层 301', itemKey: 'concrete.flatness', measuredOn: '2020-02-17', measuredBy: '刘监理', points: [2, 9, 4, 5, 3] }, as.engineer);
  // The 月报, signed and queued; a 紧急报告 called in and signed.
  const m = await t.call('supervisionReports.draftMonthly', { period: '2020-02' }, as.engineer);
  await t.call('supervisionReports.saveMonthly', { id: m.id, sections: [{ key: 'overview', text: '1号楼主体结构施工至5层,完成3层柱梁板混凝土浇筑。' }, { key: 'next', text: '4层钢筋隐蔽验收,混凝土试块28天强度跟踪。' }] }, as.engineer);
  await t.call('supervisionReports.signMonthly', { id: m.id, signedOn: '2020-02-17' }, as.chief);
  await t.call('supervisionReports.queueMonthly', { id: m.id }, as.chief);
  ids.monthly = m.id;
  const e = await t.call('supervisionReports.draftEmergency', { kind: 'refused_stop', subject: '3层楼梯间拒不停止施工', sourceRectificationId: null, stopOrderId: stop.id }, as.chief);
  await t.call('supervisionReports.logContact', { id: e.id, contactedAt: '2020-02-17 10:05', channel: '电话', party: '黄浦区建设工程安全质量监督站', person: '值班员', phone: '021-63000000', summary: '报告拒不停止施工' }, as.chief);
  await t.call('supervisionReports.signEmergency', { id: e.id, content: e.content, signedOn: '2020-02-17' }, as.chief);
  ids.emergency = e.id;
}, 120000);
afterAll(() => site?.t.close());

function keep(name: string, file: GeneratedFile): Buffer {
  const bytes = pdfBytes(file);
  const dir = process.env.SITE_PDF_DIR;
  if (dir) {
    fs.mkdirSync(dir, { recursive: true });
    const target = path.join(dir, `${name}.pdf`);
    fs.writeFileSync(target, bytes);
    execFileSync(tool('pdftoppm'), ['-png', '-r', '60', target, path.join(dir, name)]);
  }
  return bytes;
}

const squeezed = (bytes: Buffer) => pdfText(bytes).replace(/\s+/g, '');

describe('建材管理 forms', () => {
  it('材料进场验收记录: the batch, its documents, the 监理 审查意见 signed, the samples', async () => {
    const text = squeezed(keep('material-acceptance', await site.t.call('materials.acceptancePdf', { id: ids.good! }, site.as.engineer)));
    for (const s of ['材料进场验收记录', '热轧带肋钢筋', 'HRB400EΦ25', '20A0001', '沪建材备2019-0001', '产品合格证、质量证明书(质保书)', '同意使用。资料齐全,同意使用', '刘监理2020-02-17同意', 'GJ-2020-001', 'BG-2020-0001', '可以使用']) expect(text).toContain(s);
  });

  it('见证取样送检委托单 and 见证记录: sampler, witness signed, seal, lab, commission', async () => {
    const text = squeezed(keep('sample-commission', await site.t.call('materials.samplePdf', { id: ids.sample! }, site.as.witness)));
    for (const s of ['见证取样送检委托单', 'WT-1', '上海市建设工程检测中心', '赵取样', '孙见证', '已签字(2020-02-17)', 'FY-1', '上海建科工程咨询有限公司']) expect(text).toContain(s);
  });

  it('见证取样和送检台账: every sample with its witness and result; 不合格 marked', async () => {
    const text = squeezed(keep('sample-ledger', await site.t.call('materials.ledgerPdf', { month: '2020-02' }, site.as.owner)));
    expect(text).toContain('见证取样和送检台账');
    expect(text).toContain('共2份试样2组,其中见证2组;不合格1份');
    for (const s of ['GJ-2020-001', 'GJ-2020-002', 'BG-2020-0002', '不合格']) expect(text).toContain(s);
  });

  it('不合格材料处置记录: the failed parameters, the lots that used it (none), the 退场 and the 监理 opinion', async () => {
    const text = squeezed(keep('disposition', await site.t.call('materials.dispositionPdf', { id: ids.disposition! }, site.as.engineer)));
    for (const s of ['不合格材料处置记录', '屈服强度', '385MPa', '退场', 'TH-20200217(2020-02-17)', '同意退场', '已处置·已退场']) expect(text).toContain(s);
  });
});

describe('质量标准化 forms (GB 50300 appendices)', () => {
  it('施工现场质量管理检查记录 (附录A): the thirteen items, the 项目负责人 and the 总监\'s 检查结论', async () => {
    const text = squeezed(keep('site-check', await site.t.call('quality.siteCheckPdf', {}, site.as.chief)));
    for (const s of ['施工现场质量管理检查记录', '项目部质量管理体系', '工程质量检查验收制度', '现场质量管理制度完整,符合要求', '陈总监', '王建国']) expect(text).toContain(s);
  });

  it('检验批质量验收记录 (附录E): header, 主控 / 一般 with minimum and actual samples, the three signatures', async () => {
    const text = squeezed(keep('lot', await site.t.call('quality.lotPdf', { recordId: ids.rebarRecord! }, site.as.inspector)));
    for (const s of ['钢筋检验批质量验收记录', '1号楼', '主体结构/混凝土结构', '20件', '主控项目', '一般项目', '全数/20', '3/10', '90%', '专业工长:李工长2020-02-17符合要求', '项目专业质量检查员:张质检2020-02-17符合要求', '专业监理工程师:刘监理2020-02-17合格']) expect(text).toContain(s);
  });

  it('分项 (附录F) and 分部 (附录G) 工程质量验收记录: their lots and 分项, the signatures, 设计 recorded from paper', async () => {
    const subitem = squeezed(keep('subitem', await site.t.call('quality.acceptancePdf', { unitId: ids.unit!, level: 'subitem', code: '020102' }, site.as.engineer)));
    for (const s of ['钢筋分项工程质量验收记录', '3层柱钢筋安装', '项目专业技术负责人:张质检', '专业监理工程师:刘监理']) expect(subitem).toContain(s);
    const division = squeezed(keep('division', await site.t.call('quality.acceptancePdf', { unitId: ids.unit!, level: 'division', code: '02' }, site.as.chief)));
    for (const s of ['主体结构分部工程质量验收记录', '模板', '钢筋', '综合验收结论', '主体结构分部验收合格', '设计单位项目负责人(华东建筑设计研究院):吴设计2020-02-17同意验收(陈总监录入)', '监理单位总监理工程师(上海建科工程咨询有限公司):陈总监2020-02-17合格']) expect(division).toContain(s);
  });

  it('隐蔽工程验收记录: the part, the content, the lots, both signatures', async () => {
    const text = squeezed(keep('concealed', await site.t.call('quality.concealedPdf', { id: ids.concealed! }, site.as.engineer)));
    for (const s of ['隐蔽工程验收记录', '3层柱', '箍筋加密区', '3层柱钢筋安装', '项目专业质量检查员:张质检', '同意隐蔽']) expect(text).toContain(s);
  });
});

describe('监理报告 forms', () => {
  it('监理通知单 and 监理通知回复单 from the shared loop, titled as the 监理\'s', async () => {
    const noticeText = squeezed(keep('notice', await site.t.call('rectification.formPdf', { id: ids.notice!, form: 'notice' }, site.as.engineer)));
    for (const s of ['监理通知单', '事由', '3层楼梯临边防护缺失', '立即设置1.2m防护栏杆及挡脚板']) expect(noticeText).toContain(s);
    const reply = squeezed(keep('notice-reply', await site.t.call('rectification.formPdf', { id: ids.notice!, form: 'reply' }, site.as.foreman)));
    for (const s of ['监理通知回复单', '已设置防护栏杆及挡脚板', '项目经理']) expect(reply).toContain(s);
  });

  it('工程暂停令 and 复工令, signed by the 总监', async () => {
    const stop = squeezed(keep('stop-order', await site.t.call('supervisionReports.stopOrderPdf', { id: ids.stop!, form: 'stop' }, site.as.chief)));
    for (const s of ['工程暂停令', '监停〔2020〕001', '临边防护缺失,存在坠落危险', '2020-02-17已报告(上海城投置业有限公司)', '陈总监']) expect(stop).toContain(s);
    const resume = squeezed(keep('resume-order', await site.t.call('supervisionReports.stopOrderPdf', { id: ids.stop!, form: 'resume' }, site.as.chief)));
    for (const s of ['工程复工令', '防护栏杆已设置并验收', '同意复工']) expect(resume).toContain(s);
  });

  it('旁站记录, 监理月报 with its figures, 监理紧急报告 with its first contact', async () => {
    const side = squeezed(keep('side-record', await site.t.call('supervisionReports.sideRecordPdf', { id: ids.side! }, site.as.witness)));
    for (const s of ['旁站记录', '3层柱梁板混凝土浇筑', '2020-02-1708:30', '留置试块3组', '孙见证']) expect(side).toContain(s);
    const monthly = squeezed(keep('monthly', await site.t.call('supervisionReports.monthlyPdf', { id: ids.monthly! }, site.as.owner)));
    for (const s of ['监理月报(2020年02月)', '已提交报送', '合格2个,不合格0个', '分项2个,分部1个', '热轧带肋钢筋HRB400EΦ20批号20B0002(BG-2020-0002,已处置(退场))', '1号楼主体结构施工至5层', '实测实量合格率80%', '陈总监2020-02-17签发']) expect(monthly).toContain(s);
    const emergency = squeezed(keep('emergency', await site.t.call('supervisionReports.emergencyPdf', { id: ids.emergency! }, site.as.chief)));
    for (const s of ['监理紧急报告', '监急〔2020〕001', '施工单位拒不停止施工', '工程暂停令监停〔2020〕001', '2020-02-1710:05', '值班员', '陈总监']) expect(emergency).toContain(s);
  });
});
