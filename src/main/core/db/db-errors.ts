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
  /** The data folder that holds no site, when known; each face adds its own advice (a command, a screen). */
  constructor(readonly dataDir?: string) {
    super(`no site has been set up in this data folder yet${dataDir === undefined ? '' : ` (${dataDir})`}`);
  }
}

/** A host name already in use. The message names the command-line way out; the app says its own (Edit, Remove). */
export class HostNameTakenError extends SiteRefusal {
  override readonly name: string = 'HostNameTakenError';
  constructor(readonly hostName: string) {
    super(
      `a host named '${hostName}' already exists; change its address, port, user or tags with \`airlock host set ${hostName}\`, ` +
        `or remove it first with \`airlock host rm ${hostName}\``,
    );
  }
}
