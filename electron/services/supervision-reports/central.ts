// 监督管理查询 › 质量与监理报告, on the central side: per contract, from the rows its sync bundles
// brought, the 不合格 materials (a failed report whose 处置 is not done, or ended in 退场), the
// 检验批 awaiting acceptance (and how many of them are blocked), and the months without a 监理月报.
// The same rules as on the site (usability, lot status, the months' gaps) run on those rows.
import { eq, inArray } from 'drizzle-orm';
import { materialBatches, materialDispositions, materialReports, qualityLots } from '../../../db/schema';
import { siteDate } from '../../common/site-time';
import type { SupervisionQualityRow } from '../../common/contract-supervision-reports';
import type { ParsedInput } from '../../common/contract';
import type { Services } from '../context';
import { batchLabel } from '../materials/samples';
import { lotRows } from '../quality/order';
import { monthRows } from './monthly';
import { contractsPage } from '../sync/contracts-page';

export function supervisionQuality(s: Services, input: ParsedInput<'supervision.quality'>): { rows: SupervisionQualityRow[]; total: number } {
  const today = siteDate(s.clock.now());
  const { page, total } = contractsPage(s, input);
  const ids = page.map((p) => p.id);
  if (ids.length === 0) return { rows: [], total };
  const failed = s.db.select({ d: materialDispositions, b: materialBatches, reportNo: materialReports.reportNo }).from(materialDispositions)
    .innerJoin(materialBatches, eq(materialBatches.id, materialDispositions.batchId)).innerJoin(materialReports, eq(materialReports.id, materialDispositions.reportId))
    .where(inArray(materialDispositions.projectId, ids)).all()
    .filter((r) => r.d.state !== 'closed' || r.d.outcome === 'returned');
  const lotList = s.db.select().from(qualityLots).where(inArray(qualityLots.projectId, ids)).all();
  const projectOfLot = new Map(lotList.map((l) => [l.id, l.projectId]));
  const lots = lotRows(s.db, lotList);
  return {
    total,
    rows: page.map((p) => {
      const months = monthRows(s.db, p.id, today).rows;
      const reported = months.filter((m) => m.status === 'queued' || m.status === 'signed').map((m) => m.period).sort();
      const awaiting = lots.filter((l) => projectOfLot.get(l.id) === p.id && l.status !== 'accepted' && l.status !== 'proposed');
      return {
        projectId: p.id, contractNo: p.contractNo, name: p.name, supervisionStation: p.supervisionStation,
        nonconforming: failed.filter((r) => r.d.projectId === p.id).map((r) => ({ label: batchLabel(r.b), reportNo: r.reportNo, state: r.d.state === 'closed' ? '已退场' : '处置中' })),
        awaitingLots: awaiting.length,
        blockedLots: awaiting.filter((l) => l.blockers.length > 0).length,
        missingMonths: months.filter((m) => m.status === 'gap').map((m) => m.period).sort(),
        lastReport: reported[reported.length - 1] ?? null,
      };
    }),
  };
}
