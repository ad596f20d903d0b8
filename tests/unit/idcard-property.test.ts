import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import {
  buildFrame,
  buildReadResponseFrame,
  buildResponseFrame,
  decodeResponseFile,
  encodeCardText,
  FrameDecoder,
  NATIONS,
  parseCardText,
  samplePhoto,
  SAMPLE_CARDS,
  type CardParseResult,
  type DecodedFrame,
  type HkMoTwCard,
  type IdCard,
  type ResidentCard,
  type ResponseFileResult,
} from '../../electron/common/idcard'

const CARD_ERROR_CODES = ['LENGTH', 'CARD_TYPE', 'FIELD', 'ENCODING']
const FRAME_ERROR_CODES = ['CHECKSUM', 'SHORT', 'LENGTH']
const FILE_ERROR_CODES = ['CHECKSUM', 'SHORT', 'LENGTH', 'STATUS', 'NO_FRAME']
const CARD_TYPES = ['resident', 'hkmotw', 'foreigner2017', 'foreigner2023']
const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/

function isNonEmptyChinese(message: unknown): boolean {
  return typeof message === 'string' && /[\u4e00-\u9fff]/.test(message)
}

function checkCardResult(r: CardParseResult): void {
  if (r.ok) {
    expect(Object.keys(r)).toEqual(['ok', 'card'])
    const card: IdCard = r.card
    expect(CARD_TYPES).toContain(card.cardType)
    expect(['男', '女']).toContain(card.sex)
    expect(card.birthDate).toMatch(ISO_DATE)
    expect(card.validFrom).toMatch(ISO_DATE)
    expect(card.validTo === '长期' || ISO_DATE.test(card.validTo)).toBe(true)
    expect(typeof card.idNumber).toBe('string')
    if (card.cardType === 'resident') expect(NATIONS.get(card.nationCode)).toBe(card.nation)
  } else {
    expect(Object.keys(r)).toEqual(['ok', 'error'])
    expect(r.ok).toBe(false)
    expect(CARD_ERROR_CODES).toContain(r.error.code)
    expect(isNonEmptyChinese(r.error.message)).toBe(true)
  }
}

function checkFrameResults(results: DecodedFrame[]): void {
  expect(Array.isArray(results)).toBe(true)
  for (const r of results) {
    if (r.ok) {
      expect(r.frame.status).toHaveLength(3)
      for (const b of r.frame.status) expect(Number.isInteger(b) && b >= 0 && b <= 255).toBe(true)
      expect(r.frame.body).toBeInstanceOf(Uint8Array)
    } else {
      expect(FRAME_ERROR_CODES).toContain(r.error.code)
      expect(isNonEmptyChinese(r.error.message)).toBe(true)
    }
  }
}

function checkFileResult(r: ResponseFileResult): void {
  if (r.ok) {
    expect(r.text).toBeInstanceOf(Uint8Array)
    expect(r.text.length).toBe(256)
    expect(['text', 'frame']).toContain(r.source)
  } else {
    expect(FILE_ERROR_CODES).toContain(r.error.code)
    expect(isNonEmptyChinese(r.error.message)).toBe(true)
  }
}

/** Splits bytes at the given cut points (taken modulo the length). */
function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % (bytes.length + 1))))].sort((a, b) => a - b)
  const out: Uint8Array[] = []
  let at = 0
  for (const p of points) {
    out.push(bytes.subarray(at, p))
    at = p
  }
  out.push(bytes.subarray(at))
  return out
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

const validBlocks = SAMPLE_CARDS.map((c) => encodeCardText(c))
const validBlock = fc.constantFrom(...validBlocks)
const validFrame = fc.oneof(
  validBlock.map((text) => buildReadResponseFrame(text, samplePhoto())),
  fc.constantFrom(0x9f, 0x90, 0x80, 0x81, 0x41).map((sw3) => buildResponseFrame(sw3)),
  fc.uint8Array({ maxLength: 40 }).map((payload) => buildFrame(payload)),
)

// Characters for generated cards: common and rare name characters, address characters.
const NAME_CHARS = [...'张王李赵刘陈杨黄周吴喆堃玥昇珺彧赟淼犇骉鑫垚燚伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚']
const ADDRESS_CHARS = [...'上海市浦东新区徐汇闵行宝山路弄号室街道村组镇县省0123456789-()']
const chineseText = (chars: string[], minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...chars), minLength, maxLength })
const isoDate = fc
  .date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))
const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n })

const residentCard: fc.Arbitrary<ResidentCard> = fc
  .record({
    name: chineseText(NAME_CHARS, 1, 15),
    sex: fc.constantFrom('男' as const, '女' as const),
    nationCode: fc.constantFrom(...NATIONS.keys()),
    birthDate: isoDate,
    address: chineseText(ADDRESS_CHARS, 0, 35),
    idNumber: fc.tuple(digits(17), fc.constantFrom(...'0123456789X')).map(([a, b]) => a + b),
    issuer: chineseText(ADDRESS_CHARS, 0, 15),
    validFrom: isoDate,
    validTo: fc.oneof(isoDate, fc.constant('长期')),
  })
  .map((r) => ({ cardType: 'resident' as const, ...r, nation: NATIONS.get(r.nationCode) ?? '' }))

const permitCard: fc.Arbitrary<HkMoTwCard> = fc.record({
  cardType: fc.constant('hkmotw' as const),
  name: chineseText(NAME_CHARS, 1, 15),
  sex: fc.constantFrom('男' as const, '女' as const),
  birthDate: isoDate,
  address: chineseText(ADDRESS_CHARS, 0, 35),
  idNumber: fc.constantFrom('810000', '820000', '830000').chain((area) => digits(12).map((d) => area + d)),
  issuer: chineseText(ADDRESS_CHARS, 0, 15),
  validFrom: isoDate,
  validTo: isoDate,
  passNumber: fc.tuple(fc.constantFrom('H', 'M', ''), digits(8)).map(([p, d]) => p + d),
  issueCount: digits(2),
})

describe('parseCardText never throws and returns the typed union', () => {
  it('for random byte arrays of any length', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => checkCardResult(parseCardText(bytes))), { numRuns: 500 })
  })

  it('for random 256-byte blocks carrying a valid type flag', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 256, maxLength: 256 }), fc.constantFrom(0x20, 0x4a, 0x49, 0x59, 0x00), (bytes, flag) => {
        bytes[248] = flag
        bytes[249] = 0
        checkCardResult(parseCardText(bytes))
      }),
      { numRuns: 500 },
    )
  })

  it('for valid blocks with random bytes overwritten', () => {
    fc.assert(
      fc.property(validBlock, fc.array(fc.tuple(fc.nat(255), fc.nat(255)), { minLength: 1, maxLength: 8 }), (block, edits) => {
        const bytes = block.slice()
        for (const [at, value] of edits) bytes[at] = value
        checkCardResult(parseCardText(bytes))
      }),
      { numRuns: 1000 },
    )
  })

  it('for truncated or extended valid blocks: a LENGTH error', () => {
    fc.assert(
      fc.property(validBlock, fc.nat(600), (block, length) => {
        fc.pre(length !== 256)
        const bytes = new Uint8Array(length)
        bytes.set(block.subarray(0, Math.min(length, 256)))
        const r = parseCardText(bytes)
        checkCardResult(r)
        expect(!r.ok && r.error.code).toBe('LENGTH')
      }),
      { numRuns: 300 },
    )
  })
})

describe('encodeCardText and parseCardText are inverses', () => {
  it('for generated resident cards', () => {
    fc.assert(
      fc.property(residentCard, (card) => {
        const r = parseCardText(encodeCardText(card))
        expect(r.ok && r.card).toEqual(card)
      }),
      { numRuns: 300 },
    )
  })

  it('for generated residence permits', () => {
    fc.assert(
      fc.property(permitCard, (card) => {
        const r = parseCardText(encodeCardText(card))
        expect(r.ok && r.card).toEqual(card)
      }),
      { numRuns: 300 },
    )
  })
})

describe('FrameDecoder never throws and returns the typed union', () => {
  it('for random bytes in random chunks', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.array(fc.nat(), { maxLength: 20 }), (bytes, cuts) => {
        const decoder = new FrameDecoder()
        for (const chunk of chunked(bytes, cuts)) checkFrameResults(decoder.push(chunk))
        checkFrameResults(decoder.end())
        expect(decoder.pendingBytes).toBe(0)
      }),
      { numRuns: 300 },
    )
  })

  it('gives the same results however the stream is cut', () => {
    const piece = fc.oneof(validFrame, fc.uint8Array({ maxLength: 30 }), fc.constantFrom(Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69)))
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 30 }), (pieces, cuts) => {
        const stream = concat(pieces)
        const whole = new FrameDecoder()
        const expected = [...whole.push(stream), ...whole.end()]
        const split = new FrameDecoder()
        const actual: DecodedFrame[] = []
        for (const chunk of chunked(stream, cuts)) actual.push(...split.push(chunk))
        actual.push(...split.end())
        checkFrameResults(actual)
        expect(actual).toEqual(expected)
      }),
      { numRuns: 300 },
    )
  })

  it('recovers every valid frame from noise that holds no AA byte', () => {
    const noise = fc.uint8Array({ maxLength: 30 }).map((b) => b.map((x) => (x === 0xaa ? 0x55 : x)))
    fc.assert(
      fc.property(fc.array(fc.tuple(noise, validFrame), { maxLength: 6 }), noise, fc.array(fc.nat(), { maxLength: 20 }), (pairs, tail, cuts) => {
        const stream = concat([...pairs.flatMap(([n, f]) => [n, f]), tail])
        const decoder = new FrameDecoder()
        const out: DecodedFrame[] = []
        for (const chunk of chunked(stream, cuts)) out.push(...decoder.push(chunk))
        out.push(...decoder.end())
        const expected = pairs.map(([, f]) => f)
        // Frames whose payload is under 3 bytes are reported as SHORT; all others come out whole.
        expect(out).toHaveLength(expected.length)
        out.forEach((r, i) => {
          const frame = expected[i] ?? new Uint8Array(0)
          if (frame.length - 8 < 3) {
            expect(!r.ok && r.error.code).toBe('SHORT')
          } else {
            expect(r.ok && concat([Uint8Array.from(r.frame.status), r.frame.body])).toEqual(frame.subarray(7, frame.length - 1))
          }
        })
      }),
      { numRuns: 300 },
    )
  })
})

describe('decodeResponseFile never throws and returns the typed union', () => {
  it('for random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => checkFileResult(decodeResponseFile(bytes))), { numRuns: 500 })
  })

  it('for truncated read response frames: SHORT once the header is in, otherwise NO_FRAME', () => {
    fc.assert(
      fc.property(validBlock, fc.nat(), (text, n) => {
        const frame = buildReadResponseFrame(text, samplePhoto())
        const cut = frame.subarray(0, n % frame.length)
        const r = decodeResponseFile(cut)
        checkFileResult(r)
        expect(!r.ok && r.error.code).toBe(cut.length >= 5 ? 'SHORT' : 'NO_FRAME')
      }),
      { numRuns: 300 },
    )
  })

  it('for read response frames with random bytes overwritten', () => {
    fc.assert(
      fc.property(validBlock, fc.array(fc.tuple(fc.nat(1295), fc.nat(255)), { minLength: 1, maxLength: 6 }), (text, edits) => {
        const frame = buildReadResponseFrame(text, samplePhoto())
        for (const [at, value] of edits) frame[at] = value
        const r = decodeResponseFile(frame)
        checkFileResult(r)
        if (r.ok) checkCardResult(parseCardText(r.text))
      }),
      { numRuns: 500 },
    )
  })
})
