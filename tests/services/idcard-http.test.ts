// The local HTTP service plugin against a real node:http server on 127.0.0.1: the common
// 127.0.0.1:19196/readCard JSON shape through the preset, a vendor with nested fields through a
// custom mapping, and every way a service fails (refused, silent, HTTP 500, not JSON, no card).
import { describe, it, expect, afterEach } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { RESIDENT_ZHANG, RESIDENT_WANG, PERMIT_CHAN } from '../../electron/common/idcard';
import { cardFromAnswer, PRESET_19196 } from '../../electron/services/idcard/http-service';
import { JPEG_BYTES } from '../support/fixtures';
import { openReaderApp, choose, read, failure, success, CHINESE, type ReaderApp } from './idcard-support';

interface Service {
  url: string;
  requests: { method: string; url: string }[];
  answer: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  close(): Promise<void>;
}

async function startService(): Promise<Service> {
  const service: Service = {
    url: '',
    requests: [],
    answer: (_req, res) => res.end('{}'),
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    service.requests.push({ method: req.method ?? '', url: req.url ?? '' });
    req.resume();
    req.on('end', () => service.answer(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  service.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/readCard`;
  service.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return service;
}

const json = (body: unknown, status = 200) => (_req: http.IncomingMessage, res: http.ServerResponse) => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

/** 张喆's card as a 19196-style service answers it. */
const ANSWER_19196 = {
  resultFlag: 0,
  errorMsg: '',
  partyName: '张喆',
  gender: '男',
  nation: '汉',
  bornDay: '19850712',
  certAddress: '上海市浦东新区张杨路1234弄5号601室',
  certNumber: '310115198507121231',
  certOrg: '上海市公安局浦东分局',
  effDate: '20150301',
  expDate: '20350301',
  certType: ' ',
  identityPic: JPEG_BYTES.toString('base64'),
};

let service: Service | undefined;
let r: ReaderApp | undefined;
afterEach(async () => {
  r?.close();
  r = undefined;
  await service?.close();
  service = undefined;
});

async function setUp(settings: Record<string, string | number | Record<string, string>> = {}): Promise<{ r: ReaderApp; service: Service }> {
  service = await startService();
  r = await openReaderApp();
  await choose(r, 'http', { ...PRESET_19196, mapping: { ...PRESET_19196.mapping }, url: service.url, timeoutMs: 1000, ...settings });
  return { r, service };
}

describe('a local HTTP reading service', () => {
  it('reads the common 19196 JSON shape through the preset, photo included', async () => {
    const { r, service } = await setUp();
    service.answer = json(ANSWER_19196);
    const result = success(await read(r));
    expect(result.card).toEqual(RESIDENT_ZHANG);
    expect(result.photo).toEqual({ format: 'jpeg', base64: JPEG_BYTES.toString('base64') });
    expect(service.requests).toEqual([{ method: 'GET', url: '/readCard' }]);
    expect(result.pluginName).toBe('本地读卡服务(HTTP)');
  });

  it('takes the preset’s settings as the plugin’s defaults, so choosing it is enough', async () => {
    r = await openReaderApp();
    const http19196 = (await r.t.call('idcard.plugins', {}, r.manager)).find((p) => p.id === 'http')!;
    const defaults = (await r.t.call('idcard.getConfig', {}, r.manager)).settings.http;
    expect(defaults).toEqual({ ...http19196.presets[0]!.settings, timeoutMs: 5000 });
  });

  it('maps a vendor’s nested answer with its own field names, dates and 民族 written out', async () => {
    const { r, service } = await setUp({
      method: 'POST',
      successValue: 'true',
      mapping: {
        success: 'success', error: 'data.message', name: 'data.person.xm', sex: 'data.person.xb', nation: 'data.person.mz',
        birthDate: 'data.person.csrq', address: 'data.person.zz', idNumber: 'data.person.sfzh', issuer: 'data.card.qfjg',
        validFrom: 'data.card.yxq', validTo: '', photo: 'data.card.photos[0]', cardType: '',
        passNumber: '', issueCount: '', englishName: '', nationality: '',
      },
    });
    service.answer = json({
      success: true,
      data: {
        person: { xm: '王堃', xb: '1', mz: '土家族', csrq: '1958年11月03日', zz: '湖南省吉首市乾州街道世纪大道88号', sfzh: '433101195811030017' },
        card: { qfjg: '吉首市公安局', yxq: '2012.06.18-长期', photos: [`data:image/jpeg;base64,${JPEG_BYTES.toString('base64')}`] },
      },
    });
    const result = success(await read(r));
    expect(result.card).toEqual(RESIDENT_WANG);
    expect(result.photo?.format).toBe('jpeg');
    expect(service.requests[0]?.method).toBe('POST');
  });

  it('recognises a residence permit from its number', async () => {
    const { r, service } = await setUp({ mapping: { ...PRESET_19196.mapping, passNumber: 'passNo', issueCount: 'times' } });
    service.answer = json({
      ...ANSWER_19196, partyName: '陈嘉欣', gender: '女', nation: '', bornDay: '1990-08-15', certAddress: PERMIT_CHAN.address,
      certNumber: PERMIT_CHAN.idNumber, certOrg: PERMIT_CHAN.issuer, effDate: '2019-01-10', expDate: '2024-01-10', certType: 'J',
      passNo: 'H12345678', times: '01', identityPic: '',
    });
    const result = success(await read(r));
    expect(result.card).toEqual(PERMIT_CHAN);
    expect(result.checks.expired).toBe(true);
    expect(result.photo).toBeNull();
  });

  it('passes the service’s own message on when it reports a failure, as no card where it says so', async () => {
    const { r, service } = await setUp();
    service.answer = json({ resultFlag: -1, errorMsg: '寻卡失败,请放卡' });
    const noCard = failure(await read(r));
    expect([noCard.code, noCard.message]).toEqual(['NO_CARD', '读卡服务报告读卡失败:寻卡失败,请放卡']);
    service.answer = json({ resultFlag: 2, errorMsg: '设备未连接' });
    expect(failure(await read(r)).code).toBe('DEVICE');
  });

  it('says when nothing listens at the address', async () => {
    const { r, service } = await setUp();
    await service.close();
    const result = failure(await read(r));
    expect(result.code).toBe('NOT_CONNECTED');
    expect(result.message).toBe(`无法连接读卡服务 ${service.url}(ECONNREFUSED):请确认读卡器厂家的读卡服务程序已启动,地址和端口正确`);
  });

  it('times out on a service that does not answer', async () => {
    const { r, service } = await setUp({ timeoutMs: 600 });
    service.answer = () => {};
    const started = Date.now();
    const result = failure(await read(r));
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect([result.code, result.message]).toEqual(['TIMEOUT', `读卡服务 ${service.url} 在 600 毫秒内没有应答:请确认读卡器已连接、读卡服务正常运行`]);
  });

  it('reports HTTP errors, an answer that is not JSON, and a missing field', async () => {
    const { r, service } = await setUp();
    service.answer = json({ error: 'boom' }, 500);
    expect(failure(await read(r)).message).toBe('读卡服务返回 HTTP 500:请检查服务地址');
    service.answer = json('<html>not json</html>');
    expect(failure(await read(r)).message).toBe('读卡服务的应答不是 JSON:请检查服务地址');
    service.answer = json({ partyName: '张喆' });
    expect(failure(await read(r)).message).toBe('读卡服务的应答中没有字段 resultFlag:请检查字段映射');
    service.answer = json({ ...ANSWER_19196, certNumber: '' });
    expect(failure(await read(r)).message).toBe('读卡服务的应答中证件号码无效或缺失(字段 certNumber):请检查字段映射');
    service.answer = json({ ...ANSWER_19196, nation: '火星' });
    const nation = failure(await read(r));
    expect([nation.code, nation.message]).toEqual(['CARD_DATA', '读卡服务的应答中民族“火星”不在 GB/T 3304 民族代码表中:请检查字段映射']);
  });

  it('decodes a service that answers in GBK', async () => {
    const { r, service } = await setUp();
    const body = JSON.stringify(ANSWER_19196);
    service.answer = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=gbk' });
      res.end(gbk(body));
    };
    expect(success(await read(r)).card).toEqual(RESIDENT_ZHANG);
  });

  it('refuses a card whose number disagrees with its sex', async () => {
    const { r, service } = await setUp();
    service.answer = json({ ...ANSWER_19196, gender: '女' });
    const result = failure(await read(r));
    expect(result.code).toBe('CHECK');
    expect(result.checks?.problems).toEqual(['证件号码表示的性别(男)与证件上的性别(女)不一致']);
  });

  it('refuses a URL that is not http(s) when it is saved', async () => {
    r = await openReaderApp();
    const result = failure(await r.t.call('idcard.test', { pluginId: 'http', settings: { url: 'ftp://127.0.0.1/readCard' } }, r.manager));
    expect([result.code, result.message]).toEqual(['CONFIG', '请在设置中填写读卡服务的地址(http:// 开头)']);
  });
});

/** GBK bytes of a string of ASCII and the Chinese characters of the sample answer. */
function gbk(text: string): Buffer {
  // Node has no GBK encoder; build the table from its GB18030 decoder over the double-byte range.
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gb18030');
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(Uint8Array.from([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) out.push(code);
    else out.push(...(table.get(ch) ?? [0x3f]));
  }
  return Buffer.from(out);
}

describe('the field mapping fed random answers', () => {
  it('gives a card or a typed error for any JSON, never throws', () => {
    const answers = fc.oneof(
      fc.jsonValue(),
      fc.record({
        resultFlag: fc.oneof(fc.constant(0), fc.constant('0'), fc.integer(), fc.string()),
        partyName: fc.string(), gender: fc.oneof(fc.constant('男'), fc.constant('2'), fc.string()),
        nation: fc.oneof(fc.constant('汉'), fc.constant('01'), fc.string()), bornDay: fc.oneof(fc.constant('19850712'), fc.string()),
        certAddress: fc.string({ maxLength: 300 }), certNumber: fc.oneof(fc.constant('310115198507121231'), fc.string()),
        certOrg: fc.string(), effDate: fc.oneof(fc.constant('2015.03.01'), fc.string()), expDate: fc.oneof(fc.constant('长期'), fc.string()),
        identityPic: fc.oneof(fc.base64String(), fc.string()), certType: fc.string({ maxLength: 3 }),
      }, { requiredKeys: [] }),
    );
    fc.assert(fc.property(answers, (answer) => {
      const outcome = cardFromAnswer(answer, PRESET_19196.mapping, '0');
      if (outcome.ok) {
        expect(['resident', 'hkmotw', 'foreigner2017', 'foreigner2023']).toContain(outcome.card.cardType);
        expect(outcome.card.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      } else {
        expect(['NO_CARD', 'DEVICE', 'PROTOCOL', 'CARD_DATA']).toContain(outcome.error.code);
        expect(CHINESE.test(outcome.error.message)).toBe(true);
      }
    }), { numRuns: 500 });
  });
});
