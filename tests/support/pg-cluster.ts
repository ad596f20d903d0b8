// A private PostgreSQL cluster for one test run: initdb in a temporary folder, listening on
// 127.0.0.1 on a free port, stopped (and the folder removed) at the end. initdb refuses to run as
// root, so as root (CI, this machine) the cluster belongs to the `postgres` user. A missing
// PostgreSQL fails with the command that installs it; nothing is skipped.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { findTool, MissingToolError, missingToolMessage } from './tools';

/** Debian keeps the server programs out of PATH, under /usr/lib/postgresql/<version>/bin. */
function serverDirs(): string[] {
  const root = '/usr/lib/postgresql';
  try {
    return fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)).map((v) => path.join(root, v, 'bin'));
  } catch {
    return [];
  }
}

function program(name: string): string {
  const found = findTool(name, serverDirs());
  if (!found) throw new MissingToolError(missingToolMessage(name));
  return found;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export interface PgCluster {
  /** A superuser URL of the cluster's `postgres` database. */
  url: string;
  stop(): void;
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL program, as the postgres user when we are root. */
function run(file: string, args: string[]): void {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${path.basename(file)} failed: ${r.stderr || r.stdout}`);
}

export async function startPgCluster(): Promise<PgCluster> {
  const initdb = program('initdb');
  const pgCtl = program('pg_ctl');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-pg-'));
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  const port = await freePort();
  // C.UTF-8: sorting and the search terms' comparisons by code point (central.md).
  run(initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '--locale=C.UTF-8', '--encoding=UTF8']);
  run(pgCtl, ['-D', data, '-l', path.join(dir, 'log'), '-w', '-o', `-c listen_addresses=127.0.0.1 -c port=${port} -k ${dir} -c max_connections=200 -c fsync=on`, 'start']);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
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

/** A new, empty database on the cluster (locale C.UTF-8, as central.md says), and its URL. */
export async function createDatabase(cluster: PgCluster, name: string): Promise<string> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  try {
    await client.query(`create database "${name}" template template0 encoding 'UTF8' locale 'C.UTF-8'`);
  } finally {
    await client.end();
  }
  return cluster.url.replace(/\/[^/]*$/, `/${name}`);
}
