// Where a bundle on a medium stands against the site, from what it claims.
import { describe, expect, it } from 'vitest';
import { bundleStanding } from '../../../../src/main/core/operations/bundle-standing';

describe('bundleStanding', () => {
  const site = { name: 'accel-ctl', floor: { sequence: 6 }, accepted: new Set([1, 4, 6]) };

  it('says imported for a sequence the site accepted, below the floor for an older one it never took, new above', () => {
    expect(bundleStanding({ site: 'accel-ctl', sequence: 4 }, site)).toBe('imported');
    expect(bundleStanding({ site: 'accel-ctl', sequence: 6 }, site)).toBe('imported');
    expect(bundleStanding({ site: 'accel-ctl', sequence: 5 }, site)).toBe('below-floor');
    expect(bundleStanding({ site: 'accel-ctl', sequence: 7 }, site)).toBe('new');
  });

  it("says another site's bundle is another site's, whatever its sequence", () => {
    expect(bundleStanding({ site: 'ocean-buoys', sequence: 4 }, site)).toBe('other-site');
    expect(bundleStanding({ site: 'ocean-buoys', sequence: 99 }, site)).toBe('other-site');
  });
});
