// Who holds which position on a date: an account by its role (the 项目负责人, 总监 …), an account by
// an active appointment (质量检查员, 专业工长, 见证人 with a 授权书 on file …), or an external person
// (勘察 / 设计). One place answers "may this person sign as X", for every module that signs.
import { and, eq, inArray, isNull, lte, or, gt } from 'drizzle-orm';
import { appointments, attachments, userProjects, users } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { ApiError } from '../../common/errors';
import type { Role } from '../../common/codes';
import { positionLabels, positions, rolePosition, type Position } from '../../common/parties/positions';
import type { Holder } from '../../common/contract-parties';
import { partiesProfile } from './profile';

export type AppointmentRow = typeof appointments.$inferSelect;

/** The person behind a signature: the signed-in account (name, role) or nothing else. */
export interface Signer {
  userId: string;
  role: Role;
  name: string;
}

/** Active on `on`: from its first day, and not revoked on or before it. */
function activeOn(on: string) {
  return and(lte(appointments.validFrom, on), or(isNull(appointments.revokedOn), gt(appointments.revokedOn, on)))!;
}

/** Appointments that need a 授权书 count only with one on file. */
function withAuthorization(db: Db, rows: AppointmentRow[]): AppointmentRow[] {
  const needing = rows.filter((r) => positions[r.position].needsAuthorization).map((r) => r.id);
  if (needing.length === 0) return rows;
  const onFile = new Set(db.select({ ownerId: attachments.ownerId }).from(attachments)
    .where(and(eq(attachments.purpose, 'authorization'), inArray(attachments.ownerId, needing), isNull(attachments.deletedAt))).all().map((r) => r.ownerId));
  return rows.filter((r) => !positions[r.position].needsAuthorization || onFile.has(r.id));
}

function organizationOfRole(db: Db, projectId: string, role: Role, constructionName: string): string {
  const party = positions[rolePosition(role) ?? 'project_manager'].party;
  const profile = partiesProfile(db, projectId);
  if (party === 'supervision') return profile.supervisorName;
  if (party === 'owner') return profile.ownerName;
  return constructionName || profile.constructionName;
}

/** The positions the account holds on `on`. */
export function holdingsOf(db: Db, projectId: string, signer: Signer, on: string): Holder[] {
  const held: Holder[] = [];
  const byRole = rolePosition(signer.role);
  if (byRole) held.push({ position: byRole, positionLabel: positionLabels[byRole], name: signer.name, organization: organizationOfRole(db, projectId, signer.role, ''), userId: signer.userId, appointmentId: null });
  const rows = db.select().from(appointments).where(and(eq(appointments.projectId, projectId), eq(appointments.userId, signer.userId), activeOn(on))).all();
  for (const a of withAuthorization(db, rows)) {
    held.push({ position: a.position, positionLabel: positionLabels[a.position], name: a.name, organization: a.organization, userId: a.userId, appointmentId: a.id });
  }
  return held;
}

/** The holding a signature in `position` rests on, or a refusal naming what the signer lacks. */
export function requireHolding(db: Db, projectId: string, signer: Signer, position: Position, on: string): Holder {
  const holding = holdingsOf(db, projectId, signer, on).find((h) => h.position === position);
  if (holding) return holding;
  const label = positionLabels[position];
  const why = positions[position].needsAuthorization ? `(须经授权并将授权书存档)` : '';
  throw new ApiError('FORBIDDEN', `${signer.name}在 ${on} 不具有“${label}”岗位${why},不能以${label}身份签字`);
}

/** Everyone who may sign in `position` on `on`: accounts of the project by role or appointment, and external persons. */
export function holdersOf(db: Db, projectId: string, position: Position, on: string): Holder[] {
  const rule = positions[position];
  const label = positionLabels[position];
  if (rule.heldBy === 'role') {
    const accounts = db.select({ u: users }).from(users).innerJoin(userProjects, and(eq(userProjects.userId, users.id), eq(userProjects.projectId, projectId)))
      .where(and(inArray(users.role, [...rule.accountRoles]), eq(users.disabled, false))).orderBy(users.createdAt).all().map((r) => r.u);
    return accounts.map((u) => ({ position, positionLabel: label, name: u.name, organization: organizationOfRole(db, projectId, u.role, ''), userId: u.id, appointmentId: null }));
  }
  const rows = db.select().from(appointments).where(and(eq(appointments.projectId, projectId), eq(appointments.position, position), activeOn(on))).orderBy(appointments.createdAt).all();
  return withAuthorization(db, rows).map((a) => ({ position, positionLabel: label, name: a.name, organization: a.organization, userId: a.userId, appointmentId: a.id }));
}

/** An appointment of the project in `position`, active on `on` (with its 授权书 where one is needed). */
export function activeAppointment(db: Db, projectId: string, id: string, position: Position, on: string): AppointmentRow {
  const row = db.select().from(appointments).where(and(eq(appointments.id, id), eq(appointments.projectId, projectId))).get();
  const label = positionLabels[position];
  if (!row || row.position !== position) throw new ApiError('VALIDATION', `所选人员不是本项目登记的${label}`);
  if (row.validFrom > on || (row.revokedOn !== null && row.revokedOn <= on)) throw new ApiError('VALIDATION', `${row.name}在 ${on} 不是有效的${label}`);
  if (withAuthorization(db, [row]).length === 0) throw new ApiError('VALIDATION', `${row.name}的${label}授权书未存档,不能作为${label}`);
  return row;
}
