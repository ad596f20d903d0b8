// The shapes of the safety rule files in rules/safety/: the two certificate systems of 特种作业人员
// and which 工种 need which category, the 专职安全员 minimum by floor area, and the 三级安全教育 hours.
import { z } from 'zod';
import { ruleFileFields as common } from './fields';

export const certificateSystems = ['housing', 'emergency'] as const;
export type CertificateSystem = (typeof certificateSystems)[number];

export const specialWorkSchema = z.object({
  kind: z.literal('safety.special-work'),
  ...common,
  /** Days before expiry at which the today board warns, largest first. */
  warnDays: z.array(z.number().int().min(1).max(365)).min(1).max(5),
  systems: z.array(z.object({
    code: z.enum(certificateSystems),
    name: z.string().trim().min(1).max(60),
    issuer: z.string().trim().min(1).max(60),
    validityYears: z.number().int().min(1).max(20),
    /** Renewal (延期复核) is applied for in the last N months. */
    renewalWindowMonths: z.number().int().min(1).max(24).nullable(),
    /** 复审 every N years (the emergency-management 操作证). */
    reviewEveryYears: z.number().int().min(1).max(20).nullable(),
  }).strict()).min(1),
  categories: z.array(z.object({
    system: z.enum(certificateSystems),
    name: z.string().trim().min(1).max(40),
    /** 工种 codes (codes.ts workTypes) whose workers need a valid certificate of this category. */
    workTypes: z.array(z.string().regex(/^\d{3,4}$/)).max(20),
  }).strict()).min(1),
}).strict().superRefine((f, ctx) => {
  const systems = new Set(f.systems.map((s) => s.code));
  for (const c of f.categories) if (!systems.has(c.system)) ctx.addIssue({ code: 'custom', message: `证书类别 ${c.name} 的证书体系 ${c.system} 未定义` });
  const names = f.categories.map((c) => `${c.system}/${c.name}`);
  if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', message: '证书类别重复' });
});
export type SpecialWork = z.output<typeof specialWorkSchema>;

export const staffingSchema = z.object({
  kind: z.literal('safety.staffing'),
  ...common,
  /** Ascending bands: a floor area below `below` m² (null: any larger) needs at least `minimum`. */
  byFloorArea: z.array(z.object({ below: z.number().int().min(1).nullable(), minimum: z.number().int().min(1).max(50) }).strict()).min(1),
}).strict().superRefine((f, ctx) => {
  const bands = f.byFloorArea;
  if (bands[bands.length - 1]!.below !== null) ctx.addIssue({ code: 'custom', message: '最后一档应不设上限(below 为 null)' });
  for (let i = 1; i < bands.length; i++) {
    const previous = bands[i - 1]!.below;
    const current = bands[i]!.below;
    if (previous === null || (current !== null && current <= previous)) ctx.addIssue({ code: 'custom', message: '建筑面积分档应由小到大' });
  }
});
export type Staffing = z.output<typeof staffingSchema>;

export const trainingLevels = ['company', 'project', 'team'] as const;
export type TrainingLevel = (typeof trainingLevels)[number];
export const trainingLevelLabels: Record<TrainingLevel, string> = { company: '公司级', project: '项目级', team: '班组级' };

export const trainingHoursSchema = z.object({
  company: z.number().int().min(0).max(200),
  project: z.number().int().min(0).max(200),
  team: z.number().int().min(0).max(200),
}).strict();
export type TrainingHours = z.infer<typeof trainingHoursSchema>;

export const trainingSchema = z.object({
  kind: z.literal('safety.training'),
  ...common,
  hours: trainingHoursSchema,
  /**
   * A worker back after at least this many days away (退场 to the next 派工 / 进场) needs a passed
   * training after the 退场 (复工返岗).
   */
  returnAfterDays: z.number().int().min(0).max(3650),
}).strict();
export type Training = z.output<typeof trainingSchema>;
