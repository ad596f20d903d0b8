import { describe, it, expect } from 'vitest'
import {
  NATIONS,
  nationName,
  nationCodeOf,
  parseCardText,
  encodeCardText,
  compactDateToIso,
  SAMPLE_CARDS,
  RESIDENT_ZHANG,
  RESIDENT_WANG,
  RESIDENT_LI,
  PERMIT_CHAN,
  FOREIGNER_2017_SMITH,
  FOREIGNER_2023_RODRIGUEZ,
  type CardParseResult,
  type IdCard,
} from '../../electron/common/idcard'

/**
 * Builds a text block by hand, independently of encodeCardText: each field as
 * [offset, byteLength, text], UCS-2LE; everything else spaces.
 */
function handBlock(fields: ReadonlyArray<readonly [number, number, string]>, typeFlag: string): Uint8Array {
  const block = new Uint8Array(256)
  for (let i = 0; i < 256; i += 2) block[i] = 0x20
  const put = (offset: number, length: number, text: string): void => {
    if (text.length * 2 > length) throw new Error(`fixture field at ${offset} too long`)
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      block[offset + i * 2] = code & 0xff
      block[offset + i * 2 + 1] = code >> 8
    }
  }
  for (const [offset, length, text] of fields) put(offset, length, text)
  put(248, 2, typeFlag)
  return block
}

/** 张喆's card laid out by hand from the offsets in idcard.md. */
function zhangBlock(overrides: Partial<Record<'name' | 'sex' | 'nation' | 'birth' | 'validFrom' | 'validTo', string>> = {}): Uint8Array {
  return handBlock(
    [
      [0, 30, overrides.name ?? '张喆'],
      [30, 2, overrides.sex ?? '1'],
      [32, 4, overrides.nation ?? '01'],
      [36, 16, overrides.birth ?? '19850712'],
      [52, 70, '上海市浦东新区张杨路1234弄5号601室'],
      [122, 36, '310115198507121231'],
      [158, 30, '上海市公安局浦东分局'],
      [188, 16, overrides.validFrom ?? '20150301'],
      [204, 16, overrides.validTo ?? '20350301'],
    ],
    ' ',
  )
}

function expectError(result: CardParseResult, code: string, message?: string): void {
  expect(result.ok).toBe(false)
  if (result.ok) return
  expect(result.error.code).toBe(code)
  if (message !== undefined) expect(result.error.message).toBe(message)
}

function expectCard(result: CardParseResult): IdCard {
  if (!result.ok) throw new Error(`expected a card, got ${result.error.code}: ${result.error.message}`)
  return result.card
}

describe('民族 table (GB/T 3304)', () => {
  it('has 56 nationalities plus 97 and 98', () => {
    expect(NATIONS.size).toBe(58)
    expect([...NATIONS.keys()].slice(0, 56)).toEqual(Array.from({ length: 56 }, (_, i) => String(i + 1).padStart(2, '0')))
    expect(NATIONS.get('97')).toBe('其他')
    expect(NATIONS.get('98')).toBe('外国血统中国籍人士')
  })

  it('spells the names that published copies get wrong', () => {
    expect(nationName('31')).toBe('达斡尔')
    expect(nationName('46')).toBe('德昂')
    expect(nationName('37')).toBe('仡佬')
    expect(nationName('45')).toBe('鄂温克')
    expect(nationName('01')).toBe('汉')
    expect(nationName('56')).toBe('基诺')
  })

  it('accepts codes with or without the leading zero, rejects the rest', () => {
    expect(nationName(1)).toBe('汉')
    expect(nationName('8')).toBe('壮')
    expect(nationName(' 22 ')).toBe('畲')
    expect(nationName('57')).toBeUndefined()
    expect(nationName('00')).toBeUndefined()
    expect(nationName('1a')).toBeUndefined()
    expect(nationName(1.5)).toBeUndefined()
    expect(nationName('')).toBeUndefined()
  })

  it('finds a code by name, with or without 族', () => {
    expect(nationCodeOf('达斡尔族')).toBe('31')
    expect(nationCodeOf('汉')).toBe('01')
    expect(nationCodeOf('火星')).toBeUndefined()
  })

  it('has no duplicate names', () => {
    expect(new Set(NATIONS.values()).size).toBe(58)
  })
})

describe('parseCardText: layout', () => {
  it('reads a resident card laid out by hand from the documented offsets', () => {
    expect(expectCard(parseCardText(zhangBlock()))).toEqual(RESIDENT_ZHANG)
  })

  it('reads a residence permit (J) laid out by hand, including pass number and issue count', () => {
    const block = handBlock(
      [
        [0, 30, '陈嘉欣'],
        [30, 2, '2'],
        [36, 16, '19900815'],
        [52, 70, '上海市徐汇区漕溪北路88号'],
        [122, 36, '810000199008150022'],
        [158, 30, '上海市公安局徐汇分局'],
        [188, 16, '20190110'],
        [204, 16, '20240110'],
        [220, 18, 'H12345678'],
        [238, 4, '01'],
      ],
      'J',
    )
    expect(expectCard(parseCardText(block))).toEqual(PERMIT_CHAN)
  })

  it('reads a 2017 foreigner card (I) laid out by hand', () => {
    const block = handBlock(
      [
        [0, 120, 'SMITH, JOHN MICHAEL'],
        [120, 2, '1'],
        [122, 30, 'USA310075061205'],
        [152, 6, 'USA'],
        [158, 30, '史密斯'],
        [188, 16, '20180410'],
        [204, 16, '20280410'],
        [220, 16, '19750612'],
        [236, 4, '20'],
        [240, 8, '3100'],
      ],
      'I',
    )
    expect(expectCard(parseCardText(block))).toEqual(FOREIGNER_2017_SMITH)
  })

  it('reads a 2023 foreigner card (Y) laid out by hand, joining the English name continuation', () => {
    const english = 'RODRIGUEZ GARCIA, MARIA FERNANDA ISABEL'
    const block = handBlock(
      [
        [0, 30, '玛丽亚'],
        [30, 2, '2'],
        [32, 4, '00'],
        [36, 16, '19880412'],
        [52, 70, english.slice(0, 35)],
        [122, 36, '933100198804122023'],
        [158, 30, '国家移民管理局'],
        [188, 16, '20231201'],
        [204, 16, '20331201'],
        [220, 22, english.slice(35)],
        [242, 6, 'ESP'],
      ],
      'Y',
    )
    expect(expectCard(parseCardText(block))).toEqual(FOREIGNER_2023_RODRIGUEZ)
  })

  it('leaves issuer out of a foreigner card when the field is blank', () => {
    const card = expectCard(parseCardText(encodeCardText({ ...FOREIGNER_2017_SMITH, issuer: '' })))
    expect(card).not.toHaveProperty('issuer')
    expect(card.cardType).toBe('foreigner2017')
  })

  it('writes the type flag and fields where idcard.md puts them', () => {
    const j = encodeCardText(PERMIT_CHAN)
    expect([j[248], j[249]]).toEqual([0x4a, 0x00])
    expect([j[220], j[221]]).toEqual([0x48, 0x00]) // H
    expect([j[238], j[239], j[240], j[241]]).toEqual([0x30, 0x00, 0x31, 0x00]) // 01
    const r = encodeCardText(RESIDENT_ZHANG)
    expect([r[0], r[1], r[2], r[3], r[4], r[5]]).toEqual([0x20, 0x5f, 0x86, 0x55, 0x20, 0x00]) // 张 U+5F20, 喆 U+5586, space
    expect([r[248], r[249]]).toEqual([0x20, 0x00])
    const i = encodeCardText(FOREIGNER_2017_SMITH)
    expect(i[248]).toBe(0x49)
    const y = encodeCardText(FOREIGNER_2023_RODRIGUEZ)
    expect(y[248]).toBe(0x59)
    expect(r).toEqual(zhangBlock())
  })

  it('writes 长期 in UCS-2 followed by spaces', () => {
    const block = encodeCardText(RESIDENT_WANG)
    expect(Array.from(block.subarray(204, 220))).toEqual([
      0x7f, 0x95, 0x1f, 0x67, 0x20, 0, 0x20, 0, 0x20, 0, 0x20, 0, 0x20, 0, 0x20, 0,
    ])
  })
})

describe('parseCardText / encodeCardText round trips', () => {
  for (const card of SAMPLE_CARDS) {
    it(`${card.cardType} ${card.name}`, () => {
      const block = encodeCardText(card)
      expect(block.length).toBe(256)
      const parsed = expectCard(parseCardText(block))
      expect(parsed).toEqual(card)
      expect(encodeCardText(parsed)).toEqual(block)
    })
  }

  it('keeps rare characters and 长期', () => {
    expect(expectCard(parseCardText(encodeCardText(RESIDENT_WANG)))).toMatchObject({ name: '王堃', validTo: '长期', nation: '土家' })
    expect(expectCard(parseCardText(encodeCardText(RESIDENT_LI)))).toMatchObject({ name: '李玥', sex: '女', birthDate: '1996-02-29' })
  })

  it('keeps a nationality with a hard-to-spell name', () => {
    const card = { ...RESIDENT_ZHANG, nationCode: '31', nation: '达斡尔' }
    expect(expectCard(parseCardText(encodeCardText(card)))).toEqual(card)
  })

  it('keeps an English name that fills both parts of the 2023 layout exactly', () => {
    const card = { ...FOREIGNER_2023_RODRIGUEZ, englishName: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ ABCDEFGH IJKLMNOPQR' }
    expect(card.englishName.length).toBe(46)
    expect(expectCard(parseCardText(encodeCardText(card)))).toEqual(card)
  })

  it('keeps a space that falls exactly on the split of the 2023 English name', () => {
    const card = { ...FOREIGNER_2023_RODRIGUEZ, englishName: `${'X'.repeat(35)} ${'Y'.repeat(10)}` }
    expect(expectCard(parseCardText(encodeCardText(card)))).toEqual(card)
  })

  it('refuses to encode a field that does not fit', () => {
    expect(() => encodeCardText({ ...RESIDENT_ZHANG, name: '一二三四五六七八九十一二三四五六' })).toThrow(RangeError)
    expect(() => encodeCardText({ ...FOREIGNER_2023_RODRIGUEZ, englishName: 'X'.repeat(47) })).toThrow(RangeError)
  })
})

describe('parseCardText: padding and odd buffers', () => {
  it('trims NUL padding as well as spaces', () => {
    const block = zhangBlock()
    for (let i = 4; i < 30; i++) block[i] = 0 // name: 张喆 then NULs
    for (let i = 220; i < 248; i++) block[i] = 0
    expect(expectCard(parseCardText(block))).toEqual(RESIDENT_ZHANG)
  })

  it('treats a zero-filled type flag as a resident card', () => {
    const block = zhangBlock()
    block[248] = 0
    expect(expectCard(parseCardText(block)).cardType).toBe('resident')
  })

  it('reads a block that sits at an odd offset inside a larger buffer', () => {
    const big = new Uint8Array(301)
    big.set(zhangBlock(), 7)
    expect(expectCard(parseCardText(big.subarray(7, 263)))).toEqual(RESIDENT_ZHANG)
  })
})

describe('parseCardText: errors', () => {
  it('rejects a block of the wrong length', () => {
    expectError(parseCardText(new Uint8Array(100)), 'LENGTH', '身份证文字信息应为256字节,实际为 100 字节')
    expectError(parseCardText(new Uint8Array(0)), 'LENGTH', '身份证文字信息应为256字节,实际为 0 字节')
    expectError(parseCardText(new Uint8Array(257)), 'LENGTH')
    expectError(parseCardText(new Uint8Array(1280)), 'LENGTH')
  })

  it('rejects an unknown card type', () => {
    const block = zhangBlock()
    block[248] = 0x58 // X
    expectError(parseCardText(block), 'CARD_TYPE', '无法识别的证件类型')
    block[248] = 0x20
    block[249] = 0x30 // U+3020, not a space
    expectError(parseCardText(block), 'CARD_TYPE')
  })

  it('rejects dates that are not on the calendar', () => {
    expectError(parseCardText(zhangBlock({ birth: '20190230' })), 'FIELD', '出生日期字段无效')
    expectError(parseCardText(zhangBlock({ birth: '19000229' })), 'FIELD', '出生日期字段无效')
    expectError(parseCardText(zhangBlock({ birth: '19851312' })), 'FIELD', '出生日期字段无效')
    expectError(parseCardText(zhangBlock({ birth: '1985071' })), 'FIELD', '出生日期字段无效')
    expectError(parseCardText(zhangBlock({ birth: '' })), 'FIELD', '出生日期字段无效')
    expectError(parseCardText(zhangBlock({ validFrom: '20150431' })), 'FIELD', '有效期起始日期字段无效')
    expectError(parseCardText(zhangBlock({ validTo: '长久' })), 'FIELD', '有效期截止日期字段无效')
    expect(expectCard(parseCardText(zhangBlock({ birth: '20000229' }))).birthDate).toBe('2000-02-29')
  })

  it('rejects sex codes other than 1 and 2', () => {
    for (const sex of ['0', '3', '9', '男', ' ']) {
      expectError(parseCardText(zhangBlock({ sex })), 'FIELD', '性别代码无效')
    }
  })

  it('rejects a 民族 code that is not in the table', () => {
    expectError(parseCardText(zhangBlock({ nation: '57' })), 'FIELD', '民族代码无效')
    expectError(parseCardText(zhangBlock({ nation: '' })), 'FIELD', '民族代码无效')
  })

  it('rejects a blank name', () => {
    expectError(parseCardText(zhangBlock({ name: '' })), 'FIELD', '姓名字段为空')
  })

  it('reports broken UTF-16 and control characters as ENCODING', () => {
    const lone = zhangBlock()
    lone[2] = 0x00
    lone[3] = 0xd8 // lone high surrogate
    expectError(parseCardText(lone), 'ENCODING')
    const control = zhangBlock()
    control[2] = 0x07
    control[3] = 0x00
    expectError(parseCardText(control), 'ENCODING')
  })

  it('does not throw for values that are not byte arrays', () => {
    for (const bad of [null, undefined, 42, 'text', {}, [1, 2, 3]]) {
      const result = parseCardText(bad as unknown as Uint8Array)
      expect(result.ok).toBe(false)
    }
  })
})

describe('compactDateToIso', () => {
  it('converts calendar dates only', () => {
    expect(compactDateToIso('20240229')).toBe('2024-02-29')
    expect(compactDateToIso('21000229')).toBeUndefined()
    expect(compactDateToIso('20240001')).toBeUndefined()
    expect(compactDateToIso('2024-02-29')).toBeUndefined()
  })
})
