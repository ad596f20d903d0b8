// Row ids: valid UUIDv7, distinct, and in the order they were made (B-tree inserts at the right edge).
import { describe, expect, it } from 'vitest';
import { validate, version } from 'uuid';
import { newId } from '../../electron/services/ids';

describe('newId', () => {
  it('gives distinct v7 ids that sort in the order they were made, also many in one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => validate(id) && version(id) === 7)).toBe(true);
    expect([...ids].sort()).toEqual(ids);
  });
});
