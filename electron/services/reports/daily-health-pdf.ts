// 每日健康日报: for one site date, everyone the morning check is for (on site, or pre-registered and
// not gone), with the day's temperature and symptoms; fevers and missing checks marked in words
// (so they survive a black-and-white printer) and in colour, and the totals.
import { FEVER_TENTHS, NO_SYMPTOMS, stateLabels } from '../../common/codes';
import { ApiError } from '../../common/errors';
import { isRealDate, siteDate } from '../../common/site-time';
import type { GeneratedFile } from '../../common/contract-reports';
import type { BatchRow, ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { batchList } from '../health';
import type { ReportColumn, ReportRow } from './pdf-report';
import { renderPdf } from './render';
import { fileName, fileOf, headingFor, PDF_MIME } from './output';

export function isFever(row: BatchRow): boolean {
  return row.todayTemperature !== null && Math.round(row.todayTemperature * 10) >= FEVER_TENTHS;
}

/** The day's list as the 晨检 screen has it, for a date that is real and not in the future. */
export function dailyRows(s: Services, actor: ProjectActor, date: string | undefined): { date: string; rows: BatchRow[] } {
  const today = siteDate(s.clock.now());
  const day = date ?? today;
  if (!isRealDate(day)) throw new ApiError('VALIDATION', `日期 ${day} 无效`, [{ path: 'date', message: '日期无效' }]);
  if (day > today) throw new ApiError('VALIDATION', `日报日期 ${day} 不能晚于今天`, [{ path: 'date', message: '日期不能晚于今天' }]);
  return batchList(s, actor, { date: day });
}

export function dailyTotals(rows: BatchRow[]) {
  const checked = rows.filter((r) => r.todayTemperature !== null);
  return {
    due: rows.length,
    onSite: rows.filter((r) => r.onSite).length,
    preRegistered: rows.filter((r) => !r.onSite).length,
    checked: checked.length,
    missing: rows.length - checked.length,
    fevers: rows.filter(isFever).length,
  };
}

export async function dailyHealthPdf(s: Services, actor: ProjectActor, input: ParsedInput<'reports.dailyHealthPdf'>): Promise<GeneratedFile> {
  const { date, rows } = dailyRows(s, actor, input.date);
  const totals = dailyTotals(rows);
  const heading = headingFor(s, actor, '每日健康日报', { dateLabel: '日报日期', date });
  const summary = `应测 ${totals.due} 人(在场 ${totals.onSite} 人,预登记未进场 ${totals.preRegistered} 人);已测 ${totals.checked} 人,未测 ${totals.missing} 人,发热 ${totals.fevers} 人`;
  const columns: ReportColumn[] = [
    { label: '序号', weight: 4, align: 'center' },
    { label: '姓名', weight: 7 },
    { label: '身份证号', weight: 13.5 },
    { label: '用人单位', weight: 16 },
    { label: '在场', weight: 6, align: 'center' },
    { label: '体温(°C)', weight: 6.5, align: 'center' },
    { label: '健康状态', weight: 11.5 },
    { label: '标记', weight: 9, align: 'center' },
  ];
  const body: ReportRow[] = rows.map((r, i) => {
    const fever = isFever(r);
    const missing = r.todayTemperature === null;
    const marks = [fever ? '发热' : missing ? '未测' : '', r.state === 'clear' ? '' : stateLabels[r.state]].filter((m) => m !== '').join(' ');
    const symptoms = r.todaySymptoms.filter((x) => x !== NO_SYMPTOMS);
    return {
      cells: [
        String(i + 1), r.name, r.idNumberMasked, r.employerName, r.onSite ? '在场' : '预登记',
        missing ? '—' : r.todayTemperature!.toFixed(1),
        missing ? '' : symptoms.length > 0 ? symptoms.join('、') : '无异常',
        marks,
      ],
      style: fever ? { color: '#c0392b', bold: true, fill: '#fdecea' } : missing ? { color: '#9a6700' } : undefined,
    };
  });
  const pdf = await renderPdf(heading, async (report) => {
    report.title('每日健康日报');
    report.note(`项目:${heading.projectName}    日期:${date}`, 'center');
    report.note(summary, 'center');
    await report.table(columns, body, { empty: '当日没有需要测温的人员' });
    report.gap(6);
    report.paragraph(`合计:${summary}。`, 10);
    report.signatures(['测温人签名', '工地负责人签名']);
  }, input.missingGlyphs);
  return fileOf(fileName(['每日健康日报', heading.projectName, date], 'pdf'), PDF_MIME, pdf);
}
