// The printed forms of 监理报告: 工程暂停令 and 复工令 (GB/T 50319 表A.0.5 / A.0.7 layouts), 旁站记录
// (表A.0.6), the 监理月报 with its figures, and the 监理紧急报告 with its first-contact log. The 监理
// 通知单, 回复单 and 复查 print from the rectification loop (rectification.formPdf).
import { and, eq } from 'drizzle-orm';
import { supervisionMonthlyReports, supervisionSideRecords, supervisionStopOrders } from '../../../db/schema';
import { ApiError } from '../../common/errors';
import type { GeneratedFile } from '../../common/contract-reports';
import type { ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { partiesProfile } from '../parties/profile';
import { signatureText } from '../parties/signature-text';
import { renderPdf } from '../reports/render';
import { fileName, fileOf, headingFor, PDF_MIME } from '../reports/output';
import { listEmergencies } from './emergency';
import { monthlyView } from './monthly';
import { sideRecordViews } from './side-records';
import { stopOrderViews } from './stop-orders';

const BAD = { color: '#c0392b', bold: true } as const;

export async function stopOrderPdf(s: Services, actor: ProjectActor, input: ParsedInput<'supervisionReports.stopOrderPdf'>): Promise<GeneratedFile> {
  const row = s.db.select().from(supervisionStopOrders).where(and(eq(supervisionStopOrders.id, input.id), eq(supervisionStopOrders.projectId, actor.projectId))).get();
  if (!row) throw new ApiError('NOT_FOUND', '未找到该工程暂停令');
  const o = stopOrderViews(s.db, [row])[0]!;
  if (input.form === 'resume' && o.state !== 'resumed') throw new ApiError('CONFLICT', '尚未签发复工令');
  const profile = partiesProfile(s.db, actor.projectId);
  const title = input.form === 'stop' ? '工程暂停令' : '工程复工令';
  const heading = headingFor(s, actor, title, { dateLabel: '签发日期', date: input.form === 'stop' ? o.issuedOn : o.resumedOn! });
  const signer = o.signatures.find((g) => (input.form === 'stop' ? g.verdict === '签发' : g.verdict === '同意复工'));
  const pdf = await renderPdf(heading, async (report) => {
    report.title(title);
    report.note(`工程名称:${heading.projectName}    编号:${o.number}${input.form === 'resume' ? '-复' : ''}`, 'center');
    report.paragraph(`致:${profile.constructionName}(施工项目经理部)`, 10.5);
    if (input.form === 'stop') {
      report.paragraph(`由于${o.reason},现通知你方于 ${o.issuedOn} 起,暂停 ${o.scope} 施工,并按下述要求做好后续工作。`, 10.5);
      report.section('要求');
      report.paragraph(o.requirement, 10);
      await report.fields([
        ['依据', o.noticeNumber ? `监理通知单 ${o.noticeNumber}` : o.sourceTitle ?? '总监理工程师现场检查'],
        ['报告建设单位', o.reportedToOwnerOn ? `${o.reportedToOwnerOn} 已报告${profile.ownerName ? `(${profile.ownerName})` : ''}` : '未报告'],
      ], 1);
    } else {
      report.paragraph(`经审查,你方提交的复工报审(${o.resumeAppliedOn})所述整改情况符合要求,${o.scope} 可于 ${o.resumedOn} 起恢复施工。`, 10.5);
      report.section('复工报审内容');
      report.paragraph(o.resumeApplication, 10);
      report.section('总监理工程师意见');
      report.paragraph(signer?.opinion ?? '', 10);
    }
    await report.fields([['项目监理机构', profile.supervisorName || '—'], ['总监理工程师(签字、加盖执业印章)', signatureText(signer)]], 1);
    report.signatures(['总监理工程师', '施工项目经理部签收人']);
  });
  return fileOf(fileName([title, o.number], 'pdf'), PDF_MIME, pdf);
}

export async function sideRecordPdf(s: Services, actor: ProjectActor, input: ParsedInput<'supervisionReports.sideRecordPdf'>): Promise<GeneratedFile> {
  const row = s.db.select().from(supervisionSideRecords).where(and(eq(supervisionSideRecords.id, input.id), eq(supervisionSideRecords.projectId, actor.projectId))).get();
  if (!row) throw new ApiError('NOT_FOUND', '未找到该旁站记录');
  const r = sideRecordViews(s, [row])[0]!;
  const profile = partiesProfile(s.db, actor.projectId);
  const heading = headingFor(s, actor, '旁站记录', { dateLabel: '旁站日期', date: r.recordedOn });
  const pdf = await renderPdf(heading, async (report) => {
    report.title('旁站记录');
    await report.fields([
      ['工程名称', heading.projectName], ['施工单位', profile.constructionName],
      ['旁站的关键部位、关键工序', r.part], ['浇筑记录', r.pourLabel || '—'],
      ['旁站开始时间', `${r.recordedOn} ${r.startTime}`], ['旁站结束时间', `${r.recordedOn} ${r.endTime}`],
    ]);
    report.section('旁站的关键部位、关键工序施工情况');
    report.paragraph(r.construction, 10);
    report.section('监理情况');
    report.paragraph(r.supervision, 10);
    report.section('发现的问题及处理情况');
    report.paragraph(r.problems || '无', 10);
    await report.fields([['旁站监理人员', signatureText(r.signatures[0])]], 1);
    report.signatures(['旁站监理人员', '施工单位质检员']);
  });
  return fileOf(fileName(['旁站记录', r.recordedOn, r.part.slice(0, 20)], 'pdf'), PDF_MIME, pdf);
}

export async function monthlyPdf(s: Services, actor: ProjectActor, input: ParsedInput<'supervisionReports.monthlyPdf'>): Promise<GeneratedFile> {
  const row = s.db.select().from(supervisionMonthlyReports).where(and(eq(supervisionMonthlyReports.id, input.id), eq(supervisionMonthlyReports.projectId, actor.projectId))).get();
  if (!row) throw new ApiError('NOT_FOUND', '未找到该监理月报');
  const m = monthlyView(s, actor, row);
  const f = m.figures;
  const profile = partiesProfile(s.db, actor.projectId);
  const heading = headingFor(s, actor, '监理月报', { dateLabel: '月份', date: m.period });
  const chief = m.signatures.find((g) => g.position === 'chief_supervisor');
  const pdf = await renderPdf(heading, async (report) => {
    report.title(`监理月报(${m.period.replace('-', '年')}月)`);
    report.note(`${m.stateLabel}${m.revision > 1 ? ` · 第 ${m.revision} 版(${m.revisionReason})` : ''} · 报送期限 ${m.dueOn}`, 'center');
    await report.fields([
      ['工程名称', heading.projectName], ['合同报送编号', heading.contractNo],
      ['建设单位', profile.ownerName || '—'], ['施工单位', profile.constructionName],
      ['监理单位', profile.supervisorName || '—'], ['总监理工程师', chief?.signerName ?? ''],
    ]);
    report.section('本月数据(由检验批、建材、安全及监理记录汇总)');
    await report.table([{ label: '项目', weight: 12 }, { label: '本月', weight: 30 }], [
      { cells: ['检验批验收', `合格 ${f.lots.accepted} 个,不合格 ${f.lots.failed} 个;待验收 ${f.lots.awaiting} 个(不具备验收条件 ${f.lots.blocked} 个)`], style: f.lots.failed > 0 ? BAD : undefined },
      { cells: ['分项 / 分部验收', `分项 ${f.acceptances.subitems} 个,分部 ${f.acceptances.divisions} 个`] },
      { cells: ['材料进场', `${f.materials.received} 批,监理审批同意 ${f.materials.approved} 批`] },
      { cells: ['见证取样', `取样 ${f.materials.samples} 份 ${f.materials.groups} 组,见证 ${f.materials.witnessedGroups} 组;${f.materials.share.map((x) => `${x.name} ${x.share === null ? '—' : `${x.share}%`}`).join(',')}`], style: f.materials.share.some((x) => !x.meets) ? BAD : undefined },
      { cells: ['检测报告', `合格 ${f.materials.reportsPassed} 份,不合格 ${f.materials.reportsFailed} 份;逾期未出报告 ${f.materials.overdueResults} 份`], style: f.materials.reportsFailed > 0 ? BAD : undefined },
      { cells: ['不合格材料', f.materials.nonconforming.map((x) => `${x.label}(${x.reportNo},${x.state})`).join('\n') || '无'], style: f.materials.nonconforming.length > 0 ? BAD : undefined },
      { cells: ['安全检查评分', f.safety.grade ? `${f.safety.total} 分 · ${f.safety.grade}` : '本月无'] },
      { cells: ['隐患', `新发现 ${f.safety.hazardsFound},销项 ${f.safety.hazardsClosed},未销项 ${f.safety.hazardsOpen}(逾期 ${f.safety.hazardsOverdue})`], style: f.safety.hazardsOverdue > 0 ? BAD : undefined },
      { cells: ['危大工程', f.safety.dangerousWorks.join('、') || '无'] },
      { cells: ['质量问题', `新发现 ${f.quality.problemsFound},销项 ${f.quality.problemsClosed}${f.quality.measurementRate === null ? '' : `;实测实量合格率 ${f.quality.measurementRate}%`}`] },
      { cells: ['监理指令', `通知单 ${f.instruments.notices}(销项 ${f.instruments.noticesClosed}),暂停令 ${f.instruments.stopOrders},复工 ${f.instruments.resumed},旁站 ${f.instruments.sideRecords},紧急报告 ${f.instruments.emergencies}`] },
    ], { header: false, fontSize: 9, shadeColumns: [true, false] });
    report.note(`数据截至 ${m.figuresAt.slice(0, 10)}`);
    for (const section of m.sections) {
      report.section(section.title);
      report.paragraph(section.text || '(无)', 10);
    }
    await report.fields([
      ['总监理工程师', signatureText(chief) || '(未签)'],
      ['报送', m.delivery.map((d) => `${d.recipient}:${d.done ? '已送达' : '未送达'}${d.note ? `(${d.note})` : ''}`).join(';') || '未提交'],
    ], 1);
  });
  return fileOf(fileName(['监理月报', m.period, `第${m.revision}版`], 'pdf'), PDF_MIME, pdf);
}

export async function emergencyPdf(s: Services, actor: ProjectActor, input: ParsedInput<'supervisionReports.emergencyPdf'>): Promise<GeneratedFile> {
  const e = listEmergencies(s, actor).find((x) => x.id === input.id);
  if (!e) throw new ApiError('NOT_FOUND', '未找到该监理紧急报告');
  const profile = partiesProfile(s.db, actor.projectId);
  const heading = headingFor(s, actor, '监理紧急报告', { dateLabel: '报告日期', date: e.signedOn ?? e.createdAt.slice(0, 10) });
  const pdf = await renderPdf(heading, async (report) => {
    report.title('监理紧急报告');
    report.note(`编号:${e.number} · ${e.stateLabel}`, 'center');
    report.paragraph(`致:${heading.projectName} 所在监督机构${profile.ownerName ? `、${profile.ownerName}` : ''}`, 10.5);
    await report.fields([['报告情形', e.kindLabel], ['事由', e.subject], ['监理单位', profile.supervisorName || '—'], ['施工单位', profile.constructionName]]);
    report.section('报告内容');
    report.paragraph(e.content, 10);
    report.section('首次报告(电话)记录');
    await report.table([{ label: '时间', weight: 10 }, { label: '方式', weight: 5 }, { label: '报告对象', weight: 10 }, { label: '接报人', weight: 7 }, { label: '电话', weight: 9 }, { label: '内容摘要', weight: 24 }],
      e.contacts.map((c) => ({ cells: [c.contactedAt, c.channel, c.party, c.person, c.phone, c.summary] })), { fontSize: 8.5, empty: '尚未电话报告' });
    if (e.marks.length > 0) report.note(e.marks.join(';'));
    await report.fields([['总监理工程师', signatureText(e.signatures[0]) || '(未签)']], 1);
    report.signatures(['总监理工程师(签字、加盖执业印章)']);
  });
  return fileOf(fileName(['监理紧急报告', e.number], 'pdf'), PDF_MIME, pdf);
}
