// The vendor-neutral SDT API (sdtapi.dll on Windows, libsdtapi.so on Linux) through koffi: find
// the reader's port (USB 1001-1016, then serial 1-16), then find → select → read the card.
//
// Every native call goes through koffi's asynchronous form, which runs it on a worker thread: a
// read takes about a second and must not hold the main process (and so the window) meanwhile.
// Loading problems (no library, a 32-bit DLL in the 64-bit app, a library without the SDT
// functions) become messages that say what to do, never an exception out of the plugin.
import fs from 'node:fs';
import path from 'node:path';
import { CARD_PHOTO_LENGTH, CARD_TEXT_LENGTH } from '../../common/idcard';
import { cardFromText, readerError, type OpenOutcome, type ReadOutcome, type ReaderError, type ReaderPlugin, type ReaderSettings, type SettingField } from './plugin';
import { archLabel, readLibraryHeader } from './library-arch';
import { statusError } from './status';

const USB_PORTS = Array.from({ length: 16 }, (_, i) => 1001 + i);
const SERIAL_PORTS = Array.from({ length: 16 }, (_, i) => 1 + i);
/** USB first: almost every reader sold today is a USB one, and serial probing is slower. */
export const SDT_SCAN_ORDER: readonly number[] = [...USB_PORTS, ...SERIAL_PORTS];

const OK = 0x90;
const CARD_FOUND = 0x9f;

export function defaultLibraryName(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'sdtapi.dll' : 'libsdtapi.so';
}

const settings: SettingField[] = [
  {
    key: 'libraryPath',
    label: '动态库路径',
    type: 'text',
    default: '',
    maxLength: 500,
    placeholder: `留空则使用系统中的 ${defaultLibraryName()}`,
    help: '读卡器驱动附带的 sdtapi.dll(Linux 为 libsdtapi.so)的完整路径;须与本程序同为64位',
  },
  {
    key: 'port',
    label: '端口',
    type: 'select',
    default: 'auto',
    options: [
      { value: 'auto', label: '自动查找(先 USB 1001-1016,再串口 1-16)' },
      ...USB_PORTS.map((p) => ({ value: String(p), label: `USB ${p}` })),
      ...SERIAL_PORTS.map((p) => ({ value: String(p), label: `串口 COM${p}` })),
    ],
  },
];

/** The SDT functions, each answering a Promise of its return code. */
interface SdtApi {
  openPort(port: number): Promise<number>;
  closePort(port: number): Promise<number>;
  findCard(port: number): Promise<number>;
  selectCard(port: number): Promise<number>;
  readBaseMsg(port: number): Promise<{ code: number; text: Uint8Array; photo: Uint8Array }>;
}

interface NativeFunction {
  async: (...args: unknown[]) => unknown;
}

function callAsync(fn: NativeFunction, ...args: unknown[]): Promise<number> {
  return new Promise((resolve, reject) => {
    fn.async(...args, (err: unknown, result: unknown) => {
      if (err) reject(err instanceof Error ? err : new Error(String(err)));
      else resolve(Number(result));
    });
  });
}

type LoadResult = { ok: true; api: SdtApi } | { ok: false; error: ReaderError };

const FUNCTIONS = {
  SDT_OpenPort: 'int __stdcall SDT_OpenPort(int iPort)',
  SDT_ClosePort: 'int __stdcall SDT_ClosePort(int iPort)',
  SDT_StartFindIDCard: 'int __stdcall SDT_StartFindIDCard(int iPort, _Out_ uint8_t *pucIIN, int iIfOpen)',
  SDT_SelectIDCard: 'int __stdcall SDT_SelectIDCard(int iPort, _Out_ uint8_t *pucSN, int iIfOpen)',
  SDT_ReadBaseMsg: 'int __stdcall SDT_ReadBaseMsg(int iPort, _Out_ uint8_t *pucCHMsg, _Out_ uint32_t *puiCHMsgLen, _Out_ uint8_t *pucPHMsg, _Out_ uint32_t *puiPHMsgLen, int iIfOpen)',
} as const;

/** Libraries stay loaded once loaded: unloading one while a koffi worker may still use it crashes. */
const loaded = new Map<string, SdtApi>();

function isBareName(file: string): boolean {
  return !file.includes('/') && !file.includes('\\');
}

/** Loads the library and binds the SDT functions, or says in Chinese why it cannot. */
export async function loadSdtLibrary(configured: string): Promise<LoadResult> {
  const file = configured.trim() === '' ? defaultLibraryName() : configured.trim();
  const cached = loaded.get(file);
  if (cached) return { ok: true, api: cached };
  const fail = (message: string): LoadResult => ({ ok: false, error: { code: 'LIBRARY', message } });

  if (!isBareName(file)) {
    if (!fs.existsSync(file)) return fail(`找不到读卡器动态库 ${file}:请检查设置中的路径,或重新安装读卡器驱动`);
    const header = readLibraryHeader(file);
    if (header && header.arch !== process.arch) {
      return fail(`读卡器动态库 ${file} 是${archLabel(header.arch)}的,本程序是${archLabel(process.arch)}的,无法加载:`
        + `请向读卡器厂家索取${archLabel(process.arch)}的 ${defaultLibraryName()},并在设置中填写它的路径`);
    }
  }

  let koffi: typeof import('koffi');
  try {
    koffi = await import('koffi');
  } catch {
    return fail('读卡组件(koffi)无法加载:请重新安装本程序');
  }

  if (process.platform === 'win32' && !isBareName(file)) {
    // A vendor DLL loads its companions (WltRS.dll, termb.dll …) by bare name: let Windows find
    // them in the same folder.
    const dir = path.dirname(path.resolve(file));
    const current = process.env.PATH ?? '';
    if (!current.split(';').includes(dir)) process.env.PATH = `${dir};${current}`;
  }

  let lib: ReturnType<typeof koffi.load>;
  try {
    lib = koffi.load(file);
  } catch (e) {
    const detail = (e as Error).message.replace(/^Failed to load shared library:\s*/, '');
    if (isBareName(file)) {
      return fail(`找不到读卡器动态库 ${file}:请安装读卡器驱动,或在设置中填写它的完整路径(${detail})`);
    }
    if (process.platform === 'win32') {
      return fail(`读卡器动态库 ${file} 无法加载:它依赖的其他 DLL 缺失或不是64位版本(Windows 错误 126/193)。`
        + `请把厂家提供的全部 DLL 放在同一文件夹,或重新安装读卡器驱动(${detail})`);
    }
    const missingDependency = /cannot open shared object file/.test(detail);
    return fail(missingDependency
      ? `读卡器动态库 ${file} 依赖的其他库缺失:请安装厂家提供的全部库文件(${detail})`
      : `${file} 不是有效的读卡器动态库:请在设置中选择厂家提供的 ${defaultLibraryName()}(${detail})`);
  }

  const bound: Partial<Record<keyof typeof FUNCTIONS, NativeFunction>> = {};
  for (const [name, prototype] of Object.entries(FUNCTIONS) as [keyof typeof FUNCTIONS, string][]) {
    try {
      bound[name] = lib.func(prototype) as NativeFunction;
    } catch {
      return fail(`读卡器动态库 ${file} 中没有函数 ${name}:它不是 SDT 通用接口库。请选择读卡器厂家提供的 ${defaultLibraryName()},或改用其他读卡方式`);
    }
  }
  const fns = bound as Record<keyof typeof FUNCTIONS, NativeFunction>;
  const api: SdtApi = {
    openPort: (port) => callAsync(fns.SDT_OpenPort, port),
    closePort: (port) => callAsync(fns.SDT_ClosePort, port),
    // The IIN and SN outputs are 4 and 8 bytes; generous buffers cost nothing and survive a
    // library that writes a few more.
    findCard: (port) => callAsync(fns.SDT_StartFindIDCard, port, Buffer.alloc(64), 0),
    selectCard: (port) => callAsync(fns.SDT_SelectIDCard, port, Buffer.alloc(64), 0),
    readBaseMsg: async (port) => {
      // Larger than the documented 256 and 1024 bytes: some libraries also return fingerprints.
      const text = Buffer.alloc(1024);
      const photo = Buffer.alloc(4096);
      const textLength = new Uint32Array(1);
      const photoLength = new Uint32Array(1);
      const code = await callAsync(fns.SDT_ReadBaseMsg, port, text, textLength, photo, photoLength, 0);
      const t = Math.min(textLength[0] ?? 0, text.length);
      const p = Math.min(photoLength[0] ?? 0, photo.length);
      return { code, text: new Uint8Array(text.subarray(0, t)), photo: new Uint8Array(photo.subarray(0, p)) };
    },
  };
  loaded.set(file, api);
  return { ok: true, api };
}

export function createSdtPlugin(): ReaderPlugin {
  let api: SdtApi | null = null;
  let port: number | null = null;
  let portSetting = 'auto';
  /** The port that answered last time: tried first, so a read does not rescan 32 ports. */
  let lastPort: number | null = null;
  /** A native call still running after the service gave up on it (a hung reader). */
  let inFlight = 0;

  async function native<T>(call: () => Promise<T>): Promise<T> {
    inFlight += 1;
    try {
      return await call();
    } finally {
      inFlight -= 1;
    }
  }

  return {
    id: 'sdt',
    name: 'SDT 通用接口(sdtapi.dll)',
    version: '1.0.0',
    description: '大多数二代证阅读器(华视、神思、精伦、新中新等)随驱动提供的通用接口库 sdtapi.dll。',
    settings,
    async open(values: ReaderSettings): Promise<OpenOutcome> {
      if (inFlight > 0) return readerError('DEVICE', '上一次读卡仍未结束,读卡器没有响应:请拔下读卡器的 USB 线再插上,稍候重试');
      const loadedLib = await loadSdtLibrary(typeof values.libraryPath === 'string' ? values.libraryPath : '');
      if (!loadedLib.ok) return loadedLib;
      api = loadedLib.api;
      portSetting = typeof values.port === 'string' ? values.port : 'auto';
      const candidates = portSetting === 'auto'
        ? [...(lastPort === null ? [] : [lastPort]), ...SDT_SCAN_ORDER.filter((p) => p !== lastPort)]
        : [Number(portSetting)];
      const sdt = api;
      for (const candidate of candidates) {
        const code = await native(() => sdt.openPort(candidate));
        if (code === OK) {
          port = candidate;
          lastPort = candidate;
          return { ok: true };
        }
      }
      return readerError('NOT_CONNECTED', portSetting === 'auto'
        ? '未找到身份证阅读器(已查找 USB 1001-1016 和串口 1-16):请检查读卡器的 USB 线和驱动程序'
        : `端口 ${portSetting} 上没有身份证阅读器:请检查读卡器的连接,或把端口改为“自动查找”`);
    },
    async read(): Promise<ReadOutcome> {
      const sdt = api;
      const p = port;
      if (!sdt || p === null) return readerError('NOT_CONNECTED', '读卡器端口未打开');
      const find = await native(() => sdt.findCard(p));
      if (find !== CARD_FOUND) return { ok: false, error: statusError(find, 'find') };
      const select = await native(() => sdt.selectCard(p));
      if (select !== OK) return { ok: false, error: statusError(select, 'select') };
      const read = await native(() => sdt.readBaseMsg(p));
      if (read.code !== OK) return { ok: false, error: statusError(read.code, 'read') };
      const text = read.text.length > CARD_TEXT_LENGTH ? read.text.subarray(0, CARD_TEXT_LENGTH) : read.text;
      const photo = read.photo.length === 0 ? null : read.photo.subarray(0, Math.min(read.photo.length, CARD_PHOTO_LENGTH));
      return cardFromText(text, photo);
    },
    async close(): Promise<void> {
      const sdt = api;
      const p = port;
      port = null;
      if (!sdt || p === null) return;
      try {
        await native(() => sdt.closePort(p));
      } catch {
        // Closing a port the reader already dropped is not worth a message.
      }
    },
  };
}
