// The rectification loop the site modules share (db/schema-rectification.ts): 发现 → 通知 with a
// 限期 → 回复 with photos → 复查 by someone other than the rectifier → 销项, or reopened with a new
// 限期. A 重大 one is closed only with a 治理方案 attached and the 项目经理's signature. Every step is
// an event row; overdue and escalation are marks on the record. The module that opens a
// rectification (a safety hazard, later a quality problem or a 监理通知单) names itself as the source
// and calls `openRectification` inside its own transaction; the loop never looks inside the source.
import { and, asc, count, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { attachments, rectificationEvents, rectifications } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { rectificationEventLabels, rectificationSourceLabels, rectificationStateLabels, type RectificationEventType, type RectificationState } from '../../common/rectification-labels';
import { ApiError } from '../../common/errors';
import { siteDate } from '../../common/site-time';
import type { ParsedInput } from '../../common/contract';
import type { RectificationView } from '../../common/contract-rectification';
import type { ProjectActor, Services } from '../context';
import { sniffMime } from '../files';
import { newId } from '../ids';
import { inTransaction, type WriteContext } from '../write-context';
import { requireStep } from './sources';

type Row = typeof rectifications.$inferSelect;
type EventRow = typeof rectificationEvents.$inferSelect;

/** Days from a to b (site dates). */
function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000);
}

const AWAITING_REPLY: RectificationState[] = ['notified', 'reopened'];

/** Overdue: waiting for the reply past its 限期. */
export function overdueDays(row: Pick<Row, 'state' | 'deadline'>, today: string): number {
  if (!AWAITING_REPLY.includes(row.state) || !row.deadline) return 0;
  return Math.max(0, daysBetween(row.deadline, today));
}

/** The SQL of "overdue on `today`", for lists and counts. */
export function overdueCondition(today: string): SQL {
  return and(inArray(rectifications.state, AWAITING_REPLY), lt(rectifications.deadline, today))!;
}

function checkDate(label: string, date: string, today: string, notBefore?: { label: string; date: string }): void {
  if (date > today) throw new ApiError('VALIDATION', `${label}不能晚于今天(${today})`);
  if (notBefore && date < notBefore.date) throw new ApiError('VALIDATION', `${label}不能早于${notBefore.label}(${notBefore.date})`);
}

function update(ctx: WriteContext, before: Row, changes: Partial<Row>): Row {
  const after: Row = { ...before, ...changes, updatedAt: ctx.author.at };
  ctx.db.update(rectifications).set({ ...changes, updatedAt: ctx.author.at }).where(eq(rectifications.id, before.id)).run();
  ctx.recorder.change(ctx.author, 'rectifications', before.id, 'update', after, before);
  return after;
}

function addEvent(ctx: WriteContext, row: Row, event: { type: RectificationEventType; on: string; signerName: string; signerRole: string; text: string; deadline?: string | null }): EventRow {
  const e: EventRow = {
    id: newId(), projectId: row.projectId, rectificationId: row.id, type: event.type, on: event.on, userId: ctx.actor.userId,
    signerName: event.signerName, signerRole: event.signerRole, text: event.text, deadline: event.deadline ?? null, createdAt: ctx.author.at,
  };
  ctx.db.insert(rectificationEvents).values(e).run();
  ctx.recorder.change(ctx.author, 'rectification_events', e.id, 'insert', e);
  return e;
}

export interface UploadedFile {
  fileName: string;
  mime: string;
  dataBase64: string;
}

/** Checks uploaded files by their bytes and puts them on disk; the rows come later, in the transaction. */
export function storeFiles(s: Services, files: readonly UploadedFile[], allowed: readonly string[], what: string): { sha256: string; fileName: string; mime: string; size: number }[] {
  return files.map((f) => {
    const bytes = Buffer.from(f.dataBase64, 'base64');
    if (bytes.length === 0) throw new ApiError('VALIDATION', `${what}“${f.fileName}”是空文件`);
    const actual = sniffMime(bytes);
    if (!actual || actual !== f.mime || !allowed.includes(actual)) throw new ApiError('VALIDATION', `${what}“${f.fileName}”不是有效的 ${allowed.map((m) => m.split('/')[1]!.replace('jpeg', 'jpg')).join('、')} 文件`);
    return { sha256: s.files.put(bytes), fileName: f.fileName, mime: actual, size: bytes.length };
  });
}

/** Attachment rows of stored files, owned by `ownerId` (an event, a certificate …), in the caller's transaction. */
export function attachFiles(ctx: WriteContext, purpose: Exclude<(typeof attachments.$inferSelect)['purpose'], 'resumption_checklist' | 'health_form'>, ownerId: string, stored: ReturnType<typeof storeFiles>): void {
  for (const f of stored) {
    const row = { id: newId(), projectId: ctx.actor.projectId, purpose, ownerId, sha256: f.sha256, fileName: f.fileName, mime: f.mime, size: f.size, createdAt: ctx.author.at, createdBy: ctx.actor.userId, deletedAt: null };
    ctx.db.insert(attachments).values(row).run();
    ctx.recorder.change(ctx.author, 'attachments', row.id, 'insert', row);
  }
}

export interface OpenInput {
  sourceKind: string;
  sourceId: string;
  title: string;
  description: string;
  location: string;
  major: boolean;
  foundOn: string;
  foundBy: string;
  /** Given: the 整改通知 goes out in the same step. */
  notice?: NoticeInput;
}

export interface NoticeInput {
  responsible: string;
  deadline: string;
  requirement: string;
  signerName: string;
  signerRole: string;
}

function notifyRow(ctx: WriteContext, row: Row, notice: NoticeInput, on: string): Row {
  if (notice.deadline < on) throw new ApiError('VALIDATION', `整改限期不能早于通知日期(${on})`);
  addEvent(ctx, row, { type: 'notified', on, signerName: notice.signerName, signerRole: notice.signerRole, text: notice.requirement, deadline: notice.deadline });
  return update(ctx, row, { state: 'notified', responsible: notice.responsible, deadline: notice.deadline });
}

/** Opens a rectification for a source, inside the source's transaction. */
export function openRectification(ctx: WriteContext, input: OpenInput): Row {
  if (!(input.sourceKind in rectificationSourceLabels)) throw new Error(`unknown rectification source ${input.sourceKind}`);
  checkDate('发现日期', input.foundOn, ctx.today);
  const row: Row = {
    id: newId(), projectId: ctx.actor.projectId, sourceKind: input.sourceKind, sourceId: input.sourceId, title: input.title,
    description: input.description, location: input.location, major: input.major, foundOn: input.foundOn, foundBy: input.foundBy,
    responsible: '', deadline: null, state: 'found', reviews: 0, escalationLevel: 0, closedOn: null,
    createdAt: ctx.author.at, createdBy: ctx.actor.userId, updatedAt: ctx.author.at,
  };
  ctx.db.insert(rectifications).values(row).run();
  ctx.recorder.change(ctx.author, 'rectifications', row.id, 'insert', row);
  addEvent(ctx, row, { type: 'found', on: input.foundOn, signerName: input.foundBy, signerRole: '检查人', text: input.description });
  return input.notice ? notifyRow(ctx, row, input.notice, input.foundOn) : row;
}

function rowOf(ctx: WriteContext, id: string): Row {
  const row = ctx.db.select().from(rectifications).where(and(eq(rectifications.id, id), eq(rectifications.projectId, ctx.actor.projectId))).get();
  if (!row) throw new ApiError('NOT_FOUND', '未找到该整改记录');
  return row;
}

function requireState(row: Row, allowed: RectificationState[], doing: string): void {
  if (!allowed.includes(row.state)) throw new ApiError('CONFLICT', `该整改记录${rectificationStateLabels[row.state]},不能${doing}`);
}

function events(db: Db, id: string): EventRow[] {
  return db.select().from(rectificationEvents).where(eq(rectificationEvents.rectificationId, id)).orderBy(asc(rectificationEvents.createdAt), asc(rectificationEvents.id)).all();
}

function lastEvent(db: Db, id: string, types: RectificationEventType[]): EventRow | undefined {
  return events(db, id).filter((e) => types.includes(e.type)).pop();
}

const PHOTO_TYPES = ['image/jpeg', 'image/png'] as const;
const PLAN_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

export function notify(s: Services, actor: ProjectActor, input: ParsedInput<'rectification.notify'>): RectificationView {
  inTransaction(s, actor, (ctx) => {
    const row = rowOf(ctx, input.id);
    requireStep(row.sourceKind, 'notify', actor.role);
    requireState(row, ['found'], '发出整改通知');
    checkDate('通知日期', input.notifiedOn, ctx.today, { label: '发现日期', date: row.foundOn });
    notifyRow(ctx, row, { responsible: input.responsible, deadline: input.deadline, requirement: input.requirement, signerName: input.signerName, signerRole: '检查人' }, input.notifiedOn);
  });
  return getRectification(s, actor, input.id);
}

export function reply(s: Services, actor: ProjectActor, input: ParsedInput<'rectification.reply'>): RectificationView {
  const stored = storeFiles(s, input.photos, PHOTO_TYPES, '整改照片');
  inTransaction(s, actor, (ctx) => {
    const row = rowOf(ctx, input.id);
    requireStep(row.sourceKind, 'reply', actor.role);
    requireState(row, AWAITING_REPLY, '回复');
    const noticed = lastEvent(ctx.db, row.id, ['notified', 'review_failed'])!;
    checkDate('回复日期', input.repliedOn, ctx.today, { label: '整改通知日期', date: noticed.on });
    const event = addEvent(ctx, row, { type: 'replied', on: input.repliedOn, signerName: input.rectifierName, signerRole: '整改人', text: input.measures });
    attachFiles(ctx, 'rectification', event.id, stored);
    update(ctx, row, { state: 'replied' });
  });
  return getRectification(s, actor, input.id);
}

export function review(s: Services, actor: ProjectActor, input: ParsedInput<'rectification.review'>): RectificationView {
  inTransaction(s, actor, (ctx) => {
    const row = rowOf(ctx, input.id);
    requireStep(row.sourceKind, 'review', actor.role);
    requireState(row, ['replied'], '复查');
    const replied = lastEvent(ctx.db, row.id, ['replied'])!;
    // 复查 by someone other than the rectifier: another account, and another name on the paper.
    if (replied.userId === actor.userId) throw new ApiError('FORBIDDEN', '整改回复由本账号录入,复查须由另一人登录本人账号进行');
    if (replied.signerName === input.reviewerName) throw new ApiError('VALIDATION', `复查人不能是整改人(${replied.signerName})`, [{ path: 'reviewerName', message: '复查人不能是整改人' }]);
    checkDate('复查日期', input.reviewedOn, ctx.today, { label: '整改回复日期', date: replied.on });
    if (input.passed) {
      addEvent(ctx, row, { type: 'review_passed', on: input.reviewedOn, signerName: input.reviewerName, signerRole: '复查人', text: input.opinion });
      update(ctx, row, row.major ? { state: 'verified', reviews: row.reviews + 1 } : { state: 'closed', reviews: row.reviews + 1, closedOn: input.reviewedOn });
    } else {
      if (!input.newDeadline) throw new ApiError('VALIDATION', '复查不合格时须给出新的整改限期', [{ path: 'newDeadline', message: '请填写新的整改限期' }]);
      if (input.newDeadline < input.reviewedOn) throw new ApiError('VALIDATION', `新的整改限期不能早于复查日期(${input.reviewedOn})`);
      addEvent(ctx, row, { type: 'review_failed', on: input.reviewedOn, signerName: input.reviewerName, signerRole: '复查人', text: input.opinion, deadline: input.newDeadline });
      update(ctx, row, { state: 'reopened', reviews: row.reviews + 1, deadline: input.newDeadline });
    }
  });
  return getRectification(s, actor, input.id);
}

export function attachPlan(s: Services, actor: ProjectActor, input: ParsedInput<'rectification.attachPlan'>): RectificationView {
  const stored = storeFiles(s, [input.file], PLAN_TYPES, '治理方案');
  inTransaction(s, actor, (ctx) => {
    const row = rowOf(ctx, input.id);
    requireStep(row.sourceKind, 'attachPlan', actor.role);
    if (!row.major) throw new ApiError('CONFLICT', '只有重大隐患须上传治理方案');
    requireState(row, ['found', 'notified', 'replied', 'reopened', 'verified'], '上传治理方案');
    const event = addEvent(ctx, row, { type: 'plan_attached', on: ctx.today, signerName: actor.name, signerRole: '上传人', text: input.note });
    attachFiles(ctx, 'rectification', event.id, stored);
  });
  return getRectification(s, actor, input.id);
}

/** 销项 of a 重大 one: the 项目经理 (项目负责人) signs, with a 治理方案 on file. */
export function close(s: Services, actor: ProjectActor, input: ParsedInput<'rectification.close'>): RectificationView {
  inTransaction(s, actor, (ctx) => {
    const row = rowOf(ctx, input.id);
    requireState(row, ['verified'], '销项');
    if (actor.role !== 'manager') throw new ApiError('FORBIDDEN', '重大隐患须由项目经理(项目负责人)签字销项');
    if (!lastEvent(ctx.db, row.id, ['plan_attached'])) throw new ApiError('CONFLICT', '重大隐患销项前须上传治理方案');
    addEvent(ctx, row, { type: 'closed', on: ctx.today, signerName: actor.name, signerRole: '项目经理', text: input.opinion });
    update(ctx, row, { state: 'closed', closedOn: ctx.today });
  });
  return getRectification(s, actor, input.id);
}

/** 升级: only once it is overdue or a 复查 has failed. */
export function escalate(s: Services, actor: ProjectActor, input: ParsedInput<'rectification.escalate'>): RectificationView {
  inTransaction(s, actor, (ctx) => {
    const row = rowOf(ctx, input.id);
    requireStep(row.sourceKind, 'escalate', actor.role);
    if (overdueDays(row, ctx.today) === 0 && row.state !== 'reopened') throw new ApiError('CONFLICT', '整改未逾期且复查未出现不合格,无需升级');
    recordEscalation(ctx, row.id, input.to, input.note);
  });
  return getRectification(s, actor, input.id);
}

/**
 * Marks a rectification escalated, inside the caller's transaction: the manual 升级 above, or an
 * instrument another module issues on it (a 监理通知单, a 工程暂停令, a 监理紧急报告), named in `to`.
 */
export function recordEscalation(ctx: WriteContext, id: string, to: string, note: string): void {
  const row = rowOf(ctx, id);
  addEvent(ctx, row, { type: 'escalated', on: ctx.today, signerName: ctx.actor.name, signerRole: `升级至${to}`, text: note });
  update(ctx, row, { escalationLevel: row.escalationLevel + 1 });
}

// ---- reading

function photosOf(s: Services, eventIds: string[]) {
  if (eventIds.length === 0) return new Map<string, { id: string; fileName: string; mime: string; size: number; sha256: string; createdAt: string }[]>();
  const rows = s.db.select().from(attachments).where(and(eq(attachments.purpose, 'rectification'), inArray(attachments.ownerId, eventIds), isNull(attachments.deletedAt))).orderBy(asc(attachments.createdAt)).all();
  const map = new Map<string, { id: string; fileName: string; mime: string; size: number; sha256: string; createdAt: string }[]>();
  for (const r of rows) map.set(r.ownerId, [...(map.get(r.ownerId) ?? []), { id: r.id, fileName: r.fileName, mime: r.mime, size: r.size, sha256: r.sha256, createdAt: r.createdAt }]);
  return map;
}

/** Marks in words: overdue, escalated, reopened, a 重大 one waiting for its plan. */
export function marksOf(row: Row, today: string, hasPlan: boolean): string[] {
  const marks: string[] = [];
  const late = overdueDays(row, today);
  if (late > 0) marks.push(`已逾期 ${late} 天`);
  if (row.escalationLevel > 0) marks.push(`已升级 ${row.escalationLevel} 次`);
  if (row.state === 'reopened') marks.push(`复查不合格,第 ${row.reviews + 1} 次整改`);
  if (row.major && !hasPlan && row.state !== 'closed') marks.push('重大隐患,未上传治理方案');
  return marks;
}

export function viewOf(s: Services, row: Row, history: EventRow[]): RectificationView {
  const today = siteDate(s.clock.now());
  const photos = photosOf(s, history.map((e) => e.id));
  return {
    id: row.id, sourceKind: row.sourceKind, sourceLabel: rectificationSourceLabels[row.sourceKind] ?? row.sourceKind, sourceId: row.sourceId,
    title: row.title, description: row.description, location: row.location, major: row.major, foundOn: row.foundOn, foundBy: row.foundBy,
    responsible: row.responsible, deadline: row.deadline, state: row.state, stateLabel: rectificationStateLabels[row.state], reviews: row.reviews,
    escalationLevel: row.escalationLevel, closedOn: row.closedOn, overdueDays: overdueDays(row, today),
    marks: marksOf(row, today, history.some((e) => e.type === 'plan_attached')),
    history: history.map((e) => ({
      id: e.id, type: e.type, typeLabel: rectificationEventLabels[e.type], on: e.on, signerName: e.signerName, signerRole: e.signerRole,
      text: e.text, deadline: e.deadline, late: e.type === 'replied' && row.deadline !== null && lateReply(history, e), files: photos.get(e.id) ?? [],
    })),
  };
}

/** A reply after the 限期 it answered. */
function lateReply(history: EventRow[], reply: EventRow): boolean {
  const before = history.slice(0, history.indexOf(reply)).filter((e) => e.type === 'notified' || e.type === 'review_failed').pop();
  return !!before?.deadline && reply.on > before.deadline;
}

export function getRectification(s: Services, actor: ProjectActor, id: string): RectificationView {
  const row = s.db.select().from(rectifications).where(and(eq(rectifications.id, id), eq(rectifications.projectId, actor.projectId))).get();
  if (!row) throw new ApiError('NOT_FOUND', '未找到该整改记录');
  return viewOf(s, row, events(s.db, id));
}

export function rectificationsOf(s: Services, ids: string[]): Map<string, RectificationView> {
  if (ids.length === 0) return new Map();
  const rows = s.db.select().from(rectifications).where(inArray(rectifications.id, ids)).all();
  const all = s.db.select().from(rectificationEvents).where(inArray(rectificationEvents.rectificationId, ids)).orderBy(asc(rectificationEvents.createdAt), asc(rectificationEvents.id)).all();
  return new Map(rows.map((r) => [r.id, viewOf(s, r, all.filter((e) => e.rectificationId === r.id))]));
}

export function listRectifications(s: Services, actor: ProjectActor, input: ParsedInput<'rectification.list'>): { rows: RectificationView[]; total: number } {
  const today = siteDate(s.clock.now());
  const filter = {
    open: sql`${rectifications.state} <> 'closed'`,
    overdue: overdueCondition(today),
    closed: eq(rectifications.state, 'closed'),
    all: undefined,
  }[input.status];
  const where = and(
    eq(rectifications.projectId, actor.projectId), filter,
    input.sourceKind ? eq(rectifications.sourceKind, input.sourceKind) : undefined,
    input.month ? sql`substr(${rectifications.foundOn}, 1, 7) = ${input.month}` : undefined,
    input.search ? or(sql`instr(${rectifications.title}, ${input.search}) > 0`, sql`instr(${rectifications.location}, ${input.search}) > 0`, sql`instr(${rectifications.responsible}, ${input.search}) > 0`) : undefined,
  );
  const total = s.db.select({ n: count() }).from(rectifications).where(where).get()?.n ?? 0;
  const ids = s.db.select({ id: rectifications.id }).from(rectifications).where(where).orderBy(desc(rectifications.foundOn), desc(rectifications.id))
    .limit(input.pageSize).offset((input.page - 1) * input.pageSize).all().map((r) => r.id);
  const views = rectificationsOf(s, ids);
  return { rows: ids.map((id) => views.get(id)!), total };
}
