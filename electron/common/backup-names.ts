// A backup's file name: when (UTC, to the second), why (daily, manual, pre-migration, pre-restore,
// imported), and a number from 2 on when another backup of the same second already has the name.
export const backupFileNamePattern = /^siteoffice-(\d{8})-(\d{6})-([a-z]+(?:-[a-z]+)*)(?:-(\d{1,4}))?\.sqlite$/;

export function backupFileName(reason: string, at: Date, n = 1): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `siteoffice-${stamp}-${reason}${n > 1 ? `-${n}` : ''}.sqlite`;
}
