// Each command of the contract wired to its service. The dispatcher has already parsed the input
// and checked access, so a handler only translates.
import type { CommandName, CommandOutput, Contract, ParsedInput } from '../common/contract';
import type { Actor, ProjectActor, Services } from '../services/context';
import type { Caller } from './dispatch';
import * as auth from '../services/auth';
import * as operators from '../services/operators';
import * as epidemic from '../services/epidemic-info';
import * as settings from '../services/settings';
import * as employers from '../services/employers';
import * as healthCloud from '../services/health-cloud';
import * as preRegistration from '../services/pre-registration';
import { areas } from '../services/areas';
import { idcardHandlers } from './handlers-idcard';
import { syncHandlers } from './handlers-sync';
import { reportHandlers } from './handlers-reports';
import { labourHandlers } from './handlers-labour';
import { payrollHandlers } from './handlers-payroll';
import { rectificationHandlers } from './handlers-rectification';
import { safetyHandlers } from './handlers-safety';
import { partiesHandlers } from './handlers-parties';
import { materialsHandlers } from './handlers-materials';
import { qualityHandlers } from './handlers-quality';
import { supervisionReportsHandlers } from './handlers-supervision-reports';
import { siteRulesHandlers } from './handlers-site-rules';
import { platformHandlers } from './handlers-platform';
import { securityHandlers } from './handlers-security';
import * as health from '../services/health';
import * as dispositions from '../services/dispositions';
import * as entries from '../services/entries';
import { todayBoard } from '../services/board';
import * as backups from '../services/backups';
import * as audit from '../services/audit';
import { ApiError } from '../common/errors';

export interface HandlerContext<C extends CommandName> {
  services: Services;
  actor: Contract[C]['access'] extends 'project' ? ProjectActor : Contract[C]['access'] extends 'user' ? Actor : Actor | null;
  token: string | null;
  caller: Caller;
  /** Hands a new session token to the transport (cookie or main process); null forgets it. */
  setToken(token: string | null): void;
}

/** A handler answers at once, or later where it must wait (a network provider, a file parser). */
export type Handlers = { [C in CommandName]: (ctx: HandlerContext<C>, input: ParsedInput<C>) => CommandOutput<C> | Promise<CommandOutput<C>> };

export const handlers: Handlers = {
  'setup.status': ({ services }) => ({ initialized: auth.isInitialized(services) }),
  'setup.initialize': ({ services }, input) => auth.initialize(services, input),
  'auth.signIn': async ({ services, setToken }, input) => {
    const { view, token } = await auth.signIn(services, input);
    setToken(token);
    return view;
  },
  'auth.signOut': ({ services, token, setToken }) => {
    if (token) auth.signOut(services, token);
    setToken(null);
    return null;
  },
  'auth.me': ({ services, actor }) => (actor ? auth.sessionView(services, actor) : null),
  'projects.list': ({ services, actor }) => auth.listProjects(services, actor),
  'projects.enter': ({ services, actor }, input) => auth.enterProject(services, actor, input.projectId),
  'operators.list': ({ services, actor }) => operators.listOperators(services, actor),
  'operators.create': ({ services, actor }, input) => operators.createOperator(services, actor, input),
  'operators.update': ({ services, actor }, input) => operators.updateOperator(services, actor, input),
  'epidemicInfo.get': ({ services, actor }) => epidemic.getEpidemicInfo(services, actor),
  'epidemicInfo.save': ({ services, actor }, input) => epidemic.saveEpidemicInfo(services, actor, input),
  'epidemicInfo.listChecklists': ({ services, actor }) => epidemic.listChecklists(services, actor),
  'epidemicInfo.uploadChecklist': ({ services, actor }, input) => epidemic.uploadChecklist(services, actor, input),
  'epidemicInfo.deleteChecklist': ({ services, actor }, input) => {
    epidemic.deleteChecklist(services, actor, input.id);
    return null;
  },
  'files.get': ({ services, actor }, input) => epidemic.readFile(services, actor, input.id),
  'reference.areas': () => areas(),
  'settings.get': ({ services }) => settings.getSettings(services),
  'settings.save': ({ services }, input) => settings.saveSettings(services, input),
  'employers.list': ({ services, actor }) => employers.listEmployers(services, actor),
  'employers.create': ({ services, actor }, input) => employers.createEmployer(services, actor, input),
  'employers.import': ({ services, actor }, input) => employers.importEmployers(services, actor, input),
  'healthCloud.lookup': ({ services }, input) => healthCloud.lookupHealthCloud(services, input),
  'healthCloud.import': ({ services, actor }, input) => healthCloud.importHealthCloud(services, actor, input),
  'persons.list': ({ services, actor }, input) => preRegistration.listPersons(services, actor, input),
  'persons.get': ({ services, actor }, input) => preRegistration.getPerson(services, actor, input.id),
  'persons.create': ({ services, actor }, input) => preRegistration.createPerson(services, actor, input),
  'family.list': ({ services, actor }, input) => preRegistration.listFamily(services, actor, input),
  'family.get': ({ services, actor }, input) => preRegistration.getFamilyMember(services, actor, input.id),
  'family.create': ({ services, actor }, input) => preRegistration.createFamilyMember(services, actor, input),
  'health.list': ({ services, actor }, input) => health.listChecks(services, actor, input),
  'health.create': ({ services, actor }, input) => health.createCheck(services, actor, input),
  'health.batchList': ({ services, actor }, input) => health.batchList(services, actor, input),
  'health.batchSave': ({ services, actor }, input) => health.batchSave(services, actor, input),
  'dispositions.get': ({ services, actor }, input) => dispositions.getDispositions(services, actor, input.personId),
  'dispositions.set': ({ services, actor }, input) => dispositions.setDisposition(services, actor, input),
  'dispositions.uploadForm': ({ services, actor }, input) => dispositions.uploadForm(services, actor, input),
  'dispositions.deleteForm': ({ services, actor }, input) => {
    dispositions.deleteForm(services, actor, input);
    return null;
  },
  'entries.check': ({ services, actor }, input) => entries.checkEntry(services, actor, input),
  'entries.enter': ({ services, actor }, input) => entries.enter(services, actor, input),
  'entries.exit': ({ services, actor }, input) => entries.exit(services, actor, input),
  'entries.roster': ({ services, actor }, input) => entries.roster(services, actor, input),
  'board.today': ({ services, actor }) => todayBoard(services, actor),
  'backups.list': ({ services }) => backups.listBackups(services),
  'backups.create': ({ services }) => backups.backupNow(services, 'manual'),
  'backups.storage': ({ services }) => backups.storageStatus(services),
  'backups.restore': ({ services, actor }, input) => backups.restoreBackup(services, input.fileName, actor.name),
  'audit.list': ({ services, actor }, input) => audit.listAudit(services, actor, input),
  'audit.verify': ({ services }) => audit.verifyAudit(services),
  'audit.export': ({ services, actor }) => audit.exportAudit(services, actor),
  'recovery.status': ({ services }) => ({ corrupt: false, message: '数据库正常', backups: backups.listBackups(services) }),
  'recovery.restore': () => {
    throw new ApiError('CONFLICT', '数据库正常,无需恢复;如需回到某个备份,请在 设置 › 备份与恢复 中操作');
  },
  ...idcardHandlers,
  ...syncHandlers,
  ...reportHandlers,
  ...labourHandlers,
  ...rectificationHandlers,
  ...safetyHandlers,
  ...payrollHandlers,
  ...partiesHandlers,
  ...materialsHandlers,
  ...qualityHandlers,
  ...supervisionReportsHandlers,
  ...siteRulesHandlers,
  ...platformHandlers,
  ...securityHandlers,
};
