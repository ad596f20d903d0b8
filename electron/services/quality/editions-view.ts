// An edition of a rule table as the screens show it: which one, where it comes from, what is still to check.
import type { Edition } from '../rules/editions';
import type { RuleKind } from '../rules/library';

export function editionView(e: Edition<RuleKind>) {
  const data = e.data as { source: string; check: string | null };
  return { id: e.id, key: e.key, edition: e.edition, origin: e.origin, source: data.source, check: data.check };
}

/** The same for what a project uses now (shipped and not stored yet: no id). */
export function currentEditionView(key: string, c: { data: { source: string; check: string | null }; edition: number; origin: 'shipped' | 'corrected'; stored: { id: string } | null }) {
  return { id: c.stored?.id ?? null, key, edition: c.edition, origin: c.origin, source: c.data.source, check: c.data.check };
}
