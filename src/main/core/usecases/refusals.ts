// Refusals that only the use-case layer raises (what the operator has not
// chosen yet, or typed wrongly), and the one test of "bad input" that the
// faces map to a usage error (exit 2, HTTP 400). Each says what to do.
import { dataDiskProblem } from '../db/disk-full';
import { Refusal } from '../refusal-error';

export { HostNameTakenError, NoSiteError } from '../db/db-errors';
export { Refusal } from '../refusal-error';
export { BundleRefusal } from '../bundle/refusal';
export { dataDiskProblem } from '../db/disk-full';

export class NoCacheChosenError extends Refusal {
  override readonly name = 'NoCacheChosenError';
  // Something the operator has not given yet: a usage error on the command line (exit 2), 400 on the console.
  override readonly code = 'bad-input';
  constructor() {
    super(
      'no offline cache chosen yet: choose its folder (normally <medium>/airlock) on the Offline cache screen, or give --cache DIR or AIRLOCK_CACHE on the command line',
    );
  }
}

/** A value the operator typed that no verb can take. */
export class BadInputError extends Refusal {
  override readonly name = 'BadInputError';
  override readonly code = 'bad-input';
}

/** Input the operator typed that no verb can take (a malformed name, tag, address or time): a usage error, not a refusal of the site. */
export function isBadInput(err: unknown): boolean {
  return err instanceof Refusal && err.code === 'bad-input';
}

/** A failure as the operator should read it: a full data disk named as such (SQLite says only "disk I/O error"), else the error itself. */
export function explainFailure(err: unknown, dataDir: string): unknown {
  return dataDiskProblem(err, dataDir) ?? err;
}
