// The shape every file import shares: read the table, check each row, report row by row, and
// import nothing unless asked to commit, then every valid row in one transaction.
import { ApiError } from '../common/errors';
import type { ImportReport } from '../common/contract';
import { readTable, TableFileError, type TableColumn, type TableRow } from './tabular';

export interface RowIssue {
  column: string;
  message: string;
}

export type RowCheck<T> = { ok: true; value: T } | { ok: false; issues: RowIssue[] };

export interface ImportSpec<T> {
  /** Checks one row against the rules and the rows already accepted from this file. */
  check(row: TableRow, accepted: T[]): RowCheck<T>;
  /** Writes all accepted rows; called inside one transaction. Returns how many were written. */
  write(rows: T[]): number;
  preview(value: T): Record<string, string>;
}

const MAX_REPORTED_ERRORS = 500;

/**
 * `makeSpec` is called once the file has been read, and checking and writing then run without a
 * pause: what it reads from the database (existing codes, say) cannot go stale before the write.
 */
export async function importTable<T>(
  input: { fileName: string; dataBase64: string; commit: boolean },
  columns: TableColumn[],
  makeSpec: () => ImportSpec<T>,
  transaction: (fn: () => number) => number,
  options: { whole?: boolean } = {},
): Promise<ImportReport> {
  let rows: TableRow[];
  try {
    ({ rows } = await readTable(input.fileName, Buffer.from(input.dataBase64, 'base64'), columns));
  } catch (e) {
    if (e instanceof TableFileError) throw new ApiError('VALIDATION', e.message);
    throw e;
  }
  const spec = makeSpec();
  const accepted: T[] = [];
  const errors: ImportReport['errors'] = [];
  for (const row of rows) {
    const checked = spec.check(row, accepted);
    if (checked.ok) accepted.push(checked.value);
    else for (const issue of checked.issues) if (errors.length < MAX_REPORTED_ERRORS) errors.push({ row: row.rowNumber, ...issue });
  }
  // `whole`: a file goes in whole or not at all (导入考勤); then `committed` says whether it went in.
  const writes = input.commit && accepted.length > 0 && !(options.whole && errors.length > 0);
  const imported = writes ? transaction(() => spec.write(accepted)) : 0;
  return {
    fileName: input.fileName,
    total: rows.length,
    valid: accepted.length,
    imported,
    committed: options.whole ? writes : input.commit,
    errors,
    preview: accepted.slice(0, 20).map(spec.preview),
  };
}
