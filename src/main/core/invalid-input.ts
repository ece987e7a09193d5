// Input that breaks a call's schema (zod), as the faces that validate calls
// (the app's IPC, the web console) answer it. Apart from refusal-error.ts so
// that a Refusal costs no zod: the command line's help must start quickly.
import { z } from 'zod';
import type { ApiErrorBody } from '../../shared/api-error';

/** Input that breaks a call's schema, in the same words for every face. */
export function invalidInput(what: string, err: z.ZodError): ApiErrorBody {
  return { code: 'bad-input', message: `invalid input for ${what}: ${z.prettifyError(err).replaceAll('\n', '; ')}` };
}
