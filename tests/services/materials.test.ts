// 建材管理 through the real services on a real SQLite file: 进场验收 and the 专业监理工程师's approval
// (no one else's), 见证取样 with the witness named in a 授权书 and never the sampler, who signs from
// their own account; a 不合格 report opening a 不合格处置 that blocks every 检验批 that used the batch,
// through 复试 or 退场; the witnessed share against the setting; the sampling frequency from the
// pour records and the batches; 28-day results due and overdue as the clock moves.
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf, snapshot } from '../support/app';
import { PDF_BYTES, validId } from '../support/fixtures';
import { distinctPdf, moveClock, openQualitySite, pdfFile, rebarBatch, reportOf, sampleOf, type QualitySite } from '../support/quality-helpers';

let site: QualitySite | undefined;
afterEach(() => {
  site?.t.close();
  site = undefined;
});

async function approvedBatch(s: QualitySite, overrides: Parameters<typeof rebarBatch>[0] = {}) {
  const b = await s.t.call('materials.receive', rebarBatch(overrides), s.as.sampler);
  return s.t.call('materials.approve', { id: b.id, verdict: 'agree', opinion: '资料齐全,同意使用', signedOn: '2020-02-17' }, s.as.engineer);
}

describe('进场验收 and the 监理 approval', () => {
  it('a received batch waits for the 专业监理工程师: the 监理员 and the 总监 hold another position, 施工 accounts are not let in', async () => {
    site = await openQualitySite();
    const b = await site.t.call('materials.receive', rebarBatch(), site.as.sampler);
    expect(b).toMatchObject({ state: 'received', compulsory: true, materialTypeName: '钢筋', usability: { usable: false, reasons: ['未经监理审批(工程材料报审)'] } });
    expect(b.edition).toMatchObject({ edition: 1, origin: 'shipped' });
    const before = snapshot(site.t.app);
    const input = { id: b.id, verdict: 'agree' as const, opinion: '同意', signedOn: '2020-02-17' };
    expect(await errorOf(() => site!.t.call('materials.approve', input, site!.as.witness))).toMatchObject({ code: 'FORBIDDEN', message: '孙见证不具有专业监理工程师岗位,不能签署本记录' });
    expect(await errorOf(() => site!.t.call('materials.approve', input, site!.as.chief))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await errorOf(() => site!.t.call('materials.approve', input, site!.as.manager))).toMatchObject({ code: 'FORBIDDEN', message: '项目负责人无权执行此操作' });
    expect(snapshot(site.t.app)).toEqual(before);
    const approved = await site.t.call('materials.approve', input, site.as.engineer);
    expect(approved.state).toBe('approved');
    expect(approved.signatures).toEqual([expect.objectContaining({ position: 'supervision_engineer', positionLabel: '专业监理工程师', signerName: '刘监理', verdict: '同意' })]);
    // Once decided, never again; compulsory material needs its passed report before use.
    expect((await errorOf(() => site!.t.call('materials.approve', input, site!.as.engineer))).code).toBe('CONFLICT');
    expect(approved.usability).toEqual({ usable: false, reasons: ['见证取样检测报告未出'] });
  });

  it('a refused batch is sent off site and cannot be sampled; a wrong unit is a clear message', async () => {
    site = await openQualitySite();
    expect(await errorOf(() => site!.t.call('materials.receive', rebarBatch({ unit: 'kg' }), site!.as.sampler))).toMatchObject({ code: 'VALIDATION', message: '钢筋的数量单位应为 t' });
    const b = await site.t.call('materials.receive', rebarBatch(), site.as.sampler);
    const refused = await site.t.call('materials.approve', { id: b.id, verdict: 'disagree', opinion: '质保书与炉号不符', signedOn: '2020-02-17' }, site.as.engineer);
    expect(refused).toMatchObject({ state: 'rejected', stateLabel: '监理不同意使用(退场)', usability: { usable: false } });
    expect((await errorOf(() => site!.t.call('materials.sample', sampleOf(site!, b.id, 1), site!.as.sampler))).message).toBe('该批材料监理不同意使用,已退场,不能取样');
  });
});

describe('见证取样', () => {
  it('the witness is never the sampler, and a witness without a 授权书 on file is not a witness', async () => {
    site = await openQualitySite();
    const b = await approvedBatch(site);
    const users = (await site.t.call('parties.view', {}, site.as.manager)).accounts;
    const engineerId = users.find((a) => a.role === 'supervision_engineer')!.id;
    // An appointment as 见证人 needs the written 授权书.
    expect(await errorOf(() => site!.t.call('parties.appoint', { position: 'witness', userId: engineerId, validFrom: '2020-01-06' }, site!.as.manager))).toMatchObject({ code: 'VALIDATION', message: '见证人须上传书面授权书' });
    // A 施工 account is never a witness: the position is the 监理's or the 建设单位's.
    const samplerUser = (await site.t.call('auth.me', {}, site.as.sampler))!.user.id;
    expect((await errorOf(() => site!.t.call('parties.appoint', { position: 'witness', userId: samplerUser, validFrom: '2020-01-06', authorization: pdfFile() }, site!.as.manager))).message).toBe('现场操作用户账号不能任命为见证人');
    // Another's appointment is not a witness's.
    const before = snapshot(site.t.app);
    expect((await errorOf(() => site!.t.call('materials.sample', sampleOf(site!, b.id, 1, { witnessAppointmentId: site!.appointments.sampler }), site!.as.sampler))).message).toBe('所选人员不是本项目登记的见证人');
    // A 监理 account under the sampler's name, appointed witness: on paper the same person, refused.
    const namesake = await site.t.call('parties.createAccount', { role: 'supervision_inspector', idNumber: validId('31010419900909091'), name: '赵取样', phone: '13900009999', password: 'namesake-1' }, site.as.chief);
    const namesakeWitness = await site.t.call('parties.appoint', { position: 'witness', userId: namesake.id, validFrom: '2020-01-06', authorization: pdfFile('授权书2.pdf', Buffer.concat([PDF_BYTES, Buffer.from('%2')])) }, site.as.chief);
    const middle = snapshot(site.t.app);
    expect(await errorOf(() => site!.t.call('materials.sample', sampleOf(site!, b.id, 1, { witnessAppointmentId: namesakeWitness.id }), site!.as.sampler))).toMatchObject({ code: 'VALIDATION', message: '见证人不能是取样人(赵取样)' });
    expect(snapshot(site.t.app)).toEqual(middle);
    expect(before).not.toEqual(middle);
    // Sampled with the 监理员 as witness; only that witness signs, from their own account.
    const x = await site.t.call('materials.sample', sampleOf(site, b.id, 1), site.as.sampler);
    expect(x).toMatchObject({ samplerName: '赵取样', witnessName: '孙见证', witnessed: false });
    expect(await errorOf(() => site!.t.call('materials.witness', { sampleId: x.id, signedOn: '2020-02-17', opinion: '' }, site!.as.owner))).toMatchObject({ code: 'FORBIDDEN', message: '该试样的见证人是孙见证,须由其本人登录签字' });
    const witnessed = await site.t.call('materials.witness', { sampleId: x.id, signedOn: '2020-02-17', opinion: '' }, site.as.witness);
    expect(witnessed).toMatchObject({ witnessed: true, witnessedOn: '2020-02-17' });
    expect((await errorOf(() => site!.t.call('materials.witness', { sampleId: x.id, signedOn: '2020-02-17', opinion: '' }, site!.as.witness))).message).toBe('本记录的签字已齐全');
  });

  it('a revoked witness cannot witness samples taken after the revocation', async () => {
    site = await openQualitySite();
    const b = await approvedBatch(site);
    await site.t.call('parties.revoke', { id: site.appointments.witness, revokedOn: '2020-02-10', reason: '调离本项目' }, site.as.manager);
    expect((await errorOf(() => site!.t.call('materials.sample', sampleOf(site!, b.id, 1), site!.as.sampler))).message).toBe('孙见证在 2020-02-17 不是有效的见证人');
  });
});

describe('检测报告 and 不合格处置', () => {
  it('a 不合格 report opens a 处置 and blocks every 检验批 that used the batch; 复试 twice the sample, then the 监理 closes it', async () => {
    site = await openQualitySite();
    const b = await approvedBatch(site);
    const unit = await site.t.call('quality.addUnit', { name: '1号楼' }, site.as.inspector);
    const lot = await site.t.call('quality.addLot', { unitId: unit.id, subitemCode: '020102', name: '3层柱钢筋安装', part: '3层 1~8/A~D轴', capacity: 20, capacityUnit: '件' }, site.as.inspector);
    await site.t.call('quality.setMaterials', { lotId: lot.id, batchIds: [b.id] }, site.as.inspector);
    const x = await site.t.call('materials.sample', sampleOf(site, b.id, 1), site.as.sampler);
    // The report's conclusion must agree with its results; the PDF is kept by its content hash.
    expect((await errorOf(() => site!.t.call('materials.addReport', { ...reportOf(x.id, 1, false), conclusion: 'pass' }, site!.as.sampler))).message).toBe('检测参数“屈服强度”不合格,结论不能为合格');
    const report = await site.t.call('materials.addReport', reportOf(x.id, 1, false), site.as.sampler);
    expect(report).toMatchObject({ conclusion: 'fail', conclusionLabel: '不合格', pdf: expect.objectContaining({ mime: 'application/pdf' }) });
    const view = await site.t.call('materials.batch', { id: b.id }, site.as.engineer);
    expect(view.usability).toEqual({ usable: false, reasons: ['检测不合格(报告 BG-2020-0001),不合格处置未完成'] });
    expect(view.dispositions).toEqual([expect.objectContaining({ state: 'open', retestAllowed: true, lots: [expect.objectContaining({ id: lot.id, name: '3层柱钢筋安装' })] })]);
    const lotView = await site.t.call('quality.lot', { id: lot.id }, site.as.engineer);
    expect(lotView.blockers).toContain('所用材料 热轧带肋钢筋 HRB400E Φ25 批号20A1234:检测不合格(报告 BG-2020-0001),不合格处置未完成');
    // The same PDF again is an entry mistake.
    const y = await site.t.call('materials.sample', sampleOf(site, b.id, 2), site.as.sampler);
    expect((await errorOf(() => site!.t.call('materials.addReport', { ...reportOf(y.id, 2, true), pdf: distinctPdf(1) }, site!.as.sampler))).message).toBe('该 PDF 已作为报告 BG-2020-0001 录入');

    const d = view.dispositions[0]!;
    // 隔离 is a stop on the way, not an end.
    await site.t.call('materials.decide', { id: d.id, method: 'isolate', description: '隔离堆放,挂牌标识', decidedOn: '2020-02-17' }, site.as.sampler);
    expect((await errorOf(() => site!.t.call('materials.closeDisposition', { id: d.id, opinion: '同意', signedOn: '2020-02-17' }, site!.as.engineer))).message).toBe('隔离只是暂时措施:须再提出复试、退场或技术处理,才能确认处置');
    await site.t.call('materials.decide', { id: d.id, method: 'retest', description: '双倍取样复试', decidedOn: '2020-02-17' }, site.as.sampler);
    expect((await errorOf(() => site!.t.call('materials.closeDisposition', { id: d.id, opinion: '同意', signedOn: '2020-02-17' }, site!.as.engineer))).message).toBe('尚未见证取样复试');
    const retest = await site.t.call('materials.sample', sampleOf(site, b.id, 3, { groups: 2, retestOf: d.id }), site.as.sampler);
    await site.t.call('materials.addReport', reportOf(retest.id, 3, true), site.as.sampler);
    // Only the 专业监理工程师 closes it.
    expect((await errorOf(() => site!.t.call('materials.closeDisposition', { id: d.id, opinion: '复试合格', signedOn: '2020-02-17' }, site!.as.witness))).code).toBe('FORBIDDEN');
    const closed = await site.t.call('materials.closeDisposition', { id: d.id, opinion: '复试合格,同意使用', signedOn: '2020-02-17' }, site.as.engineer);
    expect(closed).toMatchObject({ state: 'closed', outcome: 'usable', outcomeLabel: '复试合格,可以使用', retests: [{ sampleNo: 'GJ-2020-003', reportNo: 'BG-2020-0003', conclusion: 'pass' }] });
    expect((await site.t.call('materials.batch', { id: b.id }, site.as.engineer)).usability).toEqual({ usable: true, reasons: [] });
    expect((await site.t.call('quality.lot', { id: lot.id }, site.as.engineer)).blockers.filter((r) => r.startsWith('所用材料'))).toEqual([]);
  });

  it('a failed 复试 cannot be tried again: 退场 with the return note leaves the batch unusable for good', async () => {
    site = await openQualitySite();
    const b = await approvedBatch(site);
    const x = await site.t.call('materials.sample', sampleOf(site, b.id, 1), site.as.sampler);
    await site.t.call('materials.addReport', reportOf(x.id, 1, false), site.as.sampler);
    const [d] = (await site.t.call('materials.dispositions', { status: 'open' }, site.as.sampler)).rows;
    await site.t.call('materials.decide', { id: d!.id, method: 'retest', description: '复试', decidedOn: '2020-02-17' }, site.as.sampler);
    const retest = await site.t.call('materials.sample', sampleOf(site, b.id, 2, { groups: 2, retestOf: d!.id }), site.as.sampler);
    await site.t.call('materials.addReport', reportOf(retest.id, 2, false), site.as.sampler);
    // No second disposition: the failed 复试 reopens the first.
    const again = (await site.t.call('materials.dispositions', { status: 'all' }, site.as.sampler)).rows;
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ state: 'open' });
    expect((await errorOf(() => site!.t.call('materials.decide', { id: d!.id, method: 'retest', description: '再复试', decidedOn: '2020-02-17' }, site!.as.sampler))).message).toBe('复试已不合格,不能再次复试,须退场或技术处理');
    expect((await errorOf(() => site!.t.call('materials.decide', { id: d!.id, method: 'return', description: '退场', decidedOn: '2020-02-17' }, site!.as.sampler))).message).toBe('退场须填写退货单号和退场日期');
    await site.t.call('materials.decide', { id: d!.id, method: 'return', description: '整批退场', returnNote: 'TH-001', returnedOn: '2020-02-17', decidedOn: '2020-02-17' }, site.as.sampler);
    const closed = await site.t.call('materials.closeDisposition', { id: d!.id, opinion: '同意退场', signedOn: '2020-02-17' }, site.as.engineer);
    expect(closed).toMatchObject({ outcome: 'returned', returnNote: 'TH-001' });
    expect((await site.t.call('materials.batch', { id: b.id }, site.as.engineer)).usability.reasons).toEqual(['检测不合格(报告 BG-2020-0001),已退场']);
  });

  it('concrete may not be re-tested (the rules say so), and its cubes are due 28 days after casting', async () => {
    site = await openQualitySite();
    const concrete = await approvedBatch(site, { materialType: 'concrete', name: '预拌混凝土', spec: 'C30', grade: 'C30', quantity: 80, unit: 'm³', batchNo: 'HNT-0217' });
    const pour = await site.t.call('materials.addPour', { pouredOn: '2020-02-17', shift: 'day', building: '1号楼', storey: '3层', part: '3层柱、梁、板', mix: 'C30', volume: 80, batchId: concrete.id }, site.as.sampler);
    expect((await errorOf(() => site!.t.call('materials.sample', sampleOf(site!, concrete.id, 1, { curing: 'none' }), site!.as.sampler))).message).toBe('混凝土(承重结构试块)试块须注明标准养护或同条件养护');
    expect((await errorOf(() => site!.t.call('materials.sample', sampleOf(site!, concrete.id, 1, { curing: 'standard' }), site!.as.sampler))).message).toBe('混凝土试块须选择浇筑记录(取样频率按浇筑记录核对)');
    const cube = await site.t.call('materials.sample', sampleOf(site, concrete.id, 1, { curing: 'standard', pourId: pour.id, castOn: '2020-02-17' }), site.as.sampler);
    expect(cube).toMatchObject({ dueOn: '2020-03-16', resultStatus: 'pending', pourLabel: '2020-02-17 1号楼3层 3层柱、梁、板 C30 80m³' });
    await moveClock(site, '2020-03-14T09:00:00+08:00');
    expect((await site.t.call('materials.samples', { status: 'due' }, site.as.sampler)).rows.map((r) => r.sampleNo)).toEqual(['GJ-2020-001']);
    await moveClock(site, '2020-03-17T09:00:00+08:00');
    const overdue = await site.t.call('materials.samples', { status: 'overdue' }, site.as.sampler);
    expect(overdue.rows).toEqual([expect.objectContaining({ sampleNo: 'GJ-2020-001', resultStatus: 'overdue', resultStatusLabel: '已逾期未出报告' })]);
    expect((await site.t.call('materials.overview', {}, site.as.engineer))).toMatchObject({ overdue: 1, due: 0 });
    await site.t.call('materials.addReport', { ...reportOf(cube.id, 1, false), reportedOn: '2020-03-16', results: [{ parameter: '抗压强度', requirement: '≥30.0MPa', value: '27.5MPa', passed: false }] }, site.as.sampler);
    const [d] = (await site.t.call('materials.dispositions', {}, site.as.sampler)).rows;
    expect(d!.retestAllowed).toBe(false);
    expect((await errorOf(() => site!.t.call('materials.decide', { id: d!.id, method: 'retest', description: '复试', decidedOn: '2020-03-17' }, site!.as.sampler))).message).toBe('混凝土(承重结构试块)不合格不允许复试,须退场或技术处理');
    await site.t.call('materials.decide', { id: d!.id, method: 'treatment', description: '经原设计单位核算,钻芯检测', decidedOn: '2020-03-17' }, site.as.sampler);
    const treated = await site.t.call('materials.closeDisposition', { id: d!.id, opinion: '同意按技术处理方案处理', signedOn: '2020-03-17' }, site.as.engineer);
    expect(treated.outcome).toBe('treated');
  });
});

describe('the witnessed share and the sampling frequency', () => {
  it('concrete: groups required from the pour records (per mix, shift, storey; 100 m³, 200 m³ over 1,000 m³); rebar per 60 t; the share against 30 %', async () => {
    site = await openQualitySite();
    const concrete = await approvedBatch(site, { materialType: 'concrete', name: '预拌混凝土', spec: 'C30', grade: 'C30', quantity: 1500, unit: 'm³', batchNo: 'HNT-1' });
    const pour = (volume: number, storey: string, shift: 'day' | 'night' = 'day') => site!.t.call('materials.addPour', { pouredOn: '2020-02-17', shift, building: '1号楼', storey, part: `${storey}楼板`, mix: 'C30', volume, batchId: concrete.id }, site!.as.sampler);
    const p3 = await pour(250, '3层');
    await pour(40, '4层');
    await pour(30, '4层', 'night');
    const raft = await pour(1100, '基础');
    // 250 m³ → 3; 4层 day 40 → 1; 4层 night 30 → 1; 1,100 m³ raft → ceil(1100/200) = 6.
    let check = await site.t.call('materials.frequency', {}, site.as.engineer);
    expect(check.concrete.map((g) => [g.storey, g.shift, g.volume, g.required])).toEqual([['3层', '白班', 250, 3], ['4层', '白班', 40, 1], ['4层', '夜班', 30, 1], ['基础', '白班', 1100, 6]]);
    // Three standard-cured groups on the 3层 pour, two of them witnessed (the third sent without a witness).
    for (const [n, witness] of [[1, true], [2, true], [3, false]] as const) {
      const x = await site.t.call('materials.sample', sampleOf(site, concrete.id, n, { curing: 'standard', pourId: p3.id, witnessAppointmentId: witness ? site.appointments.witness : null }), site.as.sampler);
      if (witness) await site.t.call('materials.witness', { sampleId: x.id, signedOn: '2020-02-17', opinion: '' }, site.as.witness);
    }
    // Same-condition cubes do not count against the standard-cured requirement.
    await site.t.call('materials.sample', sampleOf(site, concrete.id, 4, { curing: 'same_condition', pourId: raft.id }), site.as.sampler);
    check = await site.t.call('materials.frequency', {}, site.as.engineer);
    expect(check.concrete.map((g) => [g.storey, g.taken, g.short])).toEqual([['3层', 3, 0], ['4层', 0, 1], ['4层', 0, 1], ['基础', 0, 6]]);
    // 2 witnessed of 11 required = 18.2 % < 30 %.
    let share = await site.t.call('materials.witnessShare', {}, site.as.engineer);
    expect(share.setting).toBe(30);
    expect(share.rows.find((r) => r.materialType === 'concrete')).toMatchObject({ required: 11, taken: 3, witnessed: 2, share: 18.2, meets: false });

    // Rebar: 130 t in one batch needs 3 groups; one witnessed group is 33.3 %: enough.
    const rebar = await approvedBatch(site, { quantity: 130 });
    const r1 = await site.t.call('materials.sample', sampleOf(site, rebar.id, 10), site.as.sampler);
    await site.t.call('materials.witness', { sampleId: r1.id, signedOn: '2020-02-17', opinion: '' }, site.as.witness);
    check = await site.t.call('materials.frequency', {}, site.as.engineer);
    expect(check.batches).toEqual([expect.objectContaining({ quantity: 130, required: 3, taken: 1, short: 2, rule: '每批不大于60t一组' })]);
    share = await site.t.call('materials.witnessShare', {}, site.as.engineer);
    expect(share.rows.find((r) => r.materialType === 'rebar')).toMatchObject({ required: 3, witnessed: 1, share: 33.3, meets: true, basis: '按进场批次应取样组数' });
  });

  it('the 30 % is the setting of the rule table: a 项目负责人 corrects it, and the check follows the new edition', async () => {
    site = await openQualitySite();
    const rules = await site.t.call('siteRules.list', {}, site.as.engineer);
    const witness = rules.find((r) => r.kind === 'materials.witness')!;
    expect(witness).toMatchObject({ key: '建建〔2000〕211号', edition: 1, origin: 'shipped', file: 'rules/materials/witness-sampling.json' });
    expect(witness.check).toContain('须核对');
    const [shipped] = await site.t.call('siteRules.editions', { kind: 'materials.witness', key: witness.key }, site.as.manager);
    const content = { ...(shipped!.raw as Record<string, unknown>), witnessShare: 50 };
    expect((await errorOf(() => site!.t.call('siteRules.correct', { kind: 'materials.witness', key: witness.key, content, note: '依沪建质安文件' }, site!.as.chief))).code).toBe('FORBIDDEN');
    expect((await errorOf(() => site!.t.call('siteRules.correct', { kind: 'materials.witness', key: witness.key, content: { ...content, witnessShare: 0 }, note: '错' }, site!.as.manager))).code).toBe('VALIDATION');
    const corrected = await site.t.call('siteRules.correct', { kind: 'materials.witness', key: witness.key, content, note: '依本市规定' }, site.as.manager);
    expect(corrected).toMatchObject({ origin: 'corrected', edition: 2 });
    expect((await site.t.call('materials.witnessShare', {}, site.as.engineer)).setting).toBe(50);
  });
});
