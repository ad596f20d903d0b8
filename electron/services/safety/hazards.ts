// 隐患: found in a check (a deduction of an assessment, in one step) or on their own, classed by the
// ten 分项 (or 消防 / 其他) and 一般 / 重大, and chased to closure through the shared rectification
// loop. The 隐患排查治理台账 is the month's hazards with where each stands.
import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { rectifications, safetyAssessments, safetyDeductions, safetyHazards, safetySheets } from '../../../db/schema';
import { ApiError } from '../../common/errors';
import { assessmentKindLabels, hazardLevelLabels } from '../../common/safety/labels';
import { siteDate } from '../../common/site-time';
import type { ParsedInput } from '../../common/contract';
import type { HazardRow } from '../../common/contract-safety';
import { readEdition } from '../rules/editions';
import type { ProjectActor, Services } from '../context';
import { newId } from '../ids';
import { openRectification, overdueCondition, rectificationsOf } from '../rectification/loop';
import { inTransaction } from '../write-context';

type Hazard = typeof safetyHazards.$inferSelect;

export const HAZARD_SOURCE = 'safety_hazard';

/** Where a hazard came from, in words. */
function originsOf(s: Services, hazards: Hazard[]): Map<string, string> {
  const ids = hazards.map((h) => h.deductionId).filter((x): x is string => x !== null);
  const out = new Map<string, string>();
  if (ids.length === 0) return out;
  const rows = s.db.select({ d: safetyDeductions, sheet: safetySheets, a: safetyAssessments }).from(safetyDeductions)
    .innerJoin(safetySheets, eq(safetySheets.id, safetyDeductions.sheetId)).innerJoin(safetyAssessments, eq(safetyAssessments.id, safetySheets.assessmentId))
    .where(inArray(safetyDeductions.id, ids)).all();
  for (const { d, sheet, a } of rows) {
    const table = readEdition(s.db, sheet.editionId, 'jgj59.table').data;
    out.set(d.id, `${a.period} ${assessmentKindLabels[a.kind]} · ${table.name} · ${table.items[d.itemNo - 1]?.name ?? ''}`);
  }
  return out;
}

function rowsOf(s: Services, hazards: Hazard[]): HazardRow[] {
  const loops = rectificationsOf(s, hazards.map((h) => h.rectificationId));
  const origins = originsOf(s, hazards);
  return hazards.map((h) => {
    const r = loops.get(h.rectificationId)!;
    return {
      id: h.id, category: h.category, level: h.level, levelLabel: hazardLevelLabels[h.level], assessmentId: h.assessmentId, deductionId: h.deductionId,
      origin: h.deductionId ? origins.get(h.deductionId) ?? '' : '日常巡查', rectificationId: h.rectificationId, title: r.title, location: r.location,
      foundOn: r.foundOn, foundBy: r.foundBy, responsible: r.responsible, deadline: r.deadline, state: r.state, stateLabel: r.stateLabel, closedOn: r.closedOn,
      overdueDays: r.overdueDays, marks: r.marks,
    };
  });
}

export function openHazard(s: Services, actor: ProjectActor, input: ParsedInput<'safety.openHazard'>): HazardRow {
  const hazard = inTransaction(s, actor, (ctx) => {
    let assessmentId: string | null = null;
    if (input.deductionId) {
      const found = ctx.db.select({ d: safetyDeductions, assessmentId: safetySheets.assessmentId }).from(safetyDeductions)
        .innerJoin(safetySheets, eq(safetySheets.id, safetyDeductions.sheetId))
        .where(and(eq(safetyDeductions.id, input.deductionId), eq(safetyDeductions.projectId, actor.projectId))).get();
      if (!found) throw new ApiError('NOT_FOUND', '未找到该扣分');
      const ids = [found.d.id, ...(found.d.copiedFrom ? [found.d.copiedFrom] : [])];
      if (ctx.db.select({ id: safetyHazards.id }).from(safetyHazards).where(inArray(safetyHazards.deductionId, ids)).get()) throw new ApiError('CONFLICT', '该扣分已开出隐患');
      assessmentId = found.assessmentId;
    }
    const id = newId();
    const loop = openRectification(ctx, {
      sourceKind: HAZARD_SOURCE, sourceId: id, title: input.title, description: input.title, location: input.location, major: input.level === 'major',
      foundOn: input.foundOn, foundBy: input.foundBy,
      notice: { responsible: input.responsible, deadline: input.deadline, requirement: input.requirement, signerName: input.foundBy, signerRole: '检查人' },
    });
    const row: Hazard = {
      id, projectId: actor.projectId, rectificationId: loop.id, category: input.category, level: input.level, assessmentId,
      deductionId: input.deductionId ?? null, createdAt: ctx.author.at, createdBy: actor.userId,
    };
    ctx.db.insert(safetyHazards).values(row).run();
    ctx.recorder.change(ctx.author, 'safety_hazards', row.id, 'insert', row);
    return row;
  });
  return rowsOf(s, [hazard])[0]!;
}

export function listHazards(s: Services, actor: ProjectActor, input: ParsedInput<'safety.hazards'>): { rows: HazardRow[]; total: number } {
  const today = siteDate(s.clock.now());
  const where = and(
    eq(safetyHazards.projectId, actor.projectId),
    input.month ? sql`substr(${rectifications.foundOn}, 1, 7) = ${input.month}` : undefined,
    { open: sql`${rectifications.state} <> 'closed'`, overdue: overdueCondition(today), closed: eq(rectifications.state, 'closed'), all: undefined }[input.status],
    input.search ? sql`(instr(${rectifications.title}, ${input.search}) > 0 or instr(${rectifications.location}, ${input.search}) > 0 or instr(${rectifications.responsible}, ${input.search}) > 0)` : undefined,
  );
  const base = s.db.select({ h: safetyHazards }).from(safetyHazards).innerJoin(rectifications, eq(rectifications.id, safetyHazards.rectificationId)).where(where);
  const total = s.db.select({ n: count() }).from(safetyHazards).innerJoin(rectifications, eq(rectifications.id, safetyHazards.rectificationId)).where(where).get()?.n ?? 0;
  const hazards = base.orderBy(desc(rectifications.foundOn), desc(safetyHazards.id)).limit(input.pageSize).offset((input.page - 1) * input.pageSize).all().map((r) => r.h);
  return { rows: rowsOf(s, hazards), total };
}
