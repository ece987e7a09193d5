// The one shape of an expected "no": a refusal the operator can act on (bad
// input, a rule, a busy host or cache, a medium that failed), as opposed to a
// bug. Every such error of the engine extends Refusal; the faces map it in one
// place each: the CLI to exit 1 without a stack, the console and the app to
// { code, message, details } with a 4xx (or 503 for a medium), and anything
// else to a generic 500 whose details stay in the log. No zod here (see
// invalid-input.ts): the command line loads this module to print its help.
import type { ApiErrorBody, ApiErrorCode } from '../../shared/api-error';
import { INTERNAL_MESSAGE } from '../../shared/api-error';

export type RefusalCode = Exclude<ApiErrorCode, 'internal'>;

export class Refusal extends Error {
  override readonly name: string = 'Refusal';
  /** Subclasses override it: 'busy' for a held lock, 'medium' for a failing disk, … */
  readonly code: RefusalCode = 'refused';
  readonly details?: unknown;

  constructor(message: string, options?: { readonly details?: unknown; readonly cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.details = options?.details;
  }
}

/**
 * What a face sends back for an error: a refusal's own words, or generic words
 * for anything else (the caller logs that one with its stack).
 */
export function apiErrorOf(err: unknown): ApiErrorBody {
  if (err instanceof Refusal)
    return { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) };
  return { code: 'internal', message: INTERNAL_MESSAGE };
}
