// 质量概况: where the project's lots stand (accepted, failed, awaiting, blocked and why), the quality
// problems open and overdue, and the 实测实量 pass rate.
import { and, count, eq, sql } from 'drizzle-orm';
import { qualityLots, rectifications } from '../../../db/schema';
import { siteDate } from '../../common/site-time';
import type { ProjectActor, Services } from '../context';
import { overdueCondition } from '../rectification/loop';
import { lotRows } from './order';
import { measurementStats } from './measurements';
import { PROBLEM_SOURCE } from './problems';

export function qualityOverview(s: Services, actor: ProjectActor) {
  const today = siteDate(s.clock.now());
  const rows = lotRows(s.db, s.db.select().from(qualityLots).where(eq(qualityLots.projectId, actor.projectId)).all());
  const open = and(eq(rectifications.projectId, actor.projectId), eq(rectifications.sourceKind, PROBLEM_SOURCE), sql`${rectifications.state} <> 'closed'`);
  const stats = measurementStats(s, actor);
  const blocked = rows.filter((r) => r.status !== 'accepted' && r.blockers.length > 0);
  return {
    date: today,
    lots: {
      total: rows.length,
      accepted: rows.filter((r) => r.status === 'accepted').length,
      failed: rows.filter((r) => r.status === 'failed').length,
      awaiting: rows.filter((r) => r.status !== 'accepted' && r.status !== 'proposed').length,
      blocked: blocked.length,
      proposed: rows.filter((r) => r.status === 'proposed').length,
    },
    blocked: blocked.slice(0, 50),
    problemsOpen: s.db.select({ n: count() }).from(rectifications).where(open).get()?.n ?? 0,
    problemsOverdue: s.db.select({ n: count() }).from(rectifications).where(and(open, overdueCondition(today))).get()?.n ?? 0,
    measurement: { passed: stats.total.passed, total: stats.total.total, rate: stats.total.rate, passRate: stats.passRate },
  };
}
