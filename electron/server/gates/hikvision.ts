// Hikvision ISAPI event push: the terminal posts each event to the HTTP host configured on it
// (httpHosts), as JSON or as multipart/form-data with the event as one part (AccessControllerEvent
// or event_log) and the captured face as another (Picture). A punch is an access-controller event
// of major type 5 with a verification passed (card 1, fingerprint 38, face 75); employeeNoString is
// the person id. The device names itself by shortSerialNumber (its MAC where firmware omits it).
// 200 is answered once the punch is stored; the terminal pushes it again otherwise.
import Busboy from 'busboy';
import { isoDeviceTime, personRefOf, readBody, reply, type GateContext } from './common';
import { admit, logRefusal, noteSeen, receivePush, type GatePunch } from '../../services/labour/gate-intake';

const MAX_BODY = 8 * 1024 * 1024;
const MAX_PICTURE = 2 * 1024 * 1024;

/** Minor event types of major 5 that are a person let through. */
const passed: Record<number, string> = { 1: 'card', 38: 'fingerprint', 75: 'face' };

const ok = JSON.stringify({ statusCode: 1, statusString: 'OK', subStatusCode: 'ok' });

interface Parts {
  event: string | null;
  picture: Buffer | null;
}

/** The event's JSON and the picture, from a JSON body or a multipart one. */
function parts(contentType: string, body: Buffer): Promise<Parts> {
  if (!contentType.startsWith('multipart/')) return Promise.resolve({ event: body.toString('utf8'), picture: null });
  return new Promise((resolve, reject) => {
    const found: Parts = { event: null, picture: null };
    let bb: Busboy.Busboy;
    try {
      bb = Busboy({ headers: { 'content-type': contentType }, limits: { fileSize: MAX_PICTURE, files: 4, fields: 8 } });
    } catch (e) {
      reject(e);
      return;
    }
    bb.on('field', (name, value) => {
      if (name === 'AccessControllerEvent' || name === 'event_log' || found.event === null) found.event = value;
    });
    bb.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const bytes = Buffer.concat(chunks);
        // Some firmware sends the event itself as a part with a file name.
        if (info.mimeType.includes('json') || name === 'AccessControllerEvent' || name === 'event_log') found.event = bytes.toString('utf8');
        else if (info.mimeType.startsWith('image/') && !found.picture) found.picture = bytes;
      });
    });
    bb.on('error', reject);
    bb.on('close', () => resolve(found));
    bb.end(body);
  });
}

interface HikEvent {
  shortSerialNumber?: unknown;
  macAddress?: unknown;
  dateTime?: unknown;
  eventType?: unknown;
  AccessControllerEvent?: { majorEventType?: unknown; subEventType?: unknown; employeeNoString?: unknown; serialNo?: unknown; picturesNumber?: unknown };
}

export async function handleHikvision(ctx: GateContext): Promise<void> {
  const { services: s, req, res, url } = ctx;
  if (req.method !== 'POST') {
    reply(res, 405, 'POST only');
    return;
  }
  const body = await readBody(req, MAX_BODY);
  const path = url.pathname + url.search;
  let found: Parts;
  let event: HikEvent;
  try {
    found = await parts(String(req.headers['content-type'] ?? ''), body);
    const parsed: unknown = JSON.parse(found.event ?? '');
    // Pushed through an alarm centre, the event comes wrapped.
    const unwrapped = (parsed as { EventNotificationAlert?: unknown }).EventNotificationAlert ?? parsed;
    if (typeof unwrapped !== 'object' || unwrapped === null) throw new Error('not an object');
    event = unwrapped as HikEvent;
  } catch {
    logRefusal(s, { vendor: 'hikvision', serial: '', path, remote: ctx.remote, body }, '无法读取的海康事件(不是有效的 JSON 或 multipart)');
    reply(res, 400, JSON.stringify({ statusCode: 6, statusString: 'Invalid Content', subStatusCode: 'badJsonContent' }), 'application/json');
    return;
  }
  const serial = typeof event.shortSerialNumber === 'string' && event.shortSerialNumber ? event.shortSerialNumber
    : typeof event.macAddress === 'string' ? event.macAddress : '';
  const admitted = admit(s, 'hikvision', serial);
  if ('refusal' in admitted) {
    logRefusal(s, { vendor: 'hikvision', serial, path, remote: ctx.remote, body }, admitted.refusal);
    reply(res, 403, JSON.stringify({ statusCode: 4, statusString: 'Invalid Operation', subStatusCode: 'unknownDevice' }), 'application/json');
    return;
  }
  const device = admitted.device;
  const ace = event.AccessControllerEvent;
  if (event.eventType !== 'AccessControllerEvent' || !ace) {
    // A heartbeat or another kind of event: the device is alive, nothing to keep.
    noteSeen(s, device);
    reply(res, 200, ok, 'application/json');
    return;
  }
  const punches: GatePunch[] = [];
  const rejected: { record: number; reason: string }[] = [];
  let ignored = 0;
  const mode = ace.majorEventType === 5 && typeof ace.subEventType === 'number' ? passed[ace.subEventType] : undefined;
  if (!mode) {
    ignored = 1;
  } else {
    const personRef = personRefOf(ace.employeeNoString);
    const at = typeof event.dateTime === 'string' ? isoDeviceTime(event.dateTime) : null;
    if (!personRef) rejected.push({ record: 1, reason: '事件没有有效的 employeeNoString' });
    else if (!at) rejected.push({ record: 1, reason: `事件时间“${String(event.dateTime).slice(0, 30)}”无效` });
    else {
      // The picture is on disk before the punch that names it is committed.
      const pictureSha256 = found.picture && found.picture.length > 0 ? s.files.put(found.picture) : null;
      punches.push({ personRef, punchedAt: at, verifyMode: mode, payload: JSON.stringify(event), pictureSha256 });
    }
  }
  await receivePush(s, device, { vendor: 'hikvision', serial, path, remote: ctx.remote, body, punches, rejected, ignored });
  reply(res, 200, ok, 'application/json');
}
