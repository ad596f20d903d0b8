// 处置方式: a person's state (可进场 by default, 需隔离, 疑似, 确诊) with its history, and the
// scanned 《健康状况信息登记表》. Every change is a new row; the person keeps the current state.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { attachments, dispositions, persons, users } from '../../db/schema';
import { ApiError } from '../common/errors';
import { dispositionLabels } from '../common/codes';
import { normalizeSiteDateTime, siteDate } from '../common/site-time';
import type { Disposition, ParsedInput, StoredFile } from '../common/contract';
import { isoNow, type ProjectActor, type Services } from './context';
import { sniffMime } from './files';
import { newId } from './ids';
import { authorOf, recordChange } from './outbox';
import { personBrief, projectPerson } from './people';
import { eligibility } from './entries';

export function latestDisposition(s: Services, personId: string) {
  return s.db.select().from(dispositions).where(eq(dispositions.personId, personId)).orderBy(desc(dispositions.createdAt), desc(dispositions.id)).limit(1).get();
}

function toDisposition(row: typeof dispositions.$inferSelect, by: string): Disposition {
  return { id: row.id, state: row.state, startedAt: row.startedAt, method: row.method, createdAt: row.createdAt, createdBy: by };
}

function forms(s: Services, actor: ProjectActor, personId: string): StoredFile[] {
  return s.db.select().from(attachments)
    .where(and(eq(attachments.projectId, actor.projectId), eq(attachments.purpose, 'health_form'), eq(attachments.ownerId, personId), isNull(attachments.deletedAt)))
    .orderBy(attachments.createdAt).all()
    .map((a) => ({ id: a.id, fileName: a.fileName, mime: a.mime, size: a.size, sha256: a.sha256, createdAt: a.createdAt }));
}

export function getDispositions(s: Services, actor: ProjectActor, personId: string) {
  const person = projectPerson(s, actor, personId);
  const history = s.db.select({ d: dispositions, by: users.name }).from(dispositions)
    .innerJoin(users, eq(users.id, dispositions.createdBy))
    .where(eq(dispositions.personId, person.id)).orderBy(desc(dispositions.createdAt), desc(dispositions.id)).all()
    .map((r) => toDisposition(r.d, r.by));
  return { person: personBrief(actor, person), history, forms: forms(s, actor, person.id), eligibility: eligibility(s, person, siteDate(s.clock.now())) };
}

export function setDisposition(s: Services, actor: ProjectActor, input: ParsedInput<'dispositions.set'>): Disposition {
  const person = projectPerson(s, actor, input.personId);
  let startedAt: string | null = null;
  let method: string | null = null;
  if (input.state !== 'clear') {
    const issues = [];
    if (!input.startedAt) issues.push({ path: 'startedAt', message: '请填写隔离/就医时间' });
    if (!input.method) issues.push({ path: 'method', message: '请填写隔离/就医方式' });
    if (issues.length > 0) throw new ApiError('VALIDATION', `“${dispositionLabels[input.state]}”须填写隔离/就医时间和隔离/就医方式`, issues);
    startedAt = normalizeSiteDateTime(input.startedAt!);
    if (!startedAt) throw new ApiError('VALIDATION', '隔离/就医时间无效', [{ path: 'startedAt', message: '时间无效' }]);
    method = input.method!;
  }
  const at = isoNow(s.clock);
  const row = { id: newId(), projectId: actor.projectId, personId: person.id, state: input.state, startedAt, method, createdAt: at, createdBy: actor.userId };
  s.db.transaction((tx) => {
    tx.insert(dispositions).values(row).run();
    tx.update(persons).set({ state: input.state }).where(eq(persons.id, person.id)).run();
    recordChange(tx, authorOf(actor, at), 'dispositions', row.id, 'insert', row);
    recordChange(tx, authorOf(actor, at), 'persons', person.id, 'update', { ...person, state: input.state }, person);
  });
  return toDisposition(row, actor.name);
}

export function uploadForm(s: Services, actor: ProjectActor, input: ParsedInput<'dispositions.uploadForm'>): StoredFile {
  const person = projectPerson(s, actor, input.personId);
  const bytes = Buffer.from(input.dataBase64, 'base64');
  const actual = sniffMime(bytes);
  if (bytes.length === 0 || actual !== input.mime) throw new ApiError('VALIDATION', '文件内容不是有效的 jpg 或 png 图片');
  const sha256 = s.files.put(bytes);
  const at = isoNow(s.clock);
  const row = {
    id: newId(), projectId: actor.projectId, purpose: 'health_form' as const, ownerId: person.id, sha256,
    fileName: input.fileName, mime: actual, size: bytes.length, createdAt: at, createdBy: actor.userId, deletedAt: null,
  };
  s.db.transaction((tx) => {
    tx.insert(attachments).values(row).run();
    recordChange(tx, authorOf(actor, at), 'attachments', row.id, 'insert', row);
  });
  return { id: row.id, fileName: row.fileName, mime: row.mime, size: row.size, sha256, createdAt: at };
}

export function deleteForm(s: Services, actor: ProjectActor, input: ParsedInput<'dispositions.deleteForm'>): void {
  const at = isoNow(s.clock);
  s.db.transaction((tx) => {
    const row = tx.select().from(attachments).where(and(
      eq(attachments.id, input.id), eq(attachments.projectId, actor.projectId), eq(attachments.purpose, 'health_form'),
      eq(attachments.ownerId, input.personId), isNull(attachments.deletedAt),
    )).get();
    if (!row) throw new ApiError('NOT_FOUND', '未找到该文件');
    tx.update(attachments).set({ deletedAt: at }).where(eq(attachments.id, row.id)).run();
    recordChange(tx, authorOf(actor, at), 'attachments', row.id, 'update', { ...row, deletedAt: at }, row);
  });
}
