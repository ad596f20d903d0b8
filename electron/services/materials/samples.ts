// 浇筑记录 and 取样送检: a sample of a batch (of a pour, for concrete) taken by the 施工单位's 取样人
// in front of the 见证人 named in a 授权书 — never the sampler — who then signs from their own
// account; the 见证取样和送检台账; and when each cube's 28-day result is due.
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { appointments, materialBatches, materialDispositions, materialPours, materialReports, materialSamples } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { ApiError } from '../../common/errors';
import { addDays, siteDate } from '../../common/site-time';
import { curingLabels, resultStatusLabels, shiftLabels } from '../../common/materials/labels';
import type { PourRow, SampleRow } from '../../common/contract-materials';
import type { ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { newId } from '../ids';
import { activeAppointment } from '../parties/holdings';
import { positionToSign, sign, signaturesOf } from '../parties/signatures';
import { inTransaction } from '../write-context';
import { frequencyRules, typeInfo, witnessRules } from './rules';
import { resultStatus } from './frequency';

type Sample = typeof materialSamples.$inferSelect;
type Pour = typeof materialPours.$inferSelect;

export const SAMPLE_RECORD = 'material_sample';

export function pourLabel(p: Pick<Pour, 'pouredOn' | 'building' | 'storey' | 'part' | 'mix' | 'volume'>): string {
  return `${p.pouredOn} ${p.building}${p.storey} ${p.part} ${p.mix} ${p.volume}m³`;
}

export function batchLabel(b: Pick<typeof materialBatches.$inferSelect, 'name' | 'spec' | 'batchNo'>): string {
  return `${b.name} ${b.spec} 批号${b.batchNo}`;
}

function pourRows(db: Db, pours: Pour[]): PourRow[] {
  const ids = pours.map((p) => p.id);
  const groups = new Map(ids.length === 0 ? [] : db.select({ pourId: materialSamples.pourId, n: sql<number>`sum(${materialSamples.groups})` }).from(materialSamples)
    .where(and(inArray(materialSamples.pourId, ids), eq(materialSamples.curing, 'standard'))).groupBy(materialSamples.pourId).all().map((r) => [r.pourId!, r.n]));
  return pours.map((p) => ({ ...p, shiftLabel: shiftLabels[p.shift], standardGroups: groups.get(p.id) ?? 0, label: pourLabel(p) }));
}

export function listPours(s: Services, actor: ProjectActor, input: ParsedInput<'materials.pours'>) {
  const where = and(eq(materialPours.projectId, actor.projectId), input.month ? sql`substr(${materialPours.pouredOn}, 1, 7) = ${input.month}` : undefined);
  const total = s.db.select({ n: count() }).from(materialPours).where(where).get()?.n ?? 0;
  const rows = s.db.select().from(materialPours).where(where).orderBy(desc(materialPours.pouredOn), desc(materialPours.id)).limit(input.pageSize).offset((input.page - 1) * input.pageSize).all();
  return { rows: pourRows(s.db, rows), total };
}

function batchOf(db: Db, projectId: string, id: string) {
  const batch = db.select().from(materialBatches).where(and(eq(materialBatches.id, id), eq(materialBatches.projectId, projectId))).get();
  if (!batch) throw new ApiError('NOT_FOUND', '未找到该进场材料', [{ path: 'batchId', message: '请选择进场材料' }]);
  return batch;
}

export function addPour(s: Services, actor: ProjectActor, input: ParsedInput<'materials.addPour'>): PourRow {
  const concrete = frequencyRules(s.db, actor.projectId).data.concrete.materialType;
  const row = inTransaction(s, actor, (ctx) => {
    if (input.pouredOn > ctx.today) throw new ApiError('VALIDATION', `浇筑日期不能晚于今天(${ctx.today})`, [{ path: 'pouredOn', message: '不能晚于今天' }]);
    if (input.batchId && batchOf(ctx.db, actor.projectId, input.batchId).materialType !== concrete) throw new ApiError('VALIDATION', '所选进场材料不是混凝土', [{ path: 'batchId', message: '请选择混凝土批次' }]);
    const p: Pour = { id: newId(), projectId: actor.projectId, ...input, createdAt: ctx.author.at, createdBy: actor.userId };
    ctx.db.insert(materialPours).values(p).run();
    ctx.recorder.change(ctx.author, 'material_pours', p.id, 'insert', p);
    return p;
  });
  return pourRows(s.db, [row])[0]!;
}

/** The ledger rows of samples: batch, pour, who sampled and witnessed, the report and where the result stands. */
export function sampleRows(db: Db, projectId: string, samples: Sample[], today: string): SampleRow[] {
  if (samples.length === 0) return [];
  const rules = witnessRules(db, projectId).data;
  const resultDays = frequencyRules(db, projectId).data.concrete.resultDays;
  const batches = new Map(db.select().from(materialBatches).where(inArray(materialBatches.id, [...new Set(samples.map((x) => x.batchId))])).all().map((b) => [b.id, b]));
  const pourIds = samples.map((x) => x.pourId).filter((x): x is string => !!x);
  const pours = new Map(pourIds.length === 0 ? [] : db.select().from(materialPours).where(inArray(materialPours.id, pourIds)).all().map((p) => [p.id, p]));
  const reports = new Map(db.select().from(materialReports).where(inArray(materialReports.sampleId, samples.map((x) => x.id))).all().map((r) => [r.sampleId, r]));
  const witnessed = signaturesOf(db, SAMPLE_RECORD, samples.map((x) => x.id));
  return samples.map((x) => {
    const b = batches.get(x.batchId)!;
    const report = reports.get(x.id);
    const dueOn = x.curing === 'standard' && x.castOn ? addDays(x.castOn, resultDays) : null;
    const status = resultStatus(dueOn, !!report, today);
    const signature = witnessed.get(x.id)?.[0];
    const pour = x.pourId ? pours.get(x.pourId) : undefined;
    return {
      id: x.id, batchId: x.batchId, batchLabel: batchLabel(b), materialTypeName: typeInfo(rules, b.materialType).name, sampledAt: x.sampledAt,
      location: [x.building, x.storey, x.axis].filter(Boolean).join(' '), sampleNo: x.sampleNo, groups: x.groups, curing: x.curing, curingLabel: curingLabels[x.curing],
      castOn: x.castOn, dueOn, sealNo: x.sealNo, lab: x.lab, commissionNo: x.commissionNo, samplerName: x.samplerName, witnessName: x.witnessName,
      witnessed: !!signature, witnessedOn: signature?.signedOn ?? null, retest: x.retestOf !== null, pourLabel: pour ? pourLabel(pour) : '',
      reportNo: report?.reportNo ?? null, conclusion: report?.conclusion ?? null, resultStatus: status, resultStatusLabel: resultStatusLabels[status],
    };
  });
}

export function takeSample(s: Services, actor: ProjectActor, input: ParsedInput<'materials.sample'>): SampleRow {
  const sampledOn = input.sampledAt.slice(0, 10);
  const sample = inTransaction(s, actor, (ctx) => {
    const batch = batchOf(ctx.db, actor.projectId, input.batchId);
    if (batch.state === 'rejected') throw new ApiError('CONFLICT', '该批材料监理不同意使用,已退场,不能取样');
    if (sampledOn > ctx.today) throw new ApiError('VALIDATION', `取样时间不能晚于今天(${ctx.today})`, [{ path: 'sampledAt', message: '不能晚于今天' }]);
    if (sampledOn < batch.receivedOn) throw new ApiError('VALIDATION', `取样日期不能早于进场日期(${batch.receivedOn})`, [{ path: 'sampledAt', message: '不能早于进场日期' }]);
    const type = typeInfo(witnessRules(ctx.db, actor.projectId).data, batch.materialType);
    if (type.cubes && input.curing === 'none') throw new ApiError('VALIDATION', `${type.name}试块须注明标准养护或同条件养护`, [{ path: 'curing', message: '请选择养护方式' }]);
    if (!type.cubes && input.curing !== 'none') throw new ApiError('VALIDATION', `${type.name}没有试块养护`, [{ path: 'curing', message: '请选择“不适用”' }]);
    const concrete = frequencyRules(ctx.db, actor.projectId).data.concrete.materialType;
    if (batch.materialType === concrete && !input.pourId) throw new ApiError('VALIDATION', '混凝土试块须选择浇筑记录(取样频率按浇筑记录核对)', [{ path: 'pourId', message: '请选择浇筑记录' }]);
    if (input.pourId) {
      const pour = ctx.db.select().from(materialPours).where(and(eq(materialPours.id, input.pourId), eq(materialPours.projectId, actor.projectId))).get();
      if (!pour) throw new ApiError('NOT_FOUND', '未找到该浇筑记录', [{ path: 'pourId', message: '请选择浇筑记录' }]);
      if (pour.batchId && pour.batchId !== batch.id) throw new ApiError('VALIDATION', '该浇筑记录所用的不是这批混凝土', [{ path: 'pourId', message: '浇筑记录与批次不符' }]);
    }
    if (input.retestOf) {
      const d = ctx.db.select().from(materialDispositions).where(and(eq(materialDispositions.id, input.retestOf), eq(materialDispositions.batchId, batch.id))).get();
      if (!d || d.method !== 'retest' || d.state === 'closed') throw new ApiError('CONFLICT', '该批材料没有待复试的不合格处置');
    }
    const sampler = activeAppointment(ctx.db, actor.projectId, input.samplerAppointmentId, 'sampler', sampledOn);
    let witnessName = '';
    if (input.witnessAppointmentId) {
      const witness = activeAppointment(ctx.db, actor.projectId, input.witnessAppointmentId, 'witness', sampledOn);
      // The witness is never the sampler: not the same account, not the same name on the paper.
      if ((witness.userId !== null && witness.userId === sampler.userId) || witness.name === sampler.name) {
        throw new ApiError('VALIDATION', `见证人不能是取样人(${sampler.name})`, [{ path: 'witnessAppointmentId', message: '见证人不能是取样人' }]);
      }
      witnessName = witness.name;
    }
    if (ctx.db.select().from(materialSamples).where(and(eq(materialSamples.projectId, actor.projectId), eq(materialSamples.sampleNo, input.sampleNo))).get()) {
      throw new ApiError('CONFLICT', `试样编号 ${input.sampleNo} 已登记`, [{ path: 'sampleNo', message: '试样编号已登记' }]);
    }
    const row: Sample = {
      id: newId(), projectId: actor.projectId, batchId: batch.id, pourId: input.pourId, sampledAt: input.sampledAt, sampledOn, building: input.building, storey: input.storey,
      axis: input.axis, sampleNo: input.sampleNo, groups: input.groups, curing: input.curing, castOn: type.cubes ? input.castOn ?? sampledOn : null, sealNo: input.sealNo,
      lab: input.lab, commissionNo: input.commissionNo, samplerAppointmentId: sampler.id, samplerName: sampler.name, witnessAppointmentId: input.witnessAppointmentId,
      witnessName, retestOf: input.retestOf, createdAt: ctx.author.at, createdBy: actor.userId,
    };
    ctx.db.insert(materialSamples).values(row).run();
    ctx.recorder.change(ctx.author, 'material_samples', row.id, 'insert', row);
    return row;
  });
  return sampleRows(s.db, actor.projectId, [sample], siteDate(s.clock.now()))[0]!;
}

/** 见证: the witness named on the sample signs from their own account (and is still not the sampler). */
export function witnessSample(s: Services, actor: ProjectActor, input: ParsedInput<'materials.witness'>): SampleRow {
  const sample = inTransaction(s, actor, (ctx) => {
    const x = ctx.db.select().from(materialSamples).where(and(eq(materialSamples.id, input.sampleId), eq(materialSamples.projectId, actor.projectId))).get();
    if (!x) throw new ApiError('NOT_FOUND', '未找到该试样');
    if (!x.witnessAppointmentId) throw new ApiError('CONFLICT', '该试样登记为无见证送检,没有见证人');
    const named = ctx.db.select().from(appointments).where(eq(appointments.id, x.witnessAppointmentId)).get()!;
    if (named.userId !== actor.userId) throw new ApiError('FORBIDDEN', `该试样的见证人是${named.name},须由其本人登录签字`);
    const sampler = ctx.db.select().from(appointments).where(eq(appointments.id, x.samplerAppointmentId)).get()!;
    if (sampler.userId === actor.userId) throw new ApiError('FORBIDDEN', '见证人不能是取样人');
    if (input.signedOn < x.sampledOn) throw new ApiError('VALIDATION', `见证签字日期不能早于取样日期(${x.sampledOn})`, [{ path: 'signedOn', message: '不能早于取样日期' }]);
    const signed = signaturesOf(ctx.db, SAMPLE_RECORD, [x.id]).get(x.id) ?? [];
    const position = positionToSign(ctx.db, actor, SAMPLE_RECORD, signed, input.signedOn);
    sign(ctx, { recordKind: SAMPLE_RECORD, recordId: x.id, position, signedOn: input.signedOn, verdict: '', opinion: input.opinion || '取样过程经见证,试样已封样' });
    return x;
  });
  return sampleRows(s.db, actor.projectId, [sample], siteDate(s.clock.now()))[0]!;
}

export function listSamples(s: Services, actor: ProjectActor, input: ParsedInput<'materials.samples'>): { rows: SampleRow[]; total: number } {
  const today = siteDate(s.clock.now());
  const where = and(
    eq(materialSamples.projectId, actor.projectId),
    input.month ? sql`substr(${materialSamples.sampledOn}, 1, 7) = ${input.month}` : undefined,
    input.search ? sql`(instr(${materialSamples.sampleNo}, ${input.search}) > 0 or instr(${materialSamples.commissionNo}, ${input.search}) > 0 or instr(${materialSamples.lab}, ${input.search}) > 0)` : undefined,
  );
  // The status filters are read from the rows (they depend on signatures, reports and today).
  const all = s.db.select().from(materialSamples).where(where).orderBy(desc(materialSamples.sampledAt), desc(materialSamples.id)).all();
  const rows = sampleRows(s.db, actor.projectId, all, today).filter((r) => {
    switch (input.status) {
      case 'unwitnessed': return !r.witnessed;
      case 'pending': return r.resultStatus !== 'reported';
      case 'due': return r.resultStatus === 'due';
      case 'overdue': return r.resultStatus === 'overdue';
      case 'fail': return r.conclusion === 'fail';
      default: return true;
    }
  });
  return { rows: rows.slice((input.page - 1) * input.pageSize, input.page * input.pageSize), total: rows.length };
}

/** Every sample of the project (of a month) in the ledger's order, oldest first. */
export function ledgerRowsOf(db: Db, projectId: string, today: string, month?: string): SampleRow[] {
  const all = db.select().from(materialSamples).where(and(eq(materialSamples.projectId, projectId), month ? sql`substr(${materialSamples.sampledOn}, 1, 7) = ${month}` : undefined))
    .orderBy(asc(materialSamples.sampledAt), asc(materialSamples.id)).all();
  return sampleRows(db, projectId, all, today);
}

/** The 台账 of the caller's project, for its PDF and the home screen. */
export function ledgerSamples(s: Services, actor: ProjectActor, month?: string): SampleRow[] {
  return ledgerRowsOf(s.db, actor.projectId, siteDate(s.clock.now()), month);
}
