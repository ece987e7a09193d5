// The Deploy screen's "Bytes come from" against a real fleet of 3 hosts: a
// site mirror added through the command line is listed by name and URL (axe
// finds nothing serious with it shown); a deploy through it, whose URL no host
// can reach, reports the host failed with the reason and leaves it as it was;
// with "push from this laptop" ticked, the laptop sends the system instead and
// the result says why the mirror would not do. (Pulling from a served mirror:
// test/cli/deploy-mirror.test.ts, through nginx.)
import { fleetHost, runOnHost } from '../../fleet/fleet';
import { freePort } from '../../fleet/free-port';
import { airlock } from '../helpers/run-cli';
import { seriousFindings } from './axe';
import { expect, test } from './site-fixture';

// Its own site: host1 gets bundle 6 here, which deploy.spec.ts must not see.
test.use({ deployBundle: 'import', siteOf: 'deploy-mirror' });

const screen = (page: import('@playwright/test').Page, name: string) =>
  page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name }).click();

const profileOf = async (site: { fleet: Parameters<typeof fleetHost>[0] }, name: string): Promise<string> =>
  (await runOnHost(fleetHost(site.fleet, name), ['readlink', '/nix/var/nix/profiles/system'])).stdout.trim();

test('a mirror added on the command line is a choice; unreachable, the host fails saying why, or is pushed to when asked', async ({
  appPage,
  demoSite,
}) => {
  // Nothing listens on this port: every host's Nix is refused there.
  const url = `http://127.0.0.1:${await freePort()}/nix-cache`;
  const added = airlock(['mirror', 'add', 'pier', '--url', url, '--data-dir', demoSite.dataDir]);
  expect([added.status, added.stderr]).toEqual([0, '']);

  await screen(appPage, 'Deploy');
  const form = appPage.getByRole('form', { name: 'What to deploy' });
  await expect(form.getByRole('combobox', { name: 'Bundle' })).toHaveValue('6');
  const source = form.getByRole('radiogroup', { name: 'Bytes come from' });
  await expect(source.getByRole('radio', { name: 'this laptop (push)' })).toBeChecked();
  const pier = source.getByRole('radio', { name: `mirror pier (${url})` });
  await expect(pier).not.toBeChecked();
  const fallback = form.getByRole('checkbox', { name: /^Push from this laptop to hosts that cannot reach the mirror/ });
  await expect(fallback).toBeDisabled();
  await pier.check();
  await expect(fallback).toBeEnabled();
  expect(await seriousFindings(appPage)).toEqual([]);

  await form.getByRole('checkbox', { name: /^host1\b/ }).check();
  await form.getByRole('button', { name: 'Show plan' }).click();
  await expect(appPage.getByRole('table', { name: 'Deploy plan' }).getByRole('row', { name: /^host1\b/ })).toBeVisible({
    timeout: 30_000,
  });
  await appPage.getByRole('button', { name: 'Start deploy to 1 host' }).click();
  const progress = appPage.getByRole('region', { name: 'Deploy progress' });
  const failed = progress.getByRole('alert', { name: 'Result for host1' });
  await expect(failed).toContainText('host1: failed', { timeout: 120_000 });
  await expect(failed).toContainText(`host1 cannot reach mirror pier (${url})`);
  expect(await profileOf(demoSite, 'host1')).toBe('system-1-link');

  // Asked to, the laptop pushes to the host the mirror would not serve.
  await fallback.check();
  await form.getByRole('button', { name: 'Show plan' }).click();
  await appPage.getByRole('button', { name: 'Start deploy to 1 host' }).click();
  const done = progress.getByRole('status', { name: 'Result for host1' });
  await expect(done).toContainText('host1: done – generation 1 → generation 2', { timeout: 120_000 });
  await expect(done).toContainText(`Pushed from this laptop, as the mirror would not do: host1 cannot reach mirror pier (${url})`);
  await expect(done).toContainText(/sent [1-9]\d* paths/);
  expect(await profileOf(demoSite, 'host1')).toBe('system-2-link');
});
