// What a worker lacks on a date, as the labour flow asks at 派工, 进场 and on the attendance lists
// and the today board shows: a 特种作业 工种 without a valid certificate (none, expired, past its
// 复审), a certificate expiring within 90 / 60 / 30 days, no passed 三级安全教育 of the project's
// hours, no re-training after a change of trade or a return to work. Plain functions over the rows;
// the rules' numbers come from rules/safety/*.json and the project's 设置.
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { entries, persons, safetyTrainings, workerCertificates } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { workTypes } from '../../common/codes';
import { certificateStatusLabels, trainingLevelLabels, type CertificateStatus } from '../../common/safety/labels';
import { trainingLevels, type TrainingHours } from '../../common/rules/safety';
import type { WorkerWarning } from '../../common/contract-safety';
import { ruleLibrary } from '../rules/library';
import { trainingHoursOf } from './profile';

type Certificate = typeof workerCertificates.$inferSelect;
type Training = typeof safetyTrainings.$inferSelect;

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);
}

/** Where a certificate stands on `date`; `band` is the warning band (90 / 60 / 30) it is in, else null. */
export function certificateStatus(c: Pick<Certificate, 'expiresOn' | 'issuedOn' | 'nextReviewOn' | 'revokedAt'>, date: string): { status: CertificateStatus; label: string; daysLeft: number; band: number | null } {
  const daysLeft = daysBetween(date, c.expiresOn);
  const bands = [...ruleLibrary().only('safety.special-work').data.warnDays].sort((a, b) => a - b);
  let status: CertificateStatus;
  if (c.revokedAt) status = 'revoked';
  else if (daysLeft < 0) status = 'expired';
  else if (c.nextReviewOn && c.nextReviewOn < date) status = 'review_due';
  else if (daysLeft <= bands[bands.length - 1]!) status = 'expiring';
  else status = 'valid';
  const band = status === 'expiring' ? bands.find((b) => daysLeft <= b)! : null;
  return { status, label: certificateStatusLabels[status], daysLeft, band };
}

/** The certificate categories a 工种 needs (rules/safety/special-work.json); none for an ordinary trade. */
export function requiredCategories(workType: string): { system: string; name: string }[] {
  if (!workType) return [];
  return ruleLibrary().only('safety.special-work').data.categories.filter((c) => c.workTypes.includes(workType));
}

/**
 * The worker's 工种 now: the open 进场登记's, else the latest one's. (The labour flow's 派工 passes
 * the 工种 being assigned instead.)
 */
export function currentWorkTypes(db: Db, personIds: string[]): Map<string, string> {
  if (personIds.length === 0) return new Map();
  const rows = db.select({ personId: entries.personId, workType: entries.workType, open: isNull(entries.exitedOn) }).from(entries)
    .where(inArray(entries.personId, personIds)).orderBy(desc(entries.enteredOn), desc(entries.createdAt)).all();
  const out = new Map<string, string>();
  for (const r of rows.filter((x) => x.open)) if (!out.has(r.personId)) out.set(r.personId, r.workType);
  for (const r of rows) if (!out.has(r.personId)) out.set(r.personId, r.workType);
  return out;
}

export interface WarningOptions {
  /** The site date asked about. */
  date: string;
  /** The 工种 being assigned (派工); otherwise each worker's current one. */
  workType?: string;
  /** The worker returns to work after this date (复工返岗): a 'return' training is needed on or after it. */
  returnedAfter?: string;
}

function certificateWarnings(workType: string, certs: Certificate[], date: string): WorkerWarning[] {
  const out: WorkerWarning[] = [];
  const required = requiredCategories(workType);
  const live = certs.filter((c) => !c.revokedAt && c.issuedOn <= date);
  if (required.length > 0) {
    const fits = live.filter((c) => required.some((r) => r.system === c.system && r.name === c.category));
    const valid = fits.filter((c) => ['valid', 'expiring'].includes(certificateStatus(c, date).status));
    const names = required.map((r) => r.name).join('或');
    if (valid.length === 0) {
      const latest = [...fits].sort((a, b) => b.expiresOn.localeCompare(a.expiresOn))[0];
      const trade = workTypes[workType] ?? workType;
      if (!latest) out.push({ code: 'certificate_missing', level: 'danger', message: `工种“${trade}”为特种作业,未登记${names}的有效操作资格证书` });
      else if (certificateStatus(latest, date).status === 'review_due') out.push({ code: 'certificate_review_due', level: 'danger', message: `${latest.category}证书(${latest.number})已过复审期(${latest.nextReviewOn}),不得从事${trade}作业` });
      else out.push({ code: 'certificate_expired', level: 'danger', message: `${latest.category}证书(${latest.number})已于 ${latest.expiresOn} 过期,不得从事${trade}作业` });
    }
  }
  for (const c of live) {
    const st = certificateStatus(c, date);
    if (st.status === 'expiring') {
      out.push({ code: 'certificate_expiring', level: st.daysLeft <= 30 ? 'warning' : 'notice', message: `${c.category}证书(${c.number})将于 ${c.expiresOn} 到期,还有 ${st.daysLeft} 天(${st.band} 天内),请在到期前办理延期复核` });
    }
  }
  return out;
}

function trainingWarnings(workType: string, trainings: Training[], hours: TrainingHours, options: WarningOptions): WorkerWarning[] {
  const out: WorkerWarning[] = [];
  const done = trainings.filter((t) => t.trainedOn <= options.date);
  const missing: string[] = [];
  for (const level of trainingLevels) {
    const ok = done.some((t) => t.level === level && t.passed && t.hours >= hours[level]);
    if (ok) continue;
    const short = done.filter((t) => t.level === level && t.passed).sort((a, b) => b.hours - a.hours)[0];
    missing.push(short ? `${trainingLevelLabels[level]}(${short.hours} 学时,应不少于 ${hours[level]})` : trainingLevelLabels[level]);
  }
  if (missing.length > 0) {
    const failed = done.some((t) => !t.passed) && !done.some((t) => t.passed);
    out.push(failed
      ? { code: 'training_failed', level: 'danger', message: `三级安全教育考核未通过,不得进场作业(缺:${missing.join('、')})` }
      : { code: 'training_missing', level: 'danger', message: `未完成三级安全教育,不得进场作业(缺:${missing.join('、')})` });
    return out;
  }
  // Trained for one trade, now in another: it needs its own training (变换工种).
  const trades = done.filter((t) => t.passed && t.workType !== '').sort((a, b) => a.trainedOn.localeCompare(b.trainedOn));
  const lastTrade = trades[trades.length - 1]?.workType;
  if (workType && lastTrade && lastTrade !== workType && !trades.some((t) => t.workType === workType)) {
    out.push({ code: 'training_after_trade_change', level: 'warning', message: `变换工种(${workTypes[lastTrade] ?? lastTrade} → ${workTypes[workType] ?? workType})后未重新进行安全教育` });
  }
  if (options.returnedAfter && !done.some((t) => t.passed && t.reason === 'return' && t.trainedOn >= options.returnedAfter!)) {
    out.push({ code: 'training_after_return', level: 'warning', message: `复工返岗(${options.returnedAfter} 后)未重新进行安全教育` });
  }
  return out;
}

/** Each worker's warnings on `options.date`, worst first. */
export function workerWarnings(db: Db, projectId: string, personIds: string[], options: WarningOptions): Map<string, WorkerWarning[]> {
  const ids = [...new Set(personIds)];
  const out = new Map<string, WorkerWarning[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const people = db.select({ id: persons.id, category: persons.category }).from(persons).where(and(eq(persons.projectId, projectId), inArray(persons.id, ids))).all();
  const certs = db.select().from(workerCertificates).where(and(eq(workerCertificates.projectId, projectId), inArray(workerCertificates.personId, ids))).all();
  const trainings = db.select().from(safetyTrainings).where(and(eq(safetyTrainings.projectId, projectId), inArray(safetyTrainings.personId, ids))).all();
  const trades = options.workType === undefined ? currentWorkTypes(db, ids) : null;
  const hours = trainingHoursOf(db, projectId);
  const rank = { danger: 0, warning: 1, notice: 2 } as const;
  for (const p of people) {
    const workType = options.workType ?? trades!.get(p.id) ?? '';
    const list = [
      ...certificateWarnings(workType, certs.filter((c) => c.personId === p.id), options.date),
      // 三级安全教育 is for 作业人员.
      ...(p.category === 'worker' ? trainingWarnings(workType, trainings.filter((t) => t.personId === p.id), hours, options) : []),
    ];
    out.set(p.id, list.sort((a, b) => rank[a.level] - rank[b.level]));
  }
  return out;
}
