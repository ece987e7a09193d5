// The Fleet and Host screens against a real fleet of 3 hosts (real sshd, real
// Nix profiles): every host online with its generation, filtering, the Host
// screen's generations, and a host whose sshd stops turning "offline" within
// one probe interval.
import { fleetHost } from '../../fleet/fleet';
import { rebootHost } from '../../fleet/fleet';
import { stopHostProcesses } from '../../fleet/host-process';
import { SITE } from './demo-site';
import { expect, PROBE_INTERVAL_MS, test } from './site-fixture';

test('the Fleet shows the 3 hosts online with their generation, NixOS version and tags', async ({ appPage }) => {
  const hosts = appPage.getByRole('table', { name: 'Hosts' });
  for (const name of ['host1', 'host2', 'host3']) {
    const row = hosts.getByRole('row', { name: new RegExp(`^${name}\\b`) });
    await expect(row).toContainText('online');
    await expect(row).toContainText('generation 1');
    await expect(row).toContainText('24.05.1');
  }
  await expect(hosts.getByRole('row', { name: /^host3\b/ })).toContainText('hmi');
});

test('the Fleet filters by tag and by text', async ({ appPage }) => {
  const hosts = appPage.getByRole('table', { name: 'Hosts' });
  await expect(hosts.getByRole('row')).toHaveCount(4);
  await appPage.getByRole('combobox', { name: 'Tag' }).selectOption('plc');
  await expect(hosts.getByRole('row')).toHaveCount(3);
  await expect(hosts.getByRole('row', { name: /^host3\b/ })).toHaveCount(0);
  await appPage.getByRole('searchbox', { name: 'Filter hosts' }).fill('host2');
  await expect(hosts.getByRole('row')).toHaveCount(2);
  await expect(hosts.getByRole('row', { name: /^host2\b/ })).toBeVisible();
});

test('the Host screen lists generations newest first with their markers', async ({ appPage }) => {
  await appPage.getByRole('table', { name: 'Hosts' }).getByRole('button', { name: 'host1', exact: true }).click();
  await expect(appPage.getByRole('heading', { level: 1, name: 'Host host1' })).toBeVisible();
  const generations = appPage.getByRole('table', { name: 'Generations of host1' });
  const first = generations.getByRole('row', { name: /^1\b/ });
  await expect(first).toContainText('current, booted, default');
  await expect(first).toContainText('24.05.1');
  // Back to the fleet by keyboard.
  await appPage.getByRole('button', { name: '← Back to Fleet' }).press('Enter');
  await expect(appPage.getByRole('heading', { level: 1, name: 'Fleet' })).toBeVisible();
});

test('a host whose sshd stops shows offline within one probe interval, and online again when it is back', async ({ appPage, demoSite }) => {
  const hosts = appPage.getByRole('table', { name: 'Hosts' });
  const row = hosts.getByRole('row', { name: /^host3\b/ });
  await expect(row).toContainText('online');
  const host3 = fleetHost(demoSite.fleet, 'host3');
  await stopHostProcesses(host3.mountNamespace, [host3.sshdPid]);
  try {
    // One interval, plus the probe's own round trip (a refused connection answers at once).
    await expect(row).toContainText('offline', { timeout: PROBE_INTERVAL_MS + 5000 });
    await expect(hosts.getByRole('row', { name: /^host1\b/ })).toContainText('online');
  } finally {
    await rebootHost(demoSite.fleetDir, 'host3');
  }
  await expect(row).toContainText('online', { timeout: PROBE_INTERVAL_MS + 10_000 });
});

test('the Fleet reads at a glance on a 1280×720 screen: counts by state, probe ages, select-all, no sideways scroll', async ({
  appPage,
  demoSite,
}) => {
  const hosts = appPage.getByRole('table', { name: 'Hosts' });
  await expect(hosts.getByRole('row', { name: /^host1\b/ })).toContainText('online');
  const counts = appPage.getByRole('list', { name: 'Hosts by state' });
  await expect(counts).toContainText('3 online');
  // Each probe says how old it is, and the age grows on screen.
  await expect(hosts.getByRole('row', { name: /^host2\b/ })).toContainText(/\d+ s ago/);
  // A count filters the table to its hosts.
  await counts.getByRole('button', { name: '3 online' }).click();
  await expect(appPage.getByRole('searchbox', { name: 'Filter hosts' })).toHaveValue('online');
  await expect(hosts.getByRole('row')).toHaveCount(4);
  await appPage.getByRole('searchbox', { name: 'Filter hosts' }).fill('');
  // Select all ticks every host shown; a second click clears them.
  const all = appPage.getByRole('checkbox', { name: 'Select all hosts shown' });
  await all.check();
  await expect(appPage.getByRole('button', { name: 'Deploy to 3 selected hosts' })).toBeEnabled();
  await all.uncheck();
  await expect(appPage.getByRole('button', { name: 'Deploy to 0 selected hosts' })).toBeDisabled();
  // The site and the cache in use are named on every screen, with the medium's free space.
  const banner = appPage.getByRole('group', { name: 'Site and offline cache in use' });
  await expect(banner).toContainText(`Site ${SITE}`);
  await expect(banner.getByRole('button', { name: new RegExp(`^${demoSite.cacheRoot} \\(.* free\\)$`) })).toBeVisible();
  const overflow = await appPage.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect(overflow, 'the page scrolls sideways at 1280×720').toBeLessThanOrEqual(0);
});

test('an offline host keeps its last known generation and versions, greyed, with when it was last seen', async ({ appPage, demoSite }) => {
  const hosts = appPage.getByRole('table', { name: 'Hosts' });
  const row = hosts.getByRole('row', { name: /^host2\b/ });
  await expect(row).toContainText('online');
  await expect(row).toContainText('generation 1');
  const host2 = fleetHost(demoSite.fleet, 'host2');
  await stopHostProcesses(host2.mountNamespace, [host2.sshdPid]);
  try {
    await expect(row).toContainText('offline', { timeout: PROBE_INTERVAL_MS + 5000 });
    await expect(row).toContainText('generation 1');
    await expect(row).toContainText('24.05.1');
    await expect(row).toContainText(/last seen \d+ (s|min) ago/);
    await expect(row.getByRole('cell', { name: 'generation 1' })).toHaveClass(/stale/);
    await expect(appPage.getByRole('list', { name: 'Hosts by state' })).toContainText('1 offline');
  } finally {
    await rebootHost(demoSite.fleetDir, 'host2');
  }
  await expect(row).toContainText('online', { timeout: PROBE_INTERVAL_MS + 10_000 });
  await expect(row.getByRole('cell', { name: 'generation 1' })).not.toHaveClass(/stale/);
});
