// Where the gate receivers listen (a plain-HTTP port of its own, for the site LAN): the port the
// running receivers took (siteoffice serve --gate-port, or the desktop app), and the port the
// desktop app opens at start, kept in the settings table.
import { eq } from 'drizzle-orm';
import { settings } from '../../../db/schema';
import type { Services } from '../context';

const KEY = 'gates.port';
const running = new WeakMap<Services, number>();

export function noteGatePort(s: Services, port: number | null): void {
  if (port === null) running.delete(s);
  else running.set(s, port);
}

/** The port the receivers listen on now, or null when they are off. */
export function gatePortOf(s: Services): number | null {
  return running.get(s) ?? null;
}

/** The port the desktop app opens its receivers on at start (null: off). */
export function storedGatePort(s: Services): number | null {
  const row = s.db.select().from(settings).where(eq(settings.key, KEY)).get();
  return row ? (JSON.parse(row.value) as number | null) : null;
}

export function saveGatePort(s: Services, port: number | null): { stored: number | null; running: number | null } {
  const value = JSON.stringify(port);
  s.db.insert(settings).values({ key: KEY, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
  return { stored: port, running: gatePortOf(s) };
}
