// `siteoffice safety summary --file <scores.csv>` run for real as a child process, as checks from
// outside the test suite run it: the JSON of the 汇总表 on stdout, or a Chinese message naming the
// row on stderr, exit 1 and nothing on stdout.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, cliEnv, root } from '../services/sync-cli-build';

let dir: string;
let cli: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safety-cli-'));
  cli = await buildCli(dir);
}, 60000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const HEADER = '检查评分表,保证项目实得,保证项目应得,一般项目实得,一般项目应得,保证项目零分项';
/** The example of site-modules.md, one row per table inspected; no 施工升降机, no crane. */
const EXAMPLE = [
  '安全管理,60,60,20,40,0', '文明施工,60,60,24,40,0', '扣件式钢管脚手架,60,60,22,40,0', '悬挑式脚手架,60,60,16,40,0',
  '基坑工程,60,60,25,40,0', '模板支架,60,60,25,40,0', '高处作业,,,82,100,', '施工用电,60,60,20,40,0',
  '物料提升机,60,60,18,40,0', '施工机具,,,82,100,',
];

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd: root, env: cliEnv(), encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

async function summary(rows: string[], options: { header?: string; name?: string; encoding?: 'utf8' | 'bom' } = {}) {
  const file = path.join(dir, options.name ?? `scores-${Math.random().toString(36).slice(2)}.csv`);
  const text = `${options.header ?? HEADER}\n${rows.join('\n')}\n`;
  fs.writeFileSync(file, options.encoding === 'bom' ? `\ufeff${text}` : text);
  return run(['safety', 'summary', '--file', file]);
}

describe('siteoffice safety summary', () => {
  it('prints the 汇总表 of the worked example: 81.78 优良, the ten 分项 in order, 缺项 as null', async () => {
    const r = await summary(EXAMPLE, { encoding: 'bom' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { total: number; grade: string; zeroTables: string[]; items: { name: string; weight: number; score: number | null; points: number | null }[] };
    expect(Object.keys(out)).toEqual(['total', 'grade', 'zeroTables', 'items']);
    expect(out.total).toBe(81.78);
    expect(out.grade).toBe('优良');
    expect(out.zeroTables).toEqual([]);
    expect(out.items).toEqual([
      { name: '安全管理', weight: 10, score: 80, points: 8 },
      { name: '文明施工', weight: 15, score: 84, points: 12.6 },
      { name: '脚手架', weight: 10, score: 79, points: 7.9 },
      { name: '基坑工程', weight: 10, score: 85, points: 8.5 },
      { name: '模板支架', weight: 10, score: 85, points: 8.5 },
      { name: '高处作业', weight: 10, score: 82, points: 8.2 },
      { name: '施工用电', weight: 10, score: 80, points: 8 },
      { name: '物料提升机与施工升降机', weight: 10, score: 78, points: 7.8 },
      { name: '塔式起重机与起重吊装', weight: 10, score: null, points: null },
      { name: '施工机具', weight: 5, score: 82, points: 4.1 },
    ]);
  });

  it('with 施工用电 保证项目实得 38: that table 0, 72.89 不合格; one 保证项目 at 0 does the same', async () => {
    const low = JSON.parse((await summary(EXAMPLE.map((r) => r.replace(/^施工用电,60/, '施工用电,38')))).stdout) as { total: number; grade: string; zeroTables: string[]; items: { name: string; score: number | null }[] };
    expect(low).toMatchObject({ total: 72.89, grade: '不合格', zeroTables: ['施工用电'] });
    expect(low.items.find((i) => i.name === '施工用电')!.score).toBe(0);
    const zeroItem = JSON.parse((await summary(EXAMPLE.map((r) => r.replace(/^施工用电,60,60,20,40,0/, '施工用电,50,60,30,40,1')))).stdout) as { grade: string; zeroTables: string[] };
    expect(zeroItem).toMatchObject({ grade: '不合格', zeroTables: ['施工用电'] });
  });

  it('takes the table by its full title too, and 缺项 inside a table through the 应得 columns', async () => {
    const r = await summary(['施工用电检查评分表,50,50,36,40,0', '施工机具检查评分表,,,60,80,']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { total: number; items: { name: string; score: number | null; points: number | null }[] };
    // 施工用电 86 / 90 × 100 = 95.56; 施工机具 60 / 80 × 100 = 75; (9.556 + 3.75) / 15 × 100 = 88.70
    expect(out.items.find((i) => i.name === '施工用电')!.score).toBeCloseTo(95.5555555556, 8);
    expect(out.items.find((i) => i.name === '施工机具')!.points).toBe(3.75);
    expect(out.total).toBe(88.7);
  });

  const refusals: [string, string[], RegExp, string?][] = [
    ['an unknown table', ['安全管理,60,60,20,40,0', '施工电梯,60,60,20,40,0'], /第 3 行:未知的检查评分表“施工电梯”/],
    ['a score above its 应得', ['施工用电,61,60,20,40,0'], /第 2 行\(施工用电\):保证项目实得 61 超过保证项目应得 60/],
    ['an 应得 above the table', ['施工用电,60,70,20,40,0'], /第 2 行\(施工用电\):保证项目应得 70 超过本表保证项目满分 60/],
    ['a score below 0', ['文明施工,60,60,-2,40,0'], /第 2 行\(文明施工\):一般项目实得 -2 不能小于 0/],
    ['a missing 保证 score on a split table', ['安全管理,,60,20,40,0'], /第 2 行\(安全管理\):缺少保证项目实得/],
    ['a 保证 score on a table without the split', ['高处作业,60,60,22,40,'], /第 2 行\(高处作业\):本表不分保证项目和一般项目/],
    ['not a number', ['安全管理,六十,60,20,40,0'], /第 2 行\(安全管理\):保证项目实得“六十”不是数字/],
    ['too many zero items', ['施工用电,60,60,20,40,5'], /第 2 行\(施工用电\):保证项目零分项应为 0 到 4 的整数/],
    ['the same table twice', ['安全管理,60,60,20,40,0', '安全管理检查评分表,60,60,20,40,0'], /第 3 行\(安全管理\):与第 2 行是同一张检查评分表/],
    ['a missing column', ['安全管理,60,60,20,40'], /缺少必需的列:保证项目零分项/, '检查评分表,保证项目实得,保证项目应得,一般项目实得,一般项目应得'],
    ['no rows', [], /没有数据行|没有任何数据/],
  ];
  for (const [what, rows, message, header] of refusals) {
    it(`refuses ${what}: exit 1, the reason on stderr, nothing on stdout`, async () => {
      const r = await summary(rows, { header });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    });
  }

  it('refuses a missing --file and a file that is not there', async () => {
    for (const args of [['safety', 'summary'], ['safety', 'summary', '--file', path.join(dir, 'nope.csv')], ['safety', 'total']]) {
      const r = await run(args);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/错误:(缺少参数 --file|无法读取文件 .*文件不存在|未知的子命令:total)/);
    }
  });
});
