// The site's side of an acknowledgement: the only thing that moves the watermark. It must be signed
// by the central system this site trusts, be about this installation, and name a sequence number
// this site has written. An applied or duplicate acknowledgement only moves it forward, and the
// files of the acknowledged range are remembered as delivered so that they are not sent again. A
// gap acknowledgement (the central side holds less than the site thought: it was restored from a
// backup) moves it to the number named, back if need be, and forgets the files of the range given
// back: the site keeps every change, so the next bundle sends them again from there.
import { and, eq, inArray, lte } from 'drizzle-orm';
import { syncAcks, syncExports, syncPushes, syncSiteState } from '../../../db/schema';
import { ApiError } from '../../common/errors';
import { isoNow, type Services } from '../context';
import { newId } from '../ids';
import { recordAudit } from '../outbox';
import { ACK_FORMAT, ACK_VERSION, ackBodySchema, type Ack } from './apply';
import { lastSeq, markDelivered, siteState } from './export';
import { canonicalJson, centralPeer, requireRole, verifyBytes } from './identity';

export interface AckResult {
  previousSeq: number;
  ackedSeq: number;
  moved: boolean;
  status: 'applied' | 'duplicate' | 'gap';
  conflicts: number;
}

export function parseAckText(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch {
    throw new ApiError('VALIDATION', '回执文件不是有效的 JSON 文件');
  }
}

/** Checks an acknowledgement completely; returns it typed, or refuses with the reason. */
export function checkAck(s: Services, raw: unknown): Ack {
  const identity = requireRole(s, 'site');
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== ACK_FORMAT) {
    throw new ApiError('VALIDATION', '该文件不是同步回执');
  }
  const version = (raw as { formatVersion?: unknown }).formatVersion;
  if (version !== ACK_VERSION) throw new ApiError('VALIDATION', `不支持的回执版本 ${String(version)}(本程序支持 ${ACK_VERSION})`);
  const { signature, ...rest } = raw as Record<string, unknown>;
  const parsed = ackBodySchema.safeParse(rest);
  if (!parsed.success || typeof signature !== 'string') throw new ApiError('VALIDATION', '回执内容不完整或格式有误');
  const body = parsed.data;
  const central = centralPeer(s);
  if (!central) throw new ApiError('CONFLICT', '尚未登记中心系统:请先在“注册与设置”中导入中心系统的注册文件');
  if (central.installationId !== body.centralId) throw new ApiError('FORBIDDEN', '回执来自未登记的中心系统,已拒绝');
  if (!verifyBytes(central.publicKey, Buffer.from(canonicalJson(body)), Buffer.from(signature, 'base64'))) {
    throw new ApiError('FORBIDDEN', '回执签名无效:文件已被改动,或不是已登记的中心系统签发的');
  }
  if (body.installationId !== identity.installationId) throw new ApiError('VALIDATION', '该回执属于另一台电脑(安装标识不符),不是本机的');
  if (body.lastSeq > lastSeq(s)) throw new ApiError('CONFLICT', `回执确认到第 ${body.lastSeq} 条,超出本机的记录(最后一条为第 ${lastSeq(s)} 条),已拒绝`);
  return { ...body, signature };
}

/** Files named by attachment changes in (from, to] are no longer known to be at the central side. */
function forgetDelivered(s: Services, from: number, to: number): void {
  s.sqlite.prepare(`delete from sync_delivered_files where sha256 in (select json_extract(data, '$.sha256') from changes
    where table_name = 'attachments' and seq > ? and seq <= ?)`).run(from, to);
}

/** A gap: the watermark becomes the number the central side holds, forward or back. */
function rewind(s: Services, ack: Ack, via: 'file' | 'http', actorName: string, at: string): AckResult {
  return s.db.transaction((tx) => {
    const previous = siteState(s).ackedSeq;
    const ackedSeq = ack.lastSeq;
    if (ackedSeq < previous) forgetDelivered(s, ackedSeq, previous);
    else if (ackedSeq > previous) markDelivered(s, previous, ackedSeq, at);
    tx.update(syncSiteState).set({ ackedSeq, ackedAt: at }).where(eq(syncSiteState.id, 1)).run();
    tx.insert(syncAcks).values({
      id: newId(), lastSeq: ack.lastSeq, previousSeq: previous, status: ack.status, bundleSha256: ack.bundleSha256, via, ack: JSON.stringify(ack), receivedAt: at,
    }).run();
    recordAudit(tx, { at, actorId: null, actorName, projectId: null }, { action: 'sync_rewind', tableName: 'sync_site_state', rowId: '1', before: { ackedSeq: previous }, after: { ackedSeq, via } });
    // Waiting pushes start at the old watermark: the central side would refuse them the same way.
    tx.update(syncPushes).set({ status: 'superseded', updatedAt: at, nextAttemptAt: null })
      .where(inArray(syncPushes.status, ['queued', 'retrying', 'failed'])).run();
    return { previousSeq: previous, ackedSeq, moved: ackedSeq !== previous, status: 'gap', conflicts: 0 };
  });
}

export function importAck(s: Services, raw: unknown, via: 'file' | 'http', actorName: string): AckResult {
  const ack = checkAck(s, raw);
  const at = isoNow(s.clock);
  if (ack.status === 'gap') return rewind(s, ack, via, actorName, at);
  return s.db.transaction((tx) => {
    const previous = siteState(s).ackedSeq;
    const ackedSeq = Math.max(previous, ack.lastSeq);
    // Every acknowledgement is kept, also one that moves nothing: it says which bundle the central
    // side has seen (after a restore, that it has seen the new history).
    tx.insert(syncAcks).values({
      id: newId(), lastSeq: ack.lastSeq, previousSeq: previous, status: ack.status, bundleSha256: ack.bundleSha256, via, ack: JSON.stringify(ack), receivedAt: at,
    }).run();
    if (ackedSeq > previous) {
      markDelivered(s, previous, ackedSeq, at);
      tx.update(syncSiteState).set({ ackedSeq, ackedAt: at }).where(eq(syncSiteState.id, 1)).run();
      recordAudit(tx, { at, actorId: null, actorName, projectId: null }, { action: 'sync_ack', tableName: 'sync_site_state', rowId: '1', before: { ackedSeq: previous }, after: { ackedSeq, via } });
      // Pushes still waiting whose range is now acknowledged need not be sent.
      const covered = tx.select({ id: syncExports.id }).from(syncExports).where(lte(syncExports.lastSeq, ackedSeq)).all().map((r) => r.id);
      if (covered.length > 0) {
        tx.update(syncPushes).set({ status: 'superseded', updatedAt: at, nextAttemptAt: null })
          .where(and(inArray(syncPushes.status, ['queued', 'retrying', 'failed']), inArray(syncPushes.exportId, covered))).run();
      }
    }
    return { previousSeq: previous, ackedSeq, moved: ackedSeq > previous, status: ack.status, conflicts: ack.conflicts };
  });
}
