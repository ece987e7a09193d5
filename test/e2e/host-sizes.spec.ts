// What a generation weighs, on the Host screen against a real fleet host: the
// path count the host's own Nix gives for the closure, the heaviest paths as
// sorted bars, and the chain of references that pulls one of them in, from the
// system down to that path.
import { fleetHost, runOnHost } from '../../fleet/fleet';
import { expect, test } from './site-fixture';

test('the Sizes panel shows the closure as the host counts it, its heaviest paths, and why one of them is there', async ({
  appPage,
  demoSite,
}) => {
  const host1 = fleetHost(demoSite.fleet, 'host1');
  const toplevel = (await runOnHost(host1, ['readlink', '-f', '/nix/var/nix/profiles/system'])).stdout.trim();
  const paths = (await runOnHost(host1, ['nix-store', '-qR', toplevel])).stdout.trim().split('\n').length;

  await appPage.evaluate('location.hash = "#/host/host1"');
  const generations = appPage.getByRole('table', { name: 'Generations of host1' });
  await generations.getByRole('button', { name: /^What generation 1 weighs/ }).click();
  const panel = appPage.getByRole('region', { name: 'What generation 1 of host1 weighs' });
  await expect(panel).toContainText(`${paths} paths`, { timeout: 30_000 });
  await expect(panel).toContainText('read on host1');

  const heaviest = panel.getByRole('list', { name: 'Heaviest paths, by what each alone adds' }).getByRole('listitem');
  expect(await heaviest.count()).toBeGreaterThan(0);
  // Sorted: no bar is longer than the one above it.
  const widths = await panel.locator('.weight-bar').evaluateAll((bars) => bars.map((b) => b.getBoundingClientRect().width));
  expect(widths).toEqual([...widths].sort((a, b) => b - a));

  // Why the last (lightest) of them is there: a chain from the system to it.
  const last = heaviest.last();
  const why = last.getByRole('button', { name: /^Why is .* here\?$/ });
  const name = ((await why.textContent()) ?? '').replace(/^Why is (.*) here\?$/, '$1');
  await why.click();
  const chain = panel.getByRole('list', { name: `Reference chain to ${name}` }).getByRole('listitem');
  await expect(chain.first()).toHaveAttribute('title', toplevel);
  await expect(chain.last()).toContainText(name);
});
