// The audit trail's key: 32 random bytes in the secret store (keys/, outside the database and its
// backups). Each audit row's hash is HMAC-SHA-256 under it, chained to the row before, so someone
// who can edit the database file can neither forge a row nor re-chain a log whose tail they cut.
//
// Rows written before the key existed were chained with plain SHA-256. At the first open with this
// version the whole chain is checked that way and, when intact, re-chained under the key in one
// transaction. `legacyUntil` (kept with the key, so the database cannot move it) is the last row
// still chained without the key: 0 once re-chained; more when the old chain was already broken, so
// that 校验审计记录 goes on showing where.
import crypto from 'node:crypto';
import { asc, gt } from 'drizzle-orm';
import { auditLog } from '../../../db/schema';
import type { Services } from '../context';
import { auditDigest, GENESIS_HASH, legacyAuditDigest, useAuditKey } from '../outbox';
import type { SecretStore } from './secret-store';

export const AUDIT_KEY_SECRET = 'audit-key';

export interface AuditKey {
  key: Buffer;
  legacyUntil: number;
}

export function readAuditKey(secrets: SecretStore): AuditKey | null {
  const raw = secrets.read(AUDIT_KEY_SECRET);
  if (!raw) return null;
  const parsed = JSON.parse(raw.toString('utf8')) as { key: string; legacyUntil: number };
  return { key: Buffer.from(parsed.key, 'base64'), legacyUntil: parsed.legacyUntil };
}

function writeAuditKey(secrets: SecretStore, k: AuditKey): void {
  secrets.write(AUDIT_KEY_SECRET, Buffer.from(JSON.stringify({ key: k.key.toString('base64'), legacyUntil: k.legacyUntil })));
}

type Row = typeof auditLog.$inferSelect;

/** Every audit row in order, a page at a time (a site's log reaches millions of rows). */
export function* auditRows(s: Services, pageSize = 5000): Generator<Row> {
  let after = 0;
  for (;;) {
    const rows = s.db.select().from(auditLog).where(gt(auditLog.seq, after)).orderBy(asc(auditLog.seq)).limit(pageSize).all();
    if (rows.length === 0) return;
    yield* rows;
    after = rows[rows.length - 1]!.seq;
  }
}

/** Whether the chain is whole under the given way of hashing each row. */
function chainHolds(s: Services, digestOf: (row: Omit<Row, 'hash'>) => string): boolean {
  let prev = GENESIS_HASH;
  let expected = 1;
  for (const row of auditRows(s)) {
    const { hash, ...content } = row;
    if (row.seq !== expected || row.prevHash !== prev || digestOf(content) !== hash) return false;
    prev = hash;
    expected++;
  }
  return true;
}

/** Re-chains every row under the key, in one transaction. */
function rechain(s: Services, key: Buffer): void {
  s.sqlite.transaction(() => {
    const update = s.sqlite.prepare('update audit_log set prev_hash = ?, hash = ? where seq = ?');
    let prev = GENESIS_HASH;
    for (const row of auditRows(s)) {
      const { hash: _old, ...content } = row;
      const hash = auditDigest({ ...content, prevHash: prev }, key);
      update.run(prev, hash, row.seq);
      prev = hash;
    }
  })();
}

/** Loads (or makes) the key of an opened data folder and hands it to the audit writer. */
export function ensureAuditKey(s: Services): AuditKey {
  let stored = readAuditKey(s.secrets);
  if (!stored) {
    const last = s.sqlite.prepare('select coalesce(max(seq), 0) as n from audit_log').get() as { n: number };
    // Written before any row is re-chained: a crash in between leaves rows the key file describes.
    stored = { key: crypto.randomBytes(32), legacyUntil: last.n };
    writeAuditKey(s.secrets, stored);
  }
  useAuditKey(s.sqlite.name, stored.key);
  if (stored.legacyUntil > 0) {
    const key = stored.key;
    const legacyUntil = stored.legacyUntil;
    const keyedAlready = chainHolds(s, (row) => auditDigest(row, key));
    if (!keyedAlready && chainHolds(s, (row) => (row.seq <= legacyUntil ? legacyAuditDigest(row) : auditDigest(row, key)))) rechain(s, key);
    if (keyedAlready || chainHolds(s, (row) => auditDigest(row, key))) {
      stored = { key, legacyUntil: 0 };
      writeAuditKey(s.secrets, stored);
    }
  }
  return stored;
}
