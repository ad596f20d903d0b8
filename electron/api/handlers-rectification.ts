// Handlers of the rectification loop (electron/common/contract-rectification.ts).
import type { rectificationCommands } from '../common/contract-rectification';
import type { Handlers } from './handlers';
import * as loop from '../services/rectification/loop';
import { rectificationFormPdf } from '../services/rectification/pdf';

export const rectificationHandlers: Pick<Handlers, keyof typeof rectificationCommands> = {
  'rectification.list': ({ services, actor }, input) => loop.listRectifications(services, actor, input),
  'rectification.get': ({ services, actor }, input) => loop.getRectification(services, actor, input.id),
  'rectification.notify': ({ services, actor }, input) => loop.notify(services, actor, input),
  'rectification.reply': ({ services, actor }, input) => loop.reply(services, actor, input),
  'rectification.review': ({ services, actor }, input) => loop.review(services, actor, input),
  'rectification.attachPlan': ({ services, actor }, input) => loop.attachPlan(services, actor, input),
  'rectification.close': ({ services, actor }, input) => loop.close(services, actor, input),
  'rectification.escalate': ({ services, actor }, input) => loop.escalate(services, actor, input),
  'rectification.formPdf': ({ services, actor }, input) => rectificationFormPdf(services, actor, input),
};
