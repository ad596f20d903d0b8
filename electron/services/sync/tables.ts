// The tables a bundle may write on the central side, and for each the columns it may set. Table and
// column names in SQL come from here (the drizzle schema), never from the bundle: a bundle names a
// table by a key of this map and a column by a property of that table, and anything else is refused.
import { getTableColumns, type Column } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import {
  attachments, dispositions, employers, entries, epidemicInfo, familyMembers, healthChecks, persons, projects,
} from '../../../db/schema';
import { labourSyncedTables } from '../labour/sync-tables';
import { payrollSyncedTables } from '../payroll/sync-tables';
import * as site from '../../../db/schema';
import type { SyncedTable } from '../outbox';

export interface ColumnSpec {
  property: string;
  sqlName: string;
  dataType: 'string' | 'number' | 'boolean' | 'json';
  /** A number column that holds whole numbers only (SQLite integer: money in 分, counts, times); a real holds any finite number. */
  integer: boolean;
  notNull: boolean;
  hasDefault: boolean;
  enumValues: readonly string[] | null;
}

export interface TableSpec {
  name: SyncedTable;
  sqlName: string;
  /** The site's drizzle table: the PostgreSQL schema of the central store mirrors it (db/central-pg/schema.ts). */
  table: SQLiteTable;
  primaryKey: string;
  columns: Map<string, ColumnSpec>;
  /** Properties that hold the id of a row in another synced table (rewritten through aliases). */
  references: { property: string; table: SyncedTable }[];
  /** The columns that make a row the same thing as another row, whoever recorded it. */
  naturalKey: string[] | null;
}

export function spec(name: SyncedTable, table: SQLiteTable, primaryKey: string, references: TableSpec['references'], naturalKey: string[] | null): TableSpec {
  const columns = new Map<string, ColumnSpec>();
  for (const [property, column] of Object.entries(getTableColumns(table)) as [string, Column][]) {
    const dataType = column.dataType;
    if (dataType !== 'string' && dataType !== 'number' && dataType !== 'boolean' && dataType !== 'json') {
      throw new Error(`sync tables: unsupported column type ${dataType} in ${name}.${property}`);
    }
    columns.set(property, {
      property,
      sqlName: column.name,
      dataType,
      integer: dataType === 'number' && column.columnType !== 'SQLiteReal',
      notNull: column.notNull,
      hasDefault: column.hasDefault,
      enumValues: column.enumValues && column.enumValues.length > 0 ? column.enumValues : null,
    });
  }
  if (!columns.has(primaryKey)) throw new Error(`sync tables: ${name} has no column ${primaryKey}`);
  return { name, sqlName: name, table, primaryKey, columns, references, naturalKey };
}

const projectRef = { property: 'projectId', table: 'projects' } as const;
const personRef = { property: 'personId', table: 'persons' } as const;
const employerRef = { property: 'employerId', table: 'employers' } as const;
const teamRef = { property: 'teamId', table: 'teams' } as const;

/** In the order a site writes them, parents before children. */
export const syncedTables: ReadonlyMap<SyncedTable, TableSpec> = new Map<SyncedTable, TableSpec>([
  ['projects', spec('projects', projects, 'id', [], ['contractNo'])],
  ['employers', spec('employers', employers, 'id', [projectRef], ['projectId', 'creditCode'])],
  ['epidemic_info', spec('epidemic_info', epidemicInfo, 'projectId', [projectRef], null)],
  // ownerId points at a project or a person depending on purpose: handled by the applier.
  ['attachments', spec('attachments', attachments, 'id', [projectRef], null)],
  ['persons', spec('persons', persons, 'id', [projectRef, employerRef], ['projectId', 'idNumber'])],
  ['family_members', spec('family_members', familyMembers, 'id', [projectRef, personRef], ['personId', 'idNumber'])],
  ['health_checks', spec('health_checks', healthChecks, 'id', [projectRef, personRef], null)],
  ['dispositions', spec('dispositions', dispositions, 'id', [projectRef, personRef], null)],
  ['entries', spec('entries', entries, 'id', [projectRef, personRef, employerRef], null)],
  ...labourSyncedTables(spec),
  ['rule_editions', spec('rule_editions', site.ruleEditions, 'id', [projectRef], null)],
  ['safety_profiles', spec('safety_profiles', site.safetyProfiles, 'projectId', [projectRef], null)],
  ['safety_assessments', spec('safety_assessments', site.safetyAssessments, 'id', [projectRef], null)],
  ['safety_sheets', spec('safety_sheets', site.safetySheets, 'id', [projectRef], null)],
  ['safety_deductions', spec('safety_deductions', site.safetyDeductions, 'id', [projectRef], null)],
  ['safety_signatures', spec('safety_signatures', site.safetySignatures, 'id', [projectRef], null)],
  ['rectifications', spec('rectifications', site.rectifications, 'id', [projectRef], null)],
  ['rectification_events', spec('rectification_events', site.rectificationEvents, 'id', [projectRef], null)],
  ['safety_hazards', spec('safety_hazards', site.safetyHazards, 'id', [projectRef], null)],
  ['worker_certificates', spec('worker_certificates', site.workerCertificates, 'id', [projectRef, personRef], null)],
  ['safety_trainings', spec('safety_trainings', site.safetyTrainings, 'id', [projectRef, personRef, teamRef], null)],
  ['safety_briefings', spec('safety_briefings', site.safetyBriefings, 'id', [projectRef, teamRef], null)],
  ...payrollSyncedTables(spec),
  ['project_parties', spec('project_parties', site.projectParties, 'projectId', [projectRef], null)],
  ['appointments', spec('appointments', site.appointments, 'id', [projectRef], null)],
  ['record_signatures', spec('record_signatures', site.recordSignatures, 'id', [projectRef], null)],
  ['material_batches', spec('material_batches', site.materialBatches, 'id', [projectRef], null)],
  ['material_pours', spec('material_pours', site.materialPours, 'id', [projectRef], null)],
  ['material_samples', spec('material_samples', site.materialSamples, 'id', [projectRef], null)],
  ['material_reports', spec('material_reports', site.materialReports, 'id', [projectRef], null)],
  ['material_dispositions', spec('material_dispositions', site.materialDispositions, 'id', [projectRef], null)],
  ['quality_units', spec('quality_units', site.qualityUnits, 'id', [projectRef], null)],
  ['quality_lots', spec('quality_lots', site.qualityLots, 'id', [projectRef], null)],
  ['quality_lot_records', spec('quality_lot_records', site.qualityLotRecords, 'id', [projectRef], null)],
  ['quality_lot_items', spec('quality_lot_items', site.qualityLotItems, 'id', [projectRef], null)],
  ['quality_lot_materials', spec('quality_lot_materials', site.qualityLotMaterials, 'id', [projectRef], null)],
  ['quality_concealed', spec('quality_concealed', site.qualityConcealed, 'id', [projectRef], null)],
  ['quality_concealed_lots', spec('quality_concealed_lots', site.qualityConcealedLots, 'id', [projectRef], null)],
  ['quality_acceptances', spec('quality_acceptances', site.qualityAcceptances, 'id', [projectRef], null)],
  ['quality_measurements', spec('quality_measurements', site.qualityMeasurements, 'id', [projectRef], null)],
  ['quality_problems', spec('quality_problems', site.qualityProblems, 'id', [projectRef], null)],
  ['quality_site_checks', spec('quality_site_checks', site.qualitySiteChecks, 'id', [projectRef], null)],
  ['supervision_notices', spec('supervision_notices', site.supervisionNotices, 'id', [projectRef], null)],
  ['supervision_stop_orders', spec('supervision_stop_orders', site.supervisionStopOrders, 'id', [projectRef], null)],
  ['supervision_side_records', spec('supervision_side_records', site.supervisionSideRecords, 'id', [projectRef], null)],
  ['supervision_monthly_reports', spec('supervision_monthly_reports', site.supervisionMonthlyReports, 'id', [projectRef], null)],
  ['supervision_emergency_reports', spec('supervision_emergency_reports', site.supervisionEmergencyReports, 'id', [projectRef], null)],
  ['supervision_contacts', spec('supervision_contacts', site.supervisionContacts, 'id', [projectRef], null)],
]);

export function tableSpec(name: unknown): TableSpec | undefined {
  return typeof name === 'string' ? syncedTables.get(name as SyncedTable) : undefined;
}
