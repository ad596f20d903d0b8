// 工程暂停令 and 复工令, both the 总监's alone. A stop order follows from a 监理通知单 left unanswered
// past its 限期 or from a 重大 rectification (both escalated by it), or from the 总监's own finding;
// it is reported to the 建设单位 with it. Work resumes on the 施工单位's 复工报审 and the 总监's 复工令,
// once what it stopped for is closed.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { rectifications, supervisionNotices, supervisionStopOrders } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { ApiError } from '../../common/errors';
import type { StopOrderView } from '../../common/contract-supervision-reports';
import type { ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { newId } from '../ids';
import { positionToSign, sign, signaturesOf, signatureView } from '../parties/signatures';
import { overdueDays, recordEscalation } from '../rectification/loop';
import { inTransaction, type WriteContext } from '../write-context';
import { nextNumber } from './rules';

type StopOrder = typeof supervisionStopOrders.$inferSelect;
export const STOP_RECORD = 'stop_order';
export const RESUME_RECORD = 'resume_order';
const stateLabels = { stopped: '暂停施工中', resume_applied: '已申请复工,待总监审批', resumed: '已复工' } as const;

export function stopOrderViews(db: Db, rows: StopOrder[]): StopOrderView[] {
  const notices = new Map(db.select().from(supervisionNotices).where(inArray(supervisionNotices.id, rows.map((r) => r.noticeId).filter((x): x is string => !!x))).all().map((n) => [n.id, n]));
  const sources = new Map(db.select().from(rectifications).where(inArray(rectifications.id, rows.map((r) => r.sourceRectificationId).filter((x): x is string => !!x))).all().map((r) => [r.id, r]));
  const stops = signaturesOf(db, STOP_RECORD, rows.map((r) => r.id));
  const resumes = signaturesOf(db, RESUME_RECORD, rows.map((r) => r.id));
  return rows.map((o) => ({
    id: o.id, number: o.number, issuedOn: o.issuedOn, scope: o.scope, reason: o.reason, requirement: o.requirement,
    noticeNumber: o.noticeId ? notices.get(o.noticeId)?.number ?? null : null, sourceTitle: o.sourceRectificationId ? sources.get(o.sourceRectificationId)?.title ?? null : null,
    reportedToOwnerOn: o.reportedToOwnerOn, state: o.state, stateLabel: stateLabels[o.state], resumeApplication: o.resumeApplication, resumeAppliedOn: o.resumeAppliedOn, resumedOn: o.resumedOn,
    signatures: [...(stops.get(o.id) ?? []), ...(resumes.get(o.id) ?? [])].map(signatureView),
  }));
}

export function listStopOrders(s: Services, actor: ProjectActor): StopOrderView[] {
  return stopOrderViews(s.db, s.db.select().from(supervisionStopOrders).where(eq(supervisionStopOrders.projectId, actor.projectId)).orderBy(asc(supervisionStopOrders.issuedOn), asc(supervisionStopOrders.number)).all());
}

function orderOf(ctx: WriteContext, id: string): StopOrder {
  const o = ctx.db.select().from(supervisionStopOrders).where(and(eq(supervisionStopOrders.id, id), eq(supervisionStopOrders.projectId, ctx.actor.projectId))).get();
  if (!o) throw new ApiError('NOT_FOUND', '未找到该工程暂停令');
  return o;
}

/** The rectification a stop order stands on: its notice's, or the one it names. */
export function stopOrderRectification(db: Db, o: Pick<StopOrder, 'noticeId' | 'sourceRectificationId'>) {
  const id = o.noticeId ? db.select().from(supervisionNotices).where(eq(supervisionNotices.id, o.noticeId)).get()?.rectificationId : o.sourceRectificationId;
  return id ? db.select().from(rectifications).where(eq(rectifications.id, id)).get() : undefined;
}

export function issueStopOrder(s: Services, actor: ProjectActor, input: ParsedInput<'supervisionReports.issueStopOrder'>): StopOrderView {
  const id = inTransaction(s, actor, (ctx) => {
    if (input.issuedOn > ctx.today) throw new ApiError('VALIDATION', `签发日期不能晚于今天(${ctx.today})`, [{ path: 'issuedOn', message: '不能晚于今天' }]);
    if (input.noticeId && input.sourceRectificationId) throw new ApiError('VALIDATION', '请只选择一项依据:监理通知单或整改记录');
    const notice = input.noticeId ? ctx.db.select().from(supervisionNotices).where(and(eq(supervisionNotices.id, input.noticeId), eq(supervisionNotices.projectId, actor.projectId))).get() : undefined;
    if (input.noticeId && !notice) throw new ApiError('NOT_FOUND', '未找到该监理通知单');
    const basis = stopOrderRectification(ctx.db, { noticeId: notice?.id ?? null, sourceRectificationId: input.sourceRectificationId });
    if (input.sourceRectificationId && !basis) throw new ApiError('NOT_FOUND', '未找到该整改记录');
    if (basis) {
      if (basis.state === 'closed') throw new ApiError('CONFLICT', `“${basis.title}”已销项,无须暂停施工`);
      // A stop order escalates what was ignored or is 重大: not a notice still within its 限期.
      if (!basis.major && overdueDays(basis, ctx.today) === 0 && basis.state !== 'reopened') throw new ApiError('CONFLICT', `“${basis.title}”未逾期也不属重大,应先等待整改回复`);
    }
    const year = input.issuedOn.slice(0, 4);
    const number = nextNumber(ctx.db.select({ number: supervisionStopOrders.number }).from(supervisionStopOrders).where(eq(supervisionStopOrders.projectId, actor.projectId)).all().map((r) => r.number), '监停', year);
    const position = positionToSign(ctx.db, actor, STOP_RECORD, [], input.issuedOn);
    const row: StopOrder = {
      id: newId(), projectId: actor.projectId, number, issuedOn: input.issuedOn, scope: input.scope, reason: input.reason, requirement: input.requirement,
      noticeId: notice?.id ?? null, sourceRectificationId: notice ? null : input.sourceRectificationId, reportedToOwnerOn: input.reportToOwner ? input.issuedOn : null,
      state: 'stopped', resumeApplication: '', resumeAppliedOn: null, resumedOn: null, createdAt: ctx.author.at, createdBy: actor.userId, updatedAt: ctx.author.at,
    };
    ctx.db.insert(supervisionStopOrders).values(row).run();
    ctx.recorder.change(ctx.author, 'supervision_stop_orders', row.id, 'insert', row);
    sign(ctx, { recordKind: STOP_RECORD, recordId: row.id, position, signedOn: input.issuedOn, verdict: '签发', opinion: input.reason });
    if (basis) recordEscalation(ctx, basis.id, `工程暂停令 ${number}`, `签发工程暂停令 ${number}${row.reportedToOwnerOn ? ',并报告建设单位' : ''}`);
    return row.id;
  });
  return stopOrderViews(s.db, [s.db.select().from(supervisionStopOrders).where(eq(supervisionStopOrders.id, id)).get()!])[0]!;
}

function update(ctx: WriteContext, before: StopOrder, changes: Partial<StopOrder>): void {
  ctx.db.update(supervisionStopOrders).set({ ...changes, updatedAt: ctx.author.at }).where(eq(supervisionStopOrders.id, before.id)).run();
  ctx.recorder.change(ctx.author, 'supervision_stop_orders', before.id, 'update', { ...before, ...changes, updatedAt: ctx.author.at }, before);
}

export function applyResume(s: Services, actor: ProjectActor, input: ParsedInput<'supervisionReports.applyResume'>): StopOrderView {
  inTransaction(s, actor, (ctx) => {
    const o = orderOf(ctx, input.id);
    if (o.state === 'resumed') throw new ApiError('CONFLICT', '该暂停令已复工');
    if (input.appliedOn < o.issuedOn || input.appliedOn > ctx.today) throw new ApiError('VALIDATION', `申请日期应在 ${o.issuedOn} 至今天之间`, [{ path: 'appliedOn', message: '日期无效' }]);
    update(ctx, o, { state: 'resume_applied', resumeApplication: input.application, resumeAppliedOn: input.appliedOn });
  });
  return stopOrderViews(s.db, [s.db.select().from(supervisionStopOrders).where(eq(supervisionStopOrders.id, input.id)).get()!])[0]!;
}

export function resume(s: Services, actor: ProjectActor, input: ParsedInput<'supervisionReports.resume'>): StopOrderView {
  inTransaction(s, actor, (ctx) => {
    const o = orderOf(ctx, input.id);
    if (o.state !== 'resume_applied') throw new ApiError('CONFLICT', o.state === 'resumed' ? '该暂停令已复工' : '施工单位尚未提出复工申请(复工报审)');
    if (input.signedOn < (o.resumeAppliedOn ?? o.issuedOn)) throw new ApiError('VALIDATION', `复工令日期不能早于复工申请日期(${o.resumeAppliedOn})`, [{ path: 'signedOn', message: '日期无效' }]);
    const basis = stopOrderRectification(ctx.db, o);
    if (basis && basis.state !== 'closed') throw new ApiError('CONFLICT', `“${basis.title}”尚未复查合格销项,不能复工`);
    const position = positionToSign(ctx.db, actor, RESUME_RECORD, [], input.signedOn);
    sign(ctx, { recordKind: RESUME_RECORD, recordId: o.id, position, signedOn: input.signedOn, verdict: '同意复工', opinion: input.opinion });
    update(ctx, o, { state: 'resumed', resumedOn: input.signedOn });
  });
  return stopOrderViews(s.db, [s.db.select().from(supervisionStopOrders).where(eq(supervisionStopOrders.id, input.id)).get()!])[0]!;
}
