// Row ids unique across all sites without coordination: UUIDv7 (time-ordered, so B-tree inserts
// stay at the right edge). The random bytes come from a pool filled 512 ids at a time: asking the
// system for 16 bytes per id cost more than the insert of a gate's punch (the benchmark's profile).
// Within one millisecond the ids count up from a random start, as uuid's own v7 does.
import crypto from 'node:crypto';
import { v7 } from 'uuid';

const POOL_BYTES = 16 * 512;
const pool = new Uint8Array(POOL_BYTES);
let offset = POOL_BYTES;
let lastMs = -Infinity;
let seq = 0;

export function newId(): string {
  if (offset === POOL_BYTES) {
    crypto.randomFillSync(pool);
    offset = 0;
  }
  const random = pool.subarray(offset, offset + 16);
  offset += 16;
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    // 31 random bits: room to count up within the millisecond without wrapping.
    seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
  } else {
    seq = (seq + 1) | 0;
    if (seq === 0) lastMs++;
  }
  return v7({ msecs: lastMs, seq, random });
}
