// `siteoffice safety summary --file <scores.csv>`: prints the 汇总表 of one assessment as JSON, or
// says in Chinese which row is wrong and exits 1 with nothing on stdout (checks outside the test
// suite read stdout).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ApiError } from '../common/errors';
import { scoreSummaryCsv } from '../services/safety/summary-csv';

export const safetyUsage = '  siteoffice safety summary --file <评分表.csv>';

export async function safetyCli(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  let file: string | undefined;
  try {
    if (sub !== 'summary') throw new Error(sub === undefined ? '缺少子命令 summary' : `未知的子命令:${sub}`);
    const { values, positionals } = parseArgs({ args: rest, options: { file: { type: 'string' } }, strict: true, allowPositionals: true });
    if (positionals.length > 0) throw new Error(`多余的参数:${positionals.join(' ')}`);
    file = values.file;
    if (!file) throw new Error('缺少参数 --file');
  } catch (e) {
    const message = (e as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `未知参数:${/'([^']+)'/.exec((e as Error).message)?.[1] ?? ''}` : (e as Error).message;
    console.error(`错误:${message}\n用法:\n${safetyUsage}`);
    return 1;
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    console.error(`错误:无法读取文件 ${file}:${code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个文件夹' : (e as Error).message}`);
    return 1;
  }
  try {
    const result = await scoreSummaryCsv(path.basename(file), bytes);
    console.log(JSON.stringify(result, null, 2));
    return 0;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    console.error(`错误:${e.message}`);
    return 1;
  }
}
