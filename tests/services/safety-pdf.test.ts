// The printed forms of 安全生产标准化现场 made from a scored month and read back with poppler: the
// 汇总表 with each 分项's A1, each 分项检查评分表 in the standard's columns with its 小计 rows, the
// 月度自检评定表, the 隐患排查治理台账, the three rectification forms (the reply with its photo), the
// 特种作业人员台账, a 三级安全教育登记卡 and a 安全技术交底记录. SAFETY_PDF_DIR=<dir> keeps the PDFs
// and a PNG of each first page, to look at.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedFile } from '../../electron/common/contract-reports';
import { PNG_BYTES } from '../support/fixtures';
import { openSafetySite, preRegister, scoreExample, type SafetySite } from '../support/safety-helpers';
import { pdfBytes, pdfPageCount, pdfText } from './reports-support';
import { tool } from '../support/tools';

let site: SafetySite;
let assessmentId: string;
let rectificationId: string;
let personId: string;
let briefingId: string;

/** The 1×1 PNG fixture: pdfkit embeds it and draws it filling its box. */
const photo = { fileName: '整改后.png', mime: 'image/png' as const, dataBase64: PNG_BYTES.toString('base64') };

beforeAll(async () => {
  site = await openSafetySite();
  await site.t.call('safety.saveProfile', { floorArea: 32000, structureType: '框架剪力墙', trainingHours: null, safetyOfficers: [{ name: '陈安全', personId: null, certificateNo: '' }] }, site.token);
  const view = await scoreExample(site);
  assessmentId = view.id;
  const d = view.sheets.find((sh) => sh.tableKey === 'B.14')!.deductions[0]!;
  const hazard = await site.t.call('safety.openHazard', { deductionId: d.id, category: '施工用电', level: 'major', title: d.lineText, location: '3号楼配电房', foundOn: '2020-02-17', foundBy: '王建国', responsible: '上海申江机电 张工', deadline: '2020-02-19', requirement: '按JGJ 46整改配电室' }, site.token);
  rectificationId = hazard.rectificationId;
  await site.t.call('rectification.reply', { id: rectificationId, measures: '配电室已按要求整改', rectifierName: '张工', repliedOn: '2020-02-17', photos: [photo] }, site.operator);
  await site.t.call('rectification.review', { id: rectificationId, passed: false, opinion: '灭火器未配置', reviewerName: '王建国', reviewedOn: '2020-02-17', newDeadline: '2020-02-18' }, site.token);
  await site.t.call('safety.submit', { id: assessmentId, signerName: '王建国', opinion: '', signedOn: '2020-02-17' }, site.token);
  await site.t.call('safety.review', { id: assessmentId, step: 'supervisor_reviewed', signerName: '赵总监', opinion: '同意', signedOn: '2020-02-17' }, site.token);
  const p = await preRegister(site, '周喆');
  personId = p.id;
  await site.t.call('entries.enter', { personId, employerId: site.employer.id, workType: '130', team: '电工班', enteredOn: '2020-02-17' }, site.token);
  await site.t.call('safety.addCertificate', { personId, system: 'housing', category: '建筑电工', number: '沪A042019000123', issuer: '上海市住房和城乡建设管理委员会', issuedOn: '2018-03-01', expiresOn: '2020-03-01', nextReviewOn: null, scan: null }, site.token);
  for (const level of ['company', 'project', 'team'] as const) {
    await site.t.call('safety.addTraining', { personId, level, reason: 'new', workType: '130', trainedOn: '2020-02-16', hours: level === 'team' ? 20 : 15, trainer: '陈安全', content: '安全生产法规、现场危险源、本工种安全操作规程', score: 88, passed: true }, site.token);
  }
  briefingId = (await site.t.call('safety.addBriefing', { briefedOn: '2020-02-17', subject: '临时用电配电箱安装', content: '一、三级配电两级保护;\n二、一机一闸一漏一箱;\n三、箱体设门加锁防雨。', briefer: '蒋技术', team: '电工班', dangerous: false, safetyOfficer: '', attendees: [{ personId, signed: true }] }, site.token)).id;
}, 60000);
afterAll(() => site?.t.close());

function keep(name: string, file: GeneratedFile): Buffer {
  const bytes = pdfBytes(file);
  const dir = process.env.SAFETY_PDF_DIR;
  if (dir) {
    fs.mkdirSync(dir, { recursive: true });
    const target = path.join(dir, `${name}.pdf`);
    fs.writeFileSync(target, bytes);
    execFileSync(tool('pdftoppm'), ['-png', '-r', '60', target, path.join(dir, name)]);
  }
  return bytes;
}

/** pdftotext without spaces: columns and wrapped cells come back in pieces. */
const squeezed = (bytes: Buffer) => pdfText(bytes).replace(/\s+/g, '');

describe('the printed forms', () => {
  it('汇总表: the ten 分项 with A1 to one decimal, 缺项 for the crane, the total and the grade', async () => {
    const file = await site.t.call('safety.summaryPdf', { id: assessmentId }, site.token);
    expect(file.fileName).toBe('建筑施工安全检查评分汇总表_测试4444_2020-02.pdf');
    const text = squeezed(keep('summary', file));
    expect(text).toContain('建筑施工安全检查评分汇总表');
    expect(text).toContain('81.78');
    for (const v of ['8.0', '12.6', '7.9', '8.5', '8.2', '7.8', '4.1', '缺项']) expect(text).toContain(v);
    expect(text).toContain('评定等级:优良');
    expect(text).toContain('32000');
  });

  it('分项检查评分表: every table of the assessment, one to a page, 保证项目 / 一般项目 with their 小计', async () => {
    const file = await site.t.call('safety.sheetsPdf', { id: assessmentId }, site.token);
    const bytes = keep('sheets', file);
    expect(pdfPageCount(bytes)).toBeGreaterThanOrEqual(10);
    const text = squeezed(bytes);
    expect(text).toContain('施工用电检查评分表');
    expect(text).toContain('外电线路与在建工程及脚手架、起重机械、场内机动车道之间的安全距离不符合规范要求且未采取防护措施,扣10分');
    expect(text).toContain('小计');
    expect(text).toContain('检查项目合计');
    const one = keep('sheet-B14', await site.t.call('safety.sheetsPdf', { id: assessmentId, tableKey: 'B.14' }, site.token));
    expect(pdfText(one)).toContain('本表得分:80');
  });

  it('月度自检评定表 with the signatures so far, 隐患排查治理台账 of the month', async () => {
    const monthly = squeezed(keep('monthly', await site.t.call('safety.monthlyPdf', { id: assessmentId }, site.token)));
    expect(monthly).toContain('施工现场安全生产标准化月度自检评定表');
    expect(monthly).toContain('赵总监(2020-02-17)');
    expect(monthly).toContain('一式四份');
    const ledger = squeezed(keep('ledger', await site.t.call('safety.hazardLedgerPdf', { month: '2020-02' }, site.token)));
    expect(ledger).toContain('隐患排查治理台账(2020-02)');
    expect(ledger).toContain('3号楼配电房');
    expect(ledger).toContain('重大隐患1项');
  });

  it('整改通知单, 整改回复单 with its photo, 复查记录', async () => {
    const notice = squeezed(keep('notice', await site.t.call('rectification.formPdf', { id: rectificationId, form: 'notice' }, site.token)));
    expect(notice).toContain('安全隐患整改通知单');
    expect(notice).toContain('按JGJ46整改配电室');
    const reply = keep('reply', await site.t.call('rectification.formPdf', { id: rectificationId, form: 'reply' }, site.token));
    expect(squeezed(reply)).toContain('配电室已按要求整改');
    expect(squeezed(reply)).toContain('整改后.png');
    expect(reply.includes(Buffer.from('/Subtype /Image'))).toBe(true);
    const review = squeezed(keep('review', await site.t.call('rectification.formPdf', { id: rectificationId, form: 'review' }, site.token)));
    expect(review).toContain('复查不合格');
    expect(review).toContain('灭火器未配置');
  });

  it('特种作业人员台账, 三级安全教育登记卡, 安全技术交底记录', async () => {
    const certs = squeezed(keep('certificates', await site.t.call('safety.certificatesPdf', {}, site.token)));
    expect(certs).toContain('特种作业人员台账');
    expect(certs).toContain('周喆');
    expect(certs).toContain('即将到期');
    const card = squeezed(keep('training-card', await site.t.call('safety.trainingCardPdf', { personId }, site.token)));
    expect(card).toContain('三级安全教育登记卡');
    expect(card).toContain('班组级安全教育(不少于20学时)');
    const briefing = squeezed(keep('briefing', await site.t.call('safety.briefingPdf', { id: briefingId }, site.token)));
    expect(briefing).toContain('安全技术交底记录');
    expect(briefing).toContain('一机一闸一漏一箱');
    expect(briefing).toContain('已签字');
  });
});
