// Test support for 进场预登记, 用人单位 and 健康云: valid 统一社会信用代码, import files built with the
// app's own writers, an operator account inside the project, a real HTTP 健康云 endpoint on
// 127.0.0.1, and small readers of the SQLite file.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { completeCreditCode } from '../../electron/common/credit-code';
import { writeCsv, writeXlsx } from '../../electron/services/tabular';
import { samplePerson, seededRandom, type SamplePerson } from '../../electron/cli/demo-people';
import type { Employer } from '../../electron/common/contract';
import type { TestApp } from './app';
import { OPERATOR } from './fixtures';

// ---- 统一社会信用代码

/** A valid code, different for every n. */
export function creditCode(n: number): string {
  return completeCreditCode(`91310000MA1FL${String(n).padStart(4, '0')}`);
}

/** The code for n with its check character replaced by another valid letter of the alphabet. */
export function wrongCreditCode(n: number): { code: string; expected: string; actual: string } {
  const good = creditCode(n);
  const expected = good.slice(-1);
  const actual = expected === 'A' ? 'B' : 'A';
  return { code: good.slice(0, 17) + actual, expected, actual };
}

// ---- 出发地 (codes from element-china-area-data)

export const ORIGIN_WUHAN = { provinceCode: '420000', cityCode: '420100' }; // 湖北省 武汉市
export const ORIGIN_SUZHOU = { provinceCode: '320000', cityCode: '320500' }; // 江苏省 苏州市

// ---- 用人单位

export async function addEmployer(t: TestApp, token: string, n = 1, name = `上海第${n}建筑劳务有限公司`): Promise<Employer> {
  return t.call('employers.create', { name, creditCode: creditCode(n), participantType: '006', contractNo: `W20190101${String(n).padStart(5, '0')}-1` }, token);
}

export const EMPLOYER_COLUMNS = [
  { key: 'name', label: '用人单位名称' },
  { key: 'creditCode', label: '统一社会信用代码' },
  { key: 'participantType', label: '参建单位类型' },
  { key: 'contractNo', label: '合同报送编号' },
];

// ---- 健康云 records

export interface CloudRecord {
  身份证号: string;
  姓名: string;
  手机号?: string;
  上报地址?: string;
  上报时间: string;
  体温?: string;
  健康状况?: string;
  出行时间?: string;
  出行方式?: string;
  是否湖北出发?: string;
  是否武汉出发?: string;
  是否经停?: string;
  停留地点?: string;
  居住地址?: string;
}

export const CLOUD_LABELS = ['身份证号', '姓名', '手机号', '上报地址', '上报时间', '体温', '健康状况', '出行时间', '出行方式', '是否湖北出发', '是否武汉出发', '是否经停', '停留地点', '居住地址'] as const;

export function cloudCsv(records: CloudRecord[]): Buffer {
  return writeCsv(CLOUD_LABELS.map((l) => ({ key: l, label: l })), records as unknown as Record<string, string>[]);
}

export function cloudXlsx(records: CloudRecord[]): Promise<Buffer> {
  return writeXlsx('健康云', CLOUD_LABELS.map((l) => ({ key: l, label: l })), records as unknown as Record<string, string>[]);
}

/** A complete record with every column filled. */
export function fullRecord(idNumber: string, name: string, overrides: Partial<CloudRecord> = {}): CloudRecord {
  return {
    身份证号: idNumber,
    姓名: name,
    手机号: '13612345678',
    上报地址: '上海市黄浦区制造局路639号',
    上报时间: '2020-02-15 08:30:00',
    体温: '36.5',
    健康状况: '健康',
    出行时间: '2020-02-10',
    出行方式: '自驾',
    是否湖北出发: '是',
    是否武汉出发: '否',
    是否经停: '是',
    停留地点: '安徽省合肥市',
    居住地址: '上海市浦东新区张杨路500号',
    ...overrides,
  };
}

/** Imports records through healthCloud.import with commit:true and returns the report. */
export async function importCloud(t: TestApp, token: string, records: CloudRecord[], fileName = '健康云.csv') {
  return t.call('healthCloud.import', { fileName, dataBase64: cloudCsv(records).toString('base64'), commit: true }, token);
}

export function b64(bytes: Buffer): string {
  return bytes.toString('base64');
}

// ---- people

/** n distinct people with valid ID numbers (serials from `first`), deterministic. */
export function samplePeople(n: number, seed = 7, first = 1): SamplePerson[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => samplePerson(random, first + i));
}

// ---- accounts

/** Creates a 现场操作用户 (with 实名制 permission unless told otherwise), signs in and enters the project. */
export async function operatorToken(t: TestApp, managerToken: string, realNamePermission = true): Promise<string> {
  await t.call('operators.create', { ...OPERATOR, realNamePermission }, managerToken);
  const token = await t.signIn(OPERATOR.idNumber, OPERATOR.password);
  const [project] = await t.call('projects.list', {}, token);
  await t.call('projects.enter', { projectId: project!.id }, token);
  return token;
}

// ---- the SQLite file

export function countRows(t: TestApp, table: string): number {
  return (t.app.services.sqlite.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n;
}

export interface ChangeRow {
  seq: number;
  table_name: string;
  row_id: string;
  op: string;
  data: string;
  at: string;
}

export function changeRows(t: TestApp): ChangeRow[] {
  return t.app.services.sqlite.prepare('select * from changes order by seq').all() as ChangeRow[];
}

// ---- a real HTTP 健康云 endpoint

export interface CloudServer {
  url: string;
  /** Every request body received, parsed as JSON, with its method and content type. */
  requests: { method: string; contentType: string; body: unknown }[];
  close(): Promise<void>;
}

/**
 * Starts a node:http server on 127.0.0.1, port 0. `answer` returns the JSON to send, or
 * 'never' to hold the request open without answering.
 */
export async function startCloudServer(answer: (body: { idNumber?: string; name?: string }) => unknown | 'never'): Promise<CloudServer> {
  const requests: CloudServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: unknown = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = Buffer.concat(chunks).toString('utf8');
      }
      requests.push({ method: req.method ?? '', contentType: String(req.headers['content-type'] ?? ''), body });
      const value = answer((body ?? {}) as { idNumber?: string; name?: string });
      if (value === 'never') return; // hold the connection open
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(value));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closed = false;
  return {
    url: `http://127.0.0.1:${port}/health-cloud/lookup`,
    requests,
    async close() {
      if (closed) return;
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
