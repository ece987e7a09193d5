// Refusals that only the use-case layer raises: what the operator has not
// chosen yet. Each says what to do.
import { InvalidHostField } from '../remote/validate';

export { NoSiteError } from '../db/db-errors';

export class NoCacheChosenError extends Error {
  override readonly name = 'NoCacheChosenError';
  constructor() {
    super('no offline cache chosen yet: choose its folder (normally <medium>/airlock) on the Offline cache screen, or give --cache DIR or AIRLOCK_CACHE on the command line');
  }
}

/** Input the operator typed that no verb can take (a malformed name, tag or address): a usage error, not a refusal of the site. */
export function isBadInput(err: unknown): boolean {
  return err instanceof InvalidHostField || err instanceof BadInputError;
}

/** A value the operator typed that no verb can take; the faces show it as a usage error (exit 2, HTTP 400). */
export class BadInputError extends Error {
  override readonly name = 'BadInputError';
}
