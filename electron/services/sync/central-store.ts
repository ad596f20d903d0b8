// Which store a central system's site data is in: the embedded SQLite of its data folder (the
// default), or PostgreSQL when it was opened with `--database postgres://…` (central-pg/). The
// receiver, the folder import, the reference bundles and the command line go through here, so that each says once what
// it does and the store decides how.
import type { Services } from '../context';
import { admitBundle, admitFrom, importBundle, type ImportOptions, type ImportResult } from './apply';
import { importBundlePg, peerOfPg } from './central-pg/apply';
import { trustRegistrationPg } from './central-pg/peers';
import { pgReferenceSource } from './central-pg/reference-source';
import type { CentralPg } from './central-pg/store';
import type { BundleManifest } from './container';
import { trustRegistration, type PeerView, type Registration } from './identity';
import { sqliteReferenceSource, type ReferenceSource } from './reference-source';

const attached = new WeakMap<Services, CentralPg>();

/** From now on the central system of these services keeps its site data in PostgreSQL. */
export function useCentralPg(s: Services, store: CentralPg): void {
  attached.set(s, store);
}

export function centralPgOf(s: Services): CentralPg | null {
  return attached.get(s) ?? null;
}

export async function importInto(s: Services, filePath: string, options: ImportOptions): Promise<ImportResult> {
  const store = attached.get(s);
  return store ? importBundlePg(s, store, filePath, options) : importBundle(s, filePath, options);
}

/** admitBundle against the store's registrations (the receiver asks before it takes the body). */
export async function admitInto(s: Services, signed: { manifest: BundleManifest; manifestBytes: Buffer; signature: Buffer }): Promise<void> {
  const store = attached.get(s);
  if (!store) admitBundle(s, signed);
  else admitFrom(s, signed, signed.manifest.kind === 'changes' ? await peerOfPg(store.pool, signed.manifest.installationId) : undefined);
}

export async function trustInto(s: Services, r: Registration, actorName: string, options: { replaceKey?: boolean } = {}): Promise<PeerView> {
  const store = attached.get(s);
  return store ? trustRegistrationPg(s, store, r, actorName, options) : trustRegistration(s, r, actorName, options);
}

/** Where a reference bundle reads the site's contracts, 用人单位 and pushed records (reference-source.ts). */
export function referenceSourceOf(s: Services): ReferenceSource {
  const store = attached.get(s);
  return store ? pgReferenceSource(store) : sqliteReferenceSource(s);
}
