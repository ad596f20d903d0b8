// The command line from the sources, bundled into a temporary folder for tests that run it as a
// child process: apart from dist/, so that no other test's build of dist/ races it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const root = fileURLToPath(new URL('../..', import.meta.url));
const external = ['electron', 'better-sqlite3', 'pg', 'pg-copy-streams', 'koffi', 'serialport', '@serialport/*', 'pdfkit', 'exceljs', '@embedpdf/*', '@playwright/test', 'playwright', 'playwright-core'];

export async function buildCli(dir: string): Promise<string> {
  const cli = path.join(dir, 'cli.cjs');
  await build({
    stdin: { contents: "require('./electron/cli/main').main(process.argv.slice(2)).then((c) => { if (c >= 0) process.exitCode = c; });", resolveDir: root, loader: 'ts' },
    outfile: cli, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external, logLevel: 'error', absWorkingDir: root,
  });
  return cli;
}

/** The environment the bundled CLI needs to find its native modules. */
export function cliEnv(): NodeJS.ProcessEnv {
  return { ...process.env, NODE_PATH: path.join(root, 'node_modules') };
}
