// The safety domain's answer to the labour chain (services/labour/warnings.ts): at 派工, 进场 and on
// the attendance lists, each worker's 特种作业 certificate (none, expired, past its 复审, expiring)
// and 三级安全教育 (missing, failed, after a change of trade or a return to work) from workerWarnings,
// asked with the 工种 being assigned at 派工 and the one of the day's 派工 elsewhere.
//
// A worker of a special trade without a valid certificate is not dispatched unless the user
// confirms with a reason ('confirm', kept in the audit trail). Not refused outright: the register
// has to say who is really working here, and a certificate is often renewed (延期复核 applied for,
// the new card not back yet) or simply not yet entered when the team arrives; a hard refusal would
// keep that worker off the register instead of off the job. The confirmation puts a name and a
// reason on the decision, and the warning stays on 进场 and on every attendance list until a valid
// certificate is registered. Everything else (no 三级安全教育, which 进场 flags) is shown, never
// refused. Each message names the worker: an attendance list shows a whole team's at once.
import { eq, inArray } from 'drizzle-orm';
import { persons, workers } from '../../../db/schema';
import type { WorkerWarning } from '../../common/contract-safety';
import { registerWarningProvider, type LabourWarning, type WarningPoint } from '../labour/warnings';
import { uncertifiedCodes, workerWarnings } from './warnings';

function labourLevel(point: WarningPoint, w: WorkerWarning): LabourWarning['level'] {
  return point === 'dispatch' && uncertifiedCodes.has(w.code) ? 'confirm' : 'warning';
}

export function registerSafetyLabourWarnings(): void {
  registerWarningProvider({
    id: 'safety.workerWarnings',
    points: ['dispatch', 'entry', 'attendanceList'],
    warnings(s, context) {
      const people = s.db.select({ id: workers.id, personId: workers.personId, name: persons.name }).from(workers).innerJoin(persons, eq(persons.id, workers.personId))
        .where(inArray(workers.id, context.workerIds)).all();
      const found = workerWarnings(s.db, context.projectId, people.map((p) => p.personId), { date: context.date, workType: context.workType });
      return people.flatMap((p) => (found.get(p.personId) ?? [])
        .filter((w) => w.level !== 'notice')
        .map((w): LabourWarning => ({ workerId: p.id, level: labourLevel(context.point, w), source: `safety.${w.code}`, message: `${p.name}:${w.message}` })));
    },
  });
}
