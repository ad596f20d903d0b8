// The serial frame protocol of the ID card SAM module (USB-serial readers, commonly 115200 baud).
//
//   AA AA AA 96 69 | LEN_HI LEN_LO | payload … | CHK
//
// LEN is big-endian and counts the payload plus the checksum byte. CHK is the XOR of every byte
// from LEN_HI to the end of the payload. A command payload is the command itself (e.g. 20 01);
// a response payload starts with three status bytes (SW1 SW2 SW3, e.g. 00 00 90) and then the
// response body.
// Pure TypeScript (Uint8Array, DataView): no Node APIs, so it runs anywhere.

import { CARD_TEXT_LENGTH } from './textblock'

export const FRAME_HEADER: readonly number[] = Object.freeze([0xaa, 0xaa, 0xaa, 0x96, 0x69])
const HEADER_LENGTH = 5
/** Header plus the two length bytes. */
const PREFIX_LENGTH = HEADER_LENGTH + 2

/**
 * Largest value of the length field the decoder accepts. The longest ordinary response, text,
 * photo and fingerprint, is about 2.3 KB; anything far beyond that is a false header in noise.
 */
export const MAX_FRAME_LENGTH = 0x1000

/** Length of the photo (WLT) in a read response. */
export const CARD_PHOTO_LENGTH = 1024

export type SamCommand = readonly [number, number]

/** 寻找证/卡 */
export const FIND_CARD: SamCommand = Object.freeze([0x20, 0x01] as const)
/** 选取证/卡 */
export const SELECT_CARD: SamCommand = Object.freeze([0x20, 0x02] as const)
/** 读取文字和照片信息 */
export const READ_BASE: SamCommand = Object.freeze([0x30, 0x01] as const)
/** 复位 SAM */
export const RESET_SAM: SamCommand = Object.freeze([0x10, 0xff] as const)
/** 读取 SAM 编号 */
export const READ_SAM_ID: SamCommand = Object.freeze([0x12, 0xff] as const)

export const SAM_COMMANDS = Object.freeze({ FIND_CARD, SELECT_CARD, READ_BASE, RESET_SAM, READ_SAM_ID })

/** The third status byte (SW3) of a response. */
export const SAM_STATUS = Object.freeze({
  OK: 0x90,
  CARD_FOUND: 0x9f,
  NO_CONTENT: 0x91,
  CHECKSUM_ERROR: 0x10,
  LENGTH_ERROR: 0x11,
  COMMAND_ERROR: 0x21,
  UNAUTHORISED: 0x23,
  UNKNOWN_ERROR: 0x24,
  CARD_AUTH_FAILED: 0x31,
  SAM_AUTH_FAILED: 0x32,
  VERIFY_FAILED: 0x33,
  UNKNOWN_CARD_TYPE: 0x40,
  READ_FAILED: 0x41,
  RANDOM_FAILED: 0x47,
  SELF_TEST_FAILED: 0x60,
  SAM_NOT_AUTHORISED: 0x66,
  FIND_FAILED: 0x80,
  SELECT_FAILED: 0x81,
} as const)

const STATUS_MESSAGES: ReadonlyMap<number, string> = new Map([
  [0x90, '操作成功'],
  [0x9f, '找到身份证'],
  [0x91, '身份证中无此项内容'],
  [0x01, '端口未打开或端口号无效'],
  [0x02, '读卡器接收超时'],
  [0x03, '数据传输错误'],
  [0x05, 'SAM 串口不可用'],
  [0x09, '打开文件失败'],
  [0x10, '读卡器收到的数据校验和错误'],
  [0x11, '读卡器收到的数据长度错误'],
  [0x21, '读卡器收到的命令错误'],
  [0x23, '越权操作'],
  [0x24, '读卡器报告无法识别的错误'],
  [0x31, '身份证认证 SAM 失败,请重新放卡'],
  [0x32, 'SAM 认证身份证失败,请重新放卡'],
  [0x33, '身份证信息验证错误'],
  [0x37, '指纹信息验证错误'],
  [0x3f, '信息长度错误'],
  [0x40, '无法识别的证件类型'],
  [0x41, '读卡失败,请重新放卡'],
  [0x47, '取随机数失败'],
  [0x60, 'SAM 自检失败,请检查读卡器'],
  [0x66, 'SAM 未经授权,无法使用'],
  [0x80, '未找到身份证,请把证件放在读卡区'],
  [0x81, '选卡失败,请拿起证件重新放置'],
])

const hex2 = (n: number): string => `0x${(n & 0xff).toString(16).toUpperCase().padStart(2, '0')}`

/** A Chinese message for a response's SW3 status byte (or an SDT_* return code, which share values). */
export function statusMessage(sw3: number): string {
  return STATUS_MESSAGES.get(sw3) ?? `读卡器返回未知状态 ${hex2(sw3)}`
}

/** XOR of all bytes. */
export function xorChecksum(bytes: ArrayLike<number>, start = 0, end = bytes.length): number {
  let x = 0
  for (let i = start; i < end; i++) x ^= bytes[i] ?? 0
  return x & 0xff
}

/** Wraps a payload (a command, or status bytes plus body) in a frame. */
export function buildFrame(payload: Uint8Array | readonly number[]): Uint8Array {
  const length = payload.length + 1
  if (length > 0xffff) throw new RangeError(`帧内容过长: ${payload.length} 字节`)
  const frame = new Uint8Array(PREFIX_LENGTH + length)
  frame.set(FRAME_HEADER, 0)
  frame[HEADER_LENGTH] = length >> 8
  frame[HEADER_LENGTH + 1] = length & 0xff
  frame.set(payload, PREFIX_LENGTH)
  frame[frame.length - 1] = xorChecksum(frame, HEADER_LENGTH, frame.length - 1)
  return frame
}

/** A response frame as the SAM would send it: 00 00 SW3, then the body (for the simulator and tests). */
export function buildResponseFrame(sw3: number, body: Uint8Array = new Uint8Array(0)): Uint8Array {
  const payload = new Uint8Array(3 + body.length)
  payload[2] = sw3 & 0xff
  payload.set(body, 3)
  return buildFrame(payload)
}

/** The response frame to READ_BASE: status 90, text length, photo length, text, photo. */
export function buildReadResponseFrame(text: Uint8Array, photo: Uint8Array): Uint8Array {
  const body = new Uint8Array(4 + text.length + photo.length)
  const view = new DataView(body.buffer)
  view.setUint16(0, text.length, false)
  view.setUint16(2, photo.length, false)
  body.set(text, 4)
  body.set(photo, 4 + text.length)
  return buildResponseFrame(SAM_STATUS.OK, body)
}

// ---------------------------------------------------------------------------------------------
// Incremental decoding

export type FrameErrorCode = 'CHECKSUM' | 'SHORT' | 'LENGTH'

export interface FrameError {
  code: FrameErrorCode
  /** In Chinese. */
  message: string
}

export interface SamFrame {
  /** SW1 SW2 SW3, e.g. [0x00, 0x00, 0x90]. */
  status: [number, number, number]
  /** The payload after the status bytes. */
  body: Uint8Array
}

export type DecodedFrame = { ok: true; frame: SamFrame } | { ok: false; error: FrameError }

export type DecodedCommand = { ok: true; command: Uint8Array } | { ok: false; error: FrameError }

export interface FrameDecoderOptions {
  /** Largest accepted value of the length field; default MAX_FRAME_LENGTH. */
  maxLength?: number
}

type RawResult = { ok: true; payload: Uint8Array } | { ok: false; error: FrameError }

function toBytes(input: unknown): Uint8Array | undefined {
  if (input instanceof Uint8Array) return input
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
  return undefined
}

/** Accumulates a byte stream and cuts it into checked frame payloads. */
class FrameScanner {
  private buf = new Uint8Array(256)
  private start = 0
  private end = 0
  private discarded = 0
  private readonly maxLength: number

  constructor(options: FrameDecoderOptions = {}) {
    const max = options.maxLength ?? MAX_FRAME_LENGTH
    this.maxLength = Number.isInteger(max) && max >= 1 && max <= 0xffff ? max : MAX_FRAME_LENGTH
  }

  /** Bytes held while waiting for the rest of a frame. */
  get pendingBytes(): number {
    return this.end - this.start
  }

  /** Bytes skipped so far as noise before a header or after a bad frame. */
  get discardedBytes(): number {
    return this.discarded
  }

  reset(): void {
    this.start = 0
    this.end = 0
  }

  scan(chunk: unknown): RawResult[] {
    const bytes = toBytes(chunk)
    if (bytes !== undefined && bytes.length > 0) this.append(bytes)
    const out: RawResult[] = []
    for (;;) {
      const result = this.next()
      if (result === undefined) break
      out.push(result)
    }
    return out
  }

  /**
   * Ends the stream. A partial frame left over is reported as SHORT; since no more bytes will
   * come, scanning then resumes after its first header byte (the header may have been noise
   * hiding a complete frame). The buffer is empty afterwards.
   */
  finish(kind: string): RawResult[] {
    const out: RawResult[] = []
    for (;;) {
      const result = this.next()
      if (result !== undefined) {
        out.push(result)
        continue
      }
      const pending = this.end - this.start
      if (pending === 0) break
      if (this.headerAt(this.start) === HEADER_LENGTH) {
        out.push({ ok: false, error: { code: 'SHORT', message: `${kind}帧不完整,只收到 ${pending} 字节` } })
      }
      this.skip(1)
    }
    this.reset()
    return out
  }

  private append(bytes: Uint8Array): void {
    const pending = this.end - this.start
    if (this.end + bytes.length > this.buf.length) {
      if (pending + bytes.length > this.buf.length) {
        let capacity = this.buf.length
        while (capacity < pending + bytes.length) capacity *= 2
        const grown = new Uint8Array(capacity)
        grown.set(this.buf.subarray(this.start, this.end))
        this.buf = grown
      } else {
        this.buf.copyWithin(0, this.start, this.end)
      }
      this.start = 0
      this.end = pending
    }
    this.buf.set(bytes, this.end)
    this.end += bytes.length
  }

  /** How many header bytes match at position i (up to the data available). */
  private headerAt(i: number): number {
    let n = 0
    while (n < HEADER_LENGTH && i + n < this.end && this.buf[i + n] === FRAME_HEADER[n]) n++
    return n
  }

  private skip(count: number): void {
    this.start += count
    this.discarded += count
  }

  private next(): RawResult | undefined {
    // Resynchronise on the header: drop bytes until one could start here.
    while (this.start < this.end) {
      const matched = this.headerAt(this.start)
      if (matched === HEADER_LENGTH || this.start + matched === this.end) break
      this.skip(1)
    }
    const i = this.start
    if (this.end - i < PREFIX_LENGTH) return undefined
    const buf = this.buf
    const length = ((buf[i + HEADER_LENGTH] ?? 0) << 8) | (buf[i + HEADER_LENGTH + 1] ?? 0)
    if (length < 1 || length > this.maxLength) {
      this.skip(1)
      return { ok: false, error: { code: 'LENGTH', message: `读卡器数据帧长度字段无效(${length})` } }
    }
    const total = PREFIX_LENGTH + length
    if (this.end - i < total) return undefined
    const expected = xorChecksum(buf, i + HEADER_LENGTH, i + total - 1)
    const actual = buf[i + total - 1] ?? 0
    if (expected !== actual) {
      // Skip only the first header byte: if the header was noise, a real frame may follow inside.
      this.skip(1)
      return {
        ok: false,
        error: {
          code: 'CHECKSUM',
          message: `读卡器数据帧校验和错误(应为 ${hex2(expected)},实际为 ${hex2(actual)})`,
        },
      }
    }
    const payload = buf.slice(i + PREFIX_LENGTH, i + total - 1)
    this.start += total
    return { ok: true, payload }
  }
}

/**
 * Decodes SAM response frames from a serial byte stream. Feed it chunks as they arrive; each
 * push returns the frames (and frame errors) completed by that chunk. Noise before a header is
 * skipped; after a bad frame the decoder resynchronises on the next header. Never throws.
 */
export class FrameDecoder {
  private readonly scanner: FrameScanner

  constructor(options: FrameDecoderOptions = {}) {
    this.scanner = new FrameScanner(options)
  }

  push(chunk: Uint8Array): DecodedFrame[] {
    return this.scanner.scan(chunk).map(toResponse)
  }

  /** Call when the stream ends: reports a partial frame as a SHORT error and clears the buffer. */
  end(): DecodedFrame[] {
    return this.scanner.finish('读卡器应答').map(toResponse)
  }

  /** Drops any buffered bytes (e.g. after reopening the port). */
  reset(): void {
    this.scanner.reset()
  }

  get pendingBytes(): number {
    return this.scanner.pendingBytes
  }

  get discardedBytes(): number {
    return this.scanner.discardedBytes
  }
}

function toResponse(raw: RawResult): DecodedFrame {
  if (!raw.ok) return raw
  const p = raw.payload
  if (p.length < 3) {
    return {
      ok: false,
      error: { code: 'SHORT', message: `读卡器应答帧过短,缺少状态字节(内容只有 ${p.length} 字节)` },
    }
  }
  return { ok: true, frame: { status: [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0], body: p.slice(3) } }
}

/** Decodes command frames (host → SAM), for a reader simulator. Never throws. */
export class CommandDecoder {
  private readonly scanner: FrameScanner

  constructor(options: FrameDecoderOptions = {}) {
    this.scanner = new FrameScanner(options)
  }

  push(chunk: Uint8Array): DecodedCommand[] {
    return this.scanner.scan(chunk).map(toCommand)
  }

  end(): DecodedCommand[] {
    return this.scanner.finish('读卡器命令').map(toCommand)
  }

  reset(): void {
    this.scanner.reset()
  }
}

function toCommand(raw: RawResult): DecodedCommand {
  if (!raw.ok) return raw
  if (raw.payload.length < 2) {
    return { ok: false, error: { code: 'SHORT', message: '读卡器命令帧过短' } }
  }
  return { ok: true, command: raw.payload }
}

/** True when a command payload equals one of the command constants. */
export function isCommand(payload: Uint8Array, command: SamCommand): boolean {
  return payload.length === 2 && payload[0] === command[0] && payload[1] === command[1]
}

// ---------------------------------------------------------------------------------------------
// Read responses

export type ResponseErrorCode = FrameErrorCode | 'STATUS' | 'NO_FRAME'

export interface ResponseError {
  code: ResponseErrorCode
  /** In Chinese. */
  message: string
}

export type ReadResponseResult =
  | { ok: true; text: Uint8Array; photo: Uint8Array }
  | { ok: false; error: ResponseError }

/**
 * Splits the body of a successful READ_BASE response (status 00 00 90): text length (2 bytes,
 * big-endian, normally 01 00), photo length (normally 04 00), the text block, the photo.
 * Never throws.
 */
export function parseReadResponse(body: Uint8Array): ReadResponseResult {
  const data = toBytes(body)
  if (data === undefined || data.length < 4) {
    return { ok: false, error: { code: 'SHORT', message: '读卡应答过短,缺少文字和照片的长度' } }
  }
  const textLength = ((data[0] ?? 0) << 8) | (data[1] ?? 0)
  const photoLength = ((data[2] ?? 0) << 8) | (data[3] ?? 0)
  if (textLength !== CARD_TEXT_LENGTH) {
    return {
      ok: false,
      error: { code: 'LENGTH', message: `读卡应答中文字信息长度应为256字节,实际为 ${textLength} 字节` },
    }
  }
  const expected = 4 + textLength + photoLength
  if (data.length < expected) {
    return {
      ok: false,
      error: { code: 'SHORT', message: `读卡应答不完整:应有 ${expected} 字节,实际为 ${data.length} 字节` },
    }
  }
  if (data.length > expected) {
    return {
      ok: false,
      error: { code: 'LENGTH', message: `读卡应答长度与文字、照片长度不符:应有 ${expected} 字节,实际为 ${data.length} 字节` },
    }
  }
  return {
    ok: true,
    text: data.slice(4, 4 + textLength),
    photo: data.slice(4 + textLength, expected),
  }
}

export type ResponseFileResult =
  | { ok: true; source: 'text' | 'frame'; text: Uint8Array; photo: Uint8Array | null }
  | { ok: false; error: ResponseError }

function startsWithHeader(bytes: Uint8Array): boolean {
  return FRAME_HEADER.every((b, i) => bytes[i] === b)
}

/**
 * For `idcard parse <file>`: accepts either a raw 256-byte text block or a captured read
 * response (a whole frame; noise around it and other frames of the same session are skipped)
 * and returns the text block, plus the photo when it came from a frame. Never throws.
 */
export function decodeResponseFile(bytes: Uint8Array): ResponseFileResult {
  try {
    const data = toBytes(bytes)
    if (data === undefined) {
      return { ok: false, error: { code: 'NO_FRAME', message: '文件内容不是字节数据' } }
    }
    if (data.length === CARD_TEXT_LENGTH && !startsWithHeader(data)) {
      return { ok: true, source: 'text', text: data.slice(), photo: null }
    }
    const decoder = new FrameDecoder()
    const results = [...decoder.push(data), ...decoder.end()]
    let firstError: ResponseError | undefined
    let badStatus: number | undefined
    for (const r of results) {
      if (!r.ok) {
        firstError ??= r.error
        continue
      }
      const sw3 = r.frame.status[2]
      if (sw3 !== SAM_STATUS.OK) {
        badStatus ??= sw3
        continue
      }
      const read = parseReadResponse(r.frame.body)
      if (read.ok) return { ok: true, source: 'frame', text: read.text, photo: read.photo }
      firstError ??= read.error
    }
    if (firstError !== undefined) return { ok: false, error: firstError }
    if (badStatus !== undefined) {
      return {
        ok: false,
        error: { code: 'STATUS', message: `读卡器应答为错误状态 ${hex2(badStatus)}:${statusMessage(badStatus)}` },
      }
    }
    return {
      ok: false,
      error: {
        code: 'NO_FRAME',
        message: `文件既不是256字节的身份证文字信息,也不含读卡应答帧(文件为 ${data.length} 字节)`,
      },
    }
  } catch {
    return { ok: false, error: { code: 'NO_FRAME', message: '文件内容无法解析' } }
  }
}
