// Row ids unique across all sites without coordination: UUIDv7 (time-ordered, so B-tree inserts
// stay at the right edge).
import { v7 } from 'uuid';

export function newId(): string {
  return v7();
}
