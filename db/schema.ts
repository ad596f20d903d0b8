// The database schema: the source of truth for the stored shapes. Migrations in db/migrations are
// generated from this file by drizzle-kit (`npm run db:generate`) and committed.
import { sqliteTable, text, integer, primaryKey, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

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
  role: text('role', { enum: ['manager', 'operator', 'supervisor'] }).notNull(),
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
  purpose: text('purpose', { enum: ['resumption_checklist'] }).notNull(),
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
