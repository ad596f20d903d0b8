// The 月度考勤表 on paper: landscape A4, a row per worker and a column per day with the day's hours
// (√ present without hours, △ an anomaly still open), the totals of 出勤天数 and 工时, and lines
// for the 班组长's signature. Without a team it prints every team, each with its own signatures.
// A task (services/tasks.ts): the rows drawn so far are its progress, and 取消 hands over nothing.
import type { GeneratedFile } from '../../common/contract-reports';
import type { ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import type { ReportColumn, ReportRow } from '../reports/pdf-report';
import { renderPdf } from '../reports/render';
import type { TaskReporter } from '../tasks';
import { fileName, fileOf, headingFor, PDF_MIME } from '../reports/output';
import { monthRows, type SheetRow } from './attendance';
import { daysOfMonth } from './dates';
import { formatTenths, hoursTenths } from './interpret';
import { projectTeam } from './records';

/** A day's cell: hours without a trailing .0, so that 31 columns fit on the page. */
function dayCell(d: SheetRow['days'][number]): string {
  if (!d.present) return d.anomalies.length > 0 ? '△' : '';
  const tenths = hoursTenths(d.minutes);
  if (tenths === 0) return '√';
  return tenths % 10 === 0 ? String(tenths / 10) : formatTenths(tenths);
}

export async function monthSheetPdf(s: Services, actor: ProjectActor, input: ParsedInput<'attendance.startMonthSheetPdf'>, reporter: TaskReporter): Promise<GeneratedFile> {
  reporter.progress('读取考勤', 0, 0);
  const team = input.teamId ? projectTeam(s.db, actor.projectId, input.teamId) : null;
  const rows = monthRows(s, actor.projectId, input.month, team?.id);
  const days = daysOfMonth(input.month);
  const heading = headingFor(s, actor, '月度考勤表', { dateLabel: '考勤月份', date: input.month, landscape: true });
  const columns: ReportColumn[] = [
    // 31 day columns wide enough for "11.5" on one line: 工种 is left to the workbook.
    { label: '序号', weight: 2.2, align: 'center' },
    { label: '工号', weight: 3, align: 'center' },
    { label: '姓名', weight: 4.4 },
    ...days.map((d): ReportColumn => ({ label: String(Number(d.slice(8))), weight: 2.2, align: 'center' })),
    { label: '出勤天数', weight: 2.8, align: 'center' },
    { label: '工时', weight: 3, align: 'center' },
    { label: '本人签名', weight: 4.2 },
  ];
  const groups = new Map<string, SheetRow[]>();
  for (const r of rows) groups.set(r.teamName, [...(groups.get(r.teamName) ?? []), r]);
  const pdf = await renderPdf(heading, async (report) => {
    report.title(`月度考勤表(${input.month})`);
    report.note(`项目:${heading.projectName}    班组:${team?.name ?? '全部班组'}    人数:${rows.length}    数字为当日工时(小时),√ 出勤未计工时,△ 考勤异常待处理`, 'center');
    if (groups.size === 0) {
      await report.table(columns, [], { empty: '本月没有考勤记录', fontSize: 6 });
      return;
    }
    for (const [name, members] of groups) {
      if (!team) report.section(`班组:${name || '未派工'}(${members.length} 人)`);
      const body: ReportRow[] = members.map((r, i) => ({
        cells: [String(i + 1), r.workerNo, r.name, ...r.days.map(dayCell), String(r.attendanceDays), formatTenths(r.hoursTenths), ''],
        style: r.anomalies > 0 ? { color: '#9a3412' } : undefined,
      }));
      const presentDays = members.reduce((n, r) => n + r.attendanceDays, 0);
      const hours = members.reduce((n, r) => n + r.hoursTenths, 0);
      body.push({ cells: ['', '', '合计', ...days.map((_, i) => String(members.filter((r) => r.days[i]!.present).length || '')), String(presentDays), formatTenths(hours), ''], style: { bold: true, fill: '#f3f4f6' } });
      await report.table(columns, body, { fontSize: 6 });
      report.gap(8);
      report.signatures(['班组长签名', '劳资专管员签名', '项目负责人签名']);
    }
  }, 'refuse', (done, total) => reporter.progress('绘制月度考勤表', Math.min(done, total), total));
  reporter.throwIfCancelled();
  return fileOf(fileName(['月度考勤表', team?.name ?? '全部班组', heading.projectName, input.month], 'pdf'), PDF_MIME, pdf);
}
