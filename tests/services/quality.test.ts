// 质量标准化 through the real services: the 划分 approved by the 监理; a lot's record judged by its
// edition and signed in order by the positions of §6.0.1 (a person without the position cannot
// sign, nor one person twice); every order rule (a lot waits for its 隐蔽工程验收 and for the passed
// reports of the batches it used; a 分项 for its lots; a 分部 for its 分项, with 设计 recorded from
// paper for 主体结构); a failed lot's quality problem in the shared loop and its §5.0.6 paths;
// 实测实量 against its tolerances; the 施工现场质量管理检查记录.
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf, snapshot } from '../support/app';
import { openQualitySite, passingItems, pdfFile, rebarBatch, reportOf, sampleOf, type QualitySite } from '../support/quality-helpers';

let site: QualitySite | undefined;
afterEach(() => {
  site?.t.close();
  site = undefined;
});

/** A unit with one approved 钢筋 lot (020102, concealed) of capacity 20, and a 模板 lot (020101). */
async function plannedUnit(s: QualitySite) {
  const unit = await s.t.call('quality.addUnit', { name: '1号楼' }, s.as.inspector);
  const rebar = await s.t.call('quality.addLot', { unitId: unit.id, subitemCode: '020102', name: '3层柱钢筋安装', part: '3层 1~8/A~D轴', capacity: 20, capacityUnit: '件' }, s.as.inspector);
  const formwork = await s.t.call('quality.addLot', { unitId: unit.id, subitemCode: '020101', name: '3层柱模板安装', part: '3层 1~8/A~D轴', capacity: 20, capacityUnit: '件' }, s.as.inspector);
  return { unit, rebar, formwork };
}

/** A batch approved and tested as passed (or not), linked to the lot. */
async function testedBatch(s: QualitySite, lotId: string, n: number, passed: boolean) {
  const b = await s.t.call('materials.receive', rebarBatch({ batchNo: `20A${n}` }), s.as.sampler);
  await s.t.call('materials.approve', { id: b.id, verdict: 'agree', opinion: '同意', signedOn: '2020-02-17' }, s.as.engineer);
  const x = await s.t.call('materials.sample', sampleOf(s, b.id, n), s.as.sampler);
  await s.t.call('materials.witness', { sampleId: x.id, signedOn: '2020-02-17', opinion: '' }, s.as.witness);
  await s.t.call('materials.addReport', reportOf(x.id, n, passed), s.as.sampler);
  await s.t.call('quality.setMaterials', { lotId, batchIds: [b.id] }, s.as.inspector);
  return b;
}

async function acceptConcealed(s: QualitySite, unitId: string, lotIds: string[]) {
  const c = await s.t.call('quality.addConcealed', { unitId, lotIds, part: '3层柱', content: '钢筋规格、数量、间距、保护层', checkedOn: '2020-02-17' }, s.as.inspector);
  await s.t.call('quality.signConcealed', { id: c.id, signedOn: '2020-02-17', opinion: '' }, s.as.inspector);
  return s.t.call('quality.signConcealed', { id: c.id, signedOn: '2020-02-17', opinion: '同意隐蔽', verdict: 'pass' }, s.as.engineer);
}

const sign = (s: QualitySite, recordId: string, token: string, extra: { verdict?: 'pass' | 'fail'; deadline?: string; opinion?: string } = {}) =>
  s.t.call('quality.signRecord', { recordId, signedOn: '2020-02-17', opinion: extra.opinion ?? '', verdict: extra.verdict ?? null, deadline: extra.deadline ?? null }, token);

describe('检验批 划分', () => {
  it('a proposed lot waits for the 监理: no record before, and the 监理员 may not approve', async () => {
    site = await openQualitySite();
    const { unit, rebar } = await plannedUnit(site);
    expect(rebar).toMatchObject({ status: 'proposed', statusLabel: '划分待监理批准', subitemName: '钢筋', blockers: ['检验批划分尚未经监理批准', '隐蔽工程验收未完成'] });
    expect((await errorOf(() => site!.t.call('quality.saveRecord', { lotId: rebar.id, inspectedOn: '2020-02-17', items: passingItems() }, site!.as.inspector))).message).toBe('检验批划分尚未经监理批准,不能填写检查记录');
    expect((await errorOf(() => site!.t.call('quality.approvePlan', { unitId: unit.id, signedOn: '2020-02-17', opinion: '同意' }, site!.as.witness))).code).toBe('FORBIDDEN');
    const tree = await site.t.call('quality.approvePlan', { unitId: unit.id, signedOn: '2020-02-17', opinion: '划分合理,同意' }, site.as.engineer);
    expect(tree.proposedLots).toBe(0);
    expect(tree.divisions.map((d) => [d.acceptance.name, d.subitems.map((x) => [x.acceptance.name, x.lots.map((l) => l.statusLabel)])])).toEqual([['主体结构', [['模板', ['待检查']], ['钢筋', ['待检查']]]]]);
    const lot = await site.t.call('quality.lot', { id: rebar.id }, site.as.inspector);
    expect(lot.planSignatures).toEqual([expect.objectContaining({ position: 'supervision_engineer', signerName: '刘监理', verdict: '同意' })]);
    expect(lot.templates.map((t) => t.title)).toEqual(expect.arrayContaining(['钢筋安装检验批', '钢筋原材料检验批']));
  });
});

describe('a lot record signed by position', () => {
  it('施工单位检查结果 by the 质量检查员 and the 专业工长, then the 专业监理工程师 with the verdict; nobody else, nobody twice', async () => {
    site = await openQualitySite();
    const { unit, rebar } = await plannedUnit(site);
    await site.t.call('quality.approvePlan', { unitId: unit.id, signedOn: '2020-02-17', opinion: '同意' }, site.as.engineer);
    await testedBatch(site, rebar.id, 1, true);
    await acceptConcealed(site, unit.id, [rebar.id]);
    let lot = await site.t.call('quality.saveRecord', { lotId: rebar.id, inspectedOn: '2020-02-17', items: passingItems() }, site.as.inspector);
    const record = lot.records[0]!;
    expect(record.judgement).toMatchObject({ passed: true, generalRate: 86.7, generalRequired: 80 });
    expect(record.items.map((i) => [i.group, i.no, i.minimum, i.passed])).toEqual([['main', 1, 20, true], ['main', 2, 20, true], ['general', 1, 3, true], ['general', 2, 3, true]]);
    expect(lot.blockers).toEqual([]);
    const before = snapshot(site.t.app);
    // The 取样人 holds none of the positions; the 监理 cannot sign before the 施工单位; the 总监 is not the 专业监理工程师.
    expect(await errorOf(() => sign(site!, record.id, site!.as.sampler))).toMatchObject({ code: 'FORBIDDEN', message: '赵取样不具有项目专业质量检查员、专业工长、专业监理工程师岗位,不能签署本记录' });
    expect((await errorOf(() => sign(site!, record.id, site!.as.engineer, { verdict: 'pass' }))).message).toBe('须先由项目专业质量检查员、专业工长签认施工单位检查结果');
    expect((await errorOf(() => sign(site!, record.id, site!.as.chief, { verdict: 'pass' }))).code).toBe('FORBIDDEN');
    expect(snapshot(site.t.app)).toEqual(before);
    lot = await sign(site, record.id, site.as.inspector);
    // One person never signs two positions of a record (张质检 is also 项目专业技术负责人, not on this record).
    expect((await errorOf(() => sign(site!, record.id, site!.as.inspector))).message).toBe('张质检不具有专业工长、专业监理工程师岗位,不能签署本记录');
    lot = await sign(site, record.id, site.as.foreman);
    expect(lot.records[0]!.state).toBe('self_checked');
    // A signed record is not edited.
    expect((await errorOf(() => site!.t.call('quality.saveRecord', { lotId: rebar.id, inspectedOn: '2020-02-17', items: passingItems() }, site!.as.inspector))).message).toBe('检验批记录已有签字,不能修改');
    lot = await sign(site, record.id, site.as.engineer, { verdict: 'pass', opinion: '同意验收' });
    expect(lot).toMatchObject({ status: 'accepted', statusLabel: '验收合格' });
    expect(lot.records[0]!.signatures.map((g) => [g.positionLabel, g.signerName, g.verdict])).toEqual([
      ['项目专业质量检查员', '张质检', '符合要求'], ['专业工长', '李工长', '符合要求'], ['专业监理工程师', '刘监理', '合格'],
    ]);
  });

  it('a record that fails its rules cannot be signed by the 施工单位: the reasons in words', async () => {
    site = await openQualitySite();
    const { unit, formwork } = await plannedUnit(site);
    await site.t.call('quality.approvePlan', { unitId: unit.id, signedOn: '2020-02-17', opinion: '同意' }, site.as.engineer);
    const items = [
      { group: 'main' as const, name: '模板及支架材料', requirement: '符合标准', fullCheck: true, sampled: 20, qualified: 20, note: '' },
      { group: 'general' as const, name: '轴线位置', requirement: '5mm', sampled: 2, qualified: 2, note: '' },
      { group: 'general' as const, name: '表面平整度', requirement: '5mm', sampled: 10, qualified: 7, note: '' },
    ];
    const lot = await site.t.call('quality.saveRecord', { lotId: formwork.id, inspectedOn: '2020-02-17', items }, site.as.inspector);
    expect(lot.records[0]!.judgement.reasons).toEqual(['一般项目第1项“轴线位置”抽样 2 个,少于最小抽样数量 3', '一般项目第2项“表面平整度”合格点率 70% 低于 80%']);
    expect((await errorOf(() => sign(site!, lot.records[0]!.id, site!.as.inspector))).message).toBe('检查结果不符合要求,施工单位不能签认:一般项目第1项“轴线位置”抽样 2 个,少于最小抽样数量 3');
    // Corrected before signing: the draft is replaced, not appended.
    const fixed = await site.t.call('quality.saveRecord', { lotId: formwork.id, inspectedOn: '2020-02-17', items: [items[0]!, { ...items[1]!, sampled: 3, qualified: 3 }, { ...items[2]!, qualified: 8 }] }, site.as.inspector);
    expect(fixed.records).toHaveLength(1);
    expect(fixed.records[0]!.judgement.passed).toBe(true);
  });
});

describe('order rules', () => {
  it('a lot waits for its 隐蔽工程验收 and for the passed report of the batch it used; the 监理 is told why', async () => {
    site = await openQualitySite();
    const { unit, rebar } = await plannedUnit(site);
    await site.t.call('quality.approvePlan', { unitId: unit.id, signedOn: '2020-02-17', opinion: '同意' }, site.as.engineer);
    const b = await site.t.call('materials.receive', rebarBatch(), site.as.sampler);
    await site.t.call('quality.setMaterials', { lotId: rebar.id, batchIds: [b.id] }, site.as.inspector);
    let lot = await site.t.call('quality.saveRecord', { lotId: rebar.id, inspectedOn: '2020-02-17', items: passingItems() }, site.as.inspector);
    await sign(site, lot.records[0]!.id, site.as.inspector);
    await sign(site, lot.records[0]!.id, site.as.foreman);
    lot = await site.t.call('quality.lot', { id: rebar.id }, site.as.engineer);
    expect(lot.blockers).toEqual(['隐蔽工程验收未完成', '所用材料 热轧带肋钢筋 HRB400E Φ25 批号20A1234:未经监理审批(工程材料报审)']);
    expect((await errorOf(() => sign(site!, lot.records[0]!.id, site!.as.engineer, { verdict: 'pass' }))).message).toBe('不能验收:隐蔽工程验收未完成;所用材料 热轧带肋钢筋 HRB400E Φ25 批号20A1234:未经监理审批(工程材料报审)');
    await acceptConcealed(site, unit.id, [rebar.id]);
    await site.t.call('materials.approve', { id: b.id, verdict: 'agree', opinion: '同意', signedOn: '2020-02-17' }, site.as.engineer);
    expect((await site.t.call('quality.lot', { id: rebar.id }, site.as.engineer)).blockers).toEqual(['所用材料 热轧带肋钢筋 HRB400E Φ25 批号20A1234:见证取样检测报告未出']);
    const x = await site.t.call('materials.sample', sampleOf(site, b.id, 1), site.as.sampler);
    await site.t.call('materials.addReport', reportOf(x.id, 1, true), site.as.sampler);
    lot = await sign(site, lot.records[0]!.id, site.as.engineer, { verdict: 'pass' });
    expect(lot.status).toBe('accepted');
  });

  it('a 分项 waits for all its lots, a 分部 for all its 分项; 主体结构 needs the 设计单位项目负责人 recorded from paper, the 总监 last', async () => {
    site = await openQualitySite();
    const { unit, rebar, formwork } = await plannedUnit(site);
    await site.t.call('quality.approvePlan', { unitId: unit.id, signedOn: '2020-02-17', opinion: '同意' }, site.as.engineer);
    const subitem = { unitId: unit.id, level: 'subitem' as const, code: '020102', signedOn: '2020-02-17', opinion: '' };
    expect((await errorOf(() => site!.t.call('quality.signAcceptance', subitem, site!.as.inspector))).message).toBe('不能验收:检验批“3层柱钢筋安装”待检查');
    // Accept both lots (the rebar lot covered first).
    await testedBatch(site, rebar.id, 1, true);
    await acceptConcealed(site, unit.id, [rebar.id]);
    for (const lotId of [rebar.id, formwork.id]) {
      const lot = await site.t.call('quality.saveRecord', { lotId, inspectedOn: '2020-02-17', items: passingItems() }, site.as.inspector);
      for (const token of [site.as.inspector, site.as.foreman]) await sign(site, lot.records[0]!.id, token);
      await sign(site, lot.records[0]!.id, site.as.engineer, { verdict: 'pass' });
    }
    const division = { unitId: unit.id, level: 'division' as const, code: '02', signedOn: '2020-02-17', opinion: '' };
    expect((await errorOf(() => site!.t.call('quality.signAcceptance', division, site!.as.manager))).message).toBe('不能验收:分项“模板”未验收;分项“钢筋”未验收');
    // The 分项: 项目专业技术负责人 (张质检 by appointment), then the 专业监理工程师.
    expect((await errorOf(() => site!.t.call('quality.signAcceptance', subitem, site!.as.foreman))).code).toBe('FORBIDDEN');
    expect((await errorOf(() => site!.t.call('quality.signAcceptance', subitem, site!.as.engineer))).message).toBe('须先由项目专业技术负责人签字');
    await site.t.call('quality.signAcceptance', subitem, site.as.inspector);
    const accepted = await site.t.call('quality.signAcceptance', subitem, site.as.engineer);
    expect(accepted).toMatchObject({ state: 'accepted', parts: [expect.objectContaining({ name: '3层柱钢筋安装', accepted: true })] });
    // A 分项 under acceptance takes no more lots.
    expect((await errorOf(() => site!.t.call('quality.addLot', { unitId: unit.id, subitemCode: '020102', name: '4层', part: '4层', capacity: 10, capacityUnit: '件' }, site!.as.inspector))).message).toBe('该分项已开始验收,不能再增加检验批');
    for (const token of [site.as.inspector, site.as.engineer]) await site.t.call('quality.signAcceptance', { ...subitem, code: '020101' }, token);
    // The 分部: 项目负责人, 项目技术负责人, 设计 (recorded by the 总监 or 项目负责人), the 总监 last.
    await site.t.call('quality.signAcceptance', division, site.as.manager);
    await site.t.call('quality.signAcceptance', division, site.as.foreman);
    expect((await errorOf(() => site!.t.call('quality.signAcceptance', division, site!.as.chief))).message).toBe('须先由设计单位项目负责人签字');
    expect((await errorOf(() => site!.t.call('quality.signAcceptance', { ...division, external: { position: 'survey_lead', appointmentId: site!.appointments.survey } }, site!.as.chief))).message).toBe('本验收记录不须勘察单位项目负责人签字');
    expect((await errorOf(() => site!.t.call('quality.signAcceptance', { ...division, external: { position: 'design_lead', appointmentId: site!.appointments.design } }, site!.as.inspector))).message).toBe('外单位人员的签字由项目负责人或总监理工程师录入');
    await site.t.call('quality.signAcceptance', { ...division, external: { position: 'design_lead', appointmentId: site.appointments.design } }, site.as.chief);
    const done = await site.t.call('quality.signAcceptance', division, site.as.chief);
    expect(done).toMatchObject({ state: 'accepted', stateLabel: '验收合格' });
    expect(done.signatures.map((g) => [g.positionLabel, g.signerName, g.external])).toEqual([
      ['项目负责人', '王建国', false], ['项目技术负责人', '李工长', false], ['设计单位项目负责人', '吴设计', true], ['总监理工程师', '陈总监', false],
    ]);
    expect(done.signatures[2]!.recordedByName).toBe('陈总监');
  });
});

describe('a failed lot', () => {
  it('opens a quality problem in the shared loop; 返工 is a new revision re-signed; 检测鉴定 needs its report', async () => {
    site = await openQualitySite();
    const { unit, formwork } = await plannedUnit(site);
    await site.t.call('quality.approvePlan', { unitId: unit.id, signedOn: '2020-02-17', opinion: '同意' }, site.as.engineer);
    let lot = await site.t.call('quality.saveRecord', { lotId: formwork.id, inspectedOn: '2020-02-17', items: passingItems() }, site.as.inspector);
    for (const token of [site.as.inspector, site.as.foreman]) await sign(site, lot.records[0]!.id, token);
    expect((await errorOf(() => sign(site!, lot.records[0]!.id, site!.as.engineer, { verdict: 'fail', opinion: '模板拼缝漏浆' }))).message).toBe('验收不合格时须给出整改限期');
    lot = await sign(site, lot.records[0]!.id, site.as.engineer, { verdict: 'fail', opinion: '模板拼缝不严,漏浆', deadline: '2020-02-19' });
    expect(lot).toMatchObject({ status: 'failed', problems: [expect.objectContaining({ title: '检验批验收不合格:3层柱模板安装', stateLabel: '待整改', deadline: '2020-02-19' })] });
    expect(lot.blockers).toEqual(['验收不合格,须按GB 50300第5.0.6条处理(返工、检测鉴定、设计核算或加固)']);
    // The problem is the shared loop's: the 施工单位 replies, the 监理 re-checks.
    const problem = lot.problems[0]!;
    const r = await site.t.call('rectification.get', { id: problem.id }, site.as.engineer);
    expect(r).toMatchObject({ sourceKind: 'quality_problem', sourceLabel: '质量问题', foundBy: '刘监理' });
    expect((await errorOf(() => site!.t.call('rectification.reply', { id: problem.id, measures: '重新拼缝', rectifierName: '刘监理', repliedOn: '2020-02-18', photos: [] }, site!.as.engineer))).code).toBe('FORBIDDEN');
    await site.t.call('rectification.reply', { id: problem.id, measures: '拼缝加海绵条', rectifierName: '李工长', repliedOn: '2020-02-17', photos: [] }, site.as.foreman);
    const reviewed = await site.t.call('rectification.review', { id: problem.id, passed: true, opinion: '已整改', reviewerName: '刘监理', reviewedOn: '2020-02-17' }, site.as.engineer);
    expect(reviewed.state).toBe('closed');

    expect((await errorOf(() => site!.t.call('quality.resolveLot', { lotId: formwork.id, path: 'appraisal', note: '检测鉴定' }, site!.as.inspector))).message).toBe('经检测鉴定达到设计要求须上传依据文件(检测鉴定报告、设计核算书或加固处理方案)');
    lot = await site.t.call('quality.resolveLot', { lotId: formwork.id, path: 'rework', note: '返工重新拼缝' }, site.as.inspector);
    expect(lot.records.map((x) => [x.revision, x.pathLabel, x.stateLabel])).toEqual([[1, '首次验收', '验收不合格'], [2, '返工或返修后重新验收', '检查记录填写中']]);
    const second = lot.records[1]!;
    for (const token of [site.as.inspector, site.as.foreman]) await sign(site, second.id, token);
    lot = await sign(site, second.id, site.as.engineer, { verdict: 'pass' });
    expect(lot.status).toBe('accepted');
    // The first, failed revision is kept as it was signed.
    expect(lot.records[0]!.signatures.at(-1)).toMatchObject({ verdict: '不合格', opinion: '模板拼缝不严,漏浆' });
  });

  it('a lot that used material accepted after a 技术处理 is accepted only through a §5.0.6 path, with its document', async () => {
    site = await openQualitySite();
    const { unit, formwork } = await plannedUnit(site);
    await site.t.call('quality.approvePlan', { unitId: unit.id, signedOn: '2020-02-17', opinion: '同意' }, site.as.engineer);
    const b = await testedBatch(site, formwork.id, 1, false);
    const [d] = (await site.t.call('materials.dispositions', {}, site.as.sampler)).rows;
    await site.t.call('materials.decide', { id: d!.id, method: 'treatment', description: '已用于3层柱,经设计核算', decidedOn: '2020-02-17' }, site.as.sampler);
    await site.t.call('materials.closeDisposition', { id: d!.id, opinion: '同意', signedOn: '2020-02-17' }, site.as.engineer);
    let lot = await site.t.call('quality.saveRecord', { lotId: formwork.id, inspectedOn: '2020-02-17', items: passingItems() }, site.as.inspector);
    expect(lot.blockers).toEqual([`所用材料 热轧带肋钢筋 HRB400E Φ25 批号20A1 检测不合格经技术处理使用,本检验批须经检测鉴定、设计核算或加固处理后验收`]);
    for (const token of [site.as.inspector, site.as.foreman]) await sign(site, lot.records[0]!.id, token);
    lot = await sign(site, lot.records[0]!.id, site.as.engineer, { verdict: 'fail', opinion: '所用钢筋复试不合格', deadline: '2020-02-20' });
    lot = await site.t.call('quality.resolveLot', { lotId: formwork.id, path: 'design_check', note: '原设计单位核算满足安全和使用功能', document: pdfFile('设计核算书.pdf') }, site.as.inspector);
    expect(lot.records[1]!.files.map((f) => f.fileName)).toEqual(['设计核算书.pdf']);
    expect(lot.blockers).toEqual([]);
    for (const token of [site.as.inspector, site.as.foreman]) await sign(site, lot.records[1]!.id, token);
    expect((await sign(site, lot.records[1]!.id, site.as.engineer, { verdict: 'pass' })).status).toBe('accepted');
    expect(b.id).toBeTruthy();
  });
});

describe('实测实量', () => {
  it('points against the tolerance of the edition in use; failing points open a quality problem; pass rates by item', async () => {
    site = await openQualitySite();
    const tolerances = await site.t.call('quality.tolerances', {}, site.as.inspector);
    expect(tolerances.items.find((i) => i.key === 'concrete.section')).toMatchObject({ lower: -5, upper: 10 });
    const ok = await site.t.call('quality.addMeasurement', { unitId: null, location: '3层 301', itemKey: 'concrete.section', measuredOn: '2020-02-17', measuredBy: '张质检', points: [3, -5, 10, 0, 2] }, site.as.inspector);
    expect(ok).toMatchObject({ passed: 5, total: 5, rate: 100, meets: true, rectificationId: null });
    const bad = await site.t.call('quality.addMeasurement', { unitId: null, location: '3层 302', itemKey: 'concrete.flatness', measuredOn: '2020-02-17', measuredBy: '刘监理', points: [2, 9, 4, 12, 5] }, site.as.engineer);
    expect(bad).toMatchObject({ passed: 3, total: 5, rate: 60, meets: false, failing: [9, 12], problemState: '已发现' });
    const problem = await site.t.call('rectification.get', { id: bad.rectificationId! }, site.as.engineer);
    expect(problem).toMatchObject({ sourceKind: 'quality_problem', state: 'found', description: '允许偏差 0~8mm,超差测点 2 个:9、12mm(共测 5 点)' });
    await site.t.call('rectification.notify', { id: problem.id, responsible: '上海建工 李工长', deadline: '2020-02-20', requirement: '打磨找平', signerName: '刘监理', notifiedOn: '2020-02-17' }, site.as.engineer);
    const stats = await site.t.call('quality.measurementStats', {}, site.as.owner);
    expect(stats.byItem.map((x) => [x.itemName, x.rate, x.meets])).toEqual([['混凝土结构 · 截面尺寸(柱、梁、板、墙)', 100, true], ['混凝土结构 · 表面平整度', 60, false]]);
    expect(stats.total).toEqual({ passed: 8, total: 10, rate: 80 });
  });
});

describe('施工现场质量管理检查记录 and the edition a record keeps', () => {
  it('filled by the 项目负责人, signed by them and then the 总监; a corrected acceptance table leaves an existing record judged as it was', async () => {
    site = await openQualitySite();
    const empty = await site.t.call('quality.siteCheck', {}, site.as.manager);
    expect(empty.items).toHaveLength(13);
    await site.t.call('quality.saveSiteCheck', { items: empty.items.map((i) => ({ no: i.no, content: '已建立,见附件' })), conclusion: '' }, site.as.manager);
    expect((await errorOf(() => site!.t.call('quality.signSiteCheck', { signedOn: '2020-02-17', opinion: '合格' }, site!.as.chief))).message).toBe('须先由施工单位项目负责人签字');
    await site.t.call('quality.signSiteCheck', { signedOn: '2020-02-17', opinion: '' }, site.as.manager);
    const checked = await site.t.call('quality.signSiteCheck', { signedOn: '2020-02-17', opinion: '施工现场质量管理制度完整,符合要求' }, site.as.chief);
    expect(checked).toMatchObject({ state: 'checked', conclusion: '施工现场质量管理制度完整,符合要求' });

    const { unit, formwork } = await plannedUnit(site);
    await site.t.call('quality.approvePlan', { unitId: unit.id, signedOn: '2020-02-17', opinion: '同意' }, site.as.engineer);
    const lot = await site.t.call('quality.saveRecord', { lotId: formwork.id, inspectedOn: '2020-02-17', items: passingItems() }, site.as.inspector);
    expect(lot.records[0]!.judgement).toMatchObject({ passed: true, generalRequired: 80 });
    const rules = await site.t.call('siteRules.list', {}, site.as.manager);
    const key = rules.find((r) => r.kind === 'quality.acceptance')!.key;
    const [edition] = await site.t.call('siteRules.editions', { kind: 'quality.acceptance', key }, site.as.manager);
    await site.t.call('siteRules.correct', { kind: 'quality.acceptance', key, content: { ...(edition!.raw as Record<string, unknown>), generalPassRate: 90 }, note: '按GB 50204 第X条' }, site.as.manager);
    const again = await site.t.call('quality.lot', { id: formwork.id }, site.as.inspector);
    expect(again.records[0]!.judgement).toMatchObject({ passed: true, generalRequired: 80 });
    expect(again.records[0]!.edition).toMatchObject({ edition: 1, origin: 'shipped' });
  });
});
