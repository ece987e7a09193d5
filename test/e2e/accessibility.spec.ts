// axe-core on every screen and on the first-contact dialog (built on the one
// confirmation dialog every destructive step uses), against the real site and
// fleet: no serious or critical finding (the console's page and the desktop
// window get axe-core the same way). Each finding is printed with the
// elements it names, so a failure says what to fix.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import type { AxeResults } from 'axe-core';
import { fleetHost } from '../../fleet/fleet';
import { fleetPaths } from '../../fleet/paths';
import { expect, test } from './site-fixture';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core itself, evaluated in the page through the debugger protocol: the
 * same in Chromium through the console and in Electron's window. (A <script>
 * tag is refused, rightly: the app's CSP requires Trusted Types.)
 */
async function seriousFindings(page: Page): Promise<string[]> {
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  const { violations, passes } = await page.evaluate<AxeResults>('window.axe.run(document)');
  // axe really looked: rules such as button-name passed on this page.
  expect(passes.length).toBeGreaterThan(10);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact ?? '?'}): ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const SCREENS = [
  { hash: '#/fleet', heading: 'Fleet' },
  { hash: '#/host/host1', heading: 'Host host1' },
  { hash: '#/media', heading: 'Media & import' },
  { hash: '#/cache', heading: 'Offline cache' },
  { hash: '#/deploy', heading: 'Deploy' },
  { hash: '#/audit', heading: 'Audit' },
  { hash: '#/settings', heading: 'Settings' },
  { hash: '#/incident', heading: 'Incident: roll back hosts' },
];

test('every screen has no serious or critical accessibility finding', async ({ appPage }) => {
  await expect(appPage.getByRole('table', { name: 'Hosts' }).getByRole('row', { name: /^host1\b/ })).toContainText('online', {
    timeout: 30_000,
  });
  const found: Record<string, string[]> = {};
  for (const { hash, heading } of SCREENS) {
    await appPage.evaluate(`location.hash = ${JSON.stringify(hash)}`);
    await expect(appPage.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    const findings = await seriousFindings(appPage);
    if (findings.length > 0) found[heading] = findings;
  }
  expect(found).toEqual({});
});

test('the first-contact dialog has no serious or critical accessibility finding', async ({ appPage, demoSite }) => {
  const host1 = fleetHost(demoSite.fleet, 'host1');
  await appPage.evaluate('location.hash = "#/settings"');
  const form = appPage.getByRole('form', { name: 'Add a host' });
  await form.getByRole('textbox', { name: 'Host name' }).fill('host1-again');
  await form.getByRole('textbox', { name: 'Address' }).fill(host1.address);
  await form.getByRole('spinbutton', { name: 'SSH port' }).fill(String(host1.port));
  await form.getByRole('textbox', { name: 'Identity file (optional)' }).fill(fleetPaths(demoSite.fleetDir).clientKey);
  await form.getByRole('button', { name: 'Fetch host key' }).click();
  const dialog = appPage.getByRole('dialog', { name: 'Confirm the host key of host1-again' });
  await expect(dialog).toBeVisible({ timeout: 30_000 });
  expect(await seriousFindings(appPage)).toEqual([]);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
});
