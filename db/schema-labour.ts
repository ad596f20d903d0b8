// The labour core's tables (issue 17; shared/product/labour.md): 班组, the worker register with
// 派工登记, 劳动合同 and 工资卡, the gates of 设备管理, and attendance kept as raw punches from
// which days and hours are interpreted (electron/services/labour/interpret.ts). 参建单位 are the
// `employers` rows of schema.ts; a worker is a `persons` row with a `workers` row beside it.
//
// Re-exported by schema.ts, so drizzle-kit and the typed database see one schema. Every synced
// table here carries project_id and is registered in electron/services/sync/tables.ts.
import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { attachments, employers, persons, projects } from './schema';

/** 班组: a team of one 参建单位; its 班组长 is one of its registered workers. */
export const teams = sqliteTable('teams', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  employerId: text('employer_id').notNull().references(() => employers.id),
  name: text('name').notNull(), // 班组名称
  workType: text('work_type').notNull(), // 工种 code (the team's trade)
  /** 班组长; null until one of the team's workers is named. */
  leaderWorkerId: text('leader_worker_id').references((): AnySQLiteColumn => workers.id),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: text('updated_at').notNull(),
  /** 解散日期: a team is never deleted, its months stay on file. */
  disbandedOn: text('disbanded_on'),
}, (t) => [uniqueIndex('teams_project_name').on(t.projectId, t.name)]);

/**
 * 项目人员: a person working on the project (作业人员 or 现场管理人员, as persons.category says),
 * hired by a 参建单位. workerNo is the 工号 the app gives, unique in the project, the id sent to the
 * gates. employerId, workType and teamId are the current ones; their history is in
 * labour_contracts and dispatches.
 */
export const workers = sqliteTable('workers', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  personId: text('person_id').notNull().unique().references(() => persons.id),
  workerNo: text('worker_no').notNull(), // 工号: digits only, no leading zero (gates keep PINs as numbers)
  employerId: text('employer_id').notNull().references(() => employers.id), // 用人单位
  workType: text('work_type').notNull(), // 工种 code
  /** The 班组 of the open dispatch (派工登记), kept here with it in one transaction. */
  teamId: text('team_id').references(() => teams.id),
  hiredOn: text('hired_on').notNull(), // 聘用日期
  safetyTrainingOn: text('safety_training_on'), // 三级安全教育日期
  photoAttachmentId: text('photo_attachment_id').references(() => attachments.id), // 照片, from the ID card
  emergencyContactName: text('emergency_contact_name').notNull().default(''),
  emergencyContactPhone: text('emergency_contact_phone').notNull().default(''),
  emergencyContactRelation: text('emergency_contact_relation').notNull().default(''),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [
  uniqueIndex('workers_project_no').on(t.projectId, t.workerNo),
  index('workers_project_team').on(t.projectId, t.teamId),
]);

/**
 * 派工登记: a worker assigned to a 班组 from dispatchedOn; endedOn (exclusive) is the day the next
 * dispatch starts. The team of a worker on day D is the dispatch with dispatchedOn <= D < endedOn.
 */
export const dispatches = sqliteTable('dispatches', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  workerId: text('worker_id').notNull().references(() => workers.id),
  teamId: text('team_id').notNull().references(() => teams.id),
  workType: text('work_type').notNull(),
  dispatchedOn: text('dispatched_on').notNull(),
  endedOn: text('ended_on'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [index('dispatches_worker').on(t.workerId, t.dispatchedOn), index('dispatches_team').on(t.teamId, t.dispatchedOn)]);

/**
 * 劳动合同: wageFen is the 工资标准 in 分 (integer): per day (按日), per month (按月) or per unit of
 * work (计件, with pieceUnit). payDay is the 工资支付日, the day of the month wages are paid.
 * A newer contract replaces an older one from its start; the ledger of a month uses the one in force.
 */
export const labourContracts = sqliteTable('labour_contracts', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  workerId: text('worker_id').notNull().references(() => workers.id),
  employerId: text('employer_id').notNull().references(() => employers.id),
  contractNo: text('contract_no').notNull().default(''), // 合同编号
  signedOn: text('signed_on').notNull(), // 签订日期
  startsOn: text('starts_on').notNull(),
  /** null with termType 'task': 以完成一定工作任务为期限. */
  endsOn: text('ends_on'),
  termType: text('term_type', { enum: ['fixed', 'task'] }).notNull(),
  payMethod: text('pay_method', { enum: ['daily', 'monthly', 'piece'] }).notNull(), // 计薪方式
  wageFen: integer('wage_fen').notNull(), // 工资标准, 分
  pieceUnit: text('piece_unit').notNull().default(''), // 计件单位 (平方米, 吨 …)
  payDay: integer('pay_day').notNull(), // 工资支付日 (1-31; 31 = the month's last day)
  scanAttachmentId: text('scan_attachment_id').references(() => attachments.id),
  terminatedOn: text('terminated_on'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [index('labour_contracts_worker').on(t.workerId, t.startsOn)]);

/** 工资卡: the card wages are paid to; the holder is the worker. A replaced card is retired, never deleted. */
export const wageCards = sqliteTable('wage_cards', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  workerId: text('worker_id').notNull().references(() => workers.id),
  bankName: text('bank_name').notNull(), // 开户银行
  bankCode: text('bank_code').notNull(), // 行别代码 or 联行号
  cardNo: text('card_no').notNull(), // 卡号, digits only
  /** Most UnionPay debit cards pass the Luhn check; one that does not was saved with a warning. */
  luhnValid: integer('luhn_valid', { mode: 'boolean' }).notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  retiredAt: text('retired_at'),
}, (t) => [index('wage_cards_worker').on(t.workerId, t.createdAt)]);

/** 设备管理: a gate or face terminal of the project, known by its serial number. */
export const attendanceDevices = sqliteTable('attendance_devices', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  vendor: text('vendor', { enum: ['zkteco', 'hikvision', 'uface'] }).notNull(),
  serial: text('serial').notNull(), // ZKTeco SN, Hikvision serial (or MAC), Uface deviceKey
  direction: text('direction', { enum: ['in', 'out'] }).notNull(), // 进 / 出
  name: text('name').notNull().default(''),
  location: text('location').notNull().default(''), // 安装位置
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  disabledAt: text('disabled_at'),
}, (t) => [uniqueIndex('attendance_devices_serial').on(t.serial)]);

/**
 * 补卡: a punch entered by an operator with a reason; it becomes a punch only when the 项目负责人
 * approves it. Both names and times are kept.
 */
export const attendanceMakeups = sqliteTable('attendance_makeups', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  workerId: text('worker_id').notNull().references(() => workers.id),
  punchedAt: text('punched_at').notNull(), // site time YYYY-MM-DD HH:mm:ss
  direction: text('direction', { enum: ['in', 'out'] }).notNull(),
  reason: text('reason').notNull(),
  requestedBy: text('requested_by').notNull(),
  requestedAt: text('requested_at').notNull(),
  state: text('state', { enum: ['pending', 'approved', 'rejected'] }).notNull(),
  decidedBy: text('decided_by'),
  decidedAt: text('decided_at'),
  decisionNote: text('decision_note').notNull().default(''),
}, (t) => [index('attendance_makeups_project').on(t.projectId, t.state, t.punchedAt)]);

/**
 * A raw punch, as it arrived: from a gate (vendor, serial, the device's person id and clock), a
 * 班前签到 at the office, an approved 补卡, or an import. Never changed but for matching an
 * unknown person id (未匹配) by hand. A device resending the same punch is stored once.
 */
export const attendancePunches = sqliteTable('attendance_punches', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  source: text('source', { enum: ['zkteco', 'hikvision', 'uface', 'sign_in', 'makeup', 'import'] }).notNull(),
  deviceId: text('device_id').references(() => attendanceDevices.id),
  deviceSerial: text('device_serial').notNull(), // '' when not from a device
  /** The device's person id (工号 or 身份证号) as sent; the 工号 for a 班前签到 or 补卡. */
  personRef: text('person_ref').notNull(),
  /** null: 未匹配, kept for matching by hand. */
  workerId: text('worker_id').references(() => workers.id),
  punchedAt: text('punched_at').notNull(), // the device's clock, site time YYYY-MM-DD HH:mm:ss
  direction: text('direction', { enum: ['in', 'out'] }).notNull(),
  verifyMode: text('verify_mode').notNull().default(''), // face, card, fingerprint, idcard, pick …
  receivedAt: text('received_at').notNull(), // the PC's clock, ISO
  /** SHA-256 of the record as the device sent it (the line, the event, the form). */
  payloadSha256: text('payload_sha256').notNull(),
  /** The record itself, compacted (an ATTLOG line, the event without its picture). */
  payload: text('payload').notNull(),
  /** received - device time, in seconds, where it could be judged (a live push); null otherwise. */
  clockOffsetSec: integer('clock_offset_sec'),
  pictureSha256: text('picture_sha256'), // the capture a face terminal sent with it (file store)
  makeupId: text('makeup_id').references(() => attendanceMakeups.id),
  createdBy: text('created_by'), // the operator of a 班前签到, 补卡 or import
  matchedBy: text('matched_by'),
  matchedAt: text('matched_at'),
}, (t) => [
  uniqueIndex('attendance_punches_once').on(t.source, t.deviceSerial, t.personRef, t.punchedAt),
  index('attendance_punches_project_time').on(t.projectId, t.punchedAt),
  index('attendance_punches_worker_time').on(t.workerId, t.punchedAt),
  index('attendance_punches_unmatched').on(t.projectId, t.punchedAt).where(sql`worker_id is null`),
]);

/** Local only (not synced): when each device was last heard from, and its clock as last judged. */
export const attendanceDeviceStatus = sqliteTable('attendance_device_status', {
  deviceId: text('device_id').primaryKey().references(() => attendanceDevices.id),
  lastSeenAt: text('last_seen_at'),
  lastPushAt: text('last_push_at'),
  clockOffsetSec: integer('clock_offset_sec'),
  clockCheckedAt: text('clock_checked_at'),
});

/**
 * Local only: every push a gate receiver answered (not the polls), and every refusal (an unknown
 * serial, a malformed body), with what was kept and what was not. 设备管理 › 通讯记录 shows them.
 */
export const gateRequests = sqliteTable('gate_requests', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: text('at').notNull(),
  vendor: text('vendor').notNull(),
  serial: text('serial').notNull(),
  deviceId: text('device_id'),
  projectId: text('project_id'),
  path: text('path').notNull(),
  remote: text('remote').notNull(),
  status: text('status', { enum: ['accepted', 'partial', 'refused', 'ignored'] }).notNull(),
  message: text('message').notNull(),
  accepted: integer('accepted').notNull().default(0),
  duplicates: integer('duplicates').notNull().default(0),
  rejected: integer('rejected').notNull().default(0),
  unmatched: integer('unmatched').notNull().default(0),
  bodySha256: text('body_sha256').notNull(),
  bodyBytes: integer('body_bytes').notNull(),
}, (t) => [index('gate_requests_device').on(t.deviceId, t.id), index('gate_requests_project').on(t.projectId, t.id)]);
