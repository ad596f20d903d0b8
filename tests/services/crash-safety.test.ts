// "A write that the UI reported as saved survives a kill -9 at any moment."
//
// A real child process (tests/support/issue9-crash-writer.ts, bundled with esbuild here) opens a
// data folder with the real app and writes through the real dispatcher — persons.create,
// health.create, dispositions.set, family.create — printing `ack …` only after a call resolved ok.
// The test kills it with SIGKILL after a seeded random delay, reopens the folder (taking over the
// stale lock), and checks the SQLite file: intact, every acknowledged write there, and no record
// half-written (outbox and audit rows with every record, seq 1..N, the audit hash chain intact).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import esbuild from 'esbuild';
import { openApp } from '../../electron/node/app';
import { seededRandom } from '../../electron/cli/demo-people';
import { consistencyProblems, foreignKeyViolations, integrityCheck } from '../support/issue9-db-checks';

const root = path.resolve(__dirname, '..', '..');
const external = ['electron', 'better-sqlite3', 'koffi', 'serialport', '@serialport/*', 'pdfkit', 'exceljs', '@embedpdf/*'];

let work: string;
let writer: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-crash-'));
  writer = path.join(work, 'writer.cjs');
  esbuild.buildSync({
    entryPoints: [path.join(root, 'tests/support/issue9-crash-writer.ts')],
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: writer, external, logLevel: 'warning', absWorkingDir: root,
  });
});

afterAll(async () => {
  // The spare writer never got `go`: closing its stdin ends it; SIGKILL any of ours still alive.
  for (const child of started) {
    child.stdin.end();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

type KillMode = 'starting' | 'ready' | 'ack';

interface Ack { kind: string; id: string; extra: string[] }

interface Round {
  lines: string[];
  acks: Ack[];
  pid: number;
  opened: boolean;
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

/**
 * A writer process that has loaded its code and waits for `go`. The test keeps one ready while it
 * checks the last round, so that loading (most of a writer's start-up) does not add to every round.
 */
interface Writer {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  stderr: string;
  /** Called with each complete stdout line. */
  onLine: (line: string) => void;
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: ChildProcessWithoutNullStreams[] = [];

function startWriter(): Writer {
  const child = spawn(process.execPath, [writer], {
    cwd: root,
    env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  started.push(child);
  const w: Writer = { child, lines: [], stderr: '', onLine: () => {}, closed: undefined as never };
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      w.lines.push(line);
      w.onLine(line);
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => { w.stderr += chunk; });
  // 'close': the process is gone and its stdout has been read to the end.
  w.closed = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  return w;
}

let spare: Writer | undefined;

/**
 * Runs a writer on dataDir and kills it with SIGKILL `delayMs` after the moment `mode` names: its
 * `starting` line (about to take the lock and open the database), its `ready` line (signed in,
 * about to write), or its first acknowledged write.
 */
async function runRound(dataDir: string, round: number, seed: number, mode: KillMode, delayMs: number): Promise<Round> {
  const w = spare ?? startWriter();
  spare = startWriter(); // loads while this round runs and is checked
  let timer: NodeJS.Timeout | undefined;
  // Only a stuck writer reaches this: the kill is due long before.
  const safety = setTimeout(() => w.child.kill('SIGKILL'), 30000);
  const arm = () => {
    timer ??= setTimeout(() => w.child.kill('SIGKILL'), delayMs);
  };
  w.onLine = (line) => {
    if (mode === 'starting' && line === 'starting') arm();
    if (mode === 'ready' && line === 'ready') arm();
    if (mode === 'ack' && /^ack (person|health|batch|disposition|family) /.test(line)) arm();
  };
  for (const line of w.lines) w.onLine(line);
  w.child.stdin.write(`go ${dataDir} ${round} ${seed}\n`);
  const { code, signal } = await w.closed;
  clearTimeout(timer);
  clearTimeout(safety);
  const acks = w.lines.filter((l) => l.startsWith('ack ')).map((l) => {
    const [, kind, id, ...extra] = l.split(' ');
    return { kind: kind!, id: id!, extra };
  });
  return { lines: w.lines, acks, pid: w.child.pid!, opened: w.lines.some((l) => l.startsWith('opened ')), signal, code, stderr: w.stderr };
}

/** The morning batches a round started (acknowledged or not). */
function batchesOf(round: Round): { at: string; size: number }[] {
  return round.lines.filter((l) => l.startsWith('batch ')).map((l) => {
    const [, at, size] = l.split(' ');
    return { at: at!, size: Number(size) };
  });
}

/** Reopens the folder after a kill (taking over the dead writer's lock) and checks everything. */
function verifyAfterKill(dataDir: string, round: Round, acknowledged: Ack[], batches: { at: string; size: number }[]): void {
  const context = `round output:\n${round.lines.slice(-5).join('\n')}\nstderr:\n${round.stderr}`;
  expect(round.signal, `the writer must die by our SIGKILL, not by itself\n${context}`).toBe('SIGKILL');
  const lockPath = path.join(dataDir, 'siteoffice.lock');
  if (round.opened) {
    // The dead writer's lock is still there: reopening must take it over.
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(String(round.pid));
  }
  const app = openApp(dataDir, { log: () => {} });
  try {
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(String(process.pid));
    const sqlite = app.services.sqlite;
    expect(integrityCheck(sqlite)).toEqual(['ok']);
    expect(foreignKeyViolations(sqlite)).toEqual([]);
    expect(consistencyProblems(sqlite), context).toEqual([]);

    const has = (sql: string, ...params: string[]) => sqlite.prepare(sql).get(...params) !== undefined;
    const checksAt = (at: string) => (sqlite.prepare('select count(*) as n from health_checks where checked_at = ?').get(at.replace('T', ' ')) as { n: number }).n;
    const missing: string[] = [];
    for (const ack of acknowledged) {
      const present = ack.kind === 'init' ? has('select 1 from projects where id = ?', ack.id)
        : ack.kind === 'employer' ? has('select 1 from employers where id = ?', ack.id)
          : ack.kind === 'person' ? has('select 1 from persons where id = ? and id_number = ?', ack.id, ack.extra[0]!)
            : ack.kind === 'health' ? has('select 1 from health_checks where id = ?', ack.id)
              : ack.kind === 'disposition' ? has('select 1 from dispositions where id = ? and person_id = ? and state = ?', ack.id, ack.extra[0]!, ack.extra[1]!)
                : ack.kind === 'family' ? has('select 1 from family_members where id = ?', ack.id)
                  : ack.kind === 'batch' ? checksAt(ack.id) === Number(ack.extra[0])
                    : false;
      if (!present) missing.push(`${ack.kind} ${ack.id}`);
    }
    expect(missing, `acknowledged writes lost after kill -9\n${context}`).toEqual([]);
    // A morning batch is one transaction: every batch ever started has all its rows or none.
    const halfBatches = batches.filter((b) => ![0, b.size].includes(checksAt(b.at))).map((b) => `${b.at}: ${checksAt(b.at)} of ${b.size}`);
    expect(halfBatches, `half-saved morning batches\n${context}`).toEqual([]);
  } finally {
    app.close();
  }
}

describe('kill -9 while writing', () => {
  it('every acknowledged write survives, the file stays intact and nothing is half-written (25 rounds on one folder, 6 on fresh ones)', async () => {
    const random = seededRandom(20200217);
    const modes: KillMode[] = ['starting', 'ready', 'ack'];

    // One folder reused across rounds: the writer initializes it in the first round that gets that
    // far, and every later round adds to it, so the acknowledged writes accumulate.
    const shared = path.join(work, 'shared');
    const acknowledged: Ack[] = [];
    const batches: { at: string; size: number }[] = [];
    let ackRounds = 0;
    for (let r = 0; r < 25; r++) {
      const mode = modes[r % 3]!;
      // From 'starting': 0–0.5 s (lock, open, migrations, sign-in, the first writes); otherwise 0–0.7 s.
      const delay = Math.floor(random() * (mode === 'starting' ? 500 : 700));
      const round = await runRound(shared, r, 1000 + r, mode, delay);
      acknowledged.push(...round.acks);
      batches.push(...batchesOf(round));
      if (mode === 'ack') ackRounds++;
      verifyAfterKill(shared, round, acknowledged, batches);
    }
    const writes = acknowledged.filter((a) => a.kind !== 'init' && a.kind !== 'employer');
    // Each 'ack' round was killed only after at least one acknowledged write.
    expect(writes.length).toBeGreaterThanOrEqual(ackRounds);

    // Fresh folders: the kill may land in the very first open (lock, migrations, the installation
    // identity) or in setup.initialize and the first 用人单位.
    for (let r = 0; r < 6; r++) {
      const fresh = path.join(work, `fresh-${r}`);
      const round = await runRound(fresh, 100 + r, 2000 + r, 'starting', Math.floor(random() * (r % 2 === 0 ? 80 : 500)));
      verifyAfterKill(fresh, round, round.acks, batchesOf(round));
    }
  }, 240000);
});
