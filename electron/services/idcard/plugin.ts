// The ID card reader plugin hook. Every way of reaching a reader (the SDT library, the SAM
// module's serial frames, a vendor's local HTTP service, the simulator, a site's own JavaScript
// module) is one plugin with this shape, so the reader service and the screens never care which
// reader a site owns. docs/idcard-plugins.md explains it to a third-party author.
import { parseCardText, type IdCard } from '../../common/idcard';
import { readerErrorCodes } from '../../common/contract-idcard';

/**
 * What went wrong, as a plugin reports it. The service shows `message` to the user as it is, so it
 * must be a Chinese sentence that says what to do ("请把证件放在读卡区"), not an error dump.
 *
 * - `NO_CARD`: no card on the reader (SDT 0x80 on find).
 * - `REPLACE_CARD`: the card is there but must be lifted and put back (select failed, card-SAM
 *   authentication failed, a read failed half way).
 * - `NOT_CONNECTED`: no reader answers on the configured port, device or address.
 * - `LIBRARY`: the native library cannot be used (missing, 32-bit, missing function).
 * - `TIMEOUT`: the reader or service did not answer in time.
 * - `PROTOCOL`: the answer was malformed (bad checksum, short frame, not JSON).
 * - `DEVICE`: the reader reported an error of its own (SAM not authorised, self-test failed …).
 * - `CARD_DATA`: the card was read but its data cannot be parsed.
 * - `CONFIG`: the settings are wrong or incomplete.
 * - `PLUGIN`: a third-party plugin failed (threw, hung, answered nonsense) and was disabled.
 */
export type ReaderErrorCode = (typeof readerErrorCodes)[number];
export { readerErrorCodes };

export interface ReaderError {
  code: ReaderErrorCode;
  /** In Chinese, for the user. */
  message: string;
}

/** One card as read: the parsed fields and the raw photo bytes (WLT, or an image from a service). */
export interface CardRead {
  card: IdCard;
  /** 1024-byte WLT from the SAM, a JPEG/PNG/BMP from a local service, or null when there is none. */
  photo: Uint8Array | null;
}

export type ReadOutcome = ({ ok: true } & CardRead) | { ok: false; error: ReaderError };
export type OpenOutcome = { ok: true } | { ok: false; error: ReaderError };

/** A setting value: text, a number, a switch, or a field mapping (name → path in an answer). */
export type SettingValue = string | number | boolean | Record<string, string>;
export type ReaderSettings = Record<string, SettingValue>;

/**
 * One setting a plugin needs. The 设置 › 身份证阅读器 form is generated from these, and the service
 * checks saved values against them (type, options, min/max), so a plugin gets what it described.
 */
export type SettingField =
  | (FieldBase & { type: 'text'; default: string; placeholder?: string; maxLength?: number })
  | (FieldBase & { type: 'number'; default: number; min: number; max: number; step?: number })
  | (FieldBase & { type: 'select'; default: string; options: { value: string; label: string }[] })
  | (FieldBase & { type: 'boolean'; default: boolean })
  | (FieldBase & { type: 'mapping'; default: Record<string, string>; keys: { key: string; label: string }[] });

interface FieldBase {
  /** Letters, digits and underscores; the key in ReaderSettings. */
  key: string;
  /** 中文 label shown in the form. */
  label: string;
  /** A line of help under the field. */
  help?: string;
}

/** Settings a site may apply in one click (e.g. the common 127.0.0.1:19196 service). */
export interface SettingsPreset {
  label: string;
  settings: ReaderSettings;
}

/**
 * A reader plugin. The service uses it for one read at a time, in this order:
 *
 *   open(settings) → read() → close()
 *
 * `close()` is called after every `open()`, whatever happened in between, so a plugin may keep a
 * port or a library handle from `open` to `close`. Nothing else calls a plugin concurrently.
 *
 * Failures a user can act on (no card, a port that does not open, a time-out) are RETURNED as
 * `{ ok: false, error }`. A plugin that THROWS, or does not answer within the service's time
 * limit, has a bug: a third-party plugin is then disabled until it is chosen again in 设置.
 *
 * A plugin must not block: the built-in ones wait on I/O (koffi's asynchronous calls, serialport,
 * fetch, timers); third-party plugins run in a worker thread that is terminated if it hangs.
 */
export interface ReaderPlugin {
  /** Stable identifier stored in 设置: `sdt`, `sam-serial`, `http`, `simulator`, or `file:<name>`. */
  readonly id: string;
  /** Name shown in 设置, in Chinese. */
  readonly name: string;
  readonly version: string;
  /** One or two sentences on when to choose it. */
  readonly description: string;
  readonly settings: readonly SettingField[];
  readonly presets?: readonly SettingsPreset[];
  /** Prepares the reader (loads the library, opens the port). Settings are already checked. */
  open(settings: ReaderSettings): Promise<OpenOutcome>;
  /** Reads the card on the reader once. */
  read(): Promise<ReadOutcome>;
  /** Releases what open() took. Must not throw for a port that is already closed. */
  close(): Promise<void>;
}

export function readerError(code: ReaderErrorCode, message: string): { ok: false; error: ReaderError } {
  return { ok: false, error: { code, message } };
}

/** For plugins that get the 256-byte text block (SDT, SAM frames): parse it into the card. */
export function cardFromText(text: Uint8Array, photo: Uint8Array | null): ReadOutcome {
  const parsed = parseCardText(text);
  if (!parsed.ok) return readerError('CARD_DATA', `身份证信息无法解析:${parsed.error.message}。请拿起证件重新放置后再读`);
  return { ok: true, card: parsed.card, photo };
}

/** The defaults of a plugin's settings. */
export function defaultSettings(fields: readonly SettingField[]): ReaderSettings {
  return Object.fromEntries(fields.map((f) => [f.key, typeof f.default === 'object' ? { ...f.default } : f.default]));
}

/** Waits ms milliseconds (for delays that must not block the event loop). */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
