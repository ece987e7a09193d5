// Which system each host should run: the newest bundle of the site that
// carries one for it. (Moved from the renderer's Fleet tests with the same
// cases: the engine answers, the Fleet displays.)
import { describe, expect, it } from 'vitest';
import { latestBundleSystems } from '../../../../src/main/core/operations/latest-bundle-systems';

describe('latestBundleSystems', () => {
  const bundles = [
    { name: 'accel-ctl-6', site: 'accel-ctl', sequence: 6, systems: [{ host: 'plc1', toplevel: '/nix/store/new' }] },
    {
      name: 'accel-ctl-5',
      site: 'accel-ctl',
      sequence: 5,
      systems: [
        { host: 'plc1', toplevel: '/nix/store/old' },
        { host: 'plc2', toplevel: '/nix/store/p2' },
      ],
    },
    { name: 'other-9', site: 'other', sequence: 9, systems: [{ host: 'plc1', toplevel: '/nix/store/other' }] },
  ];

  it("takes each host's system from the newest bundle of the site that carries one, whatever order they are listed in", () => {
    const latest = latestBundleSystems(bundles, 'accel-ctl');
    expect(latest.get('plc1')).toEqual({ bundle: 'accel-ctl-6', sequence: 6, toplevel: '/nix/store/new' });
    // Bundle 6 carries nothing for plc2: bundle 5's system is still the latest for it.
    expect(latest.get('plc2')).toEqual({ bundle: 'accel-ctl-5', sequence: 5, toplevel: '/nix/store/p2' });
  });

  it("never takes another site's bundle", () => {
    expect(latestBundleSystems(bundles, 'accel-ctl').get('plc1')?.toplevel).not.toBe('/nix/store/other');
    expect(latestBundleSystems([], 'accel-ctl').size).toBe(0);
  });
});
