// 监理月报: one per month from the 质量安全报监 to 竣工验收合格. Drafted by the 监理 from the other
// modules' figures (figures.ts), edited section by section, signed by the 总监 only (the role says
// so at the door and the position again here), then queued to send: to the 建设单位 (who signs for
// it), the 监理单位, and the 监督机构 through the sync bundles (delivered once the central side has
// acknowledged the change). A signed report never changes: a correction is a new revision. A month
// past its due day without a signed report is a gap.
import { and, desc, eq, max } from 'drizzle-orm';
import { changes, supervisionMonthlyReports, syncSiteState } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { ApiError } from '../../common/errors';
import { siteDate } from '../../common/site-time';
import type { MonthlyFigures, MonthlyView, MonthRow } from '../../common/contract-supervision-reports';
import type { ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { newId } from '../ids';
import { partiesProfile } from '../parties/profile';
import { pendingSignatures, positionToSign, sign, signaturesOf, signatureView } from '../parties/signatures';
import { readEdition } from '../rules/editions';
import { inTransaction, type WriteContext } from '../write-context';
import { draftSections, monthlyFigures } from './figures';
import { currentReportRules, monthlyDueOn, monthsBetween, reportRulesInUse } from './rules';

type Monthly = typeof supervisionMonthlyReports.$inferSelect;
export const MONTHLY_RECORD = 'monthly_report';
export const RECEIPT_RECORD = 'monthly_receipt';
const stateLabels = { draft: '草稿', signed: '总监已签字', queued: '已提交报送' } as const;

function latestOf(db: Db, projectId: string, period: string): Monthly | undefined {
  return db.select().from(supervisionMonthlyReports).where(and(eq(supervisionMonthlyReports.projectId, projectId), eq(supervisionMonthlyReports.period, period)))
    .orderBy(desc(supervisionMonthlyReports.revision)).limit(1).get();
}

function reportOf(db: Db, projectId: string, id: string): Monthly {
  const r = db.select().from(supervisionMonthlyReports).where(and(eq(supervisionMonthlyReports.id, id), eq(supervisionMonthlyReports.projectId, projectId))).get();
  if (!r) throw new ApiError('NOT_FOUND', '未找到该监理月报');
  return r;
}

/** Whether the central side has acknowledged every change of this row (its bundle arrived). */
function deliveredToCentral(db: Db, id: string): boolean {
  const last = db.select({ seq: max(changes.seq) }).from(changes).where(and(eq(changes.tableName, 'supervision_monthly_reports'), eq(changes.rowId, id))).get()?.seq;
  const acked = db.select({ seq: syncSiteState.ackedSeq }).from(syncSiteState).get()?.seq ?? 0;
  return last !== null && last !== undefined && last <= acked;
}

export function monthlyView(s: Services, actor: ProjectActor, r: Monthly): MonthlyView {
  const rules = readEdition(s.db, r.reportEditionId, 'supervision.reports').data;
  const signed = signaturesOf(s.db, MONTHLY_RECORD, [r.id]).get(r.id) ?? [];
  const receipt = signaturesOf(s.db, RECEIPT_RECORD, [r.id]).get(r.id) ?? [];
  const newest = latestOf(s.db, actor.projectId, r.period)!;
  const queued = r.state === 'queued';
  return {
    id: r.id, period: r.period, revision: r.revision, revisionReason: r.revisionReason, state: r.state, stateLabel: stateLabels[r.state],
    figures: r.figures as MonthlyFigures, figuresAt: r.figuresAt,
    sections: rules.sections.map((x) => ({ key: x.key, title: x.title, hint: x.hint, text: r.sections.find((y) => y.key === x.key)?.text ?? '' })),
    signedOn: r.signedOn, queuedAt: r.queuedAt, dueOn: monthlyDueOn(r.period, rules.monthlyDueDay),
    signatures: [...signed, ...receipt].map(signatureView),
    pending: r.state === 'draft' ? pendingSignatures(s.db, actor.projectId, actor, ['chief_supervisor'], signed, siteDate(s.clock.now())) : [],
    delivery: rules.recipients.map((recipient) => {
      if (recipient === '建设单位') return { recipient, done: receipt.length > 0, note: receipt[0] ? `${receipt[0].signerName} ${receipt[0].signedOn} 签收` : queued ? '待建设单位签收' : '' };
      if (recipient === '监督机构') {
        const done = queued && deliveredToCentral(s.db, r.id);
        return { recipient, done, note: done ? '同步包已被中心确认接收' : queued ? '随下一个同步包报送' : '' };
      }
      return { recipient, done: queued, note: queued ? '随月报存档,导出PDF报送' : '' };
    }),
    superseded: newest.id !== r.id,
  };
}

export function getMonthly(s: Services, actor: ProjectActor, period: string): MonthlyView | null {
  const r = latestOf(s.db, actor.projectId, period);
  return r ? monthlyView(s, actor, r) : null;
}

/** The months a 月报 is due for, and where each stands; a past month without a signed report is a gap. */
export function monthRows(db: Db, projectId: string, today: string): { filedOn: string | null; completedOn: string | null; dueDay: number; rows: MonthRow[] } {
  const profile = partiesProfile(db, projectId);
  const dueDay = currentReportRules(db, projectId).data.monthlyDueDay;
  const current = today.slice(0, 7);
  const reports = db.select().from(supervisionMonthlyReports).where(eq(supervisionMonthlyReports.projectId, projectId)).all();
  const first = profile.filedOn?.slice(0, 7) ?? reports.map((r) => r.period).sort()[0] ?? current;
  const last = profile.completedOn && profile.completedOn.slice(0, 7) < current ? profile.completedOn.slice(0, 7) : current;
  const rows = monthsBetween(first, last).reverse().map((period): MonthRow => {
    const r = reports.filter((x) => x.period === period).sort((a, b) => b.revision - a.revision)[0];
    const dueOn = monthlyDueOn(period, dueDay);
    let status: MonthRow['status'];
    if (r && r.state !== 'draft') status = r.state;
    else if (period === current) status = 'open';
    else if (today <= dueOn) status = 'due';
    else status = 'gap';
    const labels = { none: '', open: '本月(月末后编制)', due: `待报送(${dueOn} 前)`, gap: r ? '缺报(草稿未签字)' : '缺报', draft: '草稿', signed: '总监已签字,未提交', queued: '已提交报送' };
    return { period, dueOn, status, statusLabel: labels[status], reportId: r?.id ?? null, revision: r?.revision ?? null };
  });
  return { filedOn: profile.filedOn, completedOn: profile.completedOn, dueDay, rows };
}

function update(ctx: WriteContext, before: Monthly, changes: Partial<Monthly>): Monthly {
  const after = { ...before, ...changes, updatedAt: ctx.author.at };
  ctx.db.update(supervisionMonthlyReports).set({ ...changes, updatedAt: ctx.author.at }).where(eq(supervisionMonthlyReports.id, before.id)).run();
  ctx.recorder.change(ctx.author, 'supervision_monthly_reports', before.id, 'update', after, before);
  return after;
}

/** Drafts the month (a new draft, or the figures drawn again on the draft there is). */
export function draftMonthly(s: Services, actor: ProjectActor, input: ParsedInput<'supervisionReports.draftMonthly'>): MonthlyView {
  const id = inTransaction(s, actor, (ctx) => {
    if (input.period > ctx.today.slice(0, 7)) throw new ApiError('VALIDATION', '不能编制未来月份的月报', [{ path: 'period', message: '月份无效' }]);
    const figures = monthlyFigures(ctx.db, actor.projectId, input.period, ctx.today);
    const existing = latestOf(ctx.db, actor.projectId, input.period);
    if (existing && existing.state === 'draft') return update(ctx, existing, { figures, figuresAt: ctx.author.at }).id;
    if (existing) throw new ApiError('CONFLICT', `${input.period} 的月报已签字;如需更正请修订`);
    const rules = reportRulesInUse(ctx);
    const row: Monthly = {
      id: newId(), projectId: actor.projectId, period: input.period, revision: 1, revisionOf: null, revisionReason: '', state: 'draft',
      figures, figuresAt: ctx.author.at, sections: draftSections(figures, rules.data.sections), reportEditionId: rules.id, signedOn: null, queuedAt: null,
      createdAt: ctx.author.at, createdBy: actor.userId, updatedAt: ctx.author.at,
    };
    ctx.db.insert(supervisionMonthlyReports).values(row).run();
    ctx.recorder.change(ctx.author, 'supervision_monthly_reports', row.id, 'insert', row);
    return row.id;
  });
  return monthlyView(s, actor, reportOf(s.db, actor.projectId, id));
}

export function saveMonthly(s: Services, actor: ProjectActor, input: ParsedInput<'supervisionReports.saveMonthly'>): MonthlyView {
  const r = inTransaction(s, actor, (ctx) => {
    const before = reportOf(ctx.db, actor.projectId, input.id);
    if (before.state !== 'draft') throw new ApiError('CONFLICT', '已签字的月报不能修改;如需更正请修订');
    const known = new Set(readEdition(ctx.db, before.reportEditionId, 'supervision.reports').data.sections.map((x) => x.key));
    const unknown = input.sections.find((x) => !known.has(x.key));
    if (unknown) throw new ApiError('VALIDATION', `月报没有“${unknown.key}”一节`);
    const sections = before.sections.map((x) => ({ ...x, text: input.sections.find((y) => y.key === x.key)?.text ?? x.text }));
    return update(ctx, before, { sections });
  });
  return monthlyView(s, actor, r);
}

/** Only the 总监 signs: the contract admits only that role, and the signature needs the position. */
export function signMonthly(s: Services, actor: ProjectActor, input: ParsedInput<'supervisionReports.signMonthly'>): MonthlyView {
  const r = inTransaction(s, actor, (ctx) => {
    const before = reportOf(ctx.db, actor.projectId, input.id);
    if (before.state !== 'draft') throw new ApiError('CONFLICT', '该月报已签字');
    if (input.signedOn < `${before.period}-01`) throw new ApiError('VALIDATION', `签字日期不能早于 ${before.period} 月初`, [{ path: 'signedOn', message: '日期无效' }]);
    const position = positionToSign(ctx.db, actor, MONTHLY_RECORD, [], input.signedOn);
    sign(ctx, { recordKind: MONTHLY_RECORD, recordId: before.id, position, signedOn: input.signedOn, verdict: '签发', opinion: '' });
    return update(ctx, before, { state: 'signed', signedOn: input.signedOn });
  });
  return monthlyView(s, actor, r);
}

export function queueMonthly(s: Services, actor: ProjectActor, input: ParsedInput<'supervisionReports.queueMonthly'>): MonthlyView {
  const r = inTransaction(s, actor, (ctx) => {
    const before = reportOf(ctx.db, actor.projectId, input.id);
    if (before.state !== 'signed') throw new ApiError('CONFLICT', before.state === 'draft' ? '月报须先经总监签字' : '该月报已提交报送');
    return update(ctx, before, { state: 'queued', queuedAt: ctx.author.at });
  });
  return monthlyView(s, actor, r);
}

export function receiveMonthly(s: Services, actor: ProjectActor, input: ParsedInput<'supervisionReports.receiveMonthly'>): MonthlyView {
  inTransaction(s, actor, (ctx) => {
    const r = reportOf(ctx.db, actor.projectId, input.id);
    if (r.state !== 'queued') throw new ApiError('CONFLICT', '该月报尚未提交报送');
    const signed = signaturesOf(ctx.db, RECEIPT_RECORD, [r.id]).get(r.id) ?? [];
    const position = positionToSign(ctx.db, actor, RECEIPT_RECORD, signed, input.signedOn);
    sign(ctx, { recordKind: RECEIPT_RECORD, recordId: r.id, position, signedOn: input.signedOn, verdict: '签收', opinion: '' });
  });
  return monthlyView(s, actor, reportOf(s.db, actor.projectId, input.id));
}

export function reviseMonthly(s: Services, actor: ProjectActor, input: ParsedInput<'supervisionReports.reviseMonthly'>): MonthlyView {
  const id = inTransaction(s, actor, (ctx) => {
    const old = reportOf(ctx.db, actor.projectId, input.id);
    if (old.state === 'draft') throw new ApiError('CONFLICT', '草稿可直接修改,无需修订');
    if (latestOf(ctx.db, actor.projectId, old.period)!.id !== old.id) throw new ApiError('CONFLICT', '该月报已有修订版,请在最新版本上修订');
    const row: Monthly = {
      ...old, id: newId(), revision: old.revision + 1, revisionOf: old.id, revisionReason: input.reason, state: 'draft', signedOn: null, queuedAt: null,
      createdAt: ctx.author.at, createdBy: actor.userId, updatedAt: ctx.author.at,
    };
    ctx.db.insert(supervisionMonthlyReports).values(row).run();
    ctx.recorder.change(ctx.author, 'supervision_monthly_reports', row.id, 'insert', row);
    return row.id;
  });
  return monthlyView(s, actor, reportOf(s.db, actor.projectId, id));
}
