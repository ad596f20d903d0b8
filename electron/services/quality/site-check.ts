// 施工现场质量管理检查记录 (GB 50300 附录A): the items of the acceptance edition with what the
// 施工单位 has on file for each, signed by the 项目负责人 and then by the 总监, whose 检查结论 closes it.
import { desc, eq } from 'drizzle-orm';
import { qualitySiteChecks } from '../../../db/schema';
import { ApiError } from '../../common/errors';
import { siteDate } from '../../common/site-time';
import { recordSigners } from '../../common/parties/signers';
import type { SiteCheckView } from '../../common/contract-quality';
import type { ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { newId } from '../ids';
import { pendingSignatures, positionToSign, sign, signaturesOf, signatureView } from '../parties/signatures';
import { inTransaction } from '../write-context';
import { currentEditionView, editionView } from './editions-view';
import { ACCEPTANCE_KEY, acceptanceEdition, acceptanceInUse, currentAcceptance } from './rules';

type SiteCheck = typeof qualitySiteChecks.$inferSelect;
export const SITE_CHECK_RECORD = 'site_check';

function latest(s: Services, projectId: string): SiteCheck | undefined {
  return s.db.select().from(qualitySiteChecks).where(eq(qualitySiteChecks.projectId, projectId)).orderBy(desc(qualitySiteChecks.createdAt)).limit(1).get();
}

export function siteCheck(s: Services, actor: ProjectActor): SiteCheckView {
  const row = latest(s, actor.projectId);
  if (!row) {
    const current = currentAcceptance(s.db, actor.projectId);
    return {
      id: null, state: 'none', items: current.data.siteCheckItems.map((name, i) => ({ no: i + 1, name, content: '' })), conclusion: '', signatures: [],
      pending: pendingSignatures(s.db, actor.projectId, actor, recordSigners.site_check.map((x) => x[0]), [], siteDate(s.clock.now())), edition: currentEditionView(ACCEPTANCE_KEY, current),
    };
  }
  const signed = signaturesOf(s.db, SITE_CHECK_RECORD, [row.id]).get(row.id) ?? [];
  return {
    id: row.id, state: row.state, items: row.items, conclusion: row.conclusion, signatures: signed.map(signatureView),
    pending: row.state === 'draft' ? pendingSignatures(s.db, actor.projectId, actor, recordSigners.site_check.map((x) => x[0]), signed, siteDate(s.clock.now())) : [],
    edition: editionView(acceptanceEdition(s.db, row.editionId)),
  };
}

export function saveSiteCheck(s: Services, actor: ProjectActor, input: ParsedInput<'quality.saveSiteCheck'>): SiteCheckView {
  inTransaction(s, actor, (ctx) => {
    const row = latest(s, actor.projectId);
    const editable = row && row.state === 'draft' && (signaturesOf(ctx.db, SITE_CHECK_RECORD, [row.id]).get(row.id) ?? []).length === 0;
    const edition = editable ? acceptanceEdition(ctx.db, row.editionId) : acceptanceInUse(ctx);
    const items = edition.data.siteCheckItems.map((name, i) => ({ no: i + 1, name, content: input.items.find((x) => x.no === i + 1)?.content ?? '' }));
    if (editable) {
      const changes = { items, conclusion: input.conclusion, updatedAt: ctx.author.at };
      ctx.db.update(qualitySiteChecks).set(changes).where(eq(qualitySiteChecks.id, row.id)).run();
      ctx.recorder.change(ctx.author, 'quality_site_checks', row.id, 'update', { ...row, ...changes }, row);
      return;
    }
    // A signed record stays as signed: another check is a new record.
    const fresh: SiteCheck = { id: newId(), projectId: actor.projectId, editionId: edition.id, items, conclusion: input.conclusion, state: 'draft', createdAt: ctx.author.at, createdBy: actor.userId, updatedAt: ctx.author.at };
    ctx.db.insert(qualitySiteChecks).values(fresh).run();
    ctx.recorder.change(ctx.author, 'quality_site_checks', fresh.id, 'insert', fresh);
  });
  return siteCheck(s, actor);
}

export function signSiteCheck(s: Services, actor: ProjectActor, input: ParsedInput<'quality.signSiteCheck'>): SiteCheckView {
  inTransaction(s, actor, (ctx) => {
    const row = latest(s, actor.projectId);
    if (!row || row.state !== 'draft') throw new ApiError('CONFLICT', '没有待签字的施工现场质量管理检查记录');
    if (row.items.some((i) => !i.content)) throw new ApiError('CONFLICT', `检查项目“${row.items.find((i) => !i.content)!.name}”未填写`);
    const signed = signaturesOf(ctx.db, SITE_CHECK_RECORD, [row.id]).get(row.id) ?? [];
    const position = positionToSign(ctx.db, actor, SITE_CHECK_RECORD, signed, input.signedOn);
    if (position === 'chief_supervisor' && !signed.some((g) => g.position === 'project_manager')) throw new ApiError('CONFLICT', '须先由施工单位项目负责人签字');
    sign(ctx, { recordKind: SITE_CHECK_RECORD, recordId: row.id, position, signedOn: input.signedOn, verdict: position === 'chief_supervisor' ? '检查合格' : '', opinion: input.opinion });
    if (position === 'chief_supervisor') {
      const changes = { state: 'checked' as const, conclusion: input.opinion || row.conclusion, updatedAt: ctx.author.at };
      ctx.db.update(qualitySiteChecks).set(changes).where(eq(qualitySiteChecks.id, row.id)).run();
      ctx.recorder.change(ctx.author, 'quality_site_checks', row.id, 'update', { ...row, ...changes }, row);
    }
  });
  return siteCheck(s, actor);
}
