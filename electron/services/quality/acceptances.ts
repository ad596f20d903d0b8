// 分项 and 分部 工程质量验收: opened by the first signature once its order rule allows (every lot of
// the 分项 accepted; every 分项 of the 分部), signed by the positions of the acceptance edition — for
// a 分部 those of its code too (勘察 and 设计 for 地基与基础, 设计 for 主体结构 and 建筑节能, recorded
// from paper by the 项目负责人 or the 总监) — the deciding one (专业监理工程师 / 总监) last, when the
// order rule is checked again.
import { and, eq } from 'drizzle-orm';
import { qualityAcceptances } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { ApiError } from '../../common/errors';
import { siteDate } from '../../common/site-time';
import { positionLabels, positions, type Position } from '../../common/parties/positions';
import type { AcceptanceRules } from '../../common/rules/quality';
import type { AcceptanceView } from '../../common/contract-quality';
import type { ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { newId } from '../ids';
import { pendingSignatures, positionAmong, sign, signaturesOf, signatureView } from '../parties/signatures';
import { inTransaction } from '../write-context';
import { divisionParts, subitemParts } from './order';
import { acceptanceEdition, acceptanceInUse, currentAcceptance, currentDivisions, divisionName, placeOf } from './rules';
import { unitOf } from './units';

type Acceptance = typeof qualityAcceptances.$inferSelect;
export const ACCEPTANCE_RECORD = 'acceptance';

/** The positions that sign a 分项 or a 分部 of `code`, the deciding one last. */
export function acceptanceSigners(rules: AcceptanceRules, level: 'subitem' | 'division', code: string): Position[] {
  if (level === 'subitem') return [...rules.signatures.subitem];
  const base = [...rules.signatures.division];
  const deciding = base.pop()!;
  const extra = rules.signatures.divisionExtra.find((x) => x.division === code)?.positions ?? [];
  return [...base, ...extra.filter((p) => !base.includes(p)), deciding];
}

function rowOf(db: Db, unitId: string, level: 'subitem' | 'division', code: string): Acceptance | undefined {
  return db.select().from(qualityAcceptances).where(and(eq(qualityAcceptances.unitId, unitId), eq(qualityAcceptances.level, level), eq(qualityAcceptances.code, code))).get();
}

function partsOf(db: Db, unitId: string, level: 'subitem' | 'division', code: string) {
  if (level === 'subitem') {
    const { rows, blockers } = subitemParts(db, unitId, code);
    return { parts: rows.map((r) => ({ id: r.id, name: r.name, part: r.part, result: r.statusLabel, accepted: r.status === 'accepted' })), blockers };
  }
  const { subitems, blockers } = divisionParts(db, unitId, code);
  return { parts: subitems.map((x) => ({ id: x.code, name: x.name, part: '', result: x.accepted ? '验收合格' : '未验收', accepted: x.accepted })), blockers };
}

export function acceptanceView(s: Services, actor: ProjectActor, unitId: string, level: 'subitem' | 'division', code: string): AcceptanceView {
  const unit = unitOf(s.db, actor.projectId, unitId);
  const row = rowOf(s.db, unitId, level, code);
  const divisions = currentDivisions(s.db, actor.projectId).data;
  const place = level === 'subitem' ? placeOf(divisions, code) : null;
  const rules = row ? acceptanceEdition(s.db, row.acceptanceEditionId).data : currentAcceptance(s.db, actor.projectId).data;
  const signed = row ? signaturesOf(s.db, ACCEPTANCE_RECORD, [row.id]).get(row.id) ?? [] : [];
  const { parts, blockers } = partsOf(s.db, unitId, level, code);
  const state = row?.state ?? 'none';
  return {
    id: row?.id ?? null, unitId, unitName: unit.name, level, code,
    name: row?.name ?? (level === 'subitem' ? place?.subitem.name ?? code : divisionName(divisions, code)),
    divisionName: level === 'subitem' ? place?.division.name ?? '' : divisionName(divisions, code),
    state, stateLabel: state === 'accepted' ? '验收合格' : state === 'draft' ? '验收签字中' : blockers.length > 0 ? '未具备验收条件' : '可以验收',
    blockers: state === 'accepted' ? [] : blockers, parts,
    signers: acceptanceSigners(rules, level, code).map((p) => ({ position: p, positionLabel: positionLabels[p] })),
    signatures: signed.map(signatureView),
    pending: state === 'accepted' ? [] : pendingSignatures(s.db, actor.projectId, actor, acceptanceSigners(rules, level, code), signed, siteDate(s.clock.now())),
  };
}

export function signAcceptance(s: Services, actor: ProjectActor, input: ParsedInput<'quality.signAcceptance'>): AcceptanceView {
  inTransaction(s, actor, (ctx) => {
    unitOf(ctx.db, actor.projectId, input.unitId);
    let row = rowOf(ctx.db, input.unitId, input.level, input.code);
    if (row?.state === 'accepted') throw new ApiError('CONFLICT', `该${input.level === 'subitem' ? '分项' : '分部'}工程已验收合格`);
    const { parts, blockers } = partsOf(ctx.db, input.unitId, input.level, input.code);
    // The order rule: a 分项 waits for all its 检验批, a 分部 for all its 分项 — at the first signature and at the last.
    if (blockers.length > 0) throw new ApiError('CONFLICT', `不能验收:${blockers.join(';')}`);
    if (!row) {
      const edition = acceptanceInUse(ctx);
      const divisions = currentDivisions(ctx.db, actor.projectId).data;
      const name = input.level === 'subitem' ? placeOf(divisions, input.code)?.subitem.name : divisionName(divisions, input.code);
      if (!name) throw new ApiError('VALIDATION', '分项编码无效');
      row = {
        id: newId(), projectId: actor.projectId, unitId: input.unitId, level: input.level, code: input.code, name, state: 'draft', acceptanceEditionId: edition.id,
        summary: parts.map((p) => ({ id: p.id, name: p.name, part: p.part, result: p.result })), createdAt: ctx.author.at, createdBy: actor.userId, updatedAt: ctx.author.at,
      };
      ctx.db.insert(qualityAcceptances).values(row).run();
      ctx.recorder.change(ctx.author, 'quality_acceptances', row.id, 'insert', row);
    }
    const signers = acceptanceSigners(acceptanceEdition(ctx.db, row.acceptanceEditionId).data, input.level, input.code);
    const deciding = signers[signers.length - 1]!;
    const signed = signaturesOf(ctx.db, ACCEPTANCE_RECORD, [row.id]).get(row.id) ?? [];
    let position: Position;
    if (input.external) {
      if (!signers.includes(input.external.position) || positions[input.external.position].heldBy !== 'external') throw new ApiError('VALIDATION', `本验收记录不须${positionLabels[input.external.position]}签字`);
      if (actor.role !== 'manager' && actor.role !== 'chief_supervisor') throw new ApiError('FORBIDDEN', '外单位人员的签字由项目负责人或总监理工程师录入');
      position = input.external.position;
    } else {
      position = positionAmong(ctx.db, actor, signers.filter((p) => positions[p].heldBy !== 'external').map((p) => [p]), signed, input.signedOn);
    }
    if (position === deciding) {
      const missing = signers.slice(0, -1).filter((p) => !signed.some((g) => g.position === p));
      if (missing.length > 0) throw new ApiError('CONFLICT', `须先由${missing.map((p) => positionLabels[p]).join('、')}签字`);
    }
    sign(ctx, {
      recordKind: ACCEPTANCE_RECORD, recordId: row.id, position, signedOn: input.signedOn, verdict: position === deciding ? '合格' : '同意验收', opinion: input.opinion,
      externalAppointmentId: input.external?.appointmentId ?? null,
    });
    const changes = position === deciding
      ? { state: 'accepted' as const, summary: parts.map((p) => ({ id: p.id, name: p.name, part: p.part, result: p.result })), updatedAt: ctx.author.at }
      : { updatedAt: ctx.author.at };
    ctx.db.update(qualityAcceptances).set(changes).where(eq(qualityAcceptances.id, row.id)).run();
    ctx.recorder.change(ctx.author, 'quality_acceptances', row.id, 'update', { ...row, ...changes }, row);
  });
  return acceptanceView(s, actor, input.unitId, input.level, input.code);
}
