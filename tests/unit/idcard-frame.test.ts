import { describe, it, expect } from 'vitest'
import {
  FIND_CARD,
  SELECT_CARD,
  READ_BASE,
  RESET_SAM,
  READ_SAM_ID,
  SAM_STATUS,
  MAX_FRAME_LENGTH,
  buildFrame,
  buildResponseFrame,
  buildReadResponseFrame,
  FrameDecoder,
  CommandDecoder,
  isCommand,
  statusMessage,
  parseReadResponse,
  decodeResponseFile,
  encodeCardText,
  parseCardText,
  samplePhoto,
  RESIDENT_ZHANG,
  PERMIT_CHAN,
  type DecodedFrame,
  type SamFrame,
} from '../../electron/common/idcard'

const hex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ')

const bytesOf = (text: string): Uint8Array => Uint8Array.from(text.split(/\s+/).filter(Boolean).map((h) => parseInt(h, 16)))

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

function frames(results: DecodedFrame[]): SamFrame[] {
  return results.map((r) => {
    if (!r.ok) throw new Error(`unexpected ${r.error.code}: ${r.error.message}`)
    return r.frame
  })
}

function errorCodes(results: DecodedFrame[]): string[] {
  return results.map((r) => (r.ok ? 'FRAME' : r.error.code))
}

const TEXT = encodeCardText(RESIDENT_ZHANG)
const PHOTO = samplePhoto()
const READ_OK = buildReadResponseFrame(TEXT, PHOTO)
// Hand-computed: length 00 04, status 00 00 9F, checksum 00^04^00^00^9F = 9B.
const CARD_FOUND = bytesOf('AA AA AA 96 69 00 04 00 00 9F 9B')

describe('buildFrame', () => {
  it('matches the frames readers are known to accept', () => {
    expect(hex(buildFrame(Uint8Array.from(FIND_CARD)))).toBe('AA AA AA 96 69 00 03 20 01 22')
    expect(hex(buildFrame(SELECT_CARD))).toBe('AA AA AA 96 69 00 03 20 02 21')
    expect(hex(buildFrame(READ_BASE))).toBe('AA AA AA 96 69 00 03 30 01 32')
    expect(hex(buildFrame(RESET_SAM))).toBe('AA AA AA 96 69 00 03 10 FF EC')
    expect(hex(buildFrame(READ_SAM_ID))).toBe('AA AA AA 96 69 00 03 12 FF EE')
  })

  it('builds the read response with length 05 08, text length 01 00 and photo length 04 00', () => {
    expect(READ_OK.length).toBe(7 + 0x0508)
    expect(hex(READ_OK.subarray(0, 14))).toBe('AA AA AA 96 69 05 08 00 00 90 01 00 04 00')
    expect(hex(buildResponseFrame(SAM_STATUS.CARD_FOUND))).toBe(hex(CARD_FOUND))
  })

  it('exposes the command constants as read-only', () => {
    expect(Object.isFrozen(FIND_CARD)).toBe(true)
    expect([...FIND_CARD]).toEqual([0x20, 0x01])
    expect([...SELECT_CARD]).toEqual([0x20, 0x02])
    expect([...READ_BASE]).toEqual([0x30, 0x01])
    expect([...RESET_SAM]).toEqual([0x10, 0xff])
    expect([...READ_SAM_ID]).toEqual([0x12, 0xff])
  })
})

describe('FrameDecoder', () => {
  it('decodes a hand-written card-found response', () => {
    const [frame] = frames(new FrameDecoder().push(CARD_FOUND))
    expect(frame?.status).toEqual([0x00, 0x00, 0x9f])
    expect(frame?.body.length).toBe(0)
  })

  it('decodes a whole read response into text and photo', () => {
    const decoded = frames(new FrameDecoder().push(READ_OK))
    expect(decoded).toHaveLength(1)
    const frame = decoded[0]
    if (frame === undefined) throw new Error('no frame')
    expect(frame.status).toEqual([0, 0, 0x90])
    const read = parseReadResponse(frame.body)
    if (!read.ok) throw new Error(read.error.message)
    expect(read.text).toEqual(TEXT)
    expect(read.photo).toEqual(PHOTO)
    const card = parseCardText(read.text)
    expect(card.ok && card.card).toEqual(RESIDENT_ZHANG)
  })

  it('decodes a frame split across many push() calls', () => {
    const decoder = new FrameDecoder()
    const stream = concat(CARD_FOUND, READ_OK, CARD_FOUND)
    const out: DecodedFrame[] = []
    for (let i = 0; i < stream.length; i++) {
      const got = decoder.push(stream.subarray(i, i + 1))
      // Nothing comes out before the frame's last byte has arrived.
      if (i !== CARD_FOUND.length - 1 && i !== CARD_FOUND.length + READ_OK.length - 1 && i !== stream.length - 1) {
        expect(got).toEqual([])
      }
      out.push(...got)
    }
    expect(frames(out).map((f) => f.status[2])).toEqual([0x9f, 0x90, 0x9f])
    expect(decoder.pendingBytes).toBe(0)
  })

  it('decodes the same stream cut at uneven places', () => {
    const stream = concat(READ_OK, CARD_FOUND, READ_OK)
    const whole = new FrameDecoder().push(stream)
    const decoder = new FrameDecoder()
    const out: DecodedFrame[] = []
    let at = 0
    for (const size of [1, 2, 3, 5, 7, 11, 13, 700, 1, 999, 4096]) {
      out.push(...decoder.push(stream.subarray(at, at + size)))
      at += size
    }
    out.push(...decoder.push(stream.subarray(at)))
    expect(out).toEqual(whole)
    expect(whole).toHaveLength(3)
  })

  it('skips garbage before the header, including partial headers', () => {
    const garbage = bytesOf('00 FF 13 AA 96 69 AA AA 96 AA AA AA 96 68 AA AA AA AA')
    const decoder = new FrameDecoder()
    const out = decoder.push(concat(garbage, CARD_FOUND))
    expect(frames(out).map((f) => f.status)).toEqual([[0, 0, 0x9f]])
    expect(decoder.discardedBytes).toBe(garbage.length)
  })

  it('finds the header when noise ends in one or more AA bytes', () => {
    const out = new FrameDecoder().push(concat(bytesOf('AA AA'), CARD_FOUND))
    expect(frames(out)).toHaveLength(1)
  })

  it('reports a flipped checksum byte and resynchronises on the next frame', () => {
    const bad = CARD_FOUND.slice()
    bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0xff
    const out = new FrameDecoder().push(concat(bad, CARD_FOUND))
    expect(errorCodes(out)).toEqual(['CHECKSUM', 'FRAME'])
    const first = out[0]
    expect(first?.ok === false && first.error.message).toMatch(/校验和错误/)
  })

  it('reports a corrupted payload byte in a long frame as a checksum error', () => {
    const bad = READ_OK.slice()
    bad[500] = (bad[500] ?? 0) ^ 0x01
    expect(errorCodes(new FrameDecoder().push(concat(bad, CARD_FOUND)))).toEqual(['CHECKSUM', 'FRAME'])
  })

  it('reports a frame too short to hold the status bytes', () => {
    const short = buildFrame(Uint8Array.of(0x00, 0x00))
    const out = new FrameDecoder().push(concat(short, CARD_FOUND))
    expect(errorCodes(out)).toEqual(['SHORT', 'FRAME'])
  })

  it('waits for a truncated frame and reports it as SHORT when the stream ends', () => {
    const decoder = new FrameDecoder()
    expect(decoder.push(READ_OK.subarray(0, 600))).toEqual([])
    expect(decoder.pendingBytes).toBe(600)
    const end = decoder.end()
    expect(errorCodes(end)).toEqual(['SHORT'])
    expect(decoder.pendingBytes).toBe(0)
  })

  it('reports a length field of zero or beyond the maximum', () => {
    const zero = bytesOf('AA AA AA 96 69 00 00')
    const huge = bytesOf('AA AA AA 96 69 FF FF')
    expect(MAX_FRAME_LENGTH).toBeLessThan(0xffff)
    expect(errorCodes(new FrameDecoder().push(concat(zero, CARD_FOUND)))).toEqual(['LENGTH', 'FRAME'])
    expect(errorCodes(new FrameDecoder().push(concat(huge, CARD_FOUND)))).toEqual(['LENGTH', 'FRAME'])
  })

  it('recovers a real frame hidden behind a false header once the stream ends', () => {
    // A false header announcing 0x0100 bytes swallows the real frame until the stream ends.
    const decoder = new FrameDecoder()
    const out = decoder.push(concat(bytesOf('AA AA AA 96 69 01 00'), CARD_FOUND))
    expect(out).toEqual([])
    expect(errorCodes(decoder.end())).toEqual(['SHORT', 'FRAME'])
  })

  it('can be reset', () => {
    const decoder = new FrameDecoder()
    decoder.push(READ_OK.subarray(0, 10))
    decoder.reset()
    expect(frames(decoder.push(CARD_FOUND))).toHaveLength(1)
  })
})

describe('CommandDecoder', () => {
  it('decodes command frames for a reader simulator', () => {
    const decoder = new CommandDecoder()
    const stream = concat(buildFrame(FIND_CARD), buildFrame(SELECT_CARD), buildFrame(READ_BASE))
    const out = decoder.push(stream)
    const commands = out.map((r) => (r.ok ? r.command : new Uint8Array(0)))
    expect(isCommand(commands[0] ?? new Uint8Array(0), FIND_CARD)).toBe(true)
    expect(isCommand(commands[1] ?? new Uint8Array(0), SELECT_CARD)).toBe(true)
    expect(isCommand(commands[2] ?? new Uint8Array(0), READ_BASE)).toBe(true)
    expect(isCommand(commands[2] ?? new Uint8Array(0), FIND_CARD)).toBe(false)
  })
})

describe('statusMessage', () => {
  it('explains the status bytes in Chinese', () => {
    expect(statusMessage(0x90)).toBe('操作成功')
    expect(statusMessage(0x9f)).toBe('找到身份证')
    expect(statusMessage(0x80)).toMatch(/未找到身份证/)
    expect(statusMessage(0x81)).toMatch(/选卡失败/)
    expect(statusMessage(0x41)).toMatch(/读卡失败/)
    expect(statusMessage(0x77)).toBe('读卡器返回未知状态 0x77')
  })
})

describe('parseReadResponse', () => {
  const body = READ_OK.subarray(10, READ_OK.length - 1)

  it('splits text and photo', () => {
    const read = parseReadResponse(body)
    expect(read.ok && read.text).toEqual(TEXT)
  })

  it('reports a truncated body as SHORT', () => {
    const a = parseReadResponse(body.subarray(0, 3))
    const b = parseReadResponse(body.subarray(0, 1000))
    expect(!a.ok && a.error.code).toBe('SHORT')
    expect(!b.ok && b.error.code).toBe('SHORT')
  })

  it('reports a wrong text length or trailing bytes as LENGTH', () => {
    const wrong = body.slice()
    wrong[1] = 0x80
    const r1 = parseReadResponse(wrong)
    expect(!r1.ok && r1.error.code).toBe('LENGTH')
    const r2 = parseReadResponse(concat(body, Uint8Array.of(0)))
    expect(!r2.ok && r2.error.code).toBe('LENGTH')
  })

  it('accepts a response without a photo', () => {
    const noPhoto = buildReadResponseFrame(TEXT, new Uint8Array(0))
    const [frame] = frames(new FrameDecoder().push(noPhoto))
    const read = parseReadResponse(frame?.body ?? new Uint8Array(0))
    expect(read.ok && read.photo.length).toBe(0)
  })
})

describe('decodeResponseFile', () => {
  it('accepts a raw 256-byte text block', () => {
    const r = decodeResponseFile(encodeCardText(PERMIT_CHAN))
    expect(r.ok && r.source).toBe('text')
    expect(r.ok && r.photo).toBe(null)
  })

  it('accepts a whole read response frame', () => {
    const r = decodeResponseFile(READ_OK)
    if (!r.ok) throw new Error(r.error.message)
    expect(r.source).toBe('frame')
    expect(r.text).toEqual(TEXT)
    expect(r.photo).toEqual(PHOTO)
  })

  it('finds the read response in a capture of a whole session with noise', () => {
    const capture = concat(
      bytesOf('00 11 22'),
      buildResponseFrame(SAM_STATUS.FIND_FAILED),
      CARD_FOUND,
      buildResponseFrame(SAM_STATUS.OK, Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0)),
      READ_OK,
      bytesOf('FF'),
    )
    const r = decodeResponseFile(capture)
    expect(r.ok && r.text).toEqual(TEXT)
  })

  it('reports a read failure status', () => {
    const r = decodeResponseFile(buildResponseFrame(SAM_STATUS.READ_FAILED))
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('STATUS')
    expect(r.error.message).toMatch(/0x41/)
  })

  it('reports a truncated frame, a bad checksum, and a file that holds nothing', () => {
    const truncated = decodeResponseFile(READ_OK.subarray(0, 256))
    expect(!truncated.ok && truncated.error.code).toBe('SHORT')
    const bad = READ_OK.slice()
    bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0x55
    const checksum = decodeResponseFile(bad)
    expect(!checksum.ok && checksum.error.code).toBe('CHECKSUM')
    const nothing = decodeResponseFile(new Uint8Array(100))
    expect(!nothing.ok && nothing.error.code).toBe('NO_FRAME')
    const empty = decodeResponseFile(new Uint8Array(0))
    expect(!empty.ok && empty.error.code).toBe('NO_FRAME')
  })
})
