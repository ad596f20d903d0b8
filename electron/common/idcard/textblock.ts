// The 256-byte text block of a Chinese second-generation ID card, as returned by the SAM module
// (SDT_ReadBaseMsg, or the 30 01 serial command): UCS-2 little-endian, each field padded with
// spaces. Four card types share the block; the type flag is the character at bytes 248-249.
// Pure TypeScript (Uint8Array, DataView, TextDecoder): no Node APIs, so it runs anywhere.

import { NATIONS } from './nations'

/** Size of the text block in bytes. */
export const CARD_TEXT_LENGTH = 256

export type CardType = 'resident' | 'hkmotw' | 'foreigner2017' | 'foreigner2023'
export type Sex = '男' | '女'

interface CardCommon {
  /** 姓名; for foreigner cards the Chinese name (may be empty when the card has none). */
  name: string
  sex: Sex
  /** YYYY-MM-DD */
  birthDate: string
  /** 公民身份号码; for foreigner cards the permanent residence number / ID number. */
  idNumber: string
  /** YYYY-MM-DD */
  validFrom: string
  /** YYYY-MM-DD or 长期 */
  validTo: string
}

/** 居民身份证 (type flag: space). */
export interface ResidentCard extends CardCommon {
  cardType: 'resident'
  /** Two digits, GB/T 3304, e.g. "01". */
  nationCode: string
  /** e.g. "汉" (without 族). */
  nation: string
  address: string
  issuer: string
}

/** 港澳台居民居住证 (type flag J). */
export interface HkMoTwCard extends CardCommon {
  cardType: 'hkmotw'
  address: string
  issuer: string
  /** 通行证号码, e.g. H12345678. */
  passNumber: string
  /** 签发次数, e.g. "01". */
  issueCount: string
}

/** 外国人永久居留身份证, 2017 version (type flag I). */
export interface Foreigner2017Card extends CardCommon {
  cardType: 'foreigner2017'
  englishName: string
  /** ISO 3166 alpha-3 code as on the card, e.g. "USA". */
  nationality: string
  /** 受理机关代码 (bytes 240-247); absent when blank. */
  issuer?: string
}

/** 外国人永久居留身份证, 2023 version (type flag Y). */
export interface Foreigner2023Card extends CardCommon {
  cardType: 'foreigner2023'
  englishName: string
  nationality: string
  /** 签发机关 (bytes 158-187); absent when blank. */
  issuer?: string
}

export type IdCard = ResidentCard | HkMoTwCard | Foreigner2017Card | Foreigner2023Card

export type CardParseErrorCode = 'LENGTH' | 'CARD_TYPE' | 'FIELD' | 'ENCODING'

export interface CardParseError {
  code: CardParseErrorCode
  /** A sentence in Chinese that a site office user can act on. */
  message: string
}

export type CardParseResult = { ok: true; card: IdCard } | { ok: false; error: CardParseError }

// ---------------------------------------------------------------------------------------------
// Layout

interface FieldSpec {
  offset: number
  length: number
}

const f = (offset: number, length: number): FieldSpec => ({ offset, length })

const TYPE_FLAG = f(248, 2)

/** Resident card and HK/Macao/Taiwan residence permit. */
const RESIDENT = {
  name: f(0, 30),
  sex: f(30, 2),
  nationCode: f(32, 4),
  birthDate: f(36, 16),
  address: f(52, 70),
  idNumber: f(122, 36),
  issuer: f(158, 30),
  validFrom: f(188, 16),
  validTo: f(204, 16),
  passNumber: f(220, 18),
  issueCount: f(238, 4),
} as const

const FOREIGNER_2017 = {
  englishName: f(0, 120),
  sex: f(120, 2),
  idNumber: f(122, 30),
  nationality: f(152, 6),
  name: f(158, 30),
  validFrom: f(188, 16),
  validTo: f(204, 16),
  birthDate: f(220, 16),
  version: f(236, 4),
  issuer: f(240, 8),
} as const

const FOREIGNER_2023 = {
  name: f(0, 30),
  sex: f(30, 2),
  renewalCount: f(32, 4),
  birthDate: f(36, 16),
  englishName: f(52, 70),
  idNumber: f(122, 36),
  issuer: f(158, 30),
  validFrom: f(188, 16),
  validTo: f(204, 16),
  englishNameMore: f(220, 22),
  nationality: f(242, 6),
  previousLink: f(250, 6),
} as const

const TYPE_FLAGS: Readonly<Record<CardType, number>> = {
  resident: 0x0020, // space
  hkmotw: 0x004a, // J
  foreigner2017: 0x0049, // I
  foreigner2023: 0x0059, // Y
}

/** Long-term validity as written on the card. */
export const VALID_FOREVER = '长期'

// ---------------------------------------------------------------------------------------------
// Decoding helpers

class FieldError {
  constructor(readonly code: CardParseErrorCode, readonly message: string) {}
}

const utf16 = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true })

const PADDING = /^[ \u0000]+|[ \u0000]+$/g
// Control characters, non-characters and lone surrogates do not occur on a genuine card.
const INVALID_CHARS = /[\u0000-\u001f\u007f\ufffe\uffff]/

function readRaw(bytes: Uint8Array, spec: FieldSpec, label: string): string {
  let text: string
  try {
    text = utf16.decode(bytes.subarray(spec.offset, spec.offset + spec.length))
  } catch {
    throw new FieldError('ENCODING', `${label}字段编码无效`)
  }
  return text
}

function clean(raw: string, label: string): string {
  const text = raw.replace(PADDING, '')
  if (INVALID_CHARS.test(text)) throw new FieldError('ENCODING', `${label}字段含有无效字符`)
  return text
}

function readText(bytes: Uint8Array, spec: FieldSpec, label: string): string {
  return clean(readRaw(bytes, spec, label), label)
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

/** YYYYMMDD → YYYY-MM-DD, or undefined when it is not a calendar date. */
export function compactDateToIso(text: string): string | undefined {
  const m = /^([0-9]{4})([0-9]{2})([0-9]{2})$/.exec(text)
  if (!m) return undefined
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  if (year < 1800 || year > 2199 || month < 1 || month > 12 || day < 1) return undefined
  const days = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1] ?? 0
  if (day > days) return undefined
  return `${m[1]}-${m[2]}-${m[3]}`
}

function readDate(bytes: Uint8Array, spec: FieldSpec, label: string): string {
  const iso = compactDateToIso(readText(bytes, spec, label))
  if (iso === undefined) throw new FieldError('FIELD', `${label}字段无效`)
  return iso
}

function readValidTo(bytes: Uint8Array, spec: FieldSpec): string {
  const text = readText(bytes, spec, '有效期截止日期')
  if (text === VALID_FOREVER) return VALID_FOREVER
  const iso = compactDateToIso(text)
  if (iso === undefined) throw new FieldError('FIELD', '有效期截止日期字段无效')
  return iso
}

function readSex(bytes: Uint8Array, spec: FieldSpec): Sex {
  const text = readText(bytes, spec, '性别')
  if (text === '1') return '男'
  if (text === '2') return '女'
  throw new FieldError('FIELD', '性别代码无效')
}

function requireText(value: string, message: string): string {
  if (value === '') throw new FieldError('FIELD', message)
  return value
}

// ---------------------------------------------------------------------------------------------
// Parsing

function parseResidentOrPermit(bytes: Uint8Array, cardType: 'resident' | 'hkmotw'): IdCard {
  const L = RESIDENT
  const name = requireText(readText(bytes, L.name, '姓名'), '姓名字段为空')
  const sex = readSex(bytes, L.sex)
  const birthDate = readDate(bytes, L.birthDate, '出生日期')
  const address = readText(bytes, L.address, '住址')
  const idNumber = requireText(readText(bytes, L.idNumber, '公民身份号码'), '公民身份号码字段为空')
  const issuer = readText(bytes, L.issuer, '签发机关')
  const validFrom = readDate(bytes, L.validFrom, '有效期起始日期')
  const validTo = readValidTo(bytes, L.validTo)
  if (cardType === 'resident') {
    const nationCode = readText(bytes, L.nationCode, '民族')
    const nation = NATIONS.get(nationCode)
    if (nation === undefined) throw new FieldError('FIELD', '民族代码无效')
    return { cardType, name, sex, nationCode, nation, birthDate, address, idNumber, issuer, validFrom, validTo }
  }
  const passNumber = readText(bytes, L.passNumber, '通行证号码')
  const issueCount = readText(bytes, L.issueCount, '签发次数')
  return { cardType, name, sex, birthDate, address, idNumber, issuer, validFrom, validTo, passNumber, issueCount }
}

function parseForeigner2017(bytes: Uint8Array): IdCard {
  const L = FOREIGNER_2017
  const englishName = readText(bytes, L.englishName, '英文姓名')
  const sex = readSex(bytes, L.sex)
  const idNumber = requireText(readText(bytes, L.idNumber, '永久居留证号码'), '永久居留证号码字段为空')
  const nationality = readText(bytes, L.nationality, '国籍')
  const name = readText(bytes, L.name, '中文姓名')
  if (name === '' && englishName === '') throw new FieldError('FIELD', '姓名字段为空')
  const validFrom = readDate(bytes, L.validFrom, '有效期起始日期')
  const validTo = readValidTo(bytes, L.validTo)
  const birthDate = readDate(bytes, L.birthDate, '出生日期')
  const issuer = readText(bytes, L.issuer, '受理机关代码')
  const card: Foreigner2017Card = {
    cardType: 'foreigner2017', name, sex, birthDate, idNumber, validFrom, validTo, englishName, nationality,
  }
  if (issuer !== '') card.issuer = issuer
  return card
}

function parseForeigner2023(bytes: Uint8Array): IdCard {
  const L = FOREIGNER_2023
  const name = readText(bytes, L.name, '中文姓名')
  const sex = readSex(bytes, L.sex)
  const birthDate = readDate(bytes, L.birthDate, '出生日期')
  // The English name runs on from bytes 52-121 into bytes 220-241 when it is longer than 35
  // characters, so join the raw fields before trimming.
  const englishName = clean(
    readRaw(bytes, L.englishName, '英文姓名') + readRaw(bytes, L.englishNameMore, '英文姓名'),
    '英文姓名',
  )
  if (name === '' && englishName === '') throw new FieldError('FIELD', '姓名字段为空')
  const idNumber = requireText(readText(bytes, L.idNumber, '证件号码'), '证件号码字段为空')
  const issuer = readText(bytes, L.issuer, '签发机关')
  const validFrom = readDate(bytes, L.validFrom, '有效期起始日期')
  const validTo = readValidTo(bytes, L.validTo)
  const nationality = readText(bytes, L.nationality, '国籍')
  const card: Foreigner2023Card = {
    cardType: 'foreigner2023', name, sex, birthDate, idNumber, validFrom, validTo, englishName, nationality,
  }
  if (issuer !== '') card.issuer = issuer
  return card
}

function cardTypeOf(flag: number): CardType | undefined {
  switch (flag) {
    case TYPE_FLAGS.resident:
    case 0x0000: // some readers zero-fill the reserved bytes of a resident card
      return 'resident'
    case TYPE_FLAGS.hkmotw:
      return 'hkmotw'
    case TYPE_FLAGS.foreigner2017:
      return 'foreigner2017'
    case TYPE_FLAGS.foreigner2023:
      return 'foreigner2023'
    default:
      return undefined
  }
}

function asBytes(input: unknown): Uint8Array | undefined {
  if (input instanceof Uint8Array) return input
  // A Uint8Array from another realm (e.g. across Electron IPC) fails instanceof.
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
  return undefined
}

/**
 * Parses the 256-byte text block of any of the four card types. Never throws: any problem is
 * returned as a typed error with a Chinese message.
 */
export function parseCardText(bytes: Uint8Array): CardParseResult {
  try {
    const data = asBytes(bytes)
    if (data === undefined) {
      return { ok: false, error: { code: 'LENGTH', message: '身份证文字信息不是字节数据' } }
    }
    if (data.byteLength !== CARD_TEXT_LENGTH) {
      return {
        ok: false,
        error: { code: 'LENGTH', message: `身份证文字信息应为256字节,实际为 ${data.byteLength} 字节` },
      }
    }
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
    const cardType = cardTypeOf(view.getUint16(TYPE_FLAG.offset, true))
    if (cardType === undefined) return { ok: false, error: { code: 'CARD_TYPE', message: '无法识别的证件类型' } }
    switch (cardType) {
      case 'resident':
      case 'hkmotw':
        return { ok: true, card: parseResidentOrPermit(data, cardType) }
      case 'foreigner2017':
        return { ok: true, card: parseForeigner2017(data) }
      case 'foreigner2023':
        return { ok: true, card: parseForeigner2023(data) }
    }
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, error: { code: e.code, message: e.message } }
    return { ok: false, error: { code: 'ENCODING', message: '身份证文字信息无法解析' } }
  }
}

// ---------------------------------------------------------------------------------------------
// Encoding (for the reader simulator and test fixtures)

function writeText(view: DataView, spec: FieldSpec, value: string, label: string): void {
  const max = spec.length / 2
  if (value.length > max) {
    throw new RangeError(`${label}过长: 最多 ${max} 个字符,实际为 ${value.length} 个`)
  }
  for (let i = 0; i < max; i++) {
    view.setUint16(spec.offset + i * 2, i < value.length ? value.charCodeAt(i) : 0x0020, true)
  }
}

function isoToCompact(date: string): string {
  return date === VALID_FOREVER ? date : date.replace(/-/g, '')
}

function sexCode(sex: Sex): string {
  return sex === '男' ? '1' : '2'
}

/**
 * Builds the 256-byte text block for a card: the inverse of parseCardText. Unused and reserved
 * fields are filled with spaces. Throws RangeError when a field does not fit its slot.
 */
export function encodeCardText(card: IdCard): Uint8Array {
  const bytes = new Uint8Array(CARD_TEXT_LENGTH)
  const view = new DataView(bytes.buffer)
  for (let i = 0; i < CARD_TEXT_LENGTH; i += 2) view.setUint16(i, 0x0020, true)
  view.setUint16(TYPE_FLAG.offset, TYPE_FLAGS[card.cardType], true)
  switch (card.cardType) {
    case 'resident':
    case 'hkmotw': {
      const L = RESIDENT
      writeText(view, L.name, card.name, '姓名')
      writeText(view, L.sex, sexCode(card.sex), '性别')
      if (card.cardType === 'resident') writeText(view, L.nationCode, card.nationCode, '民族代码')
      writeText(view, L.birthDate, isoToCompact(card.birthDate), '出生日期')
      writeText(view, L.address, card.address, '住址')
      writeText(view, L.idNumber, card.idNumber, '公民身份号码')
      writeText(view, L.issuer, card.issuer, '签发机关')
      writeText(view, L.validFrom, isoToCompact(card.validFrom), '有效期起始日期')
      writeText(view, L.validTo, isoToCompact(card.validTo), '有效期截止日期')
      if (card.cardType === 'hkmotw') {
        writeText(view, L.passNumber, card.passNumber, '通行证号码')
        writeText(view, L.issueCount, card.issueCount, '签发次数')
      }
      break
    }
    case 'foreigner2017': {
      const L = FOREIGNER_2017
      writeText(view, L.englishName, card.englishName, '英文姓名')
      writeText(view, L.sex, sexCode(card.sex), '性别')
      writeText(view, L.idNumber, card.idNumber, '永久居留证号码')
      writeText(view, L.nationality, card.nationality, '国籍')
      writeText(view, L.name, card.name, '中文姓名')
      writeText(view, L.validFrom, isoToCompact(card.validFrom), '有效期起始日期')
      writeText(view, L.validTo, isoToCompact(card.validTo), '有效期截止日期')
      writeText(view, L.birthDate, isoToCompact(card.birthDate), '出生日期')
      writeText(view, L.issuer, card.issuer ?? '', '受理机关代码')
      break
    }
    case 'foreigner2023': {
      const L = FOREIGNER_2023
      const firstPart = L.englishName.length / 2
      writeText(view, L.name, card.name, '中文姓名')
      writeText(view, L.sex, sexCode(card.sex), '性别')
      writeText(view, L.birthDate, isoToCompact(card.birthDate), '出生日期')
      if (card.englishName.length > firstPart + L.englishNameMore.length / 2) {
        throw new RangeError(`英文姓名过长: 最多 ${firstPart + L.englishNameMore.length / 2} 个字符`)
      }
      writeText(view, L.englishName, card.englishName.slice(0, firstPart), '英文姓名')
      writeText(view, L.englishNameMore, card.englishName.slice(firstPart), '英文姓名')
      writeText(view, L.idNumber, card.idNumber, '证件号码')
      writeText(view, L.issuer, card.issuer ?? '', '签发机关')
      writeText(view, L.validFrom, isoToCompact(card.validFrom), '有效期起始日期')
      writeText(view, L.validTo, isoToCompact(card.validTo), '有效期截止日期')
      writeText(view, L.nationality, card.nationality, '国籍')
      break
    }
  }
  return bytes
}
