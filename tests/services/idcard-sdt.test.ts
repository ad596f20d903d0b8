// The SDT plugin against a real shared library: tests/fixtures/sdtapi/fake_sdtapi.c, compiled
// with gcc into a temporary folder at the start of the run and loaded through koffi exactly as
// the vendor's libsdtapi.so would be. The test sets the library's answers through a control
// function it exports (the same file is mapped once, so both share its state).
import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import koffi from 'koffi';
import { encodeCardText, samplePhoto, RESIDENT_ZHANG, RESIDENT_WANG, statusMessage } from '../../electron/common/idcard';
import { readLibraryHeader } from '../../electron/services/idcard/library-arch';
import { errorOf } from '../support/app';
import { openReaderApp, choose, read, failure, success, CHINESE, type ReaderApp } from './idcard-support';
import { tool } from '../support/tools';

const source = fileURLToPath(new URL('../fixtures/sdtapi/fake_sdtapi.c', import.meta.url));
let dir = '';
let library = '';
let noReadLibrary = '';
let library32: string | null = null;

interface Fake {
  configure(openPort: number, find: number, select: number, read: number, delayMs: number, requireLift: number): void;
  setCard(text: Uint8Array, photo: Uint8Array): void;
  replaceCard(): void;
  openCalls(): number;
  closeCalls(): number;
  isOpen(): number;
  lastIfOpen(): number;
}
let fake: Fake;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-sdt-'));
  library = path.join(dir, 'libsdtapi.so');
  noReadLibrary = path.join(dir, 'libnotsdt.so');
  execFileSync(tool('gcc'), ['-shared', '-fPIC', '-O1', '-Wall', '-Werror', '-o', library, source]);
  execFileSync(tool('gcc'), ['-shared', '-fPIC', '-DOMIT_READ_BASE_MSG', '-o', noReadLibrary, source]);
  try {
    // Without the C runtime: only the ELF class and machine matter, and multilib may be missing.
    const out = path.join(dir, 'libsdtapi32.so');
    execFileSync('gcc', ['-m32', '-shared', '-fPIC', '-nostdlib', '-DFAKE_SDT_FREESTANDING', '-o', out, source], { stdio: 'ignore' });
    library32 = out;
  } catch {
    library32 = null;
  }
  const lib = koffi.load(library);
  const configure = lib.func('void fake_sdt_configure(int, int, int, int, int, int)');
  const setCard = lib.func('void fake_sdt_set_card(const uint8_t *text, const uint8_t *photo)');
  const replaceCard = lib.func('void fake_sdt_replace_card(void)');
  const openCalls = lib.func('int fake_sdt_open_calls(void)');
  const closeCalls = lib.func('int fake_sdt_close_calls(void)');
  const isOpen = lib.func('int fake_sdt_is_open(void)');
  const lastIfOpen = lib.func('int fake_sdt_last_if_open(void)');
  fake = {
    configure: (...args) => configure(...args),
    setCard: (text, photo) => setCard(Buffer.from(text), Buffer.from(photo)),
    replaceCard: () => replaceCard(),
    openCalls: () => openCalls() as number,
    closeCalls: () => closeCalls() as number,
    isOpen: () => isOpen() as number,
    lastIfOpen: () => lastIfOpen() as number,
  };
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

let r: ReaderApp | undefined;
afterEach(() => {
  r?.close();
  r = undefined;
});

/** A reader on USB 1001 with 张喆's card on it, unless told otherwise. */
async function reader(options: { port?: number; find?: number; select?: number; read?: number; delayMs?: number; requireLift?: boolean; portSetting?: string } = {}): Promise<ReaderApp> {
  fake.configure(options.port ?? 1001, options.find ?? 0x9f, options.select ?? 0x90, options.read ?? 0x90, options.delayMs ?? 0, options.requireLift ? 1 : 0);
  fake.setCard(encodeCardText(RESIDENT_ZHANG), samplePhoto(3));
  const app = await openReaderApp();
  await choose(app, 'sdt', { libraryPath: library, port: options.portSetting ?? 'auto' });
  return app;
}

describe('SDT API through koffi, against a gcc-built libsdtapi.so', () => {
  it('finds the reader on USB 1001, reads the card and its photo, and closes the port', async () => {
    r = await reader();
    const result = success(await read(r));
    expect(result.card).toEqual(RESIDENT_ZHANG);
    expect(result.pluginName).toBe('SDT 通用接口(sdtapi.dll)');
    expect(result.photo?.format).toBe('wlt');
    expect(Buffer.from(result.photo!.base64, 'base64')).toEqual(Buffer.from(samplePhoto(3)));
    expect(result.checks).toMatchObject({ idNumberValid: true, birthDateMatches: true, sexMatches: true, expired: false });
    expect(fake.openCalls()).toBe(1);
    expect(fake.closeCalls()).toBe(1);
    expect(fake.isOpen()).toBe(0);
    // Port opened by SDT_OpenPort: the calls say so (iIfOpen = 0) instead of opening it again.
    expect(fake.lastIfOpen()).toBe(0);
  });

  it('scans USB 1001-1016 before serial 1-16, and tries the port that answered first next time', async () => {
    r = await reader({ port: 3 });
    expect(success(await read(r)).card.name).toBe(RESIDENT_ZHANG.name);
    expect(fake.openCalls()).toBe(16 + 3);
    fake.setCard(encodeCardText(RESIDENT_WANG), samplePhoto(4));
    expect(success(await read(r)).card).toEqual(RESIDENT_WANG);
    expect(fake.openCalls()).toBe(16 + 3 + 1);
  });

  it('says no reader is connected when no port opens, naming the ports it tried', async () => {
    r = await reader({ port: 0 });
    const result = failure(await read(r));
    expect(result.code).toBe('NOT_CONNECTED');
    expect(result.message).toBe('未找到身份证阅读器(已查找 USB 1001-1016 和串口 1-16):请检查读卡器的 USB 线和驱动程序');
    expect(fake.openCalls()).toBe(32);
  });

  it('uses the one port a manager set, and says when nothing answers there', async () => {
    r = await reader({ port: 1005, portSetting: '1005' });
    expect(success(await read(r)).card.name).toBe(RESIDENT_ZHANG.name);
    expect(fake.openCalls()).toBe(1);
    await choose(r, 'sdt', { libraryPath: library, port: '2' });
    const result = failure(await read(r));
    expect(result.message).toBe('端口 2 上没有身份证阅读器:请检查读卡器的连接,或把端口改为“自动查找”');
  });

  it('reports no card (0x80 on find) with what to do', async () => {
    r = await reader({ find: 0x80 });
    const result = failure(await read(r));
    expect(result.code).toBe('NO_CARD');
    expect(result.message).toBe('未找到身份证:请把证件放在读卡区;刚读过的证件请拿起后重新放置(状态码 0x80)');
    expect(fake.closeCalls()).toBe(1);
  });

  it('asks to lift and replace a card the reader will not find again, then reads it once replaced', async () => {
    r = await reader({ requireLift: true });
    success(await read(r));
    const again = failure(await read(r));
    expect(again.code).toBe('NO_CARD');
    expect(again.message).toContain('刚读过的证件请拿起后重新放置');
    fake.replaceCard();
    success(await read(r));
  });

  const cases: [number, 'select' | 'read', string, string][] = [
    [0x81, 'select', 'REPLACE_CARD', '选卡失败,请拿起证件重新放置(状态码 0x81)'],
    [0x01, 'read', 'NOT_CONNECTED', '读卡器端口未打开或端口号无效:请检查读卡器的连接后重试(状态码 0x01)'],
    [0x02, 'read', 'TIMEOUT', '读卡器接收超时:请检查读卡器的连接后重试(状态码 0x02)'],
    [0x03, 'read', 'PROTOCOL', '数据传输错误:请重试,多次出现请检查读卡器的连接线(状态码 0x03)'],
    [0x10, 'read', 'PROTOCOL', '读卡器收到的数据校验和错误:请重试,多次出现请检查读卡器的连接线(状态码 0x10)'],
    [0x11, 'read', 'PROTOCOL', '读卡器收到的数据长度错误:请重试,多次出现请检查读卡器的连接线(状态码 0x11)'],
    [0x21, 'read', 'PROTOCOL', '读卡器收到的命令错误:请重试,多次出现请检查读卡器的连接线(状态码 0x21)'],
    [0x23, 'read', 'DEVICE', '读卡器报告越权操作:请联系读卡器厂家(状态码 0x23)'],
    [0x24, 'read', 'DEVICE', '读卡器报告无法识别的错误:请拿起证件重新放置后再读,仍不行请拔插读卡器(状态码 0x24)'],
    [0x31, 'read', 'REPLACE_CARD', '身份证认证 SAM 失败:请拿起证件重新放置后再读(状态码 0x31)'],
    [0x32, 'read', 'REPLACE_CARD', 'SAM 认证身份证失败:请拿起证件重新放置后再读(状态码 0x32)'],
    [0x33, 'read', 'REPLACE_CARD', '身份证信息验证错误:请拿起证件重新放置后再读(状态码 0x33)'],
    [0x40, 'read', 'CARD_DATA', '无法识别的证件类型:请确认放的是二代身份证、港澳台居民居住证或外国人永久居留身份证(状态码 0x40)'],
    [0x41, 'read', 'REPLACE_CARD', '读卡失败:请拿起证件重新放置后再读(状态码 0x41)'],
    [0x47, 'read', 'REPLACE_CARD', '取随机数失败:请拿起证件重新放置后再读(状态码 0x47)'],
    [0x60, 'read', 'DEVICE', 'SAM 自检失败:请拔插读卡器后重试,仍不行请联系读卡器厂家(状态码 0x60)'],
    [0x66, 'read', 'DEVICE', 'SAM 未经授权,无法使用:请联系读卡器厂家(状态码 0x66)'],
    [0x77, 'read', 'DEVICE', '读卡器返回未知状态 0x77:请拿起证件重新放置后再读,仍不行请拔插读卡器(状态码 0x77)'],
  ];
  it.each(cases)('turns return code 0x%s of %s into a Chinese message', async (code, step, kind, message) => {
    r = await reader(step === 'select' ? { select: code } : { read: code });
    const result = failure(await read(r));
    expect([result.code, result.message]).toEqual([kind, message]);
    expect(CHINESE.test(result.message)).toBe(true);
    expect(fake.isOpen()).toBe(0);
    if (code !== 0x77) expect(message).toContain(statusMessage(code).replace(/,请重新放卡$/, '').slice(0, 4));
  });

  it('does not block the event loop while the library reads, and refuses a second read meanwhile', async () => {
    r = await reader({ delayMs: 400 });
    let ticks = 0;
    const timer = setInterval(() => { ticks += 1; }, 10);
    const started = Date.now();
    const first = read(r);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await errorOf(() => read(r!));
    expect([second.code, second.message]).toEqual(['CONFLICT', '正在读卡,请等这一次读卡完成']);
    const result = success(await first);
    clearInterval(timer);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(400);
    // A blocked loop would tick once or twice after the call; a free one about every 10 ms.
    expect(ticks).toBeGreaterThan(elapsed / 10 / 3);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(400);
  });

  it('reports card data the parser cannot read as such', async () => {
    r = await reader();
    const garbage = new Uint8Array(256).fill(0x41);
    fake.setCard(garbage, samplePhoto(1));
    const result = failure(await read(r));
    expect(result.code).toBe('CARD_DATA');
    expect(result.message).toBe('身份证信息无法解析:无法识别的证件类型。请拿起证件重新放置后再读');
  });
});

describe('a library that cannot be used gives a message, never a crash', () => {
  async function libraryError(libraryPath: string): Promise<string> {
    r = await openReaderApp();
    const result = failure(await r.t.call('idcard.test', { pluginId: 'sdt', settings: { libraryPath, port: 'auto' } }, r.manager));
    expect(result.code).toBe('LIBRARY');
    r.close();
    r = undefined;
    return result.message;
  }

  it('says where a missing library was looked for', async () => {
    const missing = path.join(dir, 'nowhere', 'sdtapi.so');
    expect(await libraryError(missing)).toBe(`找不到读卡器动态库 ${missing}:请检查设置中的路径,或重新安装读卡器驱动`);
    expect(await libraryError('libsdtapi-not-installed.so')).toMatch(/^找不到读卡器动态库 libsdtapi-not-installed\.so:请安装读卡器驱动,或在设置中填写它的完整路径(.+)$/);
  });

  it('names the SDT function a library lacks', async () => {
    expect(await libraryError(noReadLibrary)).toBe(`读卡器动态库 ${noReadLibrary} 中没有函数 SDT_ReadBaseMsg:它不是 SDT 通用接口库。请选择读卡器厂家提供的 libsdtapi.so,或改用其他读卡方式`);
  });

  // .ci/run installs gcc-multilib so that gcc can build the 32-bit library; without it this fails.
  it('explains a 32-bit library in the 64-bit app', async () => {
    expect(library32, 'gcc -m32 could not build the 32-bit library: install gcc-multilib').not.toBeNull();
    expect(process.arch).toBe('x64');
    expect(readLibraryHeader(library32!)).toEqual({ format: 'elf', arch: 'ia32', bits: 32 });
    expect(await libraryError(library32!)).toBe(`读卡器动态库 ${library32} 是32位(x86)的,本程序是64位(x64)的,无法加载:请向读卡器厂家索取64位(x64)的 libsdtapi.so,并在设置中填写它的路径`);
  });

  it('recognises a 32-bit Windows DLL from its PE header, whatever the language of the system', () => {
    const dll = Buffer.alloc(0x100);
    dll.write('MZ', 0, 'latin1');
    dll.writeUInt32LE(0x80, 0x3c);
    dll.write('PE\0\0', 0x80, 'latin1');
    dll.writeUInt16LE(0x014c, 0x84);
    const file = path.join(dir, 'sdtapi.dll');
    fs.writeFileSync(file, dll);
    expect(readLibraryHeader(file)).toEqual({ format: 'pe', arch: 'ia32', bits: 32 });
    dll.writeUInt16LE(0x8664, 0x84);
    fs.writeFileSync(file, dll);
    expect(readLibraryHeader(file)).toEqual({ format: 'pe', arch: 'x64', bits: 64 });
    expect(readLibraryHeader(library)).toEqual({ format: 'elf', arch: process.arch, bits: 64 });
  });

  it('says a file that is not a library is not one', async () => {
    const notLibrary = path.join(dir, 'readme.so');
    fs.writeFileSync(notLibrary, '这不是动态库\n');
    expect(await libraryError(notLibrary)).toMatch(new RegExp(`^${notLibrary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} 不是有效的读卡器动态库:请在设置中选择厂家提供的 libsdtapi\\.so(.+)$`));
  });
});
