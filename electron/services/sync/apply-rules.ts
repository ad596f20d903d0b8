// The rules of applying a site's bundle on the central side, as plain functions of plain values:
// which records are new, which are duplicates, when a bundle leaves a gap, which outbox generation
// each record belongs to, and which contracts a site may write in. The SQLite applier (apply.ts)
// uses them today; a PostgreSQL executor uses the same ones (docs/sync-bundle-format.md §4).

/** An outbox generation as a bundle's manifest names it: a site starts one at every restore. */
export interface Generation {
  id: string;
  /** The site's sequence number of the generation's first change. */
  firstSeq: number;
}

/** What the central side holds of one generation of one site. */
export interface GenerationState extends Generation {
  /** The last sequence number of that generation applied (firstSeq - 1 when none yet). */
  lastApplied: number;
}

/** The generations of a site that does not name any (format version 1): one, the installation id, from 1. */
export function implicitGenerations(installationId: string): Generation[] {
  return [{ id: installationId, firstSeq: 1 }];
}

/**
 * Why a manifest's generation list cannot be used, or null. It starts with the installation's own
 * first generation at 1, names each generation once, and the starts never go down. A generation
 * the central side knows must start where it was known to start.
 */
export function generationListProblem(installationId: string, list: readonly Generation[], known: ReadonlyMap<string, GenerationState>): string | null {
  if (list.length === 0 || list[0]!.id !== installationId || list[0]!.firstSeq !== 1) return '第一代应为该安装本身,从第 1 条开始';
  const seen = new Set<string>();
  let previous = 1;
  for (const g of list) {
    if (seen.has(g.id)) return `数据代 ${g.id} 出现了两次`;
    seen.add(g.id);
    if (g.firstSeq < previous) return '数据代的起始序号不能减小';
    previous = g.firstSeq;
    const k = known.get(g.id);
    if (k && k.firstSeq !== g.firstSeq) return `数据代 ${g.id} 的起始序号与中心系统记录的不符`;
  }
  return null;
}

/** The last sequence number of the generation at `index` (the last one goes on). */
function endOf(list: readonly Generation[], index: number): number {
  return index + 1 < list.length ? list[index + 1]!.firstSeq - 1 : Number.POSITIVE_INFINITY;
}

/**
 * How far the central side holds the site's history as this list describes it: every change up to
 * the number returned is applied, in the site's own numbering. Within each generation up to where
 * the next one starts; a generation the central side has not seen holds nothing yet.
 *
 * The central side may hold more of an earlier generation than the list keeps (records made after a
 * backup that the site then restored): those stay where they are and count for nothing here.
 */
export function progressOf(list: readonly Generation[], known: ReadonlyMap<string, GenerationState>): number {
  let progress = 0;
  for (let i = 0; i < list.length; i++) {
    const g = list[i]!;
    if (progress < g.firstSeq - 1) break; // a hole before this generation starts
    const end = endOf(list, i);
    const applied = known.get(g.id)?.lastApplied ?? g.firstSeq - 1;
    progress = Math.max(progress, Math.min(applied, end));
    if (applied < end) break;
  }
  return progress;
}

/** The records of one generation a bundle adds: from..to, inclusive. */
export interface Segment {
  generation: string;
  firstSeq: number;
  from: number;
  to: number;
}

export type Decision =
  /** Everything in the bundle is held already. */
  | { kind: 'duplicate'; progress: number }
  /** The bundle starts beyond what is held plus one: refused, naming `progress`. */
  | { kind: 'gap'; progress: number }
  /** Records progress+1..lastSeq are new, in these segments. */
  | { kind: 'apply'; progress: number; segments: Segment[] };

/** What to do with a bundle of firstSeq..lastSeq whose manifest lists these generations. */
export function decide(list: readonly Generation[], known: ReadonlyMap<string, GenerationState>, firstSeq: number, lastSeq: number): Decision {
  const progress = progressOf(list, known);
  if (lastSeq <= progress) return { kind: 'duplicate', progress };
  if (firstSeq > progress + 1) return { kind: 'gap', progress };
  const segments: Segment[] = [];
  for (let i = 0; i < list.length; i++) {
    const g = list[i]!;
    const from = Math.max(progress + 1, g.firstSeq);
    const to = Math.min(lastSeq, endOf(list, i));
    if (from <= to) segments.push({ generation: g.id, firstSeq: g.firstSeq, from, to });
  }
  return { kind: 'apply', progress, segments };
}

/** The generation a sequence number belongs to in this list (the last one that starts at or before it). */
export function generationOf(list: readonly Generation[], seq: number): Generation {
  let found = list[0]!;
  for (const g of list) {
    if (g.firstSeq <= seq) found = g;
    else break;
  }
  return found;
}

/** The watermarks after applying the segments: each generation up to the last record it received. */
export function statesAfter(segments: readonly Segment[]): GenerationState[] {
  return segments.map((s) => ({ id: s.generation, firstSeq: s.firstSeq, lastApplied: s.to }));
}

/**
 * Whether a bundle's list is the site's newest history the central side has seen: its last
 * generation is the newest known (ids are UUIDv7, so they sort by the time the restore made them).
 * A late bundle of an older generation still applies, but does not speak for the site's present.
 */
export function isCurrentHistory(list: readonly Generation[], known: ReadonlyMap<string, GenerationState>): boolean {
  const last = list.at(-1)!.id;
  for (const id of known.keys()) if (id > last && id !== list[0]!.id) return false;
  return true;
}

// ---- which contracts a site may write in ----

/** The 合同报送编号 a site was registered for: the contracts in the registration file the central side trusted. */
export function registeredContracts(registration: { projects?: readonly { contractNo: string }[] }): ReadonlySet<string> {
  return new Set((registration.projects ?? []).map((p) => p.contractNo));
}

/** Why a site may not write a contract row with this 合同报送编号, or null when it may. */
export function contractRefusal(registered: ReadonlySet<string>, contractNo: unknown): string | null {
  if (typeof contractNo === 'string' && registered.has(contractNo)) return null;
  return `同步包含有该工地未登记的合同 ${String(contractNo).slice(0, 40)}:工地只能同步其注册文件中的合同。如工地新增了合同,请让工地重新导出注册文件,在中心系统重新登记后再导入`;
}
