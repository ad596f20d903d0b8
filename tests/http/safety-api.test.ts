// 安全生产标准化现场 and the rectification loop over web mode's HTTP API, as the renderer calls
// them: who may do what (the 项目负责人's corrections, 设置, 锁定 and 销项 of a 重大隐患; the central
// query for 监督管理人员 only) refused with 403 and nothing changed; photos carried in an upload
// body; a bad input answered with a Chinese message beside its field; a PDF handed back.
import { afterEach, describe, expect, it } from 'vitest';
import { MANAGER, snapshot } from '../support/app';
import { OPERATOR, PNG_BYTES } from '../support/fixtures';
import { cookiePair, post, startTestServer, type TestServer } from '../support/http';
import { addEmployer } from '../support/prereg-helpers';

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

async function signIn(s: TestServer, idNumber: string, password: string, projectId: string): Promise<string> {
  const res = await post(s.base, 'auth.signIn', { idNumber, password });
  const cookie = cookiePair(res.headers.get('set-cookie')!);
  expect((await post(s.base, 'projects.enter', { projectId }, cookie)).status).toBe(200);
  return cookie;
}

async function call<T = unknown>(s: TestServer, command: string, input: unknown, cookie: string): Promise<{ status: number; ok: boolean; value: T; error?: { code: string; message: string; issues?: { path: string; message: string }[] } }> {
  const res = await post(s.base, command, input, cookie);
  const body = await res.json() as { ok: boolean; value: T; error?: { code: string; message: string } };
  return { status: res.status, ...body };
}

async function openSite() {
  srv = await startTestServer();
  const token = await srv.t.signedInManager();
  const [project] = await srv.t.call('projects.list', {}, token);
  await addEmployer(srv.t, token, 1);
  await srv.t.call('operators.create', { ...OPERATOR, realNamePermission: true }, token);
  const manager = await signIn(srv, MANAGER.idNumber, MANAGER.password, project!.id);
  const operator = await signIn(srv, OPERATOR.idNumber, OPERATOR.password, project!.id);
  return { s: srv, manager, operator };
}

describe('safety over HTTP', () => {
  it('refuses the 项目负责人\'s commands to a 现场操作用户 with 403, changing nothing', async () => {
    const { s, manager, operator } = await openSite();
    const view = (await call<{ id: string; sheets: { id: string }[] }>(s, 'safety.createAssessment', { kind: 'monthly', checkedOn: '2020-02-17', inspector: '王建国', subject: '', tables: ['B.14'] }, operator)).value;
    const editions = (await call<{ raw: unknown }[]>(s, 'safety.ruleEditions', { key: 'JGJ 59-2011/B.14' }, operator)).value;
    const refusals: [string, unknown][] = [
      ['safety.correctRule', { kind: 'jgj59.table', key: 'JGJ 59-2011/B.14', content: editions[0]!.raw, note: '更正' }],
      ['safety.saveProfile', { floorArea: 1000, structureType: '框架', safetyOfficers: [], trainingHours: null }],
      ['safety.lock', { id: view.id, opinion: '', signedOn: '2020-02-17' }],
      ['rectification.close', { id: view.id, opinion: '同意' }],
      ['supervision.safety', {}],
    ];
    for (const [command, input] of refusals) {
      const before = snapshot(s.t.app);
      const r = await call(s, command, input, operator);
      expect({ command, status: r.status, code: r.error?.code }).toEqual({ command, status: 403, code: 'FORBIDDEN' });
      expect(r.error!.message).toMatch(/[\u4e00-\u9fff]/);
      expect(snapshot(s.t.app)).toEqual(before);
    }
    // The manager may (the inputs were right).
    expect((await call(s, 'safety.saveProfile', refusals[1]![1], manager)).status).toBe(200);
  });

  it('answers a bad deduction with a Chinese message beside its field, and carries photos in the reply', async () => {
    const { s, manager, operator } = await openSite();
    const view = (await call<{ id: string; sheets: { id: string; deductions: { id: string; lineText: string }[] }[] }>(s, 'safety.createAssessment', { kind: 'monthly', checkedOn: '2020-02-17', inspector: '王建国', subject: '', tables: ['B.14'] }, manager)).value;
    const bad = await call(s, 'safety.addDeduction', { sheetId: view.sheets[0]!.id, itemNo: 1, lineNo: 1, perPoints: 4, quantity: 1, note: '' }, manager);
    expect(bad.status).toBe(400);
    expect(bad.error).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'perPoints', message: '应为 10 分' }] });
    const scored = (await call<typeof view>(s, 'safety.addDeduction', { sheetId: view.sheets[0]!.id, itemNo: 1, lineNo: 1, perPoints: 10, quantity: 1, note: '塔吊旁' }, manager)).value;
    const d = scored.sheets[0]!.deductions[0]!;
    const hazard = (await call<{ rectificationId: string }>(s, 'safety.openHazard', { deductionId: d.id, category: '施工用电', level: 'general', title: d.lineText, location: '塔吊旁', foundOn: '2020-02-17', foundBy: '王建国', responsible: '张工', deadline: '2020-02-18', requirement: '搭设防护' }, manager)).value;
    // Four photos of 2 MB each: more than a plain body may carry, within an upload's.
    const big = Buffer.concat([PNG_BYTES, Buffer.alloc(2 * 1024 * 1024)]);
    const photos = Array.from({ length: 4 }, (_, i) => ({ fileName: `整改${i + 1}.png`, mime: 'image/png', dataBase64: big.toString('base64') }));
    const reply = await call<{ history: { files: { fileName: string }[] }[] }>(s, 'rectification.reply', { id: hazard.rectificationId, measures: '已搭设', rectifierName: '张工', repliedOn: '2020-02-17', photos }, operator);
    expect(reply.status).toBe(200);
    expect(reply.value.history.at(-1)!.files.map((f) => f.fileName)).toEqual(['整改1.png', '整改2.png', '整改3.png', '整改4.png']);
    const five = await call(s, 'rectification.reply', { id: hazard.rectificationId, measures: 'x', rectifierName: '张工', repliedOn: '2020-02-17', photos: [...photos.slice(0, 1), ...photos.slice(0, 1), ...photos.slice(0, 1), ...photos.slice(0, 1), ...photos.slice(0, 1)] }, operator);
    expect(five.status).toBe(400);
    expect(five.error!.message).toBe('每次回复最多4张照片');
    const pdf = await call<{ fileName: string; mime: string; dataBase64: string }>(s, 'rectification.formPdf', { id: hazard.rectificationId, form: 'reply' }, operator);
    expect(pdf.value.mime).toBe('application/pdf');
    expect(Buffer.from(pdf.value.dataBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });
});
