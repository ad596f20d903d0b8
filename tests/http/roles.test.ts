// Roles are enforced in the services, whatever a client sends: through the real HTTP server on a
// real SQLite file, a 现场操作用户 cannot manage accounts, 用人单位 or settings; one without
// 实名制权限 cannot work on a project's people; a 监督管理人员 cannot change site data nor enter a
// project; and a user of one project cannot read another project's people. Every refusal is a
// typed error, and nothing changed (snapshot of every table before and after).
//
// Every refused call below sends an input that passes the command's schema, so the refusal comes
// from the access check, not from validation (the dispatcher parses input first).
import crypto from 'node:crypto';
import { describe, it, expect, afterEach } from 'vitest';
import { snapshot, MANAGER, TEST_PASSWORD_COST, type TestApp } from '../support/app';
import { EPIDEMIC_INFO, OPERATOR, OPERATOR_2, PNG_BYTES, validId } from '../support/fixtures';
import { cookiePair, post, startTestServer, type TestServer } from '../support/http';
import { addEmployer, creditCode, EMPLOYER_COLUMNS, ORIGIN_SUZHOU } from '../support/prereg-helpers';
import { writeCsv } from '../../electron/services/tabular';
import { hashPassword } from '../../electron/services/password';
import { contract, isCommandName, type CommandName, type Employer, type PersonDetail } from '../../electron/common/contract';

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

const SUPERVISOR = { idNumber: validId('31010119700101001'), name: '监督员甲', password: 'sup-pass-123' };
const LABOUR_OFFICER = { idNumber: validId('31010119880808003'), name: '劳资员丙', phone: '13600002222', password: 'lab-pass-123' };
const MANAGER_B = { idNumber: validId('31010419750505002'), name: '徐汇负责人', password: 'mgr-b-pass-1' };

interface Site {
  srv: TestServer;
  t: TestApp;
  managerCookie: string;
  projectId: string;
  employer: Employer;
  person: PersonDetail;
  familyId: string;
}

/** A site over HTTP: the manager signed in on 测试4444, one 用人单位, one person with a family member, a health check and an entry. */
async function openSite(): Promise<Site> {
  srv = await startTestServer();
  const t = srv.t;
  const token = await t.signedInManager();
  const [project] = await t.call('projects.list', {}, token);
  const employer = await addEmployer(t, token, 1);
  const person = await t.call('persons.create', {
    category: 'worker', idNumber: validId('32058319800101011'), name: '赵建军', origin: ORIGIN_SUZHOU, employerId: employer.id, phone: '13812345678', useHealthCloud: false,
  }, token);
  const family = await t.call('family.create', { personId: person.id, idNumber: validId('32058319820303032'), name: '赵小花', phone: '13900001111', origin: ORIGIN_SUZHOU, useHealthCloud: false }, token);
  await t.call('health.create', { personId: person.id, checkedAt: '2020-02-17 08:30:00', symptoms: ['无上述异常症状'], temperature: 36.5 }, token);
  await t.call('epidemicInfo.save', EPIDEMIC_INFO, token);
  return { srv, t, managerCookie: `siteoffice_session=${token}`, projectId: project!.id, employer, person, familyId: family.id };
}

async function signInCookie(s: Site, idNumber: string, password: string): Promise<string> {
  const res = await post(s.srv.base, 'auth.signIn', { idNumber, password });
  expect(res.status, `sign-in of ${idNumber}`).toBe(200);
  return cookiePair(res.headers.get('set-cookie')!);
}

async function call(s: Site, command: string, input: unknown, cookie: string): Promise<{ status: number; body: { ok: boolean; value?: unknown; error?: { code: string; message: string } } }> {
  const res = await post(s.srv.base, command, input, cookie);
  return { status: res.status, body: await res.json() as { ok: boolean; value?: unknown; error?: { code: string; message: string } } };
}

/** The call is refused with `status`/`code`, and no table changed. */
async function expectRefused(s: Site, command: string, input: unknown, cookie: string, status: number, code: string): Promise<string> {
  const before = snapshot(s.t.app);
  const { status: got, body } = await call(s, command, input, cookie);
  expect({ command, status: got, code: body.error?.code }).toEqual({ command, status, code });
  expect(body.ok).toBe(false);
  expect(body.error!.message).toMatch(/[\u4e00-\u9fff]/);
  expect(snapshot(s.t.app), `${command} changed the database`).toEqual(before);
  return body.error!.message;
}

function personInput(s: Site, first17: string, name: string) {
  return { category: 'worker', idNumber: validId(first17), name, origin: ORIGIN_SUZHOU, employerId: s.employer.id, phone: '13812345670', useHealthCloud: false };
}

/** Inserts an account directly (as a supervision station's bundle would bring it), with a real password hash. */
function insertUser(t: TestApp, role: 'manager' | 'operator' | 'supervisor', who: { idNumber: string; name: string; password: string }, projectId?: string): string {
  const id = crypto.randomUUID();
  const sqlite = t.app.services.sqlite;
  sqlite.prepare(`insert into users (id, id_number, name, phone, role, real_name_permission, password_hash, disabled, created_at)
    values (?, ?, ?, ?, ?, ?, ?, 0, ?)`).run(id, who.idNumber, who.name, '13600000000', role, role === 'supervisor' ? 0 : 1, hashPassword(who.password, TEST_PASSWORD_COST), t.clock.now().toISOString());
  if (projectId) sqlite.prepare('insert into user_projects (user_id, project_id) values (?, ?)').run(id, projectId);
  return id;
}

describe('现场操作用户 (operator)', () => {
  it('cannot create or change accounts, add or import 用人单位, or save settings: 403 FORBIDDEN, nothing changed', async () => {
    const s = await openSite();
    const created = await call(s, 'operators.create', { ...OPERATOR, realNamePermission: true }, s.managerCookie);
    expect(created.status).toBe(200);
    const operatorId = (created.body.value as { id: string }).id;
    const op = await signInCookie(s, OPERATOR.idNumber, OPERATOR.password);
    expect((await call(s, 'projects.enter', { projectId: s.projectId }, op)).status).toBe(200);
    // The operator can work on the project's people (so the refusals below are about the role).
    expect((await call(s, 'persons.list', {}, op)).status).toBe(200);

    const csv = writeCsv(EMPLOYER_COLUMNS, [{ name: '上海导入劳务有限公司', creditCode: creditCode(9), participantType: '006', contractNo: 'W2019010100009-1' }]).toString('base64');
    const refusals: [string, unknown][] = [
      ['operators.create', { ...OPERATOR_2, realNamePermission: true }],
      ['operators.update', { userId: operatorId, realNamePermission: true, disabled: false }],
      // Even on its own account: an operator may not lift its own restrictions.
      ['operators.update', { userId: operatorId, realNamePermission: false, disabled: true }],
      ['operators.list', {}],
      ['employers.create', { name: '上海第二建筑劳务有限公司', creditCode: creditCode(2), participantType: '006', contractNo: 'W2019010100002-1' }],
      ['employers.import', { fileName: '用人单位.csv', dataBase64: csv, commit: true }],
      ['employers.import', { fileName: '用人单位.csv', dataBase64: csv, commit: false }],
      ['settings.save', { healthCloudUrl: 'http://127.0.0.1:9/evil', healthCloudTimeoutMs: 500 }],
      ['settings.save', { isolationRules: [] }],
      // The other 项目负责人-only commands of the contract (backups, the audit trail, reader settings).
      ...([
        ['backups.list', {}], ['backups.create', {}], ['backups.restore', { fileName: 'siteoffice-20200217-090000-manual.sqlite', confirm: true }],
        ['audit.list', {}], ['audit.verify', {}], ['audit.export', {}],
        ['reports.operatorsXlsx', {}], ['idcard.saveConfig', { pluginId: 'simulator', settings: {} }], ['idcard.test', { pluginId: 'simulator' }],
      ] as [string, unknown][]),
    ];
    // A renamed or removed command must not fall out of this list unseen.
    expect(refusals.map(([command]) => command).filter((command) => !isCommandName(command))).toEqual([]);
    for (const [command, input] of refusals) {
      const message = await expectRefused(s, command, input, op, 403, 'FORBIDDEN');
      expect(message).toContain('现场操作用户');
    }
    // And the manager still can (the inputs were right).
    expect((await call(s, 'employers.create', refusals[4]![1], s.managerCookie)).status).toBe(200);
  });

  it('without 实名制 permission cannot work on the project: persons.list and the other project commands → 403', async () => {
    const s = await openSite();
    expect((await call(s, 'operators.create', { ...OPERATOR, realNamePermission: false }, s.managerCookie)).status).toBe(200);
    const op = await signInCookie(s, OPERATOR.idNumber, OPERATOR.password);
    expect((await call(s, 'projects.enter', { projectId: s.projectId }, op)).status).toBe(200);
    const refusals: [string, unknown][] = [
      ['persons.list', {}],
      ['persons.get', { id: s.person.id }],
      ['persons.create', personInput(s, '34122119900101001', '孙丽')],
      ['family.list', { personId: s.person.id }],
      ['health.list', { personId: s.person.id }],
      ['health.create', { personId: s.person.id, checkedAt: '2020-02-17 08:45:00', symptoms: ['无上述异常症状'], temperature: 36.6 }],
      ['dispositions.get', { personId: s.person.id }],
      ['dispositions.set', { personId: s.person.id, state: 'isolate', startedAt: '2020-02-17 10:00:00', method: '居家隔离' }],
      ['entries.enter', { personId: s.person.id, employerId: s.employer.id, workType: '020', team: '钢筋一班', enteredOn: '2020-02-17' }],
      ['epidemicInfo.get', {}],
      ['board.today', {}],
    ];
    for (const [command, input] of refusals) {
      const message = await expectRefused(s, command, input, op, 403, 'FORBIDDEN');
      expect(message).toContain('实名制权限');
    }
  });
});

describe('监督管理人员 (supervisor)', () => {
  it('cannot enter a project, and cannot change site data even with a session that names one: 403, nothing changed', async () => {
    const s = await openSite();
    insertUser(s.t, 'supervisor', SUPERVISOR);
    const sup = await signInCookie(s, SUPERVISOR.idNumber, SUPERVISOR.password);
    // The supervisor sees the projects (it supervises them) …
    const list = await call(s, 'projects.list', {}, sup);
    expect(list.status).toBe(200);
    expect((list.body.value as { id: string }[]).map((p) => p.id)).toContain(s.projectId);
    // … but may not enter one.
    await expectRefused(s, 'projects.enter', { projectId: s.projectId }, sup, 403, 'FORBIDDEN');

    const writes: [string, unknown][] = [
      ['persons.create', personInput(s, '34122119900101001', '孙丽')],
      ['entries.enter', { personId: s.person.id, employerId: s.employer.id, workType: '020', team: '钢筋一班', enteredOn: '2020-02-17' }],
      ['dispositions.set', { personId: s.person.id, state: 'isolate', startedAt: '2020-02-17 10:00:00', method: '居家隔离' }],
      ['health.create', { personId: s.person.id, checkedAt: '2020-02-17 08:45:00', symptoms: ['无上述异常症状'], temperature: 36.6 }],
      ['epidemicInfo.save', { ...EPIDEMIC_INFO, hospitalName: '被改掉的医院' }],
      ['epidemicInfo.uploadChecklist', { fileName: '复工检查表.png', mime: 'image/png', dataBase64: PNG_BYTES.toString('base64') }],
      ['family.create', { personId: s.person.id, idNumber: validId('32058319840505051'), name: '周国庆', phone: '13900002222', origin: ORIGIN_SUZHOU, useHealthCloud: false }],
      ['employers.create', { name: '上海第二建筑劳务有限公司', creditCode: creditCode(2), participantType: '006', contractNo: 'W2019010100002-1' }],
      ['operators.create', { ...OPERATOR, realNamePermission: true }],
      ['settings.save', { healthCloudTimeoutMs: 500 }],
    ];
    // Without a project in the session.
    for (const [command, input] of writes) await expectRefused(s, command, input, sup, 403, 'FORBIDDEN');

    // A session row that names the project anyway (as a tampered or migrated session would):
    // the role check in the services still refuses every write.
    s.t.app.services.sqlite.prepare('update sessions set project_id = ? where user_id = (select id from users where id_number = ?)').run(s.projectId, SUPERVISOR.idNumber);
    for (const [command, input] of writes) await expectRefused(s, command, input, sup, 403, 'FORBIDDEN');
    // Nor may it read the site's people through the site commands.
    await expectRefused(s, 'persons.get', { id: s.person.id }, sup, 403, 'FORBIDDEN');
  });
});

describe('two projects in one database', () => {
  it("a manager of the second project cannot read or touch the first project's people: 404, not listed, projects.enter → 403", async () => {
    const s = await openSite();
    // The second project, and a second manager linked only to it.
    const sqlite = s.t.app.services.sqlite;
    const projectB = crypto.randomUUID();
    sqlite.prepare(`insert into projects (id, contract_no, build_no, name, general_contractor, contractor_type, supervision_station, created_at)
      values (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(projectB, 'W2019010100022', '1902XH0002', '徐汇滨江二期', '上海建工二建集团有限公司', '施工企业', '徐汇区建设工程安全质量监督站', s.t.clock.now().toISOString());
    insertUser(s.t, 'manager', MANAGER_B, projectB);
    const b = await signInCookie(s, MANAGER_B.idNumber, MANAGER_B.password);
    const projects = await call(s, 'projects.list', {}, b);
    expect((projects.body.value as { id: string }[]).map((p) => p.id)).toEqual([projectB]);
    expect((await call(s, 'projects.enter', { projectId: projectB }, b)).status).toBe(200);
    // Project B has its own 用人单位 and person, so its lists are not empty by accident.
    const employerB = await call(s, 'employers.create', { name: '上海徐汇建筑劳务有限公司', creditCode: creditCode(3), participantType: '006', contractNo: 'W2019010100003-1' }, b);
    expect(employerB.status).toBe(200);
    const personB = await call(s, 'persons.create', { ...personInput(s, '34122119900101001', '孙丽'), employerId: (employerB.body.value as { id: string }).id }, b);
    expect(personB.status).toBe(200);

    // Reads of project A's person from project B: not found, as if it did not exist.
    const a = s.person.id;
    for (const [command, input] of [
      ['persons.get', { id: a }],
      ['health.list', { personId: a }],
      ['dispositions.get', { personId: a }],
      ['family.list', { personId: a }],
      ['family.get', { id: s.familyId }],
    ] as [string, unknown][]) {
      const message = await expectRefused(s, command, input, b, 404, 'NOT_FOUND');
      expect(message).not.toContain(s.person.name);
    }
    // Writes about project A's person from project B: refused the same way, nothing changed.
    await expectRefused(s, 'health.create', { personId: a, checkedAt: '2020-02-17 08:45:00', symptoms: ['无上述异常症状'], temperature: 36.6 }, b, 404, 'NOT_FOUND');
    await expectRefused(s, 'dispositions.set', { personId: a, state: 'isolate', startedAt: '2020-02-17 10:00:00', method: '居家隔离' }, b, 404, 'NOT_FOUND');
    await expectRefused(s, 'family.create', { personId: a, idNumber: validId('32058319840505051'), name: '周国庆', phone: '13900002222', origin: ORIGIN_SUZHOU, useHealthCloud: false }, b, 404, 'NOT_FOUND');

    // Lists from project B show only project B's people, whatever the search.
    for (const search of ['', '赵', '建军', 'zjj', '320583', s.person.idNumber.slice(0, 10)]) {
      const list = await call(s, 'persons.list', { search, pageSize: 100 }, b);
      expect(list.status).toBe(200);
      const rows = (list.body.value as { rows: { id: string }[] }).rows;
      expect(rows.map((r) => r.id)).not.toContain(a);
    }
    const all = await call(s, 'persons.list', { pageSize: 100 }, b);
    expect((all.body.value as { rows: { id: string }[]; total: number })).toMatchObject({ total: 1, rows: [{ id: (personB.body.value as { id: string }).id }] });

    // Entering project A is refused, and the session stays in project B.
    await expectRefused(s, 'projects.enter', { projectId: s.projectId }, b, 403, 'FORBIDDEN');
    const me = await call(s, 'auth.me', {}, b);
    expect((me.body.value as { project: { id: string } }).project.id).toBe(projectB);

    // And project A's manager sees its own person, not project B's.
    const listA = await call(s, 'persons.list', { pageSize: 100 }, s.managerCookie);
    expect((listA.body.value as { rows: { id: string }[] }).rows.map((r) => r.id)).toEqual([a]);
    expect(MANAGER.idNumber).not.toBe(MANAGER_B.idNumber);
  });
});

// ---- The role table: who may call each command of the contract ----
//
// Every command of the contract has a row here, written by hand: a new or renamed command without a
// row fails the first test, and a command whose access in the contract differs from its row fails
// the second, which calls every command as every kind of caller through the real server.

/** The kinds of caller, each with a real session (or none). */
const callers = [
  'anonymous', 'manager', 'operator', 'operatorWithoutPermission', 'labourOfficer', 'supervisor',
  // The 监理's and the 建设单位's accounts of a project (site modules 建材管理, 质量标准化, 监理报告)
  'chiefSupervisor', 'supervisionEngineer', 'supervisionInspector', 'ownerRepresentative',
] as const;
type Caller = (typeof callers)[number];

const ANYONE: readonly Caller[] = callers;
const SIGNED_IN: readonly Caller[] = callers.filter((c) => c !== 'anonymous');
/** Inside a project the account may work on, with 实名制权限: the 施工 side's office (a 劳资专管员 is site staff too). */
const SITE_STAFF: readonly Caller[] = ['manager', 'operator', 'labourOfficer'];
/** The 施工 side's people on the site modules (建材, 质量, 整改): not the 劳资专管员. */
const CONSTRUCTION: readonly Caller[] = ['manager', 'operator'];
/** Who prepares the wage ledgers: the 劳资专管员 and the 项目负责人, not a 现场操作用户. */
const PAYROLL_PREPARERS: readonly Caller[] = ['manager', 'labourOfficer'];
const MANAGER_ONLY: readonly Caller[] = ['manager'];
const SUPERVISOR_ONLY: readonly Caller[] = ['supervisor'];
/** Every account inside a project: the 施工 side, the 监理 and the 建设单位. */
const PROJECT_ALL: readonly Caller[] = [...CONSTRUCTION, 'chiefSupervisor', 'supervisionEngineer', 'supervisionInspector', 'ownerRepresentative'];
const SUPERVISION_ALL: readonly Caller[] = ['chiefSupervisor', 'supervisionEngineer', 'supervisionInspector'];
const ENGINEERS: readonly Caller[] = ['chiefSupervisor', 'supervisionEngineer'];
const CHIEF: readonly Caller[] = ['chiefSupervisor'];
const MANAGER_OR_CHIEF: readonly Caller[] = ['manager', 'chiefSupervisor'];

const roleTable: Record<CommandName, readonly Caller[]> = {
  'setup.status': ANYONE,
  'setup.initialize': ANYONE,
  'auth.signIn': ANYONE,
  'auth.signOut': ANYONE,
  'auth.me': ANYONE,
  'recovery.status': ANYONE,
  'recovery.restore': ANYONE,
  'projects.list': SIGNED_IN,
  'projects.enter': SIGNED_IN,
  'reference.areas': SIGNED_IN,
  'operators.list': MANAGER_ONLY,
  'operators.create': MANAGER_ONLY,
  'operators.update': MANAGER_ONLY,
  'epidemicInfo.get': SITE_STAFF,
  'epidemicInfo.save': SITE_STAFF,
  'epidemicInfo.listChecklists': SITE_STAFF,
  'epidemicInfo.uploadChecklist': SITE_STAFF,
  'epidemicInfo.deleteChecklist': SITE_STAFF,
  'files.get': SITE_STAFF,
  'settings.get': SITE_STAFF,
  'settings.save': MANAGER_ONLY,
  'employers.list': SITE_STAFF,
  'employers.create': MANAGER_ONLY,
  'employers.import': MANAGER_ONLY,
  'healthCloud.lookup': SITE_STAFF,
  'healthCloud.import': SITE_STAFF,
  'persons.list': SITE_STAFF,
  'persons.get': SITE_STAFF,
  'persons.create': SITE_STAFF,
  'persons.import': SITE_STAFF,
  'family.list': SITE_STAFF,
  'family.get': SITE_STAFF,
  'family.create': SITE_STAFF,
  'health.list': SITE_STAFF,
  'health.create': SITE_STAFF,
  'health.batchList': SITE_STAFF,
  'health.batchSave': SITE_STAFF,
  'dispositions.get': SITE_STAFF,
  'dispositions.set': SITE_STAFF,
  'dispositions.uploadForm': SITE_STAFF,
  'dispositions.deleteForm': SITE_STAFF,
  'entries.check': SITE_STAFF,
  'entries.enter': SITE_STAFF,
  'entries.exit': SITE_STAFF,
  'entries.roster': SITE_STAFF,
  'board.today': SITE_STAFF,
  'backups.list': MANAGER_ONLY,
  'backups.create': MANAGER_ONLY,
  'backups.storage': MANAGER_ONLY,
  'backups.restore': MANAGER_ONLY,
  'audit.list': MANAGER_ONLY,
  'audit.verify': MANAGER_ONLY,
  'audit.export': MANAGER_ONLY,
  'idcard.plugins': SITE_STAFF,
  'idcard.getConfig': SITE_STAFF,
  'idcard.saveConfig': MANAGER_ONLY,
  'idcard.test': MANAGER_ONLY,
  'idcard.read': SITE_STAFF,
  'sync.status': SITE_STAFF,
  'sync.exportBundle': MANAGER_ONLY,
  'sync.push': MANAGER_ONLY,
  'sync.retryPush': MANAGER_ONLY,
  'sync.importAck': MANAGER_ONLY,
  'sync.importReference': MANAGER_ONLY,
  'sync.registration': MANAGER_ONLY,
  'sync.trustCentral': MANAGER_ONLY,
  'sync.saveSettings': MANAGER_ONLY,
  'supervision.stations': SUPERVISOR_ONLY,
  'supervision.query': SUPERVISOR_ONLY,
  'supervision.persons': SUPERVISOR_ONLY,
  'supervision.detail': SUPERVISOR_ONLY,
  'supervision.sources': SUPERVISOR_ONLY,
  'supervision.importFolder': SUPERVISOR_ONLY,
  'supervision.trustSite': SUPERVISOR_ONLY,
  'supervision.registration': SUPERVISOR_ONLY,
  'supervision.publishReference': SUPERVISOR_ONLY,
  'tasks.get': SITE_STAFF,
  'tasks.cancel': SITE_STAFF,
  'reports.preRegistrationPdf': SITE_STAFF,
  'reports.rosterPdf': SITE_STAFF,
  'reports.dailyHealthPdf': SITE_STAFF,
  'reports.healthFormPdf': SITE_STAFF,
  'reports.epidemicInfoPdf': SITE_STAFF,
  'reports.preRegistrationXlsx': SITE_STAFF,
  'reports.familyXlsx': SITE_STAFF,
  'reports.healthChecksXlsx': SITE_STAFF,
  'reports.rosterXlsx': SITE_STAFF,
  'reports.employersXlsx': SITE_STAFF,
  'reports.batchHealthXlsx': SITE_STAFF,
  'reports.boardXlsx': SITE_STAFF,
  'reports.operatorsXlsx': MANAGER_ONLY,
  'reports.template': SITE_STAFF,
  // The labour register and attendance (contract-labour.ts).
  'platform.settings': SITE_STAFF,
  'platform.saveSettings': MANAGER_ONLY,
  'platform.status': SITE_STAFF,
  'platform.records': SITE_STAFF,
  'platform.upload': SITE_STAFF,
  'platform.cancel': SITE_STAFF,
  'platform.retry': SITE_STAFF,
  'labour.settings': SITE_STAFF,
  'labour.saveSettings': MANAGER_ONLY,
  'participants.list': SITE_STAFF,
  'participants.create': MANAGER_ONLY,
  'participants.update': MANAGER_ONLY,
  'participants.xlsx': SITE_STAFF,
  'teams.list': SITE_STAFF,
  'teams.create': SITE_STAFF,
  'teams.update': SITE_STAFF,
  'teams.xlsx': SITE_STAFF,
  'teams.import': SITE_STAFF,
  'teams.template': SITE_STAFF,
  'workers.list': SITE_STAFF,
  'workers.xlsx': SITE_STAFF,
  'workers.get': SITE_STAFF,
  'workers.lookup': SITE_STAFF,
  'workers.hire': SITE_STAFF,
  'workers.update': SITE_STAFF,
  'workers.addContract': SITE_STAFF,
  'workers.uploadContractScan': SITE_STAFF,
  'workers.setWageCard': SITE_STAFF,
  'workers.dispatch': SITE_STAFF,
  'workers.enter': SITE_STAFF,
  'workers.exit': SITE_STAFF,
  'workers.warnings': SITE_STAFF,
  'devices.list': SITE_STAFF,
  'devices.setGatePort': MANAGER_ONLY,
  'devices.create': MANAGER_ONLY,
  'devices.update': MANAGER_ONLY,
  'devices.requests': SITE_STAFF,
  'devices.xlsx': SITE_STAFF,
  'attendance.punches': SITE_STAFF,
  'attendance.punchesXlsx': SITE_STAFF,
  'attendance.import': SITE_STAFF,
  'attendance.importTemplate': SITE_STAFF,
  'attendance.matchPunches': SITE_STAFF,
  'attendance.signInList': SITE_STAFF,
  'attendance.signIn': SITE_STAFF,
  'attendance.signInByCard': SITE_STAFF,
  'attendance.requestMakeup': SITE_STAFF,
  'attendance.makeups': SITE_STAFF,
  'attendance.decideMakeup': MANAGER_ONLY,
  'attendance.makeupsXlsx': SITE_STAFF,
  'attendance.anomalies': SITE_STAFF,
  'attendance.anomaliesXlsx': SITE_STAFF,
  'attendance.monthSheet': SITE_STAFF,
  'attendance.startMonthSheetPdf': SITE_STAFF,
  'attendance.monthSheetXlsx': SITE_STAFF,
  'attendance.today': SITE_STAFF,
  'attendance.workerMonth': SITE_STAFF,
  // 安全生产标准化现场 and the rectification loop it shares with the other site modules
  'safety.rules': SITE_STAFF,
  'safety.ruleEditions': SITE_STAFF,
  'safety.correctRule': MANAGER_ONLY,
  'safety.assessments': SITE_STAFF,
  'safety.assessment': SITE_STAFF,
  'safety.createAssessment': SITE_STAFF,
  'safety.setTables': SITE_STAFF,
  'safety.setMissingItems': SITE_STAFF,
  'safety.addDeduction': SITE_STAFF,
  'safety.updateDeduction': SITE_STAFF,
  'safety.removeDeduction': SITE_STAFF,
  'safety.submit': SITE_STAFF,
  'safety.review': SITE_STAFF,
  'safety.lock': MANAGER_ONLY,
  'safety.revise': SITE_STAFF,
  'safety.gradeChart': SITE_STAFF,
  'safety.openHazard': SITE_STAFF,
  'safety.hazards': SITE_STAFF,
  'safety.profile': SITE_STAFF,
  'safety.saveProfile': MANAGER_ONLY,
  'safety.overview': SITE_STAFF,
  'safety.certificates': SITE_STAFF,
  'safety.addCertificate': SITE_STAFF,
  'safety.revokeCertificate': SITE_STAFF,
  'safety.personSafety': SITE_STAFF,
  'safety.warnings': SITE_STAFF,
  'safety.addTraining': SITE_STAFF,
  'safety.trainingRegister': SITE_STAFF,
  'safety.teamMembers': SITE_STAFF,
  'safety.briefings': SITE_STAFF,
  'safety.addBriefing': SITE_STAFF,
  'safety.summaryPdf': SITE_STAFF,
  'safety.sheetsPdf': SITE_STAFF,
  'safety.monthlyPdf': SITE_STAFF,
  'safety.hazardLedgerPdf': SITE_STAFF,
  'safety.certificatesPdf': SITE_STAFF,
  'safety.trainingCardPdf': SITE_STAFF,
  'safety.briefingPdf': SITE_STAFF,
  'supervision.safety': SUPERVISOR_ONLY,
  // The loop is reached by every account of a project; which step of which source is whose is
  // services/rectification/sources.ts (tested in the site modules' service tests).
  'rectification.list': PROJECT_ALL,
  'rectification.get': PROJECT_ALL,
  'rectification.notify': PROJECT_ALL,
  'rectification.reply': PROJECT_ALL,
  'rectification.review': PROJECT_ALL,
  'rectification.attachPlan': SITE_STAFF,
  'rectification.close': MANAGER_ONLY,
  'rectification.escalate': PROJECT_ALL,
  'rectification.formPdf': PROJECT_ALL,
  // 参建各方, 建材管理, 质量标准化 and 监理报告
  'parties.view': PROJECT_ALL,
  'parties.saveProfile': MANAGER_OR_CHIEF,
  'parties.createAccount': MANAGER_OR_CHIEF,
  'parties.setAccountDisabled': MANAGER_OR_CHIEF,
  'parties.appoint': MANAGER_OR_CHIEF,
  'parties.revoke': MANAGER_OR_CHIEF,
  'parties.holders': PROJECT_ALL,
  'parties.file': PROJECT_ALL,
  'materials.types': PROJECT_ALL,
  'materials.batches': PROJECT_ALL,
  'materials.batch': PROJECT_ALL,
  'materials.receive': CONSTRUCTION,
  'materials.approve': SUPERVISION_ALL,
  'materials.pours': PROJECT_ALL,
  'materials.addPour': CONSTRUCTION,
  'materials.sample': CONSTRUCTION,
  'materials.witness': [...SUPERVISION_ALL, 'ownerRepresentative'],
  'materials.samples': PROJECT_ALL,
  'materials.addReport': [...CONSTRUCTION, ...ENGINEERS],
  'materials.dispositions': PROJECT_ALL,
  'materials.decide': CONSTRUCTION,
  'materials.closeDisposition': SUPERVISION_ALL,
  'materials.witnessShare': PROJECT_ALL,
  'materials.frequency': PROJECT_ALL,
  'materials.overview': PROJECT_ALL,
  'materials.acceptancePdf': PROJECT_ALL,
  'materials.samplePdf': PROJECT_ALL,
  'materials.ledgerPdf': PROJECT_ALL,
  'materials.dispositionPdf': PROJECT_ALL,
  'quality.hierarchy': PROJECT_ALL,
  'quality.units': PROJECT_ALL,
  'quality.addUnit': CONSTRUCTION,
  'quality.tree': PROJECT_ALL,
  'quality.addLot': CONSTRUCTION,
  'quality.approvePlan': ENGINEERS,
  'quality.lots': PROJECT_ALL,
  'quality.lot': PROJECT_ALL,
  'quality.setMaterials': CONSTRUCTION,
  'quality.saveRecord': CONSTRUCTION,
  'quality.signRecord': [...CONSTRUCTION, ...ENGINEERS],
  'quality.resolveLot': CONSTRUCTION,
  'quality.concealedList': PROJECT_ALL,
  'quality.addConcealed': CONSTRUCTION,
  'quality.signConcealed': [...CONSTRUCTION, 'supervisionEngineer'],
  'quality.acceptance': PROJECT_ALL,
  'quality.signAcceptance': [...CONSTRUCTION, ...ENGINEERS],
  'quality.tolerances': PROJECT_ALL,
  'quality.measurements': PROJECT_ALL,
  'quality.addMeasurement': [...CONSTRUCTION, ...SUPERVISION_ALL],
  'quality.measurementStats': PROJECT_ALL,
  'quality.openProblem': [...CONSTRUCTION, ...SUPERVISION_ALL],
  'quality.siteCheck': PROJECT_ALL,
  'quality.saveSiteCheck': MANAGER_ONLY,
  'quality.signSiteCheck': MANAGER_OR_CHIEF,
  'quality.overview': PROJECT_ALL,
  'quality.lotPdf': PROJECT_ALL,
  'quality.acceptancePdf': PROJECT_ALL,
  'quality.concealedPdf': PROJECT_ALL,
  'quality.siteCheckPdf': PROJECT_ALL,
  'supervisionReports.notices': PROJECT_ALL,
  'supervisionReports.issueNotice': ENGINEERS,
  'supervisionReports.stopOrders': PROJECT_ALL,
  'supervisionReports.issueStopOrder': CHIEF,
  'supervisionReports.applyResume': CONSTRUCTION,
  'supervisionReports.resume': CHIEF,
  'supervisionReports.sideRecords': PROJECT_ALL,
  'supervisionReports.addSideRecord': ['supervisionInspector', 'supervisionEngineer'],
  'supervisionReports.escalations': PROJECT_ALL,
  'supervisionReports.months': PROJECT_ALL,
  'supervisionReports.monthly': PROJECT_ALL,
  'supervisionReports.draftMonthly': ENGINEERS,
  'supervisionReports.saveMonthly': ENGINEERS,
  'supervisionReports.signMonthly': CHIEF,
  'supervisionReports.queueMonthly': CHIEF,
  'supervisionReports.receiveMonthly': ['ownerRepresentative'],
  'supervisionReports.reviseMonthly': ENGINEERS,
  'supervisionReports.emergencies': PROJECT_ALL,
  'supervisionReports.draftEmergency': ENGINEERS,
  'supervisionReports.logContact': SUPERVISION_ALL,
  'supervisionReports.signEmergency': CHIEF,
  'supervisionReports.queueEmergency': CHIEF,
  'supervisionReports.stopOrderPdf': PROJECT_ALL,
  'supervisionReports.sideRecordPdf': PROJECT_ALL,
  'supervisionReports.monthlyPdf': PROJECT_ALL,
  'supervisionReports.emergencyPdf': PROJECT_ALL,
  'supervision.quality': SUPERVISOR_ONLY,
  'siteRules.list': PROJECT_ALL,
  'siteRules.editions': PROJECT_ALL,
  'siteRules.correct': MANAGER_ONLY,
  // 工资支付台账 and 人工费支付台账 (contract-payroll.ts).
  'payroll.settings': SITE_STAFF,
  'payroll.saveSettings': MANAGER_ONLY,
  'payroll.ledgers': SITE_STAFF,
  'payroll.scopes': SITE_STAFF,
  'payroll.generate': PAYROLL_PREPARERS,
  'payroll.ledger': SITE_STAFF,
  'payroll.updateRow': PAYROLL_PREPARERS,
  'payroll.submit': PAYROLL_PREPARERS,
  'payroll.confirm': PAYROLL_PREPARERS,
  'payroll.approve': MANAGER_ONLY,
  'payroll.lock': MANAGER_ONLY,
  'payroll.return': PAYROLL_PREPARERS,
  'payroll.createAdjustment': PAYROLL_PREPARERS,
  'payroll.delete': MANAGER_ONLY,
  'payroll.bankTemplates': PAYROLL_PREPARERS,
  'payroll.saveBankTemplate': PAYROLL_PREPARERS,
  'payroll.retireBankTemplate': PAYROLL_PREPARERS,
  'payroll.startPdf': SITE_STAFF,
  'payroll.startBankFile': PAYROLL_PREPARERS,
  'payroll.startImportResult': PAYROLL_PREPARERS,
  'payroll.workerMonths': SITE_STAFF,
  'payroll.alerts': SITE_STAFF,
  'payroll.posterPdf': SITE_STAFF,
  'labourCost.account': SITE_STAFF,
  'labourCost.addAllocation': PAYROLL_PREPARERS,
  'labourCost.voidAllocation': MANAGER_ONLY,
  'supervision.payroll': SUPERVISOR_ONLY,
  'idcard.enablePlugin': MANAGER_ONLY,
  'idcard.disablePlugin': MANAGER_ONLY,
  'auth.changePassword': SIGNED_IN,
  // On this PC only (the contract's localOnly): the test server's callers are all on loopback.
  'auth.recover': ANYONE,
  'auth.newRecoveryCode': MANAGER_ONLY,
  'operators.resetPassword': MANAGER_ONLY,
  'security.lanCertificate': SITE_STAFF,
};

describe('the role table', () => {
  it('has a row for every command of the contract, and none for a command that is not there', () => {
    const commands = Object.keys(contract).sort();
    const rows = Object.keys(roleTable).sort();
    expect(commands.filter((c) => !rows.includes(c)), 'commands without a row in the role table').toEqual([]);
    expect(rows.filter((r) => !commands.includes(r)), 'rows for commands the contract does not have').toEqual([]);
  });

  it('matches what the server does: every command called as every kind of caller, refused exactly where the table says', async () => {
    const s = await openSite();
    // An input no schema takes: a caller who may run the command gets VALIDATION (nothing runs),
    // one who may not is refused before the input is read.
    const probe = null;
    expect((await call(s, 'operators.create', { ...OPERATOR, realNamePermission: true }, s.managerCookie)).status).toBe(200);
    expect((await call(s, 'operators.create', { ...OPERATOR_2, realNamePermission: false }, s.managerCookie)).status).toBe(200);
    expect((await call(s, 'operators.create', { ...LABOUR_OFFICER, realNamePermission: true, role: 'labour_officer' }, s.managerCookie)).status).toBe(200);
    insertUser(s.t, 'supervisor', SUPERVISOR);
    const enter = async (idNumber: string, password: string) => {
      const cookie = await signInCookie(s, idNumber, password);
      expect((await call(s, 'projects.enter', { projectId: s.projectId }, cookie)).status).toBe(200);
      return cookie;
    };
    // The 监理's and the 建设单位's accounts, made by the 项目负责人 as the app makes them.
    const party = async (role: string, first17: string, name: string) => {
      const who = { idNumber: validId(first17), name, password: `${role}-pass-1` };
      expect((await call(s, 'parties.createAccount', { role, idNumber: who.idNumber, name, phone: '13700000000', password: who.password }, s.managerCookie)).status).toBe(200);
      return enter(who.idNumber, who.password);
    };
    const sessions: Record<Caller, string | null> = {
      anonymous: null,
      manager: s.managerCookie,
      operator: await enter(OPERATOR.idNumber, OPERATOR.password),
      operatorWithoutPermission: await enter(OPERATOR_2.idNumber, OPERATOR_2.password),
      labourOfficer: await enter(LABOUR_OFFICER.idNumber, LABOUR_OFFICER.password),
      supervisor: await signInCookie(s, SUPERVISOR.idNumber, SUPERVISOR.password),
      chiefSupervisor: await party('chief_supervisor', '31011019700101031', '陈总监'),
      supervisionEngineer: await party('supervision_engineer', '31011019750202042', '刘监理'),
      supervisionInspector: await party('supervision_inspector', '31011019800303053', '孙监理员'),
      ownerRepresentative: await party('owner_representative', '31011019720404064', '周建设'),
    };
    const mismatches: string[] = [];
    for (const command of Object.keys(contract) as CommandName[]) {
      for (const caller of callers) {
        const cookie = sessions[caller];
        const res = await post(s.srv.base, command, probe, cookie);
        const body = await res.json() as { ok: boolean; error?: { code: string } };
        const code = body.ok ? 'ok' : body.error!.code;
        const refused = code === 'UNAUTHENTICATED' || code === 'FORBIDDEN';
        const allowed = roleTable[command]?.includes(caller) ?? false;
        if (allowed ? code !== 'VALIDATION' : !refused) mismatches.push(`${command} as ${caller}: ${code} (table: ${allowed ? 'allowed' : 'refused'})`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
