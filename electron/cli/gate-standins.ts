// Stand-ins for the site's gates, for the tests (tests/support/gate-devices.ts) and the benchmark: real HTTP clients that speak each
// vendor's protocol as the devices do, and are as strict about the answer as the devices are. A
// ZKTeco device treats anything but "OK: <lines sent>" as a failed upload and sends the batch again;
// a Hikvision terminal wants 200 with ISAPI's statusCode 1; a Uface terminal wants
// {"result":1,"success":true}. Each keeps what it has not yet had acknowledged, as a device does.
import http from 'node:http';

export interface Answer {
  status: number;
  body: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

export function request(base: string, method: string, path: string, body?: Buffer | string, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(path, base);
  const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: { ...headers, ...(payload ? { 'Content-Length': String(payload.length) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** One ATTLOG line: PIN, time, status, verify type (15 face), work code, two reserved fields. */
export function attlogLine(pin: string, at: string, verify = 15): string {
  return `${pin}\t${at}\t0\t${verify}\t0\t0\t0`;
}

export class ZktecoDevice {
  constructor(readonly base: string, readonly serial: string) {}

  /** The start-up handshake: the device wants its options back, naming it. */
  async handshake(): Promise<Answer> {
    const a = await request(this.base, 'GET', `/iclock/cdata?SN=${encodeURIComponent(this.serial)}&options=all&pushver=2.4.1&language=83`);
    if (a.status === 200 && !a.body.startsWith(`GET OPTION FROM: ${this.serial}`)) throw new Error(`zkteco stand-in: handshake answered ${a.body.slice(0, 60)}`);
    return a;
  }

  poll(): Promise<Answer> {
    return request(this.base, 'GET', `/iclock/getrequest?SN=${encodeURIComponent(this.serial)}`);
  }

  /** One upload of ATTLOG lines; accepted only when the answer counts every line. */
  async upload(lines: string[]): Promise<{ accepted: boolean; answer: Answer }> {
    const answer = await request(this.base, 'POST', `/iclock/cdata?SN=${encodeURIComponent(this.serial)}&table=ATTLOG&Stamp=9999`, `${lines.join('\n')}\n`, { 'Content-Type': 'text/plain' });
    return { accepted: answer.status === 200 && answer.body.trim() === `OK: ${lines.length}`, answer };
  }
}

export interface HikEventInput {
  employeeNo: string;
  /** ISO with offset, as the terminal writes it. */
  dateTime: string;
  minor?: number;
  picture?: Buffer;
  /** false: the firmware that leaves shortSerialNumber out (the MAC names the device). */
  withSerial?: boolean;
  mac?: string;
}

export class HikvisionDevice {
  private serialNo = 100;

  constructor(readonly base: string, readonly serial: string, readonly mac = 'a4:d5:c2:2f:ea:d2') {}

  event(e: HikEventInput): Record<string, unknown> {
    this.serialNo++;
    return {
      ipAddress: '192.168.1.64', portNo: 80, protocol: 'HTTP', macAddress: e.mac ?? this.mac, channelID: 1, dateTime: e.dateTime, activePostCount: 1,
      eventType: 'AccessControllerEvent', eventState: 'active', eventDescription: 'Access Controller Event',
      ...(e.withSerial === false ? {} : { shortSerialNumber: this.serial }),
      AccessControllerEvent: {
        deviceName: 'Access Controller', majorEventType: 5, subEventType: e.minor ?? 75, name: '', cardReaderKind: 1, cardReaderNo: 1, verifyNo: 0,
        employeeNoString: e.employeeNo, serialNo: this.serialNo, userType: 'normal', currentVerifyMode: 'cardOrFace', attendanceStatus: 'undefined',
        label: '', statusValue: 0, mask: 'no', picturesNumber: e.picture ? 1 : 0, purePwdVerifyEnable: true,
      },
    };
  }

  /** The event as the terminal pushes it: multipart with the JSON and the picture, or JSON alone. */
  async push(e: HikEventInput): Promise<{ accepted: boolean; answer: Answer }> {
    const json = JSON.stringify(this.event(e));
    let answer: Answer;
    if (e.picture) {
      const boundary = 'MIME_boundary';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="AccessControllerEvent"\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="Picture"; filename="Picture.jpg"\r\nContent-Type: image/jpeg\r\nContent-Length: ${e.picture.length}\r\n\r\n`),
        e.picture,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      answer = await request(this.base, 'POST', '/hikvision/event', body, { 'Content-Type': `multipart/form-data; boundary=${boundary}` });
    } else {
      answer = await request(this.base, 'POST', '/hikvision/event', json, { 'Content-Type': 'application/json; charset="UTF-8"' });
    }
    let statusCode: unknown;
    try {
      statusCode = (JSON.parse(answer.body) as { statusCode?: unknown }).statusCode;
    } catch {
      statusCode = undefined;
    }
    return { accepted: answer.status === 200 && statusCode === 1, answer };
  }
}

export class UfaceDevice {
  constructor(readonly base: string, readonly deviceKey: string) {}

  async callback(personId: string, atMs: number, type = 'face_0', imgBase64?: string): Promise<{ accepted: boolean; answer: Answer }> {
    const form = new URLSearchParams({ deviceKey: this.deviceKey, personId, time: String(atMs), type, ip: '192.168.1.88', path: `/sdcard/snap/${atMs}.jpg`, searchScore: '93.2', livenessScore: '97.1' });
    if (imgBase64) form.set('imgBase64', imgBase64);
    const answer = await request(this.base, 'POST', '/uface/callback', form.toString(), { 'Content-Type': 'application/x-www-form-urlencoded' });
    let ok = false;
    try {
      const parsed = JSON.parse(answer.body) as { result?: unknown; success?: unknown };
      ok = parsed.result === 1 && parsed.success === true;
    } catch {
      ok = false;
    }
    return { accepted: answer.status === 200 && ok, answer };
  }
}
