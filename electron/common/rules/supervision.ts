// The shape of the 监理报告 rule file (rules/supervision/): when the 监理月报 is due, the time limits
// of the 监理紧急报告, who the reports go to, and the 月报's sections.
import { z } from 'zod';
import { ruleFileFields as common } from './fields';

export const reportRulesSchema = z.object({
  kind: z.literal('supervision.reports'),
  ...common,
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** The 月报 of a month is due by this day of the next month. */
  monthlyDueDay: z.number().int().min(1).max(28),
  /** The 紧急报告: the first contact by phone within this many hours of finding, the written report within this many after it. */
  emergencyPhoneHours: z.number().int().min(1).max(72),
  emergencyWrittenHours: z.number().int().min(1).max(168),
  recipients: z.array(z.string().trim().min(1).max(20)).min(1),
  sections: z.array(z.object({ key: z.string().regex(/^[a-z_]+$/), title: z.string().trim().min(1).max(40), hint: z.string().max(200) }).strict()).min(1),
}).strict();
export type ReportRules = z.output<typeof reportRulesSchema>;
