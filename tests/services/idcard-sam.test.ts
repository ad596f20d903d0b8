// The SAM serial plugin against a fake SAM module on the other end of a real pseudo-terminal pair
// (socat): the plugin opens its end with serialport at 115200 baud as it would /dev/ttyUSB0; the
// fake decodes each command frame with the codec and answers with frames built by it: a card,
// no card, a bad checksum, a short frame, a frame cut off, or silence.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SerialPort } from 'serialport';
import fc from 'fast-check';
import {
  buildFrame, buildReadResponseFrame, buildResponseFrame, CommandDecoder, encodeCardText, isCommand, samplePhoto,
  FIND_CARD, SELECT_CARD, READ_BASE, RESIDENT_ZHANG, PERMIT_CHAN, FOREIGNER_2023_RODRIGUEZ, type IdCard,
} from '../../electron/common/idcard';
import { SamLink, readCardOverLink } from '../../electron/services/idcard/sam-serial';
import { openReaderApp, choose, read, failure, success, CHINESE, type ReaderApp } from './idcard-support';
import { tool } from '../support/tools';

type Answer = 'ok' | 'bad-checksum' | 'silence' | 'short' | 'truncated' | 'noise-then-ok' | number;

interface Behaviour {
  find: Answer;
  select: Answer;
  read: Answer;
  card: IdCard;
}

interface FakeSam {
  /** The reader's end, for the plugin's settings. */
  device: string;
  behaviour: Behaviour;
  /** Command names in the order they arrived. */
  received: string[];
  stop(): Promise<void>;
}

const OK_BEHAVIOUR = (): Behaviour => ({ find: 'ok', select: 'ok', read: 'ok', card: RESIDENT_ZHANG });

async function waitFor(file: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (fs.existsSync(file)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`socat did not create ${file}`);
}

/** socat's pty pair, and a fake SAM module answering on one end. */
async function startFakeSam(): Promise<FakeSam> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-sam-'));
  const device = path.join(dir, 'ttyREADER');
  const samEnd = path.join(dir, 'ttySAM');
  const socat: ChildProcess = spawn(tool('socat'), ['-d', '-d', `pty,raw,echo=0,link=${device}`, `pty,raw,echo=0,link=${samEnd}`], { stdio: 'ignore' });
  await waitFor(device);
  await waitFor(samEnd);
  const port = new SerialPort({ path: samEnd, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  const decoder = new CommandDecoder();
  const fake: FakeSam = {
    device,
    behaviour: OK_BEHAVIOUR(),
    received: [],
    async stop() {
      await new Promise<void>((resolve) => port.close(() => resolve()));
      socat.kill('SIGTERM');
      await new Promise((resolve) => socat.once('exit', resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  const send = (bytes: Uint8Array) => port.write(Buffer.from(bytes));
  const answer = (how: Answer, success: number, okFrame: () => Uint8Array) => {
    if (how === 'silence') return;
    if (typeof how === 'number') return send(buildResponseFrame(how));
    const frame = okFrame();
    switch (how) {
      case 'ok':
        return send(frame);
      case 'noise-then-ok':
        return send(Uint8Array.from([0x00, 0xaa, 0x13, 0x37, 0xaa, 0xaa, ...frame]));
      case 'bad-checksum': {
        const bad = frame.slice();
        bad[bad.length - 1] = bad[bad.length - 1]! ^ 0xff;
        return send(bad);
      }
      case 'short':
        // A well-formed frame with too little payload to hold the three status bytes.
        return send(buildFrame([0x00, success]));
      case 'truncated':
        return send(frame.subarray(0, 100));
    }
  };
  port.on('data', (chunk: Buffer) => {
    for (const result of decoder.push(chunk)) {
      if (!result.ok) continue;
      const b = fake.behaviour;
      if (isCommand(result.command, FIND_CARD)) {
        fake.received.push('find');
        answer(b.find, 0x9f, () => buildResponseFrame(0x9f, new Uint8Array(4)));
      } else if (isCommand(result.command, SELECT_CARD)) {
        fake.received.push('select');
        answer(b.select, 0x90, () => buildResponseFrame(0x90, new Uint8Array(8)));
      } else if (isCommand(result.command, READ_BASE)) {
        fake.received.push('read');
        answer(b.read, 0x90, () => buildReadResponseFrame(encodeCardText(b.card), samplePhoto(5)));
      } else {
        fake.received.push('other');
        send(buildResponseFrame(0x21));
      }
    }
  });
  return fake;
}

let sam: FakeSam;
let r: ReaderApp | undefined;
beforeEach(async () => {
  sam = await startFakeSam();
});
afterEach(async () => {
  r?.close();
  r = undefined;
  await sam.stop();
});

async function reader(timeoutMs = 500): Promise<ReaderApp> {
  const app = await openReaderApp();
  await choose(app, 'sam-serial', { path: sam.device, baudRate: '115200', timeoutMs });
  return app;
}

describe('SAM module frames over a serial port (socat pty pair)', () => {
  it('finds, selects and reads a card: text and photo from one response frame', async () => {
    r = await reader();
    const result = success(await read(r));
    expect(result.card).toEqual(RESIDENT_ZHANG);
    expect(Buffer.from(result.photo!.base64, 'base64')).toEqual(Buffer.from(samplePhoto(5)));
    expect(result.pluginName).toBe('SAM 模块串口');
    expect(sam.received).toEqual(['find', 'select', 'read']);
    // The port is closed after each read: reading again opens it again.
    sam.behaviour.card = PERMIT_CHAN;
    expect(success(await read(r)).card).toEqual(PERMIT_CHAN);
    sam.behaviour.card = FOREIGNER_2023_RODRIGUEZ;
    expect(success(await read(r)).card).toEqual(FOREIGNER_2023_RODRIGUEZ);
  });

  it('skips noise on the line before a frame', async () => {
    r = await reader();
    sam.behaviour.read = 'noise-then-ok';
    expect(success(await read(r)).card).toEqual(RESIDENT_ZHANG);
  });

  it('reports no card (find answered 00 00 80) without selecting', async () => {
    r = await reader();
    sam.behaviour.find = 0x80;
    const result = failure(await read(r));
    expect(result.code).toBe('NO_CARD');
    expect(result.message).toBe('未找到身份证:请把证件放在读卡区;刚读过的证件请拿起后重新放置(状态码 0x80)');
    expect(sam.received).toEqual(['find']);
  });

  it('asks to replace the card when select fails, and names an unauthorised SAM', async () => {
    r = await reader();
    sam.behaviour.select = 0x81;
    expect(failure(await read(r)).message).toBe('选卡失败,请拿起证件重新放置(状态码 0x81)');
    sam.behaviour.select = 'ok';
    sam.behaviour.read = 0x66;
    expect(failure(await read(r)).message).toBe('SAM 未经授权,无法使用:请联系读卡器厂家(状态码 0x66)');
  });

  it('reports a bad checksum', async () => {
    r = await reader();
    sam.behaviour.read = 'bad-checksum';
    const result = failure(await read(r));
    expect(result.code).toBe('PROTOCOL');
    expect(result.message).toMatch(/^读卡器数据帧校验和错误\(应为 0x[0-9A-F]{2},实际为 0x[0-9A-F]{2}\):请重试,多次出现请检查串口的波特率和连接线$/);
  });

  it('reports a short frame, and a frame cut off before its end', async () => {
    r = await reader();
    sam.behaviour.select = 'short';
    const short = failure(await read(r));
    expect(short.code).toBe('PROTOCOL');
    expect(short.message).toBe('读卡器应答帧过短,缺少状态字节(内容只有 2 字节):请重试,多次出现请检查串口的波特率和连接线');
    sam.behaviour.select = 'ok';
    sam.behaviour.read = 'truncated';
    const cut = failure(await read(r));
    expect(cut.code).toBe('PROTOCOL');
    expect(cut.message).toBe('读卡器应答帧不完整,只收到 100 字节:读卡器应答中断,请重试');
  });

  it('times out on silence, and reads again once the module answers', async () => {
    r = await reader(400);
    sam.behaviour.find = 'silence';
    const started = Date.now();
    const result = failure(await read(r));
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    expect(result.code).toBe('TIMEOUT');
    expect(result.message).toBe('读卡器在 400 毫秒内没有应答:请检查串口和波特率是否正确、读卡器是否已通电连接');
    sam.behaviour.find = 'ok';
    expect(success(await read(r)).card).toEqual(RESIDENT_ZHANG);
  });

  it('says when the serial device does not exist', async () => {
    r = await openReaderApp();
    const missing = path.join(os.tmpdir(), 'no-such-tty');
    const result = failure(await r.t.call('idcard.test', { pluginId: 'sam-serial', settings: { path: missing, baudRate: '115200', timeoutMs: 500 } }, r.manager));
    expect(result.code).toBe('NOT_CONNECTED');
    expect(result.message).toMatch(new RegExp(`^找不到串口 ${missing}:请检查读卡器的 USB 线`));
  });
});

describe('the frame exchange fed random bytes', () => {
  it('answers every command with a frame or a typed error, never throws, never hangs', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.uint8Array({ maxLength: 400 }), { maxLength: 6 }),
      fc.boolean(),
      async (chunks, withValidPrefix) => {
        const written: Uint8Array[] = [];
        const link = new SamLink({ write: async (bytes) => { written.push(bytes); } }, 5);
        const feed = (async () => {
          // Whatever arrives, in whatever pieces, while the three commands wait.
          for (let i = 0; i < 40 && written.length < 4; i++) {
            await new Promise((resolve) => setImmediate(resolve));
            if (withValidPrefix && written.length === 1) link.receive(buildResponseFrame(0x9f));
            for (const c of chunks) link.receive(c);
          }
        })();
        const outcome = await readCardOverLink(link);
        await feed;
        if (outcome.ok) {
          expect(outcome.card.idNumber.length).toBeGreaterThan(0);
        } else {
          expect(['NO_CARD', 'REPLACE_CARD', 'NOT_CONNECTED', 'TIMEOUT', 'PROTOCOL', 'DEVICE', 'CARD_DATA']).toContain(outcome.error.code);
          expect(CHINESE.test(outcome.error.message)).toBe(true);
        }
      },
    ), { numRuns: 150 });
  });
});
