// The printed forms of 安全生产标准化现场, in the layouts of JGJ 59-2011 and of the site's paper
// records: the 汇总表 (附录A), each 分项检查评分表 (附录B), the 月度自检评定表, the 隐患排查治理台账,
// the 特种作业人员台账, the 三级安全教育登记卡 and the 安全技术交底记录. Drawn by the report worker with
// the embedded CJK font (services/reports/).
import type { GeneratedFile } from '../../common/contract-reports';
import type { ParsedInput } from '../../common/contract';
import type { AssessmentView } from '../../common/contract-safety';
import { GUARANTEED } from '../../common/rules/jgj59';
import { hazardLevelLabels, trainingLevelLabels } from '../../common/safety/labels';
import { trainingLevels } from '../../common/rules/safety';
import type { ProjectActor, Services } from '../context';
import { getPerson } from '../pre-registration';
import type { ReportColumn, ReportRow, ReportWriter } from '../reports/pdf-report';
import { renderPdf } from '../reports/render';
import { allRows, fileName, fileOf, headingFor, PDF_MIME, projectOf } from '../reports/output';
import { assessmentView } from './assessments';
import { listHazards } from './hazards';
import { briefing, listCertificates, trainingsOf } from './people';
import { trainingHoursOf } from './profile';

const BAD = { color: '#c0392b', bold: true } as const;

/** A score as the forms print it: integers as they are, others with `decimals`. */
function shown(value: number | null, decimals: number): string {
  if (value === null) return '缺项';
  return Number.isInteger(value) ? String(value) : value.toFixed(decimals);
}

function signatureOf(a: AssessmentView, step: string): string {
  const g = a.signatures.find((x) => x.step === step);
  return g ? `${g.signerName}(${g.signedOn})` : '';
}

function assessmentLabel(a: AssessmentView): string {
  return `${a.period} ${a.kindLabel}${a.subject ? `(${a.subject})` : ''}${a.revision > 1 ? ` 第 ${a.revision} 版` : ''} · ${a.stateLabel}`;
}

// ---- 汇总表 (附录A)

export async function summaryPdf(s: Services, actor: ProjectActor, input: ParsedInput<'safety.summaryPdf'>): Promise<GeneratedFile> {
  const a = assessmentView(s, actor, input.id);
  const project = projectOf(s, actor);
  const heading = headingFor(s, actor, '建筑施工安全检查评分汇总表', { landscape: true, dateLabel: '检查日期', date: a.checkedOn });
  const columns: ReportColumn[] = [
    { label: '单位工程\n(施工现场)名称', weight: 14 },
    { label: '建筑面积\n(m²)', weight: 7, align: 'center' },
    { label: '结构类型', weight: 7, align: 'center' },
    { label: '总计得分\n(满分100分)', weight: 8, align: 'center' },
    ...a.score.items.map((i) => ({ label: `${i.name}\n(满分${i.weight}分)`, weight: i.name.length > 6 ? 9 : 7, align: 'center' as const })),
  ];
  const row: ReportRow = {
    cells: [project.name, a.floorArea > 0 ? String(a.floorArea) : '', a.structureType, a.score.totalText || '—', ...a.score.items.map((i) => (i.points === null ? '缺项' : i.points.toFixed(1)))],
    style: a.score.grade === '不合格' ? { color: BAD.color } : undefined,
  };
  const pdf = await renderPdf(heading, async (report) => {
    report.title('建筑施工安全检查评分汇总表');
    report.note(`表A · 企业名称:${project.generalContractor}    资质等级:        ${assessmentLabel(a)}`, 'center');
    await report.table(columns, [row], { fontSize: 8.5 });
    report.section('评语');
    report.paragraph(`评定等级:${a.score.grade ?? '未评定'}${a.score.totalText ? `(总计得分 ${a.score.totalText})` : ''}`, 10.5);
    report.paragraph(a.score.explanations.join('\n'), 9);
    await report.fields([
      ['检查单位', a.inspector],
      ['负责人', signatureOf(a, 'submitted')],
      ['受检项目', project.name],
      ['项目经理', signatureOf(a, 'locked')],
    ], 2);
    report.gap(6);
    report.note('注:A1 = 分项满分 × 分项检查评分表得分 ÷ 100(保留一位小数);有缺项时总计得分 = ΣA1 ÷ 检查分项满分合计 × 100;评定等级按未经舍入的得分判定。');
  });
  return fileOf(fileName(['建筑施工安全检查评分汇总表', project.name, a.period], 'pdf'), PDF_MIME, pdf);
}

// ---- 分项检查评分表 (附录B)

async function sheetPage(report: ReportWriter, a: AssessmentView, sheet: AssessmentView['sheets'][number], projectName: string): Promise<void> {
  const def = sheet.definition;
  const score = a.score.tables.find((t) => t.tableKey === sheet.tableKey)!;
  const split = def.items.some((i) => i.group !== undefined);
  report.title(`${def.title}`);
  report.note(`表${def.table} · 工程名称:${projectName} · ${assessmentLabel(a)} · 检查日期:${a.checkedOn} · 第 ${sheet.edition.edition} 版${sheet.edition.origin === 'corrected' ? '(已更正)' : ''}`, 'center');
  const deductedOf = (no: number) => sheet.deductions.filter((d) => d.itemNo === no).reduce((n, d) => n + d.points, 0);
  const columns: ReportColumn[] = [
    { label: '序号', weight: 4, align: 'center' },
    ...(split ? [{ label: '', weight: 3.5, align: 'center' as const }] : []),
    { label: '检查项目', weight: 10, align: 'center' },
    { label: '扣分标准', weight: 50 },
    { label: '应得\n分数', weight: 5, align: 'center' },
    { label: '扣减\n分数', weight: 5, align: 'center' },
    { label: '实得\n分数', weight: 5, align: 'center' },
  ];
  const rows: ReportRow[] = [];
  const vertical = (t: string) => t.split('').join('\n');
  const subtotal = (group: string) => {
    const items = def.items.filter((i) => i.group === group && !sheet.missingItems.includes(i.no));
    const max = items.reduce((n, i) => n + i.points, 0);
    const deducted = items.reduce((n, i) => n + Math.min(deductedOf(i.no), i.points), 0);
    return { max, deducted, got: max - deducted };
  };
  for (const item of def.items) {
    const missing = sheet.missingItems.includes(item.no);
    const deducted = Math.min(deductedOf(item.no), item.points);
    const zero = !missing && item.group === GUARANTEED && deducted === item.points;
    rows.push({
      cells: [
        String(item.no), ...(split ? [vertical(item.group ?? '')] : []), item.name, item.lines.map((l) => l.text).join('\n'), String(item.points),
        missing ? '缺项' : deducted > 0 ? String(deducted) : '', missing ? '/' : String(item.points - deducted),
      ],
      style: zero ? { color: BAD.color } : undefined,
    });
    const next = def.items[item.no];
    if (split && (next === undefined || next.group !== item.group)) {
      const t = subtotal(item.group!);
      rows.push({ cells: ['', vertical(item.group!), '小计', '', String(t.max), t.deducted > 0 ? String(t.deducted) : '', String(t.got)], style: { bold: true } });
    }
  }
  const inspected = def.items.filter((i) => !sheet.missingItems.includes(i.no));
  const max = inspected.reduce((n, i) => n + i.points, 0);
  const deducted = inspected.reduce((n, i) => n + Math.min(deductedOf(i.no), i.points), 0);
  rows.push({ cells: ['', ...(split ? [''] : []), '检查项目合计', '', String(max), deducted > 0 ? String(deducted) : '', String(max - deducted)], style: { bold: true } });
  await report.table(columns, rows, { fontSize: 8, mergeColumns: split ? [1] : [] });
  report.paragraph(`本表得分:${shown(score.score, 2)}${score.zero ? '(零分)' : ''}    ${score.explanations.join(';')}`, 9.5);
  if (sheet.deductions.length > 0) {
    report.section('扣分明细', 30);
    await report.table([
      { label: '检查项目', weight: 10 },
      { label: '扣分标准', weight: 36 },
      { label: '扣分', weight: 7, align: 'center' },
      { label: '部位及情况', weight: 22 },
      { label: '隐患', weight: 12 },
    ], sheet.deductions.map((d) => ({
      cells: [def.items[d.itemNo - 1]?.name ?? '', d.lineText, d.quantity > 1 ? `${d.perPoints}×${d.quantity}=${d.points}` : String(d.points), d.note, d.hazard ? d.hazard.stateLabel : ''],
    })), { fontSize: 8 });
  }
  report.signatures(['检查人员']);
}

export async function sheetsPdf(s: Services, actor: ProjectActor, input: ParsedInput<'safety.sheetsPdf'>): Promise<GeneratedFile> {
  const a = assessmentView(s, actor, input.id);
  const project = projectOf(s, actor);
  const sheets = a.sheets.filter((sh) => !input.tableKey || sh.tableKey === input.tableKey);
  const heading = headingFor(s, actor, '建筑施工安全分项检查评分表', { dateLabel: '检查日期', date: a.checkedOn });
  const pdf = await renderPdf(heading, async (report) => {
    for (const [i, sheet] of sheets.entries()) {
      if (i > 0) report.pageBreak();
      await sheetPage(report, a, sheet, project.name);
    }
    if (sheets.length === 0) report.paragraph('没有检查评分表');
  });
  const only = sheets.length === 1 ? sheets[0]!.definition.title : '分项检查评分表';
  return fileOf(fileName([only, project.name, a.period], 'pdf'), PDF_MIME, pdf);
}

// ---- 月度自检评定表

export async function monthlyPdf(s: Services, actor: ProjectActor, input: ParsedInput<'safety.monthlyPdf'>): Promise<GeneratedFile> {
  const a = assessmentView(s, actor, input.id);
  const project = projectOf(s, actor);
  const heading = headingFor(s, actor, '施工现场安全生产标准化月度自检评定表', { dateLabel: '自检日期', date: a.checkedOn });
  const pdf = await renderPdf(heading, async (report) => {
    report.title('施工现场安全生产标准化月度自检评定表');
    report.note(`${a.period} · 依据《建筑施工安全检查标准》JGJ 59-2011 · ${assessmentLabel(a)}`, 'center');
    await report.fields([
      ['工程名称', project.name],
      ['合同报送编号', project.contractNo],
      ['施工单位', project.generalContractor],
      ['自检日期', a.checkedOn],
      ['建筑面积(m²)', a.floorArea > 0 ? String(a.floorArea) : ''],
      ['结构类型', a.structureType],
      ['检查单位/检查人', a.inspector],
      ['使用的检查评分表', `${a.sheets.length} 张`],
    ]);
    report.section('分项得分');
    await report.table([
      { label: '分项', weight: 20 },
      { label: '满分', weight: 6, align: 'center' },
      { label: '检查评分表', weight: 34 },
      { label: '得分', weight: 8, align: 'center' },
      { label: 'A1', weight: 8, align: 'center' },
    ], a.score.items.map((i) => {
      const tables = a.score.tables.filter((t) => a.summary.items.find((x) => x.name === i.name)!.tables.includes(t.tableKey) && t.inspected);
      return {
        cells: [i.name, String(i.weight), tables.map((t) => `${t.name} ${shown(t.score, 2)}`).join('、') || '—', shown(i.score, 2), i.points === null ? '缺项' : i.points.toFixed(1)],
        style: tables.some((t) => t.zero) ? { color: BAD.color } : undefined,
      };
    }), { fontSize: 9 });
    await report.fields([
      ['总计得分', a.score.totalText || '—'],
      ['评定等级', a.score.grade ?? '未评定'],
    ]);
    report.paragraph(a.score.explanations.filter((e) => e.startsWith('汇总表') || e.startsWith('评定等级') || e.startsWith('不合格') || e.includes('不得分')).join('\n'), 9);
    report.section('主要问题及整改');
    const problems = a.sheets.flatMap((sh) => sh.deductions.map((d) => ({
      cells: [sh.definition.name, sh.definition.items[d.itemNo - 1]?.name ?? '', d.lineText, String(d.points), d.note, d.hazard ? `${hazardLevelLabels[d.hazard.level]} · ${d.hazard.stateLabel}` : '未开隐患'],
    })));
    await report.table([
      { label: '检查评分表', weight: 12 },
      { label: '检查项目', weight: 10 },
      { label: '扣分标准', weight: 32 },
      { label: '扣分', weight: 5, align: 'center' },
      { label: '部位及情况', weight: 16 },
      { label: '整改', weight: 12 },
    ], problems, { fontSize: 8.5, empty: '本次自检无扣分' });
    if (a.score.grade === '不合格') report.paragraph('评定为不合格:须限期整改,整改后重新检查评定。', 10);
    report.section('签字');
    await report.fields([
      ['项目经理', signatureOf(a, 'locked')],
      ['总监理工程师', signatureOf(a, 'supervisor_reviewed')],
      ['建设单位项目负责人', signatureOf(a, 'owner_reviewed')],
      ['检查人', signatureOf(a, 'submitted')],
    ]);
    report.signatures(['项目经理(签字)', '建设单位项目负责人(签字)', '总监理工程师(签字)']);
    report.note('本表一式四份:安监机构、建设单位、监理单位、施工单位各一份。');
  });
  return fileOf(fileName(['月度自检评定表', project.name, a.period], 'pdf'), PDF_MIME, pdf);
}

// ---- 隐患排查治理台账

export async function hazardLedgerPdf(s: Services, actor: ProjectActor, input: ParsedInput<'safety.hazardLedgerPdf'>): Promise<GeneratedFile> {
  const rows = allRows((page, pageSize) => listHazards(s, actor, { page, pageSize, month: input.month, status: 'all', search: '' }));
  const heading = headingFor(s, actor, '隐患排查治理台账', { landscape: true, dateLabel: '月份', date: input.month });
  const closed = rows.filter((r) => r.state === 'closed').length;
  const pdf = await renderPdf(heading, async (report) => {
    report.title(`隐患排查治理台账(${input.month})`);
    report.note(`共 ${rows.length} 项 · 已销项 ${closed} 项 · 未销项 ${rows.length - closed} 项 · 其中逾期 ${rows.filter((r) => r.overdueDays > 0).length} 项 · 重大隐患 ${rows.filter((r) => r.level === 'major').length} 项`);
    await report.table([
      { label: '序号', weight: 3.5, align: 'center' },
      { label: '发现日期', weight: 7 },
      { label: '隐患内容', weight: 22 },
      { label: '部位', weight: 10 },
      { label: '类别', weight: 8 },
      { label: '级别', weight: 6, align: 'center' },
      { label: '来源', weight: 14 },
      { label: '整改责任人', weight: 8 },
      { label: '整改限期', weight: 7 },
      { label: '整改情况', weight: 9 },
      { label: '销项日期', weight: 7 },
      { label: '备注', weight: 10 },
    ], rows.map((r, i) => ({
      cells: [String(i + 1), r.foundOn, r.title, r.location, r.category, r.levelLabel, r.origin, r.responsible, r.deadline ?? '', r.stateLabel, r.closedOn ?? '', r.marks.join(';')],
      style: r.overdueDays > 0 || r.level === 'major' ? { color: BAD.color } : undefined,
    })), { fontSize: 8, empty: '本月无隐患记录' });
    report.signatures(['项目安全负责人', '项目经理']);
  });
  return fileOf(fileName(['隐患排查治理台账', heading.projectName, input.month], 'pdf'), PDF_MIME, pdf);
}

// ---- 特种作业人员台账

export async function certificatesPdf(s: Services, actor: ProjectActor, input: ParsedInput<'safety.certificatesPdf'>): Promise<GeneratedFile> {
  const rows = allRows((page, pageSize) => listCertificates(s, actor, { page, pageSize, search: input.search, status: input.status }));
  const heading = headingFor(s, actor, '特种作业人员台账', { landscape: true });
  const pdf = await renderPdf(heading, async (report) => {
    report.title('特种作业人员台账');
    report.note(`共 ${rows.length} 本证书 · 已过期 ${rows.filter((r) => r.status === 'expired' || r.status === 'review_due').length} · 即将到期 ${rows.filter((r) => r.status === 'expiring').length}(90 天内)`);
    await report.table([
      { label: '序号', weight: 3.5, align: 'center' },
      { label: '姓名', weight: 6 },
      { label: '身份证号', weight: 11 },
      { label: '用人单位', weight: 14 },
      { label: '工种', weight: 7 },
      { label: '操作类别', weight: 10 },
      { label: '证书编号', weight: 12 },
      { label: '发证机关', weight: 11 },
      { label: '发证日期', weight: 7 },
      { label: '有效期至', weight: 7 },
      { label: '复审日期', weight: 7 },
      { label: '状态', weight: 6, align: 'center' },
    ], rows.map((r, i) => ({
      cells: [String(i + 1), r.personName, r.idNumberMasked, r.employerName, r.workTypeName, r.category, r.number, r.issuer, r.issuedOn, r.expiresOn, r.nextReviewOn ?? '', r.statusLabel],
      style: r.status === 'expired' || r.status === 'review_due' ? BAD : r.status === 'expiring' ? { color: '#b7791f' } : undefined,
    })), { fontSize: 8, empty: '没有登记特种作业证书' });
  });
  return fileOf(fileName(['特种作业人员台账', heading.projectName, heading.date], 'pdf'), PDF_MIME, pdf);
}

// ---- 三级安全教育登记卡

export async function trainingCardPdf(s: Services, actor: ProjectActor, input: ParsedInput<'safety.trainingCardPdf'>): Promise<GeneratedFile> {
  const person = getPerson(s, actor, input.personId);
  const trainings = trainingsOf(s, actor.projectId, person.id);
  const hours = trainingHoursOf(s.db, actor.projectId);
  const heading = headingFor(s, actor, '三级安全教育登记卡');
  const pdf = await renderPdf(heading, async (report) => {
    report.title('三级安全教育登记卡');
    await report.fields([
      ['姓名', person.name],
      ['身份证号', person.idNumber],
      ['性别', person.sex],
      ['出生日期', person.birthDate],
      ['用人单位', person.employer.name],
      ['工程名称', heading.projectName],
    ]);
    for (const level of trainingLevels) {
      const mine = trainings.filter((t) => t.level === level);
      // The 班组级 one names the team that gave it.
      const team = level === 'team';
      report.section(`${trainingLevelLabels[level]}安全教育(不少于 ${hours[level]} 学时)`, 50);
      await report.table([
        { label: '教育日期', weight: 9 },
        { label: '原因', weight: 8 },
        { label: '工种', weight: 9 },
        ...(team ? [{ label: '班组', weight: 8 }] : []),
        { label: '学时', weight: 5, align: 'center' as const },
        { label: '教育内容', weight: team ? 22 : 30 },
        { label: '教育人', weight: 8 },
        { label: '成绩', weight: 5, align: 'center' as const },
        { label: '考核', weight: 6, align: 'center' as const },
      ], mine.map((t) => ({
        cells: [t.trainedOn, t.reasonLabel, t.workTypeName, ...(team ? [t.teamName] : []), String(t.hours), t.content, t.trainer, t.score === null ? '' : String(t.score), t.passed ? '合格' : '不合格'],
        style: !t.passed || t.hours < hours[level] ? { color: BAD.color } : undefined,
      })), { fontSize: 8.5, empty: `尚无${trainingLevelLabels[level]}安全教育记录` });
    }
    report.signatures(['受教育人签名', '教育人签名', '项目安全负责人']);
  });
  return fileOf(fileName(['三级安全教育登记卡', person.name, heading.date], 'pdf'), PDF_MIME, pdf);
}

// ---- 安全技术交底记录

export async function briefingPdf(s: Services, actor: ProjectActor, input: ParsedInput<'safety.briefingPdf'>): Promise<GeneratedFile> {
  const b = briefing(s, actor, input.id);
  const heading = headingFor(s, actor, '安全技术交底记录', { dateLabel: '交底日期', date: b.briefedOn });
  const pdf = await renderPdf(heading, async (report) => {
    report.title('安全技术交底记录');
    await report.fields([
      ['工程名称', heading.projectName],
      ['交底日期', b.briefedOn],
      ['交底项目', b.subject],
      ['接受交底班组', b.team],
      ['危险性较大的分部分项工程', b.dangerous ? '是' : '否'],
      ['交底人', b.briefer],
    ]);
    report.section('交底内容');
    report.paragraph(b.content, 10);
    report.section(`被交底人(共 ${b.attendees.length} 人,已签字 ${b.attendees.filter((x) => x.signed).length} 人)`);
    await report.table([
      { label: '序号', weight: 4, align: 'center' },
      { label: '姓名', weight: 12 },
      { label: '签字', weight: 12, align: 'center' },
      { label: '序号', weight: 4, align: 'center' },
      { label: '姓名', weight: 12 },
      { label: '签字', weight: 12, align: 'center' },
    ], Array.from({ length: Math.ceil(b.attendees.length / 2) }, (_, i) => {
      const pair = [b.attendees[2 * i], b.attendees[2 * i + 1]];
      return { cells: pair.flatMap((x, j) => (x ? [String(2 * i + j + 1), x.name, x.signed ? '已签字' : '未签字'] : ['', '', ''])) };
    }), { fontSize: 9 });
    report.signatures(['交底人', ...(b.dangerous ? [`专职安全员(${b.safetyOfficer})`] : []), '接受交底班组长']);
  });
  return fileOf(fileName(['安全技术交底记录', b.subject, b.briefedOn], 'pdf'), PDF_MIME, pdf);
}
