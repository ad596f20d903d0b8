// The 检验批 划分 of a unit: lots proposed by the 施工单位 under a 分项 of the hierarchy edition in
// use, approved by the 监理 (one signature per lot); and the unit's tree of 分部 → 分项 → 检验批
// with where each acceptance stands.
import { and, asc, eq, or } from 'drizzle-orm';
import { qualityAcceptances, qualityLots } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { ApiError } from '../../common/errors';
import type { LotRow, UnitTree } from '../../common/contract-quality';
import type { ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { newId } from '../ids';
import { positionToSign, sign } from '../parties/signatures';
import { inTransaction } from '../write-context';
import { acceptanceView } from './acceptances';
import { LOT_PLAN } from './lots';
import { lotRows } from './order';
import { divisionsEdition, divisionsInUse, placeOf, requirePlace } from './rules';
import { unitOf } from './units';

type Lot = typeof qualityLots.$inferSelect;

/** A 分项 or 分部 already under acceptance takes no more lots. */
function refuseIfAccepting(db: Db, unitId: string, subitemCode: string, divisionCode: string): void {
  const started = db.select().from(qualityAcceptances).where(and(eq(qualityAcceptances.unitId, unitId),
    or(and(eq(qualityAcceptances.level, 'subitem'), eq(qualityAcceptances.code, subitemCode)), and(eq(qualityAcceptances.level, 'division'), eq(qualityAcceptances.code, divisionCode))))).get();
  if (started) throw new ApiError('CONFLICT', `该${started.level === 'subitem' ? '分项' : '分部'}已开始验收,不能再增加检验批`);
}

export function addLot(s: Services, actor: ProjectActor, input: ParsedInput<'quality.addLot'>): LotRow {
  const lot = inTransaction(s, actor, (ctx) => {
    unitOf(ctx.db, actor.projectId, input.unitId);
    const edition = divisionsInUse(ctx);
    const place = requirePlace(edition.data, input.subitemCode);
    refuseIfAccepting(ctx.db, input.unitId, input.subitemCode, place.division.code);
    const row: Lot = {
      id: newId(), projectId: actor.projectId, unitId: input.unitId, divisionCode: place.division.code, subdivisionCode: place.subdivision.code, subitemCode: place.subitem.code,
      name: input.name, part: input.part, capacity: input.capacity, capacityUnit: input.capacityUnit, planState: 'proposed', divisionsEditionId: edition.id,
      createdAt: ctx.author.at, createdBy: actor.userId,
    };
    ctx.db.insert(qualityLots).values(row).run();
    ctx.recorder.change(ctx.author, 'quality_lots', row.id, 'insert', row);
    return row;
  });
  return lotRows(s.db, [lot])[0]!;
}

/** The 监理 approves every lot of the unit proposed so far: one signature per lot. */
export function approvePlan(s: Services, actor: ProjectActor, input: ParsedInput<'quality.approvePlan'>): UnitTree {
  inTransaction(s, actor, (ctx) => {
    unitOf(ctx.db, actor.projectId, input.unitId);
    const proposed = ctx.db.select().from(qualityLots).where(and(eq(qualityLots.unitId, input.unitId), eq(qualityLots.planState, 'proposed'))).all();
    if (proposed.length === 0) throw new ApiError('CONFLICT', '该单位工程没有待批准的检验批');
    const position = positionToSign(ctx.db, actor, LOT_PLAN, [], input.signedOn);
    for (const lot of proposed) {
      sign(ctx, { recordKind: LOT_PLAN, recordId: lot.id, position, signedOn: input.signedOn, verdict: '同意', opinion: input.opinion });
      ctx.db.update(qualityLots).set({ planState: 'approved' }).where(eq(qualityLots.id, lot.id)).run();
      ctx.recorder.change(ctx.author, 'quality_lots', lot.id, 'update', { ...lot, planState: 'approved' }, lot);
    }
  });
  return unitTreeOf(s, actor, input.unitId);
}

export function unitTreeOf(s: Services, actor: ProjectActor, unitId: string): UnitTree {
  const unit = unitOf(s.db, actor.projectId, unitId);
  const lots = s.db.select().from(qualityLots).where(eq(qualityLots.unitId, unit.id)).orderBy(asc(qualityLots.subitemCode), asc(qualityLots.createdAt)).all();
  const rows = lotRows(s.db, lots);
  const divisionCodes = [...new Set(lots.map((l) => l.divisionCode))].sort();
  return {
    unit: { id: unit.id, name: unit.name },
    proposedLots: lots.filter((l) => l.planState === 'proposed').length,
    divisions: divisionCodes.map((code) => {
      const subitemCodes = [...new Set(lots.filter((l) => l.divisionCode === code).map((l) => l.subitemCode))];
      return {
        acceptance: acceptanceView(s, actor, unit.id, 'division', code),
        subitems: subitemCodes.map((sc) => {
          const lot = lots.find((l) => l.subitemCode === sc)!;
          return {
            acceptance: acceptanceView(s, actor, unit.id, 'subitem', sc),
            subdivisionName: placeOf(divisionsEdition(s.db, lot.divisionsEditionId).data, sc)?.subdivision.name ?? '',
            lots: rows.filter((r) => r.subitemCode === sc),
          };
        }),
      };
    }),
  };
}
