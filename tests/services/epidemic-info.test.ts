// 工地疫情防控信息 and the 建筑工地复工检查表 uploads: real SQLite, real files in the data folder,
// and the outbox that must record every write with a gap-free sequence.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect, afterEach } from 'vitest';
import { openTestApp, errorOf, snapshot, MANAGER, type TestApp } from '../support/app';
import { EPIDEMIC_INFO, JPEG_BYTES, PDF_BYTES, PNG_BYTES } from '../support/fixtures';

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

async function open(): Promise<{ app: TestApp; token: string }> {
  t = openTestApp();
  return { app: t, token: await t.signedInManager() };
}

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

/** Every file under <dataDir>/files, as paths relative to it. */
function storedFiles(dataDir: string): string[] {
  const root = path.join(dataDir, 'files');
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

interface ChangeRow { seq: number; table_name: string; row_id: string; op: string; data: string; at: string }
function changes(app: TestApp): ChangeRow[] {
  return app.app.services.sqlite.prepare('select * from changes order by seq').all() as ChangeRow[];
}

function upload(app: TestApp, token: string, fileName: string, mime: 'image/png' | 'image/jpeg' | 'application/pdf', bytes: Buffer) {
  return app.call('epidemicInfo.uploadChecklist', { fileName, mime, dataBase64: bytes.toString('base64') }, token);
}

describe('epidemicInfo.save and epidemicInfo.get', () => {
  it('is null before the first save and round-trips team members, hospital, supplies with quantities and 其他', async () => {
    const { app, token } = await open();
    expect(await app.call('epidemicInfo.get', {}, token)).toBeNull();

    const saved = await app.call('epidemicInfo.save', EPIDEMIC_INFO, token);
    const expected = { ...EPIDEMIC_INFO, updatedAt: app.clock.now().toISOString(), updatedBy: MANAGER.name };
    expect(saved).toEqual(expected);
    expect(await app.call('epidemicInfo.get', {}, token)).toEqual(expected);

    // Stored in the row, lists as JSON, the author as the user's id.
    const [row] = snapshot(app.app).epidemic_info as Record<string, unknown>[];
    expect(JSON.parse(row!.team_members as string)).toEqual(EPIDEMIC_INFO.teamMembers);
    expect(JSON.parse(row!.supplies as string)).toEqual(EPIDEMIC_INFO.supplies);
    expect(row!.updated_by).toBe((snapshot(app.app).users as { id: string }[])[0]!.id);
  });

  it('a second save replaces the record and stamps the new time', async () => {
    const { app, token } = await open();
    await app.call('epidemicInfo.save', EPIDEMIC_INFO, token);
    app.clock.advanceMinutes(90);
    const changed = {
      ...EPIDEMIC_INFO,
      teamMembers: [{ name: '张喆', role: '防疫专员', phone: '(021) 6321-1234' }],
      supplies: [],
      other: '',
    };
    await app.call('epidemicInfo.save', changed, token);
    expect(await app.call('epidemicInfo.get', {}, token)).toEqual({ ...changed, updatedAt: '2020-02-17T02:30:00.000Z', updatedBy: MANAGER.name });
    expect(snapshot(app.app).epidemic_info).toHaveLength(1);
  });

  it('trims text fields before storing them', async () => {
    const { app, token } = await open();
    const saved = await app.call('epidemicInfo.save', {
      ...EPIDEMIC_INFO,
      teamMembers: [{ name: '  王建国 ', role: ' 组长 ', phone: ' 13800138000 ' }],
      hospitalName: '  上海市第九人民医院  ',
      other: '  ',
    }, token);
    expect(saved.teamMembers).toEqual([{ name: '王建国', role: '组长', phone: '13800138000' }]);
    expect(saved.hospitalName).toBe('上海市第九人民医院');
    expect((await app.call('epidemicInfo.get', {}, token))?.other).toBe('');
  });

  it('answers validation errors with field paths and changes nothing', async () => {
    const { app, token } = await open();
    await app.call('epidemicInfo.save', EPIDEMIC_INFO, token);
    const before = snapshot(app.app);

    const err = await errorOf(() => app.call('epidemicInfo.save', {
      ...EPIDEMIC_INFO,
      teamMembers: [EPIDEMIC_INFO.teamMembers[0]!, { name: '李玥', role: '副组长', phone: '电话:021-1234' }],
      supplies: [{ item: '医用口罩', quantity: -1, unit: '只' }, { item: '额温枪', quantity: 1.5, unit: '把' }],
      hospitalName: '',
    }, token));
    expect(err.code).toBe('VALIDATION');
    expect(err.issues).toEqual([
      { path: 'teamMembers.1.phone', message: '电话号码只能包含数字、空格和 + - ( )' },
      { path: 'hospitalName', message: '请输入对口医院名称' },
      { path: 'supplies.0.quantity', message: '数量不能为负' },
      { path: 'supplies.1.quantity', message: '数量应为整数' },
    ]);
    expect(err.message).toBe('电话号码只能包含数字、空格和 + - ( )');

    const first = await errorOf(() => app.call('epidemicInfo.save', {
      ...EPIDEMIC_INFO,
      teamMembers: [{ name: '王建国', role: '组长', phone: '' }],
    }, token));
    // An empty phone breaks two of its rules; both are reported on the same field path.
    expect(first.message).toBe('请输入联系电话');
    expect(first.issues).toEqual([
      { path: 'teamMembers.0.phone', message: '请输入联系电话' },
      { path: 'teamMembers.0.phone', message: '电话号码只能包含数字、空格和 + - ( )' },
    ]);

    const none = await errorOf(() => app.call('epidemicInfo.save', { ...EPIDEMIC_INFO, teamMembers: [] }, token));
    expect(none.issues).toEqual([{ path: 'teamMembers', message: '请至少填写一名疫情防控小组成员' }]);

    const extra = await errorOf(() => app.call('epidemicInfo.save', { ...EPIDEMIC_INFO, projectId: 'elsewhere' } as never, token));
    expect(extra.code).toBe('VALIDATION');
    expect(extra.issues?.[0]?.path).toBe('');

    expect(snapshot(app.app)).toEqual(before);
    expect(await app.call('epidemicInfo.get', {}, token)).toEqual({ ...EPIDEMIC_INFO, updatedAt: app.clock.now().toISOString(), updatedBy: MANAGER.name });
  });
});

describe('建筑工地复工检查表 uploads', () => {
  it('refuses an upload before the first save, and writes neither a row nor a file', async () => {
    const { app, token } = await open();
    const before = snapshot(app.app);
    const err = await errorOf(() => upload(app, token, '检查表.png', 'image/png', PNG_BYTES));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toBe('请先保存工地疫情防控信息记录,再上传建筑工地复工检查表!');
    expect(snapshot(app.app)).toEqual(before);
    expect(storedFiles(app.dataDir)).toEqual([]);
  });

  it('stores real PNG, JPEG and PDF files under files/<first 2 hex>/<sha256> with the right bytes', async () => {
    const { app, token } = await open();
    await app.call('epidemicInfo.save', EPIDEMIC_INFO, token);

    const cases = [
      { fileName: '检查表.png', mime: 'image/png' as const, bytes: PNG_BYTES },
      { fileName: '检查表.jpg', mime: 'image/jpeg' as const, bytes: JPEG_BYTES },
      { fileName: '复工检查表.pdf', mime: 'application/pdf' as const, bytes: PDF_BYTES },
    ];
    const uploaded = [];
    for (const c of cases) {
      app.clock.advanceMinutes(1);
      const stored = await upload(app, token, c.fileName, c.mime, c.bytes);
      const hash = sha256(c.bytes);
      expect(stored).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        fileName: c.fileName,
        mime: c.mime,
        size: c.bytes.length,
        sha256: hash,
        createdAt: app.clock.now().toISOString(),
      });
      const onDisk = path.join(app.dataDir, 'files', hash.slice(0, 2), hash);
      expect(fs.readFileSync(onDisk).equals(c.bytes)).toBe(true);
      uploaded.push(stored);
    }

    expect(storedFiles(app.dataDir)).toEqual(cases.map((c) => `${sha256(c.bytes).slice(0, 2)}/${sha256(c.bytes)}`).sort());
    expect(await app.call('epidemicInfo.listChecklists', {}, token)).toEqual(uploaded);

    for (const [i, c] of cases.entries()) {
      const file = await app.call('files.get', { id: uploaded[i]!.id }, token);
      expect(file).toEqual({ fileName: c.fileName, mime: c.mime, dataBase64: c.bytes.toString('base64') });
      expect(Buffer.from(file.dataBase64, 'base64').equals(c.bytes)).toBe(true);
    }
  });

  it('stores the same bytes uploaded twice as one file on disk, listed twice', async () => {
    const { app, token } = await open();
    await app.call('epidemicInfo.save', EPIDEMIC_INFO, token);
    const a = await upload(app, token, '第一次.png', 'image/png', PNG_BYTES);
    app.clock.advanceMinutes(1);
    const b = await upload(app, token, '第二次.png', 'image/png', PNG_BYTES);
    expect(a.id).not.toBe(b.id);
    expect(a.sha256).toBe(b.sha256);
    expect(storedFiles(app.dataDir)).toEqual([`${a.sha256.slice(0, 2)}/${a.sha256}`]);
    expect((await app.call('epidemicInfo.listChecklists', {}, token)).map((f) => f.fileName)).toEqual(['第一次.png', '第二次.png']);
    expect((await app.call('files.get', { id: b.id }, token)).dataBase64).toBe(PNG_BYTES.toString('base64'));
  });

  it('refuses a file whose bytes are not what it declares, and stores nothing', async () => {
    const { app, token } = await open();
    await app.call('epidemicInfo.save', EPIDEMIC_INFO, token);
    const before = snapshot(app.app);

    const notPng = await errorOf(() => upload(app, token, '检查表.png', 'image/png', Buffer.from('<html>not an image</html>')));
    expect(notPng.code).toBe('VALIDATION');
    expect(notPng.message).toBe('文件内容不是有效的 jpg、png 或 pdf 文件');
    // A real JPEG declared as PNG is refused as well: the declared type must match the content.
    expect((await errorOf(() => upload(app, token, '检查表.png', 'image/png', JPEG_BYTES))).code).toBe('VALIDATION');
    // A truncated PNG signature is not a PNG.
    expect((await errorOf(() => upload(app, token, '检查表.png', 'image/png', PNG_BYTES.subarray(0, 7)))).code).toBe('VALIDATION');

    const empty = await errorOf(() => app.call('epidemicInfo.uploadChecklist', { fileName: '空.pdf', mime: 'application/pdf', dataBase64: '' }, token));
    expect(empty.code).toBe('VALIDATION');
    expect(empty.message).toBe('文件为空');

    const gif = await errorOf(() => app.call('epidemicInfo.uploadChecklist', { fileName: 'a.gif', mime: 'image/gif' as never, dataBase64: PNG_BYTES.toString('base64') }, token));
    expect(gif.issues).toEqual([{ path: 'mime', message: '只能上传 jpg、png 或 pdf 文件' }]);

    const pathName = await errorOf(() => upload(app, token, '../../etc/检查表.png', 'image/png', PNG_BYTES));
    expect(pathName.issues).toEqual([{ path: 'fileName', message: '文件名不能包含路径' }]);

    const badBase64 = await errorOf(() => app.call('epidemicInfo.uploadChecklist', { fileName: 'a.png', mime: 'image/png', dataBase64: '###' }, token));
    expect(badBase64.issues).toEqual([{ path: 'dataBase64', message: '文件内容编码无效' }]);

    expect(snapshot(app.app)).toEqual(before);
    expect(storedFiles(app.dataDir)).toEqual([]);
  });

  it('deleteChecklist hides the file from the list but keeps the bytes and the row as a tombstone', async () => {
    const { app, token } = await open();
    await app.call('epidemicInfo.save', EPIDEMIC_INFO, token);
    const png = await upload(app, token, '检查表.png', 'image/png', PNG_BYTES);
    app.clock.advanceMinutes(1);
    const pdf = await upload(app, token, '检查表.pdf', 'application/pdf', PDF_BYTES);
    app.clock.advanceMinutes(1);

    expect(await app.call('epidemicInfo.deleteChecklist', { id: png.id }, token)).toBeNull();
    expect(await app.call('epidemicInfo.listChecklists', {}, token)).toEqual([pdf]);
    const rows = snapshot(app.app).attachments as { id: string; deleted_at: string | null }[];
    expect(rows.find((r) => r.id === png.id)?.deleted_at).toBe(app.clock.now().toISOString());
    expect(storedFiles(app.dataDir)).toContain(`${png.sha256.slice(0, 2)}/${png.sha256}`);

    const before = snapshot(app.app);
    const again = await errorOf(() => app.call('epidemicInfo.deleteChecklist', { id: png.id }, token));
    expect(again.code).toBe('NOT_FOUND');
    expect(again.message).toBe('未找到该文件');
    expect((await errorOf(() => app.call('epidemicInfo.deleteChecklist', { id: 'no-such-file' }, token))).code).toBe('NOT_FOUND');
    expect((await errorOf(() => app.call('files.get', { id: 'no-such-file' }, token))).code).toBe('NOT_FOUND');
    expect(snapshot(app.app)).toEqual(before);
  });

  it("files.get does not serve another project's file", async () => {
    const { app, token } = await open();
    await app.call('epidemicInfo.save', EPIDEMIC_INFO, token);
    const png = await upload(app, token, '检查表.png', 'image/png', PNG_BYTES);

    // A second project the manager is also linked to.
    const sqlite = app.app.services.sqlite;
    const otherId = '01900000-0000-7000-8000-0000000000aa';
    sqlite.prepare(`insert into projects (id, contract_no, build_no, name, general_contractor, contractor_type, supervision_station, created_at)
      values (?, 'W2020030300033', '2003XH0003', '别的工地', '别的总包', '施工企业', '徐汇区建设工程安全质量监督站', ?)`).run(otherId, app.clock.now().toISOString());
    const userId = (sqlite.prepare("select id from users where role = 'manager'").get() as { id: string }).id;
    sqlite.prepare('insert into user_projects (user_id, project_id) values (?, ?)').run(userId, otherId);

    await app.call('projects.enter', { projectId: otherId }, token);
    expect((await errorOf(() => app.call('files.get', { id: png.id }, token))).code).toBe('NOT_FOUND');
    expect((await errorOf(() => app.call('epidemicInfo.deleteChecklist', { id: png.id }, token))).code).toBe('NOT_FOUND');
    expect(await app.call('epidemicInfo.listChecklists', {}, token)).toEqual([]);
    expect(await app.call('epidemicInfo.get', {}, token)).toBeNull();
  });
});

describe('the outbox', () => {
  it('gets one change per write, in the same order, with seq 1, 2, 3 … and no gaps', async () => {
    const { app, token } = await open();
    const projectId = (snapshot(app.app).projects as { id: string }[])[0]!.id;

    await app.call('epidemicInfo.save', EPIDEMIC_INFO, token);
    app.clock.advanceMinutes(1);
    await app.call('epidemicInfo.save', { ...EPIDEMIC_INFO, other: '改过' }, token);
    app.clock.advanceMinutes(1);
    const png = await upload(app, token, '检查表.png', 'image/png', PNG_BYTES);
    app.clock.advanceMinutes(1);
    const again = await upload(app, token, '检查表-2.png', 'image/png', PNG_BYTES);
    app.clock.advanceMinutes(1);
    await app.call('epidemicInfo.deleteChecklist', { id: png.id }, token);

    // Refused writes and reads add nothing.
    await errorOf(() => upload(app, token, 'x.png', 'image/png', PDF_BYTES));
    await errorOf(() => app.call('epidemicInfo.save', { ...EPIDEMIC_INFO, teamMembers: [] }, token));
    await app.call('epidemicInfo.get', {}, token);
    await app.call('epidemicInfo.listChecklists', {}, token);

    const rows = changes(app);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows.map((r) => [r.table_name, r.row_id, r.op])).toEqual([
      ['projects', projectId, 'insert'],
      ['epidemic_info', projectId, 'insert'],
      ['epidemic_info', projectId, 'update'],
      ['attachments', png.id, 'insert'],
      ['attachments', again.id, 'insert'],
      ['attachments', png.id, 'update'],
    ]);
    expect(rows.map((r) => r.at)).toEqual([
      '2020-02-17T01:00:00.000Z',
      '2020-02-17T01:00:00.000Z',
      '2020-02-17T01:01:00.000Z',
      '2020-02-17T01:02:00.000Z',
      '2020-02-17T01:03:00.000Z',
      '2020-02-17T01:04:00.000Z',
    ]);
    expect(JSON.parse(rows[2]!.data)).toMatchObject({ projectId, other: '改过', hospitalName: EPIDEMIC_INFO.hospitalName });
    expect(JSON.parse(rows[3]!.data)).toMatchObject({ id: png.id, sha256: png.sha256, deletedAt: null });
    expect(JSON.parse(rows[5]!.data)).toMatchObject({ id: png.id, deletedAt: '2020-02-17T01:04:00.000Z' });
  });
});
