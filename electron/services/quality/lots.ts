// 检验批: the 单位工程 and the 划分 (a lot proposed by the 施工单位 under a 分项, approved by the
// 监理), the batches a lot used, and its inspection record: 主控 / 一般 items with sample sizes and
// results, judged by the acceptance edition it was made under; signed by the 项目专业质量检查员 and
// the 专业工长 (施工单位检查结果) and then by the 专业监理工程师 with the verdict. A signed record never
// changes: a failed lot follows a §5.0.6 path as a new revision, or stays blocked.
import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { materialBatches, qualityConcealed, qualityConcealedLots, qualityLotItems, qualityLotMaterials, qualityLotRecords, qualityLots, qualityProblems, rectifications } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { ApiError } from '../../common/errors';
import { siteDate } from '../../common/site-time';
import { concealedStateLabels, lotPathLabels, lotRecordStateLabels } from '../../common/quality/labels';
import { rectificationStateLabels } from '../../common/rectification-labels';
import { positionLabels } from '../../common/parties/positions';
import type { LotRecordView, LotRow, LotView } from '../../common/contract-quality';
import type { ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { newId } from '../ids';
import { filesOf } from '../parties/files';
import { partiesProfile } from '../parties/profile';
import { pendingSignatures, positionAmong, sign, signaturesOf, signatureView } from '../parties/signatures';
import { attachFiles, storeFiles } from '../rectification/loop';
import { usabilities } from '../materials/usability';
import { batchLabel } from '../materials/samples';
import { typeInfo, witnessRules } from '../materials/rules';
import { inTransaction, type WriteContext } from '../write-context';
import { judgeLot, type LotJudgement } from './judgement';
import { lotBlockers, lotRows } from './order';
import { openQualityProblem } from './problems';
import { acceptanceEdition, acceptanceInUse, currentAcceptance, divisionsEdition, placeOf, templatesOf } from './rules';
import { editionView } from './editions-view';

type Lot = typeof qualityLots.$inferSelect;
type LotRecord = typeof qualityLotRecords.$inferSelect;
type Item = typeof qualityLotItems.$inferSelect;

export const LOT_RECORD = 'lot_record';
export const LOT_PLAN = 'lot_plan';

export function lotOf(db: Db, projectId: string, id: string): Lot {
  const lot = db.select().from(qualityLots).where(and(eq(qualityLots.id, id), eq(qualityLots.projectId, projectId))).get();
  if (!lot) throw new ApiError('NOT_FOUND', '未找到该检验批');
  return lot;
}

export function listLots(s: Services, actor: ProjectActor, input: ParsedInput<'quality.lots'>): { rows: LotRow[]; total: number } {
  const lots = s.db.select().from(qualityLots).where(and(eq(qualityLots.projectId, actor.projectId), input.unitId ? eq(qualityLots.unitId, input.unitId) : undefined,
    input.search ? or(sql`instr(${qualityLots.name}, ${input.search}) > 0`, sql`instr(${qualityLots.part}, ${input.search}) > 0`) : undefined))
    .orderBy(asc(qualityLots.unitId), asc(qualityLots.subitemCode), asc(qualityLots.createdAt)).all();
  const rows = lotRows(s.db, lots).filter((r) => {
    switch (input.status) {
      case 'awaiting': return r.status !== 'accepted' && r.status !== 'proposed';
      case 'blocked': return r.status !== 'accepted' && r.blockers.length > 0;
      case 'accepted': return r.status === 'accepted';
      case 'failed': return r.status === 'failed';
      default: return true;
    }
  });
  return { rows: rows.slice((input.page - 1) * input.pageSize, input.page * input.pageSize), total: rows.length };
}

// ---- a lot's page

function itemsOf(db: Db, recordIds: string[]): Map<string, Item[]> {
  const map = new Map<string, Item[]>();
  if (recordIds.length === 0) return map;
  for (const i of db.select().from(qualityLotItems).where(inArray(qualityLotItems.recordId, recordIds))
    // 主控项目 first, as the form prints them.
    .orderBy(sql`case ${qualityLotItems.group} when 'main' then 0 else 1 end`, asc(qualityLotItems.no)).all()) {
    map.set(i.recordId, [...(map.get(i.recordId) ?? []), i]);
  }
  return map;
}

export function judgeRecord(db: Db, lot: Lot, record: LotRecord, items: Item[]): LotJudgement {
  return judgeLot(items, lot.capacity, acceptanceEdition(db, record.acceptanceEditionId).data);
}

function recordViews(s: Services, actor: ProjectActor, lot: Lot, records: LotRecord[]): LotRecordView[] {
  const items = itemsOf(s.db, records.map((r) => r.id));
  const signed = signaturesOf(s.db, LOT_RECORD, records.map((r) => r.id));
  const files = filesOf(s, 'quality_record', records.map((r) => r.id));
  const today = siteDate(s.clock.now());
  const latest = records[records.length - 1];
  return records.map((r) => {
    const mine = items.get(r.id) ?? [];
    const edition = acceptanceEdition(s.db, r.acceptanceEditionId);
    const judgement = judgeLot(mine, lot.capacity, edition.data);
    const sigs = signed.get(r.id) ?? [];
    const open = r.id === latest?.id && (r.state === 'draft' || r.state === 'self_checked');
    return {
      id: r.id, revision: r.revision, path: r.path, pathLabel: lotPathLabels[r.path], pathNote: r.pathNote, inspectedOn: r.inspectedOn, state: r.state, stateLabel: lotRecordStateLabels[r.state],
      items: mine.map((i, k) => ({ ...i, ...judgement.items[k]!, id: i.id })),
      judgement: { passed: judgement.passed, mainPassed: judgement.mainPassed, generalRate: judgement.generalRate, generalRequired: judgement.generalRequired, reasons: judgement.reasons },
      signatures: sigs.map(signatureView),
      pending: open ? pendingSignatures(s.db, actor.projectId, actor, edition.data.signatures.lot, sigs, today) : [],
      files: files.get(r.id) ?? [],
      edition: editionView(edition),
    };
  });
}

export function lotView(s: Services, actor: ProjectActor, id: string): LotView {
  const lot = lotOf(s.db, actor.projectId, id);
  const row = lotRows(s.db, [lot])[0]!;
  const place = placeOf(divisionsEdition(s.db, lot.divisionsEditionId).data, lot.subitemCode);
  const records = s.db.select().from(qualityLotRecords).where(eq(qualityLotRecords.lotId, lot.id)).orderBy(asc(qualityLotRecords.revision)).all();
  const batches = s.db.select({ b: materialBatches }).from(qualityLotMaterials).innerJoin(materialBatches, eq(materialBatches.id, qualityLotMaterials.batchId))
    .where(eq(qualityLotMaterials.lotId, lot.id)).orderBy(asc(materialBatches.receivedOn)).all().map((r) => r.b);
  const usable = usabilities(s.db, batches.map((b) => b.id));
  const rules = witnessRules(s.db, actor.projectId).data;
  const concealed = s.db.select({ c: qualityConcealed }).from(qualityConcealedLots).innerJoin(qualityConcealed, eq(qualityConcealed.id, qualityConcealedLots.concealedId))
    .where(eq(qualityConcealedLots.lotId, lot.id)).orderBy(asc(qualityConcealed.checkedOn)).all().map((r) => r.c);
  const problems = s.db.select({ r: rectifications }).from(qualityProblems).innerJoin(rectifications, eq(rectifications.id, qualityProblems.rectificationId))
    .where(eq(qualityProblems.lotId, lot.id)).orderBy(desc(rectifications.foundOn)).all().map((x) => x.r);
  return {
    ...row,
    divisionName: place?.division.name ?? '', subdivisionName: place?.subdivision.name ?? '', concealedRequired: place?.subitem.concealed ?? false,
    planSignatures: (signaturesOf(s.db, LOT_PLAN, [lot.id]).get(lot.id) ?? []).map(signatureView),
    records: recordViews(s, actor, lot, records),
    materials: batches.map((b) => ({ batchId: b.id, label: batchLabel(b), materialTypeName: typeInfo(rules, b.materialType).name, usable: usable.get(b.id)!.usable, reasons: usable.get(b.id)!.reasons })),
    concealed: concealed.map((c) => ({ id: c.id, part: c.part, checkedOn: c.checkedOn, stateLabel: concealedStateLabels[c.state] })),
    failedPaths: currentAcceptance(s.db, actor.projectId).data.failedPaths,
    templates: templatesOf(s.db, actor.projectId, lot.subitemCode).map((t) => ({ key: t.key, title: t.title, main: t.data.main, general: t.data.general })),
    problems: problems.map((p) => ({ id: p.id, title: p.title, stateLabel: rectificationStateLabels[p.state], deadline: p.deadline })),
  };
}

// ---- materials and the record

function currentRecord(db: Db, lotId: string): LotRecord | undefined {
  return db.select().from(qualityLotRecords).where(eq(qualityLotRecords.lotId, lotId)).orderBy(desc(qualityLotRecords.revision)).limit(1).get();
}

function hasSignatures(db: Db, recordId: string): boolean {
  return (signaturesOf(db, LOT_RECORD, [recordId]).get(recordId) ?? []).length > 0;
}

export function setMaterials(s: Services, actor: ProjectActor, input: ParsedInput<'quality.setMaterials'>): LotView {
  inTransaction(s, actor, (ctx) => {
    const lot = lotOf(ctx.db, actor.projectId, input.lotId);
    const record = currentRecord(ctx.db, lot.id);
    if (record && (record.state === 'accepted' || hasSignatures(ctx.db, record.id))) throw new ApiError('CONFLICT', '检验批记录已有签字,不能再改所用材料');
    const wanted = [...new Set(input.batchIds)];
    const found = wanted.length === 0 ? [] : ctx.db.select({ id: materialBatches.id }).from(materialBatches).where(and(eq(materialBatches.projectId, actor.projectId), inArray(materialBatches.id, wanted))).all();
    if (found.length !== wanted.length) throw new ApiError('NOT_FOUND', '所选材料不是本项目的进场材料', [{ path: 'batchIds', message: '请重新选择' }]);
    const existing = ctx.db.select().from(qualityLotMaterials).where(eq(qualityLotMaterials.lotId, lot.id)).all();
    for (const link of existing.filter((l) => !wanted.includes(l.batchId))) {
      ctx.db.delete(qualityLotMaterials).where(eq(qualityLotMaterials.id, link.id)).run();
      ctx.recorder.change(ctx.author, 'quality_lot_materials', link.id, 'delete', null, link);
    }
    for (const batchId of wanted.filter((id) => !existing.some((l) => l.batchId === id))) {
      const link = { id: newId(), projectId: actor.projectId, lotId: lot.id, batchId, createdAt: ctx.author.at, createdBy: actor.userId };
      ctx.db.insert(qualityLotMaterials).values(link).run();
      ctx.recorder.change(ctx.author, 'quality_lot_materials', link.id, 'insert', link);
    }
  });
  return lotView(s, actor, input.lotId);
}

function writeItems(ctx: WriteContext, recordId: string, items: ParsedInput<'quality.saveRecord'>['items']): void {
  const numbers = { main: 0, general: 0 };
  for (const i of [...items.filter((x) => x.group === 'main'), ...items.filter((x) => x.group === 'general')]) {
    const row: Item = { id: newId(), projectId: ctx.actor.projectId, recordId, no: ++numbers[i.group], ...i };
    ctx.db.insert(qualityLotItems).values(row).run();
    ctx.recorder.change(ctx.author, 'quality_lot_items', row.id, 'insert', row);
  }
}

export function saveRecord(s: Services, actor: ProjectActor, input: ParsedInput<'quality.saveRecord'>): LotView {
  inTransaction(s, actor, (ctx) => {
    const lot = lotOf(ctx.db, actor.projectId, input.lotId);
    if (lot.planState !== 'approved') throw new ApiError('CONFLICT', '检验批划分尚未经监理批准,不能填写检查记录');
    if (input.inspectedOn > ctx.today) throw new ApiError('VALIDATION', `检查日期不能晚于今天(${ctx.today})`, [{ path: 'inspectedOn', message: '不能晚于今天' }]);
    const record = currentRecord(ctx.db, lot.id);
    if (record && record.state === 'accepted') throw new ApiError('CONFLICT', '该检验批已验收合格');
    if (record && record.state === 'failed') throw new ApiError('CONFLICT', '该检验批验收不合格:请先选择处理方式(返工、检测鉴定、设计核算或加固)');
    if (record && hasSignatures(ctx.db, record.id)) throw new ApiError('CONFLICT', '检验批记录已有签字,不能修改');
    if (record) {
      for (const old of itemsOf(ctx.db, [record.id]).get(record.id) ?? []) {
        ctx.db.delete(qualityLotItems).where(eq(qualityLotItems.id, old.id)).run();
        ctx.recorder.change(ctx.author, 'quality_lot_items', old.id, 'delete', null, old);
      }
      const changes = { inspectedOn: input.inspectedOn, updatedAt: ctx.author.at };
      ctx.db.update(qualityLotRecords).set(changes).where(eq(qualityLotRecords.id, record.id)).run();
      ctx.recorder.change(ctx.author, 'quality_lot_records', record.id, 'update', { ...record, ...changes }, record);
      writeItems(ctx, record.id, input.items);
      return;
    }
    const row: LotRecord = {
      id: newId(), projectId: actor.projectId, lotId: lot.id, revision: 1, revisionOf: null, path: 'first', pathNote: '', inspectedOn: input.inspectedOn,
      acceptanceEditionId: acceptanceInUse(ctx).id, state: 'draft', result: null, createdAt: ctx.author.at, createdBy: actor.userId, updatedAt: ctx.author.at,
    };
    ctx.db.insert(qualityLotRecords).values(row).run();
    ctx.recorder.change(ctx.author, 'quality_lot_records', row.id, 'insert', row);
    writeItems(ctx, row.id, input.items);
  });
  return lotView(s, actor, input.lotId);
}

const TREATED_PATHS = new Set<LotRecord['path']>(['appraisal', 'design_check', 'reinforcement']);

function updateRecord(ctx: WriteContext, before: LotRecord, changes: Partial<LotRecord>): void {
  ctx.db.update(qualityLotRecords).set({ ...changes, updatedAt: ctx.author.at }).where(eq(qualityLotRecords.id, before.id)).run();
  ctx.recorder.change(ctx.author, 'quality_lot_records', before.id, 'update', { ...before, ...changes, updatedAt: ctx.author.at }, before);
}

/**
 * A signature on the current record. The 施工单位's (质量检查员, 专业工长) attest its 检查结果, which
 * must pass unless the record is a §5.0.6 path that accepts it otherwise; the deciding one (the
 * 专业监理工程师, last in the edition's list) comes after them, with the verdict: 合格 only when no
 * order rule blocks the lot; 不合格 opens a quality problem with its 限期.
 */
export function signRecord(s: Services, actor: ProjectActor, input: ParsedInput<'quality.signRecord'>): LotView {
  const lotId = inTransaction(s, actor, (ctx) => {
    const record = ctx.db.select().from(qualityLotRecords).where(and(eq(qualityLotRecords.id, input.recordId), eq(qualityLotRecords.projectId, actor.projectId))).get();
    if (!record) throw new ApiError('NOT_FOUND', '未找到该检验批记录');
    const lot = lotOf(ctx.db, actor.projectId, record.lotId);
    if (currentRecord(ctx.db, lot.id)!.id !== record.id) throw new ApiError('CONFLICT', '该记录已有新的版本,不能再签字');
    if (record.state === 'accepted' || record.state === 'failed') throw new ApiError('CONFLICT', `该检验批记录${lotRecordStateLabels[record.state]},签字已完成`);
    if (input.signedOn < record.inspectedOn) throw new ApiError('VALIDATION', `签字日期不能早于检查日期(${record.inspectedOn})`, [{ path: 'signedOn', message: '不能早于检查日期' }]);
    const rules = acceptanceEdition(ctx.db, record.acceptanceEditionId).data;
    const order = rules.signatures.lot;
    const deciding = order[order.length - 1]!;
    const signed = signaturesOf(ctx.db, LOT_RECORD, [record.id]).get(record.id) ?? [];
    const position = positionAmong(ctx.db, actor, order.map((p) => [p]), signed, input.signedOn);
    const items = itemsOf(ctx.db, [record.id]).get(record.id) ?? [];
    const judgement = judgeLot(items, lot.capacity, rules);
    const treated = TREATED_PATHS.has(record.path);
    if (position !== deciding) {
      if (!judgement.passed && !treated) throw new ApiError('CONFLICT', `检查结果不符合要求,施工单位不能签认:${judgement.reasons[0] ?? ''}`);
      sign(ctx, { recordKind: LOT_RECORD, recordId: record.id, position, signedOn: input.signedOn, verdict: '符合要求', opinion: input.opinion });
      const others = order.slice(0, -1);
      if (others.every((p) => p === position || signed.some((g) => g.position === p))) updateRecord(ctx, record, { state: 'self_checked', result: { passed: judgement.passed, mainPassed: judgement.mainPassed, generalRate: judgement.generalRate, generalRequired: judgement.generalRequired, reasons: judgement.reasons } });
      return lot.id;
    }
    if (record.state !== 'self_checked') {
      const missing = order.slice(0, -1).filter((p) => !signed.some((g) => g.position === p));
      throw new ApiError('CONFLICT', `须先由${missing.map((p) => positionLabels[p]).join('、')}签认施工单位检查结果`);
    }
    if (!input.verdict) throw new ApiError('VALIDATION', '请选择验收结论', [{ path: 'verdict', message: '请选择合格或不合格' }]);
    if (input.verdict === 'pass') {
      const blockers = (lotBlockers(ctx.db, [lot], new Map([[lot.id, record]])).get(lot.id) ?? []);
      if (blockers.length > 0) throw new ApiError('CONFLICT', `不能验收:${blockers.join(';')}`);
      if (!judgement.passed && !treated) throw new ApiError('CONFLICT', `检查结果不合格,不能验收:${judgement.reasons[0] ?? ''}`);
      sign(ctx, { recordKind: LOT_RECORD, recordId: record.id, position, signedOn: input.signedOn, verdict: '合格', opinion: input.opinion });
      updateRecord(ctx, record, { state: 'accepted' });
      return lot.id;
    }
    if (!input.deadline) throw new ApiError('VALIDATION', '验收不合格时须给出整改限期', [{ path: 'deadline', message: '请填写整改限期' }]);
    if (!input.opinion) throw new ApiError('VALIDATION', '验收不合格时须写明不合格的原因', [{ path: 'opinion', message: '请写明原因' }]);
    sign(ctx, { recordKind: LOT_RECORD, recordId: record.id, position, signedOn: input.signedOn, verdict: '不合格', opinion: input.opinion });
    updateRecord(ctx, record, { state: 'failed' });
    openQualityProblem(ctx, {
      origin: 'lot', lotId: lot.id, measurementId: null, title: `检验批验收不合格:${lot.name}`, location: lot.part, description: input.opinion, major: false,
      foundOn: input.signedOn, foundBy: actor.name,
      notice: { responsible: partiesProfile(ctx.db, actor.projectId).constructionName || '施工单位', deadline: input.deadline, requirement: input.requirement || input.opinion, signerName: actor.name, signerRole: '专业监理工程师' },
    });
    return lot.id;
  });
  return lotView(s, actor, lotId);
}

/** A failed lot's §5.0.6 path: a new revision of its record (the items carried over), with what the path rests on. */
export function resolveLot(s: Services, actor: ProjectActor, input: ParsedInput<'quality.resolveLot'>): LotView {
  if (input.path !== 'rework' && !input.document) throw new ApiError('VALIDATION', `${lotPathLabels[input.path]}须上传依据文件(检测鉴定报告、设计核算书或加固处理方案)`, [{ path: 'document', message: '请上传依据文件' }]);
  const stored = input.document ? storeFiles(s, [input.document], ['application/pdf', 'image/jpeg', 'image/png'], '依据文件') : [];
  inTransaction(s, actor, (ctx) => {
    const lot = lotOf(ctx.db, actor.projectId, input.lotId);
    const failed = currentRecord(ctx.db, lot.id);
    if (!failed || failed.state !== 'failed') throw new ApiError('CONFLICT', '只有验收不合格的检验批须选择处理方式');
    const row: LotRecord = {
      id: newId(), projectId: actor.projectId, lotId: lot.id, revision: failed.revision + 1, revisionOf: failed.id, path: input.path, pathNote: input.note,
      inspectedOn: ctx.today, acceptanceEditionId: acceptanceInUse(ctx).id, state: 'draft', result: null, createdAt: ctx.author.at, createdBy: actor.userId, updatedAt: ctx.author.at,
    };
    ctx.db.insert(qualityLotRecords).values(row).run();
    ctx.recorder.change(ctx.author, 'quality_lot_records', row.id, 'insert', row);
    writeItems(ctx, row.id, (itemsOf(ctx.db, [failed.id]).get(failed.id) ?? []).map(({ id: _id, projectId: _p, recordId: _r, no: _n, ...i }) => i));
    attachFiles(ctx, 'quality_record', row.id, stored);
  });
  return lotView(s, actor, input.lotId);
}

