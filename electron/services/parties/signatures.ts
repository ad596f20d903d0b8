// Signatures on the records of 建材管理, 质量标准化 and 监理报告 (db record_signatures): a person signs
// in a position only while holding it (holdings.ts), at most once per record, and never in two
// positions of the same record; the position is stored as it was. An external person's signature
// (勘察, 设计) on paper is recorded by an account, naming the appointment.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { recordSignatures } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { ApiError } from '../../common/errors';
import { positionLabels, positions, type Position } from '../../common/parties/positions';
import type { PendingSignature, SignatureView } from '../../common/contract-parties';
import { recordSigners, type SignedRecordKind } from '../../common/parties/signers';
import { newId } from '../ids';
import type { WriteContext } from '../write-context';
import { activeAppointment, holdingsOf, requireHolding } from './holdings';

export type SignatureRow = typeof recordSignatures.$inferSelect;

export interface SignInput {
  recordKind: string;
  recordId: string;
  position: Position;
  signedOn: string;
  verdict: string;
  opinion: string;
  /** For an external position: the appointment of the person whose signature is recorded. */
  externalAppointmentId?: string | null;
}

export function signaturesOf(db: Db, recordKind: string, recordIds: string[]): Map<string, SignatureRow[]> {
  const map = new Map<string, SignatureRow[]>();
  if (recordIds.length === 0) return map;
  const rows = db.select().from(recordSignatures).where(and(eq(recordSignatures.recordKind, recordKind), inArray(recordSignatures.recordId, recordIds)))
    .orderBy(asc(recordSignatures.createdAt), asc(recordSignatures.id)).all();
  for (const r of rows) map.set(r.recordId, [...(map.get(r.recordId) ?? []), r]);
  return map;
}

export function signatureView(r: SignatureRow): SignatureView {
  return {
    id: r.id, position: r.position, positionLabel: r.positionLabel, signerName: r.signerName, signedOn: r.signedOn, verdict: r.verdict, opinion: r.opinion,
    recordedByName: r.userId === r.recordedBy ? '' : r.recordedByName, external: r.userId === null,
  };
}

/** Signs a record in the caller's transaction; the caller has checked the record's own rules (order, state). */
export function sign(ctx: WriteContext, input: SignInput): SignatureRow {
  const { db, actor } = ctx;
  const label = positionLabels[input.position];
  if (input.signedOn > ctx.today) throw new ApiError('VALIDATION', `签字日期不能晚于今天(${ctx.today})`, [{ path: 'signedOn', message: '不能晚于今天' }]);
  const existing = signaturesOf(db, input.recordKind, [input.recordId]).get(input.recordId) ?? [];
  if (existing.some((g) => g.position === input.position)) throw new ApiError('CONFLICT', `本记录已有${label}签字`);
  let signer: { name: string; userId: string | null; appointmentId: string | null };
  if (positions[input.position].heldBy === 'external') {
    if (!input.externalAppointmentId) throw new ApiError('VALIDATION', `请选择签字的${label}`, [{ path: 'externalAppointmentId', message: `请选择${label}` }]);
    const a = activeAppointment(db, actor.projectId, input.externalAppointmentId, input.position, input.signedOn);
    signer = { name: a.name, userId: null, appointmentId: a.id };
  } else {
    const holding = requireHolding(db, actor.projectId, actor, input.position, input.signedOn);
    signer = { name: actor.name, userId: actor.userId, appointmentId: holding.appointmentId };
  }
  const same = existing.find((g) => (signer.userId !== null && g.userId === signer.userId) || (signer.appointmentId !== null && g.appointmentId === signer.appointmentId));
  if (same) throw new ApiError('CONFLICT', `${signer.name}已在本记录上以${same.positionLabel}签字,同一人不能再以${label}签字`);
  const row: SignatureRow = {
    id: newId(), projectId: actor.projectId, recordKind: input.recordKind, recordId: input.recordId, position: input.position, positionLabel: label,
    signerName: signer.name, userId: signer.userId, appointmentId: signer.appointmentId, recordedBy: actor.userId, recordedByName: actor.name,
    signedOn: input.signedOn, verdict: input.verdict, opinion: input.opinion, createdAt: ctx.author.at,
  };
  db.insert(recordSignatures).values(row).run();
  ctx.recorder.change(ctx.author, 'record_signatures', row.id, 'insert', row);
  return row;
}

/** The positions of `required` a record has no signature for yet, and whether the caller could give each today. */
export function pendingSignatures(db: Db, projectId: string, actor: { userId: string; role: Parameters<typeof holdingsOf>[2]['role']; name: string }, required: readonly Position[], signed: SignatureRow[], today: string): PendingSignature[] {
  const mine = new Set(holdingsOf(db, projectId, actor, today).map((h) => h.position));
  const signedBySelf = signed.some((g) => g.userId === actor.userId);
  return required.filter((p) => !signed.some((g) => g.position === p)).map((p) => {
    const external = positions[p].heldBy === 'external';
    return { position: p, positionLabel: positionLabels[p], mine: external ? false : mine.has(p) && !signedBySelf, external };
  });
}

/**
 * The position the caller signs in: the first of the next unsigned signatures' positions the caller
 * holds (each signature may be given in any one of its positions). Refused, naming the positions,
 * when the caller holds none of them.
 */
export function positionAmong(db: Db, actor: WriteContext['actor'], slots: readonly (readonly Position[])[], signed: SignatureRow[], on: string): Position {
  const held = new Set(holdingsOf(db, actor.projectId, actor, on).map((h) => h.position));
  const open = slots.filter((slot) => !signed.some((g) => slot.includes(g.position)));
  if (open.length === 0) throw new ApiError('CONFLICT', '本记录的签字已齐全');
  for (const slot of open) {
    const p = slot.find((x) => held.has(x) && positions[x].heldBy !== 'external');
    if (p) return p;
  }
  const wanted = open.map((slot) => slot.map((p) => positionLabels[p]).join('或')).join('、');
  throw new ApiError('FORBIDDEN', `${actor.name}不具有${wanted}岗位,不能签署本记录`);
}

/** The same, for a record kind of common/parties/signers.ts. */
export function positionToSign(db: Db, actor: WriteContext['actor'], kind: SignedRecordKind, signed: SignatureRow[], on: string): Position {
  return positionAmong(db, actor, recordSigners[kind], signed, on);
}
