// 材料进场验收: a delivered batch with its documents, classified under the witness rules in use
// (compulsory 见证取样 or not), and the 专业监理工程师's 工程材料报审 — agreed, or refused (退场).
// No approval, no use (usability.ts).
import { and, asc, count, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { materialBatches, materialDispositions, materialReports, materialSamples, qualityLotMaterials, qualityLots, qualityUnits } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { ApiError } from '../../common/errors';
import { siteDate } from '../../common/site-time';
import { batchStateLabels } from '../../common/materials/labels';
import type { BatchRow, BatchView } from '../../common/contract-materials';
import type { ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { newId } from '../ids';
import { filesOf } from '../parties/files';
import { pendingSignatures, positionToSign, sign, signaturesOf, signatureView } from '../parties/signatures';
import { attachFiles, storeFiles } from '../rectification/loop';
import { readEdition } from '../rules/editions';
import { inTransaction } from '../write-context';
import { dispositionViews, reportViews } from './reports';
import { materialType, typeInfo, witnessEditionInUse, witnessRules } from './rules';
import { sampleRows, SAMPLE_RECORD } from './samples';
import { usabilities } from './usability';

type Batch = typeof materialBatches.$inferSelect;
export const BATCH_RECORD = 'material_batch';

export function batchOf(db: Db, projectId: string, id: string): Batch {
  const batch = db.select().from(materialBatches).where(and(eq(materialBatches.id, id), eq(materialBatches.projectId, projectId))).get();
  if (!batch) throw new ApiError('NOT_FOUND', '未找到该进场材料');
  return batch;
}

export function batchRows(db: Db, projectId: string, batches: Batch[]): BatchRow[] {
  const ids = batches.map((b) => b.id);
  if (ids.length === 0) return [];
  const rules = witnessRules(db, projectId).data;
  const samples = db.select({ id: materialSamples.id, batchId: materialSamples.batchId }).from(materialSamples).where(inArray(materialSamples.batchId, ids)).all();
  const witnessed = signaturesOf(db, SAMPLE_RECORD, samples.map((x) => x.id));
  const reports = db.select({ batchId: materialReports.batchId, conclusion: materialReports.conclusion }).from(materialReports).where(inArray(materialReports.batchId, ids)).all();
  const usable = usabilities(db, ids);
  return batches.map((b) => {
    const mine = samples.filter((x) => x.batchId === b.id);
    const u = usable.get(b.id)!;
    return {
      id: b.id, receivedOn: b.receivedOn, materialType: b.materialType, materialTypeName: typeInfo(rules, b.materialType).name, name: b.name, spec: b.spec, grade: b.grade,
      quantity: b.quantity, unit: b.unit, batchNo: b.batchNo, supplier: b.supplier, compulsory: b.compulsory, state: b.state, stateLabel: batchStateLabels[b.state],
      samples: mine.length, witnessedSamples: mine.filter((x) => witnessed.has(x.id)).length,
      failedReports: reports.filter((r) => r.batchId === b.id && r.conclusion === 'fail').length,
      passedReports: reports.filter((r) => r.batchId === b.id && r.conclusion === 'pass').length,
      usability: { usable: u.usable, reasons: u.reasons },
    };
  });
}

export function listBatches(s: Services, actor: ProjectActor, input: ParsedInput<'materials.batches'>): { rows: BatchRow[]; total: number } {
  const where = and(
    eq(materialBatches.projectId, actor.projectId),
    input.materialType ? eq(materialBatches.materialType, input.materialType) : undefined,
    input.status === 'awaiting' ? eq(materialBatches.state, 'received') : undefined,
    input.status === 'nonconforming' ? inArray(materialBatches.id, s.db.select({ id: materialDispositions.batchId }).from(materialDispositions).where(eq(materialDispositions.projectId, actor.projectId))) : undefined,
    input.search ? or(sql`instr(${materialBatches.name}, ${input.search}) > 0`, sql`instr(${materialBatches.batchNo}, ${input.search}) > 0`, sql`instr(${materialBatches.supplier}, ${input.search}) > 0`, sql`instr(${materialBatches.spec}, ${input.search}) > 0`) : undefined,
  );
  const order = [desc(materialBatches.receivedOn), desc(materialBatches.id)];
  if (input.status === 'blocked' || input.status === 'usable') {
    const rows = batchRows(s.db, actor.projectId, s.db.select().from(materialBatches).where(where).orderBy(...order).all()).filter((r) => r.usability.usable === (input.status === 'usable'));
    return { rows: rows.slice((input.page - 1) * input.pageSize, input.page * input.pageSize), total: rows.length };
  }
  const total = s.db.select({ n: count() }).from(materialBatches).where(where).get()?.n ?? 0;
  const page = s.db.select().from(materialBatches).where(where).orderBy(...order).limit(input.pageSize).offset((input.page - 1) * input.pageSize).all();
  return { rows: batchRows(s.db, actor.projectId, page), total };
}

export function batchView(s: Services, actor: ProjectActor, id: string): BatchView {
  const b = batchOf(s.db, actor.projectId, id);
  const today = siteDate(s.clock.now());
  const edition = readEdition(s.db, b.witnessEditionId, 'materials.witness');
  const type = typeInfo(edition.data, b.materialType);
  const signed = signaturesOf(s.db, BATCH_RECORD, [b.id]).get(b.id) ?? [];
  const samples = s.db.select().from(materialSamples).where(eq(materialSamples.batchId, b.id)).orderBy(asc(materialSamples.sampledAt)).all();
  const lots = s.db.select({ id: qualityLots.id, name: qualityLots.name, part: qualityLots.part, unitName: qualityUnits.name }).from(qualityLotMaterials)
    .innerJoin(qualityLots, eq(qualityLots.id, qualityLotMaterials.lotId)).innerJoin(qualityUnits, eq(qualityUnits.id, qualityLots.unitId))
    .where(eq(qualityLotMaterials.batchId, b.id)).orderBy(asc(qualityLots.createdAt)).all();
  return {
    ...batchRows(s.db, actor.projectId, [b])[0]!,
    deliveryNote: b.deliveryNote, manufacturer: b.manufacturer, filingNo: b.filingNo, documents: b.documents, appearanceOk: b.appearanceOk, appearanceNote: b.appearanceNote,
    receiver: b.receiver, intendedUse: b.intendedUse, retestAllowed: type.retestAllowed, cubes: type.cubes,
    files: filesOf(s, 'material_document', [b.id]).get(b.id) ?? [],
    signatures: signed.map(signatureView),
    pending: b.state === 'received' ? pendingSignatures(s.db, actor.projectId, actor, ['supervision_engineer'], signed, today) : [],
    sampleRows: sampleRows(s.db, actor.projectId, samples, today),
    reports: reportViews(s, s.db.select().from(materialReports).where(eq(materialReports.batchId, b.id)).orderBy(asc(materialReports.reportedOn)).all()),
    dispositions: dispositionViews(s, actor, s.db.select().from(materialDispositions).where(eq(materialDispositions.batchId, b.id)).orderBy(asc(materialDispositions.createdAt)).all()),
    lots,
    edition: { id: edition.id, edition: edition.edition, origin: edition.origin },
  };
}

export function receive(s: Services, actor: ProjectActor, input: ParsedInput<'materials.receive'>): BatchView {
  const stored = storeFiles(s, input.scans, ['application/pdf', 'image/jpeg', 'image/png'], '随货资料');
  const id = inTransaction(s, actor, (ctx) => {
    if (input.receivedOn > ctx.today) throw new ApiError('VALIDATION', `进场日期不能晚于今天(${ctx.today})`, [{ path: 'receivedOn', message: '不能晚于今天' }]);
    const edition = witnessEditionInUse(ctx);
    const type = materialType(edition.data, input.materialType);
    if (type.unit && input.unit !== type.unit) throw new ApiError('VALIDATION', `${type.name}的数量单位应为 ${type.unit}`, [{ path: 'unit', message: `应为 ${type.unit}` }]);
    const { scans: _scans, ...fields } = input;
    const row: Batch = {
      id: newId(), projectId: actor.projectId, ...fields, compulsory: type.compulsory, witnessEditionId: edition.id, state: 'received',
      createdAt: ctx.author.at, createdBy: actor.userId, updatedAt: ctx.author.at,
    };
    ctx.db.insert(materialBatches).values(row).run();
    ctx.recorder.change(ctx.author, 'material_batches', row.id, 'insert', row);
    attachFiles(ctx, 'material_document', row.id, stored);
    return row.id;
  });
  return batchView(s, actor, id);
}

/** 工程材料报审: the 专业监理工程师's 审查意见, once. 不同意 sends the batch off site. */
export function approve(s: Services, actor: ProjectActor, input: ParsedInput<'materials.approve'>): BatchView {
  inTransaction(s, actor, (ctx) => {
    const b = batchOf(ctx.db, actor.projectId, input.id);
    if (b.state !== 'received') throw new ApiError('CONFLICT', `该批材料${batchStateLabels[b.state]},不能再审批`);
    if (input.signedOn < b.receivedOn) throw new ApiError('VALIDATION', `审批日期不能早于进场日期(${b.receivedOn})`, [{ path: 'signedOn', message: '不能早于进场日期' }]);
    const signed = signaturesOf(ctx.db, BATCH_RECORD, [b.id]).get(b.id) ?? [];
    const position = positionToSign(ctx.db, actor, BATCH_RECORD, signed, input.signedOn);
    sign(ctx, { recordKind: BATCH_RECORD, recordId: b.id, position, signedOn: input.signedOn, verdict: input.verdict === 'agree' ? '同意' : '不同意', opinion: input.opinion });
    const changes = { state: input.verdict === 'agree' ? 'approved' as const : 'rejected' as const, updatedAt: ctx.author.at };
    ctx.db.update(materialBatches).set(changes).where(eq(materialBatches.id, b.id)).run();
    ctx.recorder.change(ctx.author, 'material_batches', b.id, 'update', { ...b, ...changes }, b);
  });
  return batchView(s, actor, input.id);
}
