// The labour register's own warnings at the points of the chain (warnings.ts): no 工资卡 at 进场
// (wages could not be paid by the bank), and a 劳动合同 that has ended or ends within a week on the
// attendance lists and at 派工. Registered once, when the API is put together
// (electron/api/handlers-labour.ts). 三级安全教育 and 特种作业 certificates are the safety domain's
// (services/safety/labour-provider.ts).
import { addDays } from '../../common/site-time';
import { eq, inArray } from 'drizzle-orm';
import { persons, workers } from '../../../db/schema';
import type { Services } from '../context';
import { contractInForce, currentWageCard, latestContract } from './records';
import { registerWarningProvider, type LabourWarning, type WarningContext } from './warnings';

function named(s: Services, ids: string[]) {
  return s.db.select({ w: workers, name: persons.name }).from(workers).innerJoin(persons, eq(persons.id, workers.personId))
    .where(inArray(workers.id, ids)).all();
}

export const CONTRACT_WARNING_DAYS = 7;

let registered = false;

export function registerLabourWarnings(): void {
  if (registered) return;
  registered = true;
  registerWarningProvider({
    id: 'labour.wageCard',
    points: ['entry'],
    warnings: (s, c) => named(s, c.workerIds).filter((r) => !currentWageCard(s.db, r.w.id))
      .map((r): LabourWarning => ({ workerId: r.w.id, level: 'warning', source: 'labour.wageCard', message: `${r.name} 未登记工资卡:工资将无法由银行代发` })),
  });
  registerWarningProvider({
    id: 'labour.contract',
    points: ['attendanceList', 'dispatch'],
    warnings: (s: Services, c: WarningContext) => named(s, c.workerIds).flatMap((r): LabourWarning[] => {
      const inForce = contractInForce(s.db, r.w.id, c.date);
      if (!inForce) {
        const last = latestContract(s.db, r.w.id);
        return [{ workerId: r.w.id, level: 'warning', source: 'labour.contract', message: `${r.name} 在 ${c.date} 没有有效的劳动合同${last?.endsOn ? `(上一份已于 ${last.endsOn} 到期)` : ''}` }];
      }
      if (inForce.endsOn && inForce.endsOn <= addDays(c.date, CONTRACT_WARNING_DAYS)) {
        return [{ workerId: r.w.id, level: 'warning', source: 'labour.contract', message: `${r.name} 的劳动合同将于 ${inForce.endsOn} 到期,请及时续签` }];
      }
      return [];
    }),
  });
}
