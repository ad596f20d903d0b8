// Item 12 of issue 16: full 身份证号 in bulk only for the 项目负责人; exports masked by default; every
// export that carries a full number is written to the audit trail, the one-person form included.
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf, openTestApp, type TestApp } from '../support/app';
import { addEmployer, operatorToken, ORIGIN_SUZHOU, samplePeople } from '../support/prereg-helpers';
import { readTable } from '../../electron/services/tabular';

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

async function siteWithPeople() {
  t = openTestApp();
  const manager = await t.signedInManager();
  const employer = await addEmployer(t, manager);
  const people = samplePeople(3);
  const created = [];
  for (const p of people) {
    created.push(await t.call('persons.create', { category: 'worker', idNumber: p.idNumber, name: p.name, origin: ORIGIN_SUZHOU, employerId: employer.id, phone: p.phone, useHealthCloud: false }, manager));
  }
  const operator = await operatorToken(t, manager);
  return { manager, operator, people, created };
}

function exportsInAudit(): { who: string; after: string }[] {
  return t!.app.services.sqlite.prepare("select actor_name as who, after from audit_log where action = 'export' order by seq").all() as { who: string; after: string }[];
}

describe('full ID numbers in exports', () => {
  it('an operator cannot take them in bulk, and the refusal writes nothing', async () => {
    const { operator } = await siteWithPeople();
    const refused = await errorOf(() => t!.call('reports.preRegistrationXlsx', { format: 'import' }, operator));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toContain('只有项目负责人');
    expect(exportsInAudit()).toHaveLength(0);
  });

  it('the operator\'s export is masked, as the list is, by default', async () => {
    const { operator, people } = await siteWithPeople();
    const file = await t!.call('reports.preRegistrationXlsx', {}, operator);
    const bytes = Buffer.from(file.dataBase64, 'base64');
    const { rows } = await readTable('x.xlsx', bytes, [{ key: 'id', label: '身份证', required: true }, { key: 'name', label: '姓名', required: true }]);
    expect(rows).toHaveLength(3);
    for (const p of people) expect(JSON.stringify(rows)).not.toContain(p.idNumber);
    expect(JSON.stringify(rows)).toMatch(/\d{3}\*+\d{3}/);
  });

  it('the 项目负责人 may, and the audit trail says who and how many', async () => {
    const { manager } = await siteWithPeople();
    const file = await t!.call('reports.preRegistrationXlsx', { format: 'import' }, manager);
    const audit = exportsInAudit();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.after)).toEqual({ fileName: file.fileName, rows: 3, fullIdNumbers: true });
  });

  it('a 健康状况信息登记表 printed with the full number is audited too', async () => {
    const { operator, created } = await siteWithPeople();
    await t!.call('reports.healthFormPdf', { personId: created[0]!.id }, operator);
    const audit = exportsInAudit();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.after)).toEqual({ report: '健康状况信息登记表', fullIdNumbers: true });
  });
});
