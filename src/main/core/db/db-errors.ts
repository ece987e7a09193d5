// Refusals raised by the site database, in words an operator understands. They
// are expected outcomes (a wrong threshold, a bundle below the floor), not bugs,
// so callers report their message and change nothing.
import { Refusal } from '../refusal-error';

export class DatabaseRefusal extends Refusal {
  override readonly name: string = 'DatabaseRefusal';
}

/** A change to the site that its rules forbid; recorded in the audit log as 'refused'. */
export class SiteRefusal extends DatabaseRefusal {
  override readonly name: string = 'SiteRefusal';
}

/** Nothing to work on: `site init` has not been run against this data folder. */
export class NoSiteError extends SiteRefusal {
  override readonly name: string = 'NoSiteError';
  override readonly code = 'no-site';
  constructor(dataDir?: string) {
    super(
      dataDir === undefined
        ? 'no site has been set up in this data folder yet'
        : `no site here yet (${dataDir}): run \`airlock site init --name SITE --trust PUBKEY\` first, or pass the right --data-dir`,
    );
  }
}
