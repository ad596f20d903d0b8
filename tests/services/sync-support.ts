// Test support for sync: sites that record through the real commands, a central data folder with
// its 监督管理人员, trust between them, and a fast way to fill an outbox with many valid changes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { openTestApp, ManualClock, MANAGER, PROJECT, snapshot, tempDir, type TestApp } from '../support/app';
import { EPIDEMIC_INFO, PNG_BYTES, validId } from '../support/fixtures';
import { addEmployer, ORIGIN_SUZHOU } from '../support/prereg-helpers';
import type { Employer, PersonDetail } from '../../electron/common/contract';
import { initCentral } from '../../electron/services/sync/central';
import { exportBundle, type ExportResult } from '../../electron/services/sync/export';
import { canonicalJson, registrationOf, trustRegistration, type Registration } from '../../electron/services/sync/identity';
import { importBundle, type ImportResult } from '../../electron/services/sync/apply';

export const SUPERVISOR = { idNumber: validId('31010119700101001'), name: '李监督', password: 'pw123456' };

export const STATION_HUANGPU = '黄浦区建设工程安全质量监督站';
export const STATION_PUDONG = '浦东新区建设工程安全质量监督站';

export const PROJECT_B = {
  contractNo: 'W2017050130174',
  buildNo: '16ZJPD0067',
  name: '浦东新区御桥社区02单元',
  generalContractor: '江苏南通三建集团股份有限公司',
  contractorType: '施工企业' as const,
  supervisionStation: STATION_PUDONG,
};

export interface Central {
  t: TestApp;
  token: string;
}

export async function openCentral(clock = new ManualClock()): Promise<Central> {
  const t = openTestApp(clock);
  initCentral(t.app.services, SUPERVISOR);
  const token = await t.signIn(SUPERVISOR.idNumber, SUPERVISOR.password);
  return { t, token };
}

export interface SiteApp {
  t: TestApp;
  token: string;
  employer: Employer;
  projectId: string;
}

/** A site initialized with `project`, the 项目负责人 signed in and inside it, one 用人单位. */
export async function openSiteApp(project = PROJECT, clock = new ManualClock()): Promise<SiteApp> {
  const t = openTestApp(clock);
  await t.call('setup.initialize', { project, manager: MANAGER });
  const token = await t.signIn(MANAGER.idNumber, MANAGER.password);
  const [p] = await t.call('projects.list', {}, token);
  await t.call('projects.enter', { projectId: p!.id }, token);
  const employer = await addEmployer(t, token, 1, '上海申江建筑劳务有限公司');
  return { t, token, employer, projectId: p!.id };
}

let personCounter = 0;
/** A valid ID number not used before in this process (birth dates 1960–1999, all different). */
export function freshId(): string {
  personCounter++;
  const k = personCounter;
  const year = 1960 + (k % 40);
  const month = String(1 + (Math.floor(k / 40) % 12)).padStart(2, '0');
  const day = String(1 + (Math.floor(k / 480) % 28)).padStart(2, '0');
  return validId(`320583${year}${month}${day}${100 + (Math.floor(k / 13440) % 900)}`);
}

export async function preRegister(site: SiteApp, name: string, idNumber = freshId()): Promise<PersonDetail> {
  return site.t.call('persons.create', {
    category: 'worker', idNumber, name, origin: ORIGIN_SUZHOU, employerId: site.employer.id, phone: '13812345678', useHealthCloud: false,
  }, site.token);
}

export async function healthCheck(site: SiteApp, personId: string, temperature = 36.5): Promise<void> {
  const at = site.t.clock.now();
  const local = new Date(at.getTime() + 8 * 3600000).toISOString().slice(0, 19).replace('T', ' ');
  await site.t.call('health.create', { personId, checkedAt: local, symptoms: ['无上述异常症状'], temperature }, site.token);
}

export async function enter(site: SiteApp, personId: string): Promise<string> {
  const day = new Date(site.t.clock.now().getTime() + 8 * 3600000).toISOString().slice(0, 10);
  const row = await site.t.call('entries.enter', { personId, employerId: site.employer.id, workType: '020', team: '钢筋一班', enteredOn: day }, site.token);
  return row.entryId!;
}

/** Registration of each side trusted by the other. */
export function trustBoth(site: TestApp, central: TestApp): { site: Registration; central: Registration } {
  const siteReg = registrationOf(site.app.services);
  const centralReg = registrationOf(central.app.services);
  trustRegistration(central.app.services, siteReg, '测试');
  trustRegistration(site.app.services, centralReg, '测试');
  return { site: siteReg, central: centralReg };
}

export const bundleDirs: string[] = [];
export function bundleDir(): string {
  const dir = tempDir('siteoffice-bundles-');
  bundleDirs.push(dir);
  return dir;
}

export function cleanupBundleDirs(): void {
  for (const dir of bundleDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export async function exportTo(site: TestApp, file: string, options: { encrypt?: boolean } = {}): Promise<ExportResult> {
  return exportBundle(site.app.services, { outPath: file, channel: 'cli', ...options });
}

/** The site trusts the central system (and so seals its bundles to it); the central side does not trust the site. */
export function trustCentral(site: TestApp, central: TestApp): void {
  trustRegistration(site.app.services, registrationOf(central.app.services), '测试');
}

export function importInto(central: TestApp, file: string): ImportResult {
  return importBundle(central.app.services, file, { source: 'cli' });
}

/** Every row of every table, as JSON text: equal before and after means nothing changed. */
export function dump(t: TestApp): string {
  return JSON.stringify(snapshot(t.app));
}

/** A registration for `installationId` with a key that is not its own (what an impostor would bring). */
export function impostorRegistration(installationId: string): Registration {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const body = {
    format: 'siteoffice-registration' as const, formatVersion: 1, role: 'site' as const, installationId, name: '冒充的工地',
    projects: [], publicKey: Buffer.from(String(publicKey.export({ format: 'jwk' }).x), 'base64url').toString('base64'), createdAt: new Date().toISOString(),
  };
  return { ...body, signature: crypto.sign(null, Buffer.from(canonicalJson(body)), privateKey).toString('base64') };
}

export { fillOutbox } from './sync-fill';

export function flip(file: string, offset: number, out: string): void {
  const bytes = fs.readFileSync(file);
  bytes[offset] = bytes[offset]! ^ 0xff;
  fs.writeFileSync(out, bytes);
}

export function tablesCount(t: TestApp, table: string): number {
  return (t.app.services.sqlite.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n;
}

/** A photo on the site: a PNG header and `bytes` random bytes (no compression finds them elsewhere), as a 复工检查表. */
export async function uploadPhoto(site: SiteApp, bytes: number): Promise<Buffer> {
  await site.t.call('epidemicInfo.save', EPIDEMIC_INFO, site.token);
  const photo = Buffer.concat([PNG_BYTES, crypto.randomBytes(bytes)]);
  await site.t.call('epidemicInfo.uploadChecklist', { fileName: '复工检查表.png', mime: 'image/png', dataBase64: photo.toString('base64') }, site.token);
  return photo;
}
