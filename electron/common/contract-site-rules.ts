// API commands of the rule tables of 建材管理, 质量标准化 and 监理报告 (services/rules/catalogue.ts):
// every table with its source, its edition in use and what is still to be checked; a table's
// editions; a 项目负责人's correction, checked like a shipped file (records keep their edition).
// Nothing here imports a value from contract.ts (see contract-reports.ts for why).
import { z } from 'zod';
import { command } from './command';
import { projectRoles } from './parties/positions';
import { textField } from './schemas';

export const siteRuleKinds = ['quality.divisions', 'quality.acceptance', 'quality.lot-template', 'quality.tolerances', 'materials.witness', 'materials.frequency', 'supervision.reports'] as const;
const kind = z.enum(siteRuleKinds);
const key = z.string().min(1).max(60);

export const siteRuleSchema = z.object({
  kind, key: z.string(), title: z.string(), file: z.string(), source: z.string(), check: z.string().nullable(),
  edition: z.number(), origin: z.enum(['shipped', 'corrected']), editionId: z.string().nullable(),
});
export type SiteRule = z.infer<typeof siteRuleSchema>;

export const siteRuleEditionSchema = z.object({
  id: z.string(), key: z.string(), edition: z.number(), origin: z.enum(['shipped', 'corrected']), note: z.string(), createdAt: z.string(), createdByName: z.string(), raw: z.unknown(),
});

export const siteRulesCommands = {
  'siteRules.list': command({ access: 'project', roles: projectRoles, input: z.object({}).strict(), output: z.array(siteRuleSchema) }),
  'siteRules.editions': command({ access: 'project', roles: projectRoles, input: z.object({ kind, key }).strict(), output: z.array(siteRuleEditionSchema) }),
  'siteRules.correct': command({
    access: 'project',
    roles: ['manager'],
    input: z.object({ kind, key, content: z.record(z.string(), z.unknown()), note: textField('更正说明(依据的标准文本)', 500) }).strict(),
    output: siteRuleEditionSchema,
  }),
} as const satisfies Record<string, ReturnType<typeof command>>;
