// Item 11 of issue 16: a .js in <data folder>/plugins runs only once the 项目负责人 enabled it by its
// name and SHA-256 in 设置; every other file is listed, with its hash, and never run. A file changed
// after it was enabled is not run either.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf } from '../support/app';
import { operatorToken } from '../support/prereg-helpers';
import { openReaderApp, choose, enable, read, success, type ReaderApp } from './idcard-support';
import { RESIDENT_ZHANG } from '../../electron/common/idcard';
import { startIdCardReader, stopIdCardReader } from '../../electron/services/idcard/service';

let r: ReaderApp | undefined;
afterEach(() => {
  r?.close();
  r = undefined;
});

/** A plugin that, when run, leaves a file behind: proof that its code ran. */
const marker = (dir: string, name: string) => `
require('node:fs').writeFileSync(${JSON.stringify(path.join(dir, `${name}.ran`))}, 'ran');
module.exports = {
  name: '标记插件', version: '1.0.0', settings: [],
  open: async () => ({ ok: true }),
  read: async () => ({ ok: true, card: ${JSON.stringify(RESIDENT_ZHANG)}, photo: null }),
  close: async () => {},
};`;

const sha = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

describe('third-party plugins run only when enabled by name and content hash', () => {
  it('lists a file nobody enabled with its SHA-256, and never runs it', async () => {
    const proof = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'plugin-proof-'));
    const source = marker(proof, 'dropped');
    r = await openReaderApp({ plugins: { 'dropped.js': source }, enable: false });
    const listed = (await r.t.call('idcard.plugins', {}, r.manager)).find((p) => p.id === 'file:dropped.js')!;
    expect(listed).toMatchObject({ status: 'not-enabled', enabled: false, sha256: sha(source) });
    expect(listed.problem).toContain('未启用');
    expect((await errorOf(() => choose(r!, 'file:dropped.js'))).code).toBe('VALIDATION');
    expect(fs.existsSync(path.join(proof, 'dropped.ran'))).toBe(false);
    fs.rmSync(proof, { recursive: true, force: true });
  });

  it('runs a file once the 项目负责人 enabled it with the hash it has, from then on at every start', async () => {
    const proof = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'plugin-proof-'));
    const source = marker(proof, 'vendor');
    r = await openReaderApp({ plugins: { 'vendor.js': source }, enable: false });
    const wrong = await errorOf(() => r!.t.call('idcard.enablePlugin', { file: 'vendor.js', sha256: sha('something else') }, r!.manager));
    expect(wrong.message).toContain('SHA-256 与填写的不符');
    expect(fs.existsSync(path.join(proof, 'vendor.ran'))).toBe(false);
    await enable(r.t, r.manager, 'vendor.js', source);
    expect(fs.existsSync(path.join(proof, 'vendor.ran'))).toBe(true);
    await choose(r, 'file:vendor.js');
    expect(success(await read(r)).card.name).toBe(RESIDENT_ZHANG.name);
    const audit = r.t.app.services.sqlite.prepare("select after from audit_log where action = 'plugin_enable'").get() as { after: string };
    expect(JSON.parse(audit.after)).toEqual({ file: 'vendor.js', sha256: sha(source) });
    // The next start loads it again without asking.
    stopIdCardReader(r.t.app.services);
    fs.rmSync(path.join(proof, 'vendor.ran'));
    await startIdCardReader(r.t.app.services);
    expect((await r.t.call('idcard.plugins', {}, r.manager)).find((p) => p.id === 'file:vendor.js')!.status).toBe('ready');
    expect(fs.existsSync(path.join(proof, 'vendor.ran'))).toBe(true);
    fs.rmSync(proof, { recursive: true, force: true });
  });

  it('does not run a file changed after it was enabled', async () => {
    const proof = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'plugin-proof-'));
    r = await openReaderApp({ plugins: { 'vendor.js': marker(proof, 'before') } });
    fs.writeFileSync(path.join(r.t.dataDir, 'plugins', 'vendor.js'), marker(proof, 'swapped'));
    stopIdCardReader(r.t.app.services);
    await startIdCardReader(r.t.app.services);
    const listed = (await r.t.call('idcard.plugins', {}, r.manager)).find((p) => p.id === 'file:vendor.js')!;
    expect(listed.status).toBe('not-enabled');
    expect(listed.problem).toContain('改动过');
    expect(fs.existsSync(path.join(proof, 'swapped.ran'))).toBe(false);
    fs.rmSync(proof, { recursive: true, force: true });
  });

  it('lets only the 项目负责人 enable or disable', async () => {
    const source = marker(fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'plugin-proof-')), 'x');
    r = await openReaderApp({ plugins: { 'x.js': source }, enable: false });
    const operator = await operatorToken(r.t, r.manager);
    expect((await errorOf(() => r!.t.call('idcard.enablePlugin', { file: 'x.js', sha256: sha(source) }, operator))).code).toBe('FORBIDDEN');
    await enable(r.t, r.manager, 'x.js', source);
    expect((await errorOf(() => r!.t.call('idcard.disablePlugin', { file: 'x.js' }, operator))).code).toBe('FORBIDDEN');
    const after = await r.t.call('idcard.disablePlugin', { file: 'x.js' }, r.manager);
    expect(after.find((p) => p.id === 'file:x.js')!.status).toBe('not-enabled');
  });
});
