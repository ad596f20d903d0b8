// The report worker process (dist/node/report-worker.cjs): runs the jobs the app's process sends
// (services/reports/jobs.ts) one message at a time and answers each by its id. It ends when the
// app lets it go or goes away itself.
import { executeJob, type Job } from '../services/reports/jobs';
import { sendableError, type WorkerReply } from '../services/reports/job-runner';

const reply = (message: WorkerReply) => process.send?.(message);

process.on('message', (message: { id: number; job: Job }) => {
  executeJob(message.job, (done, total) => reply({ id: message.id, progress: { done, total } })).then(
    (value) => reply({ id: message.id, ok: true, value }),
    (e: unknown) => reply({ id: message.id, ok: false, error: sendableError(e) }),
  );
});
process.on('disconnect', () => process.exit(0));
