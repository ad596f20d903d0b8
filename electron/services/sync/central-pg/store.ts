// The central store on PostgreSQL (`--database postgres://…` or SITEOFFICE_DATABASE_URL): the
// city's site data and its sync bookkeeping (db/central-pg/schema.ts). The central office's own
// data folder keeps what belongs to that office: its keys, its 监督管理人员 accounts and audit
// trail, the attachment files. Migrations run at open, under an advisory lock so that several
// central processes starting at once migrate once.
import path from 'node:path';
import { findFolder } from '../../../../db/find-folder';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from '../../../../db/central-pg/schema';
import { ApiError } from '../../../common/errors';

export const DATABASE_URL_VARIABLE = 'SITEOFFICE_DATABASE_URL';

export interface CentralPg {
  pool: pg.Pool;
  db: NodePgDatabase<typeof schema>;
  url: string;
  close(): Promise<void>;
}

/** The PostgreSQL migrations folder, wherever this module runs from (sources, or dist/ bundles). */
export function pgMigrationsFolder(): string {
  const candidates = [
    path.resolve(__dirname, '../../../../db/central-pg/migrations'),
    path.resolve(__dirname, '../../db/central-pg/migrations'),
    path.resolve(__dirname, '../db/central-pg/migrations'),
    path.resolve(process.cwd(), 'db/central-pg/migrations'),
  ];
  return findFolder('PostgreSQL migrations folder', candidates, path.join('meta', '_journal.json'));
}

/** The database URL of a command: its --database option, else SITEOFFICE_DATABASE_URL, else none (SQLite). */
export function databaseUrl(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string | null {
  const url = option ?? env[DATABASE_URL_VARIABLE] ?? '';
  if (!url) return null;
  if (!/^postgres(ql)?:\/\//.test(url)) throw new ApiError('VALIDATION', `数据库地址应以 postgres:// 开头:${url.replace(/\/\/[^@/]*@/, '//…@').slice(0, 80)}`);
  return url;
}

/** A URL without its password, for messages and logs. */
export function redactedUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@/]*@/, '$1:…@');
}

const MIGRATION_LOCK = 727_020_001; // any constant: the advisory lock of this schema's migrations

/** Connects, migrates, and checks that the database belongs to this central system (or to none yet). */
export async function openCentralPg(url: string, centralId: string, options: { max?: number } = {}): Promise<CentralPg> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, application_name: 'siteoffice-central' });
  // An idle connection that fails (the server restarted) must not take the process down.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect().catch((e: Error) => {
      throw new ApiError('STORAGE', `无法连接中心数据库 ${redactedUrl(url)}:${e.message}`);
    });
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        await migrate(drizzle(client), { migrationsFolder: pgMigrationsFolder() });
        await client.query("insert into central_meta (key, value) values ('central_id', $1) on conflict (key) do nothing", [centralId]);
        const owner = (await client.query<{ value: string }>("select value from central_meta where key = 'central_id'")).rows[0]!.value;
        if (owner !== centralId) throw new ApiError('CONFLICT', `该数据库属于另一个中心系统(${owner}),不能与本中心系统(${centralId})共用`);
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      }
    } finally {
      client.release();
    }
  } catch (e) {
    await pool.end();
    throw e;
  }
  let closed = false;
  return {
    pool, url, db: drizzle(pool, { schema }),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** Runs `fn` in one transaction on one connection (READ COMMITTED), rolled back if it throws. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    try {
      const result = await fn(client);
      await client.query('commit');
      return result;
    } catch (e) {
      await client.query('rollback').catch(() => undefined);
      throw e;
    }
  } finally {
    client.release();
  }
}
