// A report's PDF: its layout recorded here (plain calls with plain data), drawn by a report job
// (jobs.ts), in the worker process when the app runs one (job-runner.ts).
import { recordLayout, type MissingGlyphs, type ReportHeading, type ReportLayout } from './pdf-report';
import { runJob, type JobProgress } from './job-runner';

export async function renderPdf(heading: ReportHeading, layout: ReportLayout, missingGlyphs: MissingGlyphs = 'refuse', onProgress?: JobProgress): Promise<Buffer> {
  return runJob({ kind: 'pdf', heading, ops: await recordLayout(layout), missingGlyphs }, onProgress);
}
