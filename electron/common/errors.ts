// Typed errors shared by the services, both transports and the renderer. A service throws an
// ApiError; the transport sends `{ ok: false, error }`; the renderer shows `error.message`, which is
// always a sentence a site office user can act on, in Chinese.

export const errorCodes = [
  'VALIDATION', // the input does not fit the command's schema or a rule
  'UNAUTHENTICATED', // not signed in, or the session expired
  'FORBIDDEN', // signed in, but this role or project may not do it
  'NOT_FOUND',
  'CONFLICT', // a duplicate, or a state that forbids the change
  'LOCKED', // sign-in locked after too many wrong passwords
  'UNKNOWN_COMMAND',
  'PAYLOAD_TOO_LARGE',
  'BAD_REQUEST', // not JSON, wrong method, wrong content type
  'DATA_DIR_IN_USE',
  'STORAGE', // the disk is full or cannot be written
  'CORRUPT', // the database file failed its integrity check: restore a backup
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface FieldIssue {
  path: string;
  message: string;
}

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  issues?: FieldIssue[];
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly issues?: FieldIssue[];

  constructor(code: ErrorCode, message: string, issues?: FieldIssue[]) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.issues = issues;
  }

  toBody(): ApiErrorBody {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }

  static fromBody(body: ApiErrorBody): ApiError {
    return new ApiError(body.code, body.message, body.issues);
  }
}

/** What every transport answers: the value, or a typed error. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

export function isApiErrorBody(x: unknown): x is ApiErrorBody {
  return typeof x === 'object' && x !== null && typeof (x as ApiErrorBody).code === 'string'
    && (errorCodes as readonly string[]).includes((x as ApiErrorBody).code) && typeof (x as ApiErrorBody).message === 'string';
}
