// 审计记录 names every action and record in Chinese: a synced table or an audit action added
// without a name would show its English key on the screen.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditActionLabels, auditTableLabels } from '../../electron/common/audit-labels';
import { syncedTables } from '../../electron/services/sync/tables';

const named = (label: string | undefined) => /\p{Script=Han}/u.test(label ?? '');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('the words of 审计记录', () => {
  it('has a Chinese name for every synced table', () => {
    expect([...syncedTables.keys()].filter((t) => !named(auditTableLabels[t]))).toEqual([]);
  });

  it('has a Chinese name for every action the program writes to the audit trail', () => {
    // Actions are written as literals: `action: 'x'` in an audit entry, or a `…_ACTION = 'x'` constant,
    // in the services and the command line (electron/main's `action: 'deny'` is a window's, not one).
    const roots = ['services', 'cli', 'node', 'api'].map((d) => path.resolve(__dirname, '../../electron', d));
    const written = new Set(roots.flatMap(sources).flatMap((f) =>
      [...fs.readFileSync(f, 'utf8').matchAll(/\baction: '([a-z_]+)'|_ACTION = '([a-z_]+)'/g)].map((m) => m[1] ?? m[2]!)));
    expect(written.size).toBeGreaterThan(10);
    expect([...written].filter((a) => !named(auditActionLabels[a])).sort()).toEqual([]);
  });
});
