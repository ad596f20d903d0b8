// The shapes of the JGJ 59-2011 rule tables in rules/jgj59-2011/: the 汇总表 (附录A) and the
// 分项检查评分表 (附录B). Each file is parsed by these schemas when the app starts, so a table that
// does not add up (保证项目 not 60, a line that deducts more than its item is worth) stops the start
// with the file named, rather than scoring wrongly for a month.
import { z } from 'zod';
import { GENERAL, GUARANTEED, type ItemGroup } from '../safety/labels';

export { GENERAL, GUARANTEED, type ItemGroup };

/** One 扣分标准 line, as the standard prints it and as the app reads it. */
export interface DeductionLine {
  /** The line as printed: "立杆底部缺少底座、垫板或垫板的规格不符合规范要求,每处扣2~5分". */
  text: string;
  /** What is wrong, without the points. */
  condition: string;
  /** "处", "人", "项", "缺一项": the line deducts per occurrence; null for a single deduction. */
  per: string | null;
  /** The deduction (per occurrence where `per` is set): a fixed number when min = max, else a range. */
  min: number;
  max: number;
}

// The last comma before the points splits the condition from them: conditions have commas of their own.
const LINE = /^(.+)[,,]\s*(?:每(.{1,4}?))?扣\s*(\d+(?:\.\d+)?)\s*(?:[~～\-—]\s*(\d+(?:\.\d+)?))?\s*分$/;

/** Reads a printed 扣分标准 line; null when it does not end in "扣N分" / "扣N~M分" / "每X扣N分". */
export function parseDeductionLine(text: string): DeductionLine | null {
  const m = LINE.exec(text.trim());
  if (!m) return null;
  const min = Number(m[3]);
  const max = m[4] === undefined ? min : Number(m[4]);
  if (!(min > 0) || max < min) return null;
  return { text: text.trim(), condition: m[1]!.trim(), per: m[2] ?? null, min, max };
}

/** The printed form of a line built from its parts (a corrected line is stored as its text). */
export function deductionLineText(line: Pick<DeductionLine, 'condition' | 'per' | 'min' | 'max'>): string {
  const points = line.min === line.max ? `${line.min}` : `${line.min}~${line.max}`;
  return `${line.condition},${line.per ? `每${line.per}` : ''}扣${points}分`;
}

const lineSchema = z.string().trim().min(1).max(300).transform((text, ctx) => {
  const line = parseDeductionLine(text);
  if (!line) {
    ctx.addIssue({ code: 'custom', message: `扣分标准“${text.slice(0, 40)}”应以“扣N分”“扣N~M分”或“每处扣N分”结尾` });
    return z.NEVER;
  }
  return line;
});

const itemSchema = z.object({
  no: z.number().int().min(1).max(30),
  /** 保证项目 / 一般项目; absent for the tables without the split (高处作业, 施工机具). */
  group: z.enum([GUARANTEED, GENERAL]).optional(),
  name: z.string().trim().min(1).max(40),
  /** 应得分数 */
  points: z.number().int().min(1).max(100),
  lines: z.array(lineSchema).min(1).max(40),
}).strict();

/** The note a table carries about what of it was not seen in an official copy: null when nothing. */
const checkNote = z.string().trim().max(1000).nullable();

export const jgj59TableSchema = z.object({
  kind: z.literal('jgj59.table'),
  key: z.string().regex(/^JGJ 59-2011\/B\.\d{1,2}$/),
  standard: z.literal('JGJ 59-2011'),
  /** B.1 … B.19 */
  table: z.string().regex(/^B\.\d{1,2}$/),
  name: z.string().trim().min(1).max(40),
  title: z.string().trim().min(1).max(60),
  edition: z.number().int().min(1),
  source: z.string().trim().min(1).max(1000),
  check: checkNote,
  items: z.array(itemSchema).min(1).max(30),
}).strict().superRefine((t, ctx) => {
  const issue = (message: string) => ctx.addIssue({ code: 'custom', message: `${t.title}:${message}` });
  if (t.key !== `JGJ 59-2011/${t.table}`) issue(`key 应为 JGJ 59-2011/${t.table}`);
  t.items.forEach((item, i) => {
    if (item.no !== i + 1) issue(`第 ${i + 1} 个检查项目的序号应为 ${i + 1}`);
    for (const line of item.lines) {
      if (line.max > item.points) issue(`“${item.name}”的扣分标准“${line.text}”扣分超过该项应得分 ${item.points}`);
    }
  });
  const grouped = t.items.filter((item) => item.group !== undefined);
  const sum = (group?: ItemGroup) => t.items.filter((item) => group === undefined || item.group === group).reduce((n, item) => n + item.points, 0);
  if (grouped.length === 0) {
    if (sum() !== 100) issue(`检查项目应得分合计应为 100,实为 ${sum()}`);
    return;
  }
  if (grouped.length !== t.items.length) issue('有的检查项目分了保证项目/一般项目,有的没有');
  if (sum(GUARANTEED) !== 60) issue(`保证项目应得分合计应为 60,实为 ${sum(GUARANTEED)}`);
  if (sum(GENERAL) !== 40) issue(`一般项目应得分合计应为 40,实为 ${sum(GENERAL)}`);
  const firstGeneral = t.items.findIndex((item) => item.group === GENERAL);
  if (firstGeneral >= 0 && t.items.slice(firstGeneral).some((item) => item.group === GUARANTEED)) issue('保证项目应排在一般项目之前');
});
export type Jgj59Table = z.output<typeof jgj59TableSchema>;
export type Jgj59Item = Jgj59Table['items'][number];

export const jgj59SummarySchema = z.object({
  kind: z.literal('jgj59.summary'),
  key: z.literal('JGJ 59-2011/A'),
  standard: z.literal('JGJ 59-2011'),
  title: z.string().trim().min(1).max(60),
  edition: z.number().int().min(1),
  source: z.string().trim().min(1).max(1000),
  check: checkNote,
  /** Zero rule: a 保证项目小计 under this scores the table 0. */
  guaranteedMinimum: z.number().min(0).max(60),
  /** With 缺项 among the 保证项目, the 小计 is converted to 60 before the comparison. */
  scaleGuaranteedMinimumWithMissing: z.boolean(),
  /** 评定等级: 优良 from `excellent`, 合格 from `pass`, compared unrounded. */
  thresholds: z.object({ excellent: z.number().min(0).max(100), pass: z.number().min(0).max(100) }).strict(),
  items: z.array(z.object({
    name: z.string().trim().min(1).max(40),
    /** 满分 of the 分项 in the 汇总表. */
    weight: z.number().int().min(1).max(100),
    /** Its 分项检查评分表 (B.x): more than one is averaged over those used on site. */
    tables: z.array(z.string().regex(/^B\.\d{1,2}$/)).min(1).max(10),
  }).strict()).min(1).max(20),
}).strict().superRefine((s, ctx) => {
  const total = s.items.reduce((n, i) => n + i.weight, 0);
  if (total !== 100) ctx.addIssue({ code: 'custom', message: `汇总表各分项满分合计应为 100,实为 ${total}` });
  const tables = s.items.flatMap((i) => i.tables);
  if (new Set(tables).size !== tables.length) ctx.addIssue({ code: 'custom', message: '汇总表中有检查评分表重复出现' });
  if (s.thresholds.pass > s.thresholds.excellent) ctx.addIssue({ code: 'custom', message: '合格分数线不能高于优良分数线' });
});
export type Jgj59Summary = z.output<typeof jgj59SummarySchema>;
