// Dates of the labour forms: real calendar days, and not in the future where they record a fact.
import { ApiError } from '../../common/errors';
import { isRealDate, siteDate } from '../../common/site-time';
import type { Services } from '../context';

export function checkDay(s: Services, date: string, path: string, label: string): void {
  if (!isRealDate(date)) throw new ApiError('VALIDATION', `${label}无效`, [{ path, message: `${label}无效` }]);
  if (date > siteDate(s.clock.now())) throw new ApiError('VALIDATION', `${label}不能晚于今天`, [{ path, message: `${label}不能晚于今天` }]);
}

/** The days of a month YYYY-MM, as YYYY-MM-DD. */
export function daysOfMonth(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: last }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}
