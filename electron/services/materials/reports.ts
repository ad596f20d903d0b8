// 检测报告 and 不合格处置. A report's PDF is kept by its content hash (the same PDF entered twice is
// refused). A 不合格 report opens a 不合格处置 of its batch — every 检验批 that used the batch is
// blocked until it is done (usability.ts) — unless it is the 复试 of one, which it then answers.
// The 施工单位 decides (隔离, 复试 where the material allows it, 退场 with a return note, 技术处理
// of material built in); the 专业监理工程师's signature closes it.
import { and, asc, count, desc, eq, inArray, ne } from 'drizzle-orm';
import { attachments, materialBatches, materialDispositions, materialReports, materialSamples, qualityLotMaterials, qualityLots, qualityUnits } from '../../../db/schema';
import { ApiError } from '../../common/errors';
import { siteDate } from '../../common/site-time';
import { conclusionLabels, dispositionMethodLabels, dispositionOutcomeLabels, dispositionStateLabels } from '../../common/materials/labels';
import type { DispositionView, ReportView } from '../../common/contract-materials';
import type { ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { newId } from '../ids';
import { filesOf } from '../parties/files';
import { pendingSignatures, positionToSign, sign, signaturesOf, signatureView } from '../parties/signatures';
import { attachFiles, storeFiles } from '../rectification/loop';
import { readEdition } from '../rules/editions';
import { inTransaction, type WriteContext } from '../write-context';
import { typeInfo } from './rules';
import { batchLabel } from './samples';

type Report = typeof materialReports.$inferSelect;
type Disposition = typeof materialDispositions.$inferSelect;
export const DISPOSITION_RECORD = 'material_disposition';

export function reportViews(s: Services, reports: Report[]): ReportView[] {
  if (reports.length === 0) return [];
  const samples = new Map(s.db.select().from(materialSamples).where(inArray(materialSamples.id, reports.map((r) => r.sampleId))).all().map((x) => [x.id, x]));
  const pdfs = filesOf(s, 'test_report', reports.map((r) => r.id));
  return reports.map((r) => ({
    id: r.id, sampleId: r.sampleId, sampleNo: samples.get(r.sampleId)?.sampleNo ?? '', lab: r.lab, reportNo: r.reportNo, reportedOn: r.reportedOn, cma: r.cma,
    results: r.results, conclusion: r.conclusion, conclusionLabel: conclusionLabels[r.conclusion], pdf: pdfs.get(r.id)?.[0] ?? null,
    retest: samples.get(r.sampleId)?.retestOf !== null,
  }));
}

export function dispositionViews(s: Services, actor: ProjectActor, rows: Disposition[]): DispositionView[] {
  if (rows.length === 0) return [];
  const today = siteDate(s.clock.now());
  const batchIds = [...new Set(rows.map((d) => d.batchId))];
  const batches = new Map(s.db.select().from(materialBatches).where(inArray(materialBatches.id, batchIds)).all().map((b) => [b.id, b]));
  const reports = new Map(s.db.select().from(materialReports).where(inArray(materialReports.id, rows.map((d) => d.reportId))).all().map((r) => [r.id, r]));
  const retests = s.db.select({ x: materialSamples, reportNo: materialReports.reportNo, conclusion: materialReports.conclusion }).from(materialSamples)
    .leftJoin(materialReports, eq(materialReports.sampleId, materialSamples.id)).where(inArray(materialSamples.retestOf, rows.map((d) => d.id))).orderBy(asc(materialSamples.sampledAt)).all();
  const lots = s.db.select({ batchId: qualityLotMaterials.batchId, id: qualityLots.id, name: qualityLots.name, part: qualityLots.part, unitName: qualityUnits.name }).from(qualityLotMaterials)
    .innerJoin(qualityLots, eq(qualityLots.id, qualityLotMaterials.lotId)).innerJoin(qualityUnits, eq(qualityUnits.id, qualityLots.unitId))
    .where(inArray(qualityLotMaterials.batchId, batchIds)).all();
  const signed = signaturesOf(s.db, DISPOSITION_RECORD, rows.map((d) => d.id));
  return rows.map((d) => {
    const b = batches.get(d.batchId)!;
    const mine = signed.get(d.id) ?? [];
    return {
      id: d.id, batchId: d.batchId, batchLabel: batchLabel(b), reportId: d.reportId, reportNo: reports.get(d.reportId)?.reportNo ?? '',
      state: d.state, stateLabel: dispositionStateLabels[d.state], method: d.method, methodLabel: d.method ? dispositionMethodLabels[d.method] : '',
      description: d.description, returnNote: d.returnNote, returnedOn: d.returnedOn, decidedOn: d.decidedOn, outcome: d.outcome,
      outcomeLabel: d.outcome ? dispositionOutcomeLabels[d.outcome] : '', closedOn: d.closedOn,
      retestAllowed: typeInfo(readEdition(s.db, b.witnessEditionId, 'materials.witness').data, b.materialType).retestAllowed,
      retests: retests.filter((r) => r.x.retestOf === d.id).map((r) => ({ sampleNo: r.x.sampleNo, reportNo: r.reportNo, conclusion: r.conclusion })),
      lots: lots.filter((l) => l.batchId === d.batchId).map(({ batchId: _b, ...l }) => l),
      signatures: mine.map(signatureView),
      pending: d.state === 'decided' ? pendingSignatures(s.db, actor.projectId, actor, ['supervision_engineer'], mine, today) : [],
    };
  });
}

function updateDisposition(ctx: WriteContext, before: Disposition, changes: Partial<Disposition>): Disposition {
  const after = { ...before, ...changes, updatedAt: ctx.author.at };
  ctx.db.update(materialDispositions).set({ ...changes, updatedAt: ctx.author.at }).where(eq(materialDispositions.id, before.id)).run();
  ctx.recorder.change(ctx.author, 'material_dispositions', before.id, 'update', after, before);
  return after;
}

export function addReport(s: Services, actor: ProjectActor, input: ParsedInput<'materials.addReport'>): ReportView {
  const failed = input.results.filter((r) => !r.passed);
  if (input.conclusion === 'pass' && failed.length > 0) throw new ApiError('VALIDATION', `检测参数“${failed[0]!.parameter}”不合格,结论不能为合格`, [{ path: 'conclusion', message: '与检测结果不符' }]);
  if (input.conclusion === 'fail' && failed.length === 0) throw new ApiError('VALIDATION', '结论为不合格时,请标出不合格的检测参数', [{ path: 'results', message: '请标出不合格的参数' }]);
  const [pdf] = storeFiles(s, [input.pdf], ['application/pdf'], '检测报告');
  const id = inTransaction(s, actor, (ctx) => {
    const sample = ctx.db.select().from(materialSamples).where(and(eq(materialSamples.id, input.sampleId), eq(materialSamples.projectId, actor.projectId))).get();
    if (!sample) throw new ApiError('NOT_FOUND', '未找到该试样', [{ path: 'sampleId', message: '请选择试样' }]);
    if (ctx.db.select().from(materialReports).where(eq(materialReports.sampleId, sample.id)).get()) throw new ApiError('CONFLICT', `试样 ${sample.sampleNo} 已有检测报告`);
    if (input.reportedOn > ctx.today) throw new ApiError('VALIDATION', `报告日期不能晚于今天(${ctx.today})`, [{ path: 'reportedOn', message: '不能晚于今天' }]);
    if (input.reportedOn < sample.sampledOn) throw new ApiError('VALIDATION', `报告日期不能早于取样日期(${sample.sampledOn})`, [{ path: 'reportedOn', message: '不能早于取样日期' }]);
    if (ctx.db.select().from(materialReports).where(and(eq(materialReports.projectId, actor.projectId), eq(materialReports.lab, input.lab), eq(materialReports.reportNo, input.reportNo))).get()) {
      throw new ApiError('CONFLICT', `${input.lab}的报告 ${input.reportNo} 已录入`, [{ path: 'reportNo', message: '报告编号已录入' }]);
    }
    // One report, one PDF: the same file under another report is a mistake of entry.
    const twin = ctx.db.select({ r: materialReports }).from(attachments).innerJoin(materialReports, eq(materialReports.id, attachments.ownerId))
      .where(and(eq(attachments.projectId, actor.projectId), eq(attachments.purpose, 'test_report'), eq(attachments.sha256, pdf!.sha256))).get();
    if (twin) throw new ApiError('CONFLICT', `该 PDF 已作为报告 ${twin.r.reportNo} 录入`, [{ path: 'pdf', message: '该 PDF 已录入' }]);
    const row: Report = {
      id: newId(), projectId: actor.projectId, sampleId: sample.id, batchId: sample.batchId, lab: input.lab, reportNo: input.reportNo, reportedOn: input.reportedOn,
      cma: input.cma, results: input.results, conclusion: input.conclusion, pdfSha256: pdf!.sha256, createdAt: ctx.author.at, createdBy: actor.userId,
    };
    ctx.db.insert(materialReports).values(row).run();
    ctx.recorder.change(ctx.author, 'material_reports', row.id, 'insert', row);
    attachFiles(ctx, 'test_report', row.id, [pdf!]);
    if (row.conclusion === 'fail') {
      if (sample.retestOf) {
        // A failed 复试 answers its disposition: it must be decided again (退场 or 技术处理).
        const d = ctx.db.select().from(materialDispositions).where(eq(materialDispositions.id, sample.retestOf)).get()!;
        updateDisposition(ctx, d, { state: 'open', description: `${d.description}\n复试不合格(报告 ${row.reportNo}),须退场或技术处理。`.trim() });
      } else {
        const d: Disposition = {
          id: newId(), projectId: actor.projectId, batchId: sample.batchId, reportId: row.id, state: 'open', method: null, description: '', returnNote: '',
          returnedOn: null, decidedOn: null, outcome: null, closedOn: null, createdAt: ctx.author.at, createdBy: actor.userId, updatedAt: ctx.author.at,
        };
        ctx.db.insert(materialDispositions).values(d).run();
        ctx.recorder.change(ctx.author, 'material_dispositions', d.id, 'insert', d);
      }
    }
    return row.id;
  });
  return reportViews(s, [s.db.select().from(materialReports).where(eq(materialReports.id, id)).get()!])[0]!;
}

function dispositionOf(ctx: WriteContext, id: string): Disposition {
  const d = ctx.db.select().from(materialDispositions).where(and(eq(materialDispositions.id, id), eq(materialDispositions.projectId, ctx.actor.projectId))).get();
  if (!d) throw new ApiError('NOT_FOUND', '未找到该不合格处置');
  return d;
}

function retestResults(ctx: WriteContext, dispositionId: string) {
  return ctx.db.select({ conclusion: materialReports.conclusion }).from(materialSamples).leftJoin(materialReports, eq(materialReports.sampleId, materialSamples.id))
    .where(eq(materialSamples.retestOf, dispositionId)).all().map((r) => r.conclusion);
}

export function decide(s: Services, actor: ProjectActor, input: ParsedInput<'materials.decide'>): DispositionView {
  inTransaction(s, actor, (ctx) => {
    const d = dispositionOf(ctx, input.id);
    if (d.state === 'closed') throw new ApiError('CONFLICT', '该不合格处置已完成');
    if (input.decidedOn > ctx.today) throw new ApiError('VALIDATION', `处置日期不能晚于今天(${ctx.today})`, [{ path: 'decidedOn', message: '不能晚于今天' }]);
    const batch = ctx.db.select().from(materialBatches).where(eq(materialBatches.id, d.batchId)).get()!;
    const type = typeInfo(readEdition(ctx.db, batch.witnessEditionId, 'materials.witness').data, batch.materialType);
    if (input.method === 'retest') {
      if (!type.retestAllowed) throw new ApiError('VALIDATION', `${type.name}不合格不允许复试,须退场或技术处理`, [{ path: 'method', message: '该材料不允许复试' }]);
      if (retestResults(ctx, d.id).includes('fail')) throw new ApiError('CONFLICT', '复试已不合格,不能再次复试,须退场或技术处理', [{ path: 'method', message: '不能再次复试' }]);
    }
    if (input.method === 'return' && (!input.returnNote || !input.returnedOn)) throw new ApiError('VALIDATION', '退场须填写退货单号和退场日期', [{ path: input.returnNote ? 'returnedOn' : 'returnNote', message: '请填写' }]);
    updateDisposition(ctx, d, {
      method: input.method, description: input.description, returnNote: input.method === 'return' ? input.returnNote : '', returnedOn: input.method === 'return' ? input.returnedOn : null,
      decidedOn: input.decidedOn, state: 'decided',
    });
  });
  return dispositionViews(s, actor, [s.db.select().from(materialDispositions).where(eq(materialDispositions.id, input.id)).get()!])[0]!;
}

export function closeDisposition(s: Services, actor: ProjectActor, input: ParsedInput<'materials.closeDisposition'>): DispositionView {
  inTransaction(s, actor, (ctx) => {
    const d = dispositionOf(ctx, input.id);
    if (d.state !== 'decided') throw new ApiError('CONFLICT', d.state === 'closed' ? '该不合格处置已完成' : '施工单位尚未提出处置意见');
    if (d.method === 'isolate') throw new ApiError('CONFLICT', '隔离只是暂时措施:须再提出复试、退场或技术处理,才能确认处置');
    let outcome: Disposition['outcome'];
    if (d.method === 'retest') {
      const results = retestResults(ctx, d.id);
      if (!results.includes('pass')) throw new ApiError('CONFLICT', results.length === 0 ? '尚未见证取样复试' : '复试报告尚未出或不合格,不能确认');
      outcome = 'usable';
    } else {
      outcome = d.method === 'return' ? 'returned' : 'treated';
    }
    if (input.signedOn < (d.decidedOn ?? d.createdAt.slice(0, 10))) throw new ApiError('VALIDATION', `确认日期不能早于处置日期(${d.decidedOn})`, [{ path: 'signedOn', message: '不能早于处置日期' }]);
    const signed = signaturesOf(ctx.db, DISPOSITION_RECORD, [d.id]).get(d.id) ?? [];
    const position = positionToSign(ctx.db, actor, DISPOSITION_RECORD, signed, input.signedOn);
    sign(ctx, { recordKind: DISPOSITION_RECORD, recordId: d.id, position, signedOn: input.signedOn, verdict: '同意', opinion: input.opinion });
    updateDisposition(ctx, d, { state: 'closed', outcome, closedOn: input.signedOn });
  });
  return dispositionViews(s, actor, [s.db.select().from(materialDispositions).where(eq(materialDispositions.id, input.id)).get()!])[0]!;
}

export function listDispositions(s: Services, actor: ProjectActor, input: ParsedInput<'materials.dispositions'>): { rows: DispositionView[]; total: number } {
  const where = and(eq(materialDispositions.projectId, actor.projectId), input.status === 'open' ? ne(materialDispositions.state, 'closed') : input.status === 'closed' ? eq(materialDispositions.state, 'closed') : undefined);
  const total = s.db.select({ n: count() }).from(materialDispositions).where(where).get()?.n ?? 0;
  const rows = s.db.select().from(materialDispositions).where(where).orderBy(desc(materialDispositions.createdAt)).limit(input.pageSize).offset((input.page - 1) * input.pageSize).all();
  return { rows: dispositionViews(s, actor, rows), total };
}
