// What the vendors' receivers share: reading a body with a limit, the caller's address, the query,
// and turning a device's time into site time.
import type http from 'node:http';
import { siteDateTime } from '../../common/time';
import type { Services } from '../../services/context';

export interface GateContext {
  services: Services;
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  remote: string;
  log: (line: string) => void;
}

/** A body read whole, with a limit (too large: ApiError PAYLOAD_TOO_LARGE), as the app's API reads one. */
export { readBody } from '../http';

export function reply(res: http.ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/**
 * YYYY-MM-DD HH:mm:ss as a device's local clock writes it (taken as site time), or null when it is
 * not a real time. Checked by a round trip through Date.UTC: a batch of thousands of lines is read
 * per push, and a calendar library's strict parse cost more than storing the punch.
 */
export function localDeviceTime(text: string): string | null {
  const m = LOCAL_TIME.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const real = t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && t.getUTCHours() === h && t.getUTCMinutes() === mi && t.getUTCSeconds() === s;
  return real ? text : null;
}

/** An ISO time with its offset (2024-04-01T07:02:03+08:00) as site time, or null. */
export function isoDeviceTime(text: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? siteDateTime(new Date(ms)) : null;
}

/** A device's person id: what a gate may send as PIN / employeeNo / personId. */
export function personRefOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value !== 'string') return null;
  const ref = value.trim();
  return /^[0-9A-Za-z_-]{1,32}$/.test(ref) ? ref : null;
}
