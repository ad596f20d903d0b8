// 处置方式: the state of a person (可进场 by default, 需隔离, 疑似, 确诊), its history (a new row for
// every change, never an overwrite) and the scanned 《健康状况信息登记表》, on a real SQLite file.
import crypto from 'node:crypto';
import { describe, it, expect, afterEach } from 'vitest';
import { errorOf, snapshot, type TestApp } from '../support/app';
import { JPEG_BYTES, OPERATOR, PDF_BYTES, PNG_BYTES } from '../support/fixtures';
import { b64, countRows, operatorToken } from '../support/prereg-helpers';
import {
  changeCount, NOT_IN_PROJECT, openSite, personState, register, secondProject, LI, ZHAO, type Site,
} from '../support/issue4-helpers';

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

async function withZhao(): Promise<Site & { zhaoId: string }> {
  const s = await openSite();
  t = s.t;
  const zhao = await register(s.t, s.manager, s.employer.id, ZHAO);
  return { ...s, zhaoId: zhao.id };
}

describe('the default state', () => {
  it('is clear (可进场) with an empty history right after pre-registration', async () => {
    const { t, manager, zhaoId } = await withZhao();
    const got = await t.call('dispositions.get', { personId: zhaoId }, manager);
    expect(got).toEqual({
      person: { id: zhaoId, name: '赵建军', idNumber: ZHAO.idNumber, phone: '13812345678', category: 'worker', state: 'clear' },
      history: [],
      forms: [],
      eligibility: { allowed: true, reason: '', availableFrom: null },
    });
    expect(personState(t, zhaoId)).toBe('clear');
    expect(countRows(t, 'dispositions')).toBe(0);
  });
});

describe('dispositions.set', () => {
  it.each([
    ['isolate', '需隔离'],
    ['suspected', '疑似'],
    ['confirmed', '确诊'],
  ] as const)('%s without 隔离/就医时间 and 方式 is refused with both field paths, writing nothing', async (state, label) => {
    const { t, manager, zhaoId } = await withZhao();
    const before = snapshot(t.app);
    for (const input of [{ startedAt: null, method: null }, { startedAt: null, method: '  ' }]) {
      const e = await errorOf(() => t.call('dispositions.set', { personId: zhaoId, state, ...input }, manager));
      expect(e.code).toBe('VALIDATION');
      expect(e.message).toBe(`“${label}”须填写隔离/就医时间和隔离/就医方式`);
      expect(e.issues).toEqual([
        { path: 'startedAt', message: '请填写隔离/就医时间' },
        { path: 'method', message: '请填写隔离/就医方式' },
      ]);
    }
    // One of the two missing: only that one is named.
    const noMethod = await errorOf(() => t.call('dispositions.set', { personId: zhaoId, state, startedAt: '2020-02-17 08:00', method: null }, manager));
    expect(noMethod.issues).toEqual([{ path: 'method', message: '请填写隔离/就医方式' }]);
    const noTime = await errorOf(() => t.call('dispositions.set', { personId: zhaoId, state, startedAt: null, method: '定点医院' }, manager));
    expect(noTime.issues).toEqual([{ path: 'startedAt', message: '请填写隔离/就医时间' }]);
    expect(snapshot(t.app)).toEqual(before);
  });

  it('refuses an impossible 隔离/就医时间', async () => {
    const { t, manager, zhaoId } = await withZhao();
    const e = await errorOf(() => t.call('dispositions.set', { personId: zhaoId, state: 'isolate', startedAt: '2020-02-30 08:00', method: '居家隔离' }, manager));
    expect([e.code, e.message]).toEqual(['VALIDATION', '隔离/就医时间无效']);
    expect(e.issues).toEqual([{ path: 'startedAt', message: '时间无效' }]);
    expect(countRows(t, 'dispositions')).toBe(0);
  });

  it('adds a history row for every change, newest first, with who and when; the state is on persons.state', async () => {
    const { t, manager, zhaoId } = await withZhao();
    const isolate = await t.call('dispositions.set', { personId: zhaoId, state: 'isolate', startedAt: '2020-02-17 08:30', method: '居家隔离' }, manager);
    expect(isolate).toEqual({
      id: expect.any(String), state: 'isolate', startedAt: '2020-02-17 08:30:00', method: '居家隔离', createdAt: '2020-02-17T01:00:00.000Z', createdBy: '王建国',
    });
    expect(personState(t, zhaoId)).toBe('isolate');

    // An hour later an operator clears him: a second row, the first one kept as it was.
    t.clock.advanceMinutes(60);
    const operator = await operatorToken(t, manager);
    const clear = await t.call('dispositions.set', { personId: zhaoId, state: 'clear', startedAt: '2020-02-17 09:30', method: '不适用' }, operator);
    expect(clear).toEqual({ id: expect.any(String), state: 'clear', startedAt: null, method: null, createdAt: '2020-02-17T02:00:00.000Z', createdBy: OPERATOR.name });
    expect(personState(t, zhaoId)).toBe('clear');

    const got = await t.call('dispositions.get', { personId: zhaoId }, manager);
    expect(got.person.state).toBe('clear');
    expect(got.history).toEqual([clear, isolate]);
    expect(countRows(t, 'dispositions')).toBe(2);
    const rows = t.app.services.sqlite.prepare('select state, started_at, method, created_at from dispositions order by created_at').all();
    expect(rows).toEqual([
      { state: 'isolate', started_at: '2020-02-17 08:30:00', method: '居家隔离', created_at: '2020-02-17T01:00:00.000Z' },
      { state: 'clear', started_at: null, method: null, created_at: '2020-02-17T02:00:00.000Z' },
    ]);
    // One outbox change per disposition.
    expect(changeCount(t, 'dispositions', 'insert')).toBe(2);
  });

  it('keeps the order newest first even when two changes carry the same clock time', async () => {
    const { t, manager, zhaoId } = await withZhao();
    const a = await t.call('dispositions.set', { personId: zhaoId, state: 'suspected', startedAt: '2020-02-17 08:00', method: '发热门诊' }, manager);
    const b = await t.call('dispositions.set', { personId: zhaoId, state: 'confirmed', startedAt: '2020-02-17 08:40', method: '定点医院' }, manager);
    const c = await t.call('dispositions.set', { personId: zhaoId, state: 'isolate', startedAt: '2020-02-17 08:50', method: '集中隔离' }, manager);
    const got = await t.call('dispositions.get', { personId: zhaoId }, manager);
    expect(got.history.map((h) => h.id)).toEqual([c.id, b.id, a.id]);
    expect(got.history.map((h) => [h.state, h.method])).toEqual([['isolate', '集中隔离'], ['confirmed', '定点医院'], ['suspected', '发热门诊']]);
    expect(personState(t, zhaoId)).toBe('isolate');
  });

  it('the eligibility in dispositions.get follows the state', async () => {
    const { t, manager, zhaoId } = await withZhao();
    await t.call('dispositions.set', { personId: zhaoId, state: 'suspected', startedAt: '2020-02-17 08:00', method: '发热门诊' }, manager);
    const got = await t.call('dispositions.get', { personId: zhaoId }, manager);
    expect(got.eligibility).toEqual({
      allowed: false,
      reason: '赵建军 的处置状态为“疑似”(发热门诊 2020-02-17 起),不能进场;解除后请在“处置方式”中设为“未发现异常情况 同意进场”',
      availableFrom: null,
    });
  });

  it('NOT_FOUND for a person of another project or an unknown id', async () => {
    const { t, manager } = await withZhao();
    const other = await secondProject(t);
    const elsewhere = await register(t, other.token, other.employer.id, LI);
    const before = snapshot(t.app);
    for (const personId of [elsewhere.id, 'no-such-person']) {
      const set = await errorOf(() => t.call('dispositions.set', { personId, state: 'isolate', startedAt: '2020-02-17 08:00', method: '居家隔离' }, manager));
      expect([set.code, set.message]).toEqual(['NOT_FOUND', NOT_IN_PROJECT]);
      const get = await errorOf(() => t.call('dispositions.get', { personId }, manager));
      expect([get.code, get.message]).toEqual(['NOT_FOUND', NOT_IN_PROJECT]);
    }
    expect(snapshot(t.app)).toEqual(before);
  });

  it('refuses a state that is not one of the four', async () => {
    const { t, manager, zhaoId } = await withZhao();
    const e = await errorOf(() => t.call('dispositions.set', { personId: zhaoId, state: 'quarantine' as 'isolate', startedAt: null, method: null }, manager));
    expect([e.code, e.message]).toEqual(['VALIDATION', '请选择处置方式']);
  });
});

describe('《健康状况信息登记表》', () => {
  const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

  it('uploadForm accepts a real PNG and a real JPEG and lists them', async () => {
    const { t, manager, zhaoId } = await withZhao();
    const png = await t.call('dispositions.uploadForm', { personId: zhaoId, fileName: '登记表.png', mime: 'image/png', dataBase64: b64(PNG_BYTES) }, manager);
    expect(png).toEqual({ id: expect.any(String), fileName: '登记表.png', mime: 'image/png', size: PNG_BYTES.length, sha256: sha(PNG_BYTES), createdAt: '2020-02-17T01:00:00.000Z' });
    t.clock.advanceMinutes(1);
    const jpeg = await t.call('dispositions.uploadForm', { personId: zhaoId, fileName: '登记表-2.jpg', mime: 'image/jpeg', dataBase64: b64(JPEG_BYTES) }, manager);
    expect(jpeg).toMatchObject({ mime: 'image/jpeg', size: JPEG_BYTES.length, sha256: sha(JPEG_BYTES) });
    const got = await t.call('dispositions.get', { personId: zhaoId }, manager);
    expect(got.forms).toEqual([png, jpeg]);
    // The bytes are kept and can be read back.
    const file = await t.call('files.get', { id: png.id }, manager);
    expect(Buffer.from(file.dataBase64, 'base64').equals(PNG_BYTES)).toBe(true);
    expect(changeCount(t, 'attachments', 'insert')).toBe(2);
  });

  it('refuses bytes that are not an image, or not the image declared, writing nothing', async () => {
    const { t, manager, zhaoId } = await withZhao();
    const before = snapshot(t.app);
    const cases = [
      { mime: 'image/png' as const, bytes: Buffer.from('这不是图片,只是一段文字') },
      { mime: 'image/jpeg' as const, bytes: PDF_BYTES },
      { mime: 'image/jpeg' as const, bytes: PNG_BYTES },
      { mime: 'image/png' as const, bytes: Buffer.alloc(0) },
    ];
    for (const { mime, bytes } of cases) {
      const e = await errorOf(() => t.call('dispositions.uploadForm', { personId: zhaoId, fileName: '登记表.png', mime, dataBase64: b64(bytes) }, manager));
      expect([e.code, e.message]).toEqual(['VALIDATION', '文件内容不是有效的 jpg 或 png 图片']);
    }
    const pdf = await errorOf(() => t.call('dispositions.uploadForm', { personId: zhaoId, fileName: '登记表.pdf', mime: 'application/pdf' as 'image/png', dataBase64: b64(PDF_BYTES) }, manager));
    expect([pdf.code, pdf.message]).toEqual(['VALIDATION', '《健康状况信息登记表》只能上传 jpg 或 png 图片']);
    expect(snapshot(t.app)).toEqual(before);
  });

  it('deleteForm hides the form; deleting it again is NOT_FOUND', async () => {
    const { t, manager, zhaoId } = await withZhao();
    const keep = await t.call('dispositions.uploadForm', { personId: zhaoId, fileName: 'a.png', mime: 'image/png', dataBase64: b64(PNG_BYTES) }, manager);
    const drop = await t.call('dispositions.uploadForm', { personId: zhaoId, fileName: 'b.jpg', mime: 'image/jpeg', dataBase64: b64(JPEG_BYTES) }, manager);
    t.clock.advanceMinutes(5);
    expect(await t.call('dispositions.deleteForm', { personId: zhaoId, id: drop.id }, manager)).toBeNull();
    expect((await t.call('dispositions.get', { personId: zhaoId }, manager)).forms).toEqual([keep]);
    const row = t.app.services.sqlite.prepare('select deleted_at from attachments where id = ?').get(drop.id);
    expect(row).toEqual({ deleted_at: '2020-02-17T01:05:00.000Z' });
    const again = await errorOf(() => t.call('dispositions.deleteForm', { personId: zhaoId, id: drop.id }, manager));
    expect([again.code, again.message]).toEqual(['NOT_FOUND', '未找到该文件']);
    expect(changeCount(t, 'attachments', 'update')).toBe(1);
  });

  it('a form belongs to its person: deleting it under another person is NOT_FOUND', async () => {
    const { t, manager, employer, zhaoId } = await withZhao();
    const li = await register(t, manager, employer.id, LI, { origin: { provinceCode: '320000', cityCode: '320500' } });
    const form = await t.call('dispositions.uploadForm', { personId: zhaoId, fileName: 'a.png', mime: 'image/png', dataBase64: b64(PNG_BYTES) }, manager);
    expect((await t.call('dispositions.get', { personId: li.id }, manager)).forms).toEqual([]);
    const e = await errorOf(() => t.call('dispositions.deleteForm', { personId: li.id, id: form.id }, manager));
    expect(e.code).toBe('NOT_FOUND');
    expect((await t.call('dispositions.get', { personId: zhaoId }, manager)).forms).toEqual([form]);
  });
});
