// The plan of applying a site's changes on the central side, whatever the store: for each change,
// which row of which table it writes (ids rewritten where another site's row stands for it), or why
// it is kept as a conflict instead; and what that leaves to record (aliases, claimed contracts,
// conflicts, the attachment files it needs). Two executors carry it out: apply.ts on better-sqlite3,
// row by row, and central-pg/apply.ts on PostgreSQL, a table's run of changes at a time. The
// bundle-level rules (duplicates, gaps, generations) are in apply-rules.ts.
//
// A site writes only within the contracts it was registered for (the 合同报送编号 of the
// registration file the central side trusted): a contract row with another number refuses the
// whole bundle, and a row of a stored contract outside them is kept as a conflict, never written.
// A row that is the same thing as one another site already sent (same 合同报送编号; same person on
// the same contract) is merged into it through an alias, and later rows that point at it are
// pointed at the merged row.
import { ApiError } from '../../common/errors';
import type { SyncedTable } from '../outbox';
import { contractRefusal } from './apply-rules';
import { invalid, rowValues, type SqlValue } from './row-values';
import { tableSpec, type TableSpec } from './tables';
import type { ChangeRecord } from './verify';

/**
 * The table an attachment's owner id points into, by purpose: the owner follows a merge of that
 * table (a 健康申报表 or a worker's photo follows its person). Purposes whose owner table never
 * merges rows keep their owner as sent.
 */
const attachmentOwners: Record<string, SyncedTable> = {
  health_form: 'persons',
  worker_photo: 'persons',
  resumption_checklist: 'projects',
  labour_contract: 'labour_contracts',
  rectification: 'rectification_events',
  certificate: 'worker_certificates',
  briefing: 'safety_briefings',
};

export const conflictReasons = {
  otherSite: '该记录所属的合同不是该工地的,未予写入',
  otherContract: '该记录属于另一个合同,未予覆盖',
  unique: '与中心库中已有记录重复(唯一性约束)',
  foreignKey: '引用的记录在中心库中不存在',
  notNull: '缺少必填字段',
  check: '不符合中心库的约束',
} as const;

export type ConstraintKind = 'unique' | 'foreignKey' | 'notNull' | 'check';

/** A change, planned: the row to write (or delete) and whether it belongs to a contract new here. */
export interface PlannedRow {
  change: ChangeRecord;
  spec: TableSpec;
  values: Map<string, SqlValue>;
  /** The id the site gave the row. */
  siteId: string;
  /** The id the row has here (another site's, when merged). */
  rowId: string;
  /** Merged already: the row stands for one another site sent (directly, or as epidemic_info through its project). */
  merged: boolean;
  /** A contract row this installation brings first: claimed once written. */
  newProject: boolean;
  /** The contract the row belongs to (its own id for a contract). */
  project: string | undefined;
}

export interface ConflictRow {
  installationId: string;
  seq: number;
  tableName: string;
  rowId: string;
  op: string;
  data: string;
  reason: string;
  at: string;
  generationId: string;
}

export interface AliasRow {
  tableName: string;
  siteId: string;
  centralId: string;
}

export class ApplyPlan {
  private readonly aliases = new Map<string, string>();
  /** The contracts this installation may write in. */
  readonly projects = new Set<string>();
  readonly attachmentFiles = new Set<string>();
  /** What the executor still has to record: taken (and emptied) by drain(). */
  private pendingConflicts: ConflictRow[] = [];
  private pendingAliases: AliasRow[] = [];
  private pendingClaims: string[] = [];
  applied = 0;
  conflicts = 0;
  /** The outbox generation of the changes being planned (kept with a conflict). */
  generation = '';

  constructor(
    readonly installationId: string,
    readonly at: string,
    private readonly registered: ReadonlySet<string>,
    ownProjects: Iterable<string>,
    aliases: Iterable<AliasRow>,
  ) {
    for (const id of ownProjects) this.projects.add(id);
    for (const a of aliases) this.aliases.set(`${a.tableName}\u0000${a.siteId}`, a.centralId);
  }

  alias(table: string, id: string): string | undefined {
    return this.aliases.get(`${table}\u0000${id}`);
  }

  /**
   * What a change asks for, or null when it is kept as a conflict (recorded here). A change that
   * does not fit its table refuses the bundle (thrown). `projectExists` tells whether a contract is
   * stored already (asked only for a contract row outside this installation's own).
   */
  plan(change: ChangeRecord, projectExists: (id: string) => boolean): PlannedRow | null {
    const spec = tableSpec(change.table);
    if (!spec) invalid(change, `不能同步的表 ${change.table.slice(0, 40)}`);
    const values = rowValues(spec, change);
    // Point references at merged rows; the primary key of epidemic_info is itself a reference.
    for (const ref of spec.references) {
      const v = values.get(ref.property);
      if (typeof v === 'string') values.set(ref.property, this.alias(ref.table, v) ?? v);
    }
    if (spec.name === 'attachments') {
      const owner = values.get('ownerId');
      const ownerTable = attachmentOwners[String(values.get('purpose'))];
      if (typeof owner === 'string' && ownerTable) values.set('ownerId', this.alias(ownerTable, owner) ?? owner);
      const sha = values.get('sha256');
      if (typeof sha !== 'string' || !/^[0-9a-f]{64}$/.test(sha)) invalid(change, '附件摘要无效');
      this.attachmentFiles.add(sha);
    }
    const siteId = change.rowId;
    const aliased = this.alias(spec.name, siteId);
    if (aliased) values.set(spec.primaryKey, aliased);
    const rowId = values.get(spec.primaryKey) as string;
    if (spec.name === 'projects' && change.op !== 'delete') {
      const refusal = contractRefusal(this.registered, values.get('contractNo'));
      if (refusal) throw new ApiError('FORBIDDEN', refusal);
    }
    const project = spec.name === 'projects' ? rowId : values.get('projectId') as string | undefined;
    let newProject = false;
    if (project !== undefined && !this.projects.has(project)) {
      if (spec.name !== 'projects' || projectExists(project)) {
        this.conflict(change, conflictReasons.otherSite);
        return null;
      }
      newProject = true;
    }
    return { change, spec, values, siteId, rowId, merged: rowId !== siteId, newProject, project };
  }

  /** The row is written (or deleted). */
  written(row: PlannedRow): void {
    if (row.newProject) {
      this.pendingClaims.push(row.rowId);
      this.projects.add(row.rowId);
    }
    this.applied++;
  }

  /**
   * Whether a row the store refused as a duplicate may be merged into the stored one found by its
   * natural key: a new row of this site, not one merged already.
   */
  mayMerge(row: PlannedRow): boolean {
    return row.change.op !== 'delete' && !row.merged && row.spec.naturalKey !== null;
  }

  /** The row is the same thing as the stored row `existing`: from now on its id stands for that one. */
  mergeInto(row: PlannedRow, existing: string): PlannedRow {
    this.pendingAliases.push({ tableName: row.spec.name, siteId: row.siteId, centralId: existing });
    this.aliases.set(`${row.spec.name}\u0000${row.siteId}`, existing);
    if (row.spec.name === 'projects') this.projects.add(existing);
    const values = new Map(row.values);
    values.set(row.spec.primaryKey, existing);
    // A contract merged into a stored one is that contract's, not a new one to claim.
    return { ...row, values, rowId: existing, merged: true, newProject: false, project: row.spec.name === 'projects' ? existing : row.project };
  }

  conflict(change: ChangeRecord, reason: string): void {
    this.pendingConflicts.push({
      installationId: this.installationId, seq: change.seq, tableName: change.table, rowId: change.rowId, op: change.op,
      data: JSON.stringify(change.data), reason, at: this.at, generationId: this.generation,
    });
    this.conflicts++;
  }

  constraintConflict(change: ChangeRecord, kind: ConstraintKind | null): void {
    this.conflict(change, kind ? conflictReasons[kind] : conflictReasons.check);
  }

  /** What is left to record in the store, in the transaction of the rows. */
  drain(): { conflicts: ConflictRow[]; aliases: AliasRow[]; claims: string[] } {
    const out = { conflicts: this.pendingConflicts, aliases: this.pendingAliases, claims: this.pendingClaims };
    this.pendingConflicts = [];
    this.pendingAliases = [];
    this.pendingClaims = [];
    return out;
  }
}

/** Whether an update of a stored row must find it in the contract the change names (a row with an id of its own in a contract). */
export function guardedByContract(spec: TableSpec): boolean {
  return spec.name !== 'projects' && spec.primaryKey !== 'projectId';
}
