// What one write of a site module needs inside its transaction: the transaction's handle, one
// ChangeRecorder for its outbox and audit rows, who writes and when, and the site's today.
import type { Db } from '../../db/open';
import { siteDate } from '../common/site-time';
import { isoNow, type ProjectActor, type Services } from './context';
import { authorOf, ChangeRecorder, type ChangeAuthor } from './outbox';

export interface WriteContext {
  db: Db;
  recorder: ChangeRecorder;
  author: ChangeAuthor & { actorId: string };
  actor: ProjectActor;
  /** The site date now (Asia/Shanghai). */
  today: string;
}

export function writeContext(s: Services, db: Db, actor: ProjectActor): WriteContext {
  const at = isoNow(s.clock);
  return { db, recorder: new ChangeRecorder(db), author: { ...authorOf(actor, at), actorId: actor.userId }, actor, today: siteDate(s.clock.now()) };
}

/** Runs one write in one transaction, with its context. */
export function inTransaction<T>(s: Services, actor: ProjectActor, write: (ctx: WriteContext) => T): T {
  return s.db.transaction((tx) => write(writeContext(s, tx, actor)));
}
