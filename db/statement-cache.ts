// The better-sqlite3 connection drizzle is given: the same connection, with a `prepare` that keeps
// statements by their SQL text and hands them out again.
//
// drizzle prepares a new statement for every query it runs. A statement's native memory (SQLite's
// compiled program) is freed only when V8 collects the JavaScript object around it, and V8 does not
// see that memory, so it collects lazily: a few thousand queries — a roster import, a day's
// registrations — left a few hundred MB resident. The same few hundred SQL texts run again and
// again, so they are compiled once and kept (the least recently used are let go past a bound).
import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';

/** How many distinct SQL texts keep their compiled statement. */
const MAX_STATEMENTS = 400;

/**
 * What drizzle holds of a statement: its own view of the shared one. drizzle switches a statement
 * to array rows (`raw()`) for some calls and not for others, so the mode is kept per view and set
 * on the shared statement right before each read.
 */
class StatementView {
  private rawRows = false;

  constructor(private readonly statement: Statement) {}

  get reader(): boolean {
    return this.statement.reader;
  }

  raw(toggle = true): this {
    this.rawRows = toggle;
    return this;
  }

  run(...params: unknown[]) {
    return this.statement.run(...params);
  }

  get(...params: unknown[]): unknown {
    return this.inMode().get(...params);
  }

  all(...params: unknown[]): unknown[] {
    return this.inMode().all(...params);
  }

  private inMode(): Statement {
    return this.statement.reader ? this.statement.raw(this.rawRows) : this.statement;
  }
}

export function withStatementCache(sqlite: Database.Database, max = MAX_STATEMENTS): Database.Database {
  const statements = new Map<string, Statement>();
  const prepare = (source: string): StatementView => {
    let statement = statements.get(source);
    if (statement) {
      statements.delete(source); // to the back: most recently used
    } else {
      statement = sqlite.prepare(source);
      if (statements.size >= max) statements.delete(statements.keys().next().value!);
    }
    statements.set(source, statement);
    return new StatementView(statement);
  };
  return new Proxy(sqlite, {
    get(target, property) {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
