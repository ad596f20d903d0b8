// The order rules of acceptance, in one place: a 检验批 waits for its place in the approved 划分,
// for its 隐蔽工程验收 where its 分项 is covered, and for the batches it used to be usable (approved by
// the 监理, passed reports, 不合格处置 done); a failed lot waits for a §5.0.6 path. A 分项 waits for
// all its 检验批, a 分部 for all its 分项. Each rule answers in words, so a screen shows why.
import { and, desc, eq, inArray } from 'drizzle-orm';
import { materialBatches, qualityAcceptances, qualityConcealed, qualityConcealedLots, qualityLotMaterials, qualityLotRecords, qualityLots, qualityUnits } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { lotStatusLabels, type LotStatus } from '../../common/quality/labels';
import type { LotRow } from '../../common/contract-quality';
import { usabilities } from '../materials/usability';
import { batchLabel } from '../materials/samples';
import { divisionsEdition, placeOf } from './rules';

type Lot = typeof qualityLots.$inferSelect;
type LotRecord = typeof qualityLotRecords.$inferSelect;

/** The newest record revision of each lot. */
export function latestRecords(db: Db, lotIds: string[]): Map<string, LotRecord> {
  const map = new Map<string, LotRecord>();
  if (lotIds.length === 0) return map;
  for (const r of db.select().from(qualityLotRecords).where(inArray(qualityLotRecords.lotId, lotIds)).orderBy(desc(qualityLotRecords.revision)).all()) {
    if (!map.has(r.lotId)) map.set(r.lotId, r);
  }
  return map;
}

export function lotStatus(lot: Pick<Lot, 'planState'>, record: Pick<LotRecord, 'state'> | undefined): LotStatus {
  if (lot.planState === 'proposed') return 'proposed';
  return record ? record.state : 'planned';
}

const TREATED_PATHS = new Set(['appraisal', 'design_check', 'reinforcement']);

/** Why each lot cannot be accepted now; empty for an accepted lot. */
export function lotBlockers(db: Db, lots: Lot[], records: Map<string, LotRecord>): Map<string, string[]> {
  const ids = lots.map((l) => l.id);
  const result = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return result;
  const links = db.select({ lotId: qualityLotMaterials.lotId, b: materialBatches }).from(qualityLotMaterials).innerJoin(materialBatches, eq(materialBatches.id, qualityLotMaterials.batchId))
    .where(inArray(qualityLotMaterials.lotId, ids)).all();
  const usable = usabilities(db, [...new Set(links.map((l) => l.b.id))]);
  const covered = new Set(db.select({ lotId: qualityConcealedLots.lotId }).from(qualityConcealedLots).innerJoin(qualityConcealed, eq(qualityConcealed.id, qualityConcealedLots.concealedId))
    .where(and(inArray(qualityConcealedLots.lotId, ids), eq(qualityConcealed.state, 'accepted'))).all().map((r) => r.lotId));
  for (const lot of lots) {
    const record = records.get(lot.id);
    if (record?.state === 'accepted') continue;
    const reasons = result.get(lot.id)!;
    if (lot.planState === 'proposed') reasons.push('检验批划分尚未经监理批准');
    const place = placeOf(divisionsEdition(db, lot.divisionsEditionId).data, lot.subitemCode);
    if (place?.subitem.concealed && !covered.has(lot.id)) reasons.push('隐蔽工程验收未完成');
    for (const link of links.filter((l) => l.lotId === lot.id)) {
      const u = usable.get(link.b.id)!;
      if (!u.usable) reasons.push(`所用材料 ${batchLabel(link.b)}:${u.reasons.join(',')}`);
      else if (u.treated && (!record || !TREATED_PATHS.has(record.path))) reasons.push(`所用材料 ${batchLabel(link.b)} 检测不合格经技术处理使用,本检验批须经检测鉴定、设计核算或加固处理后验收`);
    }
    if (record?.state === 'failed') reasons.push('验收不合格,须按GB 50300第5.0.6条处理(返工、检测鉴定、设计核算或加固)');
  }
  return result;
}

export function lotRows(db: Db, lots: Lot[]): LotRow[] {
  if (lots.length === 0) return [];
  const records = latestRecords(db, lots.map((l) => l.id));
  const blockers = lotBlockers(db, lots, records);
  const units = new Map(db.select().from(qualityUnits).where(inArray(qualityUnits.id, [...new Set(lots.map((l) => l.unitId))])).all().map((u) => [u.id, u.name]));
  return lots.map((l) => {
    const record = records.get(l.id);
    const status = lotStatus(l, record);
    return {
      id: l.id, unitId: l.unitId, unitName: units.get(l.unitId) ?? '', divisionCode: l.divisionCode, subitemCode: l.subitemCode,
      subitemName: placeOf(divisionsEdition(db, l.divisionsEditionId).data, l.subitemCode)?.subitem.name ?? l.subitemCode,
      name: l.name, part: l.part, capacity: l.capacity, capacityUnit: l.capacityUnit, status, statusLabel: lotStatusLabels[status],
      blockers: blockers.get(l.id) ?? [], currentRecordId: record?.id ?? null,
    };
  });
}

/** The lots of one 分项 of a unit, and why the 分项 cannot be accepted yet. */
export function subitemParts(db: Db, unitId: string, subitemCode: string): { rows: LotRow[]; blockers: string[] } {
  const lots = db.select().from(qualityLots).where(and(eq(qualityLots.unitId, unitId), eq(qualityLots.subitemCode, subitemCode))).orderBy(qualityLots.createdAt).all();
  const rows = lotRows(db, lots);
  const blockers = rows.length === 0 ? ['该分项没有检验批'] : rows.filter((r) => r.status !== 'accepted').map((r) => `检验批“${r.name}”${r.statusLabel}`);
  return { rows, blockers };
}

/** The 分项 of one 分部 of a unit (those its 划分 has lots in), with their acceptances, and why the 分部 waits. */
export function divisionParts(db: Db, unitId: string, divisionCode: string): { subitems: { code: string; name: string; accepted: boolean }[]; blockers: string[] } {
  const lots = db.select().from(qualityLots).where(and(eq(qualityLots.unitId, unitId), eq(qualityLots.divisionCode, divisionCode))).orderBy(qualityLots.subitemCode).all();
  const codes = [...new Set(lots.map((l) => l.subitemCode))];
  const accepted = new Set(codes.length === 0 ? [] : db.select({ code: qualityAcceptances.code }).from(qualityAcceptances)
    .where(and(eq(qualityAcceptances.unitId, unitId), eq(qualityAcceptances.level, 'subitem'), eq(qualityAcceptances.state, 'accepted'), inArray(qualityAcceptances.code, codes))).all().map((r) => r.code));
  const subitems = codes.map((code) => {
    const lot = lots.find((l) => l.subitemCode === code)!;
    return { code, name: placeOf(divisionsEdition(db, lot.divisionsEditionId).data, code)?.subitem.name ?? code, accepted: accepted.has(code) };
  });
  const blockers = subitems.length === 0 ? ['该分部没有分项工程'] : subitems.filter((x) => !x.accepted).map((x) => `分项“${x.name}”未验收`);
  return { subitems, blockers };
}
