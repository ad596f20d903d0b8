// The code tables kept as data files beside this one (each names its source), as plain lookups
// for both sides. The main side checks them with zod at start (services/labour/code-tables.ts):
// the renderer's bundle stays without zod.
import workTypeFile from './work-types.json';
import bankFile from './banks.json';

export interface CodeTableFile {
  table: string;
  source: string;
  version: string;
  codes: { code: string; name: string }[];
}

export const workTypeTable: CodeTableFile = workTypeFile;
export const bankTable: CodeTableFile = bankFile;

export function lookup(table: CodeTableFile): Record<string, string> {
  return Object.fromEntries(table.codes.map((c) => [c.code, c.name]));
}
