// What the benchmark's parts share: a clock moved by hand, timing samples, percentiles, the result row, calling a command
// as the renderer does, and distinct valid ID numbers for any number of people.
import { performance } from 'node:perf_hooks';
import type { App } from '../node/app';
import { ApiError } from '../common/errors';
import type { CommandInput, CommandName, CommandOutput } from '../common/contract';
import { computeCheckCharacter } from '../common/idnumber';

export interface Row {
  operation: string;
  target: string;
  p50?: number;
  p95?: number;
  total?: number;
  raw?: number;
  unit: 'ms' | 's' | 'MB' | 'KB';
  note?: string;
}

/** A clock the benchmark moves by hand, so half a year of mornings can be recorded now. */
export class BenchClock {
  current = new Date('2020-02-01T00:30:00Z');
  now(): Date {
    return new Date(this.current);
  }
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function sample(iterations: number, fn: (i: number) => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await fn(i);
    out.push(performance.now() - started);
  }
  return out;
}

/** Milliseconds a piece of work took. */
export async function timed(fn: () => unknown): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

export async function call<C extends CommandName>(app: App, command: C, input: CommandInput<C>, token: string | null): Promise<CommandOutput<C>> {
  const { result } = await app.dispatch(command, input, token);
  if (!result.ok) throw ApiError.fromBody(result.error);
  return result.value as CommandOutput<C>;
}

export async function signIn(app: App, idNumber: string, password: string): Promise<string> {
  const outcome = await app.dispatch('auth.signIn', { idNumber, password }, null);
  if (!outcome.result.ok) throw ApiError.fromBody(outcome.result.error);
  return outcome.token!;
}

/** Distinct valid ID numbers: area and birth date vary with n, the check character computed. */
export function uniqueId(n: number): string {
  const base = new Date(Date.UTC(1960, 0, 1) + (n % 15000) * 86400000);
  const date = base.toISOString().slice(0, 10).replace(/-/g, '');
  const area = ['320583', '341221', '511381', '410522', '362426', '430524', '370883', '320582'][Math.floor(n / 15000) % 8]!;
  const seq = String(Math.floor(n / 120000) * 2 + 1).padStart(3, '0');
  const first17 = `${area}${date}${seq}`;
  return first17 + computeCheckCharacter(first17);
}

/** Resident set size now, the process's high-water mark, and V8's heap (reserved, in use), in MB. */
export function memory(): { rss: number; peak: number; heapTotal: number; heapUsed: number } {
  const m = process.memoryUsage();
  return { rss: m.rss / 2 ** 20, peak: process.resourceUsage().maxRSS / 1024, heapTotal: m.heapTotal / 2 ** 20, heapUsed: m.heapUsed / 2 ** 20 };
}
