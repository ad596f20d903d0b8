// Handlers of the sync and supervision commands (electron/common/contract-sync.ts).
import fs from 'node:fs';
import type { syncCommands } from '../common/contract-sync';
import type { Handlers } from './handlers';
import * as site from '../services/sync/site';
import * as supervision from '../services/sync/supervision';
import { kickPushQueue, queuePush, retryPush } from '../services/sync/push';
import { importFolder } from '../services/sync/apply';
import { centralPgOf, importInto, trustInto } from '../services/sync/central-store';
import { detailPg, queryPg, searchPersonsPg, sourcesPg, stationsPg } from '../services/sync/central-pg/supervision';
import { siteDate } from '../common/site-time';
import { registrationFileName, registrationOf, requireRole } from '../services/sync/identity';
import { publishReference } from '../services/sync/reference';

export const syncHandlers: Pick<Handlers, keyof typeof syncCommands> = {
  'sync.status': ({ services }) => site.status(services),
  'sync.exportBundle': ({ services }, input) => site.exportToFolder(services, input.folder),
  'sync.push': async ({ services }) => {
    const push = await queuePush(services);
    kickPushQueue(services);
    return push;
  },
  'sync.retryPush': ({ services }, input) => {
    const push = retryPush(services, input.id);
    kickPushQueue(services);
    return push;
  },
  'sync.importAck': ({ services, actor }, input) => site.importAckUpload(services, actor, input),
  'sync.importReference': ({ services, actor }, input) => site.importReferenceUpload(services, actor, input),
  'sync.registration': ({ services }) => site.registrationDownload(services),
  'sync.trustCentral': ({ services, actor }, input) => site.trustUpload(services, actor, input),
  'sync.saveSettings': ({ services }, input) => site.saveSettings(services, input),
  'supervision.stations': ({ services }) => {
    const store = centralPgOf(services);
    return store ? stationsPg(store) : supervision.stations(services);
  },
  'supervision.query': ({ services }, input) => {
    const store = centralPgOf(services);
    return store ? queryPg(store, input, siteDate(services.clock.now())) : supervision.query(services, input);
  },
  'supervision.persons': ({ services }, input) => {
    const store = centralPgOf(services);
    return store ? searchPersonsPg(store, input) : supervision.searchPersons(services, input);
  },
  'supervision.detail': ({ services }, input) => {
    const store = centralPgOf(services);
    return store ? detailPg(store, input.projectId, siteDate(services.clock.now())) : supervision.detail(services, input.projectId);
  },
  'supervision.sources': ({ services }) => {
    requireRole(services, 'central');
    const store = centralPgOf(services);
    return store ? sourcesPg(services, store) : supervision.sources(services);
  },
  'supervision.importFolder': ({ services, actor }, input) => importFolder(services, input.folder, actor.name, importInto),
  'supervision.trustSite': ({ services, actor }, input) => {
    requireRole(services, 'central');
    // Into the store the pushes are checked against (PostgreSQL under --database).
    return trustInto(services, site.uploadedRegistration(input), actor.name);
  },
  'supervision.registration': ({ services }) => {
    requireRole(services, 'central');
    const r = registrationOf(services);
    return { fileName: registrationFileName(r), mime: 'application/json', dataBase64: Buffer.from(JSON.stringify(r, null, 2)).toString('base64') };
  },
  'supervision.publishReference': async ({ services, actor }, input) => {
    const r = await publishReference(services, { siteId: input.installationId, includeHealthCloud: input.includeHealthCloud, actorName: actor.name });
    return { fileName: r.fileName, mime: 'application/octet-stream', dataBase64: fs.readFileSync(r.path).toString('base64'), referenceSeq: r.referenceSeq, counts: r.counts, path: r.path, siteName: r.siteName };
  },
};
