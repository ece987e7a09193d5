// How an error crosses from the engine to a face (HTTP or IPC): one plain
// shape, { code, message, details }, so the page can tell a busy host from bad
// input from a crash. Plain TypeScript (no zod) so the preload can carry it.

/**
 * What kind of "no" it is. Every code but 'internal' is an expected refusal
 * whose message is written for the operator; 'internal' is a crash, whose
 * message is generic (the details go to the log of the process that crashed).
 */
export type ApiErrorCode = 'bad-input' | 'refused' | 'busy' | 'no-site' | 'medium' | 'unreachable' | 'internal';

export interface ApiErrorBody {
  readonly code: ApiErrorCode;
  readonly message: string;
  readonly details?: unknown;
}

/** The HTTP status of each code: 4xx for what the operator can change, 5xx for what they cannot. */
export const HTTP_STATUS: Readonly<Record<ApiErrorCode, number>> = {
  'bad-input': 400,
  refused: 422,
  busy: 409,
  'no-site': 409,
  medium: 503,
  unreachable: 502,
  internal: 500,
};

export const INTERNAL_MESSAGE = 'Airlock failed unexpectedly; nothing more is shown here, the details are in its log';

/** A call's answer as it travels: its output, or the error. */
export type CallReply<T> = { readonly output: T } | { readonly error: ApiErrorBody };

/** The error a face throws for a call that was answered with one. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: ApiErrorCode;
  readonly details?: unknown;
  constructor(body: ApiErrorBody) {
    super(body.message);
    this.code = body.code;
    this.details = body.details;
  }
}

const CODES = new Set<string>(Object.keys(HTTP_STATUS));

/** Reads what a face received; anything not shaped like a reply is treated as a crash. */
export function unwrapReply<T>(reply: unknown): T {
  const r = reply as { output?: unknown; error?: Partial<ApiErrorBody> } | undefined;
  if (r && typeof r === 'object' && 'output' in r) return r.output as T;
  const e = r?.error;
  if (e && typeof e.message === 'string' && typeof e.code === 'string' && CODES.has(e.code)) throw new ApiError(e as ApiErrorBody);
  throw new ApiError({ code: 'internal', message: INTERNAL_MESSAGE });
}
