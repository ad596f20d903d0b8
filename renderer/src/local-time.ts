// A stored ISO time as the office reads it: the machine's local time, 24-hour, in Chinese; — when none.
export function localTime(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—';
}
