// The programs some tests run (poppler's PDF readers, socat, gcc, Chromium, PostgreSQL). A test that
// needs one the machine lacks fails at once with the name of the program and the command that
// installs it; it is never skipped, in CI or elsewhere, because a skipped test hides exactly the
// case it exists for. `.ci/run` installs all of them.
import { findTool } from '../../electron/node/find-program';

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

/** Where the program is on PATH (or among `extraDirs`), or null: electron/node/find-program.ts. */
export { findTool };

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
