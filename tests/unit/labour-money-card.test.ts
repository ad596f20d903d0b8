// Money in 分 and 工资卡 numbers (electron/common/money.ts, bank-card.ts).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fenToYuanText, formatFen, parseYuan, MAX_FEN } from '../../electron/common/money';
import { cardNumberError, maskCardNumber, normalizeCardNumber, passesLuhn } from '../../electron/common/bank-card';
import { checkCodeTable, checkCodeTables } from '../../electron/services/labour/code-tables';
import { workTypeTable } from '../../electron/common/code-tables';

describe('money', () => {
  it('parses yuan as typed into integer 分, never through a float', () => {
    expect(parseYuan('350')).toBe(35000);
    expect(parseYuan('350.5')).toBe(35050);
    expect(parseYuan('0.07')).toBe(7);
    expect(parseYuan('¥1,200.50')).toBe(120050);
    for (const bad of ['', 'abc', '1.234', '-5', '1e3', '12 3']) expect(parseYuan(bad), bad).toBeNull();
    expect(parseYuan(String(MAX_FEN / 100 + 1))).toBeNull();
  });

  it('round-trips every amount', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_FEN }), (fen) => parseYuan(fenToYuanText(fen)) === fen));
  });

  it('formats with separators and two decimals', () => {
    expect(formatFen(120050)).toBe('¥1,200.50');
    expect(formatFen(7)).toBe('¥0.07');
    expect(formatFen(-35000)).toBe('-¥350.00');
  });
});

describe('工资卡 numbers', () => {
  it('Luhn: a real test number passes, a changed digit fails', () => {
    expect(passesLuhn('6222021234567890128')).toBe(true);
    expect(passesLuhn('6222021234567890127')).toBe(false);
    expect(passesLuhn('4111111111111111')).toBe(true);
  });

  it('digits only, 12 to 19; spaces and dashes are ignored', () => {
    expect(normalizeCardNumber('6222 0212 3456 7890 128')).toBe('6222021234567890128');
    expect(cardNumberError('62220212')).toContain('12至19位');
    expect(cardNumberError('6222a212345678901')).toContain('只能包含数字');
    expect(cardNumberError('6222021234567890128')).toBeNull();
  });

  it('masks all but the first and last four digits', () => {
    expect(maskCardNumber('6222021234567890128')).toBe('6222***********0128');
  });
});

describe('code tables', () => {
  it('the data files pass their check and name their source', () => {
    expect(() => checkCodeTables()).not.toThrow();
    expect(workTypeTable.source).toMatch(/全国建筑工人管理服务信息平台/);
  });

  it('a duplicate code or a missing source is caught', () => {
    expect(() => checkCodeTable({ ...workTypeTable, codes: [...workTypeTable.codes, { code: '010', name: '重复' }] })).toThrow(/重复/);
    expect(() => checkCodeTable({ ...workTypeTable, source: '' })).toThrow(/来源/);
  });
});
