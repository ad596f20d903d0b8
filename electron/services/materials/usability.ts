// Whether a batch may be built in, and why not: the one rule the 检验批 that used it, the lists
// and the 监理月报 all ask. Not approved by the 监理, refused, a failed report whose 不合格处置 is not
// done or ended in 退场, or a compulsory test without any passed report. A batch accepted after a
// 技术处理 is usable, but the lots that used it must take a GB 50300 §5.0.6 path (`treated`).
import { inArray } from 'drizzle-orm';
import { materialBatches, materialDispositions, materialReports } from '../../../db/schema';
import type { Db } from '../../../db/open';

type Batch = Pick<typeof materialBatches.$inferSelect, 'id' | 'state' | 'compulsory'>;
type Report = Pick<typeof materialReports.$inferSelect, 'batchId' | 'reportNo' | 'conclusion'>;
type Disposition = Pick<typeof materialDispositions.$inferSelect, 'batchId' | 'reportId' | 'state' | 'outcome'>;

export interface Usability {
  usable: boolean;
  reasons: string[];
  treated: boolean;
  nonconforming: boolean;
}

export function usabilityOf(batch: Batch, reports: (Report & { id: string })[], dispositions: Disposition[]): Usability {
  const reasons: string[] = [];
  if (batch.state === 'received') reasons.push('未经监理审批(工程材料报审)');
  if (batch.state === 'rejected') reasons.push('监理不同意使用,已退场');
  const reportNo = (id: string) => reports.find((r) => r.id === id)?.reportNo ?? '';
  for (const d of dispositions) {
    if (d.state !== 'closed') reasons.push(`检测不合格(报告 ${reportNo(d.reportId)}),不合格处置未完成`);
    else if (d.outcome === 'returned') reasons.push(`检测不合格(报告 ${reportNo(d.reportId)}),已退场`);
  }
  if (batch.compulsory && batch.state === 'approved' && dispositions.length === 0 && !reports.some((r) => r.conclusion === 'pass')) reasons.push('见证取样检测报告未出');
  return {
    usable: reasons.length === 0,
    reasons,
    treated: dispositions.some((d) => d.state === 'closed' && d.outcome === 'treated'),
    nonconforming: dispositions.some((d) => d.state !== 'closed' || d.outcome === 'returned'),
  };
}

/** The usability of each batch, read in three queries. */
export function usabilities(db: Db, batchIds: string[]): Map<string, Usability> {
  if (batchIds.length === 0) return new Map();
  const batches = db.select().from(materialBatches).where(inArray(materialBatches.id, batchIds)).all();
  const reports = db.select().from(materialReports).where(inArray(materialReports.batchId, batchIds)).all();
  const dispositions = db.select().from(materialDispositions).where(inArray(materialDispositions.batchId, batchIds)).all();
  return new Map(batches.map((b) => [b.id, usabilityOf(b, reports.filter((r) => r.batchId === b.id), dispositions.filter((d) => d.batchId === b.id))]));
}
