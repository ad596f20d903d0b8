// 设置 › 上报: where the platform is and who we are to it, per project. The AppSecret is a key like
// the installation's others: kept in the secret store outside the database (never in a backup,
// a sync bundle or a log line), only whether one is set is ever shown.
import { eq } from 'drizzle-orm';
import { projects, settings } from '../../../db/schema';
import type { Db } from '../../../db/open';
import type { PlatformSettingsView } from '../../common/contract-platform';
import { ApiError } from '../../common/errors';
import type { Services } from '../context';
import { FileSecretStore, type SecretStore } from '../security/secret-store';
import type { PlatformConnection } from './client';
import { secretLengthError } from './protocol';

export interface PlatformSettings {
  endpoint: string;
  appid: string;
  version: string;
  projectCode: string;
  autoMode: boolean;
  timeoutSeconds: number;
}

const defaults: PlatformSettings = { endpoint: '', appid: '', version: '1.0', projectCode: '', autoMode: false, timeoutSeconds: 30 };

const keyOf = (projectId: string) => `platform:${projectId}`;
const secretName = (projectId: string) => `platform-secret.${projectId}`;

/** The services' secret store where the app provides one (security/secret-store.ts), else its files. */
export function secretsOf(s: Services): SecretStore {
  return (s as Services & { secrets?: SecretStore }).secrets ?? new FileSecretStore(s.dataDir);
}

function stored(db: Db, projectId: string): PlatformSettings {
  const row = db.select().from(settings).where(eq(settings.key, keyOf(projectId))).get();
  return { ...defaults, ...(row ? (JSON.parse(row.value) as Partial<PlatformSettings>) : {}) };
}

function projectContractNo(db: Db, projectId: string): string {
  return db.select({ c: projects.contractNo }).from(projects).where(eq(projects.id, projectId)).get()?.c ?? '';
}

export function platformSettings(s: Services, projectId: string): PlatformSettingsView {
  const v = stored(s.db, projectId);
  return { ...v, projectCode: v.projectCode || projectContractNo(s.db, projectId), secretSet: secretsOf(s).read(secretName(projectId)) !== null };
}

export function savePlatformSettings(s: Services, projectId: string, input: Partial<PlatformSettings> & { secret?: string }): PlatformSettingsView {
  const { secret, ...rest } = input;
  if (secret) {
    const error = secretLengthError(secret);
    if (error) throw new ApiError('VALIDATION', error, [{ path: 'secret', message: error }]);
  }
  const value = JSON.stringify({ ...stored(s.db, projectId), ...rest });
  // The secret first: a failure to write it leaves the settings as they were.
  if (secret) secretsOf(s).write(secretName(projectId), Buffer.from(secret, 'utf8'));
  s.db.transaction((tx) => {
    tx.insert(settings).values({ key: keyOf(projectId), value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
    // New settings are a new chance: the automatic mode stops waiting out a refusal or a back-off.
    tx.delete(settings).where(eq(settings.key, `platform.pass:${projectId}`)).run();
  });
  return platformSettings(s, projectId);
}

/** Everything a pass needs to call the platform, or the Chinese reason it cannot. */
export function connectionOf(s: Services, projectId: string): { connection: PlatformConnection; settings: PlatformSettingsView } | { problem: string } {
  const v = platformSettings(s, projectId);
  const secret = secretsOf(s).read(secretName(projectId))?.toString('utf8') ?? '';
  const missing = [!v.endpoint && '平台地址', !v.appid && 'AppID', !secret && 'AppSecret', !v.projectCode && '项目编码'].filter(Boolean);
  if (missing.length) return { problem: `请先在 设置 › 上报 填写${missing.join('、')}` };
  return { connection: { endpoint: v.endpoint, appid: v.appid, secret, version: v.version }, settings: v };
}
