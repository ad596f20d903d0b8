// The printed forms of 质量标准化 in the layouts of GB 50300-2013's appendices: 施工现场质量管理检查
// 记录 (附录A), 检验批质量验收记录 (附录E), 分项工程质量验收记录 (附录F), 分部工程质量验收记录 (附录G),
// and the 隐蔽工程验收记录. The signatures print as they were given (signer, date, verdict); a
// position still to sign prints blank.
import { and, eq } from 'drizzle-orm';
import { qualityLotRecords } from '../../../db/schema';
import { ApiError } from '../../common/errors';
import type { GeneratedFile } from '../../common/contract-reports';
import type { ParsedInput } from '../../common/contract';
import type { SignatureView } from '../../common/contract-parties';
import type { Position } from '../../common/parties/positions';
import type { ProjectActor, Services } from '../context';
import { partiesProfile } from '../parties/profile';
import { holdersOf } from '../parties/holdings';
import { siteDate } from '../../common/site-time';
import { signatureText } from '../parties/signature-text';
import { renderPdf } from '../reports/render';
import { fileName, fileOf, headingFor, PDF_MIME } from '../reports/output';
import type { ReportWriter } from '../reports/pdf-report';
import { acceptanceView } from './acceptances';
import { concealedView } from './concealed';
import { lotView } from './lots';
import { subitemParts } from './order';
import { siteCheck } from './site-check';

const BAD = { color: '#c0392b', bold: true } as const;
const signed = (signatures: SignatureView[], p: Position) => signatureText(signatures.find((g) => g.position === p));

/** A block of the form: its heading cell, what it says, and who signs it (position: signature). */
async function signedBlock(report: ReportWriter, heading: string, text: string, lines: [string, string][]): Promise<void> {
  await report.table([{ label: '', weight: 6 }, { label: '', weight: 22 }], [
    { cells: [heading, `${text}\n${lines.map(([who, g]) => `${who}:${g || '          '}`).join('\n')}`] },
  ], { header: false, fontSize: 9.5, shadeColumns: [true, false] });
}

// ---- 检验批质量验收记录 (附录E)

export async function lotPdf(s: Services, actor: ProjectActor, input: ParsedInput<'quality.lotPdf'>): Promise<GeneratedFile> {
  const record = s.db.select().from(qualityLotRecords).where(and(eq(qualityLotRecords.id, input.recordId), eq(qualityLotRecords.projectId, actor.projectId))).get();
  if (!record) throw new ApiError('NOT_FOUND', '未找到该检验批记录');
  const lot = lotView(s, actor, record.lotId);
  const r = lot.records.find((x) => x.id === record.id)!;
  const profile = partiesProfile(s.db, actor.projectId);
  const heading = headingFor(s, actor, '检验批质量验收记录', { dateLabel: '检查日期', date: r.inspectedOn });
  const number = `${lot.subitemCode}-${lot.id.slice(-4).toUpperCase()}-${r.revision}`;
  const pdf = await renderPdf(heading, async (report) => {
    report.title(`${lot.subitemName}检验批质量验收记录`);
    report.note(`编号:${number}${r.revision > 1 ? `    第 ${r.revision} 版 · ${r.pathLabel}` : ''}`, 'center');
    await report.fields([
      ['单位(子单位)工程名称', lot.unitName], ['分部(子分部)工程名称', `${lot.divisionName} / ${lot.subdivisionName}`], ['分项工程名称', lot.subitemName],
      ['施工单位', profile.constructionName], ['项目负责人', managerName(s, actor)], ['检验批容量', `${lot.capacity} ${lot.capacityUnit}`],
      ['分包单位', '—'], ['分包单位项目负责人', '—'], ['检验批部位', `${lot.name} · ${lot.part}`],
      ['施工依据', '施工图及施工方案'], ['验收依据', `${r.edition.key} 第 ${r.edition.edition} 版及专业验收规范`], ['监理单位', profile.supervisorName || '—'],
    ], 3);
    await report.table([
      { label: '', weight: 3, align: 'center' }, { label: '序号', weight: 2, align: 'center' }, { label: '验收项目', weight: 14 }, { label: '设计要求及规范规定', weight: 14 },
      { label: '最小/实际\n抽样数量', weight: 6, align: 'center' }, { label: '检查记录', weight: 12 }, { label: '检查结果', weight: 7, align: 'center' },
    ], r.items.map((i) => ({
      cells: [i.group === 'main' ? '主控项目' : '一般项目', String(i.no), i.name, i.requirement, `${i.fullCheck ? '全数' : i.minimum}/${i.sampled}`,
        `${i.note ? `${i.note};` : ''}合格 ${i.qualified}/${i.sampled}${i.severeDefect ? ';有严重缺陷' : ''}`,
        i.group === 'main' ? (i.passed ? '√' : '×') : `${i.rate ?? 0}%${i.passed ? '' : ' ×'}`],
      style: i.passed ? undefined : BAD,
    })), { fontSize: 8.5, mergeColumns: [0] });
    if (r.judgement.reasons.length > 0) report.note(`不符合之处:${r.judgement.reasons.join(';')}`);
    if (r.pathNote) report.note(`处理依据(${r.pathLabel}):${r.pathNote}`);
    const self = r.signatures.filter((g) => g.position !== 'supervision_engineer');
    await signedBlock(report, '施工单位\n检查结果', self.length > 0 ? '主控项目全部合格,一般项目满足规范规定要求,检查结果符合要求。' : '', [
      ['专业工长', signed(r.signatures, 'foreman')], ['项目专业质量检查员', signed(r.signatures, 'quality_inspector')],
    ]);
    const decision = r.signatures.find((g) => g.position === 'supervision_engineer');
    await signedBlock(report, '监理单位\n验收结论', decision ? `${decision.verdict}。${decision.opinion}` : '', [['专业监理工程师', signatureText(decision)]]);
  });
  return fileOf(fileName(['检验批质量验收记录', lot.subitemName, lot.name, `第${r.revision}版`], 'pdf'), PDF_MIME, pdf);
}

/** The 施工单位's 项目负责人: the project's (first, active) manager account. */
function managerName(s: Services, actor: ProjectActor): string {
  return holdersOf(s.db, actor.projectId, 'project_manager', siteDate(s.clock.now()))[0]?.name ?? '';
}

// ---- 分项 (附录F) and 分部 (附录G)

export async function acceptancePdf(s: Services, actor: ProjectActor, input: ParsedInput<'quality.acceptancePdf'>): Promise<GeneratedFile> {
  const a = acceptanceView(s, actor, input.unitId, input.level, input.code);
  const profile = partiesProfile(s.db, actor.projectId);
  const title = input.level === 'subitem' ? '分项工程质量验收记录' : '分部工程质量验收记录';
  const heading = headingFor(s, actor, title);
  const pdf = await renderPdf(heading, async (report) => {
    report.title(`${a.name}${title}`);
    report.note(`状态:${a.stateLabel}${a.blockers.length > 0 ? `(${a.blockers.join(';')})` : ''}`, 'center');
    if (a.level === 'subitem') {
      const { rows } = subitemParts(s.db, a.unitId, a.code);
      await report.fields([
        ['单位(子单位)工程名称', a.unitName], ['分部(子分部)工程名称', a.divisionName], ['分项工程名称', a.name],
        ['施工单位', profile.constructionName], ['项目负责人', managerName(s, actor)], ['检验批数量', String(rows.length)],
        ['分包单位', '—'], ['分包单位项目负责人', '—'], ['分包内容', '—'],
      ], 3);
      await report.table([
        { label: '序号', weight: 3, align: 'center' }, { label: '检验批名称', weight: 14 }, { label: '检验批容量', weight: 6, align: 'center' }, { label: '部位/区段', weight: 14 },
        { label: '施工单位检查结果', weight: 10, align: 'center' }, { label: '监理单位验收结论', weight: 10, align: 'center' },
      ], rows.map((l, i) => ({
        cells: [String(i + 1), l.name, `${l.capacity} ${l.capacityUnit}`, l.part, l.status === 'accepted' || l.status === 'self_checked' ? '符合要求' : l.statusLabel, l.status === 'accepted' ? '合格' : l.status === 'failed' ? '不合格' : ''],
        style: l.status === 'failed' ? BAD : undefined,
      })), { fontSize: 8.5, empty: '没有检验批' });
      report.note('说明:所含检验批的质量均应验收合格,所含检验批的质量验收记录应完整。');
      await signedBlock(report, '施工单位\n检查结果', a.signatures.some((g) => g.position === 'specialty_technical_lead') ? '符合要求' : '', [['项目专业技术负责人', signed(a.signatures, 'specialty_technical_lead')]]);
      const decision = a.signatures.find((g) => g.position === 'supervision_engineer');
      await signedBlock(report, '监理单位\n验收结论', decision ? `${decision.verdict}。${decision.opinion}` : '', [['专业监理工程师', signatureText(decision)]]);
    } else {
      await report.fields([
        ['单位(子单位)工程名称', a.unitName], ['分部工程名称', a.name], ['分项工程数量', String(a.parts.length)],
        ['施工单位', profile.constructionName], ['项目负责人', managerName(s, actor)], ['技术(质量)负责人', signed(a.signatures, 'technical_lead').split('  ')[0] ?? ''],
      ], 3);
      await report.table([
        { label: '序号', weight: 3, align: 'center' }, { label: '分项工程名称', weight: 18 }, { label: '检验批数量', weight: 6, align: 'center' },
        { label: '施工单位检查结果', weight: 10, align: 'center' }, { label: '监理单位验收结论', weight: 10, align: 'center' },
      ], a.parts.map((p, i) => ({
        cells: [String(i + 1), p.name, String(subitemParts(s.db, a.unitId, p.id).rows.length), p.accepted ? '符合要求' : '', p.accepted ? '合格' : p.result],
        style: p.accepted ? undefined : BAD,
      })), { fontSize: 8.5, empty: '没有分项工程' });
      await report.fields([['质量控制资料', '完整'], ['安全和功能检验结果', '符合要求'], ['观感质量检验结果', '好']], 3);
      const decision = a.signatures.find((g) => g.position === 'chief_supervisor');
      await signedBlock(report, '综合验收结论', decision ? `${decision.verdict}。${decision.opinion}` : '', a.signers.map((p) => [unitOfSigner(p.position, profile), signed(a.signatures, p.position)]));
    }
  });
  return fileOf(fileName([title, a.unitName, a.name], 'pdf'), PDF_MIME, pdf);
}

function unitOfSigner(p: Position, profile: ReturnType<typeof partiesProfile>): string {
  switch (p) {
    case 'project_manager': return `施工单位项目负责人(${profile.constructionName})`;
    case 'technical_lead': return '施工单位项目技术负责人';
    case 'survey_lead': return `勘察单位项目负责人(${profile.surveyName || '—'})`;
    case 'design_lead': return `设计单位项目负责人(${profile.designName || '—'})`;
    case 'chief_supervisor': return `监理单位总监理工程师(${profile.supervisorName || '—'})`;
    default: return p;
  }
}

// ---- 隐蔽工程验收记录

export async function concealedPdf(s: Services, actor: ProjectActor, input: ParsedInput<'quality.concealedPdf'>): Promise<GeneratedFile> {
  const c = concealedView(s, actor, input.id);
  const profile = partiesProfile(s.db, actor.projectId);
  const heading = headingFor(s, actor, '隐蔽工程验收记录', { dateLabel: '检查日期', date: c.checkedOn });
  const pdf = await renderPdf(heading, async (report) => {
    report.title('隐蔽工程验收记录');
    await report.fields([
      ['工程名称', heading.projectName], ['单位(子单位)工程', c.unitName],
      ['施工单位', profile.constructionName], ['监理单位', profile.supervisorName || '—'],
      ['隐蔽部位', c.part], ['检查日期', c.checkedOn],
      ['相关检验批', c.lots.map((l) => `${l.name}(${l.part})`).join('、')], ['状态', c.stateLabel],
    ]);
    report.section('隐蔽内容');
    report.paragraph(c.content, 10);
    await signedBlock(report, '施工单位\n检查意见', c.signatures.some((g) => g.position === 'quality_inspector') ? '符合设计及规范要求,申请隐蔽验收。' : '', [['项目专业质量检查员', signed(c.signatures, 'quality_inspector')]]);
    const decision = c.signatures.find((g) => g.position === 'supervision_engineer');
    await signedBlock(report, '监理单位\n验收意见', decision ? `${decision.verdict === '合格' ? '同意隐蔽' : '不同意隐蔽'}。${decision.opinion}` : '', [['专业监理工程师', signatureText(decision)]]);
  });
  return fileOf(fileName(['隐蔽工程验收记录', c.part, c.checkedOn], 'pdf'), PDF_MIME, pdf);
}

// ---- 施工现场质量管理检查记录 (附录A)

export async function siteCheckPdf(s: Services, actor: ProjectActor): Promise<GeneratedFile> {
  const c = siteCheck(s, actor);
  const profile = partiesProfile(s.db, actor.projectId);
  const heading = headingFor(s, actor, '施工现场质量管理检查记录');
  const pdf = await renderPdf(heading, async (report) => {
    report.title('施工现场质量管理检查记录');
    report.note('开工日期:', 'center');
    await report.fields([
      ['工程名称', heading.projectName], ['施工许可证号', ''],
      ['建设单位', profile.ownerName || '—'], ['项目负责人', ''],
      ['设计单位', profile.designName || '—'], ['项目负责人', ''],
      ['监理单位', profile.supervisorName || '—'], ['总监理工程师', signed(c.signatures, 'chief_supervisor').split('  ')[0] ?? ''],
      ['施工单位', profile.constructionName], ['项目负责人', managerName(s, actor)],
    ]);
    await report.table([{ label: '序号', weight: 3, align: 'center' }, { label: '项目', weight: 16 }, { label: '主要内容', weight: 30 }],
      c.items.map((i) => ({ cells: [String(i.no), i.name, i.content] })), { fontSize: 9 });
    await signedBlock(report, '自检结果', '', [['施工单位项目负责人', signed(c.signatures, 'project_manager')]]);
    await signedBlock(report, '检查结论', c.conclusion, [['总监理工程师', signed(c.signatures, 'chief_supervisor')]]);
  });
  return fileOf(fileName(['施工现场质量管理检查记录', heading.date], 'pdf'), PDF_MIME, pdf);
}
