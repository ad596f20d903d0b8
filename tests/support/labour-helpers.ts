// Test support for the labour register: a project that hides the epidemic workflow, 参建单位 and
// 班组, workers hired with a 劳动合同 (and a 工资卡 whose number passes the Luhn check).
import { completeCreditCode } from '../../electron/common/credit-code';
import type { CommandInput, CommandOutput } from '../../electron/common/contract';
import { samplePerson, seededRandom } from '../../electron/cli/demo-people';
import type { TestApp } from './app';
import { validId } from './fixtures';

/** A valid card number for n (the Luhn check digit computed). */
export function cardNumber(n: number): string {
  const body = `622202${String(n).padStart(12, '0')}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

export function participantInput(n: number, participantType = '006'): CommandInput<'participants.create'> {
  return {
    name: `上海第${n}劳务有限公司`, creditCode: completeCreditCode(`91310115MA1K${String(n).padStart(5, '0')}`), participantType,
    leaderName: '周建平', leaderPhone: '13800001111', labourOfficerName: '沈丽', labourOfficerPhone: '13900002222',
  };
}

export const daily = (startsOn: string, wage = '350') => ({
  signedOn: startsOn, startsOn, endsOn: null, termType: 'task' as const, payMethod: 'daily' as const, wage, payDay: 15,
});

const random = seededRandom(17);

/** A distinct valid ID number for every n below 40,000. */
export function workerIdNumber(n: number): string {
  return validId(`320583${1960 + Math.floor(n / 1000)}0101${String(n % 1000).padStart(3, '0')}`);
}

export function hireInput(n: number, employerId: string, hiredOn: string, overrides: Partial<CommandInput<'workers.hire'>> = {}): CommandInput<'workers.hire'> {
  const p = samplePerson(random, n);
  return {
    category: 'worker', idNumber: workerIdNumber(n),
    name: p.name, phone: p.phone, employerId, workType: '020', hiredOn, safetyTrainingOn: hiredOn,
    emergency: { name: '张秀英', phone: '13700003333', relation: '配偶' },
    contract: daily(hiredOn),
    wageCard: { bankName: '中国工商银行', bankCode: '102', cardNo: cardNumber(n) },
    ...overrides,
  };
}

export interface LabourSite {
  token: string;
  participant: CommandOutput<'participants.create'>;
  team: CommandOutput<'teams.create'>;
}

/** The manager signed in on a project that hides 工地疫情防控管理, with a 劳务分包 and its 钢筋一班. */
export async function labourSite(t: TestApp): Promise<LabourSite> {
  const token = await t.signedInManager();
  await t.call('labour.saveSettings', { epidemicHidden: true }, token);
  const participant = await t.call('participants.create', participantInput(1), token);
  const team = await t.call('teams.create', { employerId: participant.id, name: '钢筋一班', workType: '020' }, token);
  return { token, participant, team };
}

/** Hired, dispatched into the team and entered on `day`. */
export async function workerOnSite(t: TestApp, site: LabourSite, n: number, day: string): Promise<CommandOutput<'workers.get'>> {
  const hired = await t.call('workers.hire', hireInput(n, site.participant.id, day), site.token);
  await t.call('workers.dispatch', { workerId: hired.worker.id, teamId: site.team.id, dispatchedOn: day }, site.token);
  return (await t.call('workers.enter', { workerId: hired.worker.id, enteredOn: day }, site.token)).worker;
}
