// A folder shipped beside the code (migrations, rules), found wherever the module runs from: sources
// under vitest, dist/ bundles, a packaged app. Each caller lists its own candidates, relative to its
// own __dirname, and names the file that proves the folder is the right one.
import fs from 'node:fs';
import path from 'node:path';

export function findFolder(what: string, candidates: string[], marker: string): string {
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, marker)));
  if (!found) throw new Error(`${what} not found (looked in ${candidates.join(', ')})`);
  return found;
}
