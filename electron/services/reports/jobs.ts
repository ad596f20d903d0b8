// The heavy file work behind reports and imports, as jobs of plain data: a PDF drawn with pdfkit
// and the CJK font from a recorded layout, an .xlsx read into cells or written from rows with
// exceljs. Each takes a second or more and a hundred MB or more while it runs, so the app hands
// them to a process of its own (job-runner.ts, report-worker.ts); run here, they give the same bytes.
import { drawPdf, type DrawProgress, type MissingGlyphs, type ReportHeading, type ReportOp } from './pdf-report';
import { xlsxBytes, xlsxCells, type OutValue, type RawRow, type XlsxColumn } from '../tabular';

export type Job =
  | { kind: 'pdf'; heading: ReportHeading; ops: ReportOp[]; missingGlyphs?: MissingGlyphs }
  | { kind: 'readXlsx'; bytes: Buffer }
  | { kind: 'writeXlsx'; sheetName: string; columns: XlsxColumn[]; rows: Record<string, OutValue>[] };

/** What each kind of job resolves to. */
export interface JobResults {
  pdf: Buffer;
  readXlsx: RawRow[];
  writeXlsx: Buffer;
}

export type JobResult<J extends Job> = JobResults[J['kind']];

/** `onProgress` hears how far a PDF's drawing got (its table rows, over both passes). */
export async function executeJob<J extends Job>(job: J, onProgress?: DrawProgress): Promise<JobResult<J>> {
  switch (job.kind) {
    case 'pdf':
      return (await drawPdf(job.heading, job.ops, job.missingGlyphs, onProgress)) as JobResult<J>;
    case 'readXlsx':
      return (await xlsxCells(Buffer.from(job.bytes))) as JobResult<J>;
    case 'writeXlsx':
      return (await xlsxBytes(job.sheetName, job.columns, job.rows)) as JobResult<J>;
  }
  throw new Error(`unknown job ${(job as { kind: string }).kind}`);
}
