// Handlers of 参建各方 (electron/common/contract-parties.ts).
import type { partiesCommands } from '../common/contract-parties';
import type { Handlers } from './handlers';
import * as accounts from '../services/parties/accounts';
import * as appointments from '../services/parties/appointments';
import { saveProfile } from '../services/parties/profile';
import { holdersOf } from '../services/parties/holdings';
import { readRecordFile } from '../services/parties/files';

export const partiesHandlers: Pick<Handlers, keyof typeof partiesCommands> = {
  'parties.view': ({ services, actor }) => appointments.partiesView(services, actor),
  'parties.saveProfile': ({ services, actor }, input) => saveProfile(services, actor, input),
  'parties.createAccount': ({ services, actor }, input) => accounts.createAccount(services, actor, input),
  'parties.setAccountDisabled': ({ services, actor }, input) => accounts.setAccountDisabled(services, actor, input),
  'parties.appoint': ({ services, actor }, input) => appointments.appoint(services, actor, input),
  'parties.revoke': ({ services, actor }, input) => appointments.revoke(services, actor, input),
  'parties.holders': ({ services, actor }, input) => holdersOf(services.db, actor.projectId, input.position, input.on),
  'parties.file': ({ services, actor }, input) => readRecordFile(services, actor, input.id),
};
