// Handlers of 安全生产标准化现场 (electron/common/contract-safety.ts).
import type { safetyCommands } from '../common/contract-safety';
import type { Handlers } from './handlers';
import * as assessments from '../services/safety/assessments';
import * as hazards from '../services/safety/hazards';
import * as people from '../services/safety/people';
import * as profile from '../services/safety/profile';
import * as pdf from '../services/safety/pdf';
import * as rules from '../services/safety/rules';
import { overview, supervisionSafety } from '../services/safety/overview';
import { teamMembers } from '../services/safety/teams';

export const safetyHandlers: Pick<Handlers, keyof typeof safetyCommands> = {
  'safety.rules': ({ services, actor }) => rules.rulesView(services.db, actor.projectId),
  'safety.ruleEditions': ({ services, actor }, input) => rules.ruleEditions(services, actor, input.key),
  'safety.correctRule': ({ services, actor }, input) => rules.correctRule(services, actor, input),
  'safety.assessments': ({ services, actor }, input) => assessments.listAssessments(services, actor, input),
  'safety.assessment': ({ services, actor }, input) => assessments.assessmentView(services, actor, input.id),
  'safety.createAssessment': ({ services, actor }, input) => assessments.createAssessment(services, actor, input),
  'safety.setTables': ({ services, actor }, input) => assessments.setTables(services, actor, input),
  'safety.setMissingItems': ({ services, actor }, input) => assessments.setMissingItems(services, actor, input),
  'safety.addDeduction': ({ services, actor }, input) => assessments.addDeduction(services, actor, input),
  'safety.updateDeduction': ({ services, actor }, input) => assessments.updateDeduction(services, actor, input),
  'safety.removeDeduction': ({ services, actor }, input) => assessments.removeDeduction(services, actor, input),
  'safety.submit': ({ services, actor }, input) => assessments.submit(services, actor, input),
  'safety.review': ({ services, actor }, input) => assessments.review(services, actor, input),
  'safety.lock': ({ services, actor }, input) => assessments.lock(services, actor, input),
  'safety.revise': ({ services, actor }, input) => assessments.revise(services, actor, input),
  'safety.gradeChart': ({ services, actor }, input) => assessments.gradeChart(services, actor, input),
  'safety.openHazard': ({ services, actor }, input) => hazards.openHazard(services, actor, input),
  'safety.hazards': ({ services, actor }, input) => hazards.listHazards(services, actor, input),
  'safety.profile': ({ services, actor }) => profile.getProfile(services, actor),
  'safety.saveProfile': ({ services, actor }, input) => profile.saveProfile(services, actor, input),
  'safety.overview': ({ services, actor }) => overview(services, actor),
  'safety.certificates': ({ services, actor }, input) => people.listCertificates(services, actor, input),
  'safety.addCertificate': ({ services, actor }, input) => people.addCertificate(services, actor, input),
  'safety.revokeCertificate': ({ services, actor }, input) => people.revokeCertificate(services, actor, input),
  'safety.personSafety': ({ services, actor }, input) => people.personSafety(services, actor, input.personId),
  'safety.warnings': ({ services, actor }, input) => people.warningsFor(services, actor, input),
  'safety.addTraining': ({ services, actor }, input) => people.addTraining(services, actor, input),
  'safety.trainingRegister': ({ services, actor }, input) => people.trainingRegister(services, actor, input),
  'safety.teamMembers': ({ services, actor }, input) => teamMembers(services, actor, input),
  'safety.briefings': ({ services, actor }, input) => people.listBriefings(services, actor, input),
  'safety.addBriefing': ({ services, actor }, input) => people.addBriefing(services, actor, input),
  'safety.summaryPdf': ({ services, actor }, input) => pdf.summaryPdf(services, actor, input),
  'safety.sheetsPdf': ({ services, actor }, input) => pdf.sheetsPdf(services, actor, input),
  'safety.monthlyPdf': ({ services, actor }, input) => pdf.monthlyPdf(services, actor, input),
  'safety.hazardLedgerPdf': ({ services, actor }, input) => pdf.hazardLedgerPdf(services, actor, input),
  'safety.certificatesPdf': ({ services, actor }, input) => pdf.certificatesPdf(services, actor, input),
  'safety.trainingCardPdf': ({ services, actor }, input) => pdf.trainingCardPdf(services, actor, input),
  'safety.briefingPdf': ({ services, actor }, input) => pdf.briefingPdf(services, actor, input),
  'supervision.safety': ({ services }, input) => supervisionSafety(services, input),
};
