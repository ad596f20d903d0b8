// Appointments to the positions whose holders sign: a 施工 account as 项目技术负责人, 质量检查员,
// 专业工长, 取样人 …; a 监理 or 建设 account as 见证人 with its written 授权书; an external 勘察 or
// 设计 person. Never deleted: revoked with a date and a reason, so old signatures keep their ground.
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { appointments, attachments, userProjects, users } from '../../../db/schema';
import { ApiError } from '../../common/errors';
import { siteDate } from '../../common/site-time';
import { roleLabels } from '../../common/codes';
import { partyOfRole, positionLabels, positions } from '../../common/parties/positions';
import type { AppointmentView, PartiesView } from '../../common/contract-parties';
import type { ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { newId } from '../ids';
import { attachFiles, storeFiles } from '../rectification/loop';
import { inTransaction } from '../write-context';
import { listAccounts } from './accounts';
import { holdingsOf, type AppointmentRow } from './holdings';
import { partiesProfile } from './profile';

function views(s: Services, rows: AppointmentRow[]): AppointmentView[] {
  const ids = rows.map((r) => r.id);
  const files = new Map(ids.length === 0 ? [] : s.db.select().from(attachments)
    .where(and(eq(attachments.purpose, 'authorization'), inArray(attachments.ownerId, ids), isNull(attachments.deletedAt))).all()
    .map((f) => [f.ownerId, { id: f.id, fileName: f.fileName, mime: f.mime, size: f.size, sha256: f.sha256, createdAt: f.createdAt }]));
  return rows.map((a) => ({
    id: a.id, position: a.position, positionLabel: positionLabels[a.position], name: a.name, organization: a.organization, phone: a.phone,
    userId: a.userId, external: a.userId === null, validFrom: a.validFrom, revokedOn: a.revokedOn, revokedReason: a.revokedReason,
    authorization: files.get(a.id) ?? null,
  }));
}

export function partiesView(s: Services, actor: ProjectActor): PartiesView {
  const rows = s.db.select().from(appointments).where(eq(appointments.projectId, actor.projectId)).orderBy(asc(appointments.position), asc(appointments.createdAt)).all();
  return {
    profile: partiesProfile(s.db, actor.projectId),
    accounts: listAccounts(s, actor.projectId),
    appointments: views(s, rows),
    mine: holdingsOf(s.db, actor.projectId, actor, siteDate(s.clock.now())),
  };
}

/** The 项目负责人 appoints to any appointed position; the 总监 its staff as 见证人, and external 勘察 / 设计 persons. */
function mayAppoint(actor: ProjectActor, position: keyof typeof positions, holderRole: string | null): boolean {
  if (actor.role === 'manager') return true;
  if (actor.role !== 'chief_supervisor') return false;
  if (positions[position].heldBy === 'external') return true;
  return position === 'witness' && holderRole !== null && partyOfRole(holderRole as never) === 'supervision';
}

export function appoint(s: Services, actor: ProjectActor, input: ParsedInput<'parties.appoint'>): AppointmentView {
  const rule = positions[input.position];
  const label = positionLabels[input.position];
  if (rule.heldBy === 'role') throw new ApiError('VALIDATION', `${label}由账号的角色决定,无须任命:请在“账号”中开设${label}账号`);
  let holder: { userId: string | null; name: string; organization: string; phone: string; role: string | null };
  const profile = partiesProfile(s.db, actor.projectId);
  if (rule.heldBy === 'external') {
    if (!input.external || input.userId) throw new ApiError('VALIDATION', `${label}是外单位人员,请填写姓名和单位`, [{ path: 'external', message: '请填写姓名和单位' }]);
    holder = { userId: null, ...input.external, role: null };
  } else {
    if (!input.userId) throw new ApiError('VALIDATION', `请选择任命为${label}的账号`, [{ path: 'userId', message: '请选择账号' }]);
    const user = s.db.select({ u: users }).from(users).innerJoin(userProjects, and(eq(userProjects.userId, users.id), eq(userProjects.projectId, actor.projectId)))
      .where(eq(users.id, input.userId)).get()?.u;
    if (!user) throw new ApiError('NOT_FOUND', '未找到该账号:须是本项目的账号');
    if (!rule.accountRoles.includes(user.role)) throw new ApiError('VALIDATION', `${roleLabels[user.role]}账号不能任命为${label}`, [{ path: 'userId', message: `${label}须是${rule.accountRoles.map((r) => roleLabels[r]).join('、')}` }]);
    const party = partyOfRole(user.role);
    const organization = party === 'supervision' ? profile.supervisorName : party === 'owner' ? profile.ownerName : profile.constructionName;
    holder = { userId: user.id, name: user.name, organization, phone: user.phone, role: user.role };
  }
  if (!mayAppoint(actor, input.position, holder.role)) throw new ApiError('FORBIDDEN', `${roleLabels[actor.role]}不能任命${label}`);
  if (rule.needsAuthorization && !input.authorization) throw new ApiError('VALIDATION', `${label}须上传书面授权书`, [{ path: 'authorization', message: '请上传授权书' }]);
  const stored = input.authorization ? storeFiles(s, [input.authorization], ['application/pdf', 'image/jpeg', 'image/png'], '授权书') : [];
  const id = inTransaction(s, actor, (ctx) => {
    if (input.validFrom > ctx.today) throw new ApiError('VALIDATION', `任命日期不能晚于今天(${ctx.today})`, [{ path: 'validFrom', message: '不能晚于今天' }]);
    const twin = ctx.db.select().from(appointments).where(and(eq(appointments.projectId, actor.projectId), eq(appointments.position, input.position), isNull(appointments.revokedOn),
      holder.userId ? eq(appointments.userId, holder.userId) : and(isNull(appointments.userId), eq(appointments.name, holder.name)))).get();
    if (twin) throw new ApiError('CONFLICT', `${holder.name}已是本项目的${label}`);
    const row: AppointmentRow = {
      id: newId(), projectId: actor.projectId, position: input.position, userId: holder.userId, name: holder.name, organization: holder.organization,
      employerId: null, phone: holder.phone, validFrom: input.validFrom, revokedOn: null, revokedReason: null, createdAt: ctx.author.at, createdBy: actor.userId,
    };
    ctx.db.insert(appointments).values(row).run();
    ctx.recorder.change(ctx.author, 'appointments', row.id, 'insert', row);
    attachFiles(ctx, 'authorization', row.id, stored);
    return row.id;
  });
  return views(s, [s.db.select().from(appointments).where(eq(appointments.id, id)).get()!])[0]!;
}

export function revoke(s: Services, actor: ProjectActor, input: ParsedInput<'parties.revoke'>): AppointmentView {
  inTransaction(s, actor, (ctx) => {
    const row = ctx.db.select().from(appointments).where(and(eq(appointments.id, input.id), eq(appointments.projectId, actor.projectId))).get();
    if (!row) throw new ApiError('NOT_FOUND', '未找到该任命');
    const holderRole = row.userId ? ctx.db.select({ role: users.role }).from(users).where(eq(users.id, row.userId)).get()?.role ?? null : null;
    if (!mayAppoint(actor, row.position, holderRole)) throw new ApiError('FORBIDDEN', `${roleLabels[actor.role]}不能撤销${positionLabels[row.position]}的任命`);
    if (row.revokedOn) throw new ApiError('CONFLICT', '该任命已撤销');
    if (input.revokedOn < row.validFrom) throw new ApiError('VALIDATION', `撤销日期不能早于任命日期(${row.validFrom})`);
    const changes = { revokedOn: input.revokedOn, revokedReason: input.reason };
    ctx.db.update(appointments).set(changes).where(eq(appointments.id, row.id)).run();
    ctx.recorder.change(ctx.author, 'appointments', row.id, 'update', { ...row, ...changes }, row);
  });
  return views(s, [s.db.select().from(appointments).where(eq(appointments.id, input.id)).get()!])[0]!;
}
