// Handlers of the labour register and attendance commands (electron/common/contract-labour.ts).
import type { labourCommands } from '../common/contract-labour';
import type { Handlers } from './handlers';
import { labourSettings, saveLabourSettings } from '../services/labour/settings';
import * as participants from '../services/labour/participants';
import * as teams from '../services/labour/teams';
import * as workers from '../services/labour/workers';
import * as chain from '../services/labour/chain';
import * as devices from '../services/labour/devices';
import * as punches from '../services/labour/punches';
import * as signIn from '../services/labour/sign-in';
import * as makeups from '../services/labour/makeups';
import * as attendance from '../services/labour/attendance';
import * as exports from '../services/labour/exports';
import { monthSheetPdf } from '../services/labour/month-sheet-pdf';
import { startTask } from '../services/tasks';
import { importTeam, teamTemplate } from '../services/labour/team-import';
import { importPunches, punchImportTemplate } from '../services/labour/punch-import';
import { registerLabourWarnings } from '../services/labour/builtin-warnings';
import { registerSafetyLabourWarnings } from '../services/safety/labour-provider';
import { checkCodeTables } from '../services/labour/code-tables';
import { gatePortOf, saveGatePort, storedGatePort } from '../services/labour/gate-port';

checkCodeTables();
registerLabourWarnings();
registerSafetyLabourWarnings();

export const labourHandlers: Pick<Handlers, keyof typeof labourCommands> = {
  'labour.settings': ({ services, actor }) => labourSettings(services, actor.projectId),
  'labour.saveSettings': ({ services, actor }, input) => saveLabourSettings(services, actor.projectId, input),
  'participants.list': ({ services, actor }) => participants.listParticipants(services, actor),
  'participants.create': ({ services, actor }, input) => participants.createParticipant(services, actor, input),
  'participants.update': ({ services, actor }, input) => participants.updateParticipant(services, actor, input),
  'participants.xlsx': ({ services, actor }) => exports.participantsXlsx(services, actor),
  'teams.list': ({ services, actor }, input) => teams.listTeams(services, actor, input),
  'teams.create': ({ services, actor }, input) => teams.createTeam(services, actor, input),
  'teams.update': ({ services, actor }, input) => teams.updateTeam(services, actor, input),
  'teams.xlsx': ({ services, actor }, input) => exports.teamsXlsx(services, actor, input),
  'teams.import': ({ services, actor }, input) => importTeam(services, actor, input),
  'teams.template': ({ services }) => teamTemplate(services),
  'workers.list': ({ services, actor }, input) => workers.listWorkers(services, actor, input),
  'workers.xlsx': ({ services, actor }, input) => exports.workersXlsx(services, actor, input),
  'workers.get': ({ services, actor }, input) => workers.getWorker(services, actor, input.workerId),
  'workers.lookup': ({ services, actor }, input) => workers.lookupWorker(services, actor, input),
  'workers.hire': ({ services, actor }, input) => workers.hireWorker(services, actor, input),
  'workers.update': ({ services, actor }, input) => workers.updateWorker(services, actor, input),
  'workers.addContract': ({ services, actor }, input) => chain.addContract(services, actor, input),
  'workers.uploadContractScan': ({ services, actor }, input) => chain.uploadContractScan(services, actor, input),
  'workers.setWageCard': ({ services, actor }, input) => chain.setWageCard(services, actor, input),
  'workers.dispatch': ({ services, actor }, input) => chain.dispatchWorker(services, actor, input),
  'workers.enter': ({ services, actor }, input) => chain.enterWorker(services, actor, input),
  'workers.exit': ({ services, actor }, input) => chain.exitWorker(services, actor, input),
  'workers.warnings': ({ services, actor }, input) => chain.warningsFor(services, actor, input),
  'devices.list': ({ services, actor }) => ({ devices: devices.listDevices(services, actor), gatePort: gatePortOf(services), storedGatePort: storedGatePort(services) }),
  'devices.setGatePort': ({ services }, input) => saveGatePort(services, input.port),
  'devices.create': ({ services, actor }, input) => devices.createDevice(services, actor, input),
  'devices.update': ({ services, actor }, input) => devices.updateDevice(services, actor, input),
  'devices.requests': ({ services, actor }, input) => devices.listGateRequests(services, actor, input),
  'devices.xlsx': ({ services, actor }) => exports.devicesXlsx(services, actor),
  'attendance.punches': ({ services, actor }, input) => punches.listPunches(services, actor, input),
  'attendance.import': ({ services, actor }, input) => importPunches(services, actor, input),
  'attendance.importTemplate': ({ services }) => punchImportTemplate(services),
  'attendance.punchesXlsx': ({ services, actor }, input) => exports.punchesXlsx(services, actor, input),
  'attendance.matchPunches': ({ services, actor }, input) => punches.matchPunches(services, actor, input),
  'attendance.signInList': ({ services, actor }, input) => signIn.signInList(services, actor, input),
  'attendance.signIn': ({ services, actor }, input) => signIn.signIn(services, actor, input),
  'attendance.signInByCard': ({ services, actor }, input) => signIn.signInByCard(services, actor, input),
  'attendance.requestMakeup': ({ services, actor }, input) => makeups.requestMakeup(services, actor, input),
  'attendance.makeups': ({ services, actor }, input) => makeups.listMakeups(services, actor, input),
  'attendance.decideMakeup': ({ services, actor }, input) => makeups.decideMakeup(services, actor, input),
  'attendance.makeupsXlsx': ({ services, actor }, input) => exports.makeupsXlsx(services, actor, input),
  'attendance.anomalies': ({ services, actor }, input) => attendance.anomalies(services, actor.projectId, input.from, input.to, input.kind),
  'attendance.anomaliesXlsx': ({ services, actor }, input) => exports.anomaliesXlsx(services, actor, input),
  'attendance.monthSheet': ({ services, actor }, input) => attendance.monthSheet(services, actor, input),
  'attendance.startMonthSheetPdf': ({ services, actor }, input) => startTask(actor, 'pdf', async (r) => ({ file: await monthSheetPdf(services, actor, input, r) })),
  'attendance.monthSheetXlsx': ({ services, actor }, input) => exports.monthSheetXlsx(services, actor, input),
  'attendance.today': ({ services, actor }) => attendance.todayBoard(services, actor),
  'attendance.workerMonth': ({ services, actor }, input) => attendance.workerMonthView(services, actor, input),
};
