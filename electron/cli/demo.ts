// Demo data for a new user: the project 测试4444 from the seed manual and its 项目负责人, through
// the same dispatcher the UI uses, so the demo obeys every rule the UI does.
import type { App } from '../node/app';
import { ApiError, type ApiResult } from '../common/errors';
import type { CommandName, CommandOutput } from '../common/contract';
import { completeCreditCode } from '../common/credit-code';
import { writeCsv } from '../services/tabular';
import { siteDateTime } from '../common/time';
import { samplePerson, seededRandom, type SamplePerson } from './demo-people';
import { fillLabour, type LabourDemo } from './demo-labour';

export const demoProject = {
  contractNo: 'W2019010100011',
  buildNo: '1902HK0001',
  name: '测试4444',
  generalContractor: '上海建工集团股份有限公司',
  contractorType: '施工企业',
  supervisionStation: '黄浦区建设工程安全质量监督站',
} as const;

async function call<C extends CommandName>(app: App, command: C, input: unknown, token: string | null = null): Promise<CommandOutput<C>> {
  const { result } = await app.dispatch(command, input, token);
  if (!result.ok) throw ApiError.fromBody(result.error);
  return result.value as CommandOutput<C>;
}

export async function fillDemo(app: App, manager: { idNumber: string; password: string }): Promise<string> {
  const status = await call(app, 'setup.status', {});
  if (status.initialized) return addArrivals(app, manager);
  const { recoveryCode } = await call(app, 'setup.initialize', {
    project: demoProject,
    manager: { idNumber: manager.idNumber, name: '王建国', phone: '13800138000', password: manager.password },
  });
  const signIn = await app.dispatch('auth.signIn', { idNumber: manager.idNumber, password: manager.password }, null);
  if (!signIn.result.ok) throw ApiError.fromBody(signIn.result.error);
  const session = signIn.result.value as CommandOutput<'auth.signIn'>;
  const token = signIn.token ?? null;
  const projects = await call(app, 'projects.list', {}, token);
  await call(app, 'projects.enter', { projectId: projects[0]!.id }, token);
  await call(app, 'epidemicInfo.save', {
    teamMembers: [
      { name: '王建国', role: '组长', phone: '13800138000' },
      { name: '李玥', role: '副组长', phone: '13911112222' },
      { name: '张喆', role: '防疫专员', phone: '021-63211234' },
    ],
    hospitalName: '上海市第九人民医院黄浦分院',
    hospitalAddress: '上海市黄浦区制造局路639号',
    hospitalPhone: '021-63138341',
    supplies: [
      { item: '医用口罩', quantity: 2000, unit: '只' },
      { item: '额温枪', quantity: 6, unit: '把' },
      { item: '消毒液', quantity: 40, unit: '升' },
    ],
    other: '工地入口设测温点,每日早晚两次消毒。',
  }, token);
  const people = await fillPreRegistrations(app, token);
  const day = await fillSiteDay(app, token);
  await app.dispatch('auth.signOut', {}, token);
  return `演示数据已写入:项目 ${demoProject.name}(合同报送编号 ${demoProject.contractNo}),项目负责人 ${session.user.name}(${session.user.idNumberMasked}),`
    + `用人单位 ${demoEmployers.length} 家,预登记 ${people.persons} 人,携带家属 ${people.family} 人,健康云记录 ${people.records} 条,`
    + `在场 ${day.entered} 人,今日体温 ${day.checked} 人;`
    + `班组 ${day.labour.teams} 个,劳动合同 ${day.labour.hired} 份(按日 ${day.labour.byPayMethod.daily}、按月 ${day.labour.byPayMethod.monthly}、计件 ${day.labour.byPayMethod.piece}),`
    + `工资卡 ${day.labour.cards} 张,闸机考勤记录 ${day.labour.punches} 条`
    + `\n恢复码(忘记项目负责人密码或数据库损坏时在本机使用,只显示这一次):${recoveryCode}`;
}

const demoEmployers = [
  { name: '上海建工一建集团有限公司', creditCode: completeCreditCode('91310000132210001'), participantType: '009', contractNo: 'W2019010100011' },
  { name: '上海浦江劳务有限公司', creditCode: completeCreditCode('91310115MA1K30002'), participantType: '006', contractNo: 'W2019010100012' },
  { name: '上海申安机电安装有限公司', creditCode: completeCreditCode('91310104MA1FR0003'), participantType: '001', contractNo: 'W2019010100013' },
  { name: '上海华东建设监理有限公司', creditCode: completeCreditCode('91310101132200004'), participantType: '007', contractNo: 'W2019010100014' },
];

const healthColumns = [
  ['idNumber', '身份证号'], ['name', '姓名'], ['phone', '手机号'], ['reportAddress', '上报地址'], ['reportTime', '上报时间'],
  ['temperature', '体温'], ['healthStatus', '健康状况'], ['travelTime', '出行时间'], ['travelMode', '出行方式'],
  ['fromHubei', '是否湖北出发'], ['fromWuhan', '是否武汉出发'], ['stopover', '是否经停'], ['stayPlace', '停留地点'], ['homeAddress', '居住地址'],
].map(([key, label]) => ({ key: key!, label: label! }));

function healthRecord(p: SamplePerson, random: () => number): Record<string, string> {
  const hubei = p.origin.province === '420000';
  return {
    idNumber: p.idNumber,
    name: p.name,
    // Some people registered in the 健康云 app without a phone number: the form asks for one.
    phone: random() < 0.8 ? p.phone : '',
    reportAddress: random() < 0.5 ? '上海虹桥站' : '上海浦东国际机场T1',
    reportTime: '2020-02-03',
    temperature: (36 + Math.floor(random() * 10) / 10).toFixed(1),
    healthStatus: '无异常症状',
    travelTime: '2020-02-03',
    travelMode: random() < 0.5 ? '火车G7011' : '长途汽车',
    fromHubei: hubei ? '是' : '否',
    fromWuhan: p.origin.city === '420100' ? '是' : '否',
    stopover: '否',
    stayPlace: '',
    homeAddress: '上海市黄浦区五里桥街道测试地址',
  };
}

/** 用人单位, 健康云 records (imported as a file, as a site would) and pre-registered people with family. */
async function fillPreRegistrations(app: App, token: string | null): Promise<{ persons: number; family: number; records: number }> {
  const employers = [];
  for (const e of demoEmployers) employers.push(await call(app, 'employers.create', e, token));
  const random = seededRandom(4444);
  const persons = Array.from({ length: 36 }, (_, i) => samplePerson(random, 101 + i * 2));
  const families = persons.map((_, i) => (i % 4 === 0 ? [samplePerson(random, 600 + i), ...(i % 8 === 0 ? [samplePerson(random, 700 + i)] : [])] : []));
  const withRecords = [...persons.filter((_, i) => i % 6 !== 5), ...families.flat()];
  const csv = writeCsv(healthColumns, withRecords.map((p) => healthRecord(p, random)));
  const report = await call(app, 'healthCloud.import', { fileName: '健康云记录-演示.csv', dataBase64: csv.toString('base64'), commit: true }, token);
  const recorded = new Set(withRecords.map((p) => p.idNumber));
  let familyCount = 0;
  for (const [i, p] of persons.entries()) {
    const useHealthCloud = recorded.has(p.idNumber);
    const person = await call(app, 'persons.create', {
      category: i % 7 === 3 ? 'manager' : 'worker',
      idNumber: p.idNumber,
      name: p.name,
      origin: { provinceCode: p.origin.province, cityCode: p.origin.city },
      employerId: employers[i % 3]!.id,
      phone: p.phone,
      useHealthCloud,
    }, token);
    for (const f of families[i]!) {
      await call(app, 'family.create', {
        personId: person.id, idNumber: f.idNumber, name: f.name, phone: f.phone,
        origin: { provinceCode: f.origin.province, cityCode: f.origin.city }, useHealthCloud: true,
      }, token);
      familyCount++;
    }
  }
  return { persons: persons.length, family: familyCount, records: report.imported };
}

/** A morning on site: the labour chain and its gates (demo-labour.ts), today's temperatures (one fever with a cough), one 需隔离. */
async function fillSiteDay(app: App, token: string | null): Promise<{ entered: number; checked: number; labour: LabourDemo }> {
  const { rows } = await call(app, 'persons.list', { page: 1, pageSize: 100 }, token);
  const now = siteDateTime(app.services.clock.now());
  const labour = await fillLabour(app, token, rows);
  const checked = rows.slice(0, 15);
  await call(app, 'health.batchSave', {
    checkedAt: now,
    rows: checked.map((p, i) => (i === 4
      ? { personId: p.id, temperature: 37.8, symptoms: ['发热', '咳嗽'] }
      : { personId: p.id, temperature: 36.2 + (i % 6) / 10, symptoms: ['无上述异常症状'] })),
  }, token);
  const isolated = rows[rows.length - 1]!;
  await call(app, 'dispositions.set', { personId: isolated.id, state: 'isolate', startedAt: now, method: '居家隔离' }, token);
  return { entered: labour.hired, checked: checked.length, labour };
}

const ARRIVALS = 5;

/**
 * The demo folder a day later: new people arrive and are pre-registered, by its 项目负责人 (the same
 * credentials as when it was made). Their numbers come from the clock, so that two runs — on either
 * side of restoring a backup, say — record different people.
 */
async function addArrivals(app: App, manager: { idNumber: string; password: string }): Promise<string> {
  const signIn = await app.dispatch('auth.signIn', { idNumber: manager.idNumber, password: manager.password }, null);
  if (!signIn.result.ok) throw new ApiError('CONFLICT', '数据文件夹已有数据,演示数据只能写入空的数据文件夹;要为演示项目添加新到场的人员,请用创建演示数据时的项目负责人账号和密码');
  const token = signIn.token ?? null;
  const projects = await call(app, 'projects.list', {}, token);
  const project = projects.find((p) => p.contractNo === demoProject.contractNo);
  if (!project) throw new ApiError('CONFLICT', '数据文件夹已有数据,但不是演示项目:演示数据只能写入空的数据文件夹或演示项目');
  await call(app, 'projects.enter', { projectId: project.id }, token);
  const employers = await call(app, 'employers.list', {}, token);
  const random = seededRandom(app.services.clock.now().getTime() % 2147483647);
  const names: string[] = [];
  for (let tries = 0; names.length < ARRIVALS && tries < ARRIVALS * 20; tries++) {
    const p = samplePerson(random, Math.floor(random() * 1000));
    const { result } = await app.dispatch('persons.create', {
      category: 'worker', idNumber: p.idNumber, name: p.name, origin: { provinceCode: p.origin.province, cityCode: p.origin.city },
      employerId: employers[names.length % employers.length]!.id, phone: p.phone, useHealthCloud: false,
    }, token);
    if (result.ok) names.push(p.name);
    else if (result.error.code !== 'CONFLICT') throw ApiError.fromBody(result.error); // a number already taken: another person
  }
  await app.dispatch('auth.signOut', {}, token);
  return `演示数据:新到场预登记 ${names.length} 人(${names.join('、')}),项目 ${demoProject.name}(合同报送编号 ${demoProject.contractNo})`;
}
