// The sync command line, run for real as child processes: central init, register and trust,
// bundle export / verify / import / ack with their messages and exit codes, central publish and
// sync reference, and `serve --central` receiving a site's push over HTTP on 127.0.0.1. Over both
// central stores: the data folder's SQLite, and PostgreSQL (`--database`, issue 20) on a private cluster.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, MANAGER, PROJECT } from '../support/app';
import { validId } from '../support/fixtures';
import { openApp } from '../../electron/node/app';
import { processDuePushes, queuePush, listPushes } from '../../electron/services/sync/push';
import { siteState } from '../../electron/services/sync/export';
import { buildCli, cliEnv, root } from '../services/sync-cli-build';
import { createDatabase, startPgCluster, type PgCluster } from '../support/pg-cluster';

const SUPERVISOR = { idNumber: validId('31010119700101001'), password: 'pw123456', name: '李监督' };

let work: string;
let cli: string;
let cluster: PgCluster;
const children: ChildProcess[] = [];

beforeAll(async () => {
  work = tempDir('siteoffice-sync-cli-');
  cli = await buildCli(work);
  cluster = await startPgCluster();
}, 60000);

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }
});

afterAll(() => {
  cluster?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

let databases = 0;
/** The central commands' store option: none (SQLite), or a new database of the cluster. */
async function storeOption(store: 'sqlite' | 'postgres'): Promise<string[]> {
  return store === 'postgres' ? ['--database', await createDatabase(cluster, `central_${++databases}`)] : [];
}

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, env: cliEnv(), encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A site folder with the demo project and a few records, made through the services. */
async function siteFolder(name: string): Promise<string> {
  const dir = path.join(work, name);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const app = openApp(dir, { log: () => {} });
  try {
    const call = async (command: string, input: unknown, token: string | null) => {
      const outcome = await app.dispatch(command, input, token);
      if (!outcome.result.ok) throw new Error(outcome.result.error.message);
      return { value: outcome.result.value, token: outcome.token };
    };
    await call('setup.initialize', { project: PROJECT, manager: MANAGER }, null);
    const { token } = await call('auth.signIn', { idNumber: MANAGER.idNumber, password: MANAGER.password }, null);
    const { value: projects } = await call('projects.list', {}, token!);
    await call('projects.enter', { projectId: (projects as { id: string }[])[0]!.id }, token!);
    await call('employers.create', { name: '上海申江建筑劳务有限公司', creditCode: '91310115MA1K30002X', participantType: '006', contractNo: 'W2019010100012' }, token!).catch(() => undefined);
  } finally {
    app.close();
  }
  return dir;
}

/** The contracts the central store holds (PostgreSQL when `db` names it), and those in the folder's SQLite. */
async function contractsIn(central: string, db: string[]): Promise<{ store: string[]; folder: string[] }> {
  const app = openApp(central, { log: () => {} });
  let folder: string[];
  try {
    folder = app.services.sqlite.prepare('select contract_no from projects order by 1').pluck().all() as string[];
  } finally {
    app.close();
  }
  if (db.length === 0) return { store: folder, folder };
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: db[1] });
  await client.connect();
  try {
    return { store: (await client.query<{ c: string }>('select contract_no as c from projects order by 1')).rows.map((r) => r.c), folder };
  } finally {
    await client.end();
  }
}

describe.each(['sqlite', 'postgres'] as const)('siteoffice sync / bundle / central (%s)', (store) => {
  it('registers, exports, verifies, imports and acknowledges, with Chinese messages and exit codes', async () => {
    const site = await siteFolder(`${store}/site`);
    const central = path.join(work, store, 'central');
    const db = await storeOption(store);
    const init = run('central', 'init', '--data-dir', central, ...db, '--user', SUPERVISOR.idNumber, '--password', SUPERVISOR.password, '--name', SUPERVISOR.name);
    expect(init.status, init.stderr).toBe(0);
    expect(init.stdout).toContain('中心系统已创建');
    expect(run('central', 'init', '--data-dir', central, '--user', SUPERVISOR.idNumber, '--password', SUPERVISOR.password, '--name', SUPERVISOR.name).stderr).toContain('已有账号');

    const siteReg = path.join(work, store, 'site.registration.json');
    const centralReg = path.join(work, store, 'central.registration.json');
    expect(run('sync', 'register', '--data-dir', site, '--out', siteReg).status).toBe(0);
    expect(run('sync', 'register', '--data-dir', central, '--out', centralReg).stdout).toContain('中心系统');
    const trust = run('sync', 'trust', '--data-dir', central, ...db, siteReg);
    expect(trust.status, trust.stderr).toBe(0);
    expect(trust.stdout).toMatch(/已登记工地:测试4444\(W2019010100011\)\n安装标识:[0-9a-f-]{36}\n公钥指纹:([0-9A-F]{4} ){7}[0-9A-F]{4}/);
    expect(run('sync', 'trust', '--data-dir', site, centralReg).status).toBe(0);

    const bundle = path.join(work, store, 'b1.sobundle');
    const exported = run('bundle', 'export', '--data-dir', site, '--out', bundle);
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout).toContain('已导出同步包');

    const verify = run('bundle', 'verify', bundle, '--trust', siteReg);
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(/^有效:工地同步包\(格式版本 2/);
    expect(verify.stdout).toContain('变更序号:第 1 至');
    expect(verify.stdout).toContain('项目:测试4444(W2019010100011)');

    // Not good: a flipped byte; the wrong registration; a truncated file; not a file.
    const bytes = fs.readFileSync(bundle);
    const bad = path.join(work, store, 'bad.sobundle');
    bytes[40] = bytes[40]! ^ 0xff;
    fs.writeFileSync(bad, bytes);
    const flipped = run('bundle', 'verify', bad, '--trust', siteReg);
    expect(flipped.status).toBe(1);
    expect(flipped.stderr).toContain('无效:同步包已损坏(数据块的 SHA-256 与清单不符)');
    const wrong = run('bundle', 'verify', bundle, '--trust', centralReg);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('无效:同步包来自未登记的安装');
    fs.writeFileSync(bad, fs.readFileSync(bundle).subarray(0, 100));
    expect(run('bundle', 'verify', bad, '--trust', siteReg).stderr).toContain('截断');
    expect(run('bundle', 'verify', path.join(work, 'none.sobundle'), '--trust', siteReg).stderr).toContain('找不到同步包文件');

    const imported = run('bundle', 'import', '--data-dir', central, ...db, bundle);
    expect(imported.status, imported.stderr).toBe(0);
    const ack = JSON.parse(imported.stdout) as { format: string; status: string; lastSeq: number };
    expect(ack).toMatchObject({ format: 'siteoffice-ack', status: 'applied' });
    expect(imported.stderr).toContain('已导入 测试4444(W2019010100011)');
    expect(await contractsIn(central, db)).toEqual({ store: [PROJECT.contractNo], folder: store === 'postgres' ? [] : [PROJECT.contractNo] });
    const again = run('bundle', 'import', '--data-dir', central, ...db, bundle);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('已导入过');
    const refused = run('bundle', 'import', '--data-dir', central, ...db, bad);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('错误:同步包不完整');

    const ackFile = path.join(work, store, 'ack.json');
    fs.writeFileSync(ackFile, imported.stdout);
    const acked = run('bundle', 'ack', '--data-dir', site, ackFile);
    expect(acked.status, acked.stderr).toBe(0);
    expect(acked.stdout).toBe(`回执已导入:已确认至第 ${ack.lastSeq} 条(原为第 0 条)\n`);

    // A reference bundle for the site, read from the store its data is in (the same words and
    // counts from either), taken by the site.
    const siteId = (JSON.parse(fs.readFileSync(siteReg, 'utf8')) as { installationId: string }).installationId;
    const reference = path.join(work, store, 'ref.sobundle');
    const published = run('central', 'publish', '--data-dir', central, ...db, '--site', siteId, '--out', reference);
    expect(published.status, published.stderr).toBe(0);
    expect(published.stdout).toBe(`已为工地“测试4444(W2019010100011)”发布参考数据包第 1 号:${reference}\ncontract:1\n`);
    const taken = run('sync', 'reference', '--data-dir', site, reference);
    expect(taken.status, taken.stderr).toBe(0);
    expect(taken.stdout).toBe('已导入参考数据包第 1 号:合同更新 0,用人单位新增 0、更新 0,健康云记录 0,更正 0,跳过 0\n');
    expect(run('sync', 'reference', '--data-dir', site, reference).stdout).toContain('已导入过');
    const nothing = run('bundle', 'export', '--data-dir', site, '--out', path.join(work, store, 'b2.sobundle'));
    expect(nothing.status).toBe(1);
    expect(nothing.stderr).toContain('没有待同步的记录');

    const usage = run('bundle', 'export', '--data-dir', site);
    expect(usage.status).toBe(1);
    expect(usage.stderr).toContain('缺少参数 --out');
    expect(usage.stderr).toContain('siteoffice bundle verify <同步包> --trust <注册文件>');
  }, 120000);

  it('serve --central receives a push over HTTP and answers with the acknowledgement', async () => {
    const site = await siteFolder(`${store}/site-push`);
    const central = path.join(work, store, 'central-push');
    const db = await storeOption(store);
    expect(run('central', 'init', '--data-dir', central, ...db, '--user', SUPERVISOR.idNumber, '--password', SUPERVISOR.password, '--name', SUPERVISOR.name).status).toBe(0);
    const siteReg = path.join(work, store, 'push-site.json');
    const centralReg = path.join(work, store, 'push-central.json');
    run('sync', 'register', '--data-dir', site, '--out', siteReg);
    run('sync', 'register', '--data-dir', central, '--out', centralReg);
    expect(run('sync', 'trust', '--data-dir', central, ...db, siteReg).status).toBe(0);
    run('sync', 'trust', '--data-dir', site, centralReg);

    // The size limit is a number of megabytes.
    const badLimit = run('serve', '--central', '--port', '0', '--data-dir', central, '--max-bundle-mb', 'many');
    expect(badLimit.status).toBe(1);
    expect(badLimit.stderr).toContain('参数 --max-bundle-mb 应为正整数');
    // A site folder is not a central one.
    const notCentral = run('serve', '--central', '--port', '0', '--data-dir', site);
    expect(notCentral.status).toBe(1);
    expect(notCentral.stderr).toContain('不是中心系统');

    const child = spawn(process.execPath, [cli, 'serve', '--central', '--port', '0', '--data-dir', central, ...db, '--max-bundle-mb', '64'], { cwd: root, env: cliEnv() });
    children.push(child);
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString('utf8');
        const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
        if (m) resolve(m[0]);
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });

    const app = openApp(site, { log: () => {} });
    try {
      app.services.db.run((await import('drizzle-orm')).sql`update sync_site_state set central_url = ${url}`);
      const push = await queuePush(app.services);
      await processDuePushes(app.services);
      expect(listPushes(app.services)[0]).toMatchObject({ id: push.id, status: 'acked' });
      expect(siteState(app.services).ackedSeq).toBe(push.lastSeq);
    } finally {
      app.close();
    }
    // The supervisor signs in on the central system's API.
    const signIn = await fetch(`${url}/api/auth.signIn`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Siteoffice': '1' }, body: JSON.stringify({ idNumber: SUPERVISOR.idNumber, password: SUPERVISOR.password }) });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const query = await fetch(`${url}/api/supervision.query`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Siteoffice': '1', Cookie: cookie }, body: '{}' });
    const body = (await query.json()) as { ok: boolean; value: { rows: { contractNo: string }[] } };
    expect(body.value.rows.map((r) => r.contractNo)).toEqual([PROJECT.contractNo]);
    // 发布参考数据 on the running server reads the same store.
    const siteId = (JSON.parse(fs.readFileSync(siteReg, 'utf8')) as { installationId: string }).installationId;
    const publish = await fetch(`${url}/api/supervision.publishReference`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Siteoffice': '1', Cookie: cookie }, body: JSON.stringify({ installationId: siteId, includeHealthCloud: true }) });
    const published = (await publish.json()) as { ok: boolean; value: { referenceSeq: number; counts: Record<string, number> } };
    expect(published).toMatchObject({ ok: true, value: { referenceSeq: 1, counts: { contract: 1 } } });
    // The folder is the running server's; once it has stopped, its SQLite holds no site data when PostgreSQL does.
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(await contractsIn(central, db)).toEqual({ store: [PROJECT.contractNo], folder: store === 'postgres' ? [] : [PROJECT.contractNo] });
  }, 120000);
});
