// Child process for tests/services/crash-safety.test.ts: opens a data folder with the real app
// (initializing it and adding a 用人单位 when the folder does not have them yet), then writes
// through the real dispatcher (persons.create, health.create, health.batchSave, dispositions.set,
// family.create) until it is killed. A line `ack <kind> <id> …` goes to stdout only
// after the call resolved ok, with a synchronous write, so every acknowledged line the parent reads
// is a write the UI would have reported as saved.
//
// Bundled with esbuild by the test (better-sqlite3 and the other native packages stay external and
// are found through NODE_PATH); run with the project root as the working directory so that the
// migrations folder is found.
//
// The test starts the next writer while it still checks the last round, so the writer first loads
// its code, prints `loaded`, and waits for one line on stdin: `go <dataDir> <round> <seed>`.
import fs from 'node:fs';
import { openApp } from '../../electron/node/app';
import { seededRandom } from '../../electron/cli/demo-people';
import { validId } from './fixtures';
import { MANAGER, PROJECT } from './app';
import { creditCode } from './prereg-helpers';

function say(line: string): void {
  // Synchronous: the line is in the pipe before the next write starts.
  fs.writeSync(1, `${line}\n`);
}

/** A valid ID number, unique for (area, n): the birth date and the sequence are derived from n. */
function idFor(area: string, n: number): string {
  const birth = new Date(Date.UTC(1970, 0, 1) + Math.floor(n / 1000) * 86400000);
  const date = `${birth.getUTCFullYear()}${String(birth.getUTCMonth() + 1).padStart(2, '0')}${String(birth.getUTCDate()).padStart(2, '0')}`;
  return validId(`${area}${date}${String(n % 1000).padStart(3, '0')}`);
}

const PERSON_AREA = '341221'; // 安徽 阜阳 临泉
const FAMILY_AREA = '320583'; // 江苏 苏州 昆山
const ORIGIN = { provinceCode: '320000', cityCode: '320500' };

async function main(dataDir: string, round: number, random: () => number): Promise<void> {
  say('starting');
  const app = openApp(dataDir, { log: (line) => process.stderr.write(`${line}\n`) });
  say(`opened ${process.pid}`);
  const call = async (command: string, input: unknown, token: string | null): Promise<unknown> => {
    const outcome = await app.dispatch(command, input, token);
    if (!outcome.result.ok) throw new Error(`${command}: ${outcome.result.error.code} ${outcome.result.error.message}`);
    return outcome.result.value;
  };

  const status = await call('setup.status', {}, null) as { initialized: boolean };
  if (!status.initialized) {
    const init = await call('setup.initialize', { project: PROJECT, manager: MANAGER }, null) as { projectId: string };
    say(`ack init ${init.projectId}`);
  }
  const signIn = await app.dispatch('auth.signIn', { idNumber: MANAGER.idNumber, password: MANAGER.password }, null);
  if (!signIn.result.ok || !signIn.token) throw new Error(`sign-in failed: ${JSON.stringify(signIn.result)}`);
  const token = signIn.token;
  const [project] = await call('projects.list', {}, token) as { id: string }[];
  await call('projects.enter', { projectId: project!.id }, token);
  let employers = await call('employers.list', {}, token) as { id: string }[];
  if (employers.length === 0) {
    const employer = await call('employers.create', { name: '上海申江建筑劳务有限公司', creditCode: creditCode(1), participantType: '006', contractNo: 'W2019010100001-1' }, token) as { id: string };
    say(`ack employer ${employer.id}`);
    employers = [employer];
  }
  const employerId = employers[0]!.id;
  const people = (app.services.sqlite.prepare('select id from persons').all() as { id: string }[]).map((r) => r.id);
  say('ready');

  // Unique per round: round r uses person numbers r*10000 … and family numbers likewise.
  let next = round * 10000;
  for (let i = 0; i < 1_000_000; i++) {
    const pick = random();
    const someone = people.length > 0 ? people[Math.floor(random() * people.length)]! : null;
    if (pick < 0.55 || !someone) {
      const n = next++;
      const idNumber = idFor(PERSON_AREA, n);
      const person = await call('persons.create', {
        category: random() < 0.8 ? 'worker' : 'manager', idNumber, name: `崩溃测试${n}`, origin: ORIGIN,
        employerId, phone: '13812345678', useHealthCloud: false,
      }, token) as { id: string };
      say(`ack person ${person.id} ${idNumber}`);
      people.push(person.id);
    } else if (pick < 0.75) {
      const out = await call('health.create', { personId: someone, checkedAt: '2020-02-17 08:30:00', symptoms: ['无上述异常症状'], temperature: 36.5 }, token) as { check: { id: string } };
      say(`ack health ${out.check.id}`);
    } else if (pick < 0.82 && people.length >= 2) {
      // The morning batch: several checks in one transaction, all saved or none. Its time is unique
      // to this write, so the parent can count its rows; `batch` is said before the call.
      const k = next++;
      const at = new Date(Date.UTC(2020, 0, 1) + k * 1000).toISOString().replace('T', ' ').slice(0, 19);
      const chosen = [...new Set(Array.from({ length: 1 + Math.floor(random() * 20) }, () => people[Math.floor(random() * people.length)]!))];
      say(`batch ${at.replace(' ', 'T')} ${chosen.length}`);
      await call('health.batchSave', { checkedAt: at, rows: chosen.map((personId) => ({ personId, temperature: 36.4, symptoms: ['无上述异常症状'] })) }, token);
      say(`ack batch ${at.replace(' ', 'T')} ${chosen.length}`);
    } else if (pick < 0.9) {
      const state = random() < 0.5 ? 'clear' : 'isolate';
      const out = await call('dispositions.set', state === 'clear'
        ? { personId: someone, state, startedAt: null, method: null }
        : { personId: someone, state, startedAt: '2020-02-17 10:00:00', method: '居家隔离' }, token) as { id: string };
      say(`ack disposition ${out.id} ${someone} ${state}`);
    } else {
      const n = next++;
      const out = await call('family.create', { personId: someone, idNumber: idFor(FAMILY_AREA, n), name: `家属${n}`, phone: '13912345678', origin: ORIGIN, useHealthCloud: false }, token) as { id: string };
      say(`ack family ${out.id}`);
    }
    // Let the event loop breathe (and notice a closed stdin) between writes.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

// If the parent goes away, do not write forever.
process.stdin.on('end', () => process.exit(0));
process.stdin.setEncoding('utf8');
let input = '';
let started = false;
process.stdin.on('data', (chunk: string) => {
  input += chunk;
  const nl = input.indexOf('\n');
  if (started || nl < 0) return;
  started = true;
  const [word, dataDir, round, seed] = input.slice(0, nl).split(' ');
  if (word !== 'go' || !dataDir || round === undefined || seed === undefined) {
    process.stderr.write(`expected "go <dataDir> <round> <seed>", got ${input.slice(0, nl)}\n`);
    process.exit(2);
  }
  main(dataDir, Number(round), seededRandom(Number(seed))).catch((e: unknown) => {
    process.stderr.write(`writer failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
});
say('loaded');
