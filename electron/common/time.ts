// Dates as a Shanghai site office sees them: the app is for Shanghai sites, so "today" and the
// dates it stores are Asia/Shanghai whatever time zone the PC is set to.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

export const SITE_TIME_ZONE = 'Asia/Shanghai';

export function siteDate(at: Date): string {
  return dayjs(at).tz(SITE_TIME_ZONE).format('YYYY-MM-DD');
}

export function siteDateTime(at: Date | string): string {
  return dayjs(at).tz(SITE_TIME_ZONE).format('YYYY-MM-DD HH:mm:ss');
}
