// Handlers of 建材管理 (electron/common/contract-materials.ts).
import type { materialsCommands } from '../common/contract-materials';
import type { Handlers } from './handlers';
import * as batches from '../services/materials/batches';
import * as samples from '../services/materials/samples';
import * as reports from '../services/materials/reports';
import * as checks from '../services/materials/checks';
import * as pdf from '../services/materials/pdf';
import { witnessRules } from '../services/materials/rules';

export const materialsHandlers: Pick<Handlers, keyof typeof materialsCommands> = {
  'materials.types': ({ services, actor }) => {
    const rules = witnessRules(services.db, actor.projectId);
    return { edition: rules.edition, types: rules.data.types };
  },
  'materials.batches': ({ services, actor }, input) => batches.listBatches(services, actor, input),
  'materials.batch': ({ services, actor }, input) => batches.batchView(services, actor, input.id),
  'materials.receive': ({ services, actor }, input) => batches.receive(services, actor, input),
  'materials.approve': ({ services, actor }, input) => batches.approve(services, actor, input),
  'materials.pours': ({ services, actor }, input) => samples.listPours(services, actor, input),
  'materials.addPour': ({ services, actor }, input) => samples.addPour(services, actor, input),
  'materials.sample': ({ services, actor }, input) => samples.takeSample(services, actor, input),
  'materials.witness': ({ services, actor }, input) => samples.witnessSample(services, actor, input),
  'materials.samples': ({ services, actor }, input) => samples.listSamples(services, actor, input),
  'materials.addReport': ({ services, actor }, input) => reports.addReport(services, actor, input),
  'materials.dispositions': ({ services, actor }, input) => reports.listDispositions(services, actor, input),
  'materials.decide': ({ services, actor }, input) => reports.decide(services, actor, input),
  'materials.closeDisposition': ({ services, actor }, input) => reports.closeDisposition(services, actor, input),
  'materials.witnessShare': ({ services, actor }) => checks.witnessShareCheck(services.db, actor.projectId),
  'materials.frequency': ({ services, actor }) => checks.frequencyCheck(services.db, actor.projectId),
  'materials.overview': ({ services, actor }) => checks.materialsOverview(services, actor),
  'materials.acceptancePdf': ({ services, actor }, input) => pdf.acceptancePdf(services, actor, input),
  'materials.samplePdf': ({ services, actor }, input) => pdf.samplePdf(services, actor, input),
  'materials.ledgerPdf': ({ services, actor }, input) => pdf.ledgerPdf(services, actor, input),
  'materials.dispositionPdf': ({ services, actor }, input) => pdf.dispositionPdf(services, actor, input),
};
