// `siteoffice idcard parse <file>` on files holding a 256-byte text block or a captured SAM read
// response. The command line is bundled from the sources into a temporary folder at the start (as
// build/scripts/bundle-main.cjs does) and run as a child process for the cases that show its
// wiring (stdout, stderr, exit code); every card type and every bad input also run through the
// same function in this process, which is much faster than a process each.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import fc from 'fast-check';
import {
  buildFrame, buildReadResponseFrame, buildResponseFrame, encodeCardText, samplePhoto, SAMPLE_CARDS, type IdCard,
} from '../../electron/common/idcard';
import { idcardCli } from '../../electron/cli/idcard';

const root = fileURLToPath(new URL('../..', import.meta.url));
let dir = '';
let cli = '';

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siteoffice-idcard-cli-'));
  cli = path.join(dir, 'cli.cjs');
  buildSync({
    entryPoints: [path.join(root, 'electron/cli/main.ts')], outfile: cli, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    absWorkingDir: root, logLevel: 'silent',
    external: ['electron', 'better-sqlite3', 'koffi', 'serialport', '@serialport/*', 'pdfkit', 'exceljs', '@embedpdf/*'],
    nodePaths: [path.join(root, 'node_modules')],
  });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(cli)}).main(process.argv.slice(1)).then((c) => { process.exitCode = c; })`, ...args], {
    cwd: root, encoding: 'utf8', env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** idcardCli in this process, with what it prints. */
function parseHere(...args: string[]): { status: number; stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { out.push(`${a.join(' ')}\n`); });
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { err.push(`${a.join(' ')}\n`); });
  try {
    const status = idcardCli(args);
    return { status, stdout: out.join(''), stderr: err.join('') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

let n = 0;
function file(bytes: Uint8Array | string): string {
  const f = path.join(dir, `input-${n++}.bin`);
  fs.writeFileSync(f, bytes);
  return f;
}

/** The documented keys, in order, for each card type. */
function expected(card: IdCard): Record<string, string> {
  const out: Record<string, string> = { cardType: card.cardType, name: card.name, sex: card.sex };
  if (card.cardType === 'resident') Object.assign(out, { nationCode: card.nationCode, nation: card.nation });
  Object.assign(out, {
    birthDate: card.birthDate, address: 'address' in card ? card.address : '', idNumber: card.idNumber, issuer: card.issuer ?? '',
    validFrom: card.validFrom, validTo: card.validTo,
  });
  if (card.cardType === 'hkmotw') Object.assign(out, { passNumber: card.passNumber, issueCount: card.issueCount });
  if (card.cardType === 'foreigner2017' || card.cardType === 'foreigner2023') Object.assign(out, { englishName: card.englishName, nationality: card.nationality });
  return out;
}

describe('siteoffice idcard parse <file>', () => {
  it('runs as `siteoffice idcard parse <file>`: the JSON on stdout, exit 0; a message on stderr, exit 1', () => {
    const ok = run('idcard', 'parse', file(encodeCardText(SAMPLE_CARDS[0]!)));
    expect([ok.status, ok.stderr]).toEqual([0, '']);
    expect(JSON.parse(ok.stdout)).toEqual(expected(SAMPLE_CARDS[0]!));
    const missing = run('idcard', 'parse', path.join(dir, 'missing.bin'));
    expect([missing.status, missing.stdout]).toEqual([1, '']);
    expect(missing.stderr).toBe(`错误:无法读取文件 ${path.join(dir, 'missing.bin')}:文件不存在\n`);
    const usage = run('idcard');
    expect(usage.status).toBe(1);
    expect(usage.stderr).toContain('错误:缺少子命令 parse\n用法:siteoffice idcard parse <文件>');
    expect(run('help').stdout).toContain('siteoffice idcard parse <文件>');
  });

  it.each(SAMPLE_CARDS.map((c) => [c.cardType, c.name, c] as const))('prints a %s card (%s) from its 256-byte text block', (_type, _name, card) => {
    const r = parseHere('parse', file(encodeCardText(card)));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const printed = JSON.parse(r.stdout) as Record<string, string>;
    expect(printed).toEqual(expected(card));
    expect(Object.keys(printed)).toEqual(Object.keys(expected(card)));
  });

  it('prints the card from a whole SAM read response frame, with noise and other frames around it', () => {
    const card = SAMPLE_CARDS[1]!;
    const capture = Uint8Array.from([
      0x00, 0x13, ...buildResponseFrame(0x9f, new Uint8Array(4)), ...buildResponseFrame(0x90, new Uint8Array(8)),
      ...buildReadResponseFrame(encodeCardText(card), samplePhoto(2)), 0xff,
    ]);
    const r = run('idcard', 'parse', file(capture));
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected(card));
    const resident = JSON.parse(parseHere('parse', file(buildReadResponseFrame(encodeCardText(SAMPLE_CARDS[0]!), samplePhoto(1)))).stdout) as Record<string, string>;
    expect(resident).toMatchObject({ cardType: 'resident', sex: '男', nationCode: '01', nation: '汉', birthDate: '1985-07-12', validTo: '2035-03-01' });
  });

  const bad: [string, () => string, string][] = [
    ['a missing file', () => path.join(dir, 'missing.bin'), '错误:无法读取文件 '],
    ['a folder', () => dir, '错误:无法读取文件 '],
    ['an empty file', () => file(new Uint8Array(0)), '错误:文件既不是256字节的身份证文字信息,也不含读卡应答帧(文件为 0 字节)'],
    ['a text block of an unknown card type', () => file(new Uint8Array(256).fill(0x41)), '错误:无法识别的证件类型'],
    ['a frame cut short', () => file(buildReadResponseFrame(encodeCardText(SAMPLE_CARDS[0]!), samplePhoto(1)).subarray(0, 300)), '错误:读卡器应答帧不完整,只收到 300 字节'],
    ['a frame with a bad checksum', () => {
      const f = buildReadResponseFrame(encodeCardText(SAMPLE_CARDS[0]!), samplePhoto(1));
      f[f.length - 1] = f[f.length - 1]! ^ 1;
      return file(f);
    }, '错误:读卡器数据帧校验和错误'],
    ['a read that failed (status 41)', () => file(buildResponseFrame(0x41)), '错误:读卡器应答为错误状态 0x41:读卡失败,请重新放卡'],
    ['a frame with a text block that is not one', () => file(buildFrame([0, 0, 0x90, 0x00, 0x10, 0x00, 0x00, ...new Uint8Array(16)])), '错误:读卡应答中文字信息长度应为256字节,实际为 16 字节'],
  ];
  it.each(bad)('refuses %s: a message on stderr and exit 1', (_what, make, message) => {
    const r = parseHere('parse', make());
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(message)).toBe(true);
  });

  it('explains its arguments', () => {
    for (const [args, message] of [[[], '缺少子命令 parse'], [['show', 'x'], '未知的子命令:show'], [['parse'], '缺少文件'], [['parse', 'a', 'b'], '多余的参数:b']] as const) {
      const r = parseHere(...args);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`错误:${message}\n用法:siteoffice idcard parse <文件>`);
    }
  });
});

describe('idcard parse fed random and truncated files', () => {
  it('prints a card or a message, exit 0 or 1, never throws', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const whole = SAMPLE_CARDS.map((c, i) => buildReadResponseFrame(encodeCardText(c), samplePhoto(i + 1)));
      const inputs = fc.oneof(
        fc.uint8Array({ maxLength: 1600 }),
        fc.uint8Array({ minLength: 256, maxLength: 256 }),
        fc.tuple(fc.constantFrom(...whole), fc.nat(), fc.nat()).map(([f, a, b]) => f.subarray(Math.min(a, b) % f.length, Math.max(a, b) % (f.length + 1))),
        fc.tuple(fc.constantFrom(...SAMPLE_CARDS.map(encodeCardText)), fc.nat(255), fc.integer({ min: 0, max: 255 })).map(([t, i, v]) => {
          const copy = t.slice();
          copy[i] = v;
          return copy;
        }),
      );
      const target = path.join(dir, 'random.bin');
      fc.assert(fc.property(inputs, (bytes) => {
        log.mockClear();
        error.mockClear();
        fs.writeFileSync(target, bytes);
        const code = idcardCli(['parse', target]);
        expect([0, 1]).toContain(code);
        if (code === 0) {
          const printed = JSON.parse(String(log.mock.calls[0]?.[0])) as Record<string, string>;
          expect(['resident', 'hkmotw', 'foreigner2017', 'foreigner2023']).toContain(printed.cardType);
          expect(error).not.toHaveBeenCalled();
        } else {
          expect(String(error.mock.calls[0]?.[0])).toMatch(/^错误:[\s\S]*[\u4e00-\u9fff]/);
          expect(log).not.toHaveBeenCalled();
        }
      }), { numRuns: 400 });
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });
});
