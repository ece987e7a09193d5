// What bundle verification needs to know of the receiving site, as plain data:
// the database (src/main/core/db) produces it, verification only reads it.
import type { PublicKey } from '../nix/signing';

export interface SiteTrust {
  /** The site's name; a bundle's `site` must equal it (rule 3). */
  readonly site: string;
  /** Keys that may sign bundle manifests (rule 2). */
  readonly bundleKeys: readonly PublicKey[];
  /** How many distinct bundle keys must have signed (rule 2); at least 1. */
  readonly threshold: number;
  /** Keys whose narinfo `Sig:` lines are trusted (rule 6). */
  readonly nixKeys: readonly PublicKey[];
}

/** Where the site stands after the bundles it has accepted (rules 3 and 4). */
export interface SiteFloor {
  /** The highest sequence accepted so far; 0 when none. */
  readonly sequence: number;
  /** sha256 (hex) of the manifest bytes accepted at `sequence`, when one was. */
  readonly manifestSha256?: string;
  /** The latest `created` (RFC 3339) of any accepted bundle, when one was. */
  readonly latestCreated?: string;
  /** The sequence of the accepted bundle whose `created` that is, to name it when it refuses another. */
  readonly latestCreatedSequence?: number;
}
