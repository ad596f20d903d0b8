// The labour part of the demo: the 参建单位 with their 负责人 and 劳资专管员, 班组, and the chain
// 聘用登记 (劳动合同 按日, 按月 or 计件, 工资卡) → 派工登记 → 进场登记 for two thirds of the
// pre-registered people, through the dispatcher like the UI; then two gates and three weeks of their
// punches through the gate intake, with today's arrivals, someone who has not punched yet, one
// missing out and one person id nobody registered. A worker of a special trade (the 水电班's 建筑电工)
// holds the 特种作业 certificate before the 派工, as the safety module asks; the first one's runs
// out in 45 days, so 今日概况 has an expiry to show.
import type { App } from '../node/app';
import { ApiError } from '../common/errors';
import type { CommandInput, CommandName, CommandOutput, PersonRow } from '../common/contract';
import { addDays, siteDate, siteDateTime } from '../common/site-time';
import { deviceBySerial, receivePush, type GatePunch } from '../services/labour/gate-intake';
import { requiredCategories } from '../services/safety/warnings';
import { seededRandom } from './demo-people';

async function call<C extends CommandName>(app: App, command: C, input: CommandInput<C>, token: string | null): Promise<CommandOutput<C>> {
  const { result } = await app.dispatch(command, input, token);
  if (!result.ok) throw ApiError.fromBody(result.error);
  return result.value as CommandOutput<C>;
}

/** A demo card number for n with its Luhn check digit. */
function demoCard(n: number): string {
  const body = `621700${String(31000000 + n).padStart(12, '0')}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

const contacts: Record<string, { leaderName: string; leaderPhone: string; labourOfficerName: string; labourOfficerPhone: string }> = {
  '009': { leaderName: '陈立新', leaderPhone: '13801760001', labourOfficerName: '顾美华', labourOfficerPhone: '13801760002' },
  '006': { leaderName: '刘志刚', leaderPhone: '13917420003', labourOfficerName: '蒋丽萍', labourOfficerPhone: '13917420004' },
  '001': { leaderName: '吴建华', leaderPhone: '13661880005', labourOfficerName: '朱慧', labourOfficerPhone: '13661880006' },
  '007': { leaderName: '孙卫东', leaderPhone: '13585630007', labourOfficerName: '', labourOfficerPhone: '' },
};

/** 班组 of each 参建单位 type, with their trade. */
const teamsOf: Record<string, [string, string][]> = {
  '009': [['混凝土班', '040']],
  '006': [['钢筋一班', '020'], ['钢筋二班', '020'], ['木工班', '240']],
  '001': [['水电班', '130']],
};

const banks = [['中国工商银行', '102'], ['中国建设银行', '105'], ['中国农业银行', '103'], ['上海农村商业银行', '322']] as const;

export interface LabourDemo {
  participants: number;
  teams: number;
  hired: number;
  byPayMethod: Record<'daily' | 'monthly' | 'piece', number>;
  cards: number;
  punches: number;
}

export async function fillLabour(app: App, token: string | null, people: PersonRow[]): Promise<LabourDemo> {
  const now = app.services.clock.now();
  const today = siteDate(now);
  const start = addDays(today, -20);
  const employers = await call(app, 'employers.list', {}, token);
  for (const e of employers) {
    await call(app, 'participants.update', { employerId: e.id, name: e.name, participantType: e.participantType, ...contacts[e.participantType]! }, token);
  }
  const teams: { id: string; employerId: string; workType: string }[] = [];
  for (const e of employers) {
    for (const [name, workType] of teamsOf[e.participantType] ?? []) teams.push({ ...(await call(app, 'teams.create', { employerId: e.id, name, workType }, token)), employerId: e.id });
  }
  const byPayMethod = { daily: 0, monthly: 0, piece: 0 };
  let cards = 0;
  let certificates = 0;
  const onSite: { id: string; workerNo: string; category: string }[] = [];
  const perEmployer = new Map<string, number>();
  for (const [i, person] of people.entries()) {
    if (i % 3 === 2) continue; // some people are still only pre-registered
    const employer = employers.find((e) => e.name === person.employerName)!;
    const manager = person.category === 'manager';
    const own = teams.filter((t) => t.employerId === employer.id);
    const n = perEmployer.get(employer.id) ?? 0;
    perEmployer.set(employer.id, n + 1);
    const team = own[n % Math.max(1, own.length)];
    const payMethod = manager ? 'monthly' : (['daily', 'daily', 'monthly', 'piece'] as const)[i % 4]!;
    byPayMethod[payMethod]++;
    const wage = payMethod === 'daily' ? String(320 + (i % 5) * 20) : payMethod === 'monthly' ? (manager ? '12000' : '7800') : '18.50';
    const bank = banks[i % banks.length]!;
    const card = i % 11 === 5 ? null : { bankName: bank[0], bankCode: bank[1], cardNo: demoCard(i) };
    if (card) cards++;
    const hired = await call(app, 'workers.hire', {
      category: person.category, idNumber: (await call(app, 'persons.get', { id: person.id }, token)).idNumber, name: person.name, phone: person.phone,
      employerId: employer.id, workType: manager ? '900' : team?.workType ?? '390', hiredOn: start,
      safetyTrainingOn: i % 9 === 4 ? null : start,
      emergency: { name: `${person.name.slice(0, 1)}秀英`, phone: `1390000${String(1000 + i)}`, relation: '配偶' },
      contract: {
        signedOn: start, startsOn: start, endsOn: i % 2 === 0 ? null : addDays(start, 180), termType: i % 2 === 0 ? 'task' : 'fixed',
        payMethod, wage, pieceUnit: payMethod === 'piece' ? '平方米' : '', payDay: 15,
      },
      wageCard: card,
    }, token);
    for (const [k, needed] of (manager || !team ? [] : requiredCategories(team.workType)).entries()) {
      const expiresOn = certificates === 0 ? addDays(today, 45) : addDays(start, 365);
      await call(app, 'safety.addCertificate', {
        personId: person.id, system: needed.system, category: needed.name, number: `沪A04${String(2019000100 + i * 10 + k)}`,
        issuer: '上海市住房和城乡建设管理委员会', issuedOn: addDays(start, -365), expiresOn, nextReviewOn: null, scan: null,
      }, token);
      certificates++;
    }
    if (!manager && team) await call(app, 'workers.dispatch', { workerId: hired.worker.id, teamId: team.id, dispatchedOn: start }, token);
    await call(app, 'workers.enter', { workerId: hired.worker.id, enteredOn: start }, token);
    onSite.push({ id: hired.worker.id, workerNo: hired.worker.workerNo, category: person.category });
  }
  const punches = await fillPunches(app, token, onSite, start, today, siteDateTime(now));
  return { participants: employers.length, teams: teams.length, hired: onSite.length, byPayMethod, cards, punches };
}

async function fillPunches(app: App, token: string | null, workers: { workerNo: string }[], from: string, today: string, nowSite: string): Promise<number> {
  for (const [serial, direction, name] of [['ZK-DEMO-IN', 'in', '东大门进口'], ['ZK-DEMO-OUT', 'out', '东大门出口']] as const) {
    await call(app, 'devices.create', { vendor: 'zkteco', serial, direction, name, location: '东大门' }, token);
  }
  const inGate = deviceBySerial(app.services, 'ZK-DEMO-IN')!;
  const outGate = deviceBySerial(app.services, 'ZK-DEMO-OUT')!;
  const random = seededRandom(1717);
  const at = (day: string, hour: number, spread: number) => {
    const minutes = hour * 60 + Math.floor(random() * spread);
    return `${day} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}`;
  };
  const line = (workerNo: string, when: string): GatePunch => ({ personRef: workerNo, punchedAt: when, verifyMode: 'face', payload: `${workerNo}\t${when}\t0\t15\t0\t0\t0` });
  let count = 0;
  const push = async (device: typeof inGate, punches: GatePunch[]) => {
    const kept = punches.filter((p) => p.punchedAt <= nowSite);
    await receivePush(app.services, device, { vendor: 'zkteco', serial: device.serial, path: '/iclock/cdata (demo)', remote: '127.0.0.1', body: Buffer.from(kept.map((p) => p.payload).join('\n')), punches: kept, rejected: [], ignored: 0 });
    count += kept.length;
  };
  for (let day = from; day < today; day = addDays(day, 1)) {
    if (new Date(`${day}T00:00:00Z`).getUTCDay() === 0) continue; // Sundays off
    const present = workers.filter(() => random() > 0.08);
    const yesterday = day === addDays(today, -1);
    await push(inGate, present.map((w) => line(w.workerNo, at(day, 6, 50))));
    // Yesterday the first worker left through a gate that did not see them: 有进无出.
    await push(outGate, present.filter((w, i) => !(yesterday && i === 0)).map((w) => line(w.workerNo, at(day, 17, 40))));
  }
  // This morning: most came in; a few are on site but have not punched (在场未打卡); and a person id
  // the register does not know (未匹配).
  await push(inGate, [...workers.slice(0, Math.ceil(workers.length * 0.75)).map((w) => line(w.workerNo, at(today, 6, 50))), line('9901', `${today} 07:12:30`)]);
  return count;
}
