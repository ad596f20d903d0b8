// The 监理报告 rules this project works by: the 月报's due day and sections, the 紧急报告's time
// limits, the recipients (《上海市建设工程监理报告若干规定》; the limits are data to be checked).
import type { Db } from '../../../db/open';
import { currentContent, editionInUse } from '../rules/editions';
import type { WriteContext } from '../write-context';

export const REPORTS_KEY = '上海市建设工程监理报告若干规定';

export const currentReportRules = (db: Db, projectId: string) => currentContent(db, projectId, 'supervision.reports', REPORTS_KEY);
export const reportRulesInUse = (ctx: WriteContext) => editionInUse(ctx.db, ctx.recorder, ctx.author, ctx.actor.projectId, 'supervision.reports', REPORTS_KEY);

/** The next number of an instrument: 监通〔2024〕003 — the year's count of that prefix, plus one. */
export function nextNumber(existing: string[], prefix: string, year: string): string {
  const head = `${prefix}〔${year}〕`;
  const used = existing.filter((n) => n.startsWith(head)).map((n) => Number(n.slice(head.length)) || 0);
  return `${head}${String(Math.max(0, ...used) + 1).padStart(3, '0')}`;
}

/** The site date a month's 月报 is due: `dueDay` of the next month. */
export function monthlyDueOn(period: string, dueDay: number): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const next = new Date(Date.UTC(y, m, dueDay));
  return next.toISOString().slice(0, 10);
}

/** The months from `from` to `to` (YYYY-MM), both included. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  while (`${y}-${String(m).padStart(2, '0')}` <= to) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
}
