// Handlers of 监理报告 (electron/common/contract-supervision-reports.ts).
import type { supervisionReportsCommands } from '../common/contract-supervision-reports';
import type { Handlers } from './handlers';
import { siteDate } from '../common/site-time';
import * as notices from '../services/supervision-reports/notices';
import * as stops from '../services/supervision-reports/stop-orders';
import * as side from '../services/supervision-reports/side-records';
import * as monthly from '../services/supervision-reports/monthly';
import * as emergency from '../services/supervision-reports/emergency';
import * as pdf from '../services/supervision-reports/pdf';
import { escalationOffers } from '../services/supervision-reports/escalation';
import { supervisionQuality } from '../services/supervision-reports/central';

export const supervisionReportsHandlers: Pick<Handlers, keyof typeof supervisionReportsCommands> = {
  'supervisionReports.notices': ({ services, actor }, input) => notices.listNotices(services, actor, input),
  'supervisionReports.issueNotice': ({ services, actor }, input) => notices.issueNotice(services, actor, input),
  'supervisionReports.stopOrders': ({ services, actor }) => stops.listStopOrders(services, actor),
  'supervisionReports.issueStopOrder': ({ services, actor }, input) => stops.issueStopOrder(services, actor, input),
  'supervisionReports.applyResume': ({ services, actor }, input) => stops.applyResume(services, actor, input),
  'supervisionReports.resume': ({ services, actor }, input) => stops.resume(services, actor, input),
  'supervisionReports.sideRecords': ({ services, actor }, input) => side.listSideRecords(services, actor, input),
  'supervisionReports.addSideRecord': ({ services, actor }, input) => side.addSideRecord(services, actor, input),
  'supervisionReports.escalations': ({ services, actor }) => escalationOffers(services.db, actor.projectId, siteDate(services.clock.now())),
  'supervisionReports.months': ({ services, actor }) => monthly.monthRows(services.db, actor.projectId, siteDate(services.clock.now())),
  'supervisionReports.monthly': ({ services, actor }, input) => monthly.getMonthly(services, actor, input.period),
  'supervisionReports.draftMonthly': ({ services, actor }, input) => monthly.draftMonthly(services, actor, input),
  'supervisionReports.saveMonthly': ({ services, actor }, input) => monthly.saveMonthly(services, actor, input),
  'supervisionReports.signMonthly': ({ services, actor }, input) => monthly.signMonthly(services, actor, input),
  'supervisionReports.queueMonthly': ({ services, actor }, input) => monthly.queueMonthly(services, actor, input),
  'supervisionReports.receiveMonthly': ({ services, actor }, input) => monthly.receiveMonthly(services, actor, input),
  'supervisionReports.reviseMonthly': ({ services, actor }, input) => monthly.reviseMonthly(services, actor, input),
  'supervisionReports.emergencies': ({ services, actor }) => emergency.listEmergencies(services, actor),
  'supervisionReports.draftEmergency': ({ services, actor }, input) => emergency.draftEmergency(services, actor, input),
  'supervisionReports.logContact': ({ services, actor }, input) => emergency.logContact(services, actor, input),
  'supervisionReports.signEmergency': ({ services, actor }, input) => emergency.signEmergency(services, actor, input),
  'supervisionReports.queueEmergency': ({ services, actor }, input) => emergency.queueEmergency(services, actor, input),
  'supervisionReports.stopOrderPdf': ({ services, actor }, input) => pdf.stopOrderPdf(services, actor, input),
  'supervisionReports.sideRecordPdf': ({ services, actor }, input) => pdf.sideRecordPdf(services, actor, input),
  'supervisionReports.monthlyPdf': ({ services, actor }, input) => pdf.monthlyPdf(services, actor, input),
  'supervisionReports.emergencyPdf': ({ services, actor }, input) => pdf.emergencyPdf(services, actor, input),
  'supervision.quality': ({ services }, input) => supervisionQuality(services, input),
};
