// 监理通知单: issued by the 专业监理工程师 or the 总监 and opened in the shared rectification loop,
// whose 回复 is the 施工单位's 监理通知回复单 and whose 复查 is the 监理's (services/rectification/
// sources.ts). Issued from a hazard or a quality problem past its 限期, it marks that one escalated.
import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { rectifications, supervisionNotices } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { ApiError } from '../../common/errors';
import { rectificationSourceLabels } from '../../common/rectification-labels';
import type { NoticeRow } from '../../common/contract-supervision-reports';
import type { ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { newId } from '../ids';
import { positionToSign, sign, signaturesOf } from '../parties/signatures';
import { openRectification, overdueCondition, overdueDays, rectificationsOf, recordEscalation } from '../rectification/loop';
import { siteDate } from '../../common/site-time';
import { inTransaction } from '../write-context';
import { nextNumber } from './rules';

type Notice = typeof supervisionNotices.$inferSelect;
export const NOTICE_SOURCE = 'supervision_notice';
export const NOTICE_RECORD = 'supervision_notice';

export function noticeRows(s: Services, notices: Notice[]): NoticeRow[] {
  const views = rectificationsOf(s, notices.map((n) => n.rectificationId));
  const sources = new Map(s.db.select().from(rectifications).where(inArray(rectifications.id, notices.map((n) => n.sourceRectificationId).filter((x): x is string => !!x))).all().map((r) => [r.id, r]));
  const issuers = signaturesOf(s.db, NOTICE_RECORD, notices.map((n) => n.id));
  return notices.map((n) => {
    const source = n.sourceRectificationId ? sources.get(n.sourceRectificationId) : undefined;
    return {
      id: n.id, number: n.number, subject: n.subject, issuedOn: n.issuedOn, issuerName: issuers.get(n.id)?.[0]?.signerName ?? '',
      sourceLabel: source ? `${rectificationSourceLabels[source.sourceKind] ?? ''}:${source.title}` : '', rectification: views.get(n.rectificationId)!,
    };
  });
}

export function listNotices(s: Services, actor: ProjectActor, input: ParsedInput<'supervisionReports.notices'>) {
  const today = siteDate(s.clock.now());
  const filter = { all: undefined, open: sql`${rectifications.state} <> 'closed'`, overdue: overdueCondition(today), closed: eq(rectifications.state, 'closed') }[input.status];
  const where = and(eq(supervisionNotices.projectId, actor.projectId), filter);
  const total = s.db.select({ n: count() }).from(supervisionNotices).innerJoin(rectifications, eq(rectifications.id, supervisionNotices.rectificationId)).where(where).get()?.n ?? 0;
  const rows = s.db.select({ n: supervisionNotices }).from(supervisionNotices).innerJoin(rectifications, eq(rectifications.id, supervisionNotices.rectificationId)).where(where)
    .orderBy(desc(supervisionNotices.issuedOn), desc(supervisionNotices.number)).limit(input.pageSize).offset((input.page - 1) * input.pageSize).all().map((r) => r.n);
  return { rows: noticeRows(s, rows), total };
}

export function noticeOf(db: Db, projectId: string, id: string): Notice {
  const n = db.select().from(supervisionNotices).where(and(eq(supervisionNotices.id, id), eq(supervisionNotices.projectId, projectId))).get();
  if (!n) throw new ApiError('NOT_FOUND', '未找到该监理通知单');
  return n;
}

export function issueNotice(s: Services, actor: ProjectActor, input: ParsedInput<'supervisionReports.issueNotice'>): NoticeRow {
  const id = inTransaction(s, actor, (ctx) => {
    if (input.issuedOn > ctx.today) throw new ApiError('VALIDATION', `签发日期不能晚于今天(${ctx.today})`, [{ path: 'issuedOn', message: '不能晚于今天' }]);
    let source: typeof rectifications.$inferSelect | undefined;
    if (input.sourceRectificationId) {
      source = ctx.db.select().from(rectifications).where(and(eq(rectifications.id, input.sourceRectificationId), eq(rectifications.projectId, actor.projectId))).get();
      if (!source) throw new ApiError('NOT_FOUND', '未找到该整改记录');
      if (source.sourceKind === NOTICE_SOURCE) throw new ApiError('CONFLICT', '监理通知单逾期未回复,应签发工程暂停令');
      if (overdueDays(source, ctx.today) === 0 && source.state !== 'reopened') throw new ApiError('CONFLICT', `“${source.title}”未逾期,复查也未出现不合格,无须签发监理通知单`);
      if (ctx.db.select().from(supervisionNotices).where(eq(supervisionNotices.sourceRectificationId, source.id)).get()) throw new ApiError('CONFLICT', `“${source.title}”已签发过监理通知单`);
    }
    const year = input.issuedOn.slice(0, 4);
    const number = nextNumber(ctx.db.select({ number: supervisionNotices.number }).from(supervisionNotices).where(eq(supervisionNotices.projectId, actor.projectId)).all().map((r) => r.number), '监通', year);
    const noticeId = newId();
    const position = positionToSign(ctx.db, actor, NOTICE_RECORD, [], input.issuedOn);
    const r = openRectification(ctx, {
      sourceKind: NOTICE_SOURCE, sourceId: noticeId, title: input.subject, description: input.content, location: input.location, major: input.major || (source?.major ?? false),
      foundOn: input.issuedOn, foundBy: actor.name,
      notice: { responsible: input.responsible, deadline: input.deadline, requirement: input.content, signerName: actor.name, signerRole: position === 'chief_supervisor' ? '总监理工程师' : '专业监理工程师' },
    });
    const row: Notice = { id: noticeId, projectId: actor.projectId, number, rectificationId: r.id, subject: input.subject, sourceRectificationId: source?.id ?? null, issuedOn: input.issuedOn, createdAt: ctx.author.at, createdBy: actor.userId };
    ctx.db.insert(supervisionNotices).values(row).run();
    ctx.recorder.change(ctx.author, 'supervision_notices', row.id, 'insert', row);
    sign(ctx, { recordKind: NOTICE_RECORD, recordId: row.id, position, signedOn: input.issuedOn, verdict: '签发', opinion: input.content });
    if (source) recordEscalation(ctx, source.id, `监理通知单 ${number}`, `逾期未整改,签发监理通知单 ${number}`);
    return row.id;
  });
  return noticeRows(s, [noticeOf(s.db, actor.projectId, id)])[0]!;
}
