// Which characters the PDF fonts can draw. Noto Sans SC (the main font) lacks most of CJK Extension
// B and later, which real names use (𠮷, 𡈼 …): those are drawn with Noto Sans TC (@embedpdf/fonts-tc,
// whose Source Han glyphs include the HKSCS ideographs of Extension B). A character neither has
// would print as a blank: the report is refused with the characters named, so the screen says so
// before anything is printed, or, when the user goes on, each prints as □, visibly.
import { createRequire } from 'node:module';
import { fontBytes, type FontWeight } from './font';

interface GlyphFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

const fonts = new Map<string, GlyphFont>();

function fontOf(weight: FontWeight | 'fallback'): GlyphFont {
  let font = fonts.get(weight);
  if (!font) {
    // fontkit is pdfkit's own font reader: the same tables pdfkit embeds from.
    const fontkit = createRequire(__filename)('fontkit') as { create(bytes: Buffer): GlyphFont };
    font = fontkit.create(fontBytes(weight));
    fonts.set(weight, font);
  }
  return font;
}

/** Characters that are not text to draw (line breaks, spaces, joiners). */
function invisible(cp: number): boolean {
  return cp < 0x20 || cp === 0x200b || cp === 0x200c || cp === 0x200d || cp === 0xfeff;
}

export type Run = { text: string; fallback: boolean };

/** The text cut where the main font lacks a character the fallback has. */
export function fontRuns(text: string): Run[] {
  const main = fontOf('regular');
  const runs: Run[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const fallback = !invisible(cp) && !main.hasGlyphForCodePoint(cp) && fontOf('fallback').hasGlyphForCodePoint(cp);
    const last = runs[runs.length - 1];
    if (last && last.fallback === fallback) last.text += ch;
    else runs.push({ text: ch, fallback });
  }
  return runs;
}

export function drawable(cp: number): boolean {
  return invisible(cp) || fontOf('regular').hasGlyphForCodePoint(cp) || fontOf('fallback').hasGlyphForCodePoint(cp);
}

/** Every string inside a value (a recorded layout is plain data). */
function* stringsOf(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const v of value) yield* stringsOf(v);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) yield* stringsOf(v);
}

/** The characters no font has, each with a word it stands in (a name, to find it on the screen). */
export function missingGlyphs(value: unknown): { char: string; codePoint: string; in: string }[] {
  const found = new Map<string, { char: string; codePoint: string; in: string }>();
  for (const s of stringsOf(value)) {
    for (const ch of s) {
      if (found.has(ch) || drawable(ch.codePointAt(0)!)) continue;
      const around = s.length > 20 ? s.slice(Math.max(0, s.indexOf(ch) - 6), s.indexOf(ch) + 8) : s;
      found.set(ch, { char: ch, codePoint: `U+${ch.codePointAt(0)!.toString(16).toUpperCase()}`, in: around });
    }
  }
  return [...found.values()];
}

export const MISSING_MARK = '□';

/** The same value with each character no font has replaced by □. */
export function markMissing<T>(value: T): T {
  if (typeof value === 'string') return [...value].map((ch) => (drawable(ch.codePointAt(0)!) ? ch : MISSING_MARK)).join('') as T;
  if (Array.isArray(value)) return value.map(markMissing) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, markMissing(v)])) as T;
  return value;
}
