// 实测实量: the points measured for one item at one location against the tolerance of the edition in
// use (kept with the row), each point in or out, the pass rate against its setting; failing points
// open a quality problem through the shared loop. Pass rates by item for the chart.
import { and, count, desc, eq, inArray } from 'drizzle-orm';
import { qualityMeasurements, qualityUnits, rectifications } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { ApiError } from '../../common/errors';
import { rectificationStateLabels } from '../../common/rectification-labels';
import type { MeasurementRow } from '../../common/contract-quality';
import type { ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { newId } from '../ids';
import { inTransaction } from '../write-context';
import { currentEditionView } from './editions-view';
import { openQualityProblem } from './problems';
import { currentTolerances, TOLERANCES_KEY, tolerancesInUse } from './rules';
import { unitOf } from './units';
import { readEdition } from '../rules/editions';

type Measurement = typeof qualityMeasurements.$inferSelect;

/** Whether a measured deviation is within [lower, upper] (mm, compared in hundredths). */
export function withinTolerance(value: number, lower: number, upper: number): boolean {
  const v = Math.round(value * 100);
  return v >= Math.round(lower * 100) && v <= Math.round(upper * 100);
}

/** Pass rate in percent with one decimal, and whether it reaches the setting (compared unrounded). */
export function passRate(passed: number, total: number, setting: number): { rate: number; meets: boolean } {
  return { rate: total === 0 ? 0 : Math.round((passed * 1000) / total) / 10, meets: total > 0 && passed * 100 >= setting * total };
}

function rows(db: Db, list: Measurement[]): MeasurementRow[] {
  if (list.length === 0) return [];
  const units = new Map(db.select().from(qualityUnits).where(inArray(qualityUnits.id, list.map((m) => m.unitId).filter((x): x is string => !!x))).all().map((u) => [u.id, u.name]));
  const problems = new Map(db.select().from(rectifications).where(inArray(rectifications.id, list.map((m) => m.rectificationId).filter((x): x is string => !!x))).all().map((r) => [r.id, r]));
  return list.map((m) => {
    const edition = readEdition(db, m.toleranceEditionId, 'quality.tolerances');
    const item = edition.data.items.find((i) => i.key === m.itemKey);
    const { rate, meets } = passRate(m.passed, m.total, edition.data.passRate);
    const problem = m.rectificationId ? problems.get(m.rectificationId) : undefined;
    return {
      id: m.id, unitName: m.unitId ? units.get(m.unitId) ?? '' : '', location: m.location, itemKey: m.itemKey, itemName: m.itemName, group: item?.group ?? '',
      lower: m.lower, upper: m.upper, measuredOn: m.measuredOn, measuredBy: m.measuredBy, points: m.points,
      failing: m.points.filter((p) => !withinTolerance(p, m.lower, m.upper)), passed: m.passed, total: m.total, rate, meets,
      rectificationId: m.rectificationId, problemState: problem ? rectificationStateLabels[problem.state] : null,
    };
  });
}

export function listMeasurements(s: Services, actor: ProjectActor, input: ParsedInput<'quality.measurements'>) {
  const where = and(eq(qualityMeasurements.projectId, actor.projectId), input.itemKey ? eq(qualityMeasurements.itemKey, input.itemKey) : undefined);
  const total = s.db.select({ n: count() }).from(qualityMeasurements).where(where).get()?.n ?? 0;
  const list = s.db.select().from(qualityMeasurements).where(where).orderBy(desc(qualityMeasurements.measuredOn), desc(qualityMeasurements.id)).limit(input.pageSize).offset((input.page - 1) * input.pageSize).all();
  return { rows: rows(s.db, list), total };
}

export function addMeasurement(s: Services, actor: ProjectActor, input: ParsedInput<'quality.addMeasurement'>): MeasurementRow {
  const m = inTransaction(s, actor, (ctx) => {
    if (input.unitId) unitOf(ctx.db, actor.projectId, input.unitId);
    if (input.measuredOn > ctx.today) throw new ApiError('VALIDATION', `测量日期不能晚于今天(${ctx.today})`, [{ path: 'measuredOn', message: '不能晚于今天' }]);
    const edition = tolerancesInUse(ctx);
    const item = edition.data.items.find((i) => i.key === input.itemKey);
    if (!item) throw new ApiError('VALIDATION', '实测项目无效', [{ path: 'itemKey', message: '请选择实测项目' }]);
    const passed = input.points.filter((p) => withinTolerance(p, item.lower, item.upper)).length;
    const row: Measurement = {
      id: newId(), projectId: actor.projectId, unitId: input.unitId, location: input.location, itemKey: item.key, itemName: `${item.group} · ${item.name}`,
      toleranceEditionId: edition.id, lower: item.lower, upper: item.upper, measuredOn: input.measuredOn, measuredBy: input.measuredBy, points: input.points,
      passed, total: input.points.length, rectificationId: null, createdAt: ctx.author.at, createdBy: actor.userId,
    };
    const failing = input.points.filter((p) => !withinTolerance(p, item.lower, item.upper));
    if (failing.length > 0) {
      row.rectificationId = openQualityProblem(ctx, {
        origin: 'measurement', lotId: null, measurementId: row.id, title: `实测实量超差:${row.itemName}`, location: input.location,
        description: `允许偏差 ${item.lower}~${item.upper}mm,超差测点 ${failing.length} 个:${failing.join('、')}mm(共测 ${input.points.length} 点)`,
        major: false, foundOn: input.measuredOn, foundBy: input.measuredBy,
      });
    }
    ctx.db.insert(qualityMeasurements).values(row).run();
    ctx.recorder.change(ctx.author, 'quality_measurements', row.id, 'insert', row);
    return row;
  });
  return rows(s.db, [m])[0]!;
}

/** Pass rates by item over every measurement (each judged by its own tolerance), against the current setting. */
export function measurementStats(s: Services, actor: ProjectActor) {
  const current = currentTolerances(s.db, actor.projectId);
  const all = s.db.select().from(qualityMeasurements).where(eq(qualityMeasurements.projectId, actor.projectId)).all();
  const byItem = new Map<string, { itemKey: string; itemName: string; passed: number; total: number }>();
  for (const m of all) {
    const x = byItem.get(m.itemKey) ?? { itemKey: m.itemKey, itemName: m.itemName, passed: 0, total: 0 };
    x.passed += m.passed;
    x.total += m.total;
    byItem.set(m.itemKey, x);
  }
  const passed = all.reduce((n, m) => n + m.passed, 0);
  const total = all.reduce((n, m) => n + m.total, 0);
  return {
    passRate: current.data.passRate,
    edition: currentEditionView(TOLERANCES_KEY, current),
    byItem: [...byItem.values()].map((x) => ({ ...x, group: current.data.items.find((i) => i.key === x.itemKey)?.group ?? '', ...passRate(x.passed, x.total, current.data.passRate) })),
    total: { passed, total, rate: total === 0 ? null : passRate(passed, total, current.data.passRate).rate },
  };
}

export function tolerances(s: Services, actor: ProjectActor) {
  const current = currentTolerances(s.db, actor.projectId);
  return { edition: currentEditionView(TOLERANCES_KEY, current), passRate: current.data.passRate, items: current.data.items };
}
