// The quality rule tables as this project uses them: the GB 50300 hierarchy, the acceptance rules
// (who signs each level, the pass rate, the minimum sample, the paths of a failed lot), the item
// templates of a 分项's lots, and the 实测实量 tolerances. A record keeps the edition it was made
// under and is judged by that one.
import type { Db } from '../../../db/open';
import { ApiError } from '../../common/errors';
import type { Divisions } from '../../common/rules/quality';
import { currentContent, editionInUse, readEdition } from '../rules/editions';
import { ruleLibrary } from '../rules/library';
import type { WriteContext } from '../write-context';

export const DIVISIONS_KEY = 'GB 50300-2013/附录B';
export const ACCEPTANCE_KEY = 'GB 50300-2013/验收';
export const TOLERANCES_KEY = '实测实量允许偏差';

export const divisionsInUse = (ctx: WriteContext) => editionInUse(ctx.db, ctx.recorder, ctx.author, ctx.actor.projectId, 'quality.divisions', DIVISIONS_KEY);
export const acceptanceInUse = (ctx: WriteContext) => editionInUse(ctx.db, ctx.recorder, ctx.author, ctx.actor.projectId, 'quality.acceptance', ACCEPTANCE_KEY);
export const tolerancesInUse = (ctx: WriteContext) => editionInUse(ctx.db, ctx.recorder, ctx.author, ctx.actor.projectId, 'quality.tolerances', TOLERANCES_KEY);

export const currentDivisions = (db: Db, projectId: string) => currentContent(db, projectId, 'quality.divisions', DIVISIONS_KEY);
export const currentAcceptance = (db: Db, projectId: string) => currentContent(db, projectId, 'quality.acceptance', ACCEPTANCE_KEY);
export const currentTolerances = (db: Db, projectId: string) => currentContent(db, projectId, 'quality.tolerances', TOLERANCES_KEY);
export const acceptanceEdition = (db: Db, id: string) => readEdition(db, id, 'quality.acceptance');
export const divisionsEdition = (db: Db, id: string) => readEdition(db, id, 'quality.divisions');

export interface SubitemPlace {
  division: { code: string; name: string };
  subdivision: { code: string; name: string };
  subitem: { code: string; name: string; concealed: boolean };
}

/** Where a 分项 sits in a hierarchy edition. */
export function placeOf(divisions: Divisions, subitemCode: string): SubitemPlace | null {
  for (const d of divisions.divisions) {
    for (const sd of d.subdivisions) {
      const si = sd.subitems.find((x) => x.code === subitemCode);
      if (si) return { division: { code: d.code, name: d.name }, subdivision: { code: sd.code, name: sd.name }, subitem: { code: si.code, name: si.name, concealed: si.concealed } };
    }
  }
  return null;
}

export function requirePlace(divisions: Divisions, subitemCode: string): SubitemPlace {
  const place = placeOf(divisions, subitemCode);
  if (!place) throw new ApiError('VALIDATION', '分项工程无效', [{ path: 'subitemCode', message: '请选择分项工程' }]);
  return place;
}

export function divisionName(divisions: Divisions, code: string): string {
  return divisions.divisions.find((d) => d.code === code)?.name ?? code;
}

/** The lot templates of a 分项 (their current editions). */
export function templatesOf(db: Db, projectId: string, subitemCode?: string) {
  return ruleLibrary().all('quality.lot-template').map((f) => currentContent(db, projectId, 'quality.lot-template', f.key))
    .filter((t) => !subitemCode || t.data.subitem === subitemCode).map((t) => ({ key: t.data.key, title: t.data.title, subitem: t.data.subitem, data: t.data }));
}
