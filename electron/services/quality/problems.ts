// Quality problems: the quality side of a rectification of the shared loop, opened from a round
// (with its 整改通知 in one step), from a lot the 监理 failed, or from the failing points of a
// 实测实量 (found, to be notified from the loop's screen).
import { and, eq } from 'drizzle-orm';
import { qualityLots, qualityProblems } from '../../../db/schema';
import { ApiError } from '../../common/errors';
import type { ParsedInput } from '../../common/contract';
import type { RectificationView } from '../../common/contract-rectification';
import type { ProjectActor, Services } from '../context';
import { newId } from '../ids';
import { getRectification, openRectification, type NoticeInput } from '../rectification/loop';
import { inTransaction, type WriteContext } from '../write-context';

export const PROBLEM_SOURCE = 'quality_problem';

export interface ProblemInput {
  origin: 'round' | 'lot' | 'measurement';
  lotId: string | null;
  measurementId: string | null;
  title: string;
  location: string;
  description: string;
  major: boolean;
  foundOn: string;
  foundBy: string;
  notice?: NoticeInput;
}

/** Opens the problem and its rectification in the caller's transaction; the rectification's id. */
export function openQualityProblem(ctx: WriteContext, input: ProblemInput): string {
  const id = newId();
  const r = openRectification(ctx, {
    sourceKind: PROBLEM_SOURCE, sourceId: id, title: input.title, description: input.description || input.title, location: input.location, major: input.major,
    foundOn: input.foundOn, foundBy: input.foundBy, notice: input.notice,
  });
  const row = { id, projectId: ctx.actor.projectId, rectificationId: r.id, origin: input.origin, lotId: input.lotId, measurementId: input.measurementId, createdAt: ctx.author.at, createdBy: ctx.actor.userId };
  ctx.db.insert(qualityProblems).values(row).run();
  ctx.recorder.change(ctx.author, 'quality_problems', row.id, 'insert', row);
  return r.id;
}

export function openProblem(s: Services, actor: ProjectActor, input: ParsedInput<'quality.openProblem'>): RectificationView {
  const id = inTransaction(s, actor, (ctx) => {
    if (input.lotId && !ctx.db.select().from(qualityLots).where(and(eq(qualityLots.id, input.lotId), eq(qualityLots.projectId, actor.projectId))).get()) throw new ApiError('NOT_FOUND', '未找到该检验批');
    return openQualityProblem(ctx, {
      origin: input.lotId ? 'lot' : 'round', lotId: input.lotId, measurementId: null, title: input.title, location: input.location, description: input.description,
      major: input.major, foundOn: input.foundOn, foundBy: input.foundBy,
      notice: { responsible: input.responsible, deadline: input.deadline, requirement: input.requirement, signerName: actor.name, signerRole: '检查人' },
    });
  });
  return getRectification(s, actor, id);
}
