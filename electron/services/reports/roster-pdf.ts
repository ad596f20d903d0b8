// 进场预登记名册 and 在场人员名册: the lists on paper, with the filters the screen had, one row per
// person on landscape A4 so that 工种, 班组 and 用人单位 fit beside the name.
import { eq } from 'drizzle-orm';
import { persons } from '../../../db/schema';
import { stateLabels } from '../../common/codes';
import type { GeneratedFile } from '../../common/contract-reports';
import type { ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { listPersons } from '../pre-registration';
import { roster } from '../entries';
import type { ReportColumn, ReportRow } from './pdf-report';
import { renderPdf } from './render';
import { allRows, fileName, fileOf, headingFor, PDF_MIME } from './output';

export const categoryLabels = { worker: '作业人员', manager: '现场管理人员' } as const;
export const rosterScreens = { worker: '进退场用工管理', manager: '现场管理人员实名制' } as const;
export const rosterTitles = { onSite: '在场人员名册', exited: '已退场人员名册', all: '进退场人员名册' } as const;

type PersonFilters = { search: string; category?: 'worker' | 'manager' };
type RosterFilters = { search: string; category: 'worker' | 'manager'; status: 'onSite' | 'exited' | 'all' };

/** The filters in words, for the line under the title. */
export function describeFilters(parts: (string | null)[]): string {
  return parts.filter((p): p is string => p !== null && p !== '').join(' · ');
}

export function preRegisteredPeople(s: Services, actor: ProjectActor, filters: PersonFilters) {
  return allRows((page, pageSize) => listPersons(s, actor, { page, pageSize, search: filters.search, category: filters.category }));
}

export async function preRegistrationRosterPdf(s: Services, actor: ProjectActor, input: ParsedInput<'reports.preRegistrationPdf'>): Promise<GeneratedFile> {
  const rows = preRegisteredPeople(s, actor, input);
  // The list screen has no 出发地, the paper roster does: the isolation rules depend on it.
  const origins = new Map(s.db.select({ id: persons.id, province: persons.originProvince, city: persons.originCity }).from(persons)
    .where(eq(persons.projectId, actor.projectId)).all().map((p) => [p.id, `${p.province} ${p.city}`]));
  const heading = headingFor(s, actor, '进场预登记名册', { landscape: true });
  const filters = describeFilters([
    `项目:${heading.projectName}`,
    input.category ? `人员类别:${categoryLabels[input.category]}` : '人员类别:全部',
    input.search ? `搜索:“${input.search}”` : null,
    `共 ${rows.length} 人`,
  ]);
  const columns: ReportColumn[] = [
    { label: '序号', weight: 4, align: 'center' },
    { label: '姓名', weight: 7 },
    { label: '身份证号', weight: 12 },
    { label: '人员类别', weight: 8 },
    { label: '用人单位', weight: 20 },
    { label: '联系电话', weight: 9.5 },
    { label: '出发地', weight: 12 },
    { label: '预登记日期', weight: 8.5 },
    { label: '携带家属', weight: 5.5, align: 'center' },
  ];
  const body: ReportRow[] = rows.map((r, i) => ({
    cells: [String(i + 1), r.name, r.idNumberMasked, categoryLabels[r.category], r.employerName, r.phone, origins.get(r.id) ?? '', r.preRegisteredOn, String(r.familyCount)],
  }));
  const pdf = await renderPdf(heading, async (report) => {
    report.title('进场预登记名册');
    report.note(filters);
    await report.table(columns, body, { empty: '没有符合条件的预登记人员' });
  }, input.missingGlyphs);
  return fileOf(fileName(['进场预登记名册', heading.projectName, heading.date], 'pdf'), PDF_MIME, pdf);
}

export function rosterPeople(s: Services, actor: ProjectActor, filters: RosterFilters) {
  return allRows((page, pageSize) => roster(s, actor, { page, pageSize, category: filters.category, status: filters.status, search: filters.search }));
}

export async function rosterPdf(s: Services, actor: ProjectActor, input: ParsedInput<'reports.rosterPdf'>): Promise<GeneratedFile> {
  const rows = rosterPeople(s, actor, input);
  const title = rosterTitles[input.status];
  const heading = headingFor(s, actor, title, { landscape: true });
  const filters = describeFilters([
    `项目:${heading.projectName}`,
    rosterScreens[input.category],
    input.search ? `搜索:“${input.search}”` : null,
    `共 ${rows.length} 人`,
  ]);
  const withExit = input.status !== 'onSite';
  const columns: ReportColumn[] = [
    { label: '序号', weight: 4, align: 'center' },
    { label: '姓名', weight: 7 },
    { label: '身份证号', weight: 12 },
    { label: '用人单位', weight: 19 },
    { label: '工种', weight: 9 },
    { label: '班组', weight: 8 },
    { label: '联系电话', weight: 9.5 },
    { label: '进场日期', weight: 8.5 },
    ...(withExit ? [{ label: '退场日期', weight: 8.5 }] : []),
    { label: '状态', weight: 7, align: 'center' },
  ];
  const body: ReportRow[] = rows.map((r, i) => {
    const state = r.state === 'clear' ? '' : ` ${stateLabels[r.state]}`;
    return {
      cells: [
        String(i + 1), r.name, r.idNumberMasked, r.employerName, r.workTypeName, r.team, r.phone, r.enteredOn ?? '',
        ...(withExit ? [r.exitedOn ?? ''] : []),
        `${r.status === 'onSite' ? '在场' : '已退场'}${state}`,
      ],
      style: r.state === 'clear' ? undefined : { color: '#c0392b' },
    };
  });
  const pdf = await renderPdf(heading, async (report) => {
    report.title(`${title}(${categoryLabels[input.category]})`);
    report.note(filters);
    await report.table(columns, body, { empty: '没有符合条件的人员' });
  }, input.missingGlyphs);
  return fileOf(fileName([title, categoryLabels[input.category], heading.projectName, heading.date], 'pdf'), PDF_MIME, pdf);
}
