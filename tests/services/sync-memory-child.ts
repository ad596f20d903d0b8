// Child process of sync-memory.test.ts (bundled with esbuild, run with node): exports the outbox of
// a data folder through the real writer and verifies the file back, or imports a bundle into a
// central folder, and reports time and peak memory. A process of its own, so that the peak is the
// export's (or the import's) and not the test runner's.
import { openApp } from '../../electron/node/app';
import { exportBundle } from '../../electron/services/sync/export';
import { importBundle } from '../../electron/services/sync/apply';
import { ensureInstallation } from '../../electron/services/sync/identity';
import { openBundle } from '../../electron/services/sync/container';
import { verifyBundle } from '../../electron/services/sync/verify';

/** maxRSS is the process's high-water mark (KiB on Linux). */
const maxRssKb = () => process.resourceUsage().maxRSS;

async function exportAndVerify(dataDir: string, out: string): Promise<Record<string, number>> {
  const app = openApp(dataDir, { log: () => {} });
  const publicKey = ensureInstallation(app.services).publicKey;
  const baselineKb = maxRssKb();
  const started = Date.now();
  const result = await exportBundle(app.services, { outPath: out, channel: 'cli' });
  const exportMs = Date.now() - started;
  app.close();
  const verifyStarted = Date.now();
  const opened = openBundle(out);
  let records = 0;
  try {
    records = verifyBundle(opened, publicKey).manifest.records;
  } finally {
    opened.close();
  }
  return { changes: result.changes, records, size: result.size, exportMs, verifyMs: Date.now() - verifyStarted, baselineKb, peakKb: maxRssKb() };
}

function importInto(centralDir: string, file: string): Record<string, number> {
  const app = openApp(centralDir, { log: () => {} });
  try {
    const baselineKb = maxRssKb();
    const started = Date.now();
    const result = importBundle(app.services, file, { source: 'cli' });
    return { applied: result.applied, conflicts: result.conflicts, importMs: Date.now() - started, baselineKb, peakKb: maxRssKb() };
  } finally {
    app.close();
  }
}

async function main(): Promise<void> {
  const [mode, dir, file] = process.argv.slice(2);
  if (!dir || !file || (mode !== 'export' && mode !== 'import')) throw new Error('usage: child export|import <dataDir> <file>');
  const report = mode === 'export' ? await exportAndVerify(dir, file) : importInto(dir, file);
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
