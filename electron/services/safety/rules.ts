// The JGJ 59 tables as this project scores with them: the current edition of each (shipped or
// corrected in 设置), their history, and a 项目负责人's correction.
import type { Db } from '../../../db/open';
import type { Jgj59Summary, Jgj59Table } from '../../common/rules/jgj59';
import type { ParsedInput } from '../../common/contract';
import type { RulesView, SummaryDefinition, TableDefinition } from '../../common/contract-safety';
import { ruleLibrary } from '../rules/library';
import { correctEdition, currentContent, editionHistory, editionRow, type Edition } from '../rules/editions';
import type { ProjectActor, Services } from '../context';
import { writeContext } from '../write-context';

export const SUMMARY_KEY = 'JGJ 59-2011/A';
export const tableRuleKey = (table: string) => `JGJ 59-2011/${table}`;

/** The table keys (B.1 …) in the order of the 汇总表. */
export function tableKeys(): string[] {
  return ruleLibrary().only('jgj59.summary').data.items.flatMap((i) => i.tables);
}

export function tableDefinition(t: Jgj59Table): TableDefinition {
  return { key: t.key, table: t.table, name: t.name, title: t.title, items: t.items };
}

export function summaryDefinition(s: Jgj59Summary): SummaryDefinition {
  return { key: s.key, title: s.title, guaranteedMinimum: s.guaranteedMinimum, scaleGuaranteedMinimumWithMissing: s.scaleGuaranteedMinimumWithMissing, thresholds: s.thresholds, items: s.items };
}

export function editionInfo(data: { source: string; check: string | null }, edition: { id: string | null; edition: number; origin: 'shipped' | 'corrected' }) {
  return { id: edition.id, edition: edition.edition, origin: edition.origin, source: data.source, check: data.check };
}

export function editionInfoOf(e: Edition<'jgj59.table'> | Edition<'jgj59.summary'>) {
  return editionInfo(e.data, e);
}

export function rulesView(db: Db, projectId: string): RulesView {
  const summary = currentContent(db, projectId, 'jgj59.summary', SUMMARY_KEY);
  const itemOf = new Map(summary.data.items.flatMap((i) => i.tables.map((t) => [t, i.name] as const)));
  return {
    summary: { ...summaryDefinition(summary.data), edition: editionInfo(summary.data, { id: summary.stored?.id ?? null, edition: summary.edition, origin: summary.origin }) },
    tables: tableKeys().map((key) => {
      const current = currentContent(db, projectId, 'jgj59.table', tableRuleKey(key));
      return {
        ...tableDefinition(current.data),
        summaryItem: itemOf.get(key) ?? '',
        edition: editionInfo(current.data, { id: current.stored?.id ?? null, edition: current.edition, origin: current.origin }),
      };
    }),
  };
}

export function ruleEditions(s: Services, actor: ProjectActor, key: string) {
  return editionHistory(s.db, actor.projectId, key === SUMMARY_KEY ? 'jgj59.summary' : 'jgj59.table', key);
}

export function correctRule(s: Services, actor: ProjectActor, input: ParsedInput<'safety.correctRule'>) {
  return editionRow(s.db.transaction((tx) => {
    const ctx = writeContext(s, tx, actor);
    return correctEdition(tx, ctx.recorder, ctx.author, actor.projectId, input);
  }));
}
