// 公民身份号码 (GB 11643-1999) parsing and validation, plus small helpers for
// masking ID numbers and checking mobile numbers.
// Pure TypeScript without imports: shared by the Vue renderer and the Node services.

export type IdNumberKind = 'resident' | 'hk' | 'macao' | 'taiwan'

export interface ParsedIdNumber {
  /** Normalised 18-character number, check character X in upper case. */
  idNumber: string
  /** The input after trimming, as the user typed it. */
  original: string
  /** True when the input was a legacy 15-digit number. */
  converted15: boolean
  /** 6-digit area code. */
  areaCode: string
  /** YYYY-MM-DD */
  birthDate: string
  sex: '男' | '女'
  kind: IdNumberKind
}

export type IdNumberErrorCode =
  | 'EMPTY'
  | 'LENGTH'
  | 'CHARACTERS'
  | 'AREA'
  | 'BIRTH_DATE'
  | 'CHECK_CHARACTER'

export interface IdNumberError {
  code: IdNumberErrorCode
  message: string
}

export type IdNumberResult =
  | { ok: true; value: ParsedIdNumber }
  | { ok: false; error: IdNumberError }

export interface ParseIdNumberOptions {
  /** "Today" as YYYY-MM-DD; defaults to the current local date. */
  today?: string
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
// Index = weighted sum mod 11.
const CHECK_CHARS = '10X98765432'

const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71',
  '81', '82', '83',
  '91',
])

const MIN_BIRTH_DATE = '1900-01-01'

/**
 * Check character for the first 17 digits of an ID number.
 * Throws when the argument is not exactly 17 digits, since that is a programming error.
 */
export function computeCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new Error(`computeCheckCharacter expects 17 digits, got "${first17}"`)
  }
  let sum = 0
  WEIGHTS.forEach((weight, i) => {
    sum += (first17.charCodeAt(i) - 48) * weight
  })
  return CHECK_CHARS.charAt(sum % 11)
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

function localToday(): string {
  const d = new Date()
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`
}

function kindOf(areaCode: string): IdNumberKind {
  switch (areaCode) {
    case '810000':
      return 'hk'
    case '820000':
      return 'macao'
    case '830000':
      return 'taiwan'
    default:
      return 'resident'
  }
}

function fail(code: IdNumberErrorCode, message: string): IdNumberResult {
  return { ok: false, error: { code, message } }
}

export function parseIdNumber(raw: string, options: ParseIdNumberOptions = {}): IdNumberResult {
  const original = (raw ?? '').trim()
  if (original === '') {
    return fail('EMPTY', '身份证号不能为空')
  }

  const upper = original.toUpperCase()
  if (!/^[0-9X]+$/.test(upper)) {
    return fail('CHARACTERS', '身份证号含有非法字符,只能是数字和末位的 X')
  }
  if (upper.length !== 18 && upper.length !== 15) {
    return fail('LENGTH', `身份证号应为18位(或15位旧号码),当前为${upper.length}位`)
  }
  const digitsPattern = upper.length === 18 ? /^\d{17}[\dX]$/ : /^\d{15}$/
  if (!digitsPattern.test(upper)) {
    return fail(
      'CHARACTERS',
      upper.length === 18
        ? '身份证号含有非法字符,X 只能出现在末位'
        : '身份证号含有非法字符,15位旧号码只能是数字',
    )
  }

  const converted15 = upper.length === 15
  const first17 = converted15 ? `${upper.slice(0, 6)}19${upper.slice(6, 15)}` : upper.slice(0, 17)

  const areaCode = first17.slice(0, 6)
  if (areaCode.startsWith('0') || !PROVINCE_CODES.has(areaCode.slice(0, 2))) {
    return fail('AREA', `身份证号前6位地区码 ${areaCode} 无效`)
  }

  const year = Number(first17.slice(6, 10))
  const month = Number(first17.slice(10, 12))
  const day = Number(first17.slice(12, 14))
  const birthDate = `${first17.slice(6, 10)}-${first17.slice(10, 12)}-${first17.slice(12, 14)}`
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return fail('BIRTH_DATE', `身份证号中的出生日期 ${birthDate} 不存在`)
  }
  // Fixed-width YYYY-MM-DD strings compare correctly as plain strings.
  if (birthDate < MIN_BIRTH_DATE) {
    return fail('BIRTH_DATE', `身份证号中的出生日期 ${birthDate} 早于1900年`)
  }
  const today = options.today ?? localToday()
  if (birthDate > today) {
    return fail('BIRTH_DATE', '出生日期不能晚于今天')
  }

  const expected = computeCheckCharacter(first17)
  if (!converted15) {
    const actual = upper.charAt(17)
    if (actual !== expected) {
      return fail('CHECK_CHARACTER', `身份证号校验位错误:应为 ${expected},实际为 ${actual}`)
    }
  }

  const sequence = Number(first17.slice(14, 17))
  return {
    ok: true,
    value: {
      idNumber: first17 + expected,
      original,
      converted15,
      areaCode,
      birthDate,
      sex: sequence % 2 === 1 ? '男' : '女',
      kind: kindOf(areaCode),
    },
  }
}

/** Keeps the first 3 and last 3 characters and replaces the rest with `*`. */
export function maskIdNumber(id: string): string {
  if (id.length <= 6) return '*'.repeat(id.length)
  return id.slice(0, 3) + '*'.repeat(id.length - 6) + id.slice(-3)
}

export function isMobilePhone(s: string): boolean {
  return /^1[3-9]\d{9}$/.test(s)
}

export function mobilePhoneError(s: string): string | null {
  return isMobilePhone(s) ? null : '手机号应为11位数字,以13-19开头'
}
