// ZKTeco PUSH (ADMS): the device announces itself with GET /iclock/cdata?SN=…&options=all and is
// answered its options; it uploads punches with POST /iclock/cdata?SN=…&table=ATTLOG, one a line,
// tab-separated (PIN, time, status, verify type, work code, …); and it polls GET
// /iclock/getrequest?SN=… for commands. "OK: n" is answered only once the punches are stored; the
// device sends the batch again otherwise. A line that cannot be read is reported, the others kept
// (a batch refused for one bad line would be resent, and refused, forever).
import type { GateContext } from './common';
import { localDeviceTime, personRefOf, readBody, reply } from './common';
import { admit, logRefusal, noteSeen, receivePush, type GatePunch } from '../../services/labour/gate-intake';

const MAX_BODY = 4 * 1024 * 1024;

/** ZKTeco's verify codes, as the register records them. */
const verifyModes: Record<string, string> = { '0': 'password', '1': 'fingerprint', '2': 'card', '3': 'password', '4': 'card', '15': 'face', '25': 'palm' };

function options(serial: string): string {
  return [
    `GET OPTION FROM: ${serial}`,
    'ATTLOGStamp=None', 'OPERLOGStamp=9999', 'ATTPHOTOStamp=None', 'ErrorDelay=30', 'Delay=10',
    'TransTimes=00:00;14:05', 'TransInterval=1', 'TransFlag=TransData AttLog', 'TimeZone=8', 'Realtime=1', 'Encrypt=None',
  ].join('\r\n') + '\r\n';
}

export function parseAttlog(text: string): { punches: GatePunch[]; rejected: { record: number; reason: string }[] } {
  const punches: GatePunch[] = [];
  const rejected: { record: number; reason: string }[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const fields = line.split('\t');
    const personRef = personRefOf(fields[0]);
    const at = localDeviceTime((fields[1] ?? '').trim());
    if (!personRef) rejected.push({ record: i + 1, reason: `人员编号“${(fields[0] ?? '').slice(0, 20)}”无效` });
    else if (!at) rejected.push({ record: i + 1, reason: `时间“${(fields[1] ?? '').slice(0, 25)}”无效` });
    else punches.push({ personRef, punchedAt: at, verifyMode: verifyModes[(fields[3] ?? '').trim()] ?? (fields[3] ?? '').trim(), payload: line });
  });
  return { punches, rejected };
}

export async function handleZkteco(ctx: GateContext, route: 'cdata' | 'getrequest' | 'devicecmd'): Promise<void> {
  const { services: s, req, res, url } = ctx;
  const serial = url.searchParams.get('SN') ?? '';
  const body = req.method === 'POST' ? await readBody(req, MAX_BODY) : Buffer.alloc(0);
  const admitted = admit(s, 'zkteco', serial);
  if ('refusal' in admitted) {
    logRefusal(s, { vendor: 'zkteco', serial, path: url.pathname + url.search, remote: ctx.remote, body }, admitted.refusal);
    reply(res, 403, 'ERROR: unknown device');
    return;
  }
  const device = admitted.device;
  if (route === 'getrequest' || route === 'devicecmd' || req.method === 'GET') {
    noteSeen(s, device);
    reply(res, 200, route === 'cdata' ? options(serial) : 'OK');
    return;
  }
  const table = url.searchParams.get('table') ?? '';
  const text = body.toString('latin1');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '').length;
  const parsed = table === 'ATTLOG' ? parseAttlog(text) : { punches: [], rejected: [] };
  const outcome = await receivePush(s, device, {
    vendor: 'zkteco', serial, path: url.pathname + url.search, remote: ctx.remote, body, punches: parsed.punches, rejected: parsed.rejected,
    ignored: table === 'ATTLOG' ? 0 : lines,
  });
  if (outcome.rejected > 0) ctx.log(`zkteco ${serial}: ${outcome.message}`);
  // Every line is consumed, stored or reported: the device moves on.
  reply(res, 200, `OK: ${lines}`);
}
