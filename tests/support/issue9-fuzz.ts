// Test support for tests/http/fuzz.test.ts: hostile bodies for every command of the contract,
// built from each command's own zod schema — its real keys with values of a type the key never
// accepts, valid inputs with one field broken, prototype-pollution keys, huge strings, deep
// nesting, numbers JSON cannot round-trip — and the server's own view of a body (what input the
// dispatcher receives), so the test knows which answer to expect.
import fc from 'fast-check';
import type { z } from 'zod';
import { wrongCheckId } from './fixtures';

export type JsonKind = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array' | 'absent';
const ALL_KINDS: JsonKind[] = ['string', 'number', 'boolean', 'null', 'object', 'array', 'absent'];

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  values?: unknown[];
  element?: z.ZodType;
}

export function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** The JSON kinds a schema can accept at all ('absent': the key may be left out). */
export function acceptedKinds(schema: z.ZodType): Set<JsonKind> {
  const def = defOf(schema);
  switch (def.type) {
    case 'string': case 'enum': case 'template_literal': return new Set(['string']);
    case 'number': case 'int': return new Set(['number']);
    case 'boolean': return new Set(['boolean']);
    case 'null': return new Set(['null']);
    case 'object': case 'record': return new Set(['object']);
    case 'array': case 'tuple': return new Set(['array']);
    case 'literal': return new Set((def.values ?? []).map((v) => (v === null ? 'null' : typeof v) as JsonKind));
    case 'optional': case 'default': case 'prefault': return new Set([...acceptedKinds(def.innerType!), 'absent']);
    case 'nullable': return new Set([...acceptedKinds(def.innerType!), 'null']);
    case 'readonly': case 'nonoptional': case 'catch': return acceptedKinds(def.innerType!);
    case 'pipe': return acceptedKinds(def.in!);
    case 'union': return new Set(def.options!.flatMap((o) => [...acceptedKinds(o)]));
    default: return new Set(ALL_KINDS); // any, unknown, custom, lazy: assume everything
  }
}

/** The keys of an object schema (empty for anything else). */
export function shapeOf(schema: z.ZodType): Record<string, z.ZodType> {
  const def = defOf(schema);
  return def.type === 'object' ? def.shape ?? {} : {};
}

/** A marker for "leave this key out". */
export const ABSENT = Symbol('absent');

const anyJson = fc.jsonValue({ maxDepth: 2 });

/** A JSON value of a kind the schema never accepts (or ABSENT when the key is required). */
export function wrongValue(schema: z.ZodType): fc.Arbitrary<unknown> | null {
  const ok = acceptedKinds(schema);
  const choices: fc.Arbitrary<unknown>[] = [];
  if (!ok.has('string')) choices.push(fc.string(), fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e309', '__proto__', 'true', 'null', '0x10'));
  if (!ok.has('number')) choices.push(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-0, 1e308, 2 ** 53 + 1, Number.MIN_VALUE));
  if (!ok.has('boolean')) choices.push(fc.boolean());
  if (!ok.has('null')) choices.push(fc.constant(null));
  if (!ok.has('object')) choices.push(fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 }), fc.constant({ __proto__: null, constructor: { prototype: { polluted: 'yes' } } }));
  if (!ok.has('array')) choices.push(fc.array(anyJson, { maxLength: 3 }));
  if (!ok.has('absent')) choices.push(fc.constant(ABSENT));
  return choices.length > 0 ? fc.oneof(...choices) : null;
}

/** A marker for raw JSON text to splice into the body in place of a value. */
export class Raw {
  constructor(readonly text: string) {}
}

export const HUGE = 'x'.repeat(300 * 1024);

/** Values that JSON.stringify cannot write: numbers beyond double range, deep nesting. */
export const rawValues = fc.constantFrom(
  new Raw('1e309'), new Raw('-1e309'), new Raw('1e-400'), new Raw('-0'), new Raw('123456789012345678901234567890'),
  new Raw(`${'['.repeat(20000)}${']'.repeat(20000)}`),
  new Raw(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`),
);

/**
 * Values of a kind the schema does accept, at the edges: nasty strings (that may well pass),
 * numbers at the limits, empty and duplicated arrays. These get past the schema often enough to
 * reach the services with input no form would send.
 */
export function edgeValue(schema: z.ZodType, current: unknown): fc.Arbitrary<unknown> | null {
  const ok = acceptedKinds(schema);
  const choices: fc.Arbitrary<unknown>[] = [];
  if (ok.has('string')) {
    choices.push(hostileStrings, fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 30 }));
    if (typeof current === 'string') choices.push(fc.constantFrom(` ${current} `, current.toUpperCase(), current.toLowerCase(), `${current}\u0000`, current.slice(0, -1), `${current}${current}`));
  }
  if (ok.has('number')) {
    choices.push(fc.constantFrom(-0, 0, -1, 0.1, 34, 36.05, 37.3, 42.99, 43, 43.0000001, 60, 61, 100000, 100001, 1e21, 2 ** 53, -(2 ** 31), 1e-300, Number.MAX_SAFE_INTEGER));
    choices.push(fc.double({ noNaN: true, noDefaultInfinity: true }));
  }
  if (ok.has('boolean')) choices.push(fc.boolean());
  if (ok.has('null')) choices.push(fc.constant(null));
  if (ok.has('absent')) choices.push(fc.constant(ABSENT));
  if (ok.has('array')) {
    choices.push(fc.constant([]));
    if (Array.isArray(current) && current.length > 0) choices.push(fc.constant([...current, ...current]), fc.constant(Array.from({ length: 500 }, () => current[0])));
  }
  if (ok.has('object')) choices.push(fc.constant({}), fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean()), { maxKeys: 4 }));
  return choices.length > 0 ? fc.oneof(...choices) : null;
}

/** Strings that are wrong for most fields and nasty for all of them. */
export const hostileStrings = fc.constantFrom(
  '', ' ', '\u0000', '\t\n', '../../../etc/passwd', '..\\..\\windows\\win.ini', "' OR 1=1 --", '"; drop table persons; --',
  '<script>alert(1)</script>', '𠮷'.repeat(60), '\u202e\u202d', '\ud800', 'NaN', 'Infinity', '-Infinity', '1e309',
  '__proto__', 'constructor', 'prototype', 'toString', HUGE, '0'.repeat(64), '%00', '\\u0000',
);

/** ID numbers that must all be refused: wrong check characters, impossible dates, odd shapes. */
export const badIdNumbers = fc.oneof(
  fc.constantFrom(
    wrongCheckId('11010519491231002').idNumber, wrongCheckId('34122119900101001').idNumber, wrongCheckId('32058319800101011').idNumber,
    '11010519491331002X', '110105194902300021', '000000000000000000', '99010519491231002X', '11010519491231002x ', '１１０１０５１９４９１２３１００２Ｘ',
    '11010519491231002', '1101051949123100212', '11010549123100', 'X10105194912310021', '11010519491231002Y', '',
  ),
  // 17 random digits and a check character that is not the right one.
  fc.stringMatching(/^[1-6][0-9]{16}$/).map((first17) => wrongCheckId(first17).idNumber),
);

/** Prototype-pollution keys, spliced as raw text so they arrive as own keys. */
export const pollutionText = fc.constantFrom(
  '"__proto__":{"polluted":"yes"}',
  '"constructor":{"prototype":{"polluted":"yes"}}',
  '"__proto__":{"isAdmin":true,"role":"manager"}',
  '"prototype":{"polluted":"yes"}',
);

/** JSON text of a value, with Raw markers spliced in and extra raw members added to the top object. */
export function toText(value: unknown, extraMembers: string[] = []): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Raw) {
      raws.push(v.text);
      return `@@RAW${raws.length - 1}@@`;
    }
    return v;
  });
  if (text === undefined) return '';
  let out = text.replace(/"@@RAW(\d+)@@"/g, (_m, i: string) => raws[Number(i)]!);
  if (extraMembers.length > 0 && out.startsWith('{')) out = `{${extraMembers.join(',')}${out === '{}' ? '' : ','}${out.slice(1)}`;
  return out;
}

export type Path = (string | number)[];

/** Every path to a key of an object schema, one level into nested objects. */
export function pathsOf(schema: z.ZodType): Path[] {
  const out: Path[] = [];
  for (const [key, child] of Object.entries(shapeOf(schema))) {
    out.push([key]);
    let inner = child;
    while (['optional', 'default', 'nullable'].includes(defOf(inner).type)) inner = defOf(inner).innerType!;
    for (const sub of Object.keys(shapeOf(inner))) out.push([key, sub]);
  }
  return out;
}

function schemaAt(schema: z.ZodType, path: Path): z.ZodType {
  let s = schema;
  for (const key of path) {
    while (['optional', 'default', 'nullable'].includes(defOf(s).type)) s = defOf(s).innerType!;
    s = shapeOf(s)[key as string]!;
  }
  return s;
}

function valueAt(base: unknown, path: Path): unknown {
  let node = base;
  for (const key of path) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key as string] : undefined;
  return node;
}

/** A deep copy of `base` with the value at `path` replaced (ABSENT deletes it). */
export function withValue(base: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key as string] !== 'object' || node[key as string] === null) node[key as string] = {};
    node = node[key as string] as Record<string, unknown>;
  }
  const last = path[path.length - 1] as string;
  if (value === ABSENT) delete node[last];
  else node[last] = value;
  return copy;
}

/** One hostile body for a command: its JSON text (possibly not JSON at all) and how it was made. */
export interface Body {
  text: string;
  how: string;
}

/** Bodies for one command: random values, its real keys with wrong types, its valid input with one field broken. */
export function bodiesFor(schema: z.ZodType, base: unknown | undefined): fc.Arbitrary<Body> {
  const keys = Object.keys(shapeOf(schema));
  const arbs: fc.Arbitrary<Body>[] = [
    fc.anything({ maxDepth: 3 }).map((v) => ({ text: toText(v), how: 'anything' })),
    fc.jsonValue({ maxDepth: 3 }).map((v) => ({ text: toText(v), how: 'jsonValue' })),
    pollutionText.map((member) => ({ text: toText({}, [member]), how: 'pollution on {}' })),
  ];
  if (keys.length > 0) {
    // The real keys, every one with a random JSON value, and one of them certainly of a wrong kind.
    const wrongs = keys.map((k) => [k, wrongValue(shapeOf(schema)[k]!)] as const).filter(([, a]) => a !== null) as [string, fc.Arbitrary<unknown>][];
    arbs.push(fc.record(Object.fromEntries(keys.map((k) => [k, fc.jsonValue({ maxDepth: 2 })]))).map((v) => ({ text: toText(v), how: 'real keys, random values' })));
    if (wrongs.length > 0) {
      arbs.push(fc.tuple(fc.record(Object.fromEntries(keys.map((k) => [k, fc.jsonValue({ maxDepth: 2 })]))), fc.constantFrom(...wrongs).chain(([k, a]) => a.map((v) => [k, v] as const)))
        .map(([v, [k, w]]) => ({ text: toText(withValue(v, [k], w)), how: `real keys, ${k} of a wrong kind` })));
    }
  }
  if (base !== undefined) {
    const paths = pathsOf(schema);
    const broken = fc.constantFrom(...paths).chain((path) => {
      const target = schemaAt(schema, path);
      const wrong = wrongValue(target);
      const values: fc.Arbitrary<unknown>[] = [hostileStrings, rawValues, fc.constantFrom('NaN', 'Infinity', '-Infinity')];
      if (wrong) values.push(wrong, wrong);
      if (/idNumber/i.test(String(path[path.length - 1]))) values.push(badIdNumbers, badIdNumbers, badIdNumbers);
      return fc.oneof(...values).map((v) => ({ text: toText(withValue(base, path, v)), how: `valid input, ${path.join('.')} broken` }));
    });
    // One field at an edge of what it accepts: often still valid, so it reaches the service.
    // Never the base value itself: the untouched valid input of a write (say backups.restore) is
    // not hostile, and is not sent.
    const edged = fc.constantFrom(...paths).chain((path) => {
      const current = valueAt(base, path);
      const edge = edgeValue(schemaAt(schema, path), current);
      const same = (v: unknown) => v !== ABSENT && JSON.stringify(v) === JSON.stringify(current);
      // (A map, not a filter: a filter that can never pass would spin forever.)
      return (edge ?? hostileStrings).map((v) => (same(v) ? '\u0000' : v))
        .map((v) => ({ text: toText(withValue(base, path, v)), how: `valid input, ${path.join('.')} at an edge` }));
    });
    arbs.push(broken, broken, edged, edged, edged, edged);
    arbs.push(pollutionText.map((member) => ({ text: toText(base, [member]), how: 'valid input plus a pollution key' })));
    // A pollution key one level down, in the first nested object.
    const nested = paths.find((p) => p.length === 2);
    if (nested) {
      arbs.push(pollutionText.map((member) => {
        const text = toText(withValue(base, [nested[0]!, '@@NEST@@'], 1));
        return { text: text.replace('"@@NEST@@":1', member), how: `valid input, pollution key inside ${String(nested[0])}` };
      }));
    }
    arbs.push(fc.nat({ max: 200 }).map((cut) => {
      const full = toText(base);
      return { text: full.slice(0, Math.max(1, full.length - 1 - (cut % full.length))), how: 'valid input cut short' };
    }));
  }
  // Bodies that are not JSON at all, or JSON that JavaScript reads in odd ways.
  arbs.push(fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('latin1')),
    fc.constantFrom('{', '}', '{"a":}', "{'a':1}", '{"a":1,}', 'NaN', 'Infinity', '-Infinity', 'undefined', '\ufeff{}', '{"a":1}{"b":2}', 'null', 'true', '[]', '"{}"', '0', '  ', '\u0000'),
  ).map((text) => ({ text, how: 'raw text' })));
  return fc.oneof(...arbs);
}

/** What the server makes of a body: PAYLOAD_TOO_LARGE, BAD_REQUEST (not JSON), or the input the dispatcher gets. */
export type ServerView = { kind: 'tooLarge' } | { kind: 'notJson' } | { kind: 'input'; input: unknown };

export function serverView(text: string, limit: number): ServerView {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > limit) return { kind: 'tooLarge' };
  if (bytes.length === 0) return { kind: 'input', input: {} };
  try {
    return { kind: 'input', input: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch {
    return { kind: 'notJson' };
  }
}
