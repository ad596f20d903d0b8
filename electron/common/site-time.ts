// Parsing and comparing the site times that forms send (YYYY-MM-DD HH:mm[:ss], Asia/Shanghai).
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import { SITE_TIME_ZONE, siteDate, siteDateTime } from './time';

dayjs.extend(customParseFormat);

/** The same time with seconds, or null when it is not a real calendar time. */
export function normalizeSiteDateTime(text: string): string | null {
  const withSeconds = text.length === 16 ? `${text}:00` : text;
  return dayjs(withSeconds, 'YYYY-MM-DD HH:mm:ss', true).isValid() ? withSeconds : null;
}

export function isRealDate(text: string): boolean {
  return dayjs(text, 'YYYY-MM-DD', true).isValid();
}

export function addDays(date: string, days: number): string {
  return dayjs(date, 'YYYY-MM-DD', true).add(days, 'day').format('YYYY-MM-DD');
}

export { SITE_TIME_ZONE, siteDate, siteDateTime };
