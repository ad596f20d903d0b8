// The 工资支付表 for signatures (A4 landscape, a row per worker with what art. 15 of
// 《保障农民工工资支付条例》 asks, 本页小计 at the foot of every page and 合计 at the end, lines for
// the 班组长, 劳资专管员 and 项目负责人), and the 维权信息告示牌 (an A3 poster for the site gate).
// The sheet prints full ID numbers for the workers to sign against: a full export, on the audit trail.
import { and, count, desc, eq, isNull } from 'drizzle-orm';
import { employers, labourContracts } from '../../../db/schema';
import type { GeneratedFile } from '../../common/contract-reports';
import { ledgerKindLabels, ledgerStateLabels } from '../../common/codes-payroll';
import { formatYuan } from '../../common/money';
import { siteDate } from '../../common/time';
import { formatTenths } from '../labour/interpret';
import { wageText } from '../labour/exports';
import { isoNow, type ProjectActor, type Services } from '../context';
import { authorOf, recordAudit } from '../outbox';
import type { ReportColumn, ReportRow } from '../reports/pdf-report';
import { renderPdf } from '../reports/render';
import { fileName, fileOf, headingFor, PDF_MIME, projectOf } from '../reports/output';
import { formatQuantity } from '../../common/money';
import { ledgerRows, ledgerSteps, projectLedger } from './ledger-store';
import { payrollSettings } from './settings';
import type { TaskReporter } from '../tasks';
import { paymentsOf, scopeNameOf } from './views';
import { workTypeName } from './compute';

const payMethodShort = { daily: '按日', monthly: '按月', piece: '计件' } as const;

export async function ledgerPdf(s: Services, actor: ProjectActor, ledgerId: string, reporter: TaskReporter): Promise<GeneratedFile> {
  const ledger = projectLedger(s.db, actor.projectId, ledgerId);
  const rows = ledgerRows(s.db, ledger.id);
  const payments = paymentsOf(s.db, rows);
  const { scopeName, employerName } = scopeNameOf(s.db, ledger);
  const heading = headingFor(s, actor, '工资支付表', { dateLabel: '支付周期', date: ledger.month, landscape: true });
  const adjustment = ledger.kind === 'adjustment';
  const columns: ReportColumn[] = [
    { label: '序号', weight: 2.2, align: 'center' },
    { label: '姓名', weight: 4 },
    { label: '身份证号', weight: 9.5 },
    { label: '工种', weight: 4 },
    { label: '计薪方式', weight: 3, align: 'center' },
    { label: '出勤天数', weight: 3, align: 'center' },
    { label: '工时', weight: 3, align: 'right' },
    { label: '工作量', weight: 3.4, align: 'right' },
    { label: '工资标准', weight: 5.2, align: 'right' },
    { label: '应发', weight: 4.6, align: 'right' },
    { label: '扣除', weight: 4, align: 'right' },
    { label: adjustment ? '实发(补发)' : '实发', weight: 4.6, align: 'right' },
    { label: '工资卡', weight: 6.4 },
    { label: '本人签名', weight: 5 },
  ];
  const steps = ledgerSteps(s.db, ledger.id).filter((st) => st.action !== 'generate' && st.action !== 'regenerate');
  const body: ReportRow[] = rows.map((r, i) => {
    const payment = payments.get(r.id)!;
    const deduction = r.grossFen - r.netFen;
    const paid = adjustment ? r.payableFen : r.netFen;
    return {
      cells: [
        String(i + 1), r.name, r.idNumber, workTypeName(r.workType), r.payMethod ? payMethodShort[r.payMethod] : '', String(r.attendanceDays), formatTenths(r.hoursTenths),
        r.quantityMilli === null ? '' : `${formatQuantity(r.quantityMilli)}${r.pieceUnit}`, wageText(r.payMethod, r.wageFen, r.pieceUnit),
        formatYuan(r.grossFen), formatYuan(deduction), formatYuan(paid),
        r.cardNo ? `${r.bankName} ${r.cardNo.slice(-4)}` : '未登记', payment.status === 'paid' ? `已代发 ${payment.voucherNo}`.trim() : '',
      ],
      sums: [r.grossFen, deduction, paid],
      style: payment.status === 'failed' ? { color: '#b91c1c' } : undefined,
    };
  });
  const totalRows = body.length;
  const pdf = await renderPdf(heading, async (report) => {
    report.title(`${employerName} 工资支付表(${ledger.month})${adjustment ? '·补发/更正' : ''}`);
    report.note(`项目:${heading.projectName}    用人单位:${employerName}    班组:${ledger.teamId ? scopeName : '全部班组'}    人数:${rows.length}    状态:${ledgerStateLabels[ledger.state]}`, 'center');
    if (adjustment) report.note(`${ledgerKindLabels.adjustment}:${ledger.adjustmentReason}(实发为与原台账的差额)`, 'center');
    await report.table(columns, body, { fontSize: 7, empty: '台账中没有工人', pageTotals: { labelColumn: 1, columns: [9, 10, 11], pageLabel: '本页小计', totalLabel: '合计' } });
    report.gap(6);
    if (steps.length > 0) report.note(steps.map((st) => `${st.toState === 'draft' ? '退回' : ledgerStateLabels[st.toState]}:${st.signer || st.byName} ${siteDate(new Date(st.at))}`).join('    '));
    report.gap(6);
    report.signatures(['班组长签名', '劳资专管员签名', '项目负责人签名']);
  }, 'refuse', (done, total) => reporter.progress('绘制工资支付表', Math.min(done, total), total || totalRows));
  reporter.throwIfCancelled();
  recordAudit(s.db, authorOf(actor, isoNow(s.clock)), { action: 'export', tableName: 'payroll_rows', rowId: ledger.id, after: { file: '工资支付表', month: ledger.month, rows: rows.length, fullIdNumbers: true } });
  return fileOf(fileName(['工资支付表', scopeName, heading.projectName, ledger.month], 'pdf'), PDF_MIME, pdf);
}

/** The 总包 of the project among its 参建单位 (type 009), whose 劳资专管员 the poster names. */
function generalContractor(s: Services, projectId: string) {
  const all = s.db.select().from(employers).where(eq(employers.projectId, projectId)).all();
  return { general: all.find((e) => e.participantType === '009'), owner: all.find((e) => e.participantType === '008') };
}

/** The 工资支付日 most of the project's 劳动合同 in force name. */
function usualPayDay(s: Services, projectId: string): number | null {
  return s.db.select({ day: labourContracts.payDay, n: count() }).from(labourContracts)
    .where(and(eq(labourContracts.projectId, projectId), isNull(labourContracts.terminatedOn)))
    .groupBy(labourContracts.payDay).orderBy(desc(count())).limit(1).get()?.day ?? null;
}

/** 维权信息告示牌: A3 portrait, large type, from the project's data and the payroll settings. */
export async function posterPdf(s: Services, actor: ProjectActor): Promise<GeneratedFile> {
  const project = projectOf(s, actor);
  const settings = payrollSettings(s, actor.projectId);
  const { general, owner } = generalContractor(s, actor.projectId);
  const payDay = usualPayDay(s, actor.projectId);
  const heading = { ...headingFor(s, actor, '维权信息告示牌'), size: 'A3' as const, plain: true };
  const officer = general?.labourOfficerName ? `${general.labourOfficerName}  ${general.labourOfficerPhone}` : '(请在参建单位中登记总包的劳资专管员)';
  const pdf = await renderPdf(heading, async (report) => {
    // A3 on the site's notice board, read from a few metres: large type filling the sheet.
    report.gap(40);
    report.paragraph('维权信息告示牌', 64);
    report.gap(36);
    report.paragraph(`项目名称:${project.name}`, 28);
    report.paragraph(`合同报送编号:${project.contractNo}    报建编号:${project.buildNo}`, 18);
    report.gap(24);
    await report.table([{ label: '', weight: 4.2 }, { label: '', weight: 8 }], [
      ['建设单位', owner?.name ?? (settings.ownerName || '(未登记)')],
      ['施工总承包单位', project.generalContractor],
      ['劳资专管员及电话', officer],
      ['所在监督站', project.supervisionStation],
      ['监督站电话', settings.supervisionPhone || '(未登记)'],
      ['工资支付日', payDay === null ? '(劳动合同中尚未约定)' : `每月 ${payDay === 31 ? '最后一' : payDay} 日支付上月工资(由总包单位通过人工费专用账户代发)`],
      ['人工费专用账户', settings.accountNo ? `${settings.accountBank} ${settings.accountName} ${settings.accountNo}` : '(未登记)'],
      ['劳动保障监察投诉电话', '12333'],
    ].map(([k, v]) => ({ cells: [k!, v!] })), { header: false, fontSize: 24, shadeColumns: [true, false] });
    report.gap(40);
    report.paragraph('依据《保障农民工工资支付条例》,农民工工资应当以货币形式,通过银行转账或者现金支付给农民工本人,不得以实物或者有价证券等其他形式替代。用人单位应当按照与农民工书面约定或者依法制定的规章制度规定的工资支付周期和具体支付日期足额支付工资。', 20);
    report.gap(24);
    report.paragraph('如遇拖欠工资,请先向项目劳资专管员反映;也可拨打 12333 劳动保障监察投诉电话,或向所在监督站反映。', 26);
    report.gap(48);
    report.paragraph(`公示日期:${heading.date}`, 18);
  });
  return fileOf(fileName(['维权信息告示牌', project.name], 'pdf'), PDF_MIME, pdf);
}

