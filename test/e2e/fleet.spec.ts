// The Fleet and Host screens against a real fleet of 3 hosts (real sshd, real
// Nix profiles): every host online with its generation, filtering, the Host
// screen's generations, and a host whose sshd stops turning "offline" within
// one probe interval.
import { fleetHost } from '../../fleet/fleet';
import { rebootHost } from '../../fleet/fleet';
import { stopHostProcesses } from '../../fleet/host-process';
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
