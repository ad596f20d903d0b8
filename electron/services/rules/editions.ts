// The editions of a rule table a project has used or corrected (db/schema-rules.ts). The shipped
// file is stored the first time the project scores with it; a 项目负责人's correction is a new
// edition based on the one before. Records point at an edition's row, never at "the current table".
import { and, desc, eq } from 'drizzle-orm';
import { ruleEditions } from '../../../db/schema';
import type { Db } from '../../../db/open';
import { ApiError } from '../../common/errors';
import type { ChangeAuthor, ChangeRecorder } from '../outbox';
import { newId } from '../ids';
import { parseRule, ruleLibrary, RuleFileError, sha256Of, type RuleData, type RuleKind } from './library';

export interface Edition<K extends RuleKind = RuleKind> {
  id: string;
  kind: K;
  key: string;
  edition: number;
  origin: 'shipped' | 'corrected';
  note: string;
  basedOn: string | null;
  createdAt: string;
  createdByName: string;
  sha256: string;
  /** The JSON as stored (what a correction starts from). */
  raw: unknown;
  data: RuleData<K>;
}

type Row = typeof ruleEditions.$inferSelect;

// Rows never change: each is parsed once per process.
const parsed = new Map<string, Edition>();

function toEdition(row: Row): Edition {
  const known = parsed.get(row.id);
  if (known) return known;
  const { kind, data } = parseRule(row.content, `${row.ruleKey} 第 ${row.edition} 版`);
  const edition: Edition = {
    id: row.id, kind, key: row.ruleKey, edition: row.edition, origin: row.origin, note: row.note, basedOn: row.basedOn,
    createdAt: row.createdAt, createdByName: row.createdByName, sha256: row.contentSha256, raw: row.content, data,
  };
  parsed.set(row.id, edition);
  return edition;
}

export function readEdition<K extends RuleKind>(db: Db, id: string, kind: K): Edition<K> {
  const row = db.select().from(ruleEditions).where(eq(ruleEditions.id, id)).get();
  if (!row || row.kind !== kind) throw new ApiError('NOT_FOUND', '未找到该规则表版本');
  return toEdition(row) as Edition<K>;
}

function latestRow(db: Db, projectId: string, key: string): Row | undefined {
  return db.select().from(ruleEditions).where(and(eq(ruleEditions.projectId, projectId), eq(ruleEditions.ruleKey, key)))
    .orderBy(desc(ruleEditions.edition)).limit(1).get();
}

/** Every edition of a table the project has, newest first. */
export function listEditions(db: Db, projectId: string, key: string): Edition[] {
  return db.select().from(ruleEditions).where(and(eq(ruleEditions.projectId, projectId), eq(ruleEditions.ruleKey, key)))
    .orderBy(desc(ruleEditions.edition)).all().map(toEdition);
}

/** What the project scores with now, without storing anything: its latest edition, or the shipped file. */
export function currentContent<K extends RuleKind>(db: Db, projectId: string, kind: K, key: string): { data: RuleData<K>; edition: number; origin: 'shipped' | 'corrected'; stored: Edition<K> | null } {
  const row = latestRow(db, projectId, key);
  const file = ruleLibrary().get(kind, key);
  if (row && !(row.origin === 'shipped' && file && file.data.edition > row.edition)) {
    const e = toEdition(row) as Edition<K>;
    return { data: e.data, edition: e.edition, origin: e.origin, stored: e };
  }
  if (!file) throw new ApiError('NOT_FOUND', `未找到规则表 ${key}`);
  return { data: file.data, edition: file.data.edition, origin: 'shipped', stored: null };
}

function insertEdition(db: Db, recorder: ChangeRecorder, author: ChangeAuthor & { actorId: string }, values: Omit<Row, 'id' | 'createdAt' | 'createdBy' | 'createdByName'>): Edition {
  const row: Row = { id: newId(), ...values, createdAt: author.at, createdBy: author.actorId, createdByName: author.actorName };
  db.insert(ruleEditions).values(row).run();
  recorder.change(author, 'rule_editions', row.id, 'insert', row);
  return toEdition(row);
}

/**
 * The edition a new record is scored under: the project's latest, or the shipped file stored now
 * (inside the caller's transaction, so the record and its edition arrive together).
 */
export function editionInUse<K extends RuleKind>(db: Db, recorder: ChangeRecorder, author: ChangeAuthor & { actorId: string }, projectId: string, kind: K, key: string): Edition<K> {
  const current = currentContent(db, projectId, kind, key);
  if (current.stored) return current.stored;
  const file = ruleLibrary().get(kind, key)!;
  const previous = latestRow(db, projectId, key);
  return insertEdition(db, recorder, author, {
    projectId, kind, ruleKey: key, edition: Math.max(file.data.edition, (previous?.edition ?? 0) + 1), origin: 'shipped',
    content: file.raw, contentSha256: file.sha256, note: `随程序提供:rules/${file.file}`, basedOn: previous?.id ?? null,
  }) as Edition<K>;
}

/**
 * A 项目负责人's correction: checked by the kind's schema like a shipped file, stored as the next
 * edition. Records already scored keep the edition they were scored under.
 */
export function correctEdition(db: Db, recorder: ChangeRecorder, author: ChangeAuthor & { actorId: string }, projectId: string, input: { kind: RuleKind; key: string; content: unknown; note: string }): Edition {
  const file = ruleLibrary().get(input.kind, input.key);
  if (!file) throw new ApiError('NOT_FOUND', `未找到规则表 ${input.key}`);
  let data: RuleData<RuleKind>;
  try {
    ({ data } = parseRule(input.content, input.key));
  } catch (e) {
    if (e instanceof RuleFileError) throw new ApiError('VALIDATION', e.message.replace(/^规则表文件 /, '规则表 '));
    throw e;
  }
  if (data.kind !== input.kind || data.key !== input.key) throw new ApiError('VALIDATION', '更正后的规则表须保持原有的类型和编号');
  const current = currentContent(db, projectId, input.kind, input.key);
  const sha256 = sha256Of(input.content);
  const base = current.stored ?? editionInUse(db, recorder, author, projectId, input.kind, input.key);
  if (base.sha256 === sha256) throw new ApiError('CONFLICT', '内容与当前版本相同,无需更正');
  return insertEdition(db, recorder, author, {
    projectId, kind: input.kind, ruleKey: input.key, edition: base.edition + 1, origin: 'corrected',
    content: input.content, contentSha256: sha256, note: input.note, basedOn: base.id,
  });
}

/** An edition as the screens list it (its JSON is what a correction starts from). */
export function editionRow(e: Edition) {
  return { id: e.id, key: e.key, edition: e.edition, origin: e.origin, note: e.note, createdAt: e.createdAt, createdByName: e.createdByName, raw: e.raw };
}

/** Every edition of a table the project has, newest first; a table not used yet has its shipped file only (not stored, no id). */
export function editionHistory(db: Db, projectId: string, kind: RuleKind, key: string) {
  const stored = listEditions(db, projectId, key).map(editionRow);
  if (stored.length > 0) return stored;
  const file = ruleLibrary().get(kind, key);
  return file ? [{ id: '', key, edition: file.data.edition, origin: 'shipped' as const, note: `随程序提供:rules/${file.file}`, createdAt: '', createdByName: '', raw: file.raw }] : [];
}
