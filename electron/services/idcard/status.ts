// SDT return codes and SAM status bytes share their values (both come from the SAM module), so
// one table turns either into a reader error with a message that says what to do next.
import { statusMessage } from '../../common/idcard';
import type { ReaderError, ReaderErrorCode } from './plugin';

export type ReaderStep = 'find' | 'select' | 'read';

const hex = (n: number): string => `0x${(n & 0xff).toString(16).toUpperCase().padStart(2, '0')}`;

/** Codes after which lifting the card and putting it back is the cure. */
const REPLACE = new Set([0x31, 0x32, 0x33, 0x41, 0x47]);
const PROTOCOL = new Set([0x03, 0x10, 0x11, 0x21]);

/** The reader error for a status byte (or SDT return code) that is not the expected success. */
export function statusError(status: number, step: ReaderStep): ReaderError {
  const code = `(状态码 ${hex(status)})`;
  const make = (c: ReaderErrorCode, message: string): ReaderError => ({ code: c, message });
  if (status === 0x80 || (step === 'find' && status === 0x91)) {
    return make('NO_CARD', `未找到身份证:请把证件放在读卡区;刚读过的证件请拿起后重新放置${code}`);
  }
  if (status === 0x81) return make('REPLACE_CARD', `选卡失败,请拿起证件重新放置${code}`);
  if (REPLACE.has(status)) return make('REPLACE_CARD', `${statusMessage(status).replace(/,请重新放卡$/, '')}:请拿起证件重新放置后再读${code}`);
  if (status === 0x01) return make('NOT_CONNECTED', `读卡器端口未打开或端口号无效:请检查读卡器的连接后重试${code}`);
  if (status === 0x02) return make('TIMEOUT', `读卡器接收超时:请检查读卡器的连接后重试${code}`);
  if (PROTOCOL.has(status)) return make('PROTOCOL', `${statusMessage(status)}:请重试,多次出现请检查读卡器的连接线${code}`);
  if (status === 0x40) return make('CARD_DATA', `无法识别的证件类型:请确认放的是二代身份证、港澳台居民居住证或外国人永久居留身份证${code}`);
  if (status === 0x60) return make('DEVICE', `SAM 自检失败:请拔插读卡器后重试,仍不行请联系读卡器厂家${code}`);
  if (status === 0x66 || status === 0x23) {
    return make('DEVICE', `${status === 0x66 ? 'SAM 未经授权,无法使用' : '读卡器报告越权操作'}:请联系读卡器厂家${code}`);
  }
  return make('DEVICE', `${statusMessage(status)}:请拿起证件重新放置后再读,仍不行请拔插读卡器${code}`);
}
