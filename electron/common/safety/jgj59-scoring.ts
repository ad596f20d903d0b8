// The scoring of JGJ 59-2011, in one place: the 分项检查评分表 from its items (or from its
// subtotals, as the command line receives them), the zero rule, 缺项 inside a table and of a whole
// 分项, the arithmetic mean of the tables of one 分项, A1, the total of the 汇总表 and its grade,
// each with the reason in words. The screens recompute with it as the user types, the services
// store what it says, and `siteoffice safety summary` prints it: the same code every time.
//
// Every number is an exact fraction (ratio.ts); thresholds are compared unrounded, and only what is
// shown is rounded: A1 to one decimal, the total to two.
import type { Jgj59Summary, Jgj59Table } from '../rules/jgj59';
import { GENERAL, GUARANTEED, type ItemGroup } from './labels';
import { Ratio } from './ratio';

export { Ratio };

export type Grade = '优良' | '合格' | '不合格';
export const grades: readonly Grade[] = ['优良', '合格', '不合格'];

/** The parts of the 汇总表 file the table scores need: the zero rule. */
export type ZeroRule = Pick<Jgj59Summary, 'guaranteedMinimum' | 'scaleGuaranteedMinimumWithMissing'>;

/** What was entered on one 分项检查评分表. */
export interface SheetInput {
  /** Items that do not exist on this site (缺项). */
  missingItems: readonly number[];
  /** Each deduction: the item it is against and its points (per occurrence × occurrences). */
  deductions: readonly { itemNo: number; points: number }[];
}

export interface ItemScore {
  no: number;
  name: string;
  group: ItemGroup | null;
  /** 应得分数 */
  points: number;
  missing: boolean;
  /** 扣减分数: the deductions, never more than the item is worth. */
  deducted: number;
  /** 实得分数 */
  score: number;
  /** The entered deductions added more than the item is worth (shown, capped). */
  capped: boolean;
}

export interface Subtotal {
  got: Ratio;
  max: Ratio;
}

export interface TableScore {
  table: string;
  name: string;
  title: string;
  /** False when every item is 缺项: the table then counts as not used. */
  inspected: boolean;
  guaranteed: Subtotal | null;
  general: Subtotal;
  /** 保证项目 that scored 0 (names from a sheet, or "N 项" from subtotals). */
  zeroItems: string[];
  zero: boolean;
  exact: Ratio;
  score: number;
  explanations: string[];
  /** Present when scored from items. */
  items?: ItemScore[];
}

const HUNDRED = new Ratio(100n);

function tableExplanations(name: string, t: { guaranteed: Subtotal | null; general: Subtotal; missingNames: string[] }, exact: Ratio, zeroBecause: string | null): string[] {
  if (zeroBecause) return [`${name}:${zeroBecause},本表不得分`];
  const got = (t.guaranteed?.got ?? Ratio.ZERO).add(t.general.got);
  const max = (t.guaranteed?.max ?? Ratio.ZERO).add(t.general.max);
  if (t.missingNames.length > 0 || max.cmp(HUNDRED) !== 0) {
    const which = t.missingNames.length > 0 ? `缺项 ${t.missingNames.join('、')},` : '有缺项,';
    return [`${name}:${which}按 实得 ${got.format()} ÷ 应得 ${max.format()} × 100 = ${exact.format()} 换算`];
  }
  return [`${name}:得 ${exact.format()} 分`];
}

/** Why the zero rule applies, or null: a 保证项目 at 0, or the 保证项目小计 under the minimum. */
function zeroReason(guaranteed: Subtotal | null, zeroItems: string[], rule: ZeroRule): string | null {
  if (!guaranteed || guaranteed.max.isZero()) return null;
  if (zeroItems.length > 0) return `保证项目${zeroItems.map((n) => `“${n}”`).join('、')}得 0 分`;
  const minimum = Ratio.of(rule.guaranteedMinimum);
  const full = new Ratio(60n);
  const scaled = rule.scaleGuaranteedMinimumWithMissing && guaranteed.max.cmp(full) !== 0 ? guaranteed.got.div(guaranteed.max).mul(full) : guaranteed.got;
  if (!scaled.lt(minimum)) return null;
  const shown = scaled === guaranteed.got ? guaranteed.got.format() : `${guaranteed.got.format()}(应得 ${guaranteed.max.format()},折合 ${scaled.format()})`;
  return `保证项目小计 ${shown} < ${rule.guaranteedMinimum}`;
}

function finish(def: { table: string; name: string; title: string }, parts: { guaranteed: Subtotal | null; general: Subtotal; zeroItems: string[]; missingNames: string[] }, rule: ZeroRule, items?: ItemScore[]): TableScore {
  const max = (parts.guaranteed?.max ?? Ratio.ZERO).add(parts.general.max);
  const base = { table: def.table, name: def.name, title: def.title, guaranteed: parts.guaranteed, general: parts.general, zeroItems: parts.zeroItems, ...(items ? { items } : {}) };
  if (max.isZero()) {
    return { ...base, inspected: false, zero: false, exact: Ratio.ZERO, score: 0, explanations: [`${def.name}:全部检查项目缺项,本表按未使用计`] };
  }
  const because = zeroReason(parts.guaranteed, parts.zeroItems, rule);
  const got = (parts.guaranteed?.got ?? Ratio.ZERO).add(parts.general.got);
  const exact = because ? Ratio.ZERO : got.div(max).mul(HUNDRED);
  return { ...base, inspected: true, zero: exact.isZero(), exact, score: exact.toNumber(), explanations: tableExplanations(def.name, parts, exact, because) };
}

/** A 分项检查评分表 scored from its items: deductions capped at each item's 应得分, 缺项 left out. */
export function scoreSheet(table: Pick<Jgj59Table, 'table' | 'name' | 'title' | 'items'>, input: SheetInput, rule: ZeroRule): TableScore {
  const missing = new Set(input.missingItems);
  const items: ItemScore[] = table.items.map((item) => {
    const entered = input.deductions.filter((d) => d.itemNo === item.no).reduce((sum, d) => sum + d.points, 0);
    const isMissing = missing.has(item.no);
    const deducted = isMissing ? 0 : Math.min(entered, item.points);
    return {
      no: item.no, name: item.name, group: item.group ?? null, points: item.points, missing: isMissing,
      deducted, score: isMissing ? 0 : item.points - deducted, capped: !isMissing && entered > item.points,
    };
  });
  const subtotal = (group: ItemGroup | null): Subtotal => {
    const used = items.filter((i) => !i.missing && (group === null || i.group === group));
    return { got: Ratio.of(used.reduce((n, i) => n + i.score, 0)), max: Ratio.of(used.reduce((n, i) => n + i.points, 0)) };
  };
  const split = items.some((i) => i.group !== null);
  const zeroItems = items.filter((i) => i.group === GUARANTEED && !i.missing && i.score === 0).map((i) => i.name);
  return finish(table, {
    guaranteed: split ? subtotal(GUARANTEED) : null,
    general: split ? subtotal(GENERAL) : subtotal(null),
    zeroItems,
    missingNames: items.filter((i) => i.missing).map((i) => `${i.name}(${i.points}分)`),
  }, rule, items);
}

/** A 分项检查评分表 scored from its subtotals (the command line's CSV): the same rules. */
export function scoreTableTotals(table: Pick<Jgj59Table, 'table' | 'name' | 'title'>, totals: { guaranteed: Subtotal | null; general: Subtotal; zeroGuaranteedItems: number }, rule: ZeroRule): TableScore {
  return finish(table, {
    guaranteed: totals.guaranteed,
    general: totals.general,
    zeroItems: totals.zeroGuaranteedItems > 0 ? [`${totals.zeroGuaranteedItems} 项`] : [],
    missingNames: [],
  }, rule);
}

export interface SummaryItemScore {
  name: string;
  /** 满分 of the 分项 */
  weight: number;
  /** The tables of this 分项 used on site, with their scores. */
  tables: { table: string; name: string; score: number; zero: boolean }[];
  missing: boolean;
  exact: Ratio | null;
  /** The 分项's table score: the one table's, or the mean of the group's; null for 缺项. */
  score: number | null;
  /** A1 = 满分 × score / 100; null for 缺项. */
  pointsExact: Ratio | null;
  points: number | null;
}

export interface SummaryScore {
  items: SummaryItemScore[];
  /** Σ满分 of the 分项 inspected. */
  inspectedWeight: number;
  /** ΣA1 */
  pointsTotal: Ratio;
  exactTotal: Ratio | null;
  /** The total, full precision; null when nothing was inspected. */
  total: number | null;
  /** The total as shown, two decimals. */
  totalText: string;
  grade: Grade | null;
  /** Names of the 分项检查评分表 that scored 0. */
  zeroTables: string[];
  explanations: string[];
}

/** The 汇总表: each 分项 from its tables (a mean over those used), A1, the total over what was inspected, and the grade. */
export function scoreSummary(summary: Pick<Jgj59Summary, 'items' | 'thresholds'>, tables: readonly TableScore[]): SummaryScore {
  const known = new Set(summary.items.flatMap((i) => i.tables));
  for (const t of tables) if (!known.has(t.table)) throw new RangeError(`${t.title} 不属于汇总表的任何分项`);
  const used = tables.filter((t) => t.inspected);
  const explanations: string[] = [];
  for (const t of tables) explanations.push(...t.explanations);
  const items: SummaryItemScore[] = summary.items.map((item) => {
    const mine = used.filter((t) => item.tables.includes(t.table));
    if (mine.length === 0) {
      explanations.push(`${item.name}:本工地无此分项,缺项(满分 ${item.weight} 分不计入)`);
      return { name: item.name, weight: item.weight, tables: [], missing: true, exact: null, score: null, pointsExact: null, points: null };
    }
    const exact = mine.reduce((sum, t) => sum.add(t.exact), Ratio.ZERO).div(Ratio.of(mine.length));
    if (mine.length > 1) explanations.push(`${item.name}:${mine.map((t) => `${t.name} ${t.exact.format()}`).join('、')},取算术平均值 ${exact.format()}`);
    const pointsExact = exact.mul(Ratio.of(item.weight)).div(HUNDRED);
    return {
      name: item.name, weight: item.weight, tables: mine.map((t) => ({ table: t.table, name: t.name, score: t.score, zero: t.zero })),
      missing: false, exact, score: exact.toNumber(), pointsExact, points: pointsExact.toNumber(),
    };
  });
  const inspected = items.filter((i) => !i.missing);
  const inspectedWeight = inspected.reduce((n, i) => n + i.weight, 0);
  const pointsTotal = inspected.reduce((sum, i) => sum.add(i.pointsExact!), Ratio.ZERO);
  const zeroTables = used.filter((t) => t.zero).map((t) => t.name);
  if (inspectedWeight === 0) {
    explanations.push('没有任何检查评分表,无法评定');
    return { items, inspectedWeight, pointsTotal, exactTotal: null, total: null, totalText: '', grade: null, zeroTables, explanations };
  }
  const exactTotal = pointsTotal.div(Ratio.of(inspectedWeight)).mul(HUNDRED);
  const excellent = Ratio.of(summary.thresholds.excellent);
  const pass = Ratio.of(summary.thresholds.pass);
  const shown = exactTotal.format(2, exactTotal.lt(excellent) ? excellent : pass);
  explanations.push(inspectedWeight === 100
    ? `汇总表得分:ΣA1 = ${pointsTotal.format(2)}`
    : `汇总表得分:ΣA1 ${pointsTotal.format(2)} ÷ 检查分项满分合计 ${inspectedWeight} × 100 = ${shown}`);
  let grade: Grade;
  if (zeroTables.length > 0) {
    grade = '不合格';
    explanations.push(`评定等级:不合格(${zeroTables.join('、')}检查评分表为零分)`);
  } else if (exactTotal.lt(pass)) {
    grade = '不合格';
    explanations.push(`评定等级:不合格(总分 ${shown} < ${summary.thresholds.pass})`);
  } else if (exactTotal.lt(excellent)) {
    grade = '合格';
    explanations.push(`评定等级:合格(无零分表,${summary.thresholds.pass} ≤ 总分 ${shown} < ${summary.thresholds.excellent})`);
  } else {
    grade = '优良';
    explanations.push(`评定等级:优良(无零分表,总分 ${shown} ≥ ${summary.thresholds.excellent})`);
  }
  if (grade === '不合格') explanations.push('不合格:须限期整改,整改后重新检查评定');
  return { items, inspectedWeight, pointsTotal, exactTotal, total: exactTotal.toNumber(), totalText: exactTotal.toFixed(2), grade, zeroTables, explanations };
}
