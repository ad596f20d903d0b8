// The statement cache drizzle's connection goes through: one compiled statement per SQL text, each
// caller with its own row mode, and a bound past which the least recently used are let go.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { withStatementCache } from '../../db/statement-cache';

let sqlite: Database.Database;
afterEach(() => sqlite?.close());

function open(): Database.Database {
  sqlite = new Database(':memory:');
  sqlite.exec("create table t (id integer primary key, name text); insert into t (name) values ('甲'), ('乙')");
  return sqlite;
}

describe('withStatementCache', () => {
  it('hands out the same compiled statement for the same SQL, each view in its own row mode', () => {
    const cached = withStatementCache(open());
    const sql = 'select id, name from t order by id';
    const rows = cached.prepare(sql);
    const arrays = cached.prepare(sql).raw();
    expect(arrays.all()).toEqual([[1, '甲'], [2, '乙']]);
    expect(rows.all()).toEqual([{ id: 1, name: '甲' }, { id: 2, name: '乙' }]);
    expect(arrays.get()).toEqual([1, '甲']);
    expect(rows.get()).toEqual({ id: 1, name: '甲' });
    expect(cached.prepare("insert into t (name) values ('丙')").run().changes).toBe(1);
    // Everything else is the connection itself.
    expect(cached.inTransaction).toBe(false);
    expect(cached.transaction(() => cached.prepare('select count(*) as n from t').get())()).toEqual({ n: 3 });
  });

  it('compiles a statement once while it is used, again after it was let go past the bound', () => {
    const db = open();
    let compiled = 0;
    const counting = new Proxy(db, {
      get(target, property) {
        if (property === 'prepare') return (source: string) => { compiled++; return target.prepare(source); };
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const cached = withStatementCache(counting, 2);
    const a = 'select 1 as a';
    const b = 'select 2 as b';
    const c = 'select 3 as c';
    cached.prepare(a).get();
    cached.prepare(a).get();
    cached.prepare(b).get();
    expect(compiled).toBe(2);
    cached.prepare(a).get(); // a is now the most recently used
    cached.prepare(c).get(); // b goes
    expect(compiled).toBe(3);
    cached.prepare(a).get();
    expect(compiled).toBe(3);
    cached.prepare(b).get();
    expect(compiled).toBe(4);
  });
});
