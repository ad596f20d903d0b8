// 单位(子单位)工程 of the project: the roots of its 检验批 划分.
import { and, asc, eq } from 'drizzle-orm';
import { qualityLots, qualityUnits } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { ApiError } from '../../common/errors';
import type { ParsedInput } from '../../common/contract';
import type { ProjectActor, Services } from '../context';
import { newId } from '../ids';
import { inTransaction } from '../write-context';
import { latestRecords } from './order';

export function listUnits(s: Services, actor: ProjectActor) {
  const units = s.db.select().from(qualityUnits).where(eq(qualityUnits.projectId, actor.projectId)).orderBy(asc(qualityUnits.createdAt)).all();
  const lots = s.db.select().from(qualityLots).where(eq(qualityLots.projectId, actor.projectId)).all();
  const records = latestRecords(s.db, lots.map((l) => l.id));
  return units.map((u) => {
    const mine = lots.filter((l) => l.unitId === u.id);
    return { id: u.id, name: u.name, lots: mine.length, accepted: mine.filter((l) => records.get(l.id)?.state === 'accepted').length };
  });
}

export function addUnit(s: Services, actor: ProjectActor, input: ParsedInput<'quality.addUnit'>) {
  return inTransaction(s, actor, (ctx) => {
    if (ctx.db.select().from(qualityUnits).where(and(eq(qualityUnits.projectId, actor.projectId), eq(qualityUnits.name, input.name))).get()) throw new ApiError('CONFLICT', `已有单位工程“${input.name}”`, [{ path: 'name', message: '名称已存在' }]);
    const row = { id: newId(), projectId: actor.projectId, name: input.name, createdAt: ctx.author.at, createdBy: actor.userId };
    ctx.db.insert(qualityUnits).values(row).run();
    ctx.recorder.change(ctx.author, 'quality_units', row.id, 'insert', row);
    return { id: row.id, name: row.name };
  });
}

export function unitOf(db: Db, projectId: string, id: string) {
  const unit = db.select().from(qualityUnits).where(and(eq(qualityUnits.id, id), eq(qualityUnits.projectId, projectId))).get();
  if (!unit) throw new ApiError('NOT_FOUND', '未找到该单位工程', [{ path: 'unitId', message: '请选择单位工程' }]);
  return unit;
}

