// Handlers of the ID card reader commands (electron/common/contract-idcard.ts).
import type { idcardCommands } from '../common/contract-idcard';
import type { Handlers } from './handlers';

export const idcardHandlers: Pick<Handlers, keyof typeof idcardCommands> = {};
