// Test support for 建材管理, 质量标准化 and 监理报告: a site with its parties set up the way the app
// sets them up — the 项目负责人's 现场操作用户 appointed 质量检查员, 专业工长, 取样人, the 监理's and the
// 建设单位's accounts (the 监理员 appointed 见证人 with a 授权书 on file), the external 勘察 and 设计
// persons — each account signed in and inside the project.
import type { TestApp } from './app';
import { MANAGER } from './app';
import { PDF_BYTES, validId } from './fixtures';
import { openSiteApp, type SiteApp } from '../services/sync-support';
import type { CommandInput } from '../../electron/common/contract';

export const pdfFile = (name = '报告.pdf', bytes = PDF_BYTES) => ({ fileName: name, mime: 'application/pdf' as const, dataBase64: bytes.toString('base64') });
/** A PDF of its own (a different content hash) for each report. */
export const distinctPdf = (n: number) => pdfFile(`报告${n}.pdf`, Buffer.concat([PDF_BYTES, Buffer.from(`%${n}\n`, 'latin1')]));

export const PEOPLE = {
  inspector: { idNumber: validId('31010119850101011'), name: '张质检', password: 'inspector-1' },
  foreman: { idNumber: validId('31010119860202022'), name: '李工长', password: 'foreman-1' },
  sampler: { idNumber: validId('31010119870303033'), name: '赵取样', password: 'sampler-1' },
  chief: { idNumber: validId('31010419700101041'), name: '陈总监', password: 'chief-pass-1' },
  engineer: { idNumber: validId('31010419750202052'), name: '刘监理', password: 'engineer-1' },
  witness: { idNumber: validId('31010419800303063'), name: '孙见证', password: 'witness-1' },
  owner: { idNumber: validId('31010419720404074'), name: '周建设', password: 'owner-pass-1' },
} as const;

export interface QualitySite extends SiteApp {
  /** Tokens of the accounts, each inside the project. */
  as: { manager: string; inspector: string; foreman: string; sampler: string; chief: string; engineer: string; witness: string; owner: string };
  appointments: { sampler: string; witness: string; survey: string; design: string };
}

async function enter(t: TestApp, projectId: string, who: { idNumber: string; password: string }): Promise<string> {
  const token = await t.signIn(who.idNumber, who.password);
  await t.call('projects.enter', { projectId }, token);
  return token;
}

export async function openQualitySite(): Promise<QualitySite> {
  const site = await openSiteApp();
  const { t, token, projectId } = site;
  await t.call('parties.saveProfile', { ownerName: '上海城投置业有限公司', supervisorName: '上海建科工程咨询有限公司', surveyName: '上海岩土工程勘察设计研究院', designName: '华东建筑设计研究院', filedOn: '2020-01-06', completedOn: null }, token);
  const operator = async (who: { idNumber: string; name: string; password: string }) => {
    await t.call('operators.create', { idNumber: who.idNumber, name: who.name, phone: '13800001111', password: who.password, realNamePermission: true }, token);
    return enter(t, projectId, who);
  };
  const party = async (role: CommandInput<'parties.createAccount'>['role'], who: { idNumber: string; name: string; password: string }) => {
    await t.call('parties.createAccount', { role, idNumber: who.idNumber, name: who.name, phone: '13900002222', password: who.password }, token);
    return enter(t, projectId, who);
  };
  const as = {
    manager: token,
    inspector: await operator(PEOPLE.inspector),
    foreman: await operator(PEOPLE.foreman),
    sampler: await operator(PEOPLE.sampler),
    chief: await party('chief_supervisor', PEOPLE.chief),
    engineer: await party('supervision_engineer', PEOPLE.engineer),
    witness: await party('supervision_inspector', PEOPLE.witness),
    owner: await party('owner_representative', PEOPLE.owner),
  };
  const accounts = (await t.call('parties.view', {}, token)).accounts;
  const userOf = async (tokenOf: string) => (await t.call('auth.me', {}, tokenOf))!.user.id;
  const appoint = async (input: Omit<CommandInput<'parties.appoint'>, 'validFrom'>) => (await t.call('parties.appoint', { validFrom: '2020-01-06', ...input }, token)).id;
  await appoint({ position: 'quality_inspector', userId: await userOf(as.inspector) });
  await appoint({ position: 'specialty_technical_lead', userId: await userOf(as.inspector) });
  await appoint({ position: 'foreman', userId: await userOf(as.foreman) });
  await appoint({ position: 'technical_lead', userId: await userOf(as.foreman) });
  const appointments = {
    sampler: await appoint({ position: 'sampler', userId: await userOf(as.sampler) }),
    witness: await appoint({ position: 'witness', userId: accounts.find((a) => a.role === 'supervision_inspector')!.id, authorization: pdfFile('见证人授权书.pdf') }),
    survey: await appoint({ position: 'survey_lead', external: { name: '郑勘察', organization: '上海岩土工程勘察设计研究院', phone: '021-60000001' } }),
    design: await appoint({ position: 'design_lead', external: { name: '吴设计', organization: '华东建筑设计研究院', phone: '021-60000002' } }),
  };
  return { ...site, as, appointments };
}

export { MANAGER };

/** A rebar batch received by the 施工单位 (60 t unless said). */
export function rebarBatch(overrides: Partial<CommandInput<'materials.receive'>> = {}): CommandInput<'materials.receive'> {
  return {
    receivedOn: '2020-02-17', deliveryNote: 'SH-20200217-01', materialType: 'rebar', name: '热轧带肋钢筋', spec: 'HRB400E Φ25', grade: 'HRB400E', quantity: 60, unit: 't',
    batchNo: '20A1234', supplier: '上海钢材贸易有限公司', manufacturer: '宝山钢铁股份有限公司', filingNo: '沪建材备2019-0001', documents: ['产品合格证', '质量证明书(质保书)'],
    appearanceOk: true, appearanceNote: '', receiver: '赵取样', intendedUse: '3层柱', scans: [], ...overrides,
  };
}

/** A sample of a batch taken by the 取样人 in front of the 见证人. */
export function sampleOf(site: QualitySite, batchId: string, n: number, overrides: Partial<CommandInput<'materials.sample'>> = {}): CommandInput<'materials.sample'> {
  return {
    batchId, sampledAt: '2020-02-17 10:00', building: '1号楼', storey: '3层', axis: '1~8/A~D', sampleNo: `GJ-2020-${String(n).padStart(3, '0')}`, groups: 1, curing: 'none',
    sealNo: `FY-${n}`, lab: '上海市建设工程检测中心', commissionNo: `WT-${n}`, samplerAppointmentId: site.appointments.sampler, witnessAppointmentId: site.appointments.witness, ...overrides,
  };
}

export function reportOf(sampleId: string, n: number, passed: boolean): CommandInput<'materials.addReport'> {
  return {
    sampleId, lab: '上海市建设工程检测中心', reportNo: `BG-2020-${String(n).padStart(4, '0')}`, reportedOn: '2020-02-17', cma: '2019000001',
    results: [{ parameter: '屈服强度', requirement: '≥400MPa', value: passed ? '445MPa' : '385MPa', passed }, { parameter: '抗拉强度', requirement: '≥540MPa', value: '610MPa', passed: true }],
    conclusion: passed ? 'pass' : 'fail', pdf: distinctPdf(n),
  };
}

/** The items of a 钢筋安装 lot, all passing at the minimum sample for a capacity of 20 (3). */
export function passingItems(): CommandInput<'quality.saveRecord'>['items'] {
  return [
    { group: 'main', name: '受力钢筋的牌号、规格和数量', requirement: '符合设计要求', fullCheck: true, sampled: 20, qualified: 20, note: '全数检查' },
    { group: 'main', name: '受力钢筋的安装位置、锚固方式', requirement: '符合设计要求', fullCheck: true, sampled: 20, qualified: 20, note: '' },
    { group: 'general', name: '纵向受力钢筋间距', requirement: '±10mm', sampled: 10, qualified: 9, note: '' },
    { group: 'general', name: '保护层厚度(梁)', requirement: '±5mm', sampled: 5, qualified: 4, note: '' },
  ];
}

/** Moves the site's clock (days on), and signs every account in again: a session lasts 12 hours. */
export async function moveClock(site: QualitySite, iso: string): Promise<void> {
  site.t.clock.set(iso);
  const who = { manager: MANAGER, ...PEOPLE } as const;
  for (const key of Object.keys(site.as) as (keyof QualitySite['as'])[]) site.as[key] = await enter(site.t, site.projectId, who[key]);
  site.token = site.as.manager;
}
