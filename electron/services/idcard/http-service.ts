// Readers that ship a local HTTP service: ask it for the card and map its JSON answer onto the
// card's fields. The field mapping is a setting, so one plugin covers most vendors; the preset
// is the common `http://127.0.0.1:19196/readCard` shape (resultFlag, partyName, certNumber …).
import { compactDateToIso, NATIONS, nationCodeOf, normalizeNationCode, VALID_FOREVER, type IdCard, type Sex } from '../../common/idcard';
import { idCardSchema } from '../../common/contract-idcard';
import { readerError, type OpenOutcome, type ReadOutcome, type ReaderError, type ReaderPlugin, type ReaderSettings, type SettingField, type SettingsPreset } from './plugin';

/** The card fields a service's answer can be mapped onto, with their labels in 设置. */
export const MAPPING_KEYS = [
  { key: 'success', label: '成功标志' },
  { key: 'error', label: '错误信息' },
  { key: 'name', label: '姓名' },
  { key: 'sex', label: '性别' },
  { key: 'nation', label: '民族' },
  { key: 'birthDate', label: '出生日期' },
  { key: 'address', label: '住址' },
  { key: 'idNumber', label: '证件号码' },
  { key: 'issuer', label: '签发机关' },
  { key: 'validFrom', label: '有效期起' },
  { key: 'validTo', label: '有效期止' },
  { key: 'photo', label: '照片(base64)' },
  { key: 'cardType', label: '证件类型' },
  { key: 'passNumber', label: '通行证号码' },
  { key: 'issueCount', label: '签发次数' },
  { key: 'englishName', label: '英文姓名' },
  { key: 'nationality', label: '国籍' },
] as const;

export type MappingKey = (typeof MAPPING_KEYS)[number]['key'];
export type FieldMapping = Partial<Record<MappingKey, string>>;

export const PRESET_19196: { url: string; method: string; successValue: string; mapping: Record<MappingKey, string> } = {
  url: 'http://127.0.0.1:19196/readCard',
  method: 'GET',
  successValue: '0',
  mapping: {
    success: 'resultFlag',
    error: 'errorMsg',
    name: 'partyName',
    sex: 'gender',
    nation: 'nation',
    birthDate: 'bornDay',
    address: 'certAddress',
    idNumber: 'certNumber',
    issuer: 'certOrg',
    validFrom: 'effDate',
    validTo: 'expDate',
    photo: 'identityPic',
    cardType: 'certType',
    passNumber: '',
    issueCount: '',
    englishName: '',
    nationality: '',
  },
};

const settings: SettingField[] = [
  { key: 'url', label: '服务地址', type: 'text', default: PRESET_19196.url, maxLength: 500, placeholder: 'http://127.0.0.1:19196/readCard', help: '读卡器厂家读卡服务的地址;须在本机运行,联网解码的服务离线时无法使用' },
  { key: 'method', label: '请求方式', type: 'select', default: 'GET', options: [{ value: 'GET', label: 'GET' }, { value: 'POST', label: 'POST' }] },
  // Below the service's 15-second limit on a read, so this plugin's own message is the one shown.
  { key: 'timeoutMs', label: '超时(毫秒)', type: 'number', default: 5000, min: 500, max: 14000, step: 500 },
  { key: 'successValue', label: '成功标志的值', type: 'text', default: PRESET_19196.successValue, maxLength: 50, help: '应答中“成功标志”字段等于此值时为读卡成功;映射留空则不检查' },
  {
    key: 'mapping',
    label: '字段映射',
    type: 'mapping',
    default: { ...PRESET_19196.mapping },
    keys: MAPPING_KEYS.map((k) => ({ ...k })),
    help: '应答 JSON 中对应字段的名称;嵌套字段用点号分隔,如 data.name 或 data.0.name;留空表示没有此项',
  },
];

const presets: SettingsPreset[] = [
  { label: '通用接口 127.0.0.1:19196/readCard', settings: { url: PRESET_19196.url, method: PRESET_19196.method, successValue: PRESET_19196.successValue, mapping: { ...PRESET_19196.mapping } } },
];

/** A value at a dotted path (`data.card.name`, `list.0.name` or `list[0].name`). */
export function valueAt(root: unknown, path: string): unknown {
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.').filter((p) => p !== '');
  let current: unknown = root;
  for (const part of parts) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\u0000/g, '').trim();
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') return String(value);
  return '';
}

function sexOf(text: string): Sex | undefined {
  const t = text.trim().toLowerCase();
  if (['男', '男性', '1', 'm', 'male'].includes(t)) return '男';
  if (['女', '女性', '2', 'f', 'female'].includes(t)) return '女';
  return undefined;
}

/** Dates as services write them: 20150301, 2015-03-01, 2015.03.01, 2015/3/1, 2015年03月01日. */
export function isoDateOf(text: string): string | undefined {
  const t = text.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  const parts = compact ?? /^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$/.exec(t);
  if (!parts) return undefined;
  return compactDateToIso(`${parts[1]}${parts[2]!.padStart(2, '0')}${parts[3]!.padStart(2, '0')}`);
}

function validToOf(text: string): string | undefined {
  return /^(长期|long|forever)$/i.test(text.trim()) ? VALID_FOREVER : isoDateOf(text);
}

function cardTypeOf(declared: string, idNumber: string, englishName: string): IdCard['cardType'] {
  const t = declared.trim().toUpperCase();
  if (t === 'J' || t.includes('港澳台') || t.includes('居住证')) return 'hkmotw';
  if (t === 'Y') return 'foreigner2023';
  if (t === 'I' || t.includes('永久居留')) return /^9\d{16}[\dX]$/.test(idNumber) ? 'foreigner2023' : 'foreigner2017';
  if (/^8[123]0000\d{11}[\dX]$/i.test(idNumber)) return 'hkmotw';
  if (/^[A-Z]{3}\d{12}$/.test(idNumber)) return 'foreigner2017';
  if (/^9\d{16}[\dX]$/.test(idNumber) && englishName !== '') return 'foreigner2023';
  return 'resident';
}

function photoOf(value: unknown): Uint8Array | null {
  const text = textOf(value).replace(/^data:[^,]*,/, '').replace(/\s+/g, '');
  if (text === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === 0 ? null : new Uint8Array(bytes);
}

function looksLikeNoCard(message: string): boolean {
  return /寻卡|无卡|未放|放卡|放置|未检测到|没有.*证|no card/i.test(message);
}

/**
 * Maps a service's decoded JSON answer onto a card. Never throws: anything it cannot use is a
 * reader error that names the field.
 */
export function cardFromAnswer(answer: unknown, mapping: FieldMapping, successValue: string): ReadOutcome {
  try {
    if (answer === null || typeof answer !== 'object') return readerError('PROTOCOL', '读卡服务的应答不是 JSON 对象:请检查服务地址和字段映射');
    const get = (key: MappingKey): string => {
      const path = mapping[key];
      return path ? textOf(valueAt(answer, path)) : '';
    };
    if (mapping.success) {
      const flag = valueAt(answer, mapping.success);
      if (flag === undefined) return readerError('PROTOCOL', `读卡服务的应答中没有字段 ${mapping.success}:请检查字段映射`);
      if (textOf(flag) !== successValue) {
        const message = get('error') || `成功标志为 ${textOf(flag) || String(flag)}`;
        return readerError(looksLikeNoCard(message) ? 'NO_CARD' : 'DEVICE', `读卡服务报告读卡失败:${message}`);
      }
    }
    const missing = (label: string, key: MappingKey): ReadOutcome => readerError('CARD_DATA', `读卡服务的应答中${label}无效或缺失(字段 ${mapping[key] || '未映射'}):请检查字段映射`);
    const idNumber = get('idNumber').toUpperCase();
    if (idNumber === '') return missing('证件号码', 'idNumber');
    const englishName = get('englishName');
    const name = get('name');
    if (name === '' && englishName === '') return missing('姓名', 'name');
    const sex = sexOf(get('sex'));
    if (!sex) return missing('性别', 'sex');
    const birthDate = isoDateOf(get('birthDate'));
    if (!birthDate) return missing('出生日期', 'birthDate');
    let validFromText = get('validFrom');
    let validToText = get('validTo');
    // Some services give the validity as one field: 2015.03.01-2035.03.01.
    const range = /^(.+?)\s*[-~至]\s*(\d{4}.*|长期)$/.exec(validFromText);
    if (validToText === '' && range) {
      validFromText = range[1]!;
      validToText = range[2]!;
    }
    const validFrom = isoDateOf(validFromText);
    if (!validFrom) return missing('有效期起始日期', 'validFrom');
    const validTo = validToOf(validToText);
    if (!validTo) return missing('有效期截止日期', 'validTo');
    const cardType = cardTypeOf(get('cardType'), idNumber, englishName);
    const address = get('address');
    const issuer = get('issuer');
    let card: IdCard;
    switch (cardType) {
      case 'resident': {
        const nationText = get('nation');
        const code = /^\d{1,2}$/.test(nationText) ? normalizeNationCode(nationText) : nationCodeOf(nationText);
        const nation = code === undefined ? undefined : NATIONS.get(code);
        if (code === undefined || nation === undefined) {
          return readerError('CARD_DATA', `读卡服务的应答中民族“${nationText}”不在 GB/T 3304 民族代码表中:请检查字段映射`);
        }
        card = { cardType, name, sex, nationCode: code, nation, birthDate, address, idNumber, issuer, validFrom, validTo };
        break;
      }
      case 'hkmotw':
        card = { cardType, name, sex, birthDate, address, idNumber, issuer, validFrom, validTo, passNumber: get('passNumber'), issueCount: get('issueCount') };
        break;
      default:
        card = { cardType, name, sex, birthDate, idNumber, validFrom, validTo, englishName, nationality: get('nationality'), ...(issuer ? { issuer } : {}) };
    }
    const checked = idCardSchema.safeParse(card);
    if (!checked.success) return readerError('CARD_DATA', `读卡服务的应答中有字段过长或无效(${checked.error.issues[0]?.path.join('.') ?? ''}):请检查字段映射`);
    return { ok: true, card, photo: photoOf(mapping.photo ? valueAt(answer, mapping.photo) : undefined) };
  } catch {
    return readerError('PROTOCOL', '读卡服务的应答无法解析:请检查字段映射');
  }
}

/** Largest answer accepted: a card with a photo is a few tens of KB. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

async function readLimited(response: Response): Promise<Uint8Array | null> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** UTF-8 as JSON should be; some vendors' services still answer in GBK. */
function decodeAnswer(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(bytes);
  }
  return text.replace(/^\ufeff/, '');
}

function connectError(url: string, e: unknown, timeoutMs: number): ReaderError {
  const err = e as Error & { cause?: { code?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') {
    return { code: 'TIMEOUT', message: `读卡服务 ${url} 在 ${timeoutMs} 毫秒内没有应答:请确认读卡器已连接、读卡服务正常运行` };
  }
  const code = err.cause?.code ?? '';
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ECONNRESET') {
    return { code: 'NOT_CONNECTED', message: `无法连接读卡服务 ${url}(${code}):请确认读卡器厂家的读卡服务程序已启动,地址和端口正确` };
  }
  return { code: 'NOT_CONNECTED', message: `无法连接读卡服务 ${url}:${code || err.message}` };
}

export function createHttpPlugin(): ReaderPlugin {
  let current: ReaderSettings | null = null;
  return {
    id: 'http',
    name: '本地读卡服务(HTTP)',
    version: '1.0.0',
    description: '读卡器厂家在本机提供的读卡服务(如 http://127.0.0.1:19196/readCard),按字段映射取出证件信息。',
    settings,
    presets,
    async open(values: ReaderSettings): Promise<OpenOutcome> {
      const url = typeof values.url === 'string' ? values.url.trim() : '';
      if (!/^https?:\/\/[^\s]+$/i.test(url)) return readerError('CONFIG', '请在设置中填写读卡服务的地址(http:// 开头)');
      try {
        new URL(url);
      } catch {
        return readerError('CONFIG', `读卡服务地址无效:${url}`);
      }
      current = values;
      return { ok: true };
    },
    async read(): Promise<ReadOutcome> {
      const values = current;
      if (!values) return readerError('CONFIG', '读卡服务未设置');
      const url = String(values.url).trim();
      const timeoutMs = typeof values.timeoutMs === 'number' ? values.timeoutMs : 5000;
      const method = values.method === 'POST' ? 'POST' : 'GET';
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers: method === 'POST' ? { 'Content-Type': 'application/json' } : {},
          body: method === 'POST' ? '{}' : undefined,
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'error',
        });
      } catch (e) {
        return { ok: false, error: connectError(url, e, timeoutMs) };
      }
      let bytes: Uint8Array | null;
      try {
        bytes = await readLimited(response);
      } catch (e) {
        return { ok: false, error: connectError(url, e, timeoutMs) };
      }
      if (!response.ok) return readerError('PROTOCOL', `读卡服务返回 HTTP ${response.status}:请检查服务地址`);
      if (bytes === null) return readerError('PROTOCOL', '读卡服务的应答过大:请检查服务地址');
      let answer: unknown;
      try {
        answer = JSON.parse(decodeAnswer(bytes));
      } catch {
        return readerError('PROTOCOL', '读卡服务的应答不是 JSON:请检查服务地址');
      }
      const mapping = (typeof values.mapping === 'object' ? values.mapping : PRESET_19196.mapping) as FieldMapping;
      return cardFromAnswer(answer, mapping, typeof values.successValue === 'string' ? values.successValue : '0');
    },
    async close(): Promise<void> {
      current = null;
    },
  };
}
