// The labour tables a sync bundle carries to the central side, parents before children, with the
// properties that point at other synced rows (rewritten there when a row was merged into another
// site's). Registered by sync/tables.ts. Not synced: attendance_device_status and gate_requests,
// which describe this PC's receivers.
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import {
  attendanceDevices, attendanceMakeups, attendancePunches, dispatches, labourContracts, teams, wageCards, workers,
} from '../../../db/schema';
import type { SyncedTable } from '../outbox';
import type { TableSpec } from '../sync/tables';

type Spec = (name: SyncedTable, table: SQLiteTable, primaryKey: string, references: TableSpec['references'], naturalKey: string[] | null) => TableSpec;

export function labourSyncedTables(spec: Spec): [SyncedTable, TableSpec][] {
  const ref = (property: string, table: SyncedTable) => ({ property, table });
  const project = ref('projectId', 'projects');
  const worker = ref('workerId', 'workers');
  return [
    // A team is the same team when its project has one of that name; a worker is one per person.
    ['teams', spec('teams', teams, 'id', [project, ref('employerId', 'employers'), ref('leaderWorkerId', 'workers')], ['projectId', 'name'])],
    ['workers', spec('workers', workers, 'id', [project, ref('personId', 'persons'), ref('employerId', 'employers'), ref('teamId', 'teams'), ref('photoAttachmentId', 'attachments')], ['personId'])],
    ['dispatches', spec('dispatches', dispatches, 'id', [project, worker, ref('teamId', 'teams')], null)],
    ['labour_contracts', spec('labour_contracts', labourContracts, 'id', [project, worker, ref('employerId', 'employers'), ref('scanAttachmentId', 'attachments')], null)],
    ['wage_cards', spec('wage_cards', wageCards, 'id', [project, worker], null)],
    ['attendance_devices', spec('attendance_devices', attendanceDevices, 'id', [project], null)],
    ['attendance_makeups', spec('attendance_makeups', attendanceMakeups, 'id', [project, worker], null)],
    ['attendance_punches', spec('attendance_punches', attendancePunches, 'id', [project, worker, ref('deviceId', 'attendance_devices'), ref('makeupId', 'attendance_makeups')], null)],
  ];
}
