// Each command of the contract wired to its service. The dispatcher has already parsed the input
// and checked access, so a handler only translates.
import type { CommandName, CommandOutput, Contract, ParsedInput } from '../common/contract';
import type { Actor, ProjectActor, Services } from '../services/context';
import * as auth from '../services/auth';
import * as operators from '../services/operators';
import * as epidemic from '../services/epidemic-info';

export interface HandlerContext<C extends CommandName> {
  services: Services;
  actor: Contract[C]['access'] extends 'project' ? ProjectActor : Contract[C]['access'] extends 'user' ? Actor : Actor | null;
  token: string | null;
  /** Hands a new session token to the transport (cookie or main process); null forgets it. */
  setToken(token: string | null): void;
}

type Handlers = { [C in CommandName]: (ctx: HandlerContext<C>, input: ParsedInput<C>) => CommandOutput<C> };

export const handlers: Handlers = {
  'setup.status': ({ services }) => ({ initialized: auth.isInitialized(services) }),
  'setup.initialize': ({ services }, input) => auth.initialize(services, input),
  'auth.signIn': ({ services, setToken }, input) => {
    const { view, token } = auth.signIn(services, input);
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
};
