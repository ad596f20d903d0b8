// Handlers of the report, export, template and roster import commands (electron/common/contract-reports.ts).
import type { reportCommands } from '../common/contract-reports';
import type { Handlers } from './handlers';
import { preRegistrationRosterPdf, rosterPdf } from '../services/reports/roster-pdf';
import { dailyHealthPdf } from '../services/reports/daily-health-pdf';
import { healthFormPdf } from '../services/reports/health-form-pdf';
import { epidemicInfoPdf } from '../services/reports/epidemic-pdf';
import * as excel from '../services/reports/excel-exports';
import { templateFile } from '../services/reports/templates';
import { importPersons } from '../services/roster-import';
import { cancelTask, taskStatus } from '../services/tasks';

export const reportHandlers: Pick<Handlers, keyof typeof reportCommands> = {
  'tasks.get': ({ actor }, input) => taskStatus(actor, input.taskId),
  'tasks.cancel': ({ actor }, input) => cancelTask(actor, input.taskId),
  'reports.preRegistrationPdf': ({ services, actor }, input) => preRegistrationRosterPdf(services, actor, input),
  'reports.rosterPdf': ({ services, actor }, input) => rosterPdf(services, actor, input),
  'reports.dailyHealthPdf': ({ services, actor }, input) => dailyHealthPdf(services, actor, input),
  'reports.healthFormPdf': ({ services, actor }, input) => healthFormPdf(services, actor, input),
  'reports.epidemicInfoPdf': ({ services, actor }, input) => epidemicInfoPdf(services, actor, input),
  'reports.preRegistrationXlsx': ({ services, actor }, input) => excel.preRegistrationXlsx(services, actor, input),
  'reports.familyXlsx': ({ services, actor }, input) => excel.familyXlsx(services, actor, input),
  'reports.healthChecksXlsx': ({ services, actor }, input) => excel.healthChecksXlsx(services, actor, input),
  'reports.rosterXlsx': ({ services, actor }, input) => excel.rosterXlsx(services, actor, input),
  'reports.employersXlsx': ({ services, actor }) => excel.employersXlsx(services, actor),
  'reports.batchHealthXlsx': ({ services, actor }, input) => excel.batchHealthXlsx(services, actor, input),
  'reports.boardXlsx': ({ services, actor }, input) => excel.boardXlsx(services, actor, input),
  'reports.operatorsXlsx': ({ services, actor }) => excel.operatorsXlsx(services, actor),
  'reports.template': ({ services }, input) => templateFile(services, input),
  'persons.import': ({ services, actor }, input) => importPersons(services, actor, input),
};
