// Item 18 of issue 16: a name with a character of CJK Extension B that Noto Sans SC lacks prints in
// the fallback font (Noto Sans TC from @embedpdf/fonts-tc) and reads back from the PDF with
// pdftotext; a character no font has is never printed as a blank: the report is refused with the
// character named (the screen asks), or printed as □ when the user goes on.
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf, openTestApp, type TestApp } from '../support/app';
import { addEmployer, ORIGIN_SUZHOU, samplePeople } from '../support/prereg-helpers';
import { pdfBytes, pdfFonts, pdfText } from './reports-support';
import { drawable } from '../../electron/services/reports/glyphs';

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

// 𡈼 (U+2123C) and 𠂇 (U+20087): Extension B, in Noto Sans TC, not in Noto Sans SC.
const EXT_B_NAMES = ['林𡈼', '𠂇明'];
// 𪚥 (U+2A6A5): in neither font.
const NO_FONT = '王𪚥';

async function siteWith(names: string[]) {
  t = openTestApp();
  const token = await t.signedInManager();
  const employer = await addEmployer(t, token);
  const people = samplePeople(names.length);
  const ids = [];
  for (const [i, name] of names.entries()) {
    ids.push((await t.call('persons.create', { category: 'worker', idNumber: people[i]!.idNumber, name, origin: ORIGIN_SUZHOU, employerId: employer.id, phone: people[i]!.phone, useHealthCloud: false }, token)).id);
  }
  return { token, ids };
}

describe('rare characters in PDFs', () => {
  it('prints Extension B names with the fallback font; pdftotext reads them back', async () => {
    for (const ch of ['𡈼', '𠂇']) expect(drawable(ch.codePointAt(0)!)).toBe(true);
    const { token, ids } = await siteWith(EXT_B_NAMES);
    const roster = pdfBytes(await t!.call('reports.preRegistrationPdf', {}, token));
    const text = pdfText(roster);
    for (const name of EXT_B_NAMES) expect(text).toContain(name);
    const fonts = pdfFonts(roster).map((f) => f.name);
    expect(fonts.some((n) => /NotoSansHant/.test(n))).toBe(true);
    expect(fonts.some((n) => /NotoSansHans/.test(n))).toBe(true);
    // The one-person form, in its bold title row and its fields.
    const form = pdfText(pdfBytes(await t!.call('reports.healthFormPdf', { personId: ids[0]! }, token)));
    expect(form).toContain('林𡈼');
  }, 60000);

  it('refuses, naming the character, rather than print a blank where no font has it', async () => {
    const { token } = await siteWith([NO_FONT]);
    const refused = await errorOf(() => t!.call('reports.preRegistrationPdf', {}, token));
    expect(refused.code).toBe('VALIDATION');
    expect(refused.message).toContain('“𪚥”(U+2A6A5,见“王𪚥”)');
    expect(refused.issues).toEqual([{ path: 'missingGlyphs', message: '𪚥' }]);
    // The user went on: □ where the character is, visible on the paper, to write in by hand.
    const marked = pdfText(pdfBytes(await t!.call('reports.preRegistrationPdf', { missingGlyphs: 'mark' }, token)));
    expect(marked).toContain('王□');
  }, 60000);
});
