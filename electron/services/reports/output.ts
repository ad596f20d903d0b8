// What every report and export shares: the file handed back to the renderer, its name, the
// project it is about, and reading a paged list screen whole.
import { eq } from 'drizzle-orm';
import { projects } from '../../../db/schema';
import { ApiError } from '../../common/errors';
import { siteDate, siteDateTime } from '../../common/time';
import type { GeneratedFile } from '../../common/contract-reports';
import type { ProjectActor, Services } from '../context';
import type { ReportHeading } from './pdf-report';

export const PDF_MIME = 'application/pdf';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Characters Windows refuses in a file name, and control characters. */
function fileNamePart(s: string): string {
  return s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim();
}

/** 进场预登记名册_测试4444_2020-02-17.pdf */
export function fileName(parts: string[], extension: 'pdf' | 'xlsx' | 'txt' | 'csv'): string {
  return `${parts.map(fileNamePart).filter((p) => p !== '').join('_')}.${extension}`;
}

export function fileOf(name: string, mime: string, bytes: Buffer): GeneratedFile {
  return { fileName: name, mime, dataBase64: bytes.toString('base64') };
}

export type ProjectRecord = typeof projects.$inferSelect;

export function projectOf(s: Services, actor: ProjectActor): ProjectRecord {
  const project = s.db.select().from(projects).where(eq(projects.id, actor.projectId)).get();
  if (!project) throw new ApiError('NOT_FOUND', '未找到当前项目,请重新选择合同进入');
  return project;
}

export function headingFor(s: Services, actor: ProjectActor, title: string, options: { dateLabel?: string; date?: string; landscape?: boolean } = {}): ReportHeading {
  const project = projectOf(s, actor);
  const now = s.clock.now();
  return {
    title,
    projectName: project.name,
    contractNo: project.contractNo,
    dateLabel: options.dateLabel ?? '打印日期',
    date: options.date ?? siteDate(now),
    generatedAt: siteDateTime(now),
    landscape: options.landscape,
  };
}

/** The largest page a list command serves. */
const PAGE = 100 as const;

/**
 * Every row of a paged list, read through the very service the screen calls, so an export has the
 * screen's filters, order and masking. The pages are read one after another without a pause, so
 * nothing can be written between them.
 */
export function allRows<R>(list: (page: number, pageSize: typeof PAGE) => { rows: R[]; total: number }): R[] {
  const first = list(1, PAGE);
  const rows = [...first.rows];
  const pages = Math.ceil(first.total / PAGE);
  for (let page = 2; page <= pages; page++) rows.push(...list(page, PAGE).rows);
  return rows;
}
