// 旁站记录: a 关键部位 or 关键工序 watched from start to end by the 监理员 or 专业监理工程师 on duty,
// who signs it as they enter it; a concrete pour's record names the pour.
import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { materialPours, supervisionSideRecords } from '../../../db/schema';
import { ApiError } from '../../common/errors';
import type { SideRecordView } from '../../common/contract-supervision-reports';
import type { ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { newId } from '../ids';
import { pourLabel } from '../materials/samples';
import { positionToSign, sign, signaturesOf, signatureView } from '../parties/signatures';
import { inTransaction } from '../write-context';

type SideRecord = typeof supervisionSideRecords.$inferSelect;
export const SIDE_RECORD = 'side_record';

export function sideRecordViews(s: Services, rows: SideRecord[]): SideRecordView[] {
  const pours = new Map(s.db.select().from(materialPours).where(inArray(materialPours.id, rows.map((r) => r.pourId).filter((x): x is string => !!x))).all().map((p) => [p.id, p]));
  const signed = signaturesOf(s.db, SIDE_RECORD, rows.map((r) => r.id));
  return rows.map(({ projectId: _p, createdAt: _c, createdBy: _b, pourId, ...r }) => ({ ...r, pourLabel: pourId && pours.get(pourId) ? pourLabel(pours.get(pourId)!) : '', signatures: (signed.get(r.id) ?? []).map(signatureView) }));
}

export function listSideRecords(s: Services, actor: ProjectActor, input: ParsedInput<'supervisionReports.sideRecords'>) {
  const where = and(eq(supervisionSideRecords.projectId, actor.projectId), input.month ? sql`substr(${supervisionSideRecords.recordedOn}, 1, 7) = ${input.month}` : undefined);
  const total = s.db.select({ n: count() }).from(supervisionSideRecords).where(where).get()?.n ?? 0;
  const rows = s.db.select().from(supervisionSideRecords).where(where).orderBy(desc(supervisionSideRecords.recordedOn), desc(supervisionSideRecords.startTime)).limit(input.pageSize).offset((input.page - 1) * input.pageSize).all();
  return { rows: sideRecordViews(s, rows), total };
}

export function addSideRecord(s: Services, actor: ProjectActor, input: ParsedInput<'supervisionReports.addSideRecord'>): SideRecordView {
  if (input.endTime <= input.startTime) throw new ApiError('VALIDATION', '旁站结束时间应晚于开始时间', [{ path: 'endTime', message: '应晚于开始时间' }]);
  const row = inTransaction(s, actor, (ctx) => {
    if (input.recordedOn > ctx.today) throw new ApiError('VALIDATION', `旁站日期不能晚于今天(${ctx.today})`, [{ path: 'recordedOn', message: '不能晚于今天' }]);
    if (input.pourId && !ctx.db.select().from(materialPours).where(and(eq(materialPours.id, input.pourId), eq(materialPours.projectId, actor.projectId))).get()) throw new ApiError('NOT_FOUND', '未找到该浇筑记录');
    const position = positionToSign(ctx.db, actor, SIDE_RECORD, [], input.recordedOn);
    const r: SideRecord = { id: newId(), projectId: actor.projectId, ...input, createdAt: ctx.author.at, createdBy: actor.userId };
    ctx.db.insert(supervisionSideRecords).values(r).run();
    ctx.recorder.change(ctx.author, 'supervision_side_records', r.id, 'insert', r);
    sign(ctx, { recordKind: SIDE_RECORD, recordId: r.id, position, signedOn: input.recordedOn, verdict: '', opinion: '' });
    return r;
  });
  return sideRecordViews(s, [row])[0]!;
}
