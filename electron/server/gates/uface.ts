// 宇泛 Uface: the terminal calls back the URL set with setIdentifyCallBack after each recognition,
// with form fields: deviceKey (its serial), personId (the id it was given, STRANGERBABY for a
// stranger), time (milliseconds), type (face_0 recognised within the allowed hours, face_1 outside
// them, face_2 not recognised; card_… and faceAndcard_… alike), and the capture (imgBase64, or a
// path on the device). {"result":1,"success":true} is answered once the punch is stored; the
// terminal calls again otherwise.
import { personRefOf, readBody, reply, type GateContext } from './common';
import { siteDateTime } from '../../common/time';
import { admit, logRefusal, receivePush, type GatePunch } from '../../services/labour/gate-intake';

const MAX_BODY = 4 * 1024 * 1024;
const success = JSON.stringify({ result: 1, success: true });
const failure = (msg: string) => JSON.stringify({ result: 0, success: false, msg });

function fieldsOf(contentType: string, body: Buffer): Record<string, string> {
  const text = body.toString('utf8');
  if (contentType.includes('json')) {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  }
  return Object.fromEntries(new URLSearchParams(text));
}

export async function handleUface(ctx: GateContext): Promise<void> {
  const { services: s, req, res, url } = ctx;
  if (req.method !== 'POST') {
    reply(res, 405, failure('POST only'), 'application/json');
    return;
  }
  const body = await readBody(req, MAX_BODY);
  const path = url.pathname + url.search;
  let f: Record<string, string>;
  try {
    f = fieldsOf(String(req.headers['content-type'] ?? ''), body);
  } catch {
    logRefusal(s, { vendor: 'uface', serial: '', path, remote: ctx.remote, body }, '无法读取的宇泛回调(不是表单或 JSON)');
    reply(res, 400, failure('bad body'), 'application/json');
    return;
  }
  const serial = f.deviceKey ?? '';
  const admitted = admit(s, 'uface', serial);
  if ('refusal' in admitted) {
    logRefusal(s, { vendor: 'uface', serial, path, remote: ctx.remote, body }, admitted.refusal);
    reply(res, 403, failure('unknown device'), 'application/json');
    return;
  }
  const type = f.type ?? '';
  const punches: GatePunch[] = [];
  const rejected: { record: number; reason: string }[] = [];
  let ignored = 0;
  if (!/_(0|1)$/.test(type) || f.personId === 'STRANGERBABY') {
    ignored = 1; // not recognised, or a stranger: not anyone's punch
  } else {
    const personRef = personRefOf(f.personId);
    const ms = /^\d{12,14}$/.test(f.time ?? '') ? Number(f.time) : NaN;
    if (!personRef) rejected.push({ record: 1, reason: `personId“${(f.personId ?? '').slice(0, 20)}”无效` });
    else if (!Number.isFinite(ms)) rejected.push({ record: 1, reason: `time“${(f.time ?? '').slice(0, 20)}”不是毫秒时间戳` });
    else {
      const picture = f.imgBase64 ? Buffer.from(f.imgBase64.replace(/^data:[^,]*,/, ''), 'base64') : null;
      const pictureSha256 = picture && picture.length > 0 ? s.files.put(picture) : null;
      const { imgBase64: _img, ...kept } = f;
      punches.push({ personRef, punchedAt: siteDateTime(new Date(ms)), verifyMode: type.split('_')[0] ?? type, payload: JSON.stringify(kept), pictureSha256 });
    }
  }
  await receivePush(s, admitted.device, { vendor: 'uface', serial, path, remote: ctx.remote, body, punches, rejected, ignored });
  reply(res, 200, success, 'application/json');
}
