// 安全概况 of a project (the module's home, and the safety part of the today board), and the same
// facts per contract for 监督管理查询 on the central side: the latest assessment and its grade, open
// and overdue 隐患, certificates expiring (90 / 60 / 30 days) and expired, the workers on site in a
// special trade without a valid certificate, the 专职安全员 against the minimum.
import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { persons, rectifications, safetyAssessments, workerCertificates } from '../../../db/schema';
import { assessmentKindLabels, assessmentStateLabels } from '../../common/safety/labels';
import { siteDate } from '../../common/site-time';
import type { ParsedInput } from '../../common/contract';
import type { SafetyOverview, SupervisionSafetyRow } from '../../common/contract-safety';
import type { ProjectActor, Services } from '../context';
import { overdueCondition } from '../rectification/loop';
import { assessmentRow } from './assessments';
import { HAZARD_SOURCE } from './hazards';
import { getProfile } from './profile';
import { onSitePersonIds } from '../people';
import { ruleLibrary } from '../rules/library';
import { workTypes } from '../../common/codes';
import { certificateStatus, currentWorkTypes, requiredCategories, uncertifiedCodes, workerWarnings } from './warnings';
import { contractsPage } from '../sync/contracts-page';

const notSuperseded = sql`not exists (select 1 from safety_assessments r where r.revision_of = ${safetyAssessments.id})`;

function hazardCounts(s: Services, projectIds: string[], today: string) {
  const open = and(inArray(rectifications.projectId, projectIds), eq(rectifications.sourceKind, HAZARD_SOURCE), sql`${rectifications.state} <> 'closed'`);
  const by = (where: ReturnType<typeof and>) => new Map(s.db.select({ projectId: rectifications.projectId, n: count() }).from(rectifications).where(where).groupBy(rectifications.projectId).all().map((r) => [r.projectId, r.n]));
  return {
    open: by(open),
    overdue: by(and(open, overdueCondition(today))),
    major: by(and(open, eq(rectifications.major, true))),
  };
}

/** Certificates not withdrawn, with where each stands today. */
function liveCertificates(s: Services, projectIds: string[], today: string) {
  return s.db.select({ c: workerCertificates, name: persons.name }).from(workerCertificates).innerJoin(persons, eq(persons.id, workerCertificates.personId))
    .where(and(inArray(workerCertificates.projectId, projectIds), isNull(workerCertificates.revokedAt))).all()
    .map((r) => ({ ...r, st: certificateStatus(r.c, today) }));
}

/** Expired ones that the same person has not replaced by a valid one of the same category. */
function unreplacedExpired<T extends { c: typeof workerCertificates.$inferSelect; st: ReturnType<typeof certificateStatus> }>(all: T[]): T[] {
  const valid = new Set(all.filter((x) => x.st.status === 'valid' || x.st.status === 'expiring').map((x) => `${x.c.personId}\u0000${x.c.system}\u0000${x.c.category}`));
  return all.filter((x) => (x.st.status === 'expired' || x.st.status === 'review_due') && !valid.has(`${x.c.personId}\u0000${x.c.system}\u0000${x.c.category}`));
}

/** Workers on site today whose 工种 (their 派工's) needs a certificate they do not validly hold. */
function uncertifiedOnSite(s: Services, projectId: string, today: string): SafetyOverview['uncertified'] {
  const onSite = [...onSitePersonIds(s, projectId)];
  const trades = currentWorkTypes(s.db, onSite, today);
  const special = onSite.filter((id) => requiredCategories(trades.get(id) ?? '').length > 0);
  if (special.length === 0) return [];
  const names = new Map(s.db.select({ id: persons.id, name: persons.name }).from(persons).where(inArray(persons.id, special)).all().map((p) => [p.id, p.name]));
  const warnings = workerWarnings(s.db, projectId, special, { date: today });
  return special.flatMap((id) => {
    const w = (warnings.get(id) ?? []).find((x) => uncertifiedCodes.has(x.code));
    return w ? [{ personId: id, personName: names.get(id) ?? '', workTypeName: workTypes[trades.get(id)!] ?? '', message: w.message }] : [];
  }).sort((a, b) => a.personName.localeCompare(b.personName, 'zh-CN'));
}

export function overview(s: Services, actor: ProjectActor): SafetyOverview {
  const today = siteDate(s.clock.now());
  const latest = s.db.select().from(safetyAssessments).where(and(eq(safetyAssessments.projectId, actor.projectId), notSuperseded))
    .orderBy(desc(safetyAssessments.checkedOn), desc(safetyAssessments.createdAt)).limit(1).get();
  const counts = hazardCounts(s, [actor.projectId], today);
  const certs = liveCertificates(s, [actor.projectId], today);
  const profile = getProfile(s, actor);
  return {
    date: today,
    latest: latest ? assessmentRow(s.db, latest) : null,
    openHazards: counts.open.get(actor.projectId) ?? 0,
    overdueHazards: counts.overdue.get(actor.projectId) ?? 0,
    majorOpen: counts.major.get(actor.projectId) ?? 0,
    expiring: certs.filter((x) => x.st.status === 'expiring').sort((a, b) => a.st.daysLeft - b.st.daysLeft)
      .map((x) => ({ certificateId: x.c.id, personId: x.c.personId, personName: x.name, category: x.c.category, expiresOn: x.c.expiresOn, daysLeft: x.st.daysLeft, band: x.st.band! })),
    expired: unreplacedExpired(certs).map((x) => ({ certificateId: x.c.id, personId: x.c.personId, personName: x.name, category: x.c.category, expiresOn: x.c.expiresOn })),
    warnDays: [...ruleLibrary().only('safety.special-work').data.warnDays].sort((a, b) => a - b),
    uncertified: uncertifiedOnSite(s, actor.projectId, today),
    staffing: { saved: profile.saved, floorArea: profile.floorArea, required: profile.requiredOfficers, counted: profile.countedOfficers, notes: profile.officerNotes },
    staffingWarning: profile.staffingWarning,
  };
}

/** 监督管理查询 › 安全生产标准化: per contract, what its bundles say. */
export function supervisionSafety(s: Services, input: ParsedInput<'supervision.safety'>): { rows: SupervisionSafetyRow[]; total: number } {
  const today = siteDate(s.clock.now());
  const { page, total } = contractsPage(s, input);
  const ids = page.map((p) => p.id);
  if (ids.length === 0) return { rows: [], total };
  const latest = new Map<string, typeof safetyAssessments.$inferSelect>();
  for (const a of s.db.select().from(safetyAssessments).where(and(inArray(safetyAssessments.projectId, ids), notSuperseded, sql`${safetyAssessments.state} <> 'draft'`))
    .orderBy(desc(safetyAssessments.checkedOn), desc(safetyAssessments.createdAt)).all()) {
    if (!latest.has(a.projectId)) latest.set(a.projectId, a);
  }
  const counts = hazardCounts(s, ids, today);
  const expired = new Map<string, number>();
  for (const x of unreplacedExpired(liveCertificates(s, ids, today))) expired.set(x.c.projectId, (expired.get(x.c.projectId) ?? 0) + 1);
  return {
    total,
    rows: page.map((p) => {
      const a = latest.get(p.id);
      return {
        projectId: p.id, contractNo: p.contractNo, name: p.name, supervisionStation: p.supervisionStation,
        latestPeriod: a?.period ?? null, latestKind: a ? assessmentKindLabels[a.kind] : null, latestTotal: a?.result?.totalText ?? null,
        latestGrade: a?.result?.grade ?? null, latestState: a ? assessmentStateLabels[a.state] : null,
        openHazards: counts.open.get(p.id) ?? 0, overdueHazards: counts.overdue.get(p.id) ?? 0, expiredCertificates: expired.get(p.id) ?? 0,
      };
    }),
  };
}


