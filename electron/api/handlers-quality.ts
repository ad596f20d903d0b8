// Handlers of 质量标准化 (electron/common/contract-quality.ts).
import type { qualityCommands } from '../common/contract-quality';
import type { Handlers } from './handlers';
import * as units from '../services/quality/units';
import * as plan from '../services/quality/plan';
import * as lots from '../services/quality/lots';
import * as acceptances from '../services/quality/acceptances';
import * as concealed from '../services/quality/concealed';
import * as measurements from '../services/quality/measurements';
import * as siteCheck from '../services/quality/site-check';
import * as pdf from '../services/quality/pdf';
import { openProblem } from '../services/quality/problems';
import { qualityOverview } from '../services/quality/overview';
import { hierarchy } from '../services/quality/hierarchy';

export const qualityHandlers: Pick<Handlers, keyof typeof qualityCommands> = {
  'quality.hierarchy': ({ services, actor }) => hierarchy(services, actor),
  'quality.units': ({ services, actor }) => units.listUnits(services, actor),
  'quality.addUnit': ({ services, actor }, input) => units.addUnit(services, actor, input),
  'quality.tree': ({ services, actor }, input) => plan.unitTreeOf(services, actor, input.unitId),
  'quality.addLot': ({ services, actor }, input) => plan.addLot(services, actor, input),
  'quality.approvePlan': ({ services, actor }, input) => plan.approvePlan(services, actor, input),
  'quality.lots': ({ services, actor }, input) => lots.listLots(services, actor, input),
  'quality.lot': ({ services, actor }, input) => lots.lotView(services, actor, input.id),
  'quality.setMaterials': ({ services, actor }, input) => lots.setMaterials(services, actor, input),
  'quality.saveRecord': ({ services, actor }, input) => lots.saveRecord(services, actor, input),
  'quality.signRecord': ({ services, actor }, input) => lots.signRecord(services, actor, input),
  'quality.resolveLot': ({ services, actor }, input) => lots.resolveLot(services, actor, input),
  'quality.concealedList': ({ services, actor }, input) => concealed.listConcealed(services, actor, input),
  'quality.addConcealed': ({ services, actor }, input) => concealed.addConcealed(services, actor, input),
  'quality.signConcealed': ({ services, actor }, input) => concealed.signConcealed(services, actor, input),
  'quality.acceptance': ({ services, actor }, input) => acceptances.acceptanceView(services, actor, input.unitId, input.level, input.code),
  'quality.signAcceptance': ({ services, actor }, input) => acceptances.signAcceptance(services, actor, input),
  'quality.tolerances': ({ services, actor }) => measurements.tolerances(services, actor),
  'quality.measurements': ({ services, actor }, input) => measurements.listMeasurements(services, actor, input),
  'quality.addMeasurement': ({ services, actor }, input) => measurements.addMeasurement(services, actor, input),
  'quality.measurementStats': ({ services, actor }) => measurements.measurementStats(services, actor),
  'quality.openProblem': ({ services, actor }, input) => openProblem(services, actor, input),
  'quality.siteCheck': ({ services, actor }) => siteCheck.siteCheck(services, actor),
  'quality.saveSiteCheck': ({ services, actor }, input) => siteCheck.saveSiteCheck(services, actor, input),
  'quality.signSiteCheck': ({ services, actor }, input) => siteCheck.signSiteCheck(services, actor, input),
  'quality.overview': ({ services, actor }) => qualityOverview(services, actor),
  'quality.lotPdf': ({ services, actor }, input) => pdf.lotPdf(services, actor, input),
  'quality.acceptancePdf': ({ services, actor }, input) => pdf.acceptancePdf(services, actor, input),
  'quality.concealedPdf': ({ services, actor }, input) => pdf.concealedPdf(services, actor, input),
  'quality.siteCheckPdf': ({ services, actor }) => pdf.siteCheckPdf(services, actor),
};
