// The project's parties (建设, 监理, 勘察, 设计 单位) and the span of its 监理月报: from the
// 质量安全报监 to 竣工验收合格. The 施工单位 is the project's 总包单位.
import { eq } from 'drizzle-orm';
import { projectParties, projects } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { ApiError } from '../../common/errors';
import type { PartiesProfile } from '../../common/contract-parties';
import type { ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { inTransaction } from '../write-context';

export function partiesProfile(db: Db, projectId: string): PartiesProfile {
  const project = db.select({ generalContractor: projects.generalContractor }).from(projects).where(eq(projects.id, projectId)).get();
  const row = db.select().from(projectParties).where(eq(projectParties.projectId, projectId)).get();
  return {
    constructionName: project?.generalContractor ?? '',
    ownerName: row?.ownerName ?? '',
    supervisorName: row?.supervisorName ?? '',
    surveyName: row?.surveyName ?? '',
    designName: row?.designName ?? '',
    filedOn: row?.filedOn ?? null,
    completedOn: row?.completedOn ?? null,
  };
}

export function saveProfile(s: Services, actor: ProjectActor, input: ParsedInput<'parties.saveProfile'>): PartiesProfile {
  if (input.completedOn && input.filedOn && input.completedOn < input.filedOn) throw new ApiError('VALIDATION', '竣工验收日期不能早于报监日期', [{ path: 'completedOn', message: '不能早于报监日期' }]);
  inTransaction(s, actor, (ctx) => {
    const before = ctx.db.select().from(projectParties).where(eq(projectParties.projectId, actor.projectId)).get();
    const row = { projectId: actor.projectId, ...input, updatedAt: ctx.author.at, updatedBy: actor.userId };
    if (before) ctx.db.update(projectParties).set(row).where(eq(projectParties.projectId, actor.projectId)).run();
    else ctx.db.insert(projectParties).values(row).run();
    ctx.recorder.change(ctx.author, 'project_parties', actor.projectId, before ? 'update' : 'insert', row, before);
  });
  return partiesProfile(s.db, actor.projectId);
}
