// Finding a person among every contract of the central store (人员查询): by name fragment, ID
// number fragment or pinyin initials, over hundreds of thousands of people. A LIKE over the whole
// persons table reads every row; an FTS5 index over terms made here reads only the matches.
//
// Each person has one row in person_search_terms (kept by the applier as rows arrive), and the FTS5
// table person_search indexes it (external content, kept in step by triggers; migration 0006):
// - nm: every character of the name and every pair of neighbouring characters, so that a fragment
//   of one or two characters is one term and a longer one is the pairs it is made of;
// - idn: every three neighbouring characters of the 身份证号, so that a fragment of three or more
//   digits is the triples it is made of;
// - py: the pinyin initials and the full pinyin, matched by prefix.
// A fragment made of several terms can match a row that has the terms apart; those rows are
// filtered out by the same LIKE the site's lists use, on the few rows the index returned.
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

export function searchTerms(p: SearchablePerson): { nm: string; idn: string; py: string } {
  const nm = new Set<string>();
  for (const w of words(p.name)) {
    for (const g of [...w, ...grams(w, 2)]) nm.add(g);
  }
  const idn = new Set(grams([...p.idNumber.toLowerCase()], 3));
  return { nm: [...nm].join(' '), idn: [...idn].join(' '), py: [p.pinyinInitials, p.pinyinFull].filter(Boolean).join(' ').toLowerCase() };
}

const quote = (term: string) => `"${term.replace(/"/g, '""')}"`;

export type PersonSearchPlan =
  /** Answered by the index; `verify` (a LIKE pattern on the column) when the terms can match apart. */
  | { kind: 'index'; match: string; verify: { column: 'name' | 'id_number'; pattern: string } | null }
  /** Too short or unusual for the index (an ID fragment of one or two digits, a name with a dot). */
  | { kind: 'scan' };

/** How a search text is answered; the same reading of the text as the site's lists (personSearch). */
export function planPersonSearch(search: string): PersonSearchPlan {
  const contains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  if (/^\d{1,17}[\dXx]?$/.test(search)) {
    if (search.length < 3) return { kind: 'scan' };
    const triples = [...new Set(grams([...search.toLowerCase()], 3))];
    return { kind: 'index', match: triples.map((t) => `idn : ${quote(t)}`).join(' AND '), verify: triples.length > 1 ? { column: 'id_number', pattern: contains(search.toUpperCase()) } : null };
  }
  if (/^[A-Za-z]+$/.test(search)) return { kind: 'index', match: `py : ${quote(search.toLowerCase())}*`, verify: null };
  if (!WORD.test(search)) return { kind: 'scan' };
  const chars = [...search.toLowerCase()];
  if (chars.length <= 2) return { kind: 'index', match: `nm : ${quote(chars.join(''))}`, verify: null };
  const pairs = [...new Set(grams(chars, 2))];
  return { kind: 'index', match: pairs.map((t) => `nm : ${quote(t)}`).join(' AND '), verify: { column: 'name', pattern: contains(search) } };
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
