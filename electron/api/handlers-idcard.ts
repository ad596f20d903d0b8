// Handlers of the ID card reader commands (electron/common/contract-idcard.ts).
import type { idcardCommands } from '../common/contract-idcard';
import type { Handlers } from './handlers';
import * as reader from '../services/idcard/service';

export const idcardHandlers: Pick<Handlers, keyof typeof idcardCommands> = {
  'idcard.plugins': ({ services }) => reader.listReaderPlugins(services),
  'idcard.getConfig': ({ services }) => reader.getReaderConfig(services),
  'idcard.saveConfig': ({ services }, input) => reader.saveReaderConfig(services, input),
  'idcard.test': ({ services }, input) => reader.readIdCard(services, input),
  'idcard.read': ({ services }) => reader.readIdCard(services),
  'idcard.enablePlugin': ({ services, actor }, input) => reader.enablePlugin(services, actor, input),
  'idcard.disablePlugin': ({ services, actor }, input) => reader.disablePlugin(services, actor, input),
};
