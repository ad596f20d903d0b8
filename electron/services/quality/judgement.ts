// GB 50300's judgement of a 检验批 from its items, as a function of plain rows: every 主控项目
// passes (all sampled units qualified, no 严重缺陷); every 一般项目 reaches its pass rate (the
// specialty code's, else the edition's default) without a 严重缺陷; and no item was sampled below
// its minimum (全数检查: the whole lot; otherwise 表3.0.9 by the lot's capacity, or the specialty
// code's own minimum if higher). Rates are compared unrounded, in integers.
import type { AcceptanceRules } from '../../common/rules/quality';

export interface JudgedItem {
  group: 'main' | 'general';
  no: number;
  name: string;
  fullCheck: boolean;
  minimumSample: number | null;
  sampled: number;
  qualified: number;
  severeDefect: boolean;
  requiredRate: number | null;
}

export interface ItemVerdict {
  minimum: number;
  sampleOk: boolean;
  /** qualified / sampled, percent with one decimal (null when nothing was sampled). */
  rate: number | null;
  requiredRate: number | null;
  passed: boolean;
}

export interface LotJudgement {
  passed: boolean;
  mainPassed: boolean;
  /** Σ qualified / Σ sampled of the 一般项目, percent with one decimal. */
  generalRate: number | null;
  generalRequired: number;
  items: ItemVerdict[];
  reasons: string[];
}

/** GB 50300 表3.0.9: the least a lot of `capacity` is sampled. */
export function minimumSampleOf(capacity: number, table: AcceptanceRules['sampleTable']): number {
  const band = table.find((b) => b.upTo === null || capacity <= b.upTo)!;
  return Math.min(capacity, band.minimum);
}

const percent = (qualified: number, sampled: number) => (sampled === 0 ? null : Math.round((qualified * 1000) / sampled) / 10);

export function judgeLot(items: JudgedItem[], capacity: number, rules: Pick<AcceptanceRules, 'generalPassRate' | 'sampleTable'>): LotJudgement {
  const reasons: string[] = [];
  const table = minimumSampleOf(capacity, rules.sampleTable);
  const verdicts = items.map((item): ItemVerdict => {
    const where = `${item.group === 'main' ? '主控项目' : '一般项目'}第${item.no}项“${item.name}”`;
    const minimum = item.fullCheck ? capacity : Math.min(capacity, Math.max(table, item.minimumSample ?? 0));
    const sampleOk = item.sampled >= minimum;
    if (!sampleOk) reasons.push(`${where}${item.fullCheck ? '须全数检查' : '抽样'} ${item.sampled} 个,少于${item.fullCheck ? '检验批容量' : '最小抽样数量'} ${minimum}`);
    if (item.severeDefect) reasons.push(`${where}有严重缺陷`);
    if (item.group === 'main') {
      const allQualified = item.qualified === item.sampled && item.sampled > 0;
      if (!allQualified) reasons.push(`${where}不合格(${item.qualified}/${item.sampled}),主控项目须全部合格`);
      return { minimum, sampleOk, rate: percent(item.qualified, item.sampled), requiredRate: 100, passed: sampleOk && allQualified && !item.severeDefect };
    }
    const required = item.requiredRate ?? rules.generalPassRate;
    const rateOk = item.sampled > 0 && item.qualified * 100 >= required * item.sampled;
    if (!rateOk) reasons.push(`${where}合格点率 ${percent(item.qualified, item.sampled) ?? 0}% 低于 ${required}%`);
    return { minimum, sampleOk, rate: percent(item.qualified, item.sampled), requiredRate: required, passed: sampleOk && rateOk && !item.severeDefect };
  });
  if (!items.some((i) => i.group === 'main')) reasons.push('没有主控项目');
  const general = items.filter((i) => i.group === 'general');
  const mainPassed = items.some((i) => i.group === 'main') && verdicts.every((v, k) => items[k]!.group !== 'main' || v.passed);
  return {
    passed: reasons.length === 0,
    mainPassed,
    generalRate: percent(general.reduce((n, i) => n + i.qualified, 0), general.reduce((n, i) => n + i.sampled, 0)),
    generalRequired: rules.generalPassRate,
    items: verdicts,
    reasons,
  };
}
