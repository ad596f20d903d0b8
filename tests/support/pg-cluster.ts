// A private PostgreSQL cluster for one test run (electron/node/pg-cluster.ts starts it). A missing
// PostgreSQL fails with the command that installs it; nothing is skipped.
import { createDatabase, freePort, PgMissingError, startPgCluster as start, type PgCluster } from '../../electron/node/pg-cluster';
import { MissingToolError, missingToolMessage } from './tools';

export { createDatabase, freePort, type PgCluster };

export async function startPgCluster(): Promise<PgCluster> {
  try {
    return await start();
  } catch (e) {
    if (e instanceof PgMissingError) throw new MissingToolError(missingToolMessage(e.program));
    throw e;
  }
}

/** Every row of every table of the database, as JSON text: equal before and after means nothing changed. */
export async function pgDump(url: string): Promise<string> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>("select tablename as name from pg_tables where schemaname in ('public', 'drizzle') order by schemaname, tablename");
    const out: Record<string, unknown> = {};
    for (const { name } of tables.rows) {
      const schema = name === '__drizzle_migrations' ? 'drizzle' : 'public';
      out[name] = (await client.query(`select coalesce(json_agg(t order by t::text), '[]') as rows from "${schema}"."${name}" t`)).rows[0].rows;
    }
    return JSON.stringify(out);
  } finally {
    await client.end();
  }
}
