// Handlers of accounts and the LAN certificate (electron/common/contract-security.ts).
import type { securityCommands } from '../common/contract-security';
import type { Handlers } from './handlers';
import * as accounts from '../services/security/accounts';
import { certificateInfo, lanCertificate } from '../services/security/lan-certificate';

export const securityHandlers: Pick<Handlers, keyof typeof securityCommands> = {
  'auth.changePassword': ({ services, actor }, input) => accounts.changeOwnPassword(services, actor, input),
  'auth.recover': ({ services }, input) => accounts.recoverManagerPassword(services, input),
  'auth.newRecoveryCode': ({ services, actor }, input) => accounts.replaceRecoveryCode(services, actor, input),
  'operators.resetPassword': ({ services, actor }, input) => accounts.resetOperatorPassword(services, actor, input),
  'security.lanCertificate': ({ services }) => {
    const tls = lanCertificate(services.dataDir);
    return tls ? certificateInfo(tls.cert) : null;
  },
};
