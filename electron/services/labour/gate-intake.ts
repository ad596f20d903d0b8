// Punches from the gates (the receivers in electron/server/gates/ parse each vendor's protocol and
// hand plain punches here). A push is answered only once its punches are durable: this resolves
// after the transaction that holds them has committed (synchronous = FULL). Pushes that arrive
// together share one transaction (group commit), so twenty gates pushing at once pay for one
// fsync, not twenty.
//
// A push from a serial 设备管理 does not know, or from a disabled device, is refused and logged.
import { and, eq, isNull } from 'drizzle-orm';
import { attendanceDevices, attendanceDeviceStatus, gateRequests } from '../../../db/schema';
import type { DeviceVendor } from '../../common/codes-labour';
import { siteDateTime } from '../../common/time';
import { isoNow, type Services } from '../context';
import { ChangeRecorder, type ChangeAuthor } from '../outbox';
import { siteMs } from './interpret';
import { matchWorker, sha256Hex, storePunch } from './punch-store';

export interface GatePunch {
  /** The device's person id (PIN, employeeNoString, personId). */
  personRef: string;
  /** Site time YYYY-MM-DD HH:mm:ss, from the device's clock. */
  punchedAt: string;
  verifyMode: string;
  /** The record as the device sent it (compacted: no picture). */
  payload: string;
  pictureSha256?: string | null;
}

export interface GatePush {
  vendor: DeviceVendor;
  serial: string;
  path: string;
  remote: string;
  body: Buffer;
  punches: GatePunch[];
  /** Records of the push that could not be read, reported and not kept. */
  rejected: { record: number; reason: string }[];
  /** Records that are not punches (a door event, a stranger): answered, not kept. */
  ignored: number;
}

export interface GateOutcome {
  status: 'accepted' | 'partial' | 'refused' | 'ignored';
  accepted: number;
  duplicates: number;
  unmatched: number;
  rejected: number;
  message: string;
}

export type DeviceRecord = typeof attendanceDevices.$inferSelect;

/** A device's clock more than this off the PC's is flagged (labour.md). */
export const CLOCK_TOLERANCE_SEC = 5 * 60;
/**
 * A push of at most this many punches, from a device in unbroken contact (a poll or a push at least
 * every CONTACT_GAP_MS) for LIVE_AFTER_MS already, is live: what it sends happened just now. A device
 * that has just come back sends its backlog first, which says nothing of its clock.
 */
const LIVE_PUNCHES = 5;
const CONTACT_GAP_MS = 2 * 60_000;
const LIVE_AFTER_MS = 5 * 60_000;
/** The same refusal of the same serial is logged at most once in this time (a gate polls every few seconds). */
const REFUSAL_LOG_MS = 60_000;

const SYSTEM = (at: string, projectId: string): ChangeAuthor => ({ at, actorId: null, actorName: '闸机', projectId });

export function deviceBySerial(s: Services, serial: string): DeviceRecord | undefined {
  return s.db.select().from(attendanceDevices).where(eq(attendanceDevices.serial, serial)).get();
}

interface Pending {
  push: GatePush;
  device: DeviceRecord;
  receivedAt: string;
  /** The device had been in unbroken contact long enough before this push for it to be live. */
  inContact: boolean;
  resolve(outcome: GateOutcome): void;
  reject(e: unknown): void;
}

interface IntakeState {
  queue: Pending[];
  scheduled: boolean;
  lastRefusal: Map<string, number>;
  lastSeenWritten: Map<string, number>;
  /** Per device, in this process: its last contact, and since when contact has been unbroken. */
  contact: Map<string, { last: number; since: number }>;
}

const states = new WeakMap<Services, IntakeState>();

function stateOf(s: Services): IntakeState {
  let st = states.get(s);
  if (!st) {
    st = { queue: [], scheduled: false, lastRefusal: new Map(), lastSeenWritten: new Map(), contact: new Map() };
    states.set(s, st);
  }
  return st;
}

/** The registered, enabled device of this serial and vendor; or why the push is refused. */
export function admit(s: Services, vendor: DeviceVendor, serial: string): { device: DeviceRecord } | { refusal: string } {
  if (!serial) return { refusal: '请求中没有设备序列号' };
  const device = deviceBySerial(s, serial);
  if (!device) return { refusal: `设备序列号 ${serial} 未在设备管理中登记,已拒绝` };
  if (device.vendor !== vendor) return { refusal: `设备 ${serial} 登记为其他厂商的设备,已拒绝` };
  if (device.disabledAt) return { refusal: `设备 ${serial} 已停用,已拒绝` };
  return { device };
}

/** Logs a refused request (throttled per serial and reason). */
export function logRefusal(s: Services, request: { vendor: string; serial: string; path: string; remote: string; body: Buffer }, message: string, device?: DeviceRecord): void {
  const st = stateOf(s);
  const key = `${request.vendor}\u0000${request.serial}\u0000${message}`;
  const now = s.clock.now().getTime();
  if (now - (st.lastRefusal.get(key) ?? 0) < REFUSAL_LOG_MS) return;
  st.lastRefusal.set(key, now);
  s.db.insert(gateRequests).values({
    at: isoNow(s.clock), vendor: request.vendor, serial: request.serial.slice(0, 64), deviceId: device?.id ?? null, projectId: device?.projectId ?? null,
    path: request.path.slice(0, 200), remote: request.remote, status: 'refused', message, bodySha256: sha256Hex(request.body), bodyBytes: request.body.length,
  }).run();
}

/**
 * A device was heard from (a poll, a handshake): 设备管理 shows it as online. Written at most once
 * a minute per device: a gate polls every few seconds, and each write is an fsync.
 */
export function noteSeen(s: Services, device: DeviceRecord): void {
  const st = stateOf(s);
  const now = s.clock.now().getTime();
  touch(st, device.id, now);
  if (now - (st.lastSeenWritten.get(device.id) ?? 0) < 60_000) return;
  st.lastSeenWritten.set(device.id, now);
  const at = isoNow(s.clock);
  s.db.insert(attendanceDeviceStatus).values({ deviceId: device.id, lastSeenAt: at })
    .onConflictDoUpdate({ target: attendanceDeviceStatus.deviceId, set: { lastSeenAt: at } }).run();
}

/** Records a contact; true when contact had been unbroken for LIVE_AFTER_MS before it. */
function touch(st: IntakeState, deviceId: string, now: number): boolean {
  const c = st.contact.get(deviceId);
  const unbroken = c !== undefined && now - c.last <= CONTACT_GAP_MS;
  const since = unbroken ? c.since : now;
  st.contact.set(deviceId, { last: now, since });
  return unbroken && now - since >= LIVE_AFTER_MS;
}

/** Resolves once the push's punches are committed (or rejects: the device should send them again). */
export function receivePush(s: Services, device: DeviceRecord, push: GatePush): Promise<GateOutcome> {
  const st = stateOf(s);
  const inContact = touch(st, device.id, s.clock.now().getTime());
  return new Promise((resolve, reject) => {
    st.queue.push({ push, device, receivedAt: isoNow(s.clock), inContact, resolve, reject });
    if (!st.scheduled) {
      st.scheduled = true;
      // Whatever else arrived while this turn of the event loop ran joins the same transaction.
      setImmediate(() => flush(s, st));
    }
  });
}

function flush(s: Services, st: IntakeState): void {
  st.scheduled = false;
  const batch = st.queue.splice(0);
  if (batch.length === 0) return;
  let outcomes: GateOutcome[];
  try {
    outcomes = s.db.transaction((tx) => {
      const recorder = new ChangeRecorder(tx);
      return batch.map((p) => write(s, recorder, p));
    }, { behavior: 'immediate' });
  } catch (e) {
    for (const p of batch) p.reject(e);
    return;
  }
  batch.forEach((p, i) => p.resolve(outcomes[i]!));
}

/**
 * Judges the device's clock from a live push: received − device time. A push catching up after an
 * outage (many punches, or a device only just back) says nothing about the clock, except that a
 * punch from the future always means a clock that runs ahead.
 */
function clockOffset(p: Pending, punch: GatePunch, receivedSite: string): number | null {
  const offset = Math.round((siteMs(receivedSite) - siteMs(punch.punchedAt)) / 1000);
  if (offset < -CLOCK_TOLERANCE_SEC) return offset;
  return p.inContact && p.push.punches.length <= LIVE_PUNCHES ? offset : null;
}

function write(s: Services, recorder: ChangeRecorder, p: Pending): GateOutcome {
  const { push, device, receivedAt } = p;
  const author = SYSTEM(receivedAt, device.projectId);
  const receivedSite = siteDateTime(receivedAt);
  let accepted = 0;
  let duplicates = 0;
  let unmatched = 0;
  let lastOffset: number | null = null;
  // The push's outbox changes: one transaction writes them in a row, so first..last names them all.
  let firstChange: number | null = null;
  let lastChange: number | null = null;
  for (const punch of push.punches) {
    const workerId = matchWorker(s, device.projectId, punch.personRef);
    const offset = clockOffset(p, punch, receivedSite);
    if (offset !== null) lastOffset = offset;
    const stored = storePunch(recorder, s, author, {
      projectId: device.projectId, source: device.vendor, deviceId: device.id, deviceSerial: device.serial, personRef: punch.personRef, workerId,
      punchedAt: punch.punchedAt, direction: device.direction, verifyMode: punch.verifyMode, receivedAt, payload: punch.payload,
      clockOffsetSec: offset, pictureSha256: punch.pictureSha256 ?? null, makeupId: null, createdBy: null,
    }, 'push');
    if (!stored) duplicates++;
    else {
      accepted++;
      firstChange ??= stored.changeSeq;
      lastChange = stored.changeSeq;
      if (!workerId) unmatched++;
    }
  }
  // One audit row for the push: the device, what it brought and the outbox changes it made (each
  // change holds its punch whole, and the push's body hash is in gate_requests).
  if (firstChange !== null) {
    const changes = { first: firstChange, last: lastChange };
    recorder.audit(author, { action: 'gate_push', tableName: 'attendance_punches', after: { device: device.serial, vendor: push.vendor, accepted, duplicates, unmatched, changes } });
  }
  const rejected = push.rejected.length;
  const parts = [`新增 ${accepted} 条`];
  if (duplicates) parts.push(`重复 ${duplicates} 条(已存过,未再存)`);
  if (unmatched) parts.push(`未匹配 ${unmatched} 条`);
  if (push.ignored) parts.push(`非考勤事件 ${push.ignored} 条`);
  if (rejected) parts.push(`无法识别 ${rejected} 条:${push.rejected.slice(0, 3).map((r) => `第 ${r.record} 条 ${r.reason}`).join(';')}`);
  const outcome: GateOutcome = {
    status: push.punches.length === 0 && rejected === 0 ? 'ignored' : rejected > 0 ? 'partial' : 'accepted',
    accepted, duplicates, unmatched, rejected, message: parts.join(','),
  };
  s.db.insert(gateRequests).values({
    at: receivedAt, vendor: push.vendor, serial: device.serial, deviceId: device.id, projectId: device.projectId, path: push.path.slice(0, 200), remote: push.remote,
    status: outcome.status, message: outcome.message, accepted, duplicates, rejected, unmatched, bodySha256: sha256Hex(push.body), bodyBytes: push.body.length,
  }).run();
  const seen = { lastSeenAt: receivedAt, lastPushAt: receivedAt, ...(lastOffset !== null ? { clockOffsetSec: lastOffset, clockCheckedAt: receivedAt } : {}) };
  s.db.insert(attendanceDeviceStatus).values({ deviceId: device.id, ...seen }).onConflictDoUpdate({ target: attendanceDeviceStatus.deviceId, set: seen }).run();
  return outcome;
}

/** Devices of a project that are enabled (for the lists). */
export function enabledDevices(s: Services, projectId: string): DeviceRecord[] {
  return s.db.select().from(attendanceDevices).where(and(eq(attendanceDevices.projectId, projectId), isNull(attendanceDevices.disabledAt))).all();
}
