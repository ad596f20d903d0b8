// The rule tables the app ships: data files under rules/ (JGJ 59-2011, the GB 50300 divisions and
// acceptance rules, the sampling rules of materials, the 监理报告 limits), each naming its `kind` and
// parsed by that kind's zod schema when the app starts. A file that does not parse, or a kind nobody
// registered, stops the start with the file and the reason named: a wrong table would otherwise score
// every assessment wrongly without anyone noticing. A module adds its kinds to `ruleKinds` below.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { findFolder } from '../../../db/find-folder';
import type { z } from 'zod';
import { jgj59SummarySchema, jgj59TableSchema } from '../../common/rules/jgj59';
import { specialWorkSchema, staffingSchema, trainingSchema } from '../../common/rules/safety';
import { acceptanceSchema, divisionsSchema, lotTemplateSchema, tolerancesSchema } from '../../common/rules/quality';
import { frequencySchema, witnessSchema } from '../../common/rules/materials';
import { reportRulesSchema } from '../../common/rules/supervision';

export const ruleKinds = {
  'jgj59.summary': jgj59SummarySchema,
  'jgj59.table': jgj59TableSchema,
  'safety.special-work': specialWorkSchema,
  'safety.staffing': staffingSchema,
  'safety.training': trainingSchema,
  // 建材管理, 质量标准化 and 监理报告
  'quality.divisions': divisionsSchema,
  'quality.acceptance': acceptanceSchema,
  'quality.lot-template': lotTemplateSchema,
  'quality.tolerances': tolerancesSchema,
  'materials.witness': witnessSchema,
  'materials.frequency': frequencySchema,
  'supervision.reports': reportRulesSchema,
} as const;

export type RuleKind = keyof typeof ruleKinds;
export type RuleData<K extends RuleKind> = z.output<(typeof ruleKinds)[K]>;

export function isRuleKind(kind: string): kind is RuleKind {
  return Object.prototype.hasOwnProperty.call(ruleKinds, kind);
}

/** One file of the library: its data as parsed, and the JSON it was parsed from. */
export interface RuleFile<K extends RuleKind = RuleKind> {
  kind: K;
  key: string;
  /** Path under rules/, with forward slashes. */
  file: string;
  /** The file's JSON as written (what a correction edits and what an edition stores). */
  raw: unknown;
  /** SHA-256 of the raw JSON, canonical: names the shipped edition. */
  sha256: string;
  data: RuleData<K>;
}

export class RuleFileError extends Error {
  constructor(readonly file: string, message: string) {
    super(`规则表文件 ${file} 有误:${message}`);
    this.name = 'RuleFileError';
  }
}

/** The same value whatever the key order, for hashing. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sha256Of(raw: unknown): string {
  return crypto.createHash('sha256').update(canonicalJson(raw)).digest('hex');
}

/** Parses one rule file's JSON by its kind's schema; the first problem, in words, on failure. */
export function parseRule(raw: unknown, file: string): { kind: RuleKind; key: string; data: RuleData<RuleKind> } {
  const kind = raw && typeof raw === 'object' ? (raw as { kind?: unknown }).kind : undefined;
  if (typeof kind !== 'string') throw new RuleFileError(file, '缺少 kind');
  if (!isRuleKind(kind)) throw new RuleFileError(file, `未知的规则表类型 ${kind.slice(0, 40)}`);
  const parsed = ruleKinds[kind].safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? `(${issue.path.join('.')})` : '';
    throw new RuleFileError(file, `${issue.message}${where}`);
  }
  return { kind, key: parsed.data.key, data: parsed.data };
}

export class RuleLibrary {
  private readonly byKind = new Map<RuleKind, Map<string, RuleFile>>();

  constructor(files: RuleFile[]) {
    for (const f of files) {
      const forKind = this.byKind.get(f.kind) ?? new Map<string, RuleFile>();
      if (forKind.has(f.key)) throw new RuleFileError(f.file, `与 ${forKind.get(f.key)!.file} 的 key(${f.key})重复`);
      forKind.set(f.key, f);
      this.byKind.set(f.kind, forKind);
    }
  }

  all<K extends RuleKind>(kind: K): RuleFile<K>[] {
    return [...(this.byKind.get(kind)?.values() ?? [])] as RuleFile<K>[];
  }

  get<K extends RuleKind>(kind: K, key: string): RuleFile<K> | undefined {
    return this.byKind.get(kind)?.get(key) as RuleFile<K> | undefined;
  }

  /** The one file of a kind that has exactly one (the 汇总表, the training hours …). */
  only<K extends RuleKind>(kind: K): RuleFile<K> {
    const files = this.all(kind);
    if (files.length !== 1) throw new Error(`rule library: expected one ${kind}, found ${files.length}`);
    return files[0]!;
  }
}

/** rules/ wherever this module runs from (sources under vitest, dist/ bundles, a packaged app). */
export function rulesFolder(): string {
  const candidates = [
    path.resolve(__dirname, '../../../rules'),
    path.resolve(__dirname, '../../rules'),
    path.resolve(__dirname, '../rules'),
    path.resolve(process.cwd(), 'rules'),
  ];
  return findFolder('rules folder', candidates, path.join('jgj59-2011', 'summary.json'));
}

function jsonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsonFiles(full);
    return entry.isFile() && entry.name.endsWith('.json') ? [full] : [];
  }).sort();
}

export function loadRuleLibrary(folder = rulesFolder()): RuleLibrary {
  const files = jsonFiles(folder).map((full): RuleFile => {
    const file = path.relative(folder, full).split(path.sep).join('/');
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(full, 'utf8'));
    } catch (e) {
      throw new RuleFileError(file, `不是有效的 JSON(${(e as Error).message})`);
    }
    const { kind, key, data } = parseRule(raw, file);
    return { kind, key, file, raw, sha256: sha256Of(raw), data };
  });
  return new RuleLibrary(files);
}

let library: RuleLibrary | null = null;

/** The shipped rule tables, loaded and checked once per process. */
export function ruleLibrary(): RuleLibrary {
  library ??= loadRuleLibrary();
  return library;
}
