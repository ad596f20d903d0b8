// The printed forms of 建材管理: 材料进场验收记录 (with the 监理's 报审 opinion), 见证取样送检委托单 /
// 见证记录 of one sample, the 见证取样和送检台账, and the 不合格材料处置记录. Drawn by the report worker
// (services/reports/).
import { and, eq } from 'drizzle-orm';
import { materialDispositions, materialSamples } from '../../../db/schema';
import { ApiError } from '../../common/errors';
import type { GeneratedFile } from '../../common/contract-reports';
import type { ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { renderPdf } from '../reports/render';
import { fileName, fileOf, headingFor, PDF_MIME } from '../reports/output';
import { signatureLines, signatureText } from '../parties/signature-text';
import { partiesProfile } from '../parties/profile';
import { batchView } from './batches';
import { dispositionViews } from './reports';
import { ledgerSamples } from './samples';

const BAD = { color: '#c0392b', bold: true } as const;

export async function acceptancePdf(s: Services, actor: ProjectActor, input: ParsedInput<'materials.acceptancePdf'>): Promise<GeneratedFile> {
  const b = batchView(s, actor, input.id);
  const heading = headingFor(s, actor, '材料进场验收记录', { dateLabel: '进场日期', date: b.receivedOn });
  const pdf = await renderPdf(heading, async (report) => {
    report.title('材料进场验收记录');
    report.note(`工程名称:${heading.projectName}    施工单位:${partiesProfile(s.db, actor.projectId).constructionName}`, 'center');
    await report.fields([
      ['材料名称', b.name], ['材料类别', b.materialTypeName],
      ['规格型号', b.spec], ['牌号/强度等级', b.grade],
      ['进场数量', `${b.quantity} ${b.unit}`], ['批号/炉罐号', b.batchNo],
      ['生产厂家', b.manufacturer], ['供货单位', b.supplier],
      ['送货单号', b.deliveryNote], ['备案证明编号', b.filingNo || '—'],
      ['进场日期', b.receivedOn], ['拟用部位', b.intendedUse || '—'],
      ['见证取样', b.compulsory ? '须见证取样送检' : '不属于必须见证的材料'], ['收料人', b.receiver],
    ]);
    report.section('随货资料及外观检查');
    await report.fields([
      ['随货资料', b.documents.join('、') || '无'],
      ['外观检查', `${b.appearanceOk ? '合格' : '不合格'}${b.appearanceNote ? `:${b.appearanceNote}` : ''}`],
      ['扫描件', b.files.map((f) => f.fileName).join('、') || '无'],
    ], 1);
    report.section('工程材料、构配件、设备报审 · 监理审查意见');
    const approval = b.signatures.find((g) => g.position === 'supervision_engineer');
    report.paragraph(approval ? `${approval.verdict}使用。${approval.opinion}` : '尚未审查:未经监理审批的材料不得使用。', 10);
    await report.fields(signatureLines(b.signatures, ['supervision_engineer']), 1);
    report.section('取样送检');
    await report.table([
      { label: '试样编号', weight: 10 }, { label: '取样时间', weight: 11 }, { label: '组数', weight: 4, align: 'center' }, { label: '取样人', weight: 7 },
      { label: '见证人', weight: 7 }, { label: '报告编号', weight: 10 }, { label: '结论', weight: 6, align: 'center' },
    ], b.sampleRows.map((x) => ({
      cells: [x.sampleNo, x.sampledAt, String(x.groups), x.samplerName, x.witnessed ? x.witnessName : `${x.witnessName || '无见证'}(未签)`, x.reportNo ?? '', x.conclusion === 'fail' ? '不合格' : x.conclusion === 'pass' ? '合格' : '待出'],
      style: x.conclusion === 'fail' ? BAD : undefined,
    })), { empty: '尚未取样', fontSize: 8.5 });
    report.note(`使用状态:${b.usability.usable ? '可以使用' : b.usability.reasons.join(';')}`);
    report.signatures(['收料人', '项目材料员', '专业监理工程师']);
  });
  return fileOf(fileName(['材料进场验收记录', b.name, b.batchNo, b.receivedOn], 'pdf'), PDF_MIME, pdf);
}

export async function samplePdf(s: Services, actor: ProjectActor, input: ParsedInput<'materials.samplePdf'>): Promise<GeneratedFile> {
  const x = s.db.select().from(materialSamples).where(and(eq(materialSamples.id, input.id), eq(materialSamples.projectId, actor.projectId))).get();
  if (!x) throw new ApiError('NOT_FOUND', '未找到该试样');
  const b = batchView(s, actor, x.batchId);
  const row = b.sampleRows.find((r) => r.id === x.id)!;
  const profile = partiesProfile(s.db, actor.projectId);
  const heading = headingFor(s, actor, '见证取样送检委托单及见证记录', { dateLabel: '取样日期', date: x.sampledOn });
  const pdf = await renderPdf(heading, async (report) => {
    report.title('见证取样送检委托单');
    report.note(`委托单号:${x.commissionNo}    检测机构:${x.lab}`, 'center');
    await report.fields([
      ['工程名称', heading.projectName], ['委托单位', profile.constructionName],
      ['建设单位', profile.ownerName || '—'], ['监理单位', profile.supervisorName || '—'],
      ['样品名称', `${b.materialTypeName} · ${b.name}`], ['规格/强度等级', [b.spec, b.grade].filter(Boolean).join(' ')],
      ['生产厂家', b.manufacturer], ['批号/炉罐号', b.batchNo],
      ['代表数量', `${b.quantity} ${b.unit}`], ['试样编号', x.sampleNo],
      ['组数', String(x.groups)], ['养护方式', row.curingLabel],
      ['成型日期', x.castOn ?? '—'], ['龄期到期', row.dueOn ?? '—'],
      ['取样部位', row.location], ['浇筑记录', row.pourLabel || '—'],
    ]);
    report.section('见证记录');
    await report.fields([
      ['取样时间', x.sampledAt], ['封样编号', x.sealNo],
      ['取样人', x.samplerName], ['见证人', x.witnessName || '无见证送检'],
      ['见证签字', row.witnessed ? `已签字(${row.witnessedOn})` : x.witnessName ? '未签字' : '—'], ['见证性质', row.retest ? '不合格复试' : '常规取样'],
    ]);
    report.paragraph('见证人在取样现场对取样和封样全过程见证,试样封样后由取样人、见证人共同送检。', 9.5);
    report.signatures(['取样人', '见证人', '检测机构收样人']);
  });
  return fileOf(fileName(['见证取样送检委托单', x.sampleNo], 'pdf'), PDF_MIME, pdf);
}

export async function ledgerPdf(s: Services, actor: ProjectActor, input: ParsedInput<'materials.ledgerPdf'>): Promise<GeneratedFile> {
  const rows = ledgerSamples(s, actor, input.month);
  const heading = headingFor(s, actor, '见证取样和送检台账', { landscape: true, ...(input.month ? { dateLabel: '月份', date: input.month } : {}) });
  const witnessed = rows.filter((r) => r.witnessed).reduce((n, r) => n + r.groups, 0);
  const total = rows.reduce((n, r) => n + r.groups, 0);
  const pdf = await renderPdf(heading, async (report) => {
    report.title('见证取样和送检台账');
    report.note(`${input.month ? `${input.month} · ` : ''}共 ${rows.length} 份试样 ${total} 组,其中见证 ${witnessed} 组;不合格 ${rows.filter((r) => r.conclusion === 'fail').length} 份`, 'center');
    await report.table([
      { label: '序号', weight: 3, align: 'center' }, { label: '取样时间', weight: 8 }, { label: '材料名称及规格', weight: 15 }, { label: '取样部位', weight: 10 },
      { label: '试样编号', weight: 8 }, { label: '组数', weight: 3, align: 'center' }, { label: '养护', weight: 5 }, { label: '取样人', weight: 5 }, { label: '见证人', weight: 6 },
      { label: '封样编号', weight: 6 }, { label: '检测机构', weight: 9 }, { label: '委托单号', weight: 6 }, { label: '报告编号', weight: 8 }, { label: '结论', weight: 4, align: 'center' },
    ], rows.map((r, i) => ({
      cells: [String(i + 1), r.sampledAt, `${r.materialTypeName}\n${r.batchLabel}`, r.location, r.sampleNo, String(r.groups), r.curing === 'none' ? '' : r.curingLabel, r.samplerName,
        r.witnessName ? `${r.witnessName}${r.witnessed ? '' : '(未签)'}` : '无见证', r.sealNo, r.lab, r.commissionNo, r.reportNo ?? r.resultStatusLabel,
        r.conclusion === 'fail' ? '不合格' : r.conclusion === 'pass' ? '合格' : ''],
      style: r.conclusion === 'fail' || r.resultStatus === 'overdue' ? BAD : undefined,
    })), { fontSize: 7.5, empty: '没有取样记录' });
    report.signatures(['项目试验员', '见证人']);
  });
  return fileOf(fileName(['见证取样和送检台账', input.month ?? heading.date], 'pdf'), PDF_MIME, pdf);
}

export async function dispositionPdf(s: Services, actor: ProjectActor, input: ParsedInput<'materials.dispositionPdf'>): Promise<GeneratedFile> {
  const row = s.db.select().from(materialDispositions).where(and(eq(materialDispositions.id, input.id), eq(materialDispositions.projectId, actor.projectId))).get();
  if (!row) throw new ApiError('NOT_FOUND', '未找到该不合格处置');
  const d = dispositionViews(s, actor, [row])[0]!;
  const b = batchView(s, actor, d.batchId);
  const report0 = b.reports.find((r) => r.id === d.reportId)!;
  const heading = headingFor(s, actor, '不合格材料处置记录', { dateLabel: '报告日期', date: report0.reportedOn });
  const pdf = await renderPdf(heading, async (report) => {
    report.title('不合格材料处置记录');
    await report.fields([
      ['材料名称', `${b.materialTypeName} · ${b.name}`], ['规格型号', b.spec],
      ['批号/炉罐号', b.batchNo], ['进场数量', `${b.quantity} ${b.unit}`],
      ['供货单位', b.supplier], ['进场日期', b.receivedOn],
      ['检测机构', report0.lab], ['报告编号', report0.reportNo],
    ]);
    report.section('不合格项目');
    await report.table([{ label: '检测参数', weight: 12 }, { label: '标准要求', weight: 14 }, { label: '检测结果', weight: 10 }, { label: '判定', weight: 5, align: 'center' }],
      report0.results.map((r) => ({ cells: [r.parameter, r.requirement, r.value, r.passed ? '合格' : '不合格'], style: r.passed ? undefined : BAD })));
    report.section('使用了该批材料的检验批');
    report.paragraph(d.lots.length > 0 ? d.lots.map((l) => `${l.unitName} · ${l.name}(${l.part})`).join('\n') : '无', 10);
    report.section('处置');
    await report.fields([
      ['处置方式', d.methodLabel || '待处置'], ['处置日期', d.decidedOn ?? ''],
      ['处置说明', d.description || ''], ['退货单号', d.returnNote ? `${d.returnNote}(${d.returnedOn})` : '—'],
      ['复试', d.retests.map((r) => `${r.sampleNo} ${r.reportNo ?? '待出报告'} ${r.conclusion === 'pass' ? '合格' : r.conclusion === 'fail' ? '不合格' : ''}`).join(';') || '—'], ['处置结果', `${d.stateLabel}${d.outcomeLabel ? ` · ${d.outcomeLabel}` : ''}`],
    ], 1);
    report.section('监理意见');
    const g = d.signatures[0];
    report.paragraph(g ? `${g.opinion}` : '尚未确认', 10);
    await report.fields([['专业监理工程师', signatureText(g) || '(未签)']], 1);
    report.signatures(['项目技术负责人', '专业监理工程师']);
  });
  return fileOf(fileName(['不合格材料处置记录', b.name, report0.reportNo], 'pdf'), PDF_MIME, pdf);
}
