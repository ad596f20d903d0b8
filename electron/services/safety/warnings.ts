// What a worker lacks on a date, as the labour flow asks at 派工, 进场 and on the attendance lists
// and the today board shows: a 特种作业 工种 without a valid certificate (none, expired, past its
// 复审), a certificate expiring within 90 / 60 / 30 days, no passed 三级安全教育 of the project's
// hours, no re-training after a change of trade or a return to work. Plain functions over the rows;
// the rules' numbers come from rules/safety/*.json and the project's 设置.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { dispatches, entries, persons, safetyTrainings, workerCertificates, workers } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { workTypes } from '../../common/codes';
import { certificateStatusLabels, trainingLevelLabels, type CertificateStatus } from '../../common/safety/labels';
import { trainingLevels, type SpecialWork, type TrainingHours } from '../../common/rules/safety';
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
export function requiredCategories(workType: string): SpecialWork['categories'] {
  if (!workType) return [];
  return ruleLibrary().only('safety.special-work').data.categories.filter((c) => c.workTypes.includes(workType));
}

/** The warnings that mean a worker holds no valid certificate for the 特种作业 of their 工种. */
export const uncertifiedCodes: ReadonlySet<WorkerWarning['code']> = new Set(['certificate_missing', 'certificate_expired', 'certificate_review_due']);

/** A person's 派工 and 进退场 history from the labour register (issue 17). */
interface LabourHistory {
  /** The register's current 工种 (hire, or the last 派工); '' for a person never hired. */
  workType: string;
  /** 派工登记, oldest first; endedOn is exclusive. */
  dispatches: { workType: string; dispatchedOn: string; endedOn: string | null }[];
  /** 进场登记 / 退场登记, oldest first. */
  entries: { workType: string; enteredOn: string; exitedOn: string | null }[];
}

function labourHistories(db: Db, personIds: string[]): Map<string, LabourHistory> {
  const out = new Map<string, LabourHistory>(personIds.map((id) => [id, { workType: '', dispatches: [], entries: [] }]));
  if (personIds.length === 0) return out;
  const registered = db.select({ id: workers.id, personId: workers.personId, workType: workers.workType }).from(workers).where(inArray(workers.personId, personIds)).all();
  const personOfWorker = new Map(registered.map((w) => [w.id, w.personId]));
  for (const w of registered) out.get(w.personId)!.workType = w.workType;
  if (registered.length > 0) {
    for (const d of db.select({ workerId: dispatches.workerId, workType: dispatches.workType, dispatchedOn: dispatches.dispatchedOn, endedOn: dispatches.endedOn }).from(dispatches)
      .where(inArray(dispatches.workerId, registered.map((w) => w.id))).orderBy(asc(dispatches.dispatchedOn), asc(dispatches.createdAt)).all()) {
      out.get(personOfWorker.get(d.workerId)!)!.dispatches.push({ workType: d.workType, dispatchedOn: d.dispatchedOn, endedOn: d.endedOn });
    }
  }
  for (const e of db.select({ personId: entries.personId, workType: entries.workType, enteredOn: entries.enteredOn, exitedOn: entries.exitedOn }).from(entries)
    .where(inArray(entries.personId, personIds)).orderBy(asc(entries.enteredOn), asc(entries.createdAt)).all()) {
    out.get(e.personId)!.entries.push(e);
  }
  return out;
}

/** The 派工 in force on `date` (dispatchedOn <= date < endedOn), if any. */
function dispatchOn(h: LabourHistory, date: string) {
  return h.dispatches.filter((d) => d.dispatchedOn <= date && (d.endedOn === null || d.endedOn > date)).at(-1);
}

/**
 * The 工种 a worker has on `date`: the 派工 in force that day (labour's 派工登记), else the
 * register's current one (hired, or back from the last dispatch), else, for a person of the
 * epidemic-era register who was never hired, the latest 进场登记's.
 */
function workTypeOn(h: LabourHistory, date: string): string {
  return dispatchOn(h, date)?.workType || h.workType || h.entries.filter((e) => e.enteredOn <= date).at(-1)?.workType || h.entries.at(-1)?.workType || '';
}

export function currentWorkTypes(db: Db, personIds: string[], date: string): Map<string, string> {
  return new Map([...labourHistories(db, personIds)].map(([id, h]) => [id, workTypeOn(h, date)]));
}

/**
 * The 退场 a worker comes back from on `date` (复工返岗): the last exit before the stint that is open
 * on that day (or that starts that day, at a 派工 or 进场), when the time away reached the rule's
 * returnAfterDays. null for a worker never away that long.
 */
function returnedAfterOn(h: LabourHistory, date: string, returnAfterDays: number): string | null {
  const stint = h.entries.find((e) => e.enteredOn <= date && (e.exitedOn === null || e.exitedOn >= date));
  const start = stint?.enteredOn ?? date;
  const lastExit = h.entries.filter((e) => e !== stint).map((e) => e.exitedOn).filter((x): x is string => x !== null && x <= start).sort().at(-1);
  return lastExit && daysBetween(lastExit, start) >= returnAfterDays ? lastExit : null;
}

/**
 * The trade a worker changes from when they work as `workType` on `date`: the 工种 of the last
 * 派工 before the current one that was in another trade, with the day that one started; else (no
 * dispatch history) the last trade they were trained for.
 */
function previousTrade(h: LabourHistory, trainings: Training[], workType: string, date: string): { workType: string; since: string } | null {
  const current = dispatchOn(h, date);
  const stintStart = current && current.workType === workType ? current.dispatchedOn : date;
  const before = h.dispatches.filter((d) => d.dispatchedOn < stintStart && d.workType !== workType).at(-1);
  if (before) return { workType: before.workType, since: before.dispatchedOn };
  const trained = trainings.filter((t) => t.passed && t.workType !== '' && t.trainedOn <= date).sort((a, b) => a.trainedOn.localeCompare(b.trainedOn)).at(-1);
  return trained && trained.workType !== workType ? { workType: trained.workType, since: trained.trainedOn } : null;
}

export interface WarningOptions {
  /** The site date asked about. */
  date: string;
  /** The 工种 being assigned (派工); otherwise each worker's on that date. */
  workType?: string;
  /** The worker returns to work after this date (复工返岗); otherwise read from the 退场 history. */
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

function trainingWarnings(workType: string, trainings: Training[], hours: TrainingHours, history: LabourHistory, returnedAfter: string | null, date: string): WorkerWarning[] {
  const out: WorkerWarning[] = [];
  const done = trainings.filter((t) => t.trainedOn <= date);
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
  // Trained and working in one trade, now in another: it needs its own training (变换工种), either
  // one for the new 工种 or one given for the change after the old trade began.
  const previous = workType ? previousTrade(history, done, workType, date) : null;
  if (previous && !done.some((t) => t.passed && (t.workType === workType || (t.reason === 'trade_change' && t.trainedOn >= previous.since)))) {
    out.push({ code: 'training_after_trade_change', level: 'warning', message: `变换工种(${workTypes[previous.workType] ?? previous.workType} → ${workTypes[workType] ?? workType})后未重新进行安全教育` });
  }
  // Back after a long time away: any passed training after the 退场 will do (复工返岗).
  if (returnedAfter && !done.some((t) => t.passed && t.trainedOn >= returnedAfter)) {
    out.push({ code: 'training_after_return', level: 'warning', message: `复工返岗(${returnedAfter} 退场,离岗 ${daysBetween(returnedAfter, date)} 天)后未重新进行安全教育` });
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
  const histories = labourHistories(db, ids);
  const hours = trainingHoursOf(db, projectId);
  const returnAfterDays = ruleLibrary().only('safety.training').data.returnAfterDays;
  const rank = { danger: 0, warning: 1, notice: 2 } as const;
  for (const p of people) {
    const history = histories.get(p.id)!;
    const workType = options.workType ?? workTypeOn(history, options.date);
    const returnedAfter = options.returnedAfter ?? returnedAfterOn(history, options.date, returnAfterDays);
    const list = [
      ...certificateWarnings(workType, certs.filter((c) => c.personId === p.id), options.date),
      // 三级安全教育 is for 作业人员.
      ...(p.category === 'worker' ? trainingWarnings(workType, trainings.filter((t) => t.personId === p.id), hours, history, returnedAfter, options.date) : []),
    ];
    out.set(p.id, list.sort((a, b) => rank[a.level] - rank[b.level]));
  }
  return out;
}
