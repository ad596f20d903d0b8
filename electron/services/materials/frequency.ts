// The sampling rules as functions of plain rows, so that they are tested without a database: the
// groups the pour records require (per mix, day, shift and storey; per 100 m³, or per 200 m³ of a
// pour over 1,000 m³), the groups a delivered batch requires (per 60 t of rebar …), the witnessed
// share against its setting, and when a cube's 28-day result is due.
import { addDays } from '../../common/site-time';
import type { FrequencyRules } from '../../common/rules/materials';

export interface PourForFrequency {
  id: string;
  pouredOn: string;
  shift: string;
  storey: string;
  mix: string;
  volume: number;
}

export interface ConcreteGroup {
  mix: string;
  pouredOn: string;
  shift: string;
  storey: string;
  volume: number;
  pourIds: string[];
  required: number;
}

/** Volumes are compared in hundredths of a m³, so 100.00 is exactly 100. */
const hundredths = (v: number) => Math.round(v * 100);

/** Groups one mix poured on one shift of one day on one storey requires. */
export function concreteGroupsRequired(volume: number, rule: FrequencyRules['concrete']): number {
  const v = hundredths(volume);
  const per = v > hundredths(rule.largePourOver) ? hundredths(rule.largePourPer) : hundredths(rule.perVolume);
  return Math.max(1, Math.ceil(v / per));
}

/** The pours grouped as the rule counts them, each group with the samples it requires. */
export function concreteRequirement(pours: PourForFrequency[], rule: FrequencyRules['concrete']): ConcreteGroup[] {
  const groups = new Map<string, ConcreteGroup>();
  for (const p of pours) {
    const key = [p.mix, p.pouredOn, p.shift, p.storey].join('\u0000');
    const g = groups.get(key) ?? { mix: p.mix, pouredOn: p.pouredOn, shift: p.shift, storey: p.storey, volume: 0, pourIds: [], required: 0 };
    g.volume = (hundredths(g.volume) + hundredths(p.volume)) / 100;
    g.pourIds.push(p.id);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({ ...g, required: concreteGroupsRequired(g.volume, rule) }))
    .sort((a, b) => a.pouredOn.localeCompare(b.pouredOn) || a.mix.localeCompare(b.mix) || a.storey.localeCompare(b.storey));
}

/** Groups a delivered batch requires: one per `perQuantity` (60 t of rebar), at least one. */
export function batchGroupsRequired(quantity: number, rule: FrequencyRules['batches'][number]): number {
  return Math.max(1, Math.ceil(hundredths(quantity) / hundredths(rule.perQuantity)));
}

/** Witnessed share in percent with one decimal, and whether it reaches the setting (compared unrounded). */
export function witnessShare(witnessed: number, required: number, setting: number): { share: number | null; meets: boolean } {
  if (required <= 0) return { share: null, meets: true };
  return { share: Math.round((witnessed * 1000) / required) / 10, meets: witnessed * 100 >= setting * required };
}

/** Where a sample's result stands on `today`: reported, or due (within `soonDays`), overdue, pending. */
export function resultStatus(dueOn: string | null, reported: boolean, today: string, soonDays = 3): 'reported' | 'pending' | 'due' | 'overdue' {
  if (reported) return 'reported';
  if (!dueOn) return 'pending';
  if (dueOn < today) return 'overdue';
  return dueOn <= addDays(today, soonDays) ? 'due' : 'pending';
}
