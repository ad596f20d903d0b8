// 检查评分: an assessment (月度自评, 企业检查, 监理检查, 专项, 季节性) with the 分项检查评分表 the site
// uses, the deductions entered against their 扣分标准 lines, the score and its reasons
// (common/safety/jgj59-scoring.ts), and its signatures 提交 → 监理审核 → 建设审核 → 锁定. Once submitted
// it never changes: a correction is a new revision that copies it and points at it.
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { safetyAssessments, safetyDeductions, safetyHazards, safetySheets, safetySignatures, rectifications, type AssessmentResult } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { ApiError } from '../../common/errors';
import { siteDate } from '../../common/site-time';
import { assessmentKindLabels, assessmentStateLabels, assessmentSteps, type AssessmentStep } from '../../common/safety/labels';
import { rectificationStateLabels } from '../../common/rectification-labels';
import { scoreSheet, scoreSummary, type SummaryScore, type TableScore } from '../../common/safety/jgj59-scoring';
import type { ParsedInput } from '../../common/contract';
import type { AssessmentRow, AssessmentScore, AssessmentView } from '../../common/contract-safety';
import { editionInUse, readEdition, type Edition } from '../rules/editions';
import type { ProjectActor, Services } from '../context';
import { newId } from '../ids';
import { inTransaction, type WriteContext } from '../write-context';
import { editionInfoOf, SUMMARY_KEY, summaryDefinition, tableDefinition, tableKeys, tableRuleKey } from './rules';
import { profileRow } from './profile';

type Assessment = typeof safetyAssessments.$inferSelect;
type Sheet = typeof safetySheets.$inferSelect;
type Deduction = typeof safetyDeductions.$inferSelect;

// ---- reading

function assessmentOf(db: Db, projectId: string, id: string): Assessment {
  const row = db.select().from(safetyAssessments).where(and(eq(safetyAssessments.id, id), eq(safetyAssessments.projectId, projectId))).get();
  if (!row) throw new ApiError('NOT_FOUND', '未找到该检查评分记录');
  return row;
}

function supersededBy(db: Db, id: string): string | null {
  return db.select({ id: safetyAssessments.id }).from(safetyAssessments).where(eq(safetyAssessments.revisionOf, id)).get()?.id ?? null;
}

function sheetsOf(db: Db, assessmentId: string): Sheet[] {
  const order = new Map(tableKeys().map((k, i) => [k, i]));
  return db.select().from(safetySheets).where(eq(safetySheets.assessmentId, assessmentId)).all()
    .sort((a, b) => (order.get(a.tableKey) ?? 99) - (order.get(b.tableKey) ?? 99));
}

function deductionsOf(db: Db, sheetIds: string[]): Deduction[] {
  if (sheetIds.length === 0) return [];
  return db.select().from(safetyDeductions).where(inArray(safetyDeductions.sheetId, sheetIds)).orderBy(asc(safetyDeductions.createdAt), asc(safetyDeductions.id)).all();
}

interface Scored {
  summary: Edition<'jgj59.summary'>;
  sheets: { sheet: Sheet; edition: Edition<'jgj59.table'>; deductions: Deduction[]; score: TableScore }[];
  result: SummaryScore;
}

/** The assessment scored from its rows, each table under the edition it was started with. */
export function scoreAssessment(db: Db, row: Assessment): Scored {
  const summary = readEdition(db, row.summaryEditionId, 'jgj59.summary');
  const sheets = sheetsOf(db, row.id);
  const deductions = deductionsOf(db, sheets.map((sh) => sh.id));
  const scored = sheets.map((sheet) => {
    const edition = readEdition(db, sheet.editionId, 'jgj59.table');
    const mine = deductions.filter((d) => d.sheetId === sheet.id);
    return { sheet, edition, deductions: mine, score: scoreSheet(edition.data, { missingItems: sheet.missingItems, deductions: mine }, summary.data) };
  });
  return { summary, sheets: scored, result: scoreSummary(summary.data, scored.map((s) => s.score)) };
}

function scoreView(scored: Scored): AssessmentScore {
  const r = scored.result;
  return {
    total: r.total, totalText: r.totalText, grade: r.grade, zeroTables: r.zeroTables,
    items: r.items.map((i) => ({ name: i.name, weight: i.weight, score: i.score, points: i.points })),
    explanations: r.explanations,
    tables: scored.sheets.map(({ sheet, score }) => ({ tableKey: sheet.tableKey, name: score.name, score: score.score, zero: score.zero, inspected: score.inspected, explanations: score.explanations })),
  };
}

export function resultOf(result: SummaryScore): AssessmentResult | null {
  if (result.total === null || result.grade === null) return null;
  return { total: result.total, totalText: result.totalText, grade: result.grade, zeroTables: result.zeroTables, items: result.items.map((i) => ({ name: i.name, weight: i.weight, score: i.score, points: i.points })) };
}

/** Hazards opened from these deductions, or from the deductions they were copied from. */
function hazardsByDeduction(db: Db, deductions: Deduction[]) {
  const ids = [...new Set(deductions.flatMap((d) => [d.id, ...(d.copiedFrom ? [d.copiedFrom] : [])]))];
  if (ids.length === 0) return new Map<string, { id: string; rectificationId: string; state: string; stateLabel: string; level: 'general' | 'major' }>();
  const rows = db.select({ h: safetyHazards, state: rectifications.state }).from(safetyHazards).innerJoin(rectifications, eq(rectifications.id, safetyHazards.rectificationId))
    .where(inArray(safetyHazards.deductionId, ids)).all();
  return new Map(rows.map(({ h, state }) => [h.deductionId!, { id: h.id, rectificationId: h.rectificationId, state, stateLabel: rectificationStateLabels[state], level: h.level }]));
}

export function assessmentView(s: Services, actor: ProjectActor, id: string): AssessmentView {
  const row = assessmentOf(s.db, actor.projectId, id);
  const scored = scoreAssessment(s.db, row);
  const replaced = supersededBy(s.db, row.id);
  const hazards = hazardsByDeduction(s.db, scored.sheets.flatMap((sh) => sh.deductions));
  const signatures = s.db.select().from(safetySignatures).where(eq(safetySignatures.assessmentId, row.id)).orderBy(asc(safetySignatures.createdAt)).all();
  return {
    id: row.id, kind: row.kind, kindLabel: assessmentKindLabels[row.kind], period: row.period, checkedOn: row.checkedOn, inspector: row.inspector, subject: row.subject,
    state: row.state, stateLabel: assessmentStateLabels[row.state], revision: row.revision, revisionOf: row.revisionOf, revisionReason: row.revisionReason,
    supersededBy: replaced, editable: row.state === 'draft' && !replaced, floorArea: row.floorArea, structureType: row.structureType,
    summary: { ...summaryDefinition(scored.summary.data), edition: editionInfoOf(scored.summary) },
    sheets: scored.sheets.map(({ sheet, edition, deductions }) => ({
      id: sheet.id, tableKey: sheet.tableKey, edition: editionInfoOf(edition), definition: tableDefinition(edition.data), missingItems: sheet.missingItems,
      deductions: deductions.map((d) => ({
        id: d.id, itemNo: d.itemNo, lineNo: d.lineNo, lineText: edition.data.items[d.itemNo - 1]?.lines[d.lineNo - 1]?.text ?? '', perPoints: d.perPoints,
        quantity: d.quantity, points: d.points, note: d.note, hazard: hazards.get(d.id) ?? (d.copiedFrom ? hazards.get(d.copiedFrom) ?? null : null),
      })),
    })),
    score: scoreView(scored),
    signatures: signatures.map((g) => ({ step: g.step, stepLabel: assessmentSteps[g.step].label, signerName: g.signerName, signerRole: g.signerRole, opinion: g.opinion, signedOn: g.signedOn })),
  };
}

export function listAssessments(s: Services, actor: ProjectActor, input: ParsedInput<'safety.assessments'>): { rows: AssessmentRow[]; total: number } {
  const where = and(
    eq(safetyAssessments.projectId, actor.projectId),
    input.period ? eq(safetyAssessments.period, input.period) : undefined,
    input.kind ? eq(safetyAssessments.kind, input.kind) : undefined,
    input.current ? sql`not exists (select 1 from safety_assessments r where r.revision_of = ${safetyAssessments.id})` : undefined,
  );
  const total = s.db.select({ n: count() }).from(safetyAssessments).where(where).get()?.n ?? 0;
  const rows = s.db.select().from(safetyAssessments).where(where).orderBy(desc(safetyAssessments.checkedOn), desc(safetyAssessments.createdAt))
    .limit(input.pageSize).offset((input.page - 1) * input.pageSize).all();
  return { rows: rows.map((r) => assessmentRow(s.db, r)), total };
}

export function assessmentRow(db: Db, r: Assessment): AssessmentRow {
  // A submitted one shows what was signed; a draft, what it scores now.
  const scored = r.result ? null : scoreAssessment(db, r);
  const result = r.result ?? (scored ? resultOf(scored.result) : null);
  const sheets = scored ? scored.sheets.map((x) => x.sheet.id) : sheetsOf(db, r.id).map((x) => x.id);
  const deductions = sheets.length === 0 ? 0 : db.select({ n: count() }).from(safetyDeductions).where(inArray(safetyDeductions.sheetId, sheets)).get()?.n ?? 0;
  const openHazards = db.select({ n: count() }).from(safetyHazards).innerJoin(rectifications, eq(rectifications.id, safetyHazards.rectificationId))
    .where(and(eq(safetyHazards.assessmentId, r.id), sql`${rectifications.state} <> 'closed'`)).get()?.n ?? 0;
  return {
    id: r.id, kind: r.kind, kindLabel: assessmentKindLabels[r.kind], period: r.period, checkedOn: r.checkedOn, inspector: r.inspector, subject: r.subject,
    state: r.state, stateLabel: assessmentStateLabels[r.state], revision: r.revision, superseded: supersededBy(db, r.id) !== null,
    tables: sheets.length, deductions, total: result?.total ?? null, totalText: result?.totalText ?? '', grade: result?.grade ?? null, openHazards,
  };
}

// ---- writing a draft

function requireDraft(db: Db, row: Assessment): void {
  if (supersededBy(db, row.id)) throw new ApiError('CONFLICT', '该检查评分已被修订版取代,请在最新版本上操作');
  if (row.state !== 'draft') throw new ApiError('CONFLICT', `该检查评分${assessmentStateLabels[row.state]},已签字的记录不能修改;如需更正,请“修订”生成新版本`);
}

function checkTables(tables: string[]): string[] {
  const known = new Set(tableKeys());
  const unique = [...new Set(tables)];
  if (unique.length !== tables.length) throw new ApiError('VALIDATION', '检查评分表重复');
  for (const t of unique) if (!known.has(t)) throw new ApiError('VALIDATION', `没有检查评分表 ${t}`);
  return unique;
}

function addSheet(ctx: WriteContext, assessment: Assessment, tableKey: string, missingItems: number[] = []): Sheet {
  const edition = editionInUse(ctx.db, ctx.recorder, ctx.author, assessment.projectId, 'jgj59.table', tableRuleKey(tableKey));
  const sheet: Sheet = { id: newId(), projectId: assessment.projectId, assessmentId: assessment.id, tableKey, editionId: edition.id, missingItems, createdAt: ctx.author.at, createdBy: ctx.actor.userId };
  ctx.db.insert(safetySheets).values(sheet).run();
  ctx.recorder.change(ctx.author, 'safety_sheets', sheet.id, 'insert', sheet);
  return sheet;
}

function touch(ctx: WriteContext, row: Assessment, changes: Partial<Assessment> = {}): void {
  const after = { ...row, ...changes, updatedAt: ctx.author.at };
  ctx.db.update(safetyAssessments).set({ ...changes, updatedAt: ctx.author.at }).where(eq(safetyAssessments.id, row.id)).run();
  ctx.recorder.change(ctx.author, 'safety_assessments', row.id, 'update', after, row);
}

export function createAssessment(s: Services, actor: ProjectActor, input: ParsedInput<'safety.createAssessment'>): AssessmentView {
  const tables = checkTables(input.tables);
  const id = inTransaction(s, actor, (ctx) => {
    if (input.checkedOn > ctx.today) throw new ApiError('VALIDATION', `检查日期不能晚于今天(${ctx.today})`);
    const period = input.checkedOn.slice(0, 7);
    if (input.kind === 'monthly') {
      const same = ctx.db.select({ id: safetyAssessments.id }).from(safetyAssessments)
        .where(and(eq(safetyAssessments.projectId, actor.projectId), eq(safetyAssessments.kind, 'monthly'), eq(safetyAssessments.period, period),
          sql`not exists (select 1 from safety_assessments r where r.revision_of = ${safetyAssessments.id})`)).get();
      if (same) throw new ApiError('CONFLICT', `${period} 已有月度自评,请在原记录上录入;已签字的请“修订”`);
    }
    const summary = editionInUse(ctx.db, ctx.recorder, ctx.author, actor.projectId, 'jgj59.summary', SUMMARY_KEY);
    const profile = profileRow(ctx.db, actor.projectId);
    const row: Assessment = {
      id: newId(), projectId: actor.projectId, kind: input.kind, period, checkedOn: input.checkedOn, inspector: input.inspector, subject: input.subject,
      state: 'draft', revision: 1, revisionOf: null, revisionReason: '', summaryEditionId: summary.id,
      floorArea: profile?.floorArea ?? 0, structureType: profile?.structureType ?? '', result: null,
      createdAt: ctx.author.at, createdBy: actor.userId, updatedAt: ctx.author.at,
    };
    ctx.db.insert(safetyAssessments).values(row).run();
    ctx.recorder.change(ctx.author, 'safety_assessments', row.id, 'insert', row);
    for (const t of tables) addSheet(ctx, row, t);
    return row.id;
  });
  return assessmentView(s, actor, id);
}

function hazardFrom(db: Db, deductionIds: string[]): string | null {
  if (deductionIds.length === 0) return null;
  return db.select({ id: safetyHazards.id }).from(safetyHazards).where(inArray(safetyHazards.deductionId, deductionIds)).get()?.id ?? null;
}

function deleteDeduction(ctx: WriteContext, d: Deduction): void {
  ctx.db.delete(safetyDeductions).where(eq(safetyDeductions.id, d.id)).run();
  ctx.recorder.change(ctx.author, 'safety_deductions', d.id, 'delete', { id: d.id, projectId: d.projectId }, d);
}

export function setTables(s: Services, actor: ProjectActor, input: ParsedInput<'safety.setTables'>): AssessmentView {
  const tables = checkTables(input.tables);
  inTransaction(s, actor, (ctx) => {
    const row = assessmentOf(ctx.db, actor.projectId, input.id);
    requireDraft(ctx.db, row);
    const sheets = sheetsOf(ctx.db, row.id);
    for (const sheet of sheets.filter((sh) => !tables.includes(sh.tableKey))) {
      const deductions = deductionsOf(ctx.db, [sheet.id]);
      if (hazardFrom(ctx.db, deductions.map((d) => d.id))) throw new ApiError('CONFLICT', `${sheet.tableKey} 中有扣分已开出隐患,不能移除该表`);
      for (const d of deductions) deleteDeduction(ctx, d);
      ctx.db.delete(safetySheets).where(eq(safetySheets.id, sheet.id)).run();
      ctx.recorder.change(ctx.author, 'safety_sheets', sheet.id, 'delete', { id: sheet.id, projectId: sheet.projectId }, sheet);
    }
    for (const t of tables.filter((k) => !sheets.some((sh) => sh.tableKey === k))) addSheet(ctx, row, t);
    touch(ctx, row);
  });
  return assessmentView(s, actor, input.id);
}

function sheetOf(ctx: WriteContext, sheetId: string): { sheet: Sheet; assessment: Assessment; edition: Edition<'jgj59.table'> } {
  const sheet = ctx.db.select().from(safetySheets).where(and(eq(safetySheets.id, sheetId), eq(safetySheets.projectId, ctx.actor.projectId))).get();
  if (!sheet) throw new ApiError('NOT_FOUND', '未找到该检查评分表');
  const assessment = assessmentOf(ctx.db, ctx.actor.projectId, sheet.assessmentId);
  requireDraft(ctx.db, assessment);
  return { sheet, assessment, edition: readEdition(ctx.db, sheet.editionId, 'jgj59.table') };
}

export function setMissingItems(s: Services, actor: ProjectActor, input: ParsedInput<'safety.setMissingItems'>): AssessmentView {
  const id = inTransaction(s, actor, (ctx) => {
    const { sheet, assessment, edition } = sheetOf(ctx, input.sheetId);
    const items = [...new Set(input.missingItems)].sort((a, b) => a - b);
    for (const no of items) if (!edition.data.items[no - 1]) throw new ApiError('VALIDATION', `${edition.data.title}没有第 ${no} 项`);
    const deducted = deductionsOf(ctx.db, [sheet.id]).filter((d) => items.includes(d.itemNo));
    if (deducted.length > 0) throw new ApiError('CONFLICT', `“${edition.data.items[deducted[0]!.itemNo - 1]!.name}”已有扣分,请先删除扣分再设为缺项`);
    const after = { ...sheet, missingItems: items };
    ctx.db.update(safetySheets).set({ missingItems: items }).where(eq(safetySheets.id, sheet.id)).run();
    ctx.recorder.change(ctx.author, 'safety_sheets', sheet.id, 'update', after, sheet);
    touch(ctx, assessment);
    return assessment.id;
  });
  return assessmentView(s, actor, id);
}

/** A deduction checked against its line: points within the line's range, occurrences only where the line counts them. */
function checkDeduction(edition: Edition<'jgj59.table'>, sheet: Sheet, itemNo: number, input: { lineNo: number; perPoints: number; quantity: number }): void {
  const item = edition.data.items[itemNo - 1];
  if (!item) throw new ApiError('VALIDATION', `${edition.data.title}没有第 ${itemNo} 项`);
  if (sheet.missingItems.includes(itemNo)) throw new ApiError('CONFLICT', `“${item.name}”已设为缺项,不能扣分`);
  const line = item.lines[input.lineNo - 1];
  if (!line) throw new ApiError('VALIDATION', `“${item.name}”没有第 ${input.lineNo} 条扣分标准`, [{ path: 'lineNo', message: '请选择扣分标准' }]);
  if (input.perPoints < line.min || input.perPoints > line.max) {
    const range = line.min === line.max ? `${line.min} 分` : `${line.min}~${line.max} 分`;
    throw new ApiError('VALIDATION', `“${line.condition}”应扣 ${range}${line.per ? `(每${line.per})` : ''}`, [{ path: 'perPoints', message: `应为 ${range}` }]);
  }
  if (!line.per && input.quantity !== 1) throw new ApiError('VALIDATION', '该条扣分标准不按处数计,处数应为 1', [{ path: 'quantity', message: '应为 1' }]);
}

export function addDeduction(s: Services, actor: ProjectActor, input: ParsedInput<'safety.addDeduction'>): AssessmentView {
  const id = inTransaction(s, actor, (ctx) => {
    const { sheet, assessment, edition } = sheetOf(ctx, input.sheetId);
    checkDeduction(edition, sheet, input.itemNo, input);
    const d: Deduction = {
      id: newId(), projectId: actor.projectId, sheetId: sheet.id, itemNo: input.itemNo, lineNo: input.lineNo, perPoints: input.perPoints, quantity: input.quantity,
      points: input.perPoints * input.quantity, note: input.note, copiedFrom: null, createdAt: ctx.author.at, createdBy: actor.userId,
    };
    ctx.db.insert(safetyDeductions).values(d).run();
    ctx.recorder.change(ctx.author, 'safety_deductions', d.id, 'insert', d);
    touch(ctx, assessment);
    return assessment.id;
  });
  return assessmentView(s, actor, id);
}

function deductionOf(ctx: WriteContext, id: string) {
  const d = ctx.db.select().from(safetyDeductions).where(and(eq(safetyDeductions.id, id), eq(safetyDeductions.projectId, ctx.actor.projectId))).get();
  if (!d) throw new ApiError('NOT_FOUND', '未找到该扣分');
  return { d, ...sheetOf(ctx, d.sheetId) };
}

export function updateDeduction(s: Services, actor: ProjectActor, input: ParsedInput<'safety.updateDeduction'>): AssessmentView {
  const id = inTransaction(s, actor, (ctx) => {
    const { d, sheet, assessment, edition } = deductionOf(ctx, input.id);
    checkDeduction(edition, sheet, d.itemNo, input);
    const changes = { lineNo: input.lineNo, perPoints: input.perPoints, quantity: input.quantity, points: input.perPoints * input.quantity, note: input.note };
    ctx.db.update(safetyDeductions).set(changes).where(eq(safetyDeductions.id, d.id)).run();
    ctx.recorder.change(ctx.author, 'safety_deductions', d.id, 'update', { ...d, ...changes }, d);
    touch(ctx, assessment);
    return assessment.id;
  });
  return assessmentView(s, actor, id);
}

export function removeDeduction(s: Services, actor: ProjectActor, input: ParsedInput<'safety.removeDeduction'>): AssessmentView {
  const id = inTransaction(s, actor, (ctx) => {
    const { d, assessment } = deductionOf(ctx, input.id);
    if (hazardFrom(ctx.db, [d.id])) throw new ApiError('CONFLICT', '该扣分已开出隐患,不能删除');
    deleteDeduction(ctx, d);
    touch(ctx, assessment);
    return assessment.id;
  });
  return assessmentView(s, actor, id);
}

// ---- signatures and revisions

function sign(s: Services, actor: ProjectActor, id: string, step: AssessmentStep, signature: { signerName: string; opinion: string; signedOn: string }): AssessmentView {
  inTransaction(s, actor, (ctx) => {
    const row = assessmentOf(ctx.db, actor.projectId, id);
    if (supersededBy(ctx.db, row.id)) throw new ApiError('CONFLICT', '该检查评分已被修订版取代,不能再签字');
    const { from, label, role } = assessmentSteps[step];
    if (row.state !== from) throw new ApiError('CONFLICT', `该检查评分${assessmentStateLabels[row.state]},不能${label}(须先${assessmentStateLabels[from]})`);
    if (signature.signedOn > ctx.today) throw new ApiError('VALIDATION', `签字日期不能晚于今天(${ctx.today})`);
    const previous = ctx.db.select({ on: safetySignatures.signedOn }).from(safetySignatures).where(eq(safetySignatures.assessmentId, row.id)).orderBy(desc(safetySignatures.createdAt)).limit(1).get()?.on ?? row.checkedOn;
    if (signature.signedOn < previous) throw new ApiError('VALIDATION', `签字日期不能早于${previous === row.checkedOn ? '检查日期' : '上一步签字日期'}(${previous})`);
    let changes: Partial<Assessment> = { state: step };
    if (step === 'submitted') {
      const result = resultOf(scoreAssessment(ctx.db, row).result);
      if (!result) throw new ApiError('CONFLICT', '没有任何已检查的检查评分表,不能提交');
      changes = { ...changes, result };
    }
    const g = {
      id: newId(), projectId: row.projectId, assessmentId: row.id, step, signerName: signature.signerName, signerRole: role,
      opinion: signature.opinion, userId: actor.userId, signedOn: signature.signedOn, createdAt: ctx.author.at,
    };
    ctx.db.insert(safetySignatures).values(g).run();
    ctx.recorder.change(ctx.author, 'safety_signatures', g.id, 'insert', g);
    touch(ctx, row, changes);
  });
  return assessmentView(s, actor, id);
}

export const submit = (s: Services, actor: ProjectActor, input: ParsedInput<'safety.submit'>) => sign(s, actor, input.id, 'submitted', input);
export const review = (s: Services, actor: ProjectActor, input: ParsedInput<'safety.review'>) => sign(s, actor, input.id, input.step, input);
/** 锁定: the 项目经理 (项目负责人, a manager account) signs last. */
export const lock = (s: Services, actor: ProjectActor, input: ParsedInput<'safety.lock'>) => sign(s, actor, input.id, 'locked', { signerName: actor.name, opinion: input.opinion, signedOn: input.signedOn });

/** A correction of a signed assessment: a new draft that copies it (same editions, same deductions) and points at it. */
export function revise(s: Services, actor: ProjectActor, input: ParsedInput<'safety.revise'>): AssessmentView {
  const id = inTransaction(s, actor, (ctx) => {
    const old = assessmentOf(ctx.db, actor.projectId, input.id);
    const replaced = supersededBy(ctx.db, old.id);
    if (replaced) throw new ApiError('CONFLICT', '该检查评分已有修订版,请在最新版本上修订');
    if (old.state === 'draft') throw new ApiError('CONFLICT', '草稿可直接修改,无需修订');
    const row: Assessment = {
      ...old, id: newId(), state: 'draft', revision: old.revision + 1, revisionOf: old.id, revisionReason: input.reason, result: null,
      createdAt: ctx.author.at, createdBy: actor.userId, updatedAt: ctx.author.at,
    };
    ctx.db.insert(safetyAssessments).values(row).run();
    ctx.recorder.change(ctx.author, 'safety_assessments', row.id, 'insert', row);
    for (const sheet of sheetsOf(ctx.db, old.id)) {
      const copy: Sheet = { ...sheet, id: newId(), assessmentId: row.id, createdAt: ctx.author.at, createdBy: actor.userId };
      ctx.db.insert(safetySheets).values(copy).run();
      ctx.recorder.change(ctx.author, 'safety_sheets', copy.id, 'insert', copy);
      for (const d of deductionsOf(ctx.db, [sheet.id])) {
        const dc: Deduction = { ...d, id: newId(), sheetId: copy.id, copiedFrom: d.id, createdAt: ctx.author.at, createdBy: actor.userId };
        ctx.db.insert(safetyDeductions).values(dc).run();
        ctx.recorder.change(ctx.author, 'safety_deductions', dc.id, 'insert', dc);
      }
    }
    return row.id;
  });
  return assessmentView(s, actor, id);
}

/** The monthly 自评 grades of the last `months` months, a gap where a month has none. */
export function gradeChart(s: Services, actor: ProjectActor, input: ParsedInput<'safety.gradeChart'>) {
  const [year, month] = siteDate(s.clock.now()).split('-').map(Number) as [number, number];
  const periods: string[] = [];
  for (let i = input.months - 1; i >= 0; i--) periods.push(new Date(Date.UTC(year, month - 1 - i, 1)).toISOString().slice(0, 7));
  const rows = s.db.select().from(safetyAssessments).where(and(
    eq(safetyAssessments.projectId, actor.projectId), eq(safetyAssessments.kind, 'monthly'), inArray(safetyAssessments.period, periods),
    sql`not exists (select 1 from safety_assessments r where r.revision_of = ${safetyAssessments.id})`,
  )).all();
  return periods.map((period) => {
    const r = rows.find((x) => x.period === period);
    return { period, assessmentId: r?.id ?? null, total: r?.result?.total ?? null, totalText: r?.result?.totalText ?? '', grade: r?.result?.grade ?? null, state: r ? assessmentStateLabels[r.state] : null };
  });
}

