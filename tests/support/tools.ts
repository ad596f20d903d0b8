// The programs some tests run (poppler's PDF readers, socat, gcc, Chromium, PostgreSQL). A test that
// needs one the machine lacks fails at once with the name of the program and the command that
// installs it; it is never skipped, in CI or elsewhere, because a skipped test hides exactly the
// case it exists for. `.ci/run` installs all of them.
import fs from 'node:fs';
import path from 'node:path';

/** The Debian package each program comes from. */
const PACKAGES: Record<string, string> = {
  pdftotext: 'poppler-utils',
  pdfinfo: 'poppler-utils',
  pdffonts: 'poppler-utils',
  pdftoppm: 'poppler-utils',
  socat: 'socat',
  gcc: 'gcc',
  chromium: 'chromium',
  initdb: 'postgresql',
  pg_ctl: 'postgresql',
  psql: 'postgresql-client',
};

/** Where the program is on PATH (or among PostgreSQL's versioned folders), or null. */
export function findTool(name: string, extraDirs: string[] = []): string | null {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...extraDirs].filter(Boolean);
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export class MissingToolError extends Error {}

export function missingToolMessage(name: string): string {
  const pkg = PACKAGES[name] ?? name;
  return `This test needs \`${name}\`, which is not installed on this machine. Install it with: apt-get install -y ${pkg} (bash .ci/run installs every program the tests need).`;
}

/** The program's path; throws MissingToolError naming it and its install command when it is absent. */
export function tool(name: string, extraDirs: string[] = []): string {
  const found = findTool(name, extraDirs);
  if (!found) throw new MissingToolError(missingToolMessage(name));
  return found;
}
