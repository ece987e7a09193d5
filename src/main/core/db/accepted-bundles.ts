// The bundles a site has accepted and the floor they set (bundle-format rules 3
// and 4). Bundle import records a bundle here last, once its files are in the
// cache; recording re-checks the floor under the write lock, so two imports
// racing on one site cannot both move it.
import type { SiteDb } from './open-database';
import type { SiteFloor } from '../bundle/site-trust';
import { auditedChange } from './audited-change';
import { SiteRefusal } from './db-errors';
import { parseRfc3339 } from '../../../shared/rfc3339';
import { requireSite } from './site-store';
import { systemEnv, type StoreEnv } from './store-env';

export interface AcceptedBundle {
  readonly site: string;
  readonly sequence: number;
  /** The manifest's `created` and `expires`, as written there. */
  readonly created: string;
  readonly expires?: string;
  /** sha256 (hex) of the exact manifest bytes. */
  readonly manifestSha256: string;
}

/** 'already-accepted': the same manifest at the floor again, which changes nothing (rule 3). */
export type RecordOutcome = 'accepted' | 'already-accepted';

interface Row {
  readonly sequence: number;
  readonly created: string;
  readonly manifest_sha256: string;
}

export function siteFloor(db: SiteDb): SiteFloor {
  const site = requireSite(db);
  const rows = db
    .prepare('SELECT sequence, created, manifest_sha256 FROM accepted_bundle WHERE site = ? ORDER BY sequence DESC')
    .all(site.name) as Row[];
  const top = rows[0];
  if (!top) return { sequence: 0 };
  // `created` is kept as the manifest wrote it, whose forms do not sort as text.
  const latest = rows.reduce((a, b) => ((parseRfc3339(b.created) ?? 0) > (parseRfc3339(a.created) ?? 0) ? b : a));
  return {
    sequence: top.sequence,
    manifestSha256: top.manifest_sha256,
    latestCreated: latest.created,
    latestCreatedSequence: latest.sequence,
  };
}

function checkShape(bundle: AcceptedBundle): void {
  if (!Number.isSafeInteger(bundle.sequence) || bundle.sequence < 1)
    throw new SiteRefusal(`bundle sequence ${bundle.sequence} is not a whole number from 1 to 2^53-1`);
  if (parseRfc3339(bundle.created) === undefined) throw new SiteRefusal(`bundle created time '${bundle.created}' is not an RFC 3339 time`);
  if (bundle.expires !== undefined && parseRfc3339(bundle.expires) === undefined)
    throw new SiteRefusal(`bundle expiry '${bundle.expires}' is not an RFC 3339 time`);
  if (!/^[0-9a-f]{64}$/.test(bundle.manifestSha256)) throw new SiteRefusal('the manifest sha256 must be 64 lower-case hex digits');
}

function checkAgainstFloor(db: SiteDb, bundle: AcceptedBundle): RecordOutcome {
  const site = requireSite(db);
  if (bundle.site !== site.name) throw new SiteRefusal(`the bundle is for site '${bundle.site}', and this is site '${site.name}'`);
  const floor = siteFloor(db);
  if (bundle.sequence > floor.sequence) return 'accepted';
  if (bundle.sequence === floor.sequence && bundle.manifestSha256 === floor.manifestSha256) return 'already-accepted';
  if (bundle.sequence === floor.sequence)
    throw new SiteRefusal(`site '${site.name}' already accepted a different bundle with sequence ${floor.sequence}`);
  throw new SiteRefusal(
    `bundle sequence ${bundle.sequence} is below the site's floor ${floor.sequence}: an older bundle is never accepted again`,
  );
}

export function recordAcceptedBundle(db: SiteDb, bundle: AcceptedBundle, env: StoreEnv = systemEnv): RecordOutcome {
  const details = { ...bundle };
  return auditedChange(
    db,
    { action: 'bundle.accept', subject: `${bundle.site}-${bundle.sequence}`, details },
    (at) => {
      checkShape(bundle);
      const outcome = checkAgainstFloor(db, bundle);
      if (outcome === 'accepted') {
        db.prepare(
          `INSERT INTO accepted_bundle (site, sequence, created, expires, manifest_sha256, accepted_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        ).run(bundle.site, bundle.sequence, bundle.created, bundle.expires ?? null, bundle.manifestSha256, at);
      }
      return { result: outcome, details: { outcome } };
    },
    env,
  );
}

export function listAcceptedBundles(db: SiteDb): readonly (AcceptedBundle & { readonly acceptedAt: string })[] {
  const rows = db.prepare('SELECT * FROM accepted_bundle ORDER BY sequence').all() as {
    site: string;
    sequence: number;
    created: string;
    expires: string | null;
    manifest_sha256: string;
    accepted_at: string;
  }[];
  return rows.map((r) => ({
    site: r.site,
    sequence: r.sequence,
    created: r.created,
    ...(r.expires === null ? {} : { expires: r.expires }),
    manifestSha256: r.manifest_sha256,
    acceptedAt: r.accepted_at,
  }));
}
