// The materials rule tables as this project uses them: which materials must be witnessed and the
// share of witnessed samples (建建〔2000〕211号), and how often each must be sampled.
import type { Db } from '../../../db/open';
import { ApiError } from '../../common/errors';
import type { WitnessRules } from '../../common/rules/materials';
import { currentContent, editionInUse, type Edition } from '../rules/editions';
import type { WriteContext } from '../write-context';

export const WITNESS_KEY = '建建〔2000〕211号';
export const FREQUENCY_KEY = '取样频率';

export function witnessRules(db: Db, projectId: string) {
  return currentContent(db, projectId, 'materials.witness', WITNESS_KEY);
}

export function frequencyRules(db: Db, projectId: string) {
  return currentContent(db, projectId, 'materials.frequency', FREQUENCY_KEY);
}

/** The edition a batch is classified under, stored with it (in the caller's transaction). */
export function witnessEditionInUse(ctx: WriteContext): Edition<'materials.witness'> {
  return editionInUse(ctx.db, ctx.recorder, ctx.author, ctx.actor.projectId, 'materials.witness', WITNESS_KEY);
}

export type MaterialType = WitnessRules['types'][number];

export function materialType(rules: WitnessRules, code: string): MaterialType {
  const type = rules.types.find((t) => t.code === code);
  if (!type) throw new ApiError('VALIDATION', '材料类别无效', [{ path: 'materialType', message: '请选择材料类别' }]);
  return type;
}

/** The type's name and flags, read leniently for display (a later edition may have dropped a code). */
export function typeInfo(rules: WitnessRules, code: string): MaterialType {
  return rules.types.find((t) => t.code === code) ?? { code, name: code, unit: '', compulsory: false, retestAllowed: false, cubes: false };
}
