// Rule tables as a project uses them (JGJ 59 now; GB 50300 and sampling rules later): the shipped
// edition, stored the first time the project scores with it, and every correction a 项目负责人
// makes, as a new edition. A record points at the edition it was scored under, so a corrected
// table never rewrites an old score, and the central side can recompute a score from the rows.
import { sqliteTable, text, integer, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { projects } from './schema';

export const ruleEditions = sqliteTable('rule_editions', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull().references(() => projects.id),
  /** The rule file's kind (services/rules/library.ts): jgj59.table, jgj59.summary … */
  kind: text('kind').notNull(),
  ruleKey: text('rule_key').notNull(), // JGJ 59-2011/B.14
  edition: integer('edition').notNull(), // the shipped file's edition, then one more per correction
  origin: text('origin', { enum: ['shipped', 'corrected'] }).notNull(),
  /** The file's JSON as written (lines as printed), parsed by the kind's schema when read. */
  content: text('content', { mode: 'json' }).notNull().$type<unknown>(),
  contentSha256: text('content_sha256').notNull(),
  /** Why it was corrected, and from which copy of the standard. */
  note: text('note').notNull(),
  basedOn: text('based_on'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  createdByName: text('created_by_name').notNull(),
}, (t) => [uniqueIndex('rule_editions_project_key_edition').on(t.projectId, t.ruleKey, t.edition)]);
