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
  refuse(3, `this bundle has sequence ${m.sequence}, but site '${trust.site}' has already accepted sequence ${floor.sequence}; only a newer bundle can be accepted`);
}

/** Rule 4. */
export function checkExpiry(m: Manifest, floor: SiteFloor, now: Date): void {
  if (m.expires === undefined) return;
  const expires = parseRfc3339(m.expires, UTC_ONLY) as number; // checked by the schema
  if (!(expires > now.getTime())) refuse(4, `this bundle expired at ${m.expires} (the time now is ${now.toISOString()})`);
  const latest = floor.latestCreated === undefined ? undefined : Date.parse(floor.latestCreated);
  if (latest !== undefined && !Number.isNaN(latest) && !(expires > latest)) {
    refuse(
      4,
      `this bundle expired at ${m.expires}, before the site's latest accepted bundle was created (${floor.latestCreated}); is this computer's clock set back?`,
    );
  }
}
