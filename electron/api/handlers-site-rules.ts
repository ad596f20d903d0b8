// Handlers of the site modules' rule tables (electron/common/contract-site-rules.ts).
import type { siteRulesCommands } from '../common/contract-site-rules';
import type { Handlers } from './handlers';
import { correctSiteRule, siteRuleEditions, siteRules } from '../services/rules/catalogue';

export const siteRulesHandlers: Pick<Handlers, keyof typeof siteRulesCommands> = {
  'siteRules.list': ({ services, actor }) => siteRules(services, actor),
  'siteRules.editions': ({ services, actor }, input) => siteRuleEditions(services, actor, input),
  'siteRules.correct': ({ services, actor }, input) => correctSiteRule(services, actor, input),
};
