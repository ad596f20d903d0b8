// 隐蔽工程验收记录: one or more lots covered up, checked by the 项目专业质量检查员 and accepted (or
// not) by the 专业监理工程师, who signs last. A lot of a covered 分项 waits for an accepted one.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { qualityConcealed, qualityConcealedLots, qualityLots, qualityUnits } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { ApiError } from '../../common/errors';
import { siteDate } from '../../common/site-time';
import { concealedStateLabels } from '../../common/quality/labels';
import { recordSigners } from '../../common/parties/signers';
import type { ConcealedView } from '../../common/contract-quality';
import type { ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { newId } from '../ids';
import { pendingSignatures, positionToSign, sign, signaturesOf, signatureView } from '../parties/signatures';
import { inTransaction } from '../write-context';
import { unitOf } from './units';

type Concealed = typeof qualityConcealed.$inferSelect;
export const CONCEALED_RECORD = 'concealed';

function views(s: Services, actor: ProjectActor, rows: Concealed[]): ConcealedView[] {
  if (rows.length === 0) return [];
  const ids = rows.map((c) => c.id);
  const lots = s.db.select({ concealedId: qualityConcealedLots.concealedId, id: qualityLots.id, name: qualityLots.name, part: qualityLots.part }).from(qualityConcealedLots)
    .innerJoin(qualityLots, eq(qualityLots.id, qualityConcealedLots.lotId)).where(inArray(qualityConcealedLots.concealedId, ids)).all();
  const units = new Map(s.db.select().from(qualityUnits).where(inArray(qualityUnits.id, rows.map((c) => c.unitId))).all().map((u) => [u.id, u.name]));
  const signed = signaturesOf(s.db, CONCEALED_RECORD, ids);
  const today = siteDate(s.clock.now());
  return rows.map((c) => {
    const mine = signed.get(c.id) ?? [];
    return {
      id: c.id, unitId: c.unitId, unitName: units.get(c.unitId) ?? '', part: c.part, content: c.content, checkedOn: c.checkedOn, state: c.state, stateLabel: concealedStateLabels[c.state],
      lots: lots.filter((l) => l.concealedId === c.id).map(({ concealedId: _c, ...l }) => l),
      signatures: mine.map(signatureView),
      pending: c.state === 'draft' ? pendingSignatures(s.db, actor.projectId, actor, recordSigners.concealed.map((slot) => slot[0]), mine, today) : [],
    };
  });
}

export function concealedOf(db: Db, projectId: string, id: string): Concealed {
  const c = db.select().from(qualityConcealed).where(and(eq(qualityConcealed.id, id), eq(qualityConcealed.projectId, projectId))).get();
  if (!c) throw new ApiError('NOT_FOUND', '未找到该隐蔽工程验收记录');
  return c;
}

export function concealedView(s: Services, actor: ProjectActor, id: string): ConcealedView {
  return views(s, actor, [concealedOf(s.db, actor.projectId, id)])[0]!;
}

export function listConcealed(s: Services, actor: ProjectActor, input: ParsedInput<'quality.concealedList'>): ConcealedView[] {
  const rows = s.db.select().from(qualityConcealed).where(and(eq(qualityConcealed.projectId, actor.projectId), input.unitId ? eq(qualityConcealed.unitId, input.unitId) : undefined))
    .orderBy(desc(qualityConcealed.checkedOn), asc(qualityConcealed.createdAt)).all();
  return views(s, actor, rows);
}

export function addConcealed(s: Services, actor: ProjectActor, input: ParsedInput<'quality.addConcealed'>): ConcealedView {
  const id = inTransaction(s, actor, (ctx) => {
    unitOf(ctx.db, actor.projectId, input.unitId);
    if (input.checkedOn > ctx.today) throw new ApiError('VALIDATION', `检查日期不能晚于今天(${ctx.today})`, [{ path: 'checkedOn', message: '不能晚于今天' }]);
    const lotIds = [...new Set(input.lotIds)];
    const lots = ctx.db.select().from(qualityLots).where(and(eq(qualityLots.unitId, input.unitId), inArray(qualityLots.id, lotIds))).all();
    if (lots.length !== lotIds.length) throw new ApiError('NOT_FOUND', '所选检验批不在该单位工程中', [{ path: 'lotIds', message: '请重新选择' }]);
    const row: Concealed = { id: newId(), projectId: actor.projectId, unitId: input.unitId, part: input.part, content: input.content, checkedOn: input.checkedOn, state: 'draft', createdAt: ctx.author.at, createdBy: actor.userId };
    ctx.db.insert(qualityConcealed).values(row).run();
    ctx.recorder.change(ctx.author, 'quality_concealed', row.id, 'insert', row);
    for (const lotId of lotIds) {
      const link = { id: newId(), projectId: actor.projectId, concealedId: row.id, lotId };
      ctx.db.insert(qualityConcealedLots).values(link).run();
      ctx.recorder.change(ctx.author, 'quality_concealed_lots', link.id, 'insert', link);
    }
    return row.id;
  });
  return concealedView(s, actor, id);
}

export function signConcealed(s: Services, actor: ProjectActor, input: ParsedInput<'quality.signConcealed'>): ConcealedView {
  inTransaction(s, actor, (ctx) => {
    const c = concealedOf(ctx.db, actor.projectId, input.id);
    if (c.state !== 'draft') throw new ApiError('CONFLICT', `该隐蔽工程验收${concealedStateLabels[c.state]},签字已完成`);
    if (input.signedOn < c.checkedOn) throw new ApiError('VALIDATION', `签字日期不能早于检查日期(${c.checkedOn})`, [{ path: 'signedOn', message: '不能早于检查日期' }]);
    const signed = signaturesOf(ctx.db, CONCEALED_RECORD, [c.id]).get(c.id) ?? [];
    const position = positionToSign(ctx.db, actor, CONCEALED_RECORD, signed, input.signedOn);
    const deciding = position === 'supervision_engineer';
    if (deciding && !signed.some((g) => g.position === 'quality_inspector')) throw new ApiError('CONFLICT', '须先由项目专业质量检查员签认检查结果');
    if (deciding && !input.verdict) throw new ApiError('VALIDATION', '请选择验收结论', [{ path: 'verdict', message: '请选择合格或不合格' }]);
    sign(ctx, { recordKind: CONCEALED_RECORD, recordId: c.id, position, signedOn: input.signedOn, verdict: deciding ? (input.verdict === 'pass' ? '合格' : '不合格') : '符合要求', opinion: input.opinion });
    if (deciding) {
      const state = input.verdict === 'pass' ? 'accepted' as const : 'rejected' as const;
      ctx.db.update(qualityConcealed).set({ state }).where(eq(qualityConcealed.id, c.id)).run();
      ctx.recorder.change(ctx.author, 'quality_concealed', c.id, 'update', { ...c, state }, c);
    }
  });
  return concealedView(s, actor, input.id);
}
