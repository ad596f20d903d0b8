// Item 16 of issue 16: the isolation period (隔离) starts on a date nobody can move without a trace:
// the 健康云 出行时间 (its import is in the audit trail), else the day the record was made on this PC.
// A 预登记日期 typed into an imported roster no longer shortens it.
import { afterEach, describe, expect, it } from 'vitest';
import { MANAGER, openTestApp, type TestApp } from '../support/app';
import { addEmployer, fullRecord, importCloud, operatorToken } from '../support/prereg-helpers';
import { importRoster, nthId, rosterCsv } from './reports-support';

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

describe('隔离 is counted from a date that cannot be back-dated in silence', () => {
  it('an operator who back-dates the 预登记日期 of a roster does not let a person from 湖北 in early', async () => {
    t = openTestApp(); // the site's clock: 2020-02-17
    const manager = await t.signedInManager();
    const employer = await addEmployer(t, manager);
    const operator = await operatorToken(t, manager);
    const idNumber = nthId(1);
    const report = await importRoster(t, operator, rosterCsv([{
      身份证号: idNumber, 姓名: '钱志强', 人员类别: '作业人员', 出发地省份: '湖北省', 出发地城市: '武汉市', 用人单位: employer.name, 手机号: '13812345678', 预登记日期: '2020-01-20',
    }]), true, '名册.csv');
    expect(report.imported).toBe(1);
    const check = await t.call('entries.check', { idNumber, category: 'worker' }, operator);
    // 14 days from the day the record was made here, not from the typed 2020-01-20.
    expect(check.eligibility).toEqual({
      allowed: false,
      reason: '钱志强 从湖北省出发(2020-02-17 到达),须满 14 天隔离期,可进场日期为 2020-03-02',
      availableFrom: '2020-03-02',
    });
    const board = await t.call('board.today', {}, manager);
    expect(board.soonAvailable).toEqual([]);
  });

  it('the 健康云 出行时间 counts, and the import that brought it names who imported which dates', async () => {
    t = openTestApp();
    const manager = await t.signedInManager();
    await addEmployer(t, manager);
    const operator = await operatorToken(t, manager);
    const idNumber = nthId(2);
    await importCloud(t, operator, [fullRecord(idNumber, '孙丽', { 出行时间: '2020-02-01' })], '健康云记录.csv');
    const audit = t.app.services.sqlite.prepare("select actor_name as who, after from audit_log where action = 'import' and table_name = 'health_cloud_records'").all() as { who: string; after: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.who).not.toBe(MANAGER.name);
    expect(JSON.parse(audit[0]!.after)).toMatchObject({ fileName: '健康云记录.csv', records: 1, travelTimes: [{ travelTime: '2020-02-01' }] });
    expect(audit[0]!.after).not.toContain(idNumber);
  });
});
