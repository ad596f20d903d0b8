// 监理紧急报告: for a 重大事故隐患, or a 施工单位 that will not rectify or will not stop. Drafted from
// the escalation with its chain of evidence (the rectification, the 监理通知单, the 工程暂停令, as
// they stood); first reported by phone (the contact log), then in writing, signed by the 总监 and
// queued to send. The time limits of the rules mark a late call or a late written report.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { rectifications, supervisionContacts, supervisionEmergencyReports, supervisionNotices, supervisionStopOrders } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { ApiError } from '../../common/errors';
import { rectificationSourceLabels, rectificationStateLabels } from '../../common/rectification-labels';
import type { EmergencyView } from '../../common/contract-supervision-reports';
import type { ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { newId } from '../ids';
import { positionToSign, sign, signaturesOf, signatureView } from '../parties/signatures';
import { overdueDays, recordEscalation } from '../rectification/loop';
import { readEdition } from '../rules/editions';
import { inTransaction, type WriteContext } from '../write-context';
import { nextNumber, reportRulesInUse } from './rules';
import { stopOrderRectification } from './stop-orders';
import { siteDateTime } from '../../common/site-time';

type Emergency = typeof supervisionEmergencyReports.$inferSelect;
export const EMERGENCY_RECORD = 'emergency_report';
export const emergencyKindLabels = { major_hazard: '发现重大事故隐患', refused_rectification: '施工单位拒不整改', refused_stop: '施工单位拒不停止施工' } as const;
const stateLabels = { draft: '草稿(待电话报告)', contacted: '已电话报告,待书面报告', signed: '书面报告已签字', queued: '已提交报送' } as const;

/** Hours between two site times (YYYY-MM-DD HH:mm[:ss]). */
function hoursBetween(a: string, b: string): number {
  return (Date.parse(`${b.slice(0, 16).replace(' ', 'T')}:00Z`) - Date.parse(`${a.slice(0, 16).replace(' ', 'T')}:00Z`)) / 3600000;
}

function views(s: Services, rows: Emergency[]): EmergencyView[] {
  const contacts = rows.length === 0 ? [] : s.db.select().from(supervisionContacts).where(inArray(supervisionContacts.reportId, rows.map((r) => r.id))).orderBy(asc(supervisionContacts.contactedAt)).all();
  const signed = signaturesOf(s.db, EMERGENCY_RECORD, rows.map((r) => r.id));
  const now = siteDateTime(s.clock.now());
  return rows.map((r) => {
    const rules = readEdition(s.db, r.reportEditionId, 'supervision.reports').data;
    const mine = contacts.filter((c) => c.reportId === r.id);
    const drafted = siteDateTime(new Date(r.createdAt));
    const marks: string[] = [];
    const firstCall = mine[0]?.contactedAt;
    // The draft's time stands for the finding: the call is due within the limit of it.
    if (hoursBetween(drafted, firstCall ?? now) > rules.emergencyPhoneHours) marks.push(firstCall ? `电话报告晚于${rules.emergencyPhoneHours}小时时限` : `尚未电话报告,已超过${rules.emergencyPhoneHours}小时时限`);
    if (firstCall && hoursBetween(firstCall, r.signedOn ? `${r.signedOn} 23:59` : now) > rules.emergencyWrittenHours) marks.push(r.signedOn ? `书面报告晚于电话报告后${rules.emergencyWrittenHours}小时时限` : `尚未书面报告,已超过电话报告后${rules.emergencyWrittenHours}小时时限`);
    return {
      id: r.id, number: r.number, kind: r.kind, kindLabel: emergencyKindLabels[r.kind], subject: r.subject, content: r.content, evidence: r.evidence,
      state: r.state, stateLabel: stateLabels[r.state], signedOn: r.signedOn, queuedAt: r.queuedAt, createdAt: r.createdAt,
      contacts: mine.map(({ reportId: _r, projectId: _p, createdAt: _c, createdBy: _b, ...c }) => c),
      marks,
      signatures: (signed.get(r.id) ?? []).map(signatureView),
    };
  });
}

export function listEmergencies(s: Services, actor: ProjectActor): EmergencyView[] {
  return views(s, s.db.select().from(supervisionEmergencyReports).where(eq(supervisionEmergencyReports.projectId, actor.projectId)).orderBy(desc(supervisionEmergencyReports.createdAt)).all());
}

function reportOf(db: Db, projectId: string, id: string): Emergency {
  const r = db.select().from(supervisionEmergencyReports).where(and(eq(supervisionEmergencyReports.id, id), eq(supervisionEmergencyReports.projectId, projectId))).get();
  if (!r) throw new ApiError('NOT_FOUND', '未找到该监理紧急报告');
  return r;
}

/** The chain of evidence: the rectification, every notice on it or its source, the stop orders. */
function evidenceOf(ctx: WriteContext, rectificationId: string | null, stopOrderId: string | null) {
  const evidence: { kind: string; id: string; label: string }[] = [];
  const stop = stopOrderId ? ctx.db.select().from(supervisionStopOrders).where(and(eq(supervisionStopOrders.id, stopOrderId), eq(supervisionStopOrders.projectId, ctx.actor.projectId))).get() : undefined;
  if (stopOrderId && !stop) throw new ApiError('NOT_FOUND', '未找到该工程暂停令');
  const root = rectificationId
    ? ctx.db.select().from(rectifications).where(and(eq(rectifications.id, rectificationId), eq(rectifications.projectId, ctx.actor.projectId))).get()
    : stop ? stopOrderRectification(ctx.db, stop) : undefined;
  if (rectificationId && !root) throw new ApiError('NOT_FOUND', '未找到该整改记录');
  if (root) {
    const notice = root.sourceKind === 'supervision_notice' ? ctx.db.select().from(supervisionNotices).where(eq(supervisionNotices.rectificationId, root.id)).get() : undefined;
    const origin = notice?.sourceRectificationId ? ctx.db.select().from(rectifications).where(eq(rectifications.id, notice.sourceRectificationId)).get() : undefined;
    for (const r of [origin, root].filter((x): x is typeof root => !!x)) {
      const late = overdueDays(r, ctx.today);
      evidence.push({ kind: 'rectification', id: r.id, label: `${rectificationSourceLabels[r.sourceKind] ?? ''}:${r.title}(${r.foundOn} 发现,限期 ${r.deadline ?? '—'},${rectificationStateLabels[r.state]}${late > 0 ? `,已逾期 ${late} 天` : ''})` });
    }
    const notices = ctx.db.select().from(supervisionNotices).where(eq(supervisionNotices.projectId, ctx.actor.projectId)).all()
      .filter((n) => n.rectificationId === root.id || n.sourceRectificationId === root.id || (origin && n.sourceRectificationId === origin.id));
    for (const n of notices) evidence.push({ kind: 'notice', id: n.id, label: `监理通知单 ${n.number}(${n.issuedOn} 签发):${n.subject}` });
    const stops = ctx.db.select().from(supervisionStopOrders).where(eq(supervisionStopOrders.projectId, ctx.actor.projectId)).all()
      .filter((o) => (o.noticeId && notices.some((n) => n.id === o.noticeId)) || o.sourceRectificationId === root.id);
    for (const o of stops) evidence.push({ kind: 'stop_order', id: o.id, label: `工程暂停令 ${o.number}(${o.issuedOn} 签发${o.reportedToOwnerOn ? ',已报告建设单位' : ''}):${o.scope}` });
  } else if (stop) {
    evidence.push({ kind: 'stop_order', id: stop.id, label: `工程暂停令 ${stop.number}(${stop.issuedOn} 签发):${stop.scope}` });
  }
  return { evidence, root, stop };
}

export function draftEmergency(s: Services, actor: ProjectActor, input: ParsedInput<'supervisionReports.draftEmergency'>): EmergencyView {
  const id = inTransaction(s, actor, (ctx) => {
    const { evidence, root, stop } = evidenceOf(ctx, input.sourceRectificationId, input.stopOrderId);
    if (input.kind === 'major_hazard' && root && !root.major) throw new ApiError('VALIDATION', `“${root.title}”不是重大隐患`, [{ path: 'kind', message: '请选择其他报告情形' }]);
    const number = nextNumber(ctx.db.select({ number: supervisionEmergencyReports.number }).from(supervisionEmergencyReports).where(eq(supervisionEmergencyReports.projectId, actor.projectId)).all().map((r) => r.number), '监急', ctx.today.slice(0, 4));
    const content = [
      `报告情形:${emergencyKindLabels[input.kind]}。`,
      `事由:${input.subject}。`,
      evidence.length > 0 ? `经过:\n${evidence.map((e, i) => `${i + 1}. ${e.label}`).join('\n')}` : '',
      '监理单位已按规定采取上述措施,施工单位仍未整改到位,特此紧急报告,请监督机构依法处理。',
    ].filter(Boolean).join('\n');
    const row: Emergency = {
      id: newId(), projectId: actor.projectId, number, kind: input.kind, subject: input.subject, content, evidence, sourceRectificationId: root?.id ?? null, stopOrderId: stop?.id ?? null,
      reportEditionId: reportRulesInUse(ctx).id, state: 'draft', signedOn: null, queuedAt: null, createdAt: ctx.author.at, createdBy: actor.userId, updatedAt: ctx.author.at,
    };
    ctx.db.insert(supervisionEmergencyReports).values(row).run();
    ctx.recorder.change(ctx.author, 'supervision_emergency_reports', row.id, 'insert', row);
    if (root) recordEscalation(ctx, root.id, `监理紧急报告 ${number}`, `起草监理紧急报告 ${number}(${emergencyKindLabels[input.kind]})`);
    return row.id;
  });
  return views(s, [reportOf(s.db, actor.projectId, id)])[0]!;
}

function update(ctx: WriteContext, before: Emergency, changes: Partial<Emergency>): void {
  ctx.db.update(supervisionEmergencyReports).set({ ...changes, updatedAt: ctx.author.at }).where(eq(supervisionEmergencyReports.id, before.id)).run();
  ctx.recorder.change(ctx.author, 'supervision_emergency_reports', before.id, 'update', { ...before, ...changes, updatedAt: ctx.author.at }, before);
}

export function logContact(s: Services, actor: ProjectActor, input: ParsedInput<'supervisionReports.logContact'>): EmergencyView {
  inTransaction(s, actor, (ctx) => {
    const r = reportOf(ctx.db, actor.projectId, input.id);
    if (input.contactedAt.slice(0, 10) > ctx.today) throw new ApiError('VALIDATION', '报告时间不能晚于今天', [{ path: 'contactedAt', message: '不能晚于今天' }]);
    if (input.contactedAt < siteDateTime(new Date(r.createdAt)).slice(0, 10)) throw new ApiError('VALIDATION', '报告时间不能早于起草日期', [{ path: 'contactedAt', message: '不能早于起草日期' }]);
    const { id: _id, ...fields } = input;
    const row = { id: newId(), projectId: actor.projectId, reportId: r.id, ...fields, createdAt: ctx.author.at, createdBy: actor.userId };
    ctx.db.insert(supervisionContacts).values(row).run();
    ctx.recorder.change(ctx.author, 'supervision_contacts', row.id, 'insert', row);
    if (r.state === 'draft') update(ctx, r, { state: 'contacted' });
  });
  return views(s, [reportOf(s.db, actor.projectId, input.id)])[0]!;
}

/** The written report: after the first call, signed by the 总监. */
export function signEmergency(s: Services, actor: ProjectActor, input: ParsedInput<'supervisionReports.signEmergency'>): EmergencyView {
  inTransaction(s, actor, (ctx) => {
    const r = reportOf(ctx.db, actor.projectId, input.id);
    if (r.state === 'draft') throw new ApiError('CONFLICT', '紧急报告须先电话报告,记录首次报告后再书面报告');
    if (r.state !== 'contacted') throw new ApiError('CONFLICT', '该紧急报告已签字');
    const position = positionToSign(ctx.db, actor, EMERGENCY_RECORD, [], input.signedOn);
    sign(ctx, { recordKind: EMERGENCY_RECORD, recordId: r.id, position, signedOn: input.signedOn, verdict: '签发', opinion: '' });
    update(ctx, r, { content: input.content, state: 'signed', signedOn: input.signedOn });
  });
  return views(s, [reportOf(s.db, actor.projectId, input.id)])[0]!;
}

export function queueEmergency(s: Services, actor: ProjectActor, input: ParsedInput<'supervisionReports.queueEmergency'>): EmergencyView {
  inTransaction(s, actor, (ctx) => {
    const r = reportOf(ctx.db, actor.projectId, input.id);
    if (r.state !== 'signed') throw new ApiError('CONFLICT', r.state === 'queued' ? '该紧急报告已提交报送' : '紧急报告须先经总监签字');
    update(ctx, r, { state: 'queued', queuedAt: ctx.author.at });
  });
  return views(s, [reportOf(s.db, actor.projectId, input.id)])[0]!;
}

