// 人员查询 on the central store: people of every contract found by name fragment, ID number fragment
// or pinyin initials through the FTS5 index, with exactly the rows a plain scan finds; terms kept
// as rows arrive, and made for a store that held people before the index existed.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT } from '../support/app';
import { validId } from '../support/fixtures';
import { samplePerson, seededRandom } from '../../electron/cli/demo-people';
import { catchUpPersonSearch, planPersonSearch, searchTerms } from '../../electron/services/sync/person-search';
import {
  bundleDir, cleanupBundleDirs, enter, exportTo, importInto, openCentral, openSiteApp, preRegister, PROJECT_B, STATION_PUDONG, trustBoth,
  type Central, type SiteApp,
} from './sync-support';

describe('search terms and plans', () => {
  it('makes characters and pairs of the name, triples of the number, in order, and both pinyin forms', () => {
    expect(searchTerms({ id: 'x', name: '张三丰', idNumber: '32058319850312101X', pinyinInitials: 'zsf', pinyinFull: 'zhangsanfeng' })).toEqual({
      nm: '张 三 丰 张三 三丰',
      idn: '320 205 058 583 831 319 198 985 850 503 031 312 121 210 101 01x',
      py: 'zsf zhangsanfeng',
    });
    // A dot in a name separates words, as FTS5's tokenizer does: no pair across it. Repeats stay,
    // so that the pairs of a word are side by side for a phrase.
    expect(searchTerms({ id: 'x', name: '买买提·艾力', idNumber: '1', pinyinInitials: '', pinyinFull: '' }).nm).toBe('买 买 提 买买 买提 艾 力 艾力');
    expect(searchTerms({ id: 'x', name: '张', idNumber: '110000000000000000', pinyinInitials: 'z', pinyinFull: 'zhang' }).idn).toBe('110 100 000 000 000 000 000 000 000 000 000 000 000 000 000 000');
  });

  it('reads the text as the site lists do, and says when the index cannot answer', () => {
    expect(planPersonSearch('张')).toEqual({ kind: 'index', match: 'nm : "张"' });
    expect(planPersonSearch('三丰')).toEqual({ kind: 'index', match: 'nm : "三丰"' });
    expect(planPersonSearch('张三丰')).toEqual({ kind: 'index', match: 'nm : "张三 三丰"' });
    expect(planPersonSearch('ZSF')).toEqual({ kind: 'index', match: 'py : "zsf"*' });
    expect(planPersonSearch('0312')).toEqual({ kind: 'index', match: 'idn : "031 312"' });
    expect(planPersonSearch('01x')).toEqual({ kind: 'index', match: 'idn : "01x"' });
    expect(planPersonSearch('12')).toEqual({ kind: 'scan' });
    expect(planPersonSearch('买买提·艾力')).toEqual({ kind: 'scan' });
    // Quotes cannot break out of an FTS5 string.
    expect(planPersonSearch('a"b')).toEqual({ kind: 'scan' });
  });
});

describe('人员查询 over the central store', () => {
  let central: Central;
  let a: SiteApp;
  let b: SiteApp;
  const people: { name: string; idNumber: string; site: 'a' | 'b' }[] = [];

  beforeAll(async () => {
    central = await openCentral();
    a = await openSiteApp(PROJECT);
    b = await openSiteApp(PROJECT_B);
    trustBoth(a.t, central.t);
    trustBoth(b.t, central.t);
    const random = seededRandom(7);
    for (let i = 0; i < 120; i++) {
      const p = samplePerson(random, i);
      const site = i % 3 === 0 ? b : a;
      await preRegister(site, p.name, p.idNumber);
      people.push({ name: p.name, idNumber: p.idNumber, site: site === a ? 'a' : 'b' });
    }
    // Names and numbers whose pairs or triples are all there, but not side by side (a phrase must
    // not match them), and a name with a repeated pair.
    for (const [name, first17] of [['王建华建国', '51220119850123001'], ['王建国', '32058319851230011'], ['哈哈哈提', '32058319851111011']] as const) {
      const idNumber = validId(first17);
      const person = await preRegister(a, name, idNumber);
      people.push({ name, idNumber, site: 'a' });
      if (name === '王建国') await enter(a, person.id);
    }
    const dir = bundleDir();
    await exportTo(a.t, path.join(dir, 'a.sobundle'));
    await exportTo(b.t, path.join(dir, 'b.sobundle'));
    importInto(central.t, path.join(dir, 'a.sobundle'));
    importInto(central.t, path.join(dir, 'b.sobundle'));
  }, 120000);

  afterAll(() => {
    a.t.close();
    b.t.close();
    central.t.close();
    cleanupBundleDirs();
  });

  const search = (input: { search?: string; station?: string; page?: number; pageSize?: 10 | 20 | 50 | 100 }) =>
    central.t.call('supervision.persons', { pageSize: 100, ...input }, central.token);

  it('finds by name fragment, ID fragment and pinyin, never a row whose terms are only apart', async () => {
    const wang = await search({ search: '王建国' });
    expect(wang.rows.map((r) => [r.name, r.projectName, r.contractNo, r.supervisionStation, r.category, r.state])).toEqual([
      ['王建国', PROJECT.name, PROJECT.contractNo, PROJECT.supervisionStation, '作业人员', '可进场'],
    ]);
    expect(wang.rows[0]!.enteredOn).not.toBeNull();
    expect(wang.rows[0]!.idNumberMasked).toMatch(/^\d{3}\*+\d{2}[\dX]$/);
    expect((await search({ search: '5123' })).rows.map((r) => r.name)).toEqual(['王建国']);
    expect((await search({ search: '建华' })).rows.map((r) => r.name)).toEqual(['王建华建国']);
    expect((await search({ search: 'wjg' })).rows.map((r) => r.name)).toEqual(['王建国']);
    expect((await search({ search: 'WangJian' })).rows.map((r) => r.name).sort()).toEqual(['王建华建国', '王建国']);
    expect((await search({ search: '哈哈提' })).rows.map((r) => r.name)).toEqual(['哈哈哈提']);
    expect((await search({ search: '851111011' })).rows.map((r) => r.name)).toEqual(['哈哈哈提']);
  });

  it('returns exactly what a plain scan of every person returns, newest first, for many fragments', async () => {
    const fragments = new Set<string>();
    for (const p of people.slice(0, 40)) {
      const chars = [...p.name];
      fragments.add(chars[0]!);
      fragments.add(chars.slice(-2).join(''));
      fragments.add(p.name);
      fragments.add(p.idNumber.slice(-4));
      fragments.add(p.idNumber.slice(6, 14));
      fragments.add(p.idNumber.slice(0, 2));
    }
    const rows = central.t.app.services.sqlite.prepare('select id, name, id_number, pinyin_initials, pinyin_full from persons').all() as { id: string; name: string; id_number: string; pinyin_initials: string; pinyin_full: string }[];
    for (const r of rows.slice(0, 20)) fragments.add(r.pinyin_initials.slice(0, 2));
    expect(fragments.size).toBeGreaterThan(100);
    for (const text of fragments) {
      const expected = rows.filter((r) => (/^\d{1,17}[\dXx]?$/.test(text) ? r.id_number.includes(text.toUpperCase())
        : /^[A-Za-z]+$/.test(text) ? r.pinyin_initials.startsWith(text.toLowerCase()) || r.pinyin_full.startsWith(text.toLowerCase())
          : r.name.includes(text))).map((r) => r.id).sort();
      const found = await search({ search: text });
      expect({ text, total: found.total }).toEqual({ text, total: expected.length });
      if (expected.length <= 100) expect({ text, ids: found.rows.map((r) => r.personId).sort() }).toEqual({ text, ids: expected });
      else expect(found.rows).toHaveLength(100);
    }
  });

  it('filters by 监督站, pages newest first, and lists everyone without a search text', async () => {
    const all = await search({});
    expect(all.total).toBe(people.length);
    const pudong = await search({ station: STATION_PUDONG });
    expect(pudong.total).toBe(people.filter((p) => p.site === 'b').length);
    expect(pudong.rows.every((r) => r.supervisionStation === STATION_PUDONG)).toBe(true);
    const first = await search({ page: 1, pageSize: 10 });
    const second = await search({ page: 2, pageSize: 10 });
    expect(first.rows).toHaveLength(10);
    expect(new Set([...first.rows, ...second.rows].map((r) => r.personId)).size).toBe(20);
    // b's bundle arrived last: its people come first.
    expect(first.rows[0]!.contractNo).toBe(PROJECT_B.contractNo);
  });

  it('indexes the people a store held before the index existed, when it opens', async () => {
    const { sqlite } = central.t.app.services;
    const before = await search({ search: '王建国' });
    sqlite.prepare('delete from person_search_terms').run();
    expect((await search({ search: '王建国' })).total).toBe(0);
    expect(catchUpPersonSearch(central.t.app.services)).toBe(people.length);
    expect(await search({ search: '王建国' })).toEqual(before);
    expect(catchUpPersonSearch(central.t.app.services)).toBe(0);
  });

  it('refuses an over-long search text with a Chinese message', async () => {
    const outcome = await central.t.app.dispatch('supervision.persons', { search: '张'.repeat(41) }, central.token);
    expect(outcome.result.ok).toBe(false);
    if (!outcome.result.ok) expect(outcome.result.error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('查询内容过长') });
  });
});
