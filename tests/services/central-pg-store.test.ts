// The central store on PostgreSQL opens on a private cluster: migrations run at open (twice is
// harmless), every synced table is there with the project id first in its primary key, and a
// database that belongs to another central system is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCentralPg } from '../../electron/services/sync/central-pg/store';
import { syncedTables } from '../../electron/services/sync/tables';
import { startPgCluster, type PgCluster } from '../support/pg-cluster';

let cluster: PgCluster;
beforeAll(async () => {
  cluster = await startPgCluster();
}, 60000);
afterAll(() => cluster?.stop());

describe('central store on PostgreSQL', () => {
  it('migrates at open, keys site tables by project first, and refuses another central system', async () => {
    const store = await openCentralPg(cluster.url, 'central-a');
    await store.close();
    const again = await openCentralPg(cluster.url, 'central-a');
    try {
      const keys = await again.pool.query<{ table_name: string; first: string }>(`
        select c.relname as table_name, a.attname as first
        from pg_index i join pg_class c on c.oid = i.indrelid join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
        where i.indisprimary and c.relnamespace = 'public'::regnamespace`);
      const first = new Map(keys.rows.map((r) => [r.table_name, r.first]));
      for (const [name] of syncedTables) expect(first.get(name), name).toBe(name === 'projects' ? 'id' : 'project_id');
    } finally {
      await again.close();
    }
    await expect(openCentralPg(cluster.url, 'central-b')).rejects.toThrow(/另一个中心系统/);
  }, 60000);
});
