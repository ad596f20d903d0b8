// Test support for 安全生产标准化现场: a site with its 项目负责人 and a 现场操作用户, and deductions
// entered the way a user enters them (a 扣分标准 line picked, its points within the line's range)
// until a table scores what a worked example says.
import type { TestApp } from './app';
import type { AssessmentView } from '../../electron/common/contract-safety';
import { OPERATOR } from './fixtures';
import { openSiteApp, preRegister, type SiteApp } from '../services/sync-support';

export interface SafetySite extends SiteApp {
  operator: string;
}

export async function openSafetySite(): Promise<SafetySite> {
  const site = await openSiteApp();
  await site.t.call('operators.create', { ...OPERATOR, realNamePermission: true }, site.token);
  const operator = await site.t.signIn(OPERATOR.idNumber, OPERATOR.password);
  await site.t.call('projects.enter', { projectId: site.projectId }, operator);
  return { ...site, operator };
}

export { preRegister };

/** The tables of the example of site-modules.md: two scaffold types, 物料提升机 only, no crane. */
export const EXAMPLE_TABLES = ['B.1', 'B.2', 'B.3', 'B.8', 'B.11', 'B.12', 'B.13', 'B.14', 'B.15', 'B.19'];
/** What each of them scores in the example (table name → score). */
export const EXAMPLE_SCORES: Record<string, number> = {
  安全管理: 80, 文明施工: 84, 扣件式钢管脚手架: 82, 悬挑式脚手架: 76, 基坑工程: 85, 模板支架: 85, 高处作业: 82, 施工用电: 80, 物料提升机: 78, 施工机具: 82,
};

/**
 * Enters deductions on a sheet worth `points` in all, each with a line whose range allows the
 * amount, leaving every 保证项目 above 0.
 */
export async function deductPoints(t: TestApp, token: string, view: AssessmentView, tableKey: string, points: number): Promise<AssessmentView> {
  const sheet = view.sheets.find((sh) => sh.tableKey === tableKey)!;
  // 一般项目 first (the last items first), then the 保证项目, never taking one of those to 0.
  const candidates = [...sheet.definition.items.filter((i) => i.group !== '保证项目').reverse(), ...sheet.definition.items.filter((i) => i.group === '保证项目')];
  let remaining = points;
  let current = view;
  for (const item of candidates) {
    let room = item.group === '保证项目' ? item.points - 1 : item.points;
    while (remaining > 0 && room > 0) {
      const want = Math.min(remaining, room);
      // Exactly `want` with one line (a single deduction, or per occurrence × occurrences) if any line allows it…
      let pick: { lineNo: number; perPoints: number; quantity: number } | null = null;
      item.lines.forEach((l, i) => {
        if (pick) return;
        if (l.min <= want && want <= l.max) pick = { lineNo: i + 1, perPoints: want, quantity: 1 };
        else if (l.per) for (let p = l.min; p <= l.max && !pick; p++) if (want % p === 0) pick = { lineNo: i + 1, perPoints: p, quantity: want / p };
      });
      // … else the most one line gives, never leaving a single point no line can take.
      if (!pick) {
        item.lines.forEach((l, i) => {
          let p = Math.min(l.max, want);
          if (want - p === 1) p -= 1;
          if (p >= l.min && p < want && (!pick || p > pick.perPoints)) pick = { lineNo: i + 1, perPoints: p, quantity: 1 };
        });
      }
      if (!pick) break;
      const { lineNo, perPoints, quantity } = pick as { lineNo: number; perPoints: number; quantity: number };
      current = await t.call('safety.addDeduction', { sheetId: sheet.id, itemNo: item.no, lineNo, perPoints, quantity, note: `${item.name}处` }, token);
      remaining -= perPoints * quantity;
      room -= perPoints * quantity;
    }
    if (remaining === 0) break;
  }
  if (remaining !== 0) throw new Error(`could not deduct ${points} from ${tableKey}`);
  return current;
}

export async function scoreExample(site: SiteApp, token = site.token): Promise<AssessmentView> {
  let view = await site.t.call('safety.createAssessment', { kind: 'monthly', checkedOn: '2020-02-17', inspector: '项目安全部 王建国', subject: '', tables: EXAMPLE_TABLES }, token);
  for (const sheet of view.sheets) view = await deductPoints(site.t, token, view, sheet.tableKey, 100 - EXAMPLE_SCORES[sheet.definition.name]!);
  return view;
}
