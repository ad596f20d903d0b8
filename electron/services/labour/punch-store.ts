// Writing raw punches: each with its payload's hash, stored once (a device resending the same punch,
// same device, person id and time, changes nothing), matched to a worker by the device's person id
// (the 工号, or the ID number) or kept as 未匹配. Every stored punch has its outbox change and audit
// row through the transaction's ChangeRecorder.
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Direction, PunchSource } from '../../common/codes-labour';
import type { Services } from '../context';
import { newId } from '../ids';
import type { ChangeAuthor, ChangeRecorder } from '../outbox';

export interface NewPunch {
  projectId: string;
  source: PunchSource;
  deviceId: string | null;
  deviceSerial: string;
  personRef: string;
  workerId: string | null;
  punchedAt: string;
  direction: Direction;
  verifyMode: string;
  receivedAt: string;
  payload: string;
  clockOffsetSec: number | null;
  pictureSha256: string | null;
  makeupId: string | null;
  createdBy: string | null;
}

export type StoredPunch = NewPunch & { id: string; payloadSha256: string; matchedBy: null; matchedAt: null };

export function sha256Hex(data: string | Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

const COLUMNS = [
  ['id', 'id'], ['projectId', 'project_id'], ['source', 'source'], ['deviceId', 'device_id'], ['deviceSerial', 'device_serial'],
  ['personRef', 'person_ref'], ['workerId', 'worker_id'], ['punchedAt', 'punched_at'], ['direction', 'direction'], ['verifyMode', 'verify_mode'],
  ['receivedAt', 'received_at'], ['payloadSha256', 'payload_sha256'], ['payload', 'payload'], ['clockOffsetSec', 'clock_offset_sec'],
  ['pictureSha256', 'picture_sha256'], ['makeupId', 'makeup_id'], ['createdBy', 'created_by'], ['matchedBy', 'matched_by'], ['matchedAt', 'matched_at'],
] as const;

interface Statements {
  insert: Database.Statement;
  byWorkerNo: Database.Statement;
  byIdNumber: Database.Statement;
}

const statements = new WeakMap<Database.Database, Statements>();

function prepared(sqlite: Database.Database): Statements {
  let st = statements.get(sqlite);
  if (!st) {
    st = {
      // The unique index (source, device_serial, person_ref, punched_at) decides what is a resend.
      insert: sqlite.prepare(`insert into attendance_punches (${COLUMNS.map(([, c]) => c).join(', ')})
        values (${COLUMNS.map(([p]) => `@${p}`).join(', ')}) on conflict do nothing`),
      byWorkerNo: sqlite.prepare('select id from workers where project_id = ? and worker_no = ?').pluck(),
      byIdNumber: sqlite.prepare('select w.id from workers w join persons p on p.id = w.person_id where w.project_id = ? and p.id_number = ?').pluck(),
    };
    statements.set(sqlite, st);
  }
  return st;
}

/**
 * The worker a device's person id names in the project: the 工号 (devices may pad it with zeros or
 * keep it as a number), or the 身份证号. Null: 未匹配.
 */
export function matchWorker(s: Services, projectId: string, personRef: string): string | null {
  const st = prepared(s.sqlite);
  const ref = personRef.trim();
  if (/^\d{1,10}$/.test(ref)) {
    const found = st.byWorkerNo.get(projectId, String(Number(ref))) as string | undefined;
    if (found) return found;
  }
  if (/^\d{17}[\dXx]$/.test(ref)) return (st.byIdNumber.get(projectId, ref.toUpperCase()) as string | undefined) ?? null;
  return null;
}

/**
 * Stores one punch; null when it was there already (a resend), and nothing is written then. A
 * person's 签到 or 补卡 has an audit row of its own; a gate's push (`auditedBy: 'push'`) writes one
 * for all its punches (gate-intake.ts), and `changeSeq` says which outbox change this punch is.
 */
export function storePunch(recorder: ChangeRecorder, s: Services, author: ChangeAuthor, punch: NewPunch, auditedBy: 'row' | 'push' = 'row'): (StoredPunch & { changeSeq: number | null }) | null {
  const row: StoredPunch = { ...punch, id: newId(), payloadSha256: sha256Hex(punch.payload), matchedBy: null, matchedAt: null };
  if (prepared(s.sqlite).insert.run(row).changes === 0) return null;
  if (auditedBy === 'push') return { ...row, changeSeq: recorder.changeOfBatch(author.at, 'attendance_punches', row.id, 'insert', row) };
  recorder.change(author, 'attendance_punches', row.id, 'insert', row);
  return { ...row, changeSeq: null };
}
