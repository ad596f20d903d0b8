// The escalation the app offers the 监理, one rule in one place: a hazard or quality problem past
// its 限期 (or failed at 复查) → 签发监理通知单; a 监理通知单 unanswered past its 限期, or anything
// 重大 → 工程暂停令 and a report to the 建设单位; a stop order ignored (what it stopped for still
// overdue) or a 重大 hazard left open → a drafted 监理紧急报告 with the chain of evidence linked.
// Each offer disappears once its instrument exists.
import { eq } from 'drizzle-orm';
import { rectifications, supervisionEmergencyReports, supervisionNotices, supervisionStopOrders } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { rectificationSourceLabels } from '../../common/rectification-labels';
import type { EscalationOffer } from '../../common/contract-supervision-reports';
import { overdueDays } from '../rectification/loop';
import { HAZARD_SOURCE } from '../safety/hazards';
import { PROBLEM_SOURCE } from '../quality/problems';
import { stopOrderRectification } from './stop-orders';

type Rectification = typeof rectifications.$inferSelect;

function lateness(r: Rectification, today: string): string | null {
  const days = overdueDays(r, today);
  if (days > 0) return `整改限期 ${r.deadline} 已过 ${days} 天未回复`;
  if (r.state === 'reopened') return `复查不合格(第 ${r.reviews} 次),仍未整改到位`;
  return null;
}

export function escalationOffers(db: Db, projectId: string, today: string): EscalationOffer[] {
  const open = db.select().from(rectifications).where(eq(rectifications.projectId, projectId)).all().filter((r) => r.state !== 'closed');
  const notices = db.select().from(supervisionNotices).where(eq(supervisionNotices.projectId, projectId)).all();
  const stops = db.select().from(supervisionStopOrders).where(eq(supervisionStopOrders.projectId, projectId)).all();
  const emergencies = db.select().from(supervisionEmergencyReports).where(eq(supervisionEmergencyReports.projectId, projectId)).all();
  const offers: EscalationOffer[] = [];
  const base = { noticeId: null, stopOrderId: null, emergencyKind: null } as const;
  for (const r of open.filter((x) => x.sourceKind === HAZARD_SOURCE || x.sourceKind === PROBLEM_SOURCE)) {
    const what = `${rectificationSourceLabels[r.sourceKind]}:${r.title}`;
    const late = lateness(r, today);
    if (late && !notices.some((n) => n.sourceRectificationId === r.id)) offers.push({ ...base, kind: 'notice', label: '签发监理通知单', reason: late, rectificationId: r.id, title: what });
    if (r.major && !stops.some((o) => o.sourceRectificationId === r.id) && !notices.some((n) => n.sourceRectificationId === r.id && stops.some((o) => o.noticeId === n.id))) {
      offers.push({ ...base, kind: 'stop_order', label: '签发工程暂停令并报告建设单位', reason: `重大${rectificationSourceLabels[r.sourceKind]}未销项`, rectificationId: r.id, title: what });
    }
    if (r.major && r.sourceKind === HAZARD_SOURCE && late && !emergencies.some((e) => e.sourceRectificationId === r.id)) {
      offers.push({ ...base, kind: 'emergency', label: '起草监理紧急报告', reason: `重大事故隐患,${late}`, rectificationId: r.id, title: what, emergencyKind: 'major_hazard' });
    }
  }
  for (const n of notices) {
    const r = open.find((x) => x.id === n.rectificationId);
    if (!r || stops.some((o) => o.noticeId === n.id)) continue;
    const late = lateness(r, today);
    if (late || r.major) offers.push({ ...base, kind: 'stop_order', label: '签发工程暂停令并报告建设单位', reason: `监理通知单 ${n.number}${late ? `:${late}` : ' 所涉问题属重大'}`, rectificationId: r.id, title: n.subject, noticeId: n.id });
  }
  for (const o of stops.filter((x) => x.state !== 'resumed')) {
    const r = stopOrderRectification(db, o);
    if (!r || r.state === 'closed' || emergencies.some((e) => e.stopOrderId === o.id)) continue;
    const late = lateness(r, today);
    if (late) offers.push({ ...base, kind: 'emergency', label: '起草监理紧急报告', reason: `工程暂停令 ${o.number} 签发后,${late}(施工单位拒不整改)`, rectificationId: r.id, title: r.title, stopOrderId: o.id, emergencyKind: 'refused_rectification' });
  }
  return offers;
}
