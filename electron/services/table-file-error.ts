// Why a file cannot be read as a table, in words the user can act on (tabular.ts). A module of its
// own so that the report worker's runner can rebuild one that crossed from the worker process.
export type TableFileErrorCode = 'NOT_A_TABLE' | 'EMPTY' | 'MISSING_COLUMNS' | 'TOO_MANY_ROWS' | 'ENCODING';

export class TableFileError extends Error {
  readonly code: TableFileErrorCode;

  constructor(code: TableFileErrorCode, message: string) {
    super(message);
    this.name = 'TableFileError';
    this.code = code;
  }
}

