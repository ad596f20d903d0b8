// The shapes of the quality rule files (rules/gb50300-2013/, rules/quality/): the GB 50300
// hierarchy of 分部 → 子分部 → 分项, the acceptance rules (who signs each level, the 一般项目 pass
// rate, the minimum sample of 表3.0.9, the paths of a failed lot, the items of 附录A), the item
// templates of a 分项's 检验批, and the tolerances of 实测实量. Each file is checked when the app
// starts; a 项目负责人's correction is checked by the same schema.
import { z } from 'zod';
import { positionCodes } from '../parties/positions';
import { ruleFileFields as common } from './fields';

const code = (digits: number) => z.string().regex(new RegExp(`^\\d{${digits}}$`), `编码应为${digits}位数字`);
const name = z.string().trim().min(1).max(60);

export const divisionsSchema = z.object({
  kind: z.literal('quality.divisions'),
  ...common,
  divisions: z.array(z.object({
    code: code(2),
    name,
    subdivisions: z.array(z.object({
      code: code(4),
      name,
      subitems: z.array(z.object({
        code: code(6),
        name,
        /** Its 检验批 are covered before they can be accepted: they wait for a 隐蔽工程验收. */
        concealed: z.boolean().default(false),
      }).strict()).min(1),
    }).strict()).min(1),
  }).strict()).min(1),
}).strict().superRefine((f, ctx) => {
  const seen = new Set<string>();
  for (const d of f.divisions) {
    for (const sd of d.subdivisions) {
      if (!sd.code.startsWith(d.code)) ctx.addIssue({ code: 'custom', message: `子分部 ${sd.code} 不在分部 ${d.code} 之下` });
      for (const si of sd.subitems) {
        if (!si.code.startsWith(sd.code)) ctx.addIssue({ code: 'custom', message: `分项 ${si.code} 不在子分部 ${sd.code} 之下` });
        if (seen.has(si.code)) ctx.addIssue({ code: 'custom', message: `分项编码 ${si.code} 重复` });
        seen.add(si.code);
      }
    }
  }
});
export type Divisions = z.output<typeof divisionsSchema>;

const position = z.enum(positionCodes);
const percent = z.number().int().min(1).max(100);

export const failedLotPaths = ['rework', 'appraisal', 'design_check', 'reinforcement'] as const;
export type FailedLotPath = (typeof failedLotPaths)[number];

export const acceptanceSchema = z.object({
  kind: z.literal('quality.acceptance'),
  ...common,
  /** 一般项目 合格点率 where the specialty code sets none for the item (percent). */
  generalPassRate: percent,
  /** GB 50300 表3.0.9: a lot of capacity ≤ upTo is sampled at least `minimum` (the last band: upTo null). */
  sampleTable: z.array(z.object({ upTo: z.number().int().min(1).nullable(), minimum: z.number().int().min(1) }).strict()).min(1),
  /** Who signs each level, the deciding position last; a 分部 adds those of its code. */
  signatures: z.object({
    lot: z.array(position).min(1),
    subitem: z.array(position).min(1),
    division: z.array(position).min(1),
    divisionExtra: z.array(z.object({ division: code(2), positions: z.array(position).min(1) }).strict()),
  }).strict(),
  /** What a failed lot may follow (§5.0.6); without one it stays blocked. */
  failedPaths: z.array(z.object({ code: z.enum(failedLotPaths), label: name, clause: z.string().max(60) }).strict()).min(1),
  /** 施工现场质量管理检查记录 (附录A): the items checked. */
  siteCheckItems: z.array(name).min(1),
}).strict().superRefine((f, ctx) => {
  const bands = f.sampleTable;
  if (bands[bands.length - 1]!.upTo !== null) ctx.addIssue({ code: 'custom', message: '最小抽样数量表的最后一档应不设上限(upTo 为 null)' });
  for (let i = 1; i < bands.length; i++) {
    const previous = bands[i - 1]!;
    const current = bands[i]!;
    if (previous.upTo === null || (current.upTo !== null && current.upTo <= previous.upTo)) ctx.addIssue({ code: 'custom', message: '检验批容量分档应由小到大' });
    if (current.minimum < previous.minimum) ctx.addIssue({ code: 'custom', message: '最小抽样数量应随容量增大而不减' });
  }
  for (const [level, list] of Object.entries({ lot: f.signatures.lot, subitem: f.signatures.subitem, division: f.signatures.division })) {
    if (new Set(list).size !== list.length) ctx.addIssue({ code: 'custom', message: `${level} 的签字岗位重复` });
  }
});
export type AcceptanceRules = z.output<typeof acceptanceSchema>;

const templateItem = z.object({
  name: z.string().trim().min(1).max(100),
  requirement: z.string().trim().min(1).max(300),
  /** 全数检查: every unit of the lot, not a sample. */
  fullCheck: z.boolean().default(false),
  /** The specialty code's own minimum, where it sets one above GB 50300 表3.0.9. */
  minimumSample: z.number().int().min(1).nullable().default(null),
  /** The specialty code's own pass rate of this 一般项目 (percent). */
  requiredRate: percent.nullable().default(null),
}).strict();

export const lotTemplateSchema = z.object({
  kind: z.literal('quality.lot-template'),
  ...common,
  subitem: code(6),
  main: z.array(templateItem).min(1),
  general: z.array(templateItem),
}).strict();
export type LotTemplate = z.output<typeof lotTemplateSchema>;

export const tolerancesSchema = z.object({
  kind: z.literal('quality.tolerances'),
  ...common,
  /** A measurement passes when at least this share of its points is within the tolerance (percent). */
  passRate: percent,
  items: z.array(z.object({
    key: z.string().regex(/^[a-z0-9.\-]+$/).max(60),
    group: name,
    name,
    /** Allowed deviation, mm: a point passes when lower ≤ value ≤ upper. */
    lower: z.number().min(-1000).max(0),
    upper: z.number().min(0).max(1000),
    method: z.string().trim().max(60),
  }).strict()).min(1),
}).strict().superRefine((f, ctx) => {
  const keys = f.items.map((i) => i.key);
  if (new Set(keys).size !== keys.length) ctx.addIssue({ code: 'custom', message: '实测项目编号重复' });
});
export type Tolerances = z.output<typeof tolerancesSchema>;
