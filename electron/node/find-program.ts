// Where a program is: on PATH, or in folders a package keeps out of PATH (PostgreSQL's versioned
// server folders on Debian). Used by the benchmark's private PostgreSQL cluster and by the tests.
import fs from 'node:fs';
import path from 'node:path';

/** Where the program is on PATH (or among `extraDirs`), or null. */
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
