// Test support for 每日健康, 处置方式, 进场登记 / 退场登记 and the today board: a signed-in site with
// one 用人单位, people pre-registered through persons.create (with or without a 健康云 record), a
// second project in the same database, and small readers of the SQLite file.
import crypto from 'node:crypto';
import { openTestApp, ManualClock, MANAGER, type TestApp } from './app';
import { validId } from './fixtures';
import { addEmployer, fullRecord, importCloud, ORIGIN_SUZHOU, ORIGIN_WUHAN, type CloudRecord } from './prereg-helpers';
import type { CommandInput, Employer, PersonDetail } from '../../electron/common/contract';

export { ORIGIN_SUZHOU, ORIGIN_WUHAN };
/** 湖北省 宜昌市: a 湖北 city without a rule of its own. */
export const ORIGIN_YICHANG = { provinceCode: '420000', cityCode: '420500' };

/** 2020-02-17 09:00 in Shanghai (01:00Z). */
export const DAY1 = '2020-02-17T09:00:00+08:00';

export const NO_SYMPTOMS = '无上述异常症状';
export const NOT_IN_PROJECT = '未找到该人员:该人员未在本项目进场预登记';

export interface Who {
  idNumber: string;
  name: string;
}

/** People with valid ID numbers; birth dates differ so an 8-digit fragment finds one of them. */
export const ZHAO: Who = { idNumber: validId('32058319800101011'), name: '赵建军' };
export const QIAN: Who = { idNumber: validId('42010619810202021'), name: '钱志强' };
export const SUN: Who = { idNumber: validId('42050219820303031'), name: '孙丽' };
export const LI: Who = { idNumber: validId('42010619830404042'), name: '李秀英' };
export const ZHOU: Who = { idNumber: validId('32058319840505051'), name: '周国庆' };
export const WU: Who = { idNumber: validId('32058319850606062'), name: '吴海燕' };
export const ZHENG: Who = { idNumber: validId('32058319860707072'), name: '郑春花' };
export const WANG: Who = { idNumber: validId('32058319870808081'), name: '王晓东' };
export const FENG: Who = { idNumber: validId('32058319880909091'), name: '冯鹏飞' };
export const CHEN: Who = { idNumber: validId('32058319891010101'), name: '陈俊峰' };
export const CHU: Who = { idNumber: validId('32058319901111111'), name: '褚浩宇' };
export const WEI: Who = { idNumber: validId('32058319911212122'), name: '卫玉兰' };
export const JIANG: Who = { idNumber: validId('32058319750115131'), name: '蒋建华' };
export const SHEN: Who = { idNumber: validId('32058319760216141'), name: '沈明' };

export const mask = (id: string) => `${id.slice(0, 3)}${'*'.repeat(id.length - 6)}${id.slice(-3)}`;

export interface Site {
  t: TestApp;
  manager: string;
  employer: Employer;
}

/** A fresh data folder with the clock at `clockIso`, the manager signed in on 测试4444, one 用人单位. */
export async function openSite(clockIso = DAY1): Promise<Site> {
  const t = openTestApp(new ManualClock(clockIso));
  const manager = await t.signedInManager();
  const employer = await addEmployer(t, manager, 1, '上海申江建筑劳务有限公司');
  return { t, manager, employer };
}

/** Signs the manager in again (sessions last 12 hours) and enters the project (the first one unless told). */
export async function reenter(t: TestApp, projectId?: string): Promise<string> {
  const token = await t.signIn(MANAGER.idNumber, MANAGER.password);
  const [first] = await t.call('projects.list', {}, token);
  await t.call('projects.enter', { projectId: projectId ?? first!.id }, token);
  return token;
}

export interface RegisterOptions {
  category?: 'worker' | 'manager';
  origin?: { provinceCode: string; cityCode: string };
  /** A 健康云 record to import first and use (its fields override fullRecord's). */
  cloud?: Partial<CloudRecord>;
  phone?: string;
  employerId?: string;
}

/** Pre-registers through persons.create, as the 进场预登记 form does. */
export async function register(t: TestApp, token: string, employerId: string, who: Who, options: RegisterOptions = {}): Promise<PersonDetail> {
  if (options.cloud) await importCloud(t, token, [fullRecord(who.idNumber, who.name, options.cloud)]);
  return t.call('persons.create', {
    category: options.category ?? 'worker',
    idNumber: who.idNumber,
    name: who.name,
    origin: options.origin ?? ORIGIN_SUZHOU,
    employerId: options.employerId ?? employerId,
    phone: options.phone ?? (options.cloud ? '' : '13812345678'),
    useHealthCloud: !!options.cloud,
  }, token);
}

export function enterInput(personId: string, employerId: string, enteredOn: string, extra: Partial<CommandInput<'entries.enter'>> = {}): CommandInput<'entries.enter'> {
  return { personId, employerId, workType: '020', team: '钢筋一班', enteredOn, ...extra };
}

/**
 * A second project in the same database, the manager linked to it (as a supervision station's
 * bundle or a second contract would leave it), entered with a new session and given its own 用人单位.
 */
export async function secondProject(t: TestApp, name = '徐汇滨江二期'): Promise<{ projectId: string; token: string; employer: Employer }> {
  const sqlite = t.app.services.sqlite;
  const projectId = crypto.randomUUID();
  const managerId = (sqlite.prepare('select id from users where id_number = ?').get(MANAGER.idNumber) as { id: string }).id;
  sqlite.prepare(`insert into projects (id, contract_no, build_no, name, general_contractor, contractor_type, supervision_station, created_at)
    values (?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(projectId, 'W2019010100022', '1902XH0002', name, '上海建工二建集团有限公司', '施工企业', '徐汇区建设工程安全质量监督站', t.clock.now().toISOString());
  sqlite.prepare('insert into user_projects (user_id, project_id) values (?, ?)').run(managerId, projectId);
  const token = await t.signIn(MANAGER.idNumber, MANAGER.password);
  await t.call('projects.enter', { projectId }, token);
  const employer = await addEmployer(t, token, 2, '上海徐汇建筑劳务有限公司');
  return { projectId, token, employer };
}

export function changeCount(t: TestApp, table: string, op?: 'insert' | 'update' | 'delete'): number {
  const sqlite = t.app.services.sqlite;
  const row = op
    ? sqlite.prepare('select count(*) as n from changes where table_name = ? and op = ?').get(table, op)
    : sqlite.prepare('select count(*) as n from changes where table_name = ?').get(table);
  return (row as { n: number }).n;
}

export function personState(t: TestApp, personId: string): string {
  return (t.app.services.sqlite.prepare('select state from persons where id = ?').get(personId) as { state: string }).state;
}
