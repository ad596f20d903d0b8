// Dates as a Shanghai site office sees them: the app is for Shanghai sites, so "today" and the
// dates it stores are Asia/Shanghai whatever time zone the PC is set to.
// Asia/Shanghai has kept UTC+8 without daylight saving time since 1991, and every time the app
// converts is recent, so a fixed offset is exact here, and far cheaper than a time-zone database
// lookup on every call (it showed in the benchmark's profile).

export const SITE_TIME_ZONE = 'Asia/Shanghai';
const OFFSET_MS = 8 * 3600 * 1000;

/** YYYY-MM-DDTHH:mm:ss of the instant on Shanghai's wall clock. */
function wallClock(at: Date | string): string {
  const ms = (typeof at === 'string' ? new Date(at) : at).getTime();
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 19);
}

export function siteDate(at: Date): string {
  return wallClock(at).slice(0, 10);
}

export function siteDateTime(at: Date | string): string {
  return wallClock(at).replace('T', ' ');
}
