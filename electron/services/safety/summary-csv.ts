// `siteoffice safety summary --file <scores.csv>`: one assessment scored from a CSV with one row per
// 分项检查评分表 inspected (检查评分表, 保证项目实得, 保证项目应得, 一般项目实得, 一般项目应得,
// 保证项目零分项). A table without the split (高处作业, 施工机具) leaves the 保证 columns empty and puts
// its total in the 一般 columns; a table or 分项 not in the file is 缺项. The scoring is the screens'
// (common/safety/jgj59-scoring.ts); this file only reads and checks the rows.
import { ApiError } from '../../common/errors';
import { GUARANTEED } from '../../common/rules/jgj59';
import { Ratio, scoreSummary, scoreTableTotals, type Grade, type TableScore } from '../../common/safety/jgj59-scoring';
import { readTable, TableFileError, type TableColumn } from '../tabular';
import { ruleLibrary } from '../rules/library';

export const SUMMARY_CSV_COLUMNS: TableColumn[] = [
  { key: 'table', label: '检查评分表', required: true },
  { key: 'guaranteedGot', label: '保证项目实得', required: true },
  { key: 'guaranteedMax', label: '保证项目应得', required: true },
  { key: 'generalGot', label: '一般项目实得', required: true },
  { key: 'generalMax', label: '一般项目应得', required: true },
  { key: 'zeroItems', label: '保证项目零分项', required: true },
];

/** What the command prints. */
export interface SummaryJson {
  total: number;
  grade: Grade;
  zeroTables: string[];
  items: { name: string; weight: number; score: number | null; points: number | null }[];
}

export async function scoreSummaryCsv(fileName: string, bytes: Buffer): Promise<SummaryJson> {
  const library = ruleLibrary();
  const summary = library.only('jgj59.summary').data;
  const tables = library.all('jgj59.table').map((f) => f.data);
  const byName = new Map<string, (typeof tables)[number]>();
  for (const t of tables) {
    byName.set(t.name, t);
    byName.set(t.title, t);
  }
  let rows;
  try {
    ({ rows } = await readTable(fileName, bytes, SUMMARY_CSV_COLUMNS, { maxRows: 100 }));
  } catch (e) {
    if (e instanceof TableFileError) throw new ApiError('VALIDATION', e.message);
    throw e;
  }
  const seen = new Map<string, number>();
  const scores: TableScore[] = rows.map(({ rowNumber, values }) => {
    const t = byName.get(values.table!.replace(/\s+/g, ''));
    if (!t) throw new ApiError('VALIDATION', `第 ${rowNumber} 行:未知的检查评分表“${values.table!.slice(0, 40)}”(应为标准中的表名,如“施工用电”)`);
    const at = `第 ${rowNumber} 行(${t.name})`;
    if (seen.has(t.table)) throw new ApiError('VALIDATION', `${at}:与第 ${seen.get(t.table)} 行是同一张检查评分表`);
    seen.set(t.table, rowNumber);
    const split = t.items.some((i) => i.group === GUARANTEED);
    const guaranteedFull = t.items.filter((i) => i.group === GUARANTEED).reduce((n, i) => n + i.points, 0);
    const guaranteedCount = t.items.filter((i) => i.group === GUARANTEED).length;
    const number = (key: string, label: string, optional = false): Ratio | null => {
      const text = values[key]!;
      if (text === '') {
        if (optional) return null;
        throw new ApiError('VALIDATION', `${at}:缺少${label}`);
      }
      const value = Ratio.parse(text);
      if (!value) throw new ApiError('VALIDATION', `${at}:${label}“${text.slice(0, 20)}”不是数字`);
      if (value.lt(Ratio.ZERO)) throw new ApiError('VALIDATION', `${at}:${label} ${text} 不能小于 0`);
      return value;
    };
    const pair = (gotKey: string, maxKey: string, name: string, full: number) => {
      const got = number(gotKey, `${name}实得`)!;
      const max = number(maxKey, `${name}应得`)!;
      if (Ratio.of(full).lt(max)) throw new ApiError('VALIDATION', `${at}:${name}应得 ${max.format()} 超过本表${name}满分 ${full}`);
      if (max.lt(got)) throw new ApiError('VALIDATION', `${at}:${name}实得 ${got.format()} 超过${name}应得 ${max.format()}`);
      return { got, max };
    };
    const zeroCount = number('zeroItems', '保证项目零分项', true) ?? Ratio.ZERO;
    let guaranteed = null;
    if (split) {
      guaranteed = pair('guaranteedGot', 'guaranteedMax', '保证项目', guaranteedFull);
      if (!zeroCount.isInteger() || Ratio.of(guaranteedCount).lt(zeroCount)) {
        throw new ApiError('VALIDATION', `${at}:保证项目零分项应为 0 到 ${guaranteedCount} 的整数`);
      }
    } else {
      for (const [key, label] of [['guaranteedGot', '保证项目实得'], ['guaranteedMax', '保证项目应得']] as const) {
        const v = number(key, label, true);
        if (v && !v.isZero()) throw new ApiError('VALIDATION', `${at}:本表不分保证项目和一般项目,${label}应留空,得分填在一般项目的列中`);
      }
      if (!zeroCount.isZero()) throw new ApiError('VALIDATION', `${at}:本表没有保证项目,保证项目零分项应留空`);
    }
    const general = pair('generalGot', 'generalMax', split ? '一般项目' : '检查项目', split ? 100 - guaranteedFull : 100);
    if ((guaranteed?.max ?? Ratio.ZERO).add(general.max).isZero()) throw new ApiError('VALIDATION', `${at}:应得分合计为 0,没有检查任何项目`);
    return scoreTableTotals(t, { guaranteed, general, zeroGuaranteedItems: Number(zeroCount.n) }, summary);
  });
  const result = scoreSummary(summary, scores);
  if (result.exactTotal === null || result.grade === null) throw new ApiError('VALIDATION', '文件中没有任何检查评分表');
  return {
    total: result.exactTotal.round(2),
    grade: result.grade,
    zeroTables: result.zeroTables,
    items: result.items.map((i) => ({ name: i.name, weight: i.weight, score: i.score, points: i.points })),
  };
}
