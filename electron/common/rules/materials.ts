// The shapes of the materials rule files (rules/materials/): which materials 见证取样 is compulsory
// for and the share of witnessed samples (建建〔2000〕211号), and how often a material must be
// sampled (concrete from the pour records, rebar and cement per delivered batch).
import { z } from 'zod';
import { ruleFileFields as common } from './fields';

const materialType = z.string().regex(/^[a-z_]+$/).max(30);

export const witnessSchema = z.object({
  kind: z.literal('materials.witness'),
  ...common,
  /** Witnessed samples at least this share of those required (percent). */
  witnessShare: z.number().int().min(1).max(100),
  types: z.array(z.object({
    code: materialType,
    name: z.string().trim().min(1).max(40),
    unit: z.string().trim().max(10),
    /** 见证取样 compulsory for it. */
    compulsory: z.boolean(),
    /** A failed report may be answered by a 复试 (double sample) before the batch is returned. */
    retestAllowed: z.boolean(),
    /** Concrete cubes: 标养 / 同条件, results at 28 days. */
    cubes: z.boolean().default(false),
  }).strict()).min(1),
}).strict().superRefine((f, ctx) => {
  const codes = f.types.map((t) => t.code);
  if (new Set(codes).size !== codes.length) ctx.addIssue({ code: 'custom', message: '材料类别编码重复' });
});
export type WitnessRules = z.output<typeof witnessSchema>;

export const frequencySchema = z.object({
  kind: z.literal('materials.frequency'),
  ...common,
  /** Concrete: per mix, per shift, per storey; per `perVolume` m³, or per `largePourPer` m³ beyond `largePourOver`. */
  concrete: z.object({
    materialType,
    perVolume: z.number().positive(),
    largePourOver: z.number().positive(),
    largePourPer: z.number().positive(),
    /** Days from casting to the 标养 result. */
    resultDays: z.number().int().min(1).max(90),
  }).strict(),
  /** Delivered batches: one group per `perQuantity` of one grade, batch (heat) and size. */
  batches: z.array(z.object({ materialType, perQuantity: z.number().positive(), unit: z.string().max(10) }).strict()),
}).strict();
export type FrequencyRules = z.output<typeof frequencySchema>;
