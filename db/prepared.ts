// Statements a hot path runs thousands of times in one transaction (the morning batch of 5,000
// temperatures): built once by drizzle from the schema and prepared once per database handle,
// instead of built and prepared again on every call. Building costs more than running: about 20 µs
// against 5 µs for one insert. (statement-cache.ts, under drizzle, saves SQLite's compile for every
// query; what drizzle builds above it in JavaScript is saved only here.)
import { getTableColumns, sql, type InferSelectModel } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './open';

/**
 * Wraps a set of statements so `build` runs once per handle and its statements are reused while the
 * handle lives. Keyed by the handle: a restored backup (a new connection, a new handle) gets
 * statements of its own, and a transaction's handle keeps its statements for that transaction.
 */
export function preparedStatements<T>(build: (db: Db) => T): (db: Db) => T {
  const byHandle = new WeakMap<Db, T>();
  return (db) => {
    let statements = byHandle.get(db);
    if (!statements) {
      statements = build(db);
      byHandle.set(db, statements);
    }
    return statements;
  };
}

/**
 * An insert of one whole row into `table`, prepared once: every column is a placeholder named after
 * its key, so the schema's own encoders (JSON text, booleans) still turn values into SQLite's.
 */
export function prepareInsert<T extends SQLiteTable>(db: Db, table: T): (row: InferSelectModel<T>) => void {
  const values = Object.fromEntries(Object.keys(getTableColumns(table)).map((key) => [key, sql.placeholder(key)]));
  const query = db.insert(table).values(values as never).prepare();
  return (row) => {
    query.run(row as Record<string, unknown>);
  };
}
