// The figures of a 监理月报, drawn from the other modules for one month: 检验批 accepted and failed
// (by the date of the 监理's verdict), 分项 / 分部 accepted, materials received, sampled, witnessed,
// tested and 不合格, the month's 安全 self-assessment and hazards, 危大工程 briefed, quality
// problems, and the 监理's own instruments. Counts as they stand when drafted.
import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  materialBatches, materialDispositions, materialReports, materialSamples, qualityAcceptances, qualityLots, qualityMeasurements, recordSignatures, rectifications,
  safetyAssessments, safetyBriefings, supervisionEmergencyReports, supervisionNotices, supervisionSideRecords, supervisionStopOrders,
} from '../../../db/schema';
import type { Db } from '../../../db/open';
import type { MonthlyFigures } from '../../common/contract-supervision-reports';
import { batchLabel, ledgerRowsOf } from '../materials/samples';
import { witnessShareCheck } from '../materials/checks';
import { lotRows } from '../quality/order';
import { overdueCondition } from '../rectification/loop';
import { HAZARD_SOURCE } from '../safety/hazards';
import { PROBLEM_SOURCE } from '../quality/problems';
import { SAMPLE_RECORD } from '../materials/samples';
import { signaturesOf } from '../parties/signatures';

const inMonth = (column: Parameters<typeof sql>[1], period: string) => sql`substr(${column}, 1, 7) = ${period}`;

export function monthlyFigures(db: Db, projectId: string, period: string, today: string): MonthlyFigures {
  const verdicts = (kind: string, verdict: string) => db.select({ id: recordSignatures.recordId }).from(recordSignatures)
    .where(and(eq(recordSignatures.projectId, projectId), eq(recordSignatures.recordKind, kind), eq(recordSignatures.verdict, verdict), inMonth(recordSignatures.signedOn, period))).all().map((r) => r.id);
  const lots = lotRows(db, db.select().from(qualityLots).where(eq(qualityLots.projectId, projectId)).all());
  const acceptedIds = verdicts('acceptance', '合格');
  const accepted = acceptedIds.length === 0 ? [] : db.select({ level: qualityAcceptances.level }).from(qualityAcceptances).where(inArray(qualityAcceptances.id, acceptedIds)).all();

  const samples = db.select().from(materialSamples).where(and(eq(materialSamples.projectId, projectId), inMonth(materialSamples.sampledOn, period))).all();
  const witnessed = signaturesOf(db, SAMPLE_RECORD, samples.map((x) => x.id));
  const reports = db.select({ conclusion: materialReports.conclusion }).from(materialReports).where(and(eq(materialReports.projectId, projectId), inMonth(materialReports.reportedOn, period))).all();
  const dispositions = db.select({ d: materialDispositions, b: materialBatches, reportNo: materialReports.reportNo }).from(materialDispositions)
    .innerJoin(materialBatches, eq(materialBatches.id, materialDispositions.batchId)).innerJoin(materialReports, eq(materialReports.id, materialDispositions.reportId))
    .where(and(eq(materialDispositions.projectId, projectId), sql`(substr(${materialDispositions.createdAt}, 1, 7) <= ${period}) and (${materialDispositions.closedOn} is null or substr(${materialDispositions.closedOn}, 1, 7) >= ${period})`)).all();
  const allSamples = ledgerRowsOf(db, projectId, today);

  const assessment = db.select().from(safetyAssessments).where(and(eq(safetyAssessments.projectId, projectId), eq(safetyAssessments.kind, 'monthly'), eq(safetyAssessments.period, period),
    sql`not exists (select 1 from safety_assessments r where r.revision_of = ${safetyAssessments.id})`)).get();
  const bySource = (kind: string) => ({
    found: db.select({ id: rectifications.id }).from(rectifications).where(and(eq(rectifications.projectId, projectId), eq(rectifications.sourceKind, kind), inMonth(rectifications.foundOn, period))).all().length,
    closed: db.select({ id: rectifications.id }).from(rectifications).where(and(eq(rectifications.projectId, projectId), eq(rectifications.sourceKind, kind), inMonth(rectifications.closedOn, period))).all().length,
    open: db.select({ id: rectifications.id }).from(rectifications).where(and(eq(rectifications.projectId, projectId), eq(rectifications.sourceKind, kind), sql`${rectifications.state} <> 'closed'`)).all().length,
    overdue: db.select({ id: rectifications.id }).from(rectifications).where(and(eq(rectifications.projectId, projectId), eq(rectifications.sourceKind, kind), overdueCondition(today))).all().length,
  });
  const hazards = bySource(HAZARD_SOURCE);
  const problems = bySource(PROBLEM_SOURCE);
  const dangerous = db.select({ subject: safetyBriefings.subject }).from(safetyBriefings).where(and(eq(safetyBriefings.projectId, projectId), eq(safetyBriefings.dangerous, true), inMonth(safetyBriefings.briefedOn, period))).all();
  const measurements = db.select({ passed: qualityMeasurements.passed, total: qualityMeasurements.total }).from(qualityMeasurements).where(and(eq(qualityMeasurements.projectId, projectId), inMonth(qualityMeasurements.measuredOn, period))).all();
  const measured = measurements.reduce((n, m) => n + m.total, 0);
  const notices = db.select({ n: supervisionNotices, state: rectifications.state, closedOn: rectifications.closedOn }).from(supervisionNotices).innerJoin(rectifications, eq(rectifications.id, supervisionNotices.rectificationId))
    .where(eq(supervisionNotices.projectId, projectId)).all();
  const stops = db.select().from(supervisionStopOrders).where(eq(supervisionStopOrders.projectId, projectId)).all();

  return {
    period,
    lots: {
      accepted: verdicts('lot_record', '合格').length,
      failed: verdicts('lot_record', '不合格').length,
      awaiting: lots.filter((l) => l.status !== 'accepted' && l.status !== 'proposed').length,
      blocked: lots.filter((l) => l.status !== 'accepted' && l.blockers.length > 0).length,
    },
    acceptances: { subitems: accepted.filter((a) => a.level === 'subitem').length, divisions: accepted.filter((a) => a.level === 'division').length },
    materials: {
      received: db.select({ id: materialBatches.id }).from(materialBatches).where(and(eq(materialBatches.projectId, projectId), inMonth(materialBatches.receivedOn, period))).all().length,
      approved: verdicts('material_batch', '同意').length,
      samples: samples.length,
      groups: samples.reduce((n, x) => n + x.groups, 0),
      witnessedGroups: samples.filter((x) => witnessed.has(x.id)).reduce((n, x) => n + x.groups, 0),
      reportsPassed: reports.filter((r) => r.conclusion === 'pass').length,
      reportsFailed: reports.filter((r) => r.conclusion === 'fail').length,
      overdueResults: allSamples.filter((x) => x.resultStatus === 'overdue').length,
      nonconforming: dispositions.map((r) => ({ label: batchLabel(r.b), reportNo: r.reportNo, state: r.d.state === 'closed' ? `已处置(${r.d.outcome === 'returned' ? '退场' : r.d.outcome === 'usable' ? '复试合格' : '技术处理'})` : '处置中' })),
      share: witnessShareCheck(db, projectId).rows.map((r) => ({ name: r.materialTypeName, share: r.share, meets: r.meets })),
    },
    safety: {
      grade: assessment?.result?.grade ?? null, total: assessment?.result?.totalText ?? null,
      hazardsFound: hazards.found, hazardsClosed: hazards.closed, hazardsOpen: hazards.open, hazardsOverdue: hazards.overdue,
      dangerousWorks: [...new Set(dangerous.map((d) => d.subject))],
    },
    quality: { problemsFound: problems.found, problemsClosed: problems.closed, measurementRate: measured === 0 ? null : Math.round((measurements.reduce((n, m) => n + m.passed, 0) * 1000) / measured) / 10 },
    instruments: {
      notices: notices.filter((x) => x.n.issuedOn.slice(0, 7) === period).length,
      noticesClosed: notices.filter((x) => x.closedOn?.slice(0, 7) === period).length,
      stopOrders: stops.filter((o) => o.issuedOn.slice(0, 7) === period).length,
      resumed: stops.filter((o) => o.resumedOn?.slice(0, 7) === period).length,
      sideRecords: db.select({ id: supervisionSideRecords.id }).from(supervisionSideRecords).where(and(eq(supervisionSideRecords.projectId, projectId), inMonth(supervisionSideRecords.recordedOn, period))).all().length,
      emergencies: db.select({ id: supervisionEmergencyReports.id }).from(supervisionEmergencyReports).where(and(eq(supervisionEmergencyReports.projectId, projectId), inMonth(supervisionEmergencyReports.createdAt, period))).all().length,
    },
  };
}

/** The 总监's starting text of each section, written from the figures. */
export function draftSections(f: MonthlyFigures, sections: { key: string; title: string; hint: string }[]): { key: string; title: string; text: string }[] {
  const share = f.materials.share.map((x) => `${x.name} ${x.share === null ? '—' : `${x.share}%`}${x.meets ? '' : '(低于规定比例)'}`).join(',');
  const texts: Record<string, string> = {
    overview: '',
    quality: [
      `本月验收检验批 ${f.lots.accepted + f.lots.failed} 个,其中合格 ${f.lots.accepted} 个、不合格 ${f.lots.failed} 个;分项工程验收 ${f.acceptances.subitems} 个,分部工程验收 ${f.acceptances.divisions} 个;待验收检验批 ${f.lots.awaiting} 个,其中 ${f.lots.blocked} 个尚不具备验收条件。`,
      `材料进场 ${f.materials.received} 批(监理审批同意 ${f.materials.approved} 批);取样 ${f.materials.samples} 份 ${f.materials.groups} 组,其中见证 ${f.materials.witnessedGroups} 组;检测报告合格 ${f.materials.reportsPassed} 份、不合格 ${f.materials.reportsFailed} 份${f.materials.overdueResults > 0 ? `;${f.materials.overdueResults} 份试件逾期未出报告` : ''}。`,
      share ? `见证取样比例:${share}。` : '',
      f.materials.nonconforming.length > 0 ? `不合格材料:${f.materials.nonconforming.map((m) => `${m.label}(报告 ${m.reportNo},${m.state})`).join(';')}。` : '本月无不合格材料。',
      `质量问题新发现 ${f.quality.problemsFound} 项、销项 ${f.quality.problemsClosed} 项${f.quality.measurementRate === null ? '' : `;实测实量合格率 ${f.quality.measurementRate}%`}。`,
    ].filter(Boolean).join('\n'),
    safety: [
      f.safety.grade ? `本月安全检查评分 ${f.safety.total} 分,评定等级 ${f.safety.grade}。` : '本月无月度安全检查评分。',
      `新发现隐患 ${f.safety.hazardsFound} 项、销项 ${f.safety.hazardsClosed} 项,未销项 ${f.safety.hazardsOpen} 项(逾期 ${f.safety.hazardsOverdue} 项)。`,
      f.safety.dangerousWorks.length > 0 ? `危险性较大的分部分项工程:${f.safety.dangerousWorks.join('、')}。` : '',
    ].filter(Boolean).join('\n'),
    instruments: `签发监理通知单 ${f.instruments.notices} 份(本月回复复查销项 ${f.instruments.noticesClosed} 份),工程暂停令 ${f.instruments.stopOrders} 份、复工 ${f.instruments.resumed} 次;旁站 ${f.instruments.sideRecords} 次;监理紧急报告 ${f.instruments.emergencies} 份。`,
    problems: '',
    next: '',
  };
  return sections.map((x) => ({ key: x.key, title: x.title, text: texts[x.key] ?? '' }));
}
