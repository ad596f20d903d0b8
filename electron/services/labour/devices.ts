// 设备管理: the project's gates and face terminals, each known by its serial number, with its 进/出
// direction; when each was last heard from, how far its clock is off, and the receivers' log.
import { and, count, desc, eq, sql } from 'drizzle-orm';
import { attendanceDevices, attendanceDeviceStatus, gateRequests } from '../../../db/schema';
import { ApiError } from '../../common/errors';
import { addDays, siteDate } from '../../common/site-time';
import type { DeviceView } from '../../common/contract-labour';
import type { ParsedInput } from '../../common/contract';
import { isoNow, type ProjectActor, type Services } from '../context';
import { newId } from '../ids';
import { authorOf, recordChange, type ChangeAuthor } from '../outbox';

function punchesToday(s: Services, deviceId: string): number {
  const today = siteDate(s.clock.now());
  return (s.sqlite.prepare('select count(*) from attendance_punches where device_id = ? and punched_at >= ? and punched_at < ?')
    .pluck().get(deviceId, `${today} 00:00:00`, `${addDays(today, 1)} 00:00:00`) as number);
}

function toView(s: Services, d: typeof attendanceDevices.$inferSelect, st: typeof attendanceDeviceStatus.$inferSelect | null): DeviceView {
  return {
    id: d.id, vendor: d.vendor, serial: d.serial, direction: d.direction, name: d.name, location: d.location, disabled: d.disabledAt !== null,
    lastSeenAt: st?.lastSeenAt ?? null, lastPushAt: st?.lastPushAt ?? null, clockOffsetSec: st?.clockOffsetSec ?? null, punchesToday: punchesToday(s, d.id),
  };
}

export function listDevices(s: Services, actor: ProjectActor): DeviceView[] {
  return s.db.select({ d: attendanceDevices, st: attendanceDeviceStatus }).from(attendanceDevices)
    .leftJoin(attendanceDeviceStatus, eq(attendanceDeviceStatus.deviceId, attendanceDevices.id))
    .where(eq(attendanceDevices.projectId, actor.projectId)).orderBy(attendanceDevices.createdAt).all()
    .map((r) => toView(s, r.d, r.st));
}

function getDevice(s: Services, actor: ProjectActor, deviceId: string): DeviceView {
  const r = s.db.select({ d: attendanceDevices, st: attendanceDeviceStatus }).from(attendanceDevices)
    .leftJoin(attendanceDeviceStatus, eq(attendanceDeviceStatus.deviceId, attendanceDevices.id))
    .where(and(eq(attendanceDevices.id, deviceId), eq(attendanceDevices.projectId, actor.projectId))).get();
  if (!r) throw new ApiError('NOT_FOUND', '未找到该设备');
  return toView(s, r.d, r.st);
}

/** Registers a device; `author` lets the command line add one without a signed-in user. */
export function addDevice(s: Services, projectId: string, author: ChangeAuthor, createdBy: string, input: ParsedInput<'devices.create'>): typeof attendanceDevices.$inferSelect {
  const row = { id: newId(), projectId, ...input, createdAt: author.at, createdBy, disabledAt: null };
  s.db.transaction((tx) => {
    const taken = tx.select().from(attendanceDevices).where(eq(attendanceDevices.serial, input.serial)).get();
    if (taken) {
      throw new ApiError('CONFLICT', taken.projectId === projectId ? `序列号 ${input.serial} 的设备已登记` : `序列号 ${input.serial} 的设备已登记在其他项目,请先在那里停用`, [{ path: 'serial', message: '该设备已登记' }]);
    }
    tx.insert(attendanceDevices).values(row).run();
    recordChange(tx, author, 'attendance_devices', row.id, 'insert', row);
  });
  return row;
}

export function createDevice(s: Services, actor: ProjectActor, input: ParsedInput<'devices.create'>): DeviceView {
  const row = addDevice(s, actor.projectId, authorOf(actor, isoNow(s.clock)), actor.userId, input);
  return getDevice(s, actor, row.id);
}

export function updateDevice(s: Services, actor: ProjectActor, input: ParsedInput<'devices.update'>): DeviceView {
  const at = isoNow(s.clock);
  s.db.transaction((tx) => {
    const before = tx.select().from(attendanceDevices).where(and(eq(attendanceDevices.id, input.deviceId), eq(attendanceDevices.projectId, actor.projectId))).get();
    if (!before) throw new ApiError('NOT_FOUND', '未找到该设备');
    const change = { direction: input.direction, name: input.name, location: input.location, disabledAt: input.disabled ? before.disabledAt ?? at : null };
    tx.update(attendanceDevices).set(change).where(eq(attendanceDevices.id, before.id)).run();
    recordChange(tx, authorOf(actor, at), 'attendance_devices', before.id, 'update', { ...before, ...change }, before);
  });
  return getDevice(s, actor, input.deviceId);
}

/**
 * The receivers' log for this project: its devices' pushes, and refusals of serials nobody
 * registered (those belong to no project yet: every project's managers see them, to register them).
 */
export function listGateRequests(s: Services, actor: ProjectActor, input: ParsedInput<'devices.requests'>) {
  const where = input.deviceId
    ? and(eq(gateRequests.deviceId, input.deviceId), eq(gateRequests.projectId, actor.projectId))
    : sql`(${gateRequests.projectId} = ${actor.projectId} or ${gateRequests.projectId} is null)`;
  const total = s.db.select({ n: count() }).from(gateRequests).where(where).get()?.n ?? 0;
  const rows = s.db.select().from(gateRequests).where(where).orderBy(desc(gateRequests.id)).limit(input.pageSize).offset((input.page - 1) * input.pageSize).all();
  return { rows: rows.map(({ deviceId: _d, projectId: _p, bodySha256: _h, bodyBytes: _b, ...r }) => r), total };
}
