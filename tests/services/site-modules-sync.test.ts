// The site modules' records travel in sync bundles with their decimals: a batch of 12.5 t of rebar
// reaches the central store as 12.5 (a real column), while a whole-number column (money in 分, a
// count) still refuses a fraction. Before the fix every number had to be an integer, so the first
// bundle with a decimal quantity was refused whole at the central side.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rowValues } from '../../electron/services/sync/row-values';
import { tableSpec } from '../../electron/services/sync/tables';
import { ManualClock } from '../support/app';
import { openQualitySite, rebarBatch, type QualitySite } from '../support/quality-helpers';
import { bundleDir, cleanupBundleDirs, exportTo, importInto, openCentral, trustBoth, type Central } from './sync-support';

let site: QualitySite | undefined;
let central: Central | undefined;
afterEach(() => {
  site?.t.close();
  central?.t.close();
  cleanupBundleDirs();
});

describe('site-module records in sync bundles', () => {
  it('carry a decimal quantity to the central store unchanged', async () => {
    site = await openQualitySite();
    const batch = await site.t.call('materials.receive', rebarBatch({ quantity: 12.5 }), site.as.sampler);
    central = await openCentral(new ManualClock());
    trustBoth(site.t, central.t);
    const file = path.join(bundleDir(), 'site.sobundle');
    await exportTo(site.t, file);
    const result = importInto(central.t, file);
    expect(result.conflicts).toBe(0);
    const row = central.t.app.services.sqlite.prepare('select quantity, unit from material_batches where id = ?').get(batch.id);
    expect(row).toEqual({ quantity: 12.5, unit: 't' });
  });

  it('still refuses a fraction in a whole-number column, and a number as text in a real one', () => {
    const spec = tableSpec('material_batches')!;
    const data = { ...rebarBatch(), id: 'b1', projectId: 'p1' };
    const change = (d: Record<string, unknown>) => ({ seq: 1, table: 'material_batches', rowId: 'b1', op: 'insert' as const, at: '2020-02-17T00:00:00Z', data: d });
    expect(spec.columns.get('quantity')).toMatchObject({ dataType: 'number', integer: false });
    expect(() => rowValues(spec, change({ ...data, quantity: '12.5' }))).toThrow(/quantity 应为数字/);
    const wages = tableSpec('payroll_rows')!;
    const money = [...wages.columns.values()].find((c) => c.property.endsWith('Fen'))!;
    expect(money).toMatchObject({ dataType: 'number', integer: true });
    expect(() => rowValues(wages, { seq: 2, table: 'payroll_rows', rowId: 'r1', op: 'insert', at: '2020-02-17T00:00:00Z', data: { id: 'r1', projectId: 'p1', [money.property]: 100.5 } })).toThrow(new RegExp(`${money.property} 应为整数`));
  });
});
