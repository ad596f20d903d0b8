// The morning batch of a large site over web mode: 3,000 temperatures are a body of more than the
// 256 KB an ordinary command may send, and are saved; an ordinary command with such a body is not.
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../electron/server/http';
import { cookiePair, post, startTestServer, type TestServer } from '../support/http';
import { addEmployer } from '../support/prereg-helpers';
import { MANAGER } from '../support/app';
import { validId } from '../support/fixtures';

let s: TestServer | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const PEOPLE = 3000;

describe('POST /api/health.batchSave for a large site', () => {
  it('saves 3,000 temperatures in one request larger than an ordinary body', async () => {
    s = await startTestServer();
    const token = await s.t.signedInManager();
    const employer = await addEmployer(s.t, token, 1, '上海申江建筑劳务有限公司');
    const lines = ['身份证号,姓名,出发地省份,出发地城市,用人单位,手机号'];
    for (let i = 0; i < PEOPLE; i++) {
      const day = new Date(Date.UTC(1970, 0, 1) + i * 86400000).toISOString().slice(0, 10).replace(/-/g, '');
      lines.push(`${validId(`320583${day}011`)},工人${i},江苏省,苏州市,${employer.name},13812345678`);
    }
    const report = await s.t.call('persons.import', { fileName: '名册.csv', dataBase64: Buffer.from(lines.join('\n')).toString('base64'), commit: true }, token);
    expect(report.imported).toBe(PEOPLE);
    const ids = s.t.app.services.sqlite.prepare('select id from persons').pluck().all() as string[];

    const signIn = await post(s.base, 'auth.signIn', { idNumber: MANAGER.idNumber, password: MANAGER.password });
    const cookie = cookiePair(signIn.headers.get('set-cookie')!);
    const [project] = (await (await post(s.base, 'projects.list', {}, cookie)).json() as { value: { id: string }[] }).value;
    await post(s.base, 'projects.enter', { projectId: project!.id }, cookie);
    const body = { checkedAt: '2020-02-17 08:30:00', rows: ids.map((personId, i) => ({ personId, temperature: i % 100 === 0 ? 37.5 : 36.5, symptoms: ['无上述异常症状'] })) };
    expect(JSON.stringify(body).length).toBeGreaterThan(MAX_BODY_BYTES);
    const res = await post(s.base, 'health.batchSave', body, cookie);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, value: { saved: PEOPLE, fevers: PEOPLE / 100 } });
    expect(s.t.app.services.sqlite.prepare('select count(*) from health_checks').pluck().get()).toBe(PEOPLE);

    // An ordinary command still refuses a body of that size, before reading it into a request.
    const big = await post(s.base, 'persons.list', { search: 'x'.repeat(MAX_BODY_BYTES) }, cookie);
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
  }, 60000);
});
