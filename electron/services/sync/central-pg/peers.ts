// The trusted sites of a central system on PostgreSQL: `sync trust --database …` records a site's
// registration in the central database's sync_peers (the row its pushes lock), by the same rules as
// on SQLite (identity.ts: trustable, replacesKey); the audit row goes to the office's own trail.
import { ApiError } from '../../../common/errors';
import { isoNow, type Services } from '../../context';
import { recordAudit } from '../../outbox';
import { fingerprintOf, replacesKey, toPeerView, trustable, type PeerView, type Registration } from '../identity';
import { inTransaction, type CentralPg } from './store';
import { peerOfPg } from './apply';

export async function trustRegistrationPg(s: Services, store: CentralPg, r: Registration, actorName: string, options: { replaceKey?: boolean } = {}): Promise<PeerView> {
  const identity = trustable(s, r);
  if (identity.role !== 'central') throw new ApiError('VALIDATION', '--database 只用于中心系统:工地的数据在它自己的数据文件夹中');
  const at = isoNow(s.clock);
  const { peer, replacing, before } = await inTransaction(store.pool, async (client) => {
    const existing = await peerOfPg(client, r.installationId, true);
    const replacing = replacesKey(existing, r, options);
    const fingerprint = fingerprintOf(r.publicKey);
    await client.query(`insert into sync_peers (installation_id, role, name, public_key, fingerprint, registration, trusted_at) values ($1, $2, $3, $4, $5, $6, $7)
      on conflict (installation_id) do update set name = excluded.name, registration = excluded.registration${replacing ? ', public_key = excluded.public_key, fingerprint = excluded.fingerprint' : ''}`,
    [r.installationId, r.role, r.name, r.publicKey, fingerprint, JSON.stringify(r), existing?.trustedAt ?? at]);
    return { peer: (await peerOfPg(client, r.installationId))!, replacing, before: existing?.fingerprint };
  });
  recordAudit(s.db, { at, actorId: null, actorName, projectId: null }, {
    action: 'sync_trust', tableName: 'sync_peers', rowId: r.installationId,
    before: replacing ? { fingerprint: before } : undefined,
    after: { role: r.role, name: r.name, fingerprint: peer.fingerprint, ...(replacing ? { keyReplaced: true } : {}) },
  });
  return toPeerView(peer);
}
