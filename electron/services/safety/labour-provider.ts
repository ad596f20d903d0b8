// The safety domain's answer to the labour chain (services/labour/warnings.ts): at 派工, 进场 and on
// the attendance lists, each worker's 特种作业 certificate (none, expired, past its 复审, expiring)
// and 三级安全教育 (missing, failed, after a change of trade) from workerWarnings. They are shown,
// never a refusal yet: a site registers its certificates and trainings first; a 'danger' may become
// a block at 派工 once it has.
import { inArray } from 'drizzle-orm';
import { workers } from '../../../db/schema';
import { registerWarningProvider, type LabourWarning } from '../labour/warnings';
import { workerWarnings } from './warnings';

export function registerSafetyLabourWarnings(): void {
  registerWarningProvider({
    id: 'safety.workerWarnings',
    points: ['dispatch', 'entry', 'attendanceList'],
    warnings(s, context) {
      const people = s.db.select({ id: workers.id, personId: workers.personId }).from(workers).where(inArray(workers.id, context.workerIds)).all();
      const found = workerWarnings(s.db, context.projectId, people.map((p) => p.personId), { date: context.date, workType: context.workType });
      return people.flatMap((p) => (found.get(p.personId) ?? [])
        .filter((w) => w.level !== 'notice')
        .map((w): LabourWarning => ({ workerId: p.id, level: 'warning', source: `safety.${w.code}`, message: w.message })));
    },
  });
}
