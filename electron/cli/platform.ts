// `siteoffice platform upload`: works through the 上报 queue until nothing is left that can be sent,
// one line per record kind (sent, done, failed), exit 0 when nothing failed, 1 otherwise. The
// connection is given on the command line and used for this run only: the AppSecret is not
// stored (设置 › 上报 stores it, in the secret store).
import { parseArgs } from 'node:util';
import { platformEndpointError } from '../common/contract-platform';
import { ApiError } from '../common/errors';
import { openApp } from '../node/app';
import { authorOf } from '../services/outbox';
import { platformStatus } from '../services/platform/jobs';
import { secretLengthError } from '../services/platform/protocol';
import { UploadPass, type KindReport } from '../services/platform/queue';
import { platformSettings } from '../services/platform/settings';
import { projectActor } from './labour';

export const platformUsage = `  siteoffice platform upload --data-dir <数据文件夹> --project <合同报送编号> --endpoint <平台地址> --appid <AppID> --secret <AppSecret>
                             [--version 1.0] [--timeout-seconds 30] [--settle-seconds 60]`;

class PlatformUsageError extends Error {}

async function upload(argv: string[]): Promise<number> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: {
        'data-dir': { type: 'string' }, project: { type: 'string' }, endpoint: { type: 'string' }, appid: { type: 'string' }, secret: { type: 'string' },
        version: { type: 'string' }, 'timeout-seconds': { type: 'string' }, 'settle-seconds': { type: 'string' },
      },
    }) as { values: Record<string, string | undefined> });
  } catch (e) {
    throw new PlatformUsageError((e as Error).message);
  }
  const get = (name: string): string => {
    const v = values[name];
    if (!v) throw new PlatformUsageError(`缺少参数 --${name}`);
    return v;
  };
  const seconds = (name: string, fallback: number): number => {
    const v = values[name];
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v)) throw new PlatformUsageError(`参数 --${name} 应为秒数`);
    return Number(v);
  };
  const endpoint = get('endpoint');
  const endpointError = platformEndpointError(endpoint);
  if (endpointError) throw new PlatformUsageError(endpointError);
  const secret = get('secret');
  const secretError = secretLengthError(secret);
  if (secretError) throw new PlatformUsageError(secretError);
  const timeoutMs = seconds('timeout-seconds', 30) * 1000;
  const settleMs = seconds('settle-seconds', 60) * 1000;
  const app = openApp(get('data-dir'), { log: () => {} });
  try {
    const actor = projectActor(app, get('project'));
    const s = app.services;
    const connection = { endpoint, appid: get('appid'), secret, version: values.version ?? platformSettings(s, actor.projectId).version };
    const totals = new Map<string, KindReport>();
    let last;
    // A pass leaves calls the platform is still working on to the next: go on while one moves.
    for (let round = 0; round < 20; round++) {
      last = await new UploadPass(s, actor.projectId, {
        connection, projectCode: platformSettings(s, actor.projectId).projectCode, timeoutMs, settleMs, author: authorOf(actor, s.clock.now().toISOString()),
      }).run();
      for (const k of last.kinds) {
        const t = totals.get(k.kind) ?? { ...k, sent: 0, done: 0, failed: 0 };
        totals.set(k.kind, { ...t, sent: t.sent + k.sent, done: t.done + k.done });
      }
      const moved = last.kinds.some((k) => k.sent > 0 || k.done > 0);
      const open = platformStatus(s, actor.projectId).kinds.some((k) => k.sent > 0);
      if (last.outcome !== 'ok' && last.outcome !== 'failures') break;
      if (!moved && !open) break;
      if (!moved && open) await new Promise((r) => setTimeout(r, 1000));
    }
    const status = platformStatus(s, actor.projectId);
    for (const k of status.kinds) {
      const t = totals.get(k.kind)!;
      console.log(`${k.label} sent=${t.sent} done=${t.done} failed=${k.failed}${k.available ? '' : ' (本版本尚未接入该类记录的上报)'}`);
    }
    const failed = status.kinds.some((k) => k.failed > 0);
    if (last && last.outcome !== 'ok') console.error(`${last.message}${last.hint ? `\n${last.hint}` : ''}`);
    return failed || !last || (last.outcome !== 'ok') ? 1 : 0;
  } finally {
    app.close();
  }
}

export async function platformCli(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === 'upload') return await upload(rest);
    throw new PlatformUsageError(`未知的 platform 子命令:${sub ?? ''}`);
  } catch (e) {
    if (e instanceof PlatformUsageError) console.error(`错误:${e.message}\n用法:\n${platformUsage}`);
    else if (e instanceof ApiError) console.error(`错误:${e.message}`);
    else throw e;
    return 1;
  }
}
