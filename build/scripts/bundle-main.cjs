// Bundles the main side (CLI and web mode, Electron main, preload) with esbuild into dist/.
// Native and heavy dependencies stay external (better-sqlite3 must be the build next to it); pure
// JavaScript ones (zod, drizzle-orm, uuid, …) are bundled, which also lets ESM-only packages run
// inside these CommonJS bundles.
'use strict';
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..', '..');

const external = ['electron', 'better-sqlite3', 'pg', 'pg-copy-streams', 'koffi', 'serialport', '@serialport/*', 'pdfkit', 'exceljs', '@embedpdf/*', '@playwright/test', 'playwright', 'playwright-core'];

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

const targets = [
  { ...common, entryPoints: ['electron/cli/main.ts'], outfile: 'dist/node/cli.cjs', external },
  { ...common, entryPoints: ['electron/main/main.ts'], outfile: 'dist/electron/main.cjs', external },
  // The process reports and workbooks are made in (services/reports/job-runner.ts).
  { ...common, entryPoints: ['electron/node/report-worker.ts'], outfile: 'dist/node/report-worker.cjs', external },
  // A sandboxed preload may require nothing but 'electron': everything else is bundled in.
  { ...common, entryPoints: ['electron/preload/preload.ts'], outfile: 'dist/electron/preload.cjs', external: ['electron'] },
];

function bundleMainSync() {
  for (const options of targets) esbuild.buildSync(options);
}

module.exports = { bundleMainSync };

if (require.main === module) {
  const started = Date.now();
  bundleMainSync();
  console.log(`main side bundled into dist/ in ${Date.now() - started} ms`);
}
