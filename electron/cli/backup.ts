// `siteoffice backup create --data-dir <d>` and `siteoffice backup restore --data-dir <d> <file>`:
// 备份与恢复 from the command line, for a site's folder or the central system's. A restore backs the
// current state up first, keeps the replaced file, and says what it means for sync.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ApiError } from '../common/errors';
import { openApp } from '../node/app';
import { redact } from '../common/redact';
import { adoptBackupFile, backupNow, backupPath, restoreBackup } from '../services/backups';
import { backupFileNamePattern } from '../common/backup-names';
import { lastRestore } from '../services/sync/generations';
import { ensureInstallation } from '../services/sync/identity';

export const backupUsage = `  siteoffice backup create --data-dir <数据文件夹>
  siteoffice backup restore --data-dir <数据文件夹> <备份文件>`;

function args(argv: string[], positionals: number): { dataDir: string; file?: string } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new ApiError('VALIDATION', `参数无效:${(e as Error).message.split('\n')[0]}\n用法:\n${backupUsage}`);
  }
  const dataDir = parsed.values['data-dir'];
  if (!dataDir) throw new ApiError('VALIDATION', `缺少参数 --data-dir\n用法:\n${backupUsage}`);
  if (parsed.positionals.length !== positionals) throw new ApiError('VALIDATION', `${positionals === 1 ? '请给出要恢复的备份文件' : `多余的参数:${parsed.positionals.join(' ')}`}\n用法:\n${backupUsage}`);
  return { dataDir, file: parsed.positionals[0] };
}

/** What a restore means for sync, in the words of the 同步 screens. */
function syncMeaning(app: ReturnType<typeof openApp>): string {
  const identity = ensureInstallation(app.services);
  if (identity.role === 'central') {
    return '同步:中心系统回到了备份时的状态。各工地下一次同步时,中心系统会告知其已收到的最后一条,工地从那里起重新发送(推送时自动进行;U 盘方式请把中心系统给出的回执导入工地后重新导出)。';
  }
  const r = lastRestore(app.services);
  if (!r) return '';
  const lines = [`同步:备份含第 ${r.firstSeq - 1} 条为止的变更;此后本机记录的变更作为第 ${r.generations} 代,从第 ${r.firstSeq} 条起同步,不会与恢复前的记录混淆。`];
  if (r.previousLastSeq !== null && r.previousLastSeq >= r.firstSeq) {
    const delivered = Math.min(r.previousAckedSeq ?? 0, r.previousLastSeq);
    if (delivered >= r.firstSeq) lines.push(`恢复前的第 ${r.firstSeq}–${delivered} 条已在中心系统,仍保存在那里:导出一次同步包(没有新记录也可以)交中心系统导入,再由中心系统为本机发布参考数据(central publish --site),导入后即可取回。`);
    if (r.previousLastSeq > Math.max(delivered, r.firstSeq - 1)) lines.push(`恢复前的第 ${Math.max(delivered + 1, r.firstSeq)}–${r.previousLastSeq} 条尚未同步,只保存在恢复前的数据库文件 ${r.keptAs ?? ''} 中。`);
  }
  return lines.join('\n');
}

export async function backupCli(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const log = (line: string) => console.error(redact(line));
  try {
    if (sub === 'create') {
      const { dataDir } = args(rest, 0);
      const app = openApp(dataDir, { log });
      try {
        const b = await backupNow(app.services, 'manual');
        console.log(`已备份:${path.join(path.resolve(dataDir), 'backups', b.fileName)}\n备份文件:${b.fileName}(${b.size} 字节)`);
      } finally {
        app.close();
      }
      return 0;
    }
    if (sub === 'restore') {
      const { dataDir, file } = args(rest, 1);
      const app = openApp(dataDir, { log });
      try {
        // A name in the backups folder, or a path to a backup file anywhere.
        const inFolder = backupFileNamePattern.test(file!) && !file!.includes('/') && !file!.includes('\\');
        let fileName: string;
        if (inFolder) {
          backupPath(app.services, file!);
          fileName = file!;
        } else {
          const source = path.resolve(file!);
          if (!fs.existsSync(source)) throw new ApiError('NOT_FOUND', `找不到备份文件:${source}`);
          const own = path.join(path.resolve(dataDir), 'backups');
          fileName = path.dirname(source) === own && backupFileNamePattern.test(path.basename(source)) ? path.basename(source) : adoptBackupFile(app.services, source).fileName;
        }
        const done = await restoreBackup(app.services, fileName, '命令行');
        console.log([
          `已恢复备份:${done.restored}`,
          `原数据库已保留为:${done.keptAs}`,
          `恢复前的状态另备份为:${done.safetyBackup}`,
          '所有账号须重新登录。',
          syncMeaning(app),
        ].filter(Boolean).join('\n'));
      } finally {
        app.close();
      }
      return 0;
    }
    throw new ApiError('VALIDATION', `未知的 backup 子命令:${sub ?? ''}\n用法:\n${backupUsage}`);
  } catch (e) {
    console.error(`错误:${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
