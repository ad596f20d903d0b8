// The central store on PostgreSQL (docs/sync-bundle-format.md §10): the same tables as the SQLite
// central store, made from the site's drizzle tables so that the two cannot drift apart, with two
// differences that make it ready for Citus:
// - every table of site data has the project id as the first column of its primary key
//   (projects itself: its id), so each can be distributed by it and joins by project stay local;
// - no foreign keys (a distributed table may only reference rows of the same shard or reference
//   tables): the applier's plan checks what it needs, and the sites checked the rest.
// Migrations: drizzle-kit with drizzle.central-pg.config.ts, into db/central-pg/migrations.
import { getTableColumns, type Column } from 'drizzle-orm';
import {
  bigint, bigserial, boolean, customType, doublePrecision, index, pgTable, primaryKey, text, uniqueIndex, type PgColumnBuilderBase,
} from 'drizzle-orm/pg-core';
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as site from '../schema';

/** Bytes (drizzle's PostgreSQL dialect has no bytea builder of its own). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** The PostgreSQL column of a SQLite column: text stays text (JSON too), integers are bigint, reals double precision, booleans boolean. */
function pgColumn(column: Column): PgColumnBuilderBase {
  let built;
  switch (column.columnType) {
    case 'SQLiteText':
    case 'SQLiteTextJson':
      built = text(column.name);
      break;
    case 'SQLiteInteger':
      built = bigint(column.name, { mode: 'number' });
      break;
    case 'SQLiteReal':
      built = doublePrecision(column.name);
      break;
    case 'SQLiteBoolean':
      built = boolean(column.name);
      break;
    case 'SQLiteBlobBuffer':
      built = bytea(column.name);
      break;
    default:
      throw new Error(`central-pg schema: no PostgreSQL type for ${column.columnType} (${column.name})`);
  }
  if (column.notNull) built = built.notNull();
  if (column.hasDefault && (typeof column.default === 'string' || typeof column.default === 'number' || typeof column.default === 'boolean')) {
    built = (built as ReturnType<typeof text>).default(column.default as never);
  }
  return built;
}

type Columns = Record<string, PgColumnBuilderBase>;

/**
 * The PostgreSQL twin of a SQLite table: the same columns, the primary key given (column
 * properties, the distribution column first), the SQLite table's unique indexes, and `extra`.
 */
function mirror<T extends SQLiteTable>(table: T, key: readonly (keyof T['_']['columns'] & string)[], extra: Columns = {}) {
  const config = getTableConfig(table);
  const columns: Columns = {};
  for (const [property, column] of Object.entries(getTableColumns(table)) as [string, Column][]) columns[property] = pgColumn(column);
  Object.assign(columns, extra);
  const sqlNames = new Map(Object.entries(getTableColumns(table)).map(([p, c]) => [(c as Column).name, p]));
  return pgTable(config.name, columns, (t) => {
    const byProperty = t as unknown as Record<string, never>;
    return [
      primaryKey({ columns: key.map((k) => byProperty[k]!) as [never, ...never[]] }),
      ...config.indexes.map((i) => {
        const on = i.config.columns.map((c) => byProperty[sqlNames.get((c as Column).name)!]!) as [never, ...never[]];
        const made = (i.config.unique ? uniqueIndex(i.config.name) : index(i.config.name)).on(...on);
        return i.config.where ? made.where(i.config.where) : made;
      }),
    ];
  });
}

// ---- site data (sync/tables.ts lists them; tests/services/central-pg-store.test.ts checks every one is here, keyed by project) ----
// projects: a reference table on Citus (a city has about 10⁴), so that 合同报送编号 stays unique.
export const projects = mirror(site.projects, ['id']);
export const employers = mirror(site.employers, ['projectId', 'id']);
export const epidemicInfo = mirror(site.epidemicInfo, ['projectId']);
export const attachments = mirror(site.attachments, ['projectId', 'id']);
export const persons = mirror(site.persons, ['projectId', 'id']);
export const familyMembers = mirror(site.familyMembers, ['projectId', 'id']);
export const healthChecks = mirror(site.healthChecks, ['projectId', 'id']);
export const dispositions = mirror(site.dispositions, ['projectId', 'id']);
export const entries = mirror(site.entries, ['projectId', 'id']);
export const teams = mirror(site.teams, ['projectId', 'id']);
export const workers = mirror(site.workers, ['projectId', 'id']);
export const dispatches = mirror(site.dispatches, ['projectId', 'id']);
export const labourContracts = mirror(site.labourContracts, ['projectId', 'id']);
export const wageCards = mirror(site.wageCards, ['projectId', 'id']);
export const attendanceDevices = mirror(site.attendanceDevices, ['projectId', 'id']);
export const attendanceMakeups = mirror(site.attendanceMakeups, ['projectId', 'id']);
export const attendancePunches = mirror(site.attendancePunches, ['projectId', 'id']);
export const ruleEditions = mirror(site.ruleEditions, ['projectId', 'id']);
export const safetyProfiles = mirror(site.safetyProfiles, ['projectId']);
export const safetyAssessments = mirror(site.safetyAssessments, ['projectId', 'id']);
export const safetySheets = mirror(site.safetySheets, ['projectId', 'id']);
export const safetyDeductions = mirror(site.safetyDeductions, ['projectId', 'id']);
export const safetySignatures = mirror(site.safetySignatures, ['projectId', 'id']);
export const rectifications = mirror(site.rectifications, ['projectId', 'id']);
export const rectificationEvents = mirror(site.rectificationEvents, ['projectId', 'id']);
export const safetyHazards = mirror(site.safetyHazards, ['projectId', 'id']);
export const workerCertificates = mirror(site.workerCertificates, ['projectId', 'id']);
export const safetyTrainings = mirror(site.safetyTrainings, ['projectId', 'id']);
export const safetyBriefings = mirror(site.safetyBriefings, ['projectId', 'id']);
export const payrollLedgers = mirror(site.payrollLedgers, ['projectId', 'id']);
export const payrollLedgerSteps = mirror(site.payrollLedgerSteps, ['projectId', 'id']);
export const payrollRows = mirror(site.payrollRows, ['projectId', 'id']);
export const payrollBankTemplates = mirror(site.payrollBankTemplates, ['projectId', 'id']);
export const payrollBankBatches = mirror(site.payrollBankBatches, ['projectId', 'id']);
export const payrollPayments = mirror(site.payrollPayments, ['projectId', 'id']);
export const labourCostAllocations = mirror(site.labourCostAllocations, ['projectId', 'id']);
export const projectParties = mirror(site.projectParties, ['projectId']);
export const appointments = mirror(site.appointments, ['projectId', 'id']);
export const recordSignatures = mirror(site.recordSignatures, ['projectId', 'id']);
export const materialBatches = mirror(site.materialBatches, ['projectId', 'id']);
export const materialPours = mirror(site.materialPours, ['projectId', 'id']);
export const materialSamples = mirror(site.materialSamples, ['projectId', 'id']);
export const materialReports = mirror(site.materialReports, ['projectId', 'id']);
export const materialDispositions = mirror(site.materialDispositions, ['projectId', 'id']);
export const qualityUnits = mirror(site.qualityUnits, ['projectId', 'id']);
export const qualityLots = mirror(site.qualityLots, ['projectId', 'id']);
export const qualityLotRecords = mirror(site.qualityLotRecords, ['projectId', 'id']);
export const qualityLotItems = mirror(site.qualityLotItems, ['projectId', 'id']);
export const qualityLotMaterials = mirror(site.qualityLotMaterials, ['projectId', 'id']);
export const qualityConcealed = mirror(site.qualityConcealed, ['projectId', 'id']);
export const qualityConcealedLots = mirror(site.qualityConcealedLots, ['projectId', 'id']);
export const qualityAcceptances = mirror(site.qualityAcceptances, ['projectId', 'id']);
export const qualityMeasurements = mirror(site.qualityMeasurements, ['projectId', 'id']);
export const qualityProblems = mirror(site.qualityProblems, ['projectId', 'id']);
export const qualitySiteChecks = mirror(site.qualitySiteChecks, ['projectId', 'id']);
export const supervisionNotices = mirror(site.supervisionNotices, ['projectId', 'id']);
export const supervisionStopOrders = mirror(site.supervisionStopOrders, ['projectId', 'id']);
export const supervisionSideRecords = mirror(site.supervisionSideRecords, ['projectId', 'id']);
export const supervisionMonthlyReports = mirror(site.supervisionMonthlyReports, ['projectId', 'id']);
export const supervisionEmergencyReports = mirror(site.supervisionEmergencyReports, ['projectId', 'id']);
export const supervisionContacts = mirror(site.supervisionContacts, ['projectId', 'id']);

// ---- the sync bookkeeping, by installation (distribution column installation_id) ----
/** The trusted sites; a site's row is the lock its pushes serialise on (SELECT … FOR UPDATE). */
export const syncPeers = mirror(site.syncPeers, ['installationId']);
export const syncAppliedBundles = mirror(site.syncAppliedBundles, ['installationId', 'id'], {
  /** The signed acknowledgement sent back: a duplicate push is answered with it again. */
  ack: text('ack').notNull(),
});
export const syncSiteGenerations = mirror(site.syncSiteGenerations, ['installationId', 'generationId']);
export const syncSiteHistories = mirror(site.syncSiteHistories, ['installationId']);
export const syncConflicts = mirror(site.syncConflicts, ['installationId', 'id']);
export const syncIdAliases = pgTable('sync_id_aliases', {
  tableName: text('table_name').notNull(),
  siteId: text('site_id').notNull(),
  centralId: text('central_id').notNull(),
  installationId: text('installation_id').notNull(),
  at: text('at').notNull(),
}, (t) => [primaryKey({ columns: [t.installationId, t.tableName, t.siteId] })]);
export const syncRowOwners = pgTable('sync_row_owners', {
  tableName: text('table_name').notNull(),
  rowId: text('row_id').notNull(),
  installationId: text('installation_id').notNull(),
}, (t) => [primaryKey({ columns: [t.tableName, t.rowId] })]);
export const syncReceivedChunks = pgTable('sync_received_chunks', {
  installationId: text('installation_id').notNull(),
  id: bigserial('id', { mode: 'number' }).notNull(),
  bundleId: text('bundle_id').notNull(),
  firstSeq: bigint('first_seq', { mode: 'number' }).notNull(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  payload: bytea('payload').notNull(),
}, (t) => [primaryKey({ columns: [t.installationId, t.id] }), index('sync_received_chunks_bundle').on(t.bundleId, t.firstSeq)]);

/**
 * 人员查询's index: one row per person with its search terms (name 1- and 2-grams, pinyin initials
 * and full pinyin prefixes, ID number fragments), found through a GIN index by `terms @> array[…]`.
 * The migration adds the GIN index (drizzle-kit writes it from here) and orders by seq for newest first.
 */
export const personSearchTerms = pgTable('person_search_terms', {
  projectId: text('project_id').notNull(),
  personId: text('person_id').notNull(),
  /** Rises with every write: 人员查询 lists the newest first. */
  seq: bigserial('seq', { mode: 'number' }).notNull(),
  terms: text('terms').array().notNull(),
}, (t) => [
  primaryKey({ columns: [t.projectId, t.personId] }),
  index('person_search_terms_gin').using('gin', t.terms),
  index('person_search_terms_seq').on(t.seq),
]);

/** Which central system owns this database (one per database: two would mix their sites). */
export const centralMeta = pgTable('central_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
