// The checks of 建材管理 over the whole project: the sampling frequency (concrete from the pour
// records, rebar and cement per batch) against the samples taken, the witnessed share per material
// against the setting, and the home screen's figures (awaiting approval, 不合格, results due).
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { materialBatches, materialPours, materialSamples } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { siteDate } from '../../common/site-time';
import { shiftLabels } from '../../common/materials/labels';
import type { FrequencyCheck, MaterialsOverview, WitnessShare } from '../../common/contract-materials';
import type { ProjectActor, Services } from '../context';
import { signaturesOf } from '../parties/signatures';
import { batchGroupsRequired, concreteRequirement, witnessShare } from './frequency';
import { frequencyRules, typeInfo, witnessRules } from './rules';
import { batchLabel, ledgerSamples, SAMPLE_RECORD } from './samples';
import { batchRows } from './batches';

/** Samples that count towards frequency and share: not 复试 (those are extra, on a failure). */
function regularSamples(db: Db, projectId: string) {
  return db.select().from(materialSamples).where(and(eq(materialSamples.projectId, projectId), isNull(materialSamples.retestOf))).all();
}

export function frequencyCheck(db: Db, projectId: string): FrequencyCheck {
  const rules = frequencyRules(db, projectId);
  const { concrete } = rules.data;
  const pours = db.select().from(materialPours).where(eq(materialPours.projectId, projectId)).all();
  const samples = regularSamples(db, projectId);
  const standardByPour = new Map<string, number>();
  for (const x of samples) if (x.pourId && x.curing === 'standard') standardByPour.set(x.pourId, (standardByPour.get(x.pourId) ?? 0) + x.groups);
  const concreteRows = concreteRequirement(pours, concrete).map((g) => {
    const taken = g.pourIds.reduce((n, id) => n + (standardByPour.get(id) ?? 0), 0);
    const rule = g.volume > concrete.largePourOver ? `连续浇筑超过${concrete.largePourOver}m³,每${concrete.largePourPer}m³一组` : `每${concrete.perVolume}m³、每工作班、每楼层至少一组`;
    return { mix: g.mix, pouredOn: g.pouredOn, shift: shiftLabels[g.shift as 'day' | 'night'] ?? g.shift, storey: g.storey, volume: g.volume, pours: g.pourIds.length, required: g.required, taken, short: Math.max(0, g.required - taken), rule };
  });
  const batchRules = new Map(rules.data.batches.map((b) => [b.materialType, b]));
  const batches = db.select().from(materialBatches).where(and(eq(materialBatches.projectId, projectId), inArray(materialBatches.materialType, [...batchRules.keys()]))).all()
    .filter((b) => b.state !== 'rejected');
  const groupsByBatch = new Map<string, number>();
  for (const x of samples) groupsByBatch.set(x.batchId, (groupsByBatch.get(x.batchId) ?? 0) + x.groups);
  const batchRowsOut = batches.map((b) => {
    const rule = batchRules.get(b.materialType)!;
    const required = batchGroupsRequired(b.quantity, rule);
    const taken = groupsByBatch.get(b.id) ?? 0;
    return { batchId: b.id, label: batchLabel(b), quantity: b.quantity, unit: b.unit, required, taken, short: Math.max(0, required - taken), rule: `每批不大于${rule.perQuantity}${rule.unit}一组` };
  });
  return { edition: rules.edition, concrete: concreteRows, batches: batchRowsOut };
}

/**
 * Per compulsory material: groups required (the frequency rules where there are any, else the
 * groups taken), groups witnessed, and the share against the setting (30 % by default).
 */
export function witnessShareCheck(db: Db, projectId: string): WitnessShare {
  const rules = witnessRules(db, projectId);
  const freq = frequencyRules(db, projectId).data;
  const check = frequencyCheck(db, projectId);
  const samples = regularSamples(db, projectId);
  const batches = new Map(db.select().from(materialBatches).where(eq(materialBatches.projectId, projectId)).all().map((b) => [b.id, b]));
  const witnessed = signaturesOf(db, SAMPLE_RECORD, samples.map((x) => x.id));
  const rows = rules.data.types.filter((t) => t.compulsory).map((t) => {
    const mine = samples.filter((x) => batches.get(x.batchId)?.materialType === t.code && (!t.cubes || x.curing === 'standard'));
    const taken = mine.reduce((n, x) => n + x.groups, 0);
    const witnessedGroups = mine.filter((x) => witnessed.has(x.id)).reduce((n, x) => n + x.groups, 0);
    let required = taken;
    let basis = '按已取样组数';
    if (t.code === freq.concrete.materialType) {
      required = check.concrete.reduce((n, g) => n + g.required, 0);
      basis = '按浇筑记录应留置的标养试块组数';
    } else if (freq.batches.some((b) => b.materialType === t.code)) {
      required = check.batches.filter((b) => batches.get(b.batchId)?.materialType === t.code).reduce((n, b) => n + b.required, 0);
      basis = '按进场批次应取样组数';
    }
    const { share, meets } = witnessShare(witnessedGroups, required, rules.data.witnessShare);
    return { materialType: t.code, materialTypeName: t.name, required, taken, witnessed: witnessedGroups, share, meets, basis };
  }).filter((r) => r.required > 0 || r.taken > 0);
  return { setting: rules.data.witnessShare, edition: rules.edition, rows };
}

export function materialsOverview(s: Services, actor: ProjectActor): MaterialsOverview {
  const today = siteDate(s.clock.now());
  const batches = s.db.select().from(materialBatches).where(eq(materialBatches.projectId, actor.projectId)).all();
  const rows = batchRows(s.db, actor.projectId, batches);
  const samples = ledgerSamples(s, actor);
  const check = frequencyCheck(s.db, actor.projectId);
  const rules = witnessRules(s.db, actor.projectId).data;
  return {
    date: today,
    awaitingApproval: rows.filter((r) => r.state === 'received').length,
    nonconforming: rows.filter((r) => r.failedReports > 0).map((r) => ({
      batchId: r.id, label: `${typeInfo(rules, r.materialType).name} · ${r.name} ${r.spec} 批号${r.batchNo}`,
      reportNo: samples.filter((x) => x.batchId === r.id && x.conclusion === 'fail').map((x) => x.reportNo).join('、'),
      stateLabel: r.usability.usable ? '已处置' : r.usability.reasons.join(';'),
    })),
    due: samples.filter((x) => x.resultStatus === 'due').length,
    overdue: samples.filter((x) => x.resultStatus === 'overdue').length,
    share: witnessShareCheck(s.db, actor.projectId),
    shortfalls: check.concrete.filter((g) => g.short > 0).length + check.batches.filter((b) => b.short > 0).length,
  };
}
