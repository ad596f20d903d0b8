// The audit trail: every change and sign-in recorded with who, when, before and after; masked ID
// numbers on the screen; a hash chain that shows an edited or deleted row.
import { afterEach, describe, expect, it } from 'vitest';
import { openTestApp, errorOf, type TestApp, MANAGER } from '../support/app';
import { addEmployer, ORIGIN_SUZHOU, samplePeople } from '../support/prereg-helpers';

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

async function withPerson() {
  t = openTestApp();
  const token = await t.signedInManager();
  const employer = await addEmployer(t, token);
  const [p] = samplePeople(1);
  const person = await t.call('persons.create', {
    category: 'worker', idNumber: p!.idNumber, name: p!.name, origin: ORIGIN_SUZHOU, employerId: employer.id, phone: p!.phone, useHealthCloud: false,
  }, token);
  return { token, person, idNumber: p!.idNumber };
}

describe('audit trail', () => {
  it('records sign-ins, failed sign-ins and changes with who and before/after, newest first, ID numbers masked', async () => {
    const { token, person, idNumber } = await withPerson();
    await errorOf(() => t!.signIn(MANAGER.idNumber, 'wrong-password'));
    await t!.call('dispositions.set', { personId: person.id, state: 'isolate', startedAt: '2020-02-17 08:00', method: '居家隔离' }, token);
    const { rows, total } = await t!.call('audit.list', { page: 1, pageSize: 50 }, token);
    expect(total).toBe(rows.length);
    const actions = rows.map((r) => `${r.action}:${r.tableName ?? ''}`);
    expect(actions).toEqual(expect.arrayContaining(['sign_in:', 'sign_in_failed:', 'insert:persons', 'insert:employers', 'insert:dispositions', 'update:persons']));
    expect(rows[0]!.seq).toBeGreaterThan(rows[rows.length - 1]!.seq);
    const stateChange = rows.find((r) => r.action === 'update' && r.tableName === 'persons')!;
    expect(stateChange.actorName).toBe(MANAGER.name);
    expect(JSON.parse(stateChange.before!).state).toBe('clear');
    expect(JSON.parse(stateChange.after!).state).toBe('isolate');
    const text = JSON.stringify(rows);
    expect(text).not.toContain(idNumber);
    expect(text).not.toContain(MANAGER.idNumber);
    const onlyPersons = await t!.call('audit.list', { page: 1, pageSize: 50, tableName: 'persons', rowId: person.id }, token);
    expect(onlyPersons.rows.map((r) => r.action)).toEqual(['update', 'insert']);
  });

  it('verifies an intact chain, and finds an edited and a deleted row', async () => {
    const { token } = await withPerson();
    const intact = await t!.call('audit.verify', {}, token);
    expect(intact.ok).toBe(true);
    expect(intact.checked).toBeGreaterThan(3);
    const sqlite = t!.app.services.sqlite;
    const target = sqlite.prepare("select seq from audit_log where table_name = 'persons' limit 1").get() as { seq: number };
    sqlite.prepare("update audit_log set after = replace(after, 'worker', 'manager') where seq = ?").run(target.seq);
    const edited = await t!.call('audit.verify', {}, token);
    expect(edited).toMatchObject({ ok: false, brokenAt: target.seq });
    expect(edited.message).toContain(`第 ${target.seq} 条`);

    t!.close();
    await withPerson();
    const second = t!.app.services.sqlite.prepare('select seq from audit_log order by seq limit 1 offset 1').get() as { seq: number };
    t!.app.services.sqlite.prepare('delete from audit_log where seq = ?').run(second.seq);
    const token2 = await t!.signIn(MANAGER.idNumber, MANAGER.password);
    const [project] = await t!.call('projects.list', {}, token2);
    await t!.call('projects.enter', { projectId: project!.id }, token2);
    const deleted = await t!.call('audit.verify', {}, token2);
    expect(deleted).toMatchObject({ ok: false, brokenAt: second.seq });
  });

  it('exports the trail as an Excel file with masked ID numbers', async () => {
    const { token, idNumber } = await withPerson();
    const file = await t!.call('audit.export', {}, token);
    expect(file.fileName).toBe('审计记录.xlsx');
    const { readTable } = await import('../../electron/services/tabular');
    const { rows } = await readTable(file.fileName, Buffer.from(file.dataBase64, 'base64'), [
      { key: 'action', label: '操作', required: true }, { key: 'after', label: '修改后', required: true },
    ]);
    expect(rows.map((r) => r.values.action)).toEqual(expect.arrayContaining(['登录', '新增']));
    expect(rows.some((r) => r.values.after!.includes(idNumber))).toBe(false);
    expect(rows.some((r) => r.values.after!.includes(idNumber.slice(-3)))).toBe(true);
  });
});
