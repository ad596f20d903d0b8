// Who may do what in the labour register, checked in the services through the real HTTP server: a
// 现场操作用户 may hire, dispatch, sign in and ask for a 补卡, but not register 参建单位 or devices,
// change the project's labour settings or approve a 补卡; one without 实名制权限 may do none of it;
// a 监督管理人员 none either. Every refusal is a typed error and changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { snapshot } from '../support/app';
import { OPERATOR } from '../support/fixtures';
import { cookiePair, post, startTestServer, type TestServer } from '../support/http';
import { hireInput, labourSite, participantInput } from '../support/labour-helpers';

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

async function as(base: string, idNumber: string, password: string, projectId: string): Promise<string> {
  const signIn = await post(base, 'auth.signIn', { idNumber, password });
  const cookie = cookiePair(signIn.headers.get('set-cookie')!);
  await post(base, 'projects.enter', { projectId }, cookie);
  return cookie;
}

describe('labour roles', () => {
  it('an operator works the register but cannot do what is the 项目负责人\'s; without 实名制权限 nothing', async () => {
    srv = await startTestServer();
    const t = srv.t;
    const site = await labourSite(t);
    const [project] = await t.call('projects.list', {}, site.token);
    const hired = await t.call('workers.hire', hireInput(1, site.participant.id, '2020-02-17'), site.token);
    const makeup = await t.call('attendance.requestMakeup', { workerId: hired.worker.id, punchedAt: '2020-02-17 08:00', direction: 'in', reason: '忘带卡' }, site.token);
    await t.call('operators.create', { ...OPERATOR, realNamePermission: true }, site.token);
    const op = await as(srv.base, OPERATOR.idNumber, OPERATOR.password, project!.id);

    const managerOnly: [string, unknown][] = [
      ['participants.create', participantInput(9)],
      ['participants.update', { employerId: site.participant.id, name: '改名', participantType: '006' }],
      ['devices.create', { vendor: 'zkteco', serial: 'OP-1', direction: 'in' }],
      ['devices.setGatePort', { port: 8088 }],
      ['labour.saveSettings', { epidemicHidden: false }],
      ['attendance.decideMakeup', { makeupId: makeup.id, approve: true, note: '' }],
    ];
    for (const [command, input] of managerOnly) {
      const before = snapshot(t.app);
      const res = await post(srv.base, command, input, op);
      const body = await res.json() as { ok: boolean; error?: { code: string; message: string } };
      expect({ command, status: res.status, code: body.error?.code }).toEqual({ command, status: 403, code: 'FORBIDDEN' });
      expect(body.error!.message).toContain('现场操作用户');
      expect(snapshot(t.app), command).toEqual(before);
    }
    // What the operator may do.
    expect((await post(srv.base, 'workers.hire', hireInput(2, site.participant.id, '2020-02-17'), op)).status).toBe(200);
    expect((await post(srv.base, 'workers.dispatch', { workerId: hired.worker.id, teamId: site.team.id, dispatchedOn: '2020-02-17' }, op)).status).toBe(200);

    // Without 实名制权限: every labour command refused.
    const operators = await t.call('operators.list', {}, site.token);
    await t.call('operators.update', { userId: operators[0]!.id, realNamePermission: false, disabled: false }, site.token);
    for (const [command, input] of [
      ['workers.list', {}], ['workers.hire', hireInput(3, site.participant.id, '2020-02-17')], ['teams.list', {}], ['attendance.monthSheet', { month: '2020-02' }],
      ['attendance.signIn', { workerId: hired.worker.id }], ['devices.list', {}],
    ] as [string, unknown][]) {
      const res = await post(srv.base, command, input, op);
      expect({ command, status: res.status }).toEqual({ command, status: 403 });
    }
  });
});
