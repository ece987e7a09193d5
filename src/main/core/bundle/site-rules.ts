// Rules 3 and 4 of bundle-format.md: the bundle is for this site, newer than
// what the site has accepted, and not expired, neither by the clock nor by the
// latest `created` the site has accepted (a clock set back cannot revive it).
import type { Manifest } from './manifest-schema';
import { refuse } from './refusal';
import type { SiteFloor, SiteTrust } from './site-trust';
import { parseRfc3339, UTC_ONLY } from '../../../shared/rfc3339';

/** Rule 3. `manifestSha256` is the hex sha256 of the manifest bytes. */
export function checkSiteAndSequence(m: Manifest, manifestSha256: string, trust: SiteTrust, floor: SiteFloor): void {
  if (m.site !== trust.site) refuse(3, `this bundle is for site '${m.site}', this site is '${trust.site}'`);
  if (m.sequence > floor.sequence) return;
  if (m.sequence === floor.sequence) {
    // Re-importing the very bundle accepted last is harmless and changes nothing.
    if (floor.manifestSha256 !== undefined && floor.manifestSha256 === manifestSha256) return;
    refuse(3, `site '${trust.site}' has already accepted a different bundle with sequence ${m.sequence}; a sequence number is used once`);
  }
  refuse(
    3,
    `this bundle has sequence ${m.sequence}, but site '${trust.site}' has already accepted sequence ${floor.sequence}; only a newer bundle can be accepted`,
  );
}

/**
 * How far ahead of this computer's clock a bundle's `created` may lie. Build
 * machine and laptop clocks drift and sit in other time zones' mistakes, so a
 * few hours are normal; a day is not. Past it the bundle is refused: accepted,
 * its `created` would become the site's floor for rule 4 and every later
 * bundle expiring before that time would be refused (docs/decisions.md).
 */
export const CREATED_AHEAD_TOLERANCE_MS = 24 * 3600_000;

/** Rule 4, `created`: not far in the future of this computer's clock. */
export function checkCreated(m: Manifest, now: Date): void {
  const created = parseRfc3339(m.created, UTC_ONLY) as number; // checked by the schema
  if (created - now.getTime() <= CREATED_AHEAD_TOLERANCE_MS) return;
  const hours = Math.round((created - now.getTime()) / 3600_000);
  refuse(
    4,
    `this bundle says it was created at ${m.created}, ${hours} hours ahead of this computer's clock (${now.toISOString()}); ` +
      `more than 24 hours ahead means either the build machine's clock or this computer's clock is wrong. Nothing was imported. ` +
      `Check both clocks: if this computer's is wrong, set it right and import again; if the build machine's is wrong, set it right and build a new bundle ` +
      `(accepting this one would make the site refuse every later bundle that expires before ${m.created})`,
  );
}

/** Rule 4, `expires`. */
export function checkExpiry(m: Manifest, floor: SiteFloor, now: Date): void {
  if (m.expires === undefined) return;
  const expires = parseRfc3339(m.expires, UTC_ONLY) as number; // checked by the schema
  if (!(expires > now.getTime())) refuse(4, `this bundle expired at ${m.expires} (the time now is ${now.toISOString()})`);
  const latest = floor.latestCreated === undefined ? undefined : Date.parse(floor.latestCreated);
  if (latest !== undefined && !Number.isNaN(latest) && !(expires > latest)) {
    const which = floor.latestCreatedSequence === undefined ? 'that bundle' : `bundle ${m.site}-${floor.latestCreatedSequence}`;
    refuse(
      4,
      `this bundle expired at ${m.expires}, before the site's latest accepted bundle was created (${floor.latestCreated}, ${which}): ` +
        `either this computer's clock is set back (and this bundle has really expired), or ${which} carried a wrong created time from a build machine whose clock was ahead. ` +
        `Nothing was imported. Build a new bundle with an expiry later than ${floor.latestCreated} (or none)`,
    );
  }
}
