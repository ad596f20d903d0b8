// The central side's rules for a site's bundle (electron/services/sync/apply-rules.ts), as plain
// values: progress over outbox generations, duplicates, gaps, segments, and registered contracts.
import { describe, expect, it } from 'vitest';
import {
  contractRefusal, decide, generationListProblem, generationOf, isCurrentHistory, progressOf, registeredContracts, statesAfter, type GenerationState,
} from '../../electron/services/sync/apply-rules';
import { lostRanges } from '../../electron/services/sync/returned';
import { referenceIsNew } from '../../electron/services/sync/reference';

const SITE = '01900000-0000-7000-8000-000000000001';
const G2 = '01900000-0000-7000-8000-000000000002';
const G3 = '01900000-0000-7000-8000-000000000003';

const known = (...states: GenerationState[]) => new Map(states.map((s) => [s.id, s]));

describe('progress over generations', () => {
  it('is the first generation\'s watermark while there is one generation', () => {
    expect(progressOf([{ id: SITE, firstSeq: 1 }], known({ id: SITE, firstSeq: 1, lastApplied: 40 }))).toBe(40);
    expect(progressOf([{ id: SITE, firstSeq: 1 }], new Map())).toBe(0);
  });

  it('after a restore: the old generation counts up to the branch, whatever more the central side holds of it', () => {
    // The backup held 1..80; the central side got 1..100 before the restore; the new generation starts at 81.
    const list = [{ id: SITE, firstSeq: 1 }, { id: G2, firstSeq: 81 }];
    expect(progressOf(list, known({ id: SITE, firstSeq: 1, lastApplied: 100 }))).toBe(80);
    expect(progressOf(list, known({ id: SITE, firstSeq: 1, lastApplied: 100 }, { id: G2, firstSeq: 81, lastApplied: 95 }))).toBe(95);
    // Had the central side only 1..50, the old generation still misses 51..80: progress stops there.
    expect(progressOf(list, known({ id: SITE, firstSeq: 1, lastApplied: 50 }, { id: G2, firstSeq: 81, lastApplied: 90 }))).toBe(50);
  });

  it('a restore of an even older backup: the lost generation in between counts for nothing', () => {
    // 1..80, then G2 from 81 (1..120 made), then a restore of a backup of 60: G3 from 61.
    const list = [{ id: SITE, firstSeq: 1 }, { id: G3, firstSeq: 61 }];
    const state = known({ id: SITE, firstSeq: 1, lastApplied: 80 }, { id: G2, firstSeq: 81, lastApplied: 120 });
    expect(progressOf(list, state)).toBe(60);
    expect(decide(list, state, 61, 70)).toEqual({ kind: 'apply', progress: 60, segments: [{ generation: G3, firstSeq: 61, from: 61, to: 70 }] });
    expect(isCurrentHistory(list, state)).toBe(true);
    expect(isCurrentHistory([{ id: SITE, firstSeq: 1 }, { id: G2, firstSeq: 81 }], known({ id: G3, firstSeq: 61, lastApplied: 70 }))).toBe(false);
  });

  it('two restores with nothing recorded in between: the empty generation is passed over', () => {
    const list = [{ id: SITE, firstSeq: 1 }, { id: G2, firstSeq: 81 }, { id: G3, firstSeq: 81 }];
    const state = known({ id: SITE, firstSeq: 1, lastApplied: 80 }, { id: G2, firstSeq: 81, lastApplied: 90 });
    expect(progressOf(list, state)).toBe(80);
    expect(generationOf(list, 81).id).toBe(G3);
    expect(generationOf(list, 80).id).toBe(SITE);
  });
});

describe('duplicates, gaps and segments', () => {
  const list = [{ id: SITE, firstSeq: 1 }, { id: G2, firstSeq: 81 }];
  const state = known({ id: SITE, firstSeq: 1, lastApplied: 60 });

  it('a bundle wholly held is a duplicate; one beyond progress plus one is a gap naming progress', () => {
    expect(decide(list, state, 1, 60)).toEqual({ kind: 'duplicate', progress: 60 });
    expect(decide(list, state, 62, 90)).toEqual({ kind: 'gap', progress: 60 });
  });

  it('an overlapping bundle that spans the restore applies each generation its own part', () => {
    const d = decide(list, state, 41, 95);
    expect(d).toEqual({
      kind: 'apply', progress: 60,
      segments: [{ generation: SITE, firstSeq: 1, from: 61, to: 80 }, { generation: G2, firstSeq: 81, from: 81, to: 95 }],
    });
    if (d.kind !== 'apply') throw new Error('unreachable');
    expect(statesAfter(d.segments)).toEqual([{ id: SITE, firstSeq: 1, lastApplied: 80 }, { id: G2, firstSeq: 81, lastApplied: 95 }]);
  });

  it('refuses a generation list that does not start with the installation, repeats one, goes back, or moves a known start', () => {
    expect(generationListProblem(SITE, list, state)).toBeNull();
    expect(generationListProblem(SITE, [{ id: G2, firstSeq: 1 }], state)).toContain('第一代');
    expect(generationListProblem(SITE, [{ id: SITE, firstSeq: 1 }, { id: G2, firstSeq: 81 }, { id: G2, firstSeq: 90 }], state)).toContain('两次');
    expect(generationListProblem(SITE, [{ id: SITE, firstSeq: 1 }, { id: G2, firstSeq: 81 }, { id: G3, firstSeq: 70 }], state)).toContain('减小');
    expect(generationListProblem(SITE, list, known({ id: G2, firstSeq: 70, lastApplied: 75 }))).toContain('起始序号');
  });
});

describe('registered contracts', () => {
  it('lets a site write only the contracts of its registration file', () => {
    const registered = registeredContracts({ projects: [{ contractNo: 'W2019010100011' }] });
    expect(contractRefusal(registered, 'W2019010100011')).toBeNull();
    expect(contractRefusal(registered, 'W2017050130174')).toContain('未登记的合同 W2017050130174');
    expect(contractRefusal(registered, undefined)).not.toBeNull();
  });
});

describe('what a site lost, and whether a reference bundle is newer', () => {
  it('names the part of each generation the present history left behind, and generations it left out', () => {
    // 1..80 then G2 from 81 (the central side held 1..100), later G3 from 61 (a backup of 60, G2 held to 120).
    const present = [{ id: SITE, firstSeq: 1 }, { id: G3, firstSeq: 61 }];
    const held = [{ id: SITE, firstSeq: 1, lastApplied: 100 }, { id: G2, firstSeq: 81, lastApplied: 120 }, { id: G3, firstSeq: 61, lastApplied: 70 }];
    expect(lostRanges(present, held)).toEqual([{ generation: SITE, from: 61, to: 100 }, { generation: G2, from: 81, to: 120 }]);
    expect(lostRanges([{ id: SITE, firstSeq: 1 }], [{ id: SITE, firstSeq: 1, lastApplied: 100 }])).toEqual([]);
  });

  it('takes a publication of a newer central generation whatever its number, and none of an older history', () => {
    const c1 = { id: SITE };
    const c2 = { id: G2 };
    expect(referenceIsNew([c1], { generation: SITE, seq: 4 }, 5)).toBe(true);
    expect(referenceIsNew([c1], { generation: SITE, seq: 4 }, 4)).toBe(false);
    expect(referenceIsNew([c1, c2], { generation: SITE, seq: 7 }, 2)).toBe(true);
    expect(referenceIsNew([c1], { generation: G2, seq: 2 }, 9)).toBe(false);
  });
});
