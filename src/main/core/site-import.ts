// A bundle import as the site sees it: the site's trust and floor go in, the
// floor moves (under the database's write lock) once the files are in the
// cache, and every import, accepted, refused or failed, is a row in the audit
// log with its reason.
import type { SiteDb } from './db/open-database';
import { appendAudit } from './db/audit-log';
import { recordAcceptedBundle, siteFloor, type RecordOutcome } from './db/accepted-bundles';
import { siteTrust } from './db/site-store';
import { BundleRefusal } from './bundle/refusal';
import type { VerifyProgress } from './bundle/verify-bundle';
import type { CacheLayout } from './cache/cache-layout';
import { importBundle, type ImportResult } from './cache/import-bundle';

export interface SiteImportOptions {
  readonly now?: Date;
  readonly onProgress?: (p: VerifyProgress) => void;
  readonly signal?: AbortSignal;
}

export interface SiteImportResult extends ImportResult {
  readonly outcome: RecordOutcome;
}

export async function importIntoSite(
  db: SiteDb,
  layout: CacheLayout,
  bundleDir: string,
  options: SiteImportOptions = {},
): Promise<SiteImportResult> {
  const subject = bundleDir;
  let result: ImportResult;
  try {
    result = await importBundle(bundleDir, {
      layout,
      trust: siteTrust(db),
      floor: siteFloor(db),
      now: options.now ?? new Date(),
      onProgress: options.onProgress,
      signal: options.signal,
    });
  } catch (err) {
    const refused = err instanceof BundleRefusal;
    appendAudit(db, {
      action: 'bundle.import',
      subject,
      outcome: refused ? 'refused' : 'failed',
      details: refused ? { rule: err.rule, reason: err.reason, cache: layout.root } : { error: (err as Error).message, cache: layout.root },
    });
    throw err;
  }
  const { manifest, manifestSha256 } = result.verified;
  const outcome = recordAcceptedBundle(db, {
    site: manifest.site,
    sequence: manifest.sequence,
    created: manifest.created,
    ...(manifest.expires ? { expires: manifest.expires } : {}),
    manifestSha256,
  });
  appendAudit(db, {
    action: 'bundle.import',
    subject,
    outcome: 'ok',
    details: {
      bundle: `${manifest.site}-${manifest.sequence}`,
      cache: layout.root,
      added: result.added.length,
      alreadyHeld: result.alreadyHeld.length,
      leftOutAsHeld: result.verified.held.length,
      signers: result.verified.signers,
      unknownSigners: result.verified.unknownSigners,
      outcome,
    },
  });
  return { ...result, outcome };
}
