// The shared rectification loop through a safety hazard opened from a deduction in one step:
// 通知 with its 限期, 回复 with photos, 复查 by another person (another account, another name),
// fail → reopened with a new 限期, pass → 销项; overdue and escalation marks; a 重大隐患 closed only
// with a 治理方案 and the 项目经理's signature; the whole history kept, and 隐患排查治理台账 by month.
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf, MANAGER, snapshot } from '../support/app';
import { JPEG_BYTES, OPERATOR, PDF_BYTES, PNG_BYTES } from '../support/fixtures';
import { countRows } from '../support/prereg-helpers';
import { openSafetySite, type SafetySite } from '../support/safety-helpers';

let site: SafetySite | undefined;
afterEach(() => {
  site?.t.close();
  site = undefined;
});

const photo = (name: string, bytes = JPEG_BYTES, mime: 'image/jpeg' | 'image/png' = 'image/jpeg') => ({ fileName: name, mime, dataBase64: bytes.toString('base64') });

/** A monthly 自评 with one deduction on 施工用电 配电箱与开关箱, and a 隐患 opened from it. */
async function hazardFromDeduction(s: SafetySite, level: 'general' | 'major' = 'general') {
  const view = await s.t.call('safety.createAssessment', { kind: 'monthly', checkedOn: '2020-02-17', inspector: '王建国', subject: '', tables: ['B.14'] }, s.token);
  const scored = await s.t.call('safety.addDeduction', { sheetId: view.sheets[0]!.id, itemNo: 4, lineNo: 8, perPoints: 2, quantity: 3, note: '3号楼二层分配电箱无门无锁' }, s.token);
  const deduction = scored.sheets[0]!.deductions[0]!;
  const hazard = await s.t.call('safety.openHazard', {
    deductionId: deduction.id, category: '施工用电', level, title: deduction.lineText, location: deduction.note, foundOn: '2020-02-17', foundBy: '王建国',
    responsible: '上海申江机电 张工', deadline: '2020-02-19', requirement: '加装箱门与锁,设防雨措施',
  }, s.token);
  return { view: scored, deduction, hazard };
}

describe('a hazard from a deduction, through the loop', () => {
  it('opens in one step: 发现 and 通知 with 限期, linked to the deduction and its assessment', async () => {
    site = await openSafetySite();
    const { view, hazard } = await hazardFromDeduction(site);
    expect(hazard).toMatchObject({ category: '施工用电', level: 'general', state: 'notified', stateLabel: '待整改', deadline: '2020-02-19', responsible: '上海申江机电 张工', origin: '2020-02 月度自评 · 施工用电 · 配电箱与开关箱' });
    const again = await site.t.call('safety.assessment', { id: view.id }, site.token);
    expect(again.sheets[0]!.deductions[0]!.hazard).toMatchObject({ id: hazard.id, stateLabel: '待整改' });
    // One hazard per deduction; and the deduction can no longer be removed.
    expect((await errorOf(() => site!.t.call('safety.openHazard', { deductionId: again.sheets[0]!.deductions[0]!.id, category: '施工用电', level: 'general', title: 'x', location: 'y', foundOn: '2020-02-17', foundBy: '王建国', responsible: 'z', deadline: '2020-02-19', requirement: 'r' }, site!.token))).message).toBe('该扣分已开出隐患');
    expect((await errorOf(() => site!.t.call('safety.removeDeduction', { id: again.sheets[0]!.deductions[0]!.id }, site!.token))).message).toBe('该扣分已开出隐患,不能删除');
  });

  it('回复 with photos, 复查 fails and reopens with a new 限期, passes on the second round: 销项, every step kept', async () => {
    site = await openSafetySite();
    const { hazard } = await hazardFromDeduction(site);
    const id = hazard.rectificationId;
    // The operator replies for the 整改责任人, with two photos.
    let r = await site.t.call('rectification.reply', { id, measures: '已加装箱门', rectifierName: '张工', repliedOn: '2020-02-17', photos: [photo('整改后1.jpg'), photo('整改后2.png', PNG_BYTES, 'image/png')] }, site.operator);
    expect(r).toMatchObject({ state: 'replied', stateLabel: '待复查' });
    expect(r.history.at(-1)!.files.map((f) => f.fileName)).toEqual(['整改后1.jpg', '整改后2.png']);
    // Not by the rectifier: the same account, or the same name.
    expect((await errorOf(() => site!.t.call('rectification.review', { id, passed: true, opinion: '合格', reviewerName: '王建国', reviewedOn: '2020-02-17' }, site!.operator))).code).toBe('FORBIDDEN');
    const before = snapshot(site.t.app);
    expect((await errorOf(() => site!.t.call('rectification.review', { id, passed: true, opinion: '合格', reviewerName: '张工', reviewedOn: '2020-02-17' }, site!.token))).message).toBe('复查人不能是整改人(张工)');
    expect((await errorOf(() => site!.t.call('rectification.review', { id, passed: false, opinion: '未设防雨措施', reviewerName: '王建国', reviewedOn: '2020-02-17' }, site!.token))).message).toBe('复查不合格时须给出新的整改限期');
    expect(snapshot(site.t.app)).toEqual(before);
    r = await site.t.call('rectification.review', { id, passed: false, opinion: '未设防雨措施', reviewerName: '王建国', reviewedOn: '2020-02-17', newDeadline: '2020-02-18' }, site.token);
    expect(r).toMatchObject({ state: 'reopened', deadline: '2020-02-18', reviews: 1 });
    expect(r.marks).toContain('复查不合格,第 2 次整改');
    // Overdue the day after the new 限期; then it may be escalated.
    site.t.clock.set('2020-02-19T10:00:00+08:00');
    site.operator = await site.t.signIn(OPERATOR.idNumber, OPERATOR.password);
    await site.t.call('projects.enter', { projectId: site.projectId }, site.operator);
    r = await site.t.call('rectification.get', { id }, site.operator);
    expect(r.overdueDays).toBe(1);
    expect(r.marks).toContain('已逾期 1 天');
    expect((await site.t.call('rectification.list', { status: 'overdue' }, site.operator)).rows.map((x) => x.id)).toEqual([id]);
    r = await site.t.call('rectification.escalate', { id, to: '项目经理', note: '逾期未回复' }, site.operator);
    expect(r.marks).toContain('已升级 1 次');
    r = await site.t.call('rectification.reply', { id, measures: '已加装防雨罩', rectifierName: '张工', repliedOn: '2020-02-19', photos: [photo('防雨罩.jpg')] }, site.operator);
    expect(r.history.at(-1)!.late).toBe(true);
    const manager = await site.t.signIn(MANAGER.idNumber, MANAGER.password);
    await site.t.call('projects.enter', { projectId: site.projectId }, manager);
    r = await site.t.call('rectification.review', { id, passed: true, opinion: '整改合格,同意销项', reviewerName: '王建国', reviewedOn: '2020-02-19' }, manager);
    expect(r).toMatchObject({ state: 'closed', stateLabel: '已销项', closedOn: '2020-02-19', reviews: 2, overdueDays: 0 });
    expect(r.history.map((e) => e.typeLabel)).toEqual(['发现', '整改通知', '整改回复', '复查不合格', '升级', '整改回复', '复查合格']);
    // Closed is closed.
    expect((await errorOf(() => site!.t.call('rectification.reply', { id, measures: 'x', rectifierName: '张工', repliedOn: '2020-02-19', photos: [] }, site!.operator))).message).toMatch(/已销项,不能回复/);
    // The 台账 of February has it, closed.
    const ledger = await site.t.call('safety.hazards', { month: '2020-02' }, manager);
    expect(ledger.rows.map((x) => [x.title, x.stateLabel, x.closedOn])).toEqual([['箱体未设门、锁,未采取防雨措施,每处扣2分', '已销项', '2020-02-19']]);
    expect(countRows(site.t, 'attachments')).toBe(3);
  });

  it('checks photos by their bytes, and dates: not in the future, not before the step answered', async () => {
    site = await openSafetySite();
    const { hazard } = await hazardFromDeduction(site);
    const id = hazard.rectificationId;
    const before = snapshot(site.t.app);
    expect((await errorOf(() => site!.t.call('rectification.reply', { id, measures: 'x', rectifierName: '张工', repliedOn: '2020-02-17', photos: [{ fileName: 'a.jpg', mime: 'image/jpeg', dataBase64: PDF_BYTES.toString('base64') }] }, site!.operator))).message).toMatch(/不是有效的 jpg、png 文件/);
    expect((await errorOf(() => site!.t.call('rectification.reply', { id, measures: 'x', rectifierName: '张工', repliedOn: '2020-02-18', photos: [] }, site!.operator))).message).toMatch(/回复日期不能晚于今天/);
    expect((await errorOf(() => site!.t.call('rectification.reply', { id, measures: 'x', rectifierName: '张工', repliedOn: '2020-02-16', photos: [] }, site!.operator))).message).toMatch(/不能早于整改通知日期/);
    expect((await errorOf(() => site!.t.call('rectification.escalate', { id, to: '监理单位', note: 'x' }, site!.operator))).message).toMatch(/无需升级/);
    expect(snapshot(site.t.app)).toEqual(before);
  });
});

describe('a 重大隐患', () => {
  it('after a passed 复查 waits for the 项目经理; closing needs the 治理方案 and a manager', async () => {
    site = await openSafetySite();
    const { hazard } = await hazardFromDeduction(site, 'major');
    const id = hazard.rectificationId;
    expect(hazard.marks).toContain('重大隐患,未上传治理方案');
    await site.t.call('rectification.reply', { id, measures: '更换全部分配电箱', rectifierName: '张工', repliedOn: '2020-02-17', photos: [] }, site.operator);
    let r = await site.t.call('rectification.review', { id, passed: true, opinion: '合格', reviewerName: '王建国', reviewedOn: '2020-02-17' }, site.token);
    expect(r).toMatchObject({ state: 'verified', stateLabel: '复查合格,待项目经理签字销项' });
    expect((await errorOf(() => site!.t.call('rectification.close', { id, opinion: '同意销项' }, site!.token))).message).toBe('重大隐患销项前须上传治理方案');
    r = await site.t.call('rectification.attachPlan', { id, file: { fileName: '治理方案.pdf', mime: 'application/pdf', dataBase64: PDF_BYTES.toString('base64') }, note: '经专家论证' }, site.operator);
    expect(r.marks).not.toContain('重大隐患,未上传治理方案');
    expect((await errorOf(() => site!.t.call('rectification.close', { id, opinion: '同意销项' }, site!.operator))).code).toBe('FORBIDDEN');
    r = await site.t.call('rectification.close', { id, opinion: '同意销项' }, site.token);
    expect(r).toMatchObject({ state: 'closed', closedOn: '2020-02-17' });
    expect(r.history.at(-1)).toMatchObject({ typeLabel: '销项', signerName: '王建国', signerRole: '项目经理' });
  });

  it('a 一般隐患 takes no 治理方案', async () => {
    site = await openSafetySite();
    const { hazard } = await hazardFromDeduction(site);
    expect((await errorOf(() => site!.t.call('rectification.attachPlan', { id: hazard.rectificationId, file: { fileName: '方案.pdf', mime: 'application/pdf', dataBase64: PDF_BYTES.toString('base64') }, note: '' }, site!.token))).message).toBe('只有重大隐患须上传治理方案');
  });
});
