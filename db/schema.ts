// The database schema: the source of truth for the stored shapes. Migrations in db/migrations are
// generated from this file by drizzle-kit (`npm run db:generate`) and committed.
import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, blob, primaryKey, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Attachments of 建材管理, 质量标准化 and 监理报告: 授权书, delivery documents, test reports, lot and report documents. */
export const siteRecordPurposes = ['authorization', 'material_document', 'test_report', 'quality_record', 'supervision_record'] as const;

/** 工地 / 合同: one project a site office works on. */
export const projects = sqliteTable('projects', {
  id: text('id').primaryKey(),
  contractNo: text('contract_no').notNull(), // 合同报送编号
  buildNo: text('build_no').notNull(), // 报建编号
  name: text('name').notNull(), // 项目名称
  generalContractor: text('general_contractor').notNull(), // 总包单位
  contractorType: text('contractor_type').notNull(), // 总包单位类型
  supervisionStation: text('supervision_station').notNull(), // 所在监督站
  createdAt: text('created_at').notNull(),
}, (t) => [uniqueIndex('projects_contract_no').on(t.contractNo)]);

/** Accounts of the site office (and, on the central side, of the supervision station). */
export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  idNumber: text('id_number').notNull(), // 身份证号, the sign-in name
  name: text('name').notNull(),
  phone: text('phone').notNull(),
  // The roles of electron/common/codes.ts (the 监理 and 建设单位 accounts since the site modules).
  role: text('role', { enum: ['manager', 'operator', 'supervisor', 'chief_supervisor', 'supervision_engineer', 'supervision_inspector', 'owner_representative', 'labour_officer'] }).notNull(),
  realNamePermission: integer('real_name_permission', { mode: 'boolean' }).notNull().default(false),
  passwordHash: text('password_hash').notNull(),
  disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
  createdBy: text('created_by'),
  createdAt: text('created_at').notNull(),
}, (t) => [uniqueIndex('users_id_number').on(t.idNumber)]);

/** Which projects an account may work on. */
export const userProjects = sqliteTable('user_projects', {
  userId: text('user_id').notNull().references(() => users.id),
  projectId: text('project_id').notNull().references(() => projects.id),
}, (t) => [primaryKey({ columns: [t.userId, t.projectId] })]);

/** Failed sign-ins per sign-in name, so that guessing a password is slow even for unknown names. */
export const signInFailures = sqliteTable('sign_in_failures', {
  idNumber: text('id_number').primaryKey(),
  failures: integer('failures').notNull(),
  lockedUntil: text('locked_until'),
});

/** Signed-in sessions; the token itself is never stored, only its SHA-256. */
export const sessions = sqliteTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id').notNull().references(() => users.id),
  projectId: text('project_id').references(() => projects.id),
  createdAt: text('created_at').notNull(),
  expiresAt: text('expires_at').notNull(),
});

/** 工地疫情防控信息: one row per project, the lists kept as JSON arrays. */
export const epidemicInfo = sqliteTable('epidemic_info', {
  projectId: text('project_id').primaryKey().references(() => projects.id),
  teamMembers: text('team_members', { mode: 'json' }).notNull().$type<{ name: string; role: string; phone: string }[]>(),
  hospitalName: text('hospital_name').notNull(),
  hospitalAddress: text('hospital_address').notNull(),
  hospitalPhone: text('hospital_phone').notNull(),
  supplies: text('supplies', { mode: 'json' }).notNull().$type<{ item: string; quantity: number; unit: string }[]>(),
  other: text('other').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/** Stored files (scans, photos): the bytes live in the data folder under their SHA-256. */
export const attachments = sqliteTable('attachments', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  purpose: text('purpose', { enum: ['resumption_checklist', 'health_form', 'rectification', 'certificate', 'briefing', 'worker_photo', 'labour_contract', 'payroll_sheet', ...siteRecordPurposes] }).notNull(),
  ownerId: text('owner_id').notNull(),
  sha256: text('sha256').notNull(),
  fileName: text('file_name').notNull(),
  mime: text('mime').notNull(),
  size: integer('size').notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  deletedAt: text('deleted_at'),
}, (t) => [index('attachments_owner').on(t.purpose, t.ownerId)]);

/** This installation: its id, made once on first open. */
export const installation = sqliteTable('installation', {
  id: text('id').primaryKey(),
  createdAt: text('created_at').notNull(),
});

/**
 * The outbox: every write to a synced table appends its change here in the same transaction, with
 * a sequence number that rises by exactly one, so that bundles can carry the changes in order.
 */
export const changes = sqliteTable('changes', {
  seq: integer('seq').primaryKey(),
  tableName: text('table_name').notNull(),
  rowId: text('row_id').notNull(),
  op: text('op', { enum: ['insert', 'update', 'delete'] }).notNull(),
  data: text('data').notNull(),
  at: text('at').notNull(),
});

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** 用人单位: employers linked to a project by their own reported contract (reference data). */
export const employers = sqliteTable('employers', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  name: text('name').notNull(), // 用人单位名称
  creditCode: text('credit_code').notNull(), // 统一社会信用代码
  participantType: text('participant_type').notNull(), // 参建单位类型 code (001 …)
  contractNo: text('contract_no').notNull(), // 合同报送编号 of the employer's contract
  createdAt: text('created_at').notNull(),
  // As a 参建单位 of the labour register (issue 17): its 负责人 and 劳资专管员.
  leaderName: text('leader_name').notNull().default(''),
  leaderPhone: text('leader_phone').notNull().default(''),
  labourOfficerName: text('labour_officer_name').notNull().default(''),
  labourOfficerPhone: text('labour_officer_phone').notNull().default(''),
}, (t) => [uniqueIndex('employers_project_credit').on(t.projectId, t.creditCode)]);

/** 健康云 records the site imported (or received in a reference bundle), looked up by ID number. */
export const healthCloudRecords = sqliteTable('health_cloud_records', {
  id: text('id').primaryKey(),
  idNumber: text('id_number').notNull(),
  name: text('name').notNull(),
  phone: text('phone').notNull(),
  reportAddress: text('report_address').notNull(), // 上报地址
  reportTime: text('report_time').notNull(), // 上报时间
  temperature: text('temperature').notNull(), // 体温
  healthStatus: text('health_status').notNull(), // 健康状况
  travelTime: text('travel_time').notNull(), // 出行时间
  travelMode: text('travel_mode').notNull(), // 出行方式
  fromHubei: integer('from_hubei', { mode: 'boolean' }).notNull(), // 是否湖北出发
  fromWuhan: integer('from_wuhan', { mode: 'boolean' }).notNull(), // 是否武汉出发
  stopover: integer('stopover', { mode: 'boolean' }).notNull(), // 是否经停
  stayPlace: text('stay_place').notNull(), // 停留地点
  homeAddress: text('home_address').notNull(), // 居住地址
  source: text('source').notNull(), // file name or bundle it came from
  importedAt: text('imported_at').notNull(),
}, (t) => [uniqueIndex('health_cloud_id_time').on(t.idNumber, t.reportTime)]);

/** 进场预登记: a person pre-registered on a project (作业人员 or 现场管理人员). */
export const persons = sqliteTable('persons', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  category: text('category', { enum: ['worker', 'manager'] }).notNull(),
  idNumber: text('id_number').notNull(),
  name: text('name').notNull(),
  sex: text('sex').notNull(),
  birthDate: text('birth_date').notNull(),
  phone: text('phone').notNull(),
  originProvinceCode: text('origin_province_code').notNull(),
  originProvince: text('origin_province').notNull(),
  originCityCode: text('origin_city_code').notNull(),
  originCity: text('origin_city').notNull(),
  employerId: text('employer_id').notNull().references(() => employers.id),
  /** The 健康云返回信息 as it was when the person was registered. */
  healthCloud: text('health_cloud', { mode: 'json' }).$type<HealthCloudSnapshot | null>(),
  pinyinInitials: text('pinyin_initials').notNull(),
  pinyinFull: text('pinyin_full').notNull(),
  preRegisteredOn: text('pre_registered_on').notNull(), // 预登记日期 YYYY-MM-DD
  /** The current 处置方式 state, kept with the person; its history is in dispositions. */
  state: text('state', { enum: ['clear', 'isolate', 'suspected', 'confirmed'] }).notNull().default('clear'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [
  uniqueIndex('persons_project_id_number').on(t.projectId, t.idNumber),
  index('persons_project_state').on(t.projectId, t.state),
  // With the id, a page of the newest first is read straight off the index, ties included.
  index('persons_project_created').on(t.projectId, t.createdAt, t.id),
]);

/** 携带家属: family members who come to Shanghai with a pre-registered person. */
export const familyMembers = sqliteTable('family_members', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  personId: text('person_id').notNull().references(() => persons.id),
  idNumber: text('id_number').notNull(),
  name: text('name').notNull(),
  phone: text('phone').notNull(),
  originProvinceCode: text('origin_province_code').notNull(),
  originProvince: text('origin_province').notNull(),
  originCityCode: text('origin_city_code').notNull(),
  originCity: text('origin_city').notNull(),
  healthCloud: text('health_cloud', { mode: 'json' }).$type<HealthCloudSnapshot | null>(),
  preRegisteredOn: text('pre_registered_on').notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [uniqueIndex('family_person_id_number').on(t.personId, t.idNumber)]);

export interface HealthCloudSnapshot {
  reportAddress: string;
  reportTime: string;
  temperature: string;
  healthStatus: string;
  travelTime: string;
  travelMode: string;
  fromHubei: boolean;
  fromWuhan: boolean;
  stopover: boolean;
  stayPlace: string;
  homeAddress: string;
}

/** 每日健康: one health check of a person; temperature in tenths of a degree (373 = 37.3 °C). */
export const healthChecks = sqliteTable('health_checks', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  personId: text('person_id').notNull().references(() => persons.id),
  checkedAt: text('checked_at').notNull(), // site time, YYYY-MM-DD HH:mm:ss
  checkedOn: text('checked_on').notNull(), // site date, YYYY-MM-DD
  symptoms: text('symptoms', { mode: 'json' }).notNull().$type<string[]>(),
  temperatureTenths: integer('temperature_tenths').notNull(),
  fever: integer('fever', { mode: 'boolean' }).notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [
  index('health_checks_person_time').on(t.personId, t.checkedAt),
  index('health_checks_project_day').on(t.projectId, t.checkedOn),
]);

/** 处置方式 history: every change of state is a new row, never an overwrite. */
export const dispositions = sqliteTable('dispositions', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  personId: text('person_id').notNull().references(() => persons.id),
  state: text('state', { enum: ['clear', 'isolate', 'suspected', 'confirmed'] }).notNull(),
  startedAt: text('started_at'), // 隔离/就医时间, site time
  method: text('method'), // 隔离/就医方式
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
}, (t) => [index('dispositions_person').on(t.personId, t.createdAt)]);

/** 进场登记 / 退场登记: an open entry has no exit date; one open entry per person anywhere. */
export const entries = sqliteTable('entries', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  personId: text('person_id').notNull().references(() => persons.id),
  idNumber: text('id_number').notNull(),
  employerId: text('employer_id').notNull().references(() => employers.id),
  workType: text('work_type').notNull(), // 工种 code
  team: text('team').notNull(), // 班组
  enteredOn: text('entered_on').notNull(),
  exitedOn: text('exited_on'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  exitedAt: text('exited_at'),
  exitedBy: text('exited_by'),
  exitReason: text('exit_reason'), // 退场原因 (the labour register asks for one)
}, (t) => [
  uniqueIndex('entries_one_open_per_person').on(t.idNumber).where(sql`exited_on is null`),
  index('entries_project_open').on(t.projectId, t.exitedOn),
  index('entries_person').on(t.personId, t.enteredOn),
]);

/**
 * The audit trail: who did what, when, with the row before and after. Each row carries the SHA-256
 * of its own content and of the row before it, so an edited or deleted row breaks the chain.
 */
export const auditLog = sqliteTable('audit_log', {
  seq: integer('seq').primaryKey(),
  at: text('at').notNull(),
  actorId: text('actor_id'),
  actorName: text('actor_name').notNull(),
  projectId: text('project_id'),
  action: text('action').notNull(), // insert | update | delete | sign_in | sign_in_failed | sign_out | account
  tableName: text('table_name'),
  rowId: text('row_id'),
  before: text('before'),
  after: text('after'),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
}, (t) => [index('audit_log_row').on(t.tableName, t.rowId), index('audit_log_project').on(t.projectId, t.seq)]);

// ---- Sync bundles (issue 6; docs/sync-bundle-format.md) ----
// Tables of both sides: a site fills the identity, its watermark, exports, acknowledgements, push
// queue and applied reference bundles; the central side fills the identity, the trusted peers,
// the applied bundles, conflicts and id aliases, and the reference bundles it published.

/** This installation's signing key (Ed25519), made with the installation row on first open. */
export const syncIdentity = sqliteTable('sync_identity', {
  installationId: text('installation_id').primaryKey().references(() => installation.id),
  /** site: records and exports; central: receives bundles and publishes reference bundles. */
  role: text('role', { enum: ['site', 'central'] }).notNull().default('site'),
  publicKey: text('public_key').notNull(), // raw 32-byte Ed25519 key, base64
  /** Empty: the private key lives in the secret store (keys/, outside every backup); rows of older versions held it here. */
  privateKey: text('private_key').notNull(),
  createdAt: text('created_at').notNull(),
});

/** Installations this one trusts: sites on the central side, the central system on a site. */
export const syncPeers = sqliteTable('sync_peers', {
  installationId: text('installation_id').primaryKey(),
  role: text('role', { enum: ['site', 'central'] }).notNull(),
  name: text('name').notNull(),
  publicKey: text('public_key').notNull(),
  fingerprint: text('fingerprint').notNull(),
  registration: text('registration').notNull(), // the registration file as trusted
  /** Central side: the last change sequence number applied from this site. */
  lastAppliedSeq: integer('last_applied_seq').notNull().default(0),
  lastBundleAt: text('last_bundle_at'),
  trustedAt: text('trusted_at').notNull(),
});

/** Central side: every bundle that changed the store (duplicates change nothing and are not kept). */
export const syncAppliedBundles = sqliteTable('sync_applied_bundles', {
  id: text('id').primaryKey(),
  installationId: text('installation_id').notNull(),
  firstSeq: integer('first_seq').notNull(),
  lastSeq: integer('last_seq').notNull(),
  appliedFromSeq: integer('applied_from_seq').notNull(),
  changesApplied: integer('changes_applied').notNull(),
  conflicts: integer('conflicts').notNull(),
  files: integer('files').notNull(),
  bundleSha256: text('bundle_sha256').notNull(),
  source: text('source', { enum: ['http', 'folder', 'cli'] }).notNull(),
  fileName: text('file_name').notNull(),
  appliedAt: text('applied_at').notNull(),
  /** The site's outbox generations as the bundle's manifest listed them (JSON [{ id, firstSeq }]). */
  generations: text('generations').notNull().default('[]'),
  /** What was applied, per generation (JSON [{ generation, from, to }]). */
  segments: text('segments').notNull().default('[]'),
}, (t) => [index('sync_applied_installation').on(t.installationId, t.lastSeq)]);

/**
 * Central side: how far each outbox generation of each site has been applied. A site starts a new
 * generation at every restore of a backup (docs/sync-bundle-format.md §3.1); each has its own
 * watermark here. The first generation (id = the installation id, from 1) has no row until a
 * bundle of a generation-aware site moves it; until then sync_peers.last_applied_seq stands for it.
 */
export const syncSiteGenerations = sqliteTable('sync_site_generations', {
  installationId: text('installation_id').notNull(),
  generationId: text('generation_id').notNull(),
  firstSeq: integer('first_seq').notNull(),
  lastAppliedSeq: integer('last_applied_seq').notNull(),
}, (t) => [primaryKey({ columns: [t.installationId, t.generationId] })]);

/**
 * Central side: each site's present history, as its newest bundle listed its generations (even a
 * bundle that brought nothing new): what it lost by a restore is what this history left behind.
 */
export const syncSiteHistories = sqliteTable('sync_site_histories', {
  installationId: text('installation_id').primaryKey(),
  /** JSON [{ id, firstSeq }], oldest first. */
  generations: text('generations').notNull(),
  at: text('at').notNull(),
});

/**
 * Central side: the change records of every applied bundle, as the site sent them (deflate-raw
 * NDJSON, decrypted), chunk by chunk: what a site restored from an older backup can fetch back.
 */
export const syncReceivedChunks = sqliteTable('sync_received_chunks', {
  id: integer('id').primaryKey(),
  bundleId: text('bundle_id').notNull(),
  firstSeq: integer('first_seq').notNull(),
  lastSeq: integer('last_seq').notNull(),
  payload: blob('payload', { mode: 'buffer' }).notNull(),
}, (t) => [index('sync_received_chunks_bundle').on(t.bundleId, t.firstSeq)]);

/** Central side: changes kept verbatim that could not be applied as they are (a rule of the store said no). */
export const syncConflicts = sqliteTable('sync_conflicts', {
  id: text('id').primaryKey(),
  installationId: text('installation_id').notNull(),
  seq: integer('seq').notNull(),
  tableName: text('table_name').notNull(),
  rowId: text('row_id').notNull(),
  op: text('op').notNull(),
  data: text('data').notNull(),
  reason: text('reason').notNull(),
  at: text('at').notNull(),
  /** The site's outbox generation the change belongs to. */
  generationId: text('generation_id').notNull().default(''),
}, (t) => [index('sync_conflicts_installation').on(t.installationId, t.seq)]);

/**
 * Central side, 人员查询: a person's search terms (electron/services/sync/person-search.ts), indexed
 * by the FTS5 table person_search, which migration 0006 creates with the triggers that keep it in
 * step (drizzle has no virtual tables). The explicit integer key is the FTS5 rowid: VACUUM keeps it.
 */
export const personSearchTerms = sqliteTable('person_search_terms', {
  id: integer('id').primaryKey(),
  personId: text('person_id').notNull().unique().references(() => persons.id, { onDelete: 'cascade' }),
  nm: text('nm').notNull(),
  idn: text('idn').notNull(),
  py: text('py').notNull(),
});

/** Central side: a site's row that is the same thing as a row already held (same 合同报送编号, same person). */
export const syncIdAliases = sqliteTable('sync_id_aliases', {
  tableName: text('table_name').notNull(),
  siteId: text('site_id').notNull(),
  centralId: text('central_id').notNull(),
  installationId: text('installation_id').notNull(),
  at: text('at').notNull(),
}, (t) => [primaryKey({ columns: [t.tableName, t.siteId] })]);

/**
 * Central side: which installation sent each contract (projects row). A site writes only within its
 * own contracts (and those they were merged into), so no site can overwrite another's rows.
 */
export const syncRowOwners = sqliteTable('sync_row_owners', {
  tableName: text('table_name').notNull(),
  rowId: text('row_id').notNull(),
  installationId: text('installation_id').notNull(),
}, (t) => [primaryKey({ columns: [t.tableName, t.rowId] })]);

/** Site side: the watermark (last acknowledged sequence number) and the sync settings; one row. */
export const syncSiteState = sqliteTable('sync_site_state', {
  id: integer('id').primaryKey(),
  ackedSeq: integer('acked_seq').notNull().default(0),
  ackedAt: text('acked_at'),
  centralUrl: text('central_url').notNull().default(''),
  exportFolder: text('export_folder').notNull().default(''),
  referenceSeq: integer('reference_seq').notNull().default(0),
  /** The central system's generation of the last reference bundle applied (a restored central numbers anew). */
  referenceGeneration: text('reference_generation').notNull().default(''),
});

/**
 * Both sides: the generations this database's outbox went through. Restoring a backup starts a new
 * one (the restored file gets the row before it is put in place), so that changes recorded after a
 * restore never reuse the sequence numbers of changes recorded after the backup was made. The first
 * generation is implicit: its id is the installation id and it starts at 1.
 */
export const syncGenerations = sqliteTable('sync_generations', {
  id: text('id').primaryKey(),
  /** The sequence number of the first change of this generation. */
  firstSeq: integer('first_seq').notNull(),
  /** The backup restored, and when. */
  backupFile: text('backup_file').notNull(),
  restoredAt: text('restored_at').notNull(),
  /** The database replaced by the restore, when it could still be read: its last change and watermark. */
  previousLastSeq: integer('previous_last_seq'),
  previousAckedSeq: integer('previous_acked_seq'),
  /** The name the replaced database file was kept under. */
  keptAs: text('kept_as'),
});

/** Site side: every bundle written, to a folder or for a push. */
export const syncExports = sqliteTable('sync_exports', {
  id: text('id').primaryKey(),
  firstSeq: integer('first_seq').notNull(),
  lastSeq: integer('last_seq').notNull(),
  changes: integer('changes').notNull(),
  files: integer('files').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(), // of the whole file
  path: text('path').notNull(),
  channel: text('channel', { enum: ['folder', 'push', 'cli'] }).notNull(),
  createdAt: text('created_at').notNull(),
});

/** Site side: acknowledgements received (by file or as the answer to a push). */
export const syncAcks = sqliteTable('sync_acks', {
  id: text('id').primaryKey(),
  lastSeq: integer('last_seq').notNull(),
  previousSeq: integer('previous_seq').notNull(),
  status: text('status').notNull(),
  bundleSha256: text('bundle_sha256').notNull(),
  via: text('via', { enum: ['file', 'http'] }).notNull(),
  ack: text('ack').notNull(),
  receivedAt: text('received_at').notNull(),
});

/** Site side: the push queue and its history. */
export const syncPushes = sqliteTable('sync_pushes', {
  id: text('id').primaryKey(),
  exportId: text('export_id').notNull().references(() => syncExports.id),
  url: text('url').notNull(),
  status: text('status', { enum: ['queued', 'sending', 'retrying', 'acked', 'failed', 'superseded'] }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: text('next_attempt_at'),
  lastError: text('last_error'),
  ackedSeq: integer('acked_seq'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
}, (t) => [index('sync_pushes_status').on(t.status, t.nextAttemptAt)]);

/** Site side: files the central system acknowledged having, so that each travels once. */
export const syncDeliveredFiles = sqliteTable('sync_delivered_files', {
  sha256: text('sha256').primaryKey(),
  deliveredAt: text('delivered_at').notNull(),
});

/** Reference bundles: published (central side) or applied (site side). */
export const syncReferenceBundles = sqliteTable('sync_reference_bundles', {
  id: text('id').primaryKey(),
  direction: text('direction', { enum: ['published', 'applied'] }).notNull(),
  centralId: text('central_id').notNull(),
  referenceSeq: integer('reference_seq').notNull(),
  summary: text('summary').notNull(),
  fileName: text('file_name').notNull(),
  at: text('at').notNull(),
  /** Published: the site it was made for (a reference bundle carries only what concerns that site). */
  recipientId: text('recipient_id').notNull().default(''),
  /** The central system's generation the number belongs to: a restored central system numbers anew. */
  generationId: text('generation_id').notNull().default(''),
}, (t) => [uniqueIndex('sync_reference_seq').on(t.centralId, t.direction, t.generationId, t.referenceSeq)]);

// The labour core: 班组, workers, 劳动合同, 工资卡, devices and punches.
export * from './schema-labour';
// The site modules' tables, each domain in a file of its own.
export * from './schema-rules';
export * from './schema-rectification';
export * from './schema-safety';
// 工资支付台账 and 人工费支付台账.
export * from './schema-payroll';
export * from './schema-parties';
export * from './schema-materials';
export * from './schema-quality';
export * from './schema-supervision-reports';
export * from './schema-platform';
