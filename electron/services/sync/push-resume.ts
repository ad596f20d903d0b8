// The push queue does not wait for someone to open 同步: it resumes when the app starts (each push
// at its own next attempt, the back-off it had), and at once when the network comes back (a
// network that was gone explains the failures; the count of attempts is kept, so a central system
// that is still down is not hammered). And the today board says how many changes wait, since when.
import os from 'node:os';
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { changes, syncPushes } from '../../../db/schema';
import { isoNow, type Services } from '../context';
import { pendingCount, siteState } from './export';
import { ensureInstallation } from './identity';
import { kickPushQueue, type ProcessOptions } from './push';

const WAITING = ['queued', 'retrying', 'sending'] as const;

function hasWaitingPushes(s: Services): boolean {
  return !!s.db.select({ id: syncPushes.id }).from(syncPushes).where(inArray(syncPushes.status, [...WAITING])).limit(1).get();
}

/** At start: a site with pushes waiting runs its queue (now for those due, later for the rest). */
export function resumePushQueue(s: Services, options: ProcessOptions = {}): boolean {
  if (ensureInstallation(s).role !== 'site' || !hasWaitingPushes(s)) return false;
  kickPushQueue(s, options);
  return true;
}

/** The addresses this PC has on a network other than loopback: none means no network. */
export function networkAddresses(): string[] {
  return Object.values(os.networkInterfaces()).flatMap((list) => list ?? []).filter((a) => !a.internal).map((a) => a.address).sort();
}

/** The waiting pushes become due now, keeping their attempts (and so their next back-off). */
export function pushesDueNow(s: Services): number {
  const at = isoNow(s.clock);
  return s.db.update(syncPushes).set({ nextAttemptAt: at, updatedAt: at }).where(eq(syncPushes.status, 'retrying')).run().changes;
}

export interface NetworkWatch {
  stop(): void;
  /** Looks once (the timer does it every intervalMs); resolves whether the queue was kicked. */
  check(): boolean;
}

/**
 * Watches the network while the app runs: when an address appears that was not there before (a
 * cable plugged in, Wi-Fi joined, a VPN up), waiting pushes are sent now. The timer does not keep
 * a process alive, and a closed store ends it.
 */
export function watchNetwork(s: Services, options: ProcessOptions & { intervalMs?: number; probe?: () => string[] } = {}): NetworkWatch {
  const probe = options.probe ?? networkAddresses;
  let known = new Set(probe());
  const check = (): boolean => {
    if (!s.sqlite.open) return false;
    const now = probe();
    const appeared = now.some((a) => !known.has(a));
    known = new Set(now);
    if (!appeared || now.length === 0 || !hasWaitingPushes(s)) return false;
    pushesDueNow(s);
    kickPushQueue(s, options);
    return true;
  };
  const timer = setInterval(() => {
    if (!s.sqlite.open) {
      clearInterval(timer);
      return;
    }
    check();
  }, options.intervalMs ?? 15_000);
  timer.unref();
  return { stop: () => clearInterval(timer), check };
}

/** 待同步 on the today board: changes not yet acknowledged, and when the oldest was made. */
export function syncWaiting(s: Services): { changes: number; since: string | null; lastAckAt: string | null } | null {
  if (ensureInstallation(s).role !== 'site') return null;
  const state = siteState(s);
  const oldest = s.db.select({ at: changes.at }).from(changes).where(and(gt(changes.seq, state.ackedSeq))).orderBy(asc(changes.seq)).limit(1).get();
  return { changes: pendingCount(s), since: oldest?.at ?? null, lastAckAt: state.ackedAt };
}
