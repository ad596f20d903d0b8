// A stand-in of the national platform, for the tests and the benchmark: a real HTTP server that
// speaks the interface as national-platform.md gives it and is strict where the platform is:
// signatures checked, sensitive fields decrypted (a wrong key is a refusal), the order enforced
// (a 班组 needs its 参建单位, a worker his 班组 …), writes answered at once with a serial code
// and processed later (AsyncHandleResult.Query: 20 done, 10 failed with a message, 0 working),
// bad data refused with the platform's kind of message, and replays (a reused nonce) refused.
// Tests can make it slow (an answer held past the client's time-out, the write still stored),
// fail the next writes with status 10, or limit its rate.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseIdNumber } from '../common/idnumber';
import { platformTables } from '../services/platform/codes';
import { ASYNC_DONE, ASYNC_FAILED, answerCodes, decryptField, signParams } from '../services/platform/protocol';

export interface StandInOptions {
  /** appid → secret of the apps the platform issued. */
  apps: Record<string, string>;
  /** How long a write takes to be processed after it was accepted. */
  processDelayMs?: number;
  /** The platform's clock for the timestamp window (±10 minutes). */
  now?: () => Date;
  /** Calls a second it accepts; more are refused with 1006 请求过于频繁. 0: no limit. */
  callsPerSecond?: number;
  /** Keeps every accepted write's method and data (the benchmark replays them as its raw baseline). */
  keepWrites?: boolean;
  /**
   * How long an idle connection is kept open (Node's default, 5 s, unless set). A platform behind
   * nginx keeps it 65–75 s; the benchmark says so, because a client in the same process as its
   * stand-in, busy in SQLite for longer than this, reuses a socket the server has just closed.
   */
  keepAliveMs?: number;
}

type Row = Record<string, unknown>;

interface AsyncRequest {
  status: string;
  message: string;
  result: unknown;
}

class Refusal extends Error {}

export class PlatformStandIn {
  url = '';
  private server: http.Server;
  private readonly nonces = new Set<string>();
  private readonly requests = new Map<string, AsyncRequest>();
  readonly corps = new Map<string, Row>(); // projectCode|corpCode
  readonly teams = new Map<string, Row>(); // teamSysNo
  readonly workers = new Map<string, Row>(); // projectCode|idNumber
  readonly contracts: Row[] = [];
  readonly entryExits: Row[] = [];
  readonly attendance: Row[] = [];
  readonly payrolls: Row[] = [];
  /** Lookups kept beside the lists, so a month of a large site is checked in linear time. */
  readonly contractsOf = new Map<string, Row[]>(); // projectCode|idNumber
  readonly entryExitsOf = new Map<string, Row[]>(); // projectCode|encrypted id
  readonly attendanceKeys = new Set<string>();
  readonly payMonths = new Set<string>(); // teamSysNo|idNumber|payMonth of a month's wage (not a 补发)
  readonly payrollCodes = new Set<string>(); // thirdPayRollCode
  /** With keepWrites: each accepted write as it came, in order. */
  readonly keptWrites: { method: string; data: Row }[] = [];
  /** Every write method as it was accepted, in order, with its item count (the tests read the order). */
  readonly writes: { method: string; items: number }[] = [];
  /** Items refused as already there: a client that sends a record twice shows up here. */
  duplicates = 0;
  private teamSeq = 1000;

  nextTeamSysNo(): string {
    return String(++this.teamSeq);
  }
  private heldAnswers: { count: number; ms: number } = { count: 0, ms: 0 };
  private failing: { count: number; message: string } = { count: 0, message: '' };
  private window: { second: number; calls: number } = { second: 0, calls: 0 };
  private readonly pending = new Set<NodeJS.Timeout>();
  /** Called when a write is stored, before its answer goes out. */
  onWrite: ((method: string) => void) | null = null;

  constructor(private readonly options: StandInOptions) {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = options.keepAliveMs ?? 5000;
  }

  async listen(port = 0): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
    return this.url;
  }

  async close(): Promise<void> {
    for (const t of this.pending) clearTimeout(t);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next `count` writes are stored, but their answer comes after `ms` (past a client's time-out). */
  holdAnswers(count: number, ms: number): void {
    this.heldAnswers = { count, ms };
  }

  /** The next `count` writes fail in processing (status 10) with `message`. */
  failNext(count: number, message: string): void {
    this.failing = { count, message };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > 16 * 1024 * 1024) {
        res.writeHead(413).end();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    let answer: { code: number; message: string; data?: unknown };
    let hold = 0;
    try {
      if (req.method !== 'POST') throw Object.assign(new Refusal('只接受 POST'), { code: answerCodes.badParams });
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const { method, data, secret } = this.admit(form);
      if (method.endsWith('.Add')) {
        answer = { code: 0, message: 'success', data: { requestSerialCode: this.accept(method, data, secret) } };
        if (this.heldAnswers.count > 0) {
          this.heldAnswers.count--;
          hold = this.heldAnswers.ms;
        }
      } else {
        answer = { code: 0, message: 'success', data: this.query(method, data) };
      }
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      answer = { code: (e as Refusal & { code?: number }).code ?? answerCodes.badData, message: e.message };
    }
    const send = () => {
      if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/json;charset=utf-8' }).end(JSON.stringify(answer));
    };
    if (hold) {
      const t = setTimeout(() => { this.pending.delete(t); send(); }, hold);
      this.pending.add(t);
    } else send();
  }

  /** The checks of every call: fields, app, timestamp, replay, signature, rate. */
  private admit(form: URLSearchParams): { method: string; data: Row; secret: string } {
    const refuse = (code: number, message: string): never => { throw Object.assign(new Refusal(message), { code }); };
    const fields: Record<string, string> = {};
    for (const name of ['appid', 'method', 'format', 'version', 'timestamp', 'nonce', 'data', 'sign']) {
      const v = form.get(name);
      if (v === null || v === '') refuse(answerCodes.badParams, `缺少参数 ${name}`);
      fields[name] = v!;
    }
    const secret = this.options.apps[fields.appid!];
    if (secret === undefined) refuse(answerCodes.badAppid, 'appid 不存在或未授权');
    if (fields.format !== 'json') refuse(answerCodes.badParams, 'format 只支持 json');
    if (!/^\d{14}$/.test(fields.timestamp!)) refuse(answerCodes.badParams, 'timestamp 格式应为 yyyyMMddHHmmss');
    const t = fields.timestamp!;
    const at = Date.parse(`${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12, 14)}+08:00`);
    const now = (this.options.now?.() ?? new Date()).getTime();
    if (!Number.isFinite(at) || Math.abs(now - at) > 10 * 60_000) refuse(answerCodes.badParams, 'timestamp 与平台时间相差超过 10 分钟');
    const { sign, ...signed } = fields;
    const expected = signParams(signed, secret!);
    if (!crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(sign!.length === expected.length ? sign! : expected.replace(/./g, '0')))) refuse(answerCodes.badSign, '签名错误');
    if (this.nonces.has(fields.nonce!)) refuse(answerCodes.replay, 'nonce 重复:请求已处理过');
    this.nonces.add(fields.nonce!);
    if (this.options.callsPerSecond) {
      const second = Math.floor(Date.now() / 1000);
      if (second !== this.window.second) this.window = { second, calls: 0 };
      if (++this.window.calls > this.options.callsPerSecond) refuse(answerCodes.tooFrequent, '请求过于频繁');
    }
    let data: Row;
    try {
      data = JSON.parse(fields.data!) as Row;
    } catch {
      return refuse(answerCodes.badParams, 'data 不是有效的 JSON');
    }
    return { method: fields.method!, data, secret: secret! };
  }

  private accept(method: string, data: Row, secret: string): string {
    if (!writers[method]) throw Object.assign(new Refusal(`不支持的接口 ${method}`), { code: answerCodes.unknownMethod });
    const serial = crypto.randomUUID().replace(/-/g, '');
    this.requests.set(serial, { status: '0', message: '处理中', result: null });
    this.writes.push({ method, items: itemsOf(data).length });
    if (this.options.keepWrites) this.keptWrites.push({ method, data });
    this.onWrite?.(method);
    const t = setTimeout(() => {
      this.pending.delete(t);
      const request = this.requests.get(serial)!;
      try {
        if (this.failing.count > 0) {
          this.failing.count--;
          throw new Refusal(this.failing.message);
        }
        request.result = writers[method]!.call(this, data, secret);
        request.status = ASYNC_DONE;
        request.message = '处理成功';
      } catch (e) {
        if (!(e instanceof Refusal)) throw e;
        request.status = ASYNC_FAILED;
        request.message = e.message;
      }
    }, this.options.processDelayMs ?? 20);
    this.pending.add(t);
    return serial;
  }

  private query(method: string, data: Row): unknown {
    const projectCode = String(data.projectCode ?? '');
    switch (method) {
      case 'AsyncHandleResult.Query': {
        const r = this.requests.get(String(data.requestSerialCode ?? ''));
        if (!r) throw new Refusal('requestSerialCode 不存在');
        return { status: r.status, message: r.message, result: r.result };
      }
      case 'ProjectSubContractor.Query':
        return { rows: [...this.corps.values()].filter((c) => c.projectCode === projectCode && (!data.corpCode || c.corpCode === data.corpCode)) };
      case 'Team.Query':
        return { rows: [...this.teams.values()].filter((t) => t.projectCode === projectCode && (!data.teamName || t.teamName === data.teamName)) };
      case 'ProjectWorker.Query':
        return { rows: [...this.workers.values()].filter((w) => w.projectCode === projectCode && w.idCardNumber === data.idCardNumber) };
      case 'WorkerContract.Query':
        return { rows: this.contracts.filter((c) => c.projectCode === projectCode && c.idCardNumber === data.idCardNumber) };
      case 'WorkerEntryExit.Query':
        return { rows: this.entryExits.filter((r) => r.projectCode === projectCode && r.idCardNumber === data.idCardNumber) };
      case 'Payroll.Query':
        return { rows: this.payrolls.filter((r) => r.projectCode === projectCode && r.idCardNumber === data.idCardNumber && (!data.payMonth || r.payMonth === data.payMonth)) };
      case 'WorkerAttendance.Query':
        return { rows: this.attendance.filter((r) => r.projectCode === projectCode && r.idCardNumber === data.idCardNumber && (!data.date || String(r.date).startsWith(String(data.date)))) };
      default:
        throw Object.assign(new Refusal(`不支持的接口 ${method}`), { code: answerCodes.unknownMethod });
    }
  }

  // ---- the rules of each write ----

  decryptId(encrypted: unknown, secret: string, field = '证件号码'): string {
    let plain: string;
    try {
      plain = decryptField(String(encrypted ?? ''), secret);
    } catch {
      throw new Refusal(`${field}解密失败`);
    }
    return plain;
  }

  idNumber(item: Row, secret: string): string {
    if (item.idCardType !== '01') throw new Refusal(`证件类型“${String(item.idCardType)}”不正确`);
    const id = this.decryptId(item.idCardNumber, secret);
    const parsed = parseIdNumber(id);
    if (!parsed.ok) throw new Refusal(`身份证号码不正确(${parsed.error.message})`);
    return id;
  }

  corp(projectCode: unknown, corpCode: unknown): Row {
    const c = this.corps.get(`${String(projectCode)}|${String(corpCode)}`);
    if (!c) throw new Refusal(`参建单位 ${String(corpCode)} 不存在:请先上报参建单位`);
    return c;
  }

  team(projectCode: unknown, teamSysNo: unknown): Row {
    const t = this.teams.get(String(teamSysNo ?? ''));
    if (!t || t.projectCode !== projectCode) throw new Refusal(`班组 teamSysNo=${String(teamSysNo || '(空)')} 不存在:请先上报班组`);
    return t;
  }

  worker(projectCode: unknown, id: string): Row {
    const w = this.workers.get(`${String(projectCode)}|${id}`);
    if (!w) throw new Refusal(`人员 ${id.slice(0, 3)}***${id.slice(-3)} 在项目中不存在:请先上报项目人员`);
    return w;
  }

  duplicate(message: string): never {
    this.duplicates++;
    throw new Refusal(message);
  }
}

function itemsOf(data: Row): Row[] {
  for (const list of ['workerList', 'contractList', 'dataList', 'detailList']) if (Array.isArray(data[list])) return data[list] as Row[];
  return [data];
}

function required(row: Row, names: string[]): void {
  for (const n of names) if (row[n] === undefined || row[n] === null || row[n] === '') throw new Refusal(`缺少字段 ${n}`);
}

const isDate = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
const isMonth = (v: unknown) => typeof v === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(v);
const isAmount = (v: unknown) => typeof v === 'string' && /^\d+\.\d{2}$/.test(v);
const isBankCode = (v: unknown) => typeof v === 'string' && /^(\d{3}|\d{12})$/.test(v);

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Each write: validated whole before anything is stored (a refused call stores nothing), then
 * stored. Returns what AsyncHandleResult.Query carries as its result.
 */
const writers: Record<string, (this: PlatformStandIn, data: Row, secret: string) => unknown> = {
  'ProjectSubContractor.Add'(data) {
    required(data, ['projectCode', 'corpCode', 'corpName', 'corpType']);
    if (!platformTables().corpType.has(String(data.corpType))) throw new Refusal(`参建类型代码“${String(data.corpType)}”不正确`);
    if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(String(data.corpCode))) throw new Refusal('统一社会信用代码格式不正确');
    // The platform reaches a unit through its 项目负责人: without a phone it refuses the unit.
    if (!/^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/.test(String(data.pmPhone ?? ''))) throw new Refusal('参建单位项目负责人联系电话为空或格式不正确');
    const key = `${String(data.projectCode)}|${String(data.corpCode)}`;
    if (this.corps.has(key)) this.duplicate('该参建单位已在项目中存在');
    this.corps.set(key, { projectCode: data.projectCode, corpCode: data.corpCode, corpName: data.corpName, corpType: data.corpType });
    return null;
  },
  'Team.Add'(data, secret) {
    required(data, ['projectCode', 'corpCode', 'corpName', 'teamName']);
    this.corp(data.projectCode, data.corpCode);
    if (data.responsiblePersonIDNumber !== undefined) this.decryptId(data.responsiblePersonIDNumber, secret, '班组长证件号码');
    if ([...this.teams.values()].some((t) => t.projectCode === data.projectCode && t.corpCode === data.corpCode && t.teamName === data.teamName)) this.duplicate('该班组已存在');
    const teamSysNo = this.nextTeamSysNo();
    this.teams.set(teamSysNo, { projectCode: data.projectCode, corpCode: data.corpCode, teamName: data.teamName, teamSysNo });
    return { teamSysNo };
  },
  'ProjectWorker.Add'(data, secret) {
    required(data, ['projectCode', 'corpCode', 'teamSysNo', 'workerList']);
    this.corp(data.projectCode, data.corpCode);
    const team = this.team(data.projectCode, data.teamSysNo);
    if (team.corpCode !== data.corpCode) throw new Refusal('班组不属于该参建单位');
    const rows = (data.workerList as Row[]).map((w) => {
      required(w, ['workerName', 'idCardType', 'idCardNumber', 'workType', 'workRole']);
      const id = this.idNumber(w, secret);
      if (!platformTables().workType.has(String(w.workType))) throw new Refusal(`工种代码“${String(w.workType)}”不正确`);
      if (!platformTables().workRole.has(String(w.workRole))) throw new Refusal(`人员类别“${String(w.workRole)}”不正确`);
      if (w.payRollBankCardNumber !== undefined && !/^\d{12,19}$/.test(this.decryptId(w.payRollBankCardNumber, secret, '工资卡号'))) throw new Refusal('工资卡号格式不正确');
      if (this.workers.has(`${String(data.projectCode)}|${id}`)) this.duplicate(`人员 ${String(w.workerName)} 已在项目中存在`);
      return { id, row: { projectCode: data.projectCode, corpCode: data.corpCode, teamSysNo: data.teamSysNo, workerName: w.workerName, idCardNumber: w.idCardNumber, workType: w.workType } };
    });
    for (const r of rows) this.workers.set(`${String(data.projectCode)}|${r.id}`, r.row);
    return null;
  },
  'WorkerContract.Add'(data, secret) {
    required(data, ['projectCode', 'contractList']);
    const rows = (data.contractList as Row[]).map((c) => {
      required(c, ['corpCode', 'idCardType', 'idCardNumber', 'contractPeriodType', 'startDate', 'signDate', 'unit', 'unitPrice']);
      const id = this.idNumber(c, secret);
      this.worker(data.projectCode, id);
      this.corp(data.projectCode, c.corpCode);
      if (!isDate(c.startDate) || !isDate(c.signDate) || (c.endDate !== undefined && !isDate(c.endDate))) throw new Refusal('合同日期格式应为 yyyy-MM-dd');
      if (c.endDate !== undefined && String(c.endDate) < String(c.startDate)) throw new Refusal('合同结束日期早于开始日期');
      if (c.contractPeriodType === '0' && c.endDate === undefined) throw new Refusal('固定期限合同缺少结束日期');
      if (!/^\d+\.\d{2}$/.test(String(c.unitPrice))) throw new Refusal('工资单价格式不正确');
      if ((this.contractsOf.get(`${String(data.projectCode)}|${id}`) ?? []).some((k) => k.startDate === c.startDate && k.signDate === c.signDate)) this.duplicate('该劳动合同已存在');
      return { projectCode: data.projectCode, idCardNumber: c.idCardNumber, id, startDate: c.startDate, endDate: c.endDate ?? null, signDate: c.signDate };
    });
    this.contracts.push(...rows);
    for (const r of rows) pushTo(this.contractsOf, `${String(r.projectCode)}|${r.id}`, r);
    return null;
  },
  'WorkerEntryExit.Add'(data, secret) {
    required(data, ['projectCode', 'corpCode', 'teamSysNo', 'workerList']);
    this.team(data.projectCode, data.teamSysNo);
    const rows = (data.workerList as Row[]).map((r) => {
      required(r, ['idCardType', 'idCardNumber', 'date', 'type']);
      const id = this.idNumber(r, secret);
      this.worker(data.projectCode, id);
      if (!isDate(r.date)) throw new Refusal('进退场日期格式应为 yyyy-MM-dd');
      if (!platformTables().entryExitType.has(String(r.type))) throw new Refusal(`进退场类型“${String(r.type)}”不正确`);
      const own = this.entryExitsOf.get(`${String(data.projectCode)}|${String(r.idCardNumber)}`) ?? [];
      if (own.some((e) => e.date === r.date && e.type === r.type)) this.duplicate('该进退场记录已存在');
      if (r.type === '0' && !own.some((e) => e.type === '1' && String(e.date) <= String(r.date))) throw new Refusal('退场前没有进场记录');
      return { projectCode: data.projectCode, idCardNumber: r.idCardNumber, date: r.date, type: r.type };
    });
    this.entryExits.push(...rows);
    for (const r of rows) pushTo(this.entryExitsOf, `${String(r.projectCode)}|${String(r.idCardNumber)}`, r);
    return null;
  },
  'WorkerAttendance.Add'(data, secret) {
    required(data, ['projectCode', 'teamSysNo', 'dataList']);
    this.team(data.projectCode, data.teamSysNo);
    const seen = new Set<string>();
    const rows = (data.dataList as Row[]).map((a) => {
      required(a, ['idCardType', 'idCardNumber', 'date', 'direction', 'channel']);
      const id = this.idNumber(a, secret);
      this.worker(data.projectCode, id);
      if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(String(a.date))) throw new Refusal('考勤时间格式应为 yyyy-MM-dd HH:mm:ss');
      if (!platformTables().attendanceDirection.has(String(a.direction))) throw new Refusal(`考勤方向“${String(a.direction)}”不正确`);
      if (!platformTables().attendanceChannel.has(String(a.channel))) throw new Refusal(`考勤通道“${String(a.channel)}”不正确`);
      const day = String(a.date).slice(0, 10);
      const inForce = (this.contractsOf.get(`${String(data.projectCode)}|${id}`) ?? []).some((c) => String(c.startDate) <= day && (c.endDate === null || String(c.endDate) >= day));
      if (!inForce) throw new Refusal(`考勤日期 ${day} 不在该人员劳动合同期限内`);
      const key = `${String(data.projectCode)}|${String(a.idCardNumber)}|${String(a.date)}|${String(a.direction)}`;
      if (seen.has(key) || this.attendanceKeys.has(key)) this.duplicate('考勤记录重复');
      seen.add(key);
      return { projectCode: data.projectCode, idCardNumber: a.idCardNumber, date: a.date, direction: a.direction, teamSysNo: data.teamSysNo };
    });
    this.attendance.push(...rows);
    for (const key of seen) this.attendanceKeys.add(key);
    return null;
  },
  'Payroll.Add'(data, secret) {
    required(data, ['projectCode', 'corpCode', 'corpName', 'teamSysNo', 'payMonth', 'detailList']);
    this.corp(data.projectCode, data.corpCode);
    const team = this.team(data.projectCode, data.teamSysNo);
    if (team.corpCode !== data.corpCode) throw new Refusal('班组不属于该参建单位');
    if (!isMonth(data.payMonth)) throw new Refusal('工资发放月份格式应为 yyyy-MM');
    const payMonth = String(data.payMonth);
    const months = new Set<string>();
    const codes = new Set<string>();
    const rows = (data.detailList as Row[]).map((p) => {
      required(p, ['idCardType', 'idCardNumber', 'days', 'workHours', 'payRollBankCardNumber', 'payRollBankCode', 'payRollBankName', 'payBankCardNumber', 'payBankCode', 'payBankName',
        'totalPayAmount', 'actualAmount', 'isBackPay', 'balanceDate', 'thirdPayRollCode']);
      const id = this.idNumber(p, secret);
      this.worker(data.projectCode, id);
      if (!Number.isInteger(p.days) || (p.days as number) < 0 || (p.days as number) > 31) throw new Refusal(`出勤天数“${String(p.days)}”不正确`);
      if (typeof p.workHours !== 'number' || p.workHours < 0 || p.workHours > 744) throw new Refusal(`工时“${String(p.workHours)}”不正确`);
      if (!/^\d{12,19}$/.test(this.decryptId(p.payRollBankCardNumber, secret, '工资卡号'))) throw new Refusal('工资卡号格式不正确');
      if (!/^\d{8,32}$/.test(this.decryptId(p.payBankCardNumber, secret, '代发工资账号'))) throw new Refusal('代发工资账号格式不正确');
      if (!isBankCode(p.payRollBankCode) || !isBankCode(p.payBankCode)) throw new Refusal('银行代码不正确');
      if (!isAmount(p.totalPayAmount) || !isAmount(p.actualAmount)) throw new Refusal('工资金额格式不正确(元,两位小数)');
      if (!isDate(p.balanceDate)) throw new Refusal('工资发放日期格式应为 yyyy-MM-dd');
      const code = String(p.thirdPayRollCode);
      if (this.payrollCodes.has(code) || codes.has(code)) this.duplicate('该工资单已上报(第三方工资单编号重复)');
      codes.add(code);
      if (p.isBackPay === 0) {
        if (p.backPayMonth !== undefined) throw new Refusal('非补发的工资记录不填补发月份');
        const key = `${String(data.teamSysNo)}|${id}|${payMonth}`;
        if (this.payMonths.has(key) || months.has(key)) this.duplicate(`该人员 ${payMonth} 的工资已上报:更正请按补发上报`);
        months.add(key);
      } else if (p.isBackPay === 1) {
        if (!isMonth(p.backPayMonth)) throw new Refusal('补发工资须填补发月份(yyyy-MM)');
        if (String(p.backPayMonth) > payMonth) throw new Refusal('补发月份晚于工资发放月份');
        // A 补发 adds to a month the platform already holds: that month's wage must be there first.
        if (!this.payMonths.has(`${String(data.teamSysNo)}|${id}|${String(p.backPayMonth)}`)) throw new Refusal(`补发月份 ${String(p.backPayMonth)} 没有该人员的工资记录:请先上报该月工资`);
      } else {
        throw new Refusal(`是否补发“${String(p.isBackPay)}”应为 0 或 1`);
      }
      return {
        projectCode: data.projectCode, teamSysNo: data.teamSysNo, payMonth, idCardNumber: p.idCardNumber, isBackPay: p.isBackPay, backPayMonth: p.backPayMonth ?? null,
        days: p.days, totalPayAmount: p.totalPayAmount, actualAmount: p.actualAmount, balanceDate: p.balanceDate, thirdPayRollCode: code,
      };
    });
    this.payrolls.push(...rows);
    for (const key of months) this.payMonths.add(key);
    for (const code of codes) this.payrollCodes.add(code);
    return null;
  },
};
