// The rule tables of 建材管理, 质量标准化 and 监理报告 as a project uses them, for their 设置 screen:
// each with its source and its edition in use, what is still to be checked, its editions, and a
// 项目负责人's correction (checked by the kind's schema; records keep the edition they were made under).
import type { ParsedInput } from '../../common/contract';
import { siteRuleKinds, type SiteRule } from '../../common/contract-site-rules';
import type { ProjectActor, Services } from '../context';
import { writeContext } from '../write-context';
import { correctEdition, currentContent, editionHistory, editionRow } from './editions';
import { ruleLibrary } from './library';

export function siteRules(s: Services, actor: ProjectActor): SiteRule[] {
  return siteRuleKinds.flatMap((kind) => ruleLibrary().all(kind).map((file) => {
    const current = currentContent(s.db, actor.projectId, kind, file.key);
    const data = current.data as { title: string; source: string; check: string | null };
    return { kind, key: file.key, title: data.title, file: `rules/${file.file}`, source: data.source, check: data.check, edition: current.edition, origin: current.origin, editionId: current.stored?.id ?? null };
  }));
}

export function siteRuleEditions(s: Services, actor: ProjectActor, input: ParsedInput<'siteRules.editions'>) {
  return editionHistory(s.db, actor.projectId, input.kind, input.key);
}

export function correctSiteRule(s: Services, actor: ProjectActor, input: ParsedInput<'siteRules.correct'>) {
  return editionRow(s.db.transaction((tx) => {
    const ctx = writeContext(s, tx, actor);
    return correctEdition(tx, ctx.recorder, ctx.author, actor.projectId, input);
  }));
}
