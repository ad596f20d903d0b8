// 获取健康云信息: the built-in provider reads the records the site imported (CSV or Excel); the
// HTTP provider, configured in 设置, asks a real endpoint (a node:http server on 127.0.0.1 here)
// with a timeout, keeps what it answers, and falls back to the local records.
import { describe, it, expect, afterEach } from 'vitest';
import { openTestApp, errorOf, snapshot, type TestApp } from '../support/app';
import { validId, wrongCheckId } from '../support/fixtures';
import {
  b64, cloudCsv, cloudXlsx, countRows, fullRecord, importCloud, operatorToken, startCloudServer, type CloudServer,
} from '../support/prereg-helpers';

/** 湖北 14 days: the isolation rule every new data folder starts with. */
const DEFAULT_ISOLATION_RULES = [{ code: '420000', name: '湖北省', days: 14 }];

let t: TestApp | undefined;
let server: CloudServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  t?.close();
  t = undefined;
});

async function open(): Promise<{ app: TestApp; manager: string }> {
  t = openTestApp();
  return { app: t, manager: await t.signedInManager() };
}

const NOT_REGISTERED = '未查询到该人员的健康云登记信息:请先在“健康云”APP中完成“来沪人员健康登记”后,再进行预登记';
const NAME_MISMATCH = '健康云登记的姓名与输入的姓名不一致,请核对身份证号和姓名';
const UNREACHABLE = '健康云接口暂时无法连接,已使用本机导入的健康云记录。';

const ZHANG = { idNumber: validId('34122119850312001'), name: '张三丰' };
const LI = { idNumber: validId('42010619900101001'), name: '李秀英' }; // ends in X
const WANG = { idNumber: validId('32058319780808003'), name: '王强' };

/** The record `fullRecord` writes, as the lookup answers it. */
const FULL_SNAPSHOT = {
  reportAddress: '上海市黄浦区制造局路639号',
  reportTime: '2020-02-15 08:30:00',
  temperature: '36.5',
  healthStatus: '健康',
  travelTime: '2020-02-10',
  travelMode: '自驾',
  fromHubei: true,
  fromWuhan: false,
  stopover: true,
  stayPlace: '安徽省合肥市',
  homeAddress: '上海市浦东新区张杨路500号',
};

/** What the endpoint answers for 王强: 是/否 as text and the temperature as a number, as in docs. */
const answer = {
  found: true,
  name: WANG.name,
  phone: '13788889999',
  reportAddress: '上海市徐汇区漕溪北路88号',
  reportTime: '2020-02-16 10:00:00',
  temperature: 36.6,
  healthStatus: '健康',
  travelTime: '2020-02-12',
  travelMode: '火车',
  fromHubei: '是',
  fromWuhan: '否',
  stopover: '否',
  stayPlace: '无',
  homeAddress: '上海市徐汇区宜山路100弄',
};
const httpSnapshot = {
  reportAddress: '上海市徐汇区漕溪北路88号',
  reportTime: '2020-02-16 10:00:00',
  temperature: '36.6',
  healthStatus: '健康',
  travelTime: '2020-02-12',
  travelMode: '火车',
  fromHubei: true,
  fromWuhan: false,
  stopover: false,
  stayPlace: '无',
  homeAddress: '上海市徐汇区宜山路100弄',
};

describe('healthCloud.import', () => {
  const wrong = wrongCheckId('34122119850312004');
  const records = [
    fullRecord(ZHANG.idNumber, ZHANG.name), // row 2 ok
    fullRecord(wrong.idNumber, '赵六'), // row 3 wrong check character
    fullRecord(LI.idNumber, LI.name, { 手机号: '12345678901' }), // row 4 not a mobile number
    fullRecord(WANG.idNumber, WANG.name, { 是否湖北出发: '对' }), // row 5 not 是/否
    fullRecord(ZHANG.idNumber, ZHANG.name, { 手机号: '13900000000' }), // row 6 same person, same 上报时间
    fullRecord(validId('37088319700101005'), '孙七', { 体温: '高' }), // row 7 bad temperature
    fullRecord(LI.idNumber.slice(0, 17) + LI.idNumber.slice(17).toLowerCase(), LI.name, { 上报时间: '2020-02-16 09:00:00', 手机号: '' }), // row 8 ok
  ];
  const expectedErrors = [
    { row: 3, column: '身份证号', message: `身份证号校验位错误:应为 ${wrong.expected},实际为 ${wrong.actual}` },
    { row: 4, column: '手机号', message: '不是有效的手机号' },
    { row: 5, column: '是否湖北出发', message: '应为“是”或“否”' },
    { row: 6, column: '身份证号', message: '文件中重复(同一人同一上报时间)' },
    { row: 7, column: '体温', message: '“高”不是有效的体温' },
  ];

  it('previews (commit:false) row by row and imports nothing', async () => {
    const { app, manager } = await open();
    const before = snapshot(app.app);
    const report = await app.call('healthCloud.import', { fileName: '健康云导出.csv', dataBase64: b64(cloudCsv(records)), commit: false }, manager);
    expect(report).toEqual({
      fileName: '健康云导出.csv',
      total: 7,
      valid: 2,
      imported: 0,
      committed: false,
      errors: expectedErrors,
      preview: [
        { 身份证号: `${ZHANG.idNumber.slice(0, 3)}************${ZHANG.idNumber.slice(-3)}`, 姓名: ZHANG.name, 手机号: '13612345678', 上报时间: '2020-02-15 08:30:00', 体温: '36.5', 健康状况: '健康' },
        { 身份证号: `${LI.idNumber.slice(0, 3)}************${LI.idNumber.slice(-3)}`, 姓名: LI.name, 手机号: '', 上报时间: '2020-02-16 09:00:00', 体温: '36.5', 健康状况: '健康' },
      ],
    });
    expect(JSON.stringify(report)).not.toContain(ZHANG.idNumber);
    expect(snapshot(app.app)).toEqual(before);
    expect(countRows(app, 'health_cloud_records')).toBe(0);
  });

  it('commits the valid rows; importing the same file again does not duplicate them', async () => {
    const { app, manager } = await open();
    const input = { fileName: '健康云导出.csv', dataBase64: b64(cloudCsv(records)), commit: true };
    const first = await app.call('healthCloud.import', input, manager);
    expect(first).toMatchObject({ total: 7, valid: 2, imported: 2, committed: true, errors: expectedErrors });
    expect(countRows(app, 'health_cloud_records')).toBe(2);
    const stored = app.app.services.sqlite.prepare('select id_number, name, phone, report_time, from_hubei, from_wuhan, stopover, source from health_cloud_records order by report_time').all();
    expect(stored).toEqual([
      { id_number: ZHANG.idNumber, name: ZHANG.name, phone: '13612345678', report_time: '2020-02-15 08:30:00', from_hubei: 1, from_wuhan: 0, stopover: 1, source: '健康云导出.csv' },
      // The lower-case x of the file is stored normalised to upper case.
      { id_number: LI.idNumber, name: LI.name, phone: '', report_time: '2020-02-16 09:00:00', from_hubei: 1, from_wuhan: 0, stopover: 1, source: '健康云导出.csv' },
    ]);

    const again = await app.call('healthCloud.import', input, manager);
    expect(again).toMatchObject({ total: 7, valid: 2, committed: true });
    expect(countRows(app, 'health_cloud_records')).toBe(2);

    // A later export with a changed field for the same 上报时间 replaces the stored record.
    await importCloud(app, manager, [fullRecord(ZHANG.idNumber, ZHANG.name, { 体温: '37.1' })], '第二次.csv');
    expect(countRows(app, 'health_cloud_records')).toBe(2);
    const lookup = await app.call('healthCloud.lookup', ZHANG, manager);
    expect(lookup.record?.temperature).toBe('37.1');
  });

  it('imports the same records from an Excel (.xlsx) file', async () => {
    const { app, manager } = await open();
    const report = await app.call('healthCloud.import', { fileName: '健康云.xlsx', dataBase64: b64(await cloudXlsx(records)), commit: true }, manager);
    expect(report).toMatchObject({ total: 7, valid: 2, imported: 2, errors: expectedErrors });
    expect(countRows(app, 'health_cloud_records')).toBe(2);
  });

  it('refuses a file that is not a table with a Chinese message and changes nothing', async () => {
    const { app, manager } = await open();
    const before = snapshot(app.app);
    const err = await errorOf(() => app.call('healthCloud.import', {
      fileName: '健康云.csv', dataBase64: b64(Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')), commit: true,
    }, manager));
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toBe('文件不是 Excel(.xlsx)或 CSV 文件,请选择 .xlsx 或 .csv 文件');
    expect(snapshot(app.app)).toEqual(before);
  });
});

describe('healthCloud.lookup (local records)', () => {
  it('finds a record and maps every column (上报地址 … 居住地址, 是/否 as booleans) and the phone', async () => {
    const { app, manager } = await open();
    await importCloud(app, manager, [fullRecord(ZHANG.idNumber, ZHANG.name)]);
    expect(await app.call('healthCloud.lookup', ZHANG, manager)).toEqual({
      found: true,
      message: '',
      provider: 'local',
      name: ZHANG.name,
      phone: '13612345678',
      record: FULL_SNAPSHOT,
    });
  });

  it('answers with the newest record (by 上报时间) when there are several', async () => {
    const { app, manager } = await open();
    await importCloud(app, manager, [
      fullRecord(ZHANG.idNumber, ZHANG.name, { 上报时间: '2020-02-14 08:00:00', 是否武汉出发: '是', 体温: '36.2' }),
      fullRecord(ZHANG.idNumber, ZHANG.name, { 上报时间: '2020-02-16 08:00:00', 是否武汉出发: '否', 体温: '36.8' }),
      fullRecord(ZHANG.idNumber, ZHANG.name, { 上报时间: '2020-02-15 08:00:00', 体温: '36.4' }),
    ]);
    const found = await app.call('healthCloud.lookup', ZHANG, manager);
    expect(found.record).toMatchObject({ reportTime: '2020-02-16 08:00:00', temperature: '36.8', fromWuhan: false });
  });

  it('answers found:false with the register-in-健康云-first message when there is no record', async () => {
    const { app, manager } = await open();
    await importCloud(app, manager, [fullRecord(ZHANG.idNumber, ZHANG.name)]);
    const answer = await app.call('healthCloud.lookup', LI, manager);
    expect(answer).toEqual({ found: false, message: NOT_REGISTERED, provider: 'local', name: LI.name, phone: '', record: null });
    expect(answer.message).toContain('健康云');
    expect(answer.message).toContain('来沪人员健康登记');
  });

  it('answers found:false with a message about the name when the name does not match', async () => {
    const { app, manager } = await open();
    await importCloud(app, manager, [fullRecord(ZHANG.idNumber, ZHANG.name)]);
    const answer = await app.call('healthCloud.lookup', { idNumber: ZHANG.idNumber, name: '张三' }, manager);
    expect(answer).toEqual({ found: false, message: NAME_MISMATCH, provider: 'local', name: '张三', phone: '', record: null });
    expect(answer.message).toContain('姓名');
  });

  it('refuses an ID number with a wrong check character before looking anything up', async () => {
    const { app, manager } = await open();
    const wrong = wrongCheckId('34122119850312001');
    const err = await errorOf(() => app.call('healthCloud.lookup', { idNumber: wrong.idNumber, name: ZHANG.name }, manager));
    expect(err.code).toBe('VALIDATION');
    expect(err.issues).toEqual([{ path: 'idNumber', message: `身份证号校验位错误:应为 ${wrong.expected},实际为 ${wrong.actual}` }]);
  });
});

describe('healthCloud.lookup (HTTP provider)', () => {
  it('asks the configured endpoint, answers provider http, and keeps the record for offline use', async () => {
    const { app, manager } = await open();
    server = await startCloudServer(() => answer);
    expect(await app.call('settings.save', { healthCloudUrl: server.url, healthCloudTimeoutMs: 1000 }, manager))
      .toEqual({ healthCloudUrl: server.url, healthCloudTimeoutMs: 1000, isolationRules: DEFAULT_ISOLATION_RULES });
    expect(await app.call('settings.get', {}, manager)).toEqual({ healthCloudUrl: server.url, healthCloudTimeoutMs: 1000, isolationRules: DEFAULT_ISOLATION_RULES });

    const found = await app.call('healthCloud.lookup', WANG, manager);
    expect(found).toEqual({ found: true, message: '', provider: 'http', name: WANG.name, phone: '13788889999', record: httpSnapshot });
    expect(server.requests).toEqual([{ method: 'POST', contentType: 'application/json', body: { idNumber: WANG.idNumber, name: WANG.name } }]);
    expect(app.app.services.sqlite.prepare('select id_number, name, phone, report_time, source from health_cloud_records').all())
      .toEqual([{ id_number: WANG.idNumber, name: WANG.name, phone: '13788889999', report_time: '2020-02-16 10:00:00', source: 'http' }]);

    // The same answer again updates the stored record rather than adding a second one.
    await app.call('healthCloud.lookup', WANG, manager);
    expect(countRows(app, 'health_cloud_records')).toBe(1);

    // Server gone: the record kept locally still answers, with a note.
    await server.close();
    const offline = await app.call('healthCloud.lookup', WANG, manager);
    expect(offline).toEqual({ found: true, message: UNREACHABLE, provider: 'local', name: WANG.name, phone: '13788889999', record: httpSnapshot });
  });

  it('answers found:false with the register-first message when neither the endpoint nor this site has a record', async () => {
    const { app, manager } = await open();
    server = await startCloudServer(() => ({ found: false }));
    await app.call('settings.save', { healthCloudUrl: server.url, healthCloudTimeoutMs: 1000 }, manager);
    expect(await app.call('healthCloud.lookup', LI, manager))
      .toEqual({ found: false, message: NOT_REGISTERED, provider: 'local', name: LI.name, phone: '', record: null });
    expect(countRows(app, 'health_cloud_records')).toBe(0);
  });

  it('lets a record this site imported answer when the endpoint has none (as persons.create would accept it)', async () => {
    const { app, manager } = await open();
    await importCloud(app, manager, [fullRecord(ZHANG.idNumber, ZHANG.name)]);
    server = await startCloudServer(() => ({ found: false }));
    await app.call('settings.save', { healthCloudUrl: server.url, healthCloudTimeoutMs: 1000 }, manager);
    expect(await app.call('healthCloud.lookup', ZHANG, manager))
      .toEqual({ found: true, message: '', provider: 'local', name: ZHANG.name, phone: '13612345678', record: FULL_SNAPSHOT });
  });

  it('answers found:false (provider http) about the name when the endpoint knows the number under another name', async () => {
    const { app, manager } = await open();
    server = await startCloudServer(() => ({ ...answer, name: '王刚' }));
    await app.call('settings.save', { healthCloudUrl: server.url, healthCloudTimeoutMs: 1000 }, manager);
    expect(await app.call('healthCloud.lookup', WANG, manager))
      .toEqual({ found: false, message: NAME_MISMATCH, provider: 'http', name: WANG.name, phone: '', record: null });
    expect(countRows(app, 'health_cloud_records')).toBe(0);
  });

  it('falls back to the local records with a note when the endpoint never answers', async () => {
    const { app, manager } = await open();
    await importCloud(app, manager, [fullRecord(ZHANG.idNumber, ZHANG.name)]);
    server = await startCloudServer(() => 'never');
    await app.call('settings.save', { healthCloudUrl: server.url, healthCloudTimeoutMs: 1000 }, manager);

    const found = await app.call('healthCloud.lookup', ZHANG, manager);
    expect(found).toEqual({ found: true, message: UNREACHABLE, provider: 'local', name: ZHANG.name, phone: '13612345678', record: FULL_SNAPSHOT });
    expect(found.message).toContain('无法连接');
    expect(server.requests).toHaveLength(1);

    const missing = await app.call('healthCloud.lookup', LI, manager);
    expect(missing).toEqual({ found: false, message: `${UNREACHABLE}${NOT_REGISTERED}`, provider: 'local', name: LI.name, phone: '', record: null });
  });

  it('falls back to the local records when the endpoint answers something that is not the agreed JSON', async () => {
    const { app, manager } = await open();
    await importCloud(app, manager, [fullRecord(ZHANG.idNumber, ZHANG.name)]);
    server = await startCloudServer(() => ({ hello: 'world' }));
    await app.call('settings.save', { healthCloudUrl: server.url, healthCloudTimeoutMs: 1000 }, manager);
    const found = await app.call('healthCloud.lookup', ZHANG, manager);
    expect(found).toMatchObject({ found: true, provider: 'local', message: UNREACHABLE });
  });
});

describe('settings.save', () => {
  it('refuses a bad URL and a too short timeout (VALIDATION) and keeps the old settings', async () => {
    const { app, manager } = await open();
    await app.call('settings.save', { healthCloudUrl: 'http://127.0.0.1:9/lookup', healthCloudTimeoutMs: 3000 }, manager);
    const before = snapshot(app.app);
    for (const healthCloudUrl of ['not a url', 'ftp://example.com/lookup', 'www.example.com']) {
      const err = await errorOf(() => app.call('settings.save', { healthCloudUrl, healthCloudTimeoutMs: 1000 }, manager));
      expect(err.code).toBe('VALIDATION');
      expect(err.message).toBe('请输入有效的网址(http:// 或 https:// 开头)');
      // Every issue is about the URL field (a text that is no URL at all fails both of its checks, with the same message).
      expect(err.issues?.length).toBeGreaterThan(0);
      expect(new Set(err.issues!.map((i) => `${i.path}:${i.message}`))).toEqual(new Set(['healthCloudUrl:请输入有效的网址(http:// 或 https:// 开头)']));
    }
    const timeout = await errorOf(() => app.call('settings.save', { healthCloudUrl: '', healthCloudTimeoutMs: 100 }, manager));
    expect(timeout.code).toBe('VALIDATION');
    expect(timeout.issues).toEqual([{ path: 'healthCloudTimeoutMs', message: '超时至少500毫秒' }]);
    expect(snapshot(app.app)).toEqual(before);
    expect(await app.call('settings.get', {}, manager)).toEqual({ healthCloudUrl: 'http://127.0.0.1:9/lookup', healthCloudTimeoutMs: 3000, isolationRules: DEFAULT_ISOLATION_RULES });
  });

  it('starts with no endpoint and a 5 s timeout; an empty URL switches the HTTP provider off', async () => {
    const { app, manager } = await open();
    expect(await app.call('settings.get', {}, manager)).toEqual({ healthCloudUrl: '', healthCloudTimeoutMs: 5000, isolationRules: DEFAULT_ISOLATION_RULES });
    server = await startCloudServer(() => answer);
    await app.call('settings.save', { healthCloudUrl: server.url, healthCloudTimeoutMs: 1000 }, manager);
    await app.call('settings.save', { healthCloudUrl: '', healthCloudTimeoutMs: 1000 }, manager);
    const local = await app.call('healthCloud.lookup', WANG, manager);
    expect(local).toEqual({ found: false, message: NOT_REGISTERED, provider: 'local', name: WANG.name, phone: '', record: null });
    expect(server.requests).toHaveLength(0);
  });

  it('refuses settings.save to a 现场操作用户 (FORBIDDEN), who may still read them and look people up', async () => {
    const { app, manager } = await open();
    const operator = await operatorToken(app, manager);
    const before = snapshot(app.app);
    const err = await errorOf(() => app.call('settings.save', { healthCloudUrl: 'http://127.0.0.1:8080/', healthCloudTimeoutMs: 1000 }, operator));
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toBe('现场操作用户无权执行此操作');
    expect(snapshot(app.app)).toEqual(before);
    expect(await app.call('settings.get', {}, operator)).toEqual({ healthCloudUrl: '', healthCloudTimeoutMs: 5000, isolationRules: DEFAULT_ISOLATION_RULES });
    expect((await app.call('healthCloud.lookup', ZHANG, operator)).found).toBe(false);
  });
});
