// USB-serial readers spoken to directly: the SAM module's frames (AA AA AA 96 69, length,
// payload, XOR) over serialport. find (20 01) → select (20 02) → read text and photo (30 01).
// serialport's I/O is asynchronous, so a read never holds the main process.
import {
  buildFrame,
  FIND_CARD,
  FrameDecoder,
  parseReadResponse,
  READ_BASE,
  SAM_STATUS,
  SELECT_CARD,
  type SamCommand,
  type SamFrame,
} from '../../common/idcard';
import { cardFromText, readerError, type OpenOutcome, type ReadOutcome, type ReaderError, type ReaderPlugin, type ReaderSettings, type SettingField } from './plugin';
import { statusError } from './status';

const BAUD_RATES = ['115200', '57600', '38400', '19200', '9600'];

const settings: SettingField[] = [
  {
    key: 'path',
    label: '串口',
    type: 'text',
    default: process.platform === 'win32' ? 'COM3' : '/dev/ttyUSB0',
    maxLength: 200,
    placeholder: process.platform === 'win32' ? '如 COM3' : '如 /dev/ttyUSB0',
    help: 'Windows 在 设备管理器 › 端口(COM 和 LPT) 中查看读卡器的 COM 口号',
  },
  { key: 'baudRate', label: '波特率', type: 'select', default: '115200', options: BAUD_RATES.map((b) => ({ value: b, label: b })) },
  // Three commands per read must fit in the service's 15-second limit on a read.
  { key: 'timeoutMs', label: '应答超时(毫秒)', type: 'number', default: 3000, min: 200, max: 4000, step: 100, help: '读卡器超过这个时间没有应答即报超时' },
];

/** The byte pipe a SamLink talks through: a serial port, or a test's in-memory pair. */
export interface ByteChannel {
  write(bytes: Uint8Array): Promise<void>;
}

export type CommandOutcome = { ok: true; frame: SamFrame } | { ok: false; error: ReaderError };

/**
 * One command at a time over the channel: send a frame, wait for the answering frame. Bytes that
 * arrive while no command waits (a late answer to a command that timed out) are dropped, so they
 * cannot be taken for the next command's answer. Never throws.
 */
export class SamLink {
  private readonly decoder = new FrameDecoder();
  private waiting: ((outcome: CommandOutcome) => void) | null = null;

  constructor(private readonly channel: ByteChannel, private readonly timeoutMs: number) {}

  /** Feed bytes as they arrive from the reader. */
  receive(chunk: Uint8Array): void {
    if (!this.waiting) return;
    for (const result of this.decoder.push(chunk)) {
      if (result.ok) {
        this.settle({ ok: true, frame: result.frame });
      } else {
        this.settle({ ok: false, error: { code: 'PROTOCOL', message: `${result.error.message}:请重试,多次出现请检查串口的波特率和连接线` } });
      }
      return;
    }
  }

  /** The channel failed or closed: whatever waits learns it now instead of at its time-out. */
  fail(error: ReaderError): void {
    this.settle({ ok: false, error });
  }

  async command(command: SamCommand): Promise<CommandOutcome> {
    if (this.waiting) return { ok: false, error: { code: 'DEVICE', message: '上一条读卡器命令仍在等待应答' } };
    this.decoder.reset();
    const answer = new Promise<CommandOutcome>((resolve) => {
      const timer = setTimeout(() => {
        // Part of a frame and then silence is a short frame, not a reader that is not there.
        const partial = this.decoder.end().find((r) => !r.ok);
        this.settle(partial && !partial.ok
          ? { ok: false, error: { code: 'PROTOCOL', message: `${partial.error.message}:读卡器应答中断,请重试` } }
          : { ok: false, error: { code: 'TIMEOUT', message: `读卡器在 ${this.timeoutMs} 毫秒内没有应答:请检查串口和波特率是否正确、读卡器是否已通电连接` } });
      }, this.timeoutMs);
      this.waiting = (outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      };
    });
    try {
      await this.channel.write(buildFrame(command));
    } catch (e) {
      this.settle({ ok: false, error: { code: 'NOT_CONNECTED', message: `无法向读卡器发送命令:${(e as Error).message}` } });
    }
    return answer;
  }

  private settle(outcome: CommandOutcome): void {
    const waiting = this.waiting;
    this.waiting = null;
    this.decoder.reset();
    waiting?.(outcome);
  }
}

/** find → select → read over a link, as every SAM reader expects. */
export async function readCardOverLink(link: SamLink): Promise<ReadOutcome> {
  const find = await link.command(FIND_CARD);
  if (!find.ok) return find;
  if (find.frame.status[2] !== SAM_STATUS.CARD_FOUND) return { ok: false, error: statusError(find.frame.status[2], 'find') };
  const select = await link.command(SELECT_CARD);
  if (!select.ok) return select;
  if (select.frame.status[2] !== SAM_STATUS.OK) return { ok: false, error: statusError(select.frame.status[2], 'select') };
  const read = await link.command(READ_BASE);
  if (!read.ok) return read;
  if (read.frame.status[2] !== SAM_STATUS.OK) return { ok: false, error: statusError(read.frame.status[2], 'read') };
  const parts = parseReadResponse(read.frame.body);
  if (!parts.ok) return readerError('PROTOCOL', `${parts.error.message}:请拿起证件重新放置后再读`);
  return cardFromText(parts.text, parts.photo.length > 0 ? parts.photo : null);
}

/** serialport's English messages, in the user's words. */
export function serialOpenError(device: string, e: Error): ReaderError {
  const text = e.message;
  if (/No such file|File not found|ENOENT|cannot find/i.test(text)) {
    return { code: 'NOT_CONNECTED', message: `找不到串口 ${device}:请检查读卡器的 USB 线,并在设备管理器中查看它的 COM 口号(${text})` };
  }
  if (/Permission denied|EACCES/i.test(text)) {
    return { code: 'NOT_CONNECTED', message: `没有权限打开串口 ${device}:Linux 上请把当前用户加入 dialout 组后重新登录(${text})` };
  }
  if (/Access denied|busy|lock/i.test(text)) {
    return { code: 'NOT_CONNECTED', message: `串口 ${device} 正被其他程序占用:请关闭读卡器厂家的读卡软件后重试(${text})` };
  }
  return { code: 'NOT_CONNECTED', message: `无法打开串口 ${device}:${text}` };
}

interface OpenPort {
  link: SamLink;
  close(): Promise<void>;
}

export function createSamSerialPlugin(): ReaderPlugin {
  let open: OpenPort | null = null;
  return {
    id: 'sam-serial',
    name: 'SAM 模块串口',
    version: '1.0.0',
    description: '直接通过串口(USB 转串口)与读卡器中的 SAM 模块通信,不需要厂家的动态库。',
    settings,
    async open(values: ReaderSettings): Promise<OpenOutcome> {
      const device = typeof values.path === 'string' ? values.path.trim() : '';
      if (device === '') return readerError('CONFIG', '请在设置中填写读卡器的串口(如 COM3 或 /dev/ttyUSB0)');
      const baudRate = Number(values.baudRate ?? 115200);
      const timeoutMs = typeof values.timeoutMs === 'number' ? values.timeoutMs : 3000;
      let SerialPort: typeof import('serialport').SerialPort;
      try {
        ({ SerialPort } = await import('serialport'));
      } catch {
        return readerError('LIBRARY', '串口组件(serialport)无法加载:请重新安装本程序');
      }
      let port: InstanceType<typeof SerialPort>;
      try {
        port = new SerialPort({ path: device, baudRate, autoOpen: false });
      } catch (e) {
        return readerError('CONFIG', `串口设置无效:${(e as Error).message}`);
      }
      const opened = await new Promise<Error | null>((resolve) => port.open((err) => resolve(err ?? null)));
      if (opened) return { ok: false, error: serialOpenError(device, opened) };
      const link = new SamLink({
        write: (bytes) => new Promise<void>((resolve, reject) => {
          port.write(Buffer.from(bytes), (err) => (err ? reject(err) : resolve()));
        }),
      }, timeoutMs);
      port.on('data', (chunk: Buffer) => link.receive(chunk));
      port.on('error', (err: Error) => link.fail({ code: 'NOT_CONNECTED', message: `读卡器串口出错:${err.message}` }));
      port.on('close', () => link.fail({ code: 'NOT_CONNECTED', message: '读卡器的串口连接已断开:请检查 USB 线后重试' }));
      open = {
        link,
        close: () => new Promise<void>((resolve) => {
          port.removeAllListeners('close');
          if (!port.isOpen) {
            resolve();
            return;
          }
          port.close(() => resolve());
        }),
      };
      return { ok: true };
    },
    async read(): Promise<ReadOutcome> {
      if (!open) return readerError('NOT_CONNECTED', '读卡器串口未打开');
      return readCardOverLink(open.link);
    },
    async close(): Promise<void> {
      const current = open;
      open = null;
      await current?.close();
    },
  };
}
