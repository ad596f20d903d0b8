// Bundle values to column values, by the whitelist of synced tables (tables.ts).
import { refuse } from './container';
import type { TableSpec } from './tables';
import type { ChangeRecord } from './verify';

export type SqlValue = string | number | null;

/** A change whose values do not fit its table: the bundle is refused (it is not one we can apply). */
export function invalid(change: ChangeRecord, why: string): never {
  refuse(`同步包中第 ${change.seq} 条变更(${change.table})无效:${why}。如工地程序较新,请先升级中心系统`);
}

/**
 * A change's row as SQL parameters, by property, checked against the table's column whitelist: an
 * unknown property, a value of the wrong type or outside its enum, a missing required column, or a
 * row id that is not the row's primary key refuses the whole bundle. The one place that maps bundle
 * values to column values (booleans to 0/1, JSON to text): the central applier and a site taking
 * back its own records use it alike, and a PostgreSQL executor maps from here.
 */
export function rowValues(spec: TableSpec, change: ChangeRecord): Map<string, SqlValue> {
  const out = new Map<string, SqlValue>();
  for (const [property, value] of Object.entries(change.data)) {
    const column = spec.columns.get(property);
    if (!column) invalid(change, `未知字段 ${property.slice(0, 40)}`);
    if (value === null) {
      if (column.notNull) invalid(change, `字段 ${property} 不能为空`);
      out.set(property, null);
      continue;
    }
    switch (column.dataType) {
      case 'string':
        if (typeof value !== 'string') invalid(change, `字段 ${property} 应为文字`);
        if (column.enumValues && !column.enumValues.includes(value)) invalid(change, `字段 ${property} 的值无效`);
        out.set(property, value);
        break;
      case 'number':
        if (column.integer ? !Number.isSafeInteger(value) : typeof value !== 'number' || !Number.isFinite(value)) {
          invalid(change, column.integer ? `字段 ${property} 应为整数` : `字段 ${property} 应为数字`);
        }
        out.set(property, value as number);
        break;
      case 'boolean':
        if (typeof value !== 'boolean') invalid(change, `字段 ${property} 应为是/否`);
        out.set(property, value ? 1 : 0);
        break;
      case 'json':
        out.set(property, JSON.stringify(value));
        break;
    }
  }
  if (change.op !== 'delete') {
    for (const column of spec.columns.values()) {
      if (column.notNull && !column.hasDefault && !out.has(column.property)) invalid(change, `缺少字段 ${column.property}`);
    }
  }
  const pk = out.get(spec.primaryKey);
  if (pk !== change.rowId) invalid(change, '记录标识与数据不一致');
  if (spec.name !== 'projects' && change.op !== 'delete' && typeof out.get('projectId') !== 'string') invalid(change, '缺少所属合同');
  return out;
}

