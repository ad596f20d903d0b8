// Finding a person among every contract of the central store (人员查询): by name fragment, ID
// number fragment or pinyin initials, over hundreds of thousands of people. A LIKE over the whole
// persons table reads every row; an FTS5 index over terms made here reads only the matches.
//
// Each person has one row in person_search_terms (kept by the applier as rows arrive), and the FTS5
// table person_search indexes it (external content, kept in step by triggers; migration 0006):
// - nm: every character of the name, then every pair of neighbouring characters in order, so that
//   a fragment of one or two characters is one term and a longer one the phrase of its pairs;
// - idn: every three neighbouring characters of the 身份证号 in order, so that a fragment of three
//   or more digits is the phrase of its triples;
// - py: the pinyin initials and the full pinyin, matched by prefix.
// A phrase matches only terms side by side, in order: exactly where the fragment is a part of the
// name or number, so the index alone answers (count included) and no row has to be read to check.
import type { Database } from 'better-sqlite3';
import type { Services } from '../context';

export interface SearchablePerson {
  id: string;
  name: string;
  idNumber: string;
  pinyinInitials: string;
  pinyinFull: string;
}

const WORD = /^[\p{L}\p{N}]+$/u;

/** Runs of letters and digits: FTS5's unicode61 tokenizer keeps exactly these together. */
function words(text: string): string[][] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).map((w) => [...w]);
}

function grams(chars: string[], n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
  return out;
}

/** The terms of a person, in order: a phrase query relies on the order (no term is dropped as a repeat). */
export function searchTerms(p: SearchablePerson): { nm: string; idn: string; py: string } {
  const nm = words(p.name).flatMap((w) => [...w, ...grams(w, 2)]);
  const idn = grams([...p.idNumber.toLowerCase()], 3);
  return { nm: nm.join(' '), idn: idn.join(' '), py: [p.pinyinInitials, p.pinyinFull].filter(Boolean).join(' ').toLowerCase() };
}

/** An FTS5 string: the terms in it are a phrase. */
const phrase = (terms: string[]) => `"${terms.join(' ').replace(/"/g, '""')}"`;

export type PersonSearchPlan =
  /** Answered by the index alone. */
  | { kind: 'index'; match: string }
  /** Too short or unusual for the index (an ID fragment of one or two digits, a name with a dot). */
  | { kind: 'scan' };

/** How a search text is answered; the same reading of the text as the site's lists (personSearch). */
export function planPersonSearch(search: string): PersonSearchPlan {
  if (/^\d{1,17}[\dXx]?$/.test(search)) {
    if (search.length < 3) return { kind: 'scan' };
    return { kind: 'index', match: `idn : ${phrase(grams([...search.toLowerCase()], 3))}` };
  }
  if (/^[A-Za-z]+$/.test(search)) return { kind: 'index', match: `py : ${phrase([search.toLowerCase()])}*` };
  if (!WORD.test(search)) return { kind: 'scan' };
  const chars = [...search.toLowerCase()];
  return { kind: 'index', match: `nm : ${phrase(chars.length <= 2 ? [chars.join('')] : grams(chars, 2))}` };
}

/**
 * The plain LIKE a fragment the index cannot answer is read with (alias p for persons): the same
 * reading of the text as the site's lists (pre-registration.ts personSearch).
 */
export function scanCondition(search: string): { sql: string; params: string[] } {
  const escaped = search.replace(/[\\%_]/g, (c) => `\\${c}`);
  if (/^\d{1,17}[\dXx]?$/.test(search)) return { sql: "p.id_number like ? escape '\\'", params: [`%${escaped.toUpperCase()}%`] };
  if (/^[A-Za-z]+$/.test(search)) {
    const prefix = `${escaped.toLowerCase()}%`;
    return { sql: "(p.pinyin_initials like ? escape '\\' or p.pinyin_full like ? escape '\\')", params: [prefix, prefix] };
  }
  return { sql: "p.name like ? escape '\\'", params: [`%${escaped}%`] };
}

/** Keeps a person's terms; run in the transaction that wrote the person. */
export class PersonSearchIndex {
  private readonly upsert;
  private readonly remove;
  private readonly read;

  constructor(sqlite: Database) {
    this.upsert = sqlite.prepare(`insert into person_search_terms (person_id, nm, idn, py) values (?, ?, ?, ?)
      on conflict (person_id) do update set nm = excluded.nm, idn = excluded.idn, py = excluded.py
      where nm is not excluded.nm or idn is not excluded.idn or py is not excluded.py`);
    this.remove = sqlite.prepare('delete from person_search_terms where person_id = ?');
    this.read = sqlite.prepare('select id, name, id_number as idNumber, pinyin_initials as pinyinInitials, pinyin_full as pinyinFull from persons where id = ?');
  }

  /** Indexes the person as stored now (or drops the terms of one no longer there). */
  refresh(personId: string): void {
    const p = this.read.get(personId) as SearchablePerson | undefined;
    if (!p) {
      this.remove.run(personId);
      return;
    }
    const t = searchTerms(p);
    this.upsert.run(p.id, t.nm, t.idn, t.py);
  }
}

/**
 * Indexes the persons that have no terms yet: those a store held before the index existed. Cheap
 * when there are none (two counts), so it runs whenever a central store opens.
 */
export function catchUpPersonSearch(s: Services): number {
  const persons = s.sqlite.prepare('select count(*) from persons').pluck().get() as number;
  const indexed = s.sqlite.prepare('select count(*) from person_search_terms').pluck().get() as number;
  if (persons === indexed) return 0;
  const index = new PersonSearchIndex(s.sqlite);
  const missing = s.sqlite.prepare('select id from persons p where not exists (select 1 from person_search_terms t where t.person_id = p.id)').pluck();
  const orphans = s.sqlite.prepare('select person_id from person_search_terms t where not exists (select 1 from persons p where p.id = t.person_id)').pluck();
  return s.sqlite.transaction(() => {
    const ids = [...(missing.all() as string[]), ...(orphans.all() as string[])];
    for (const id of ids) index.refresh(id);
    return ids.length;
  })();
}

// ---- the same search on PostgreSQL (central-pg): one text[] of terms per person, a GIN index ----
// Terms carry their kind: n: a name's characters and neighbouring pairs, i: every three neighbouring
// characters of the 身份证号, p: every prefix of the pinyin initials and of the full pinyin. A query
// asks `terms @> array[…]` (the index answers) and, where the terms alone could match more than the
// fragment (pairs or triples not side by side), a LIKE on the rows the index found.

/** A person's search terms on PostgreSQL. */
export function pgSearchTerms(p: Omit<SearchablePerson, 'id'>): string[] {
  const out = new Set<string>();
  for (const w of words(p.name)) for (const t of [...w, ...grams(w, 2)]) out.add(`n:${t}`);
  for (const t of grams([...p.idNumber.toLowerCase()], 3)) out.add(`i:${t}`);
  for (const py of [p.pinyinInitials, p.pinyinFull]) {
    const lower = py.toLowerCase();
    for (let i = 1; i <= lower.length; i++) out.add(`p:${lower.slice(0, i)}`);
  }
  return [...out];
}

/** How a search text is asked of the PostgreSQL index: its terms, and the LIKE that makes a longer fragment exact; null: read by scanCondition. */
export function pgSearchPlan(search: string): { terms: string[]; exact: { sql: string; params: string[] } | null } | null {
  const plan = planPersonSearch(search);
  if (plan.kind === 'scan') return null;
  const like = scanCondition(search);
  const exact = { sql: like.sql.replace(/ escape '\\'/g, ''), params: like.params };
  if (/^\d{1,17}[\dXx]?$/.test(search)) {
    const triples = grams([...search.toLowerCase()], 3);
    return { terms: triples.map((t) => `i:${t}`), exact: triples.length > 1 ? exact : null };
  }
  if (/^[A-Za-z]+$/.test(search)) return { terms: [`p:${search.toLowerCase()}`], exact: null };
  const chars = [...search.toLowerCase()];
  return chars.length <= 2 ? { terms: [`n:${chars.join('')}`], exact: null } : { terms: grams(chars, 2).map((t) => `n:${t}`), exact };
}
