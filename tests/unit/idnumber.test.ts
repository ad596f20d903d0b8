import { describe, it, expect } from 'vitest'
import {
  computeCheckCharacter,
  isMobilePhone,
  maskIdNumber,
  mobilePhoneError,
  parseIdNumber,
  type IdNumberErrorCode,
  type ParsedIdNumber,
} from '../../electron/common/idnumber'

// Check characters below were computed with an independent script, not by this module.
const TODAY = '2025-06-01'

interface ValidCase {
  name: string
  input: string
  expected: Omit<ParsedIdNumber, 'original'>
}

const validCases: ValidCase[] = [
  {
    name: '18 digits, digit check character',
    input: '110101198001010010',
    expected: {
      idNumber: '110101198001010010',
      converted15: false,
      areaCode: '110101',
      birthDate: '1980-01-01',
      sex: '男',
      kind: 'resident',
    },
  },
  {
    name: 'check character X (upper case)',
    input: '31010419900307123X',
    expected: {
      idNumber: '31010419900307123X',
      converted15: false,
      areaCode: '310104',
      birthDate: '1990-03-07',
      sex: '男',
      kind: 'resident',
    },
  },
  {
    name: 'check character x (lower case) is normalised',
    input: '31010419900307123x',
    expected: {
      idNumber: '31010419900307123X',
      converted15: false,
      areaCode: '310104',
      birthDate: '1990-03-07',
      sex: '男',
      kind: 'resident',
    },
  },
  {
    name: 'female with X check character, surrounding whitespace trimmed',
    input: '  11010519491231002x \t',
    expected: {
      idNumber: '11010519491231002X',
      converted15: false,
      areaCode: '110105',
      birthDate: '1949-12-31',
      sex: '女',
      kind: 'resident',
    },
  },
  {
    name: 'another digit check character',
    input: '320583199208154564',
    expected: {
      idNumber: '320583199208154564',
      converted15: false,
      areaCode: '320583',
      birthDate: '1992-08-15',
      sex: '女',
      kind: 'resident',
    },
  },
  {
    name: 'legacy 15 digits, odd sequence is male',
    input: '110101800101001',
    expected: {
      idNumber: '110101198001010010',
      converted15: true,
      areaCode: '110101',
      birthDate: '1980-01-01',
      sex: '男',
      kind: 'resident',
    },
  },
  {
    name: 'legacy 15 digits, even sequence is female',
    input: '310104750612002',
    expected: {
      idNumber: '310104197506120022',
      converted15: true,
      areaCode: '310104',
      birthDate: '1975-06-12',
      sex: '女',
      kind: 'resident',
    },
  },
  {
    name: 'legacy 15 digits, sequence 015 is male',
    input: '440304661231015',
    expected: {
      idNumber: '440304196612310159',
      converted15: true,
      areaCode: '440304',
      birthDate: '1966-12-31',
      sex: '男',
      kind: 'resident',
    },
  },
  {
    name: 'Feb 29 2000 (divisible by 400: leap)',
    input: '440304200002290014',
    expected: {
      idNumber: '440304200002290014',
      converted15: false,
      areaCode: '440304',
      birthDate: '2000-02-29',
      sex: '男',
      kind: 'resident',
    },
  },
  {
    name: 'Feb 29 2020 (leap)',
    input: '310115202002290020',
    expected: {
      idNumber: '310115202002290020',
      converted15: false,
      areaCode: '310115',
      birthDate: '2020-02-29',
      sex: '女',
      kind: 'resident',
    },
  },
  {
    name: 'Feb 29 1996 (leap)',
    input: '110101199602290032',
    expected: {
      idNumber: '110101199602290032',
      converted15: false,
      areaCode: '110101',
      birthDate: '1996-02-29',
      sex: '男',
      kind: 'resident',
    },
  },
  {
    name: 'earliest allowed birth date 1900-01-01',
    input: '110101190001010014',
    expected: {
      idNumber: '110101190001010014',
      converted15: false,
      areaCode: '110101',
      birthDate: '1900-01-01',
      sex: '男',
      kind: 'resident',
    },
  },
  {
    name: 'born today is allowed',
    input: '110101202506010023',
    expected: {
      idNumber: '110101202506010023',
      converted15: false,
      areaCode: '110101',
      birthDate: '2025-06-01',
      sex: '女',
      kind: 'resident',
    },
  },
  {
    name: 'Hong Kong residence permit 810000',
    input: '810000199001010019',
    expected: {
      idNumber: '810000199001010019',
      converted15: false,
      areaCode: '810000',
      birthDate: '1990-01-01',
      sex: '男',
      kind: 'hk',
    },
  },
  {
    name: 'Macao residence permit 820000',
    input: '820000198512120022',
    expected: {
      idNumber: '820000198512120022',
      converted15: false,
      areaCode: '820000',
      birthDate: '1985-12-12',
      sex: '女',
      kind: 'macao',
    },
  },
  {
    name: 'Taiwan residence permit 830000',
    input: '830000197007070033',
    expected: {
      idNumber: '830000197007070033',
      converted15: false,
      areaCode: '830000',
      birthDate: '1970-07-07',
      sex: '男',
      kind: 'taiwan',
    },
  },
  {
    name: 'province 65 (Xinjiang)',
    input: '650102199001010017',
    expected: {
      idNumber: '650102199001010017',
      converted15: false,
      areaCode: '650102',
      birthDate: '1990-01-01',
      sex: '男',
      kind: 'resident',
    },
  },
  {
    name: 'province 91',
    input: '910000199001010012',
    expected: {
      idNumber: '910000199001010012',
      converted15: false,
      areaCode: '910000',
      birthDate: '1990-01-01',
      sex: '男',
      kind: 'resident',
    },
  },
]

interface InvalidCase {
  name: string
  input: string
  code: IdNumberErrorCode
  /** Substrings the message must contain. */
  message: string[]
}

const invalidCases: InvalidCase[] = [
  { name: 'empty string', input: '', code: 'EMPTY', message: ['不能为空'] },
  { name: 'whitespace only', input: '   ', code: 'EMPTY', message: ['不能为空'] },
  {
    name: '17 digits',
    input: '11010119800101001',
    code: 'LENGTH',
    message: ['身份证号应为18位(或15位旧号码),当前为17位'],
  },
  {
    name: '19 digits',
    input: '1101011980010100100',
    code: 'LENGTH',
    message: ['当前为19位'],
  },
  {
    name: '16 digits',
    input: '1101018001010011',
    code: 'LENGTH',
    message: ['当前为16位'],
  },
  {
    name: 'letter inside',
    input: '1101011980A1010010',
    code: 'CHARACTERS',
    message: ['身份证号含有非法字符'],
  },
  {
    name: 'X not at the end',
    input: '11010119800101X010',
    code: 'CHARACTERS',
    message: ['身份证号含有非法字符'],
  },
  {
    name: 'X in a 15-digit number',
    input: '11010180010100X',
    code: 'CHARACTERS',
    message: ['身份证号含有非法字符'],
  },
  {
    name: 'inner space',
    input: '110101 198001010010',
    code: 'CHARACTERS',
    message: ['身份证号含有非法字符'],
  },
  {
    name: 'full-width digits',
    input: '１１０１０１１９８００１０１００１０',
    code: 'CHARACTERS',
    message: ['身份证号含有非法字符'],
  },
  {
    name: 'area code starting with 00',
    input: '00010119900101001X',
    code: 'AREA',
    message: ['000101'],
  },
  {
    name: 'area code with unknown province 99',
    input: '990101199001010019',
    code: 'AREA',
    message: ['990101'],
  },
  {
    name: 'Feb 29 2019 (not leap)',
    input: '110101201902290018',
    code: 'BIRTH_DATE',
    message: ['身份证号中的出生日期 2019-02-29 不存在'],
  },
  {
    name: 'Feb 29 1900 (divisible by 100 but not 400: not leap)',
    input: '110101190002290011',
    code: 'BIRTH_DATE',
    message: ['1900-02-29', '不存在'],
  },
  {
    name: 'month 13',
    input: '110101199013010012',
    code: 'BIRTH_DATE',
    message: ['1990-13-01', '不存在'],
  },
  {
    name: 'April 31',
    input: '110101199004310013',
    code: 'BIRTH_DATE',
    message: ['1990-04-31', '不存在'],
  },
  {
    name: 'day 00',
    input: '11010119900100001X',
    code: 'BIRTH_DATE',
    message: ['1990-01-00', '不存在'],
  },
  {
    name: 'legacy 15 digits with Feb 30',
    input: '110101800230001',
    code: 'BIRTH_DATE',
    message: ['1980-02-30', '不存在'],
  },
  {
    name: 'before 1900',
    input: '11010118991231001X',
    code: 'BIRTH_DATE',
    message: ['1899-12-31'],
  },
  {
    name: 'future birth date',
    input: '110101203001010014',
    code: 'BIRTH_DATE',
    message: ['出生日期不能晚于今天'],
  },
  {
    name: 'born tomorrow',
    input: '110101202506020029',
    code: 'BIRTH_DATE',
    message: ['出生日期不能晚于今天'],
  },
  {
    name: 'wrong check character (digit instead of 0)',
    input: '110101198001010015',
    code: 'CHECK_CHARACTER',
    message: ['身份证号校验位错误:应为 0,实际为 5'],
  },
  {
    name: 'wrong check character (digit instead of X)',
    input: '310104199003071235',
    code: 'CHECK_CHARACTER',
    message: ['身份证号校验位错误:应为 X,实际为 5'],
  },
  {
    name: 'wrong check character (X instead of digit)',
    input: '11010119800101001x',
    code: 'CHECK_CHARACTER',
    message: ['应为 0', '实际为 X'],
  },
  {
    name: 'wrong check character on a residence permit',
    input: '810000199001010010',
    code: 'CHECK_CHARACTER',
    message: ['应为 9', '实际为 0'],
  },
]

describe('parseIdNumber: valid numbers', () => {
  it.each(validCases)('$name: $input', ({ input, expected }) => {
    const result = parseIdNumber(input, { today: TODAY })
    expect(result).toEqual({ ok: true, value: { ...expected, original: input.trim() } })
  })
})

describe('parseIdNumber: invalid numbers', () => {
  it.each(invalidCases)('$name: "$input" → $code', ({ input, code, message }) => {
    const result = parseIdNumber(input, { today: TODAY })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe(code)
    for (const part of message) {
      expect(result.error.message).toContain(part)
    }
  })
})

describe('parseIdNumber: today', () => {
  it('defaults to the current local date', () => {
    const future = parseIdNumber('110101209901010017')
    expect(future.ok).toBe(false)
    if (!future.ok) expect(future.error.code).toBe('BIRTH_DATE')
    expect(parseIdNumber('110101198001010010').ok).toBe(true)
  })

  it('accepts a number once its birth date has passed the injected today', () => {
    expect(parseIdNumber('110101203001010014', { today: '2030-01-01' }).ok).toBe(true)
    expect(parseIdNumber('110101203001010014', { today: '2029-12-31' }).ok).toBe(false)
  })
})

describe('computeCheckCharacter', () => {
  it.each([
    ['11010119900101000', '7'],
    ['11010119900101001', '5'],
    ['11010119900101002', '3'],
    ['11010119900101003', '1'],
    ['11010119900101004', 'X'],
    ['11010119900101005', '8'],
    ['11010119900101006', '6'],
    ['11010119900101007', '4'],
    ['11010119900101008', '2'],
    ['11010119900101009', '0'],
    ['31010419900307123', 'X'],
  ])('%s → %s', (first17, check) => {
    expect(computeCheckCharacter(first17)).toBe(check)
  })

  it('rejects input that is not 17 digits', () => {
    expect(() => computeCheckCharacter('1101011990010100')).toThrow()
    expect(() => computeCheckCharacter('1101011990010100A')).toThrow()
  })
})

describe('maskIdNumber', () => {
  it.each([
    ['342199001011234001', '342************001'],
    ['31010419900307123X', '310************23X'],
    ['110101800101001', '110*********001'],
    ['1234567', '123*567'],
    ['123456', '******'],
    ['12', '**'],
    ['', ''],
  ])('%s → %s', (id, masked) => {
    expect(maskIdNumber(id)).toBe(masked)
  })

  it('uses length - 6 stars', () => {
    expect(maskIdNumber('342199001011234001').match(/\*/g)?.length).toBe(12)
  })
})

describe('isMobilePhone / mobilePhoneError', () => {
  it.each([
    ['13800138000', true],
    ['19912345678', true],
    ['15000000000', true],
    ['12800138000', false],
    ['10800138000', false],
    ['23800138000', false],
    ['1380013800', false],
    ['138001380001', false],
    ['1380013800a', false],
    ['', false],
  ])('%s → %s', (phone, valid) => {
    expect(isMobilePhone(phone)).toBe(valid)
    expect(mobilePhoneError(phone)).toBe(valid ? null : '手机号应为11位数字,以13-19开头')
  })
})
