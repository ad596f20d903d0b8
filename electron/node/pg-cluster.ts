// A private PostgreSQL cluster: initdb in a temporary folder, listening on 127.0.0.1 on a free
// port, stopped (and the folder removed) at the end. initdb refuses to run as root, so as root (CI,
// this machine) the cluster belongs to the `postgres` user. The tests start one per file
// (tests/support/pg-cluster.ts) and the benchmark one per run (cli/bench-central-pg.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { findTool } from './find-program';

/** A PostgreSQL server program this machine lacks; `program` names it. */
export class PgMissingError extends Error {
  constructor(readonly program: string) {
    super(`PostgreSQL is not installed here: \`${program}\` not found`);
  }
}

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
  if (!found) throw new PgMissingError(name);
  return found;
}

/** Whether the server programs a cluster needs are here. */
export function pgInstalled(): boolean {
  return ['initdb', 'pg_ctl'].every((name) => findTool(name, serverDirs()) !== null);
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
  /** The server's log so far (what it said, and plans where auto_explain is set). */
  log(): string;
  stop(): void;
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL program, as the postgres user when we are root. */
function run(file: string, args: string[]): void {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${path.basename(file)} failed: ${r.stderr || r.stdout}`);
}

/** `settings`: more `-c name=value` server settings (the benchmark gives its memory). Throws PgMissingError when PostgreSQL is absent. */
export async function startPgCluster(settings: Record<string, string> = {}): Promise<PgCluster> {
  const initdb = program('initdb');
  const pgCtl = program('pg_ctl');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-pg-'));
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  const port = await freePort();
  // C.UTF-8: sorting and the search terms' comparisons by code point (central.md).
  run(initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '--locale=C.UTF-8', '--encoding=UTF8']);
  const extra = Object.entries(settings).map(([k, v]) => ` -c ${k}=${v}`).join('');
  run(pgCtl, ['-D', data, '-l', path.join(dir, 'log'), '-w', '-o', `-c listen_addresses=127.0.0.1 -c port=${port} -k ${dir} -c max_connections=200 -c fsync=on${extra}`, 'start']);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    log: () => fs.readFileSync(path.join(dir, 'log'), 'utf8'),
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
