#!/usr/bin/env node
// Screenshots of every main screen for docs/screenshots, with real data: a
// fleet of 3 real sshd+Nix hosts, a folder standing in for a stick with a
// bundle made by real Nix (imported), a damaged one (refused) and one of new
// stand-in systems (imported, deployed to two hosts; one is rolled back), then a
// bundle 7 deployed to both and an incident rolling them back. Taken from
// the web console in Debian's Chromium at 1280x720, the size the app must work
// at. Needs root (the fleet) and Nix; run after `npm run build`:
//   node scripts/screenshots.mjs
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { chromium } from '@playwright/test';
import { tsImport } from 'tsx/esm/api';

const root = new URL('..', import.meta.url).pathname;
const { setUpDemoSite, SITE } = await tsImport('../test/e2e/demo-site.ts', import.meta.url);
const { deployBundle7 } = await tsImport('../test/e2e/incident-history.ts', import.meta.url);
const { airlock } = await tsImport('../test/helpers/run-cli.ts', import.meta.url);
const site = await setUpDemoSite({ probeIntervalMs: 30_000, deployBundle: 'stick' });
const server = spawn(process.execPath, ['bin/airlock.mjs', 'serve', '--port', '0'], {
  cwd: root,
  env: { ...process.env, ...site.env },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const browser = await chromium.launch({
  executablePath: process.env.AIRLOCK_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});

async function shoot(page, name, fullPage = false) {
  const file = `docs/screenshots/${name}.png`;
  await page.screenshot({ path: `${root}${file}`, fullPage });
  console.log(file);
}

try {
  const url = await new Promise((resolve) => createInterface({ input: server.stdout }).once('line', resolve));
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(url);
  const nav = page.getByRole('navigation', { name: 'Screens' });
  const go = (name) => nav.getByRole('button', { name }).click();

  const hosts = page.getByRole('table', { name: 'Hosts' });
  for (const h of ['host1', 'host2', 'host3'])
    await hosts
      .getByRole('row', { name: new RegExp(`^${h}\\b`) })
      .getByText('online')
      .waitFor();

  await go('Media & import');
  await page.getByRole('textbox', { name: 'Bundle folder' }).fill(site.stick);
  await page.getByRole('button', { name: 'Show bundles', exact: true }).click();
  for (const [name, outcome] of [
    ['accel-ctl-5', 'alert'],
    ['accel-ctl-1', 'status'],
    ['accel-ctl-6', 'status'],
  ]) {
    const bundle = page.getByRole('region', { name: `Bundle ${name}` });
    await bundle.getByRole('button', { name: 'Import' }).click();
    await bundle.getByRole(outcome).waitFor({ timeout: 60_000 });
  }
  // Clicking scrolled the page; the first shot shows the screen from its top.
  await page.mouse.wheel(0, -10_000);
  await page.getByRole('heading', { level: 1, name: 'Media & import' }).scrollIntoViewIfNeeded();
  await shoot(page, 'media-import');
  await page.getByRole('region', { name: 'Bundle accel-ctl-5' }).getByRole('alert').scrollIntoViewIfNeeded();
  await shoot(page, 'media-import-refused');

  await go('Offline cache');
  await page
    .getByRole('table', { name: 'Bundles in the cache' })
    .getByRole('row', { name: /accel-ctl-6/ })
    .waitFor();
  await page.getByRole('button', { name: 'Preview GC' }).click();
  await page.getByText(/Keeping \d+ bundle/).waitFor();
  await shoot(page, 'offline-cache');

  // A deploy of bundle 6 to the two hosts ticked on the Fleet, shown when it has finished.
  await go('Fleet');
  await hosts.getByRole('checkbox', { name: 'Select host1' }).check();
  await hosts.getByRole('checkbox', { name: 'Select host2' }).check();
  await page.getByRole('button', { name: 'Deploy to 2 selected hosts' }).click();
  await page.getByRole('button', { name: 'Show plan' }).click();
  await page.getByRole('table', { name: 'Deploy plan' }).getByText('reboot needed').first().waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Start deploy to 2 hosts' }).click();
  const progress = page.getByRole('region', { name: 'Deploy progress' });
  for (const h of ['host1', 'host2']) await progress.getByRole('status', { name: `Result for ${h}` }).waitFor({ timeout: 120_000 });
  await shoot(page, 'deploy', true);

  // host1 rolled back from its Host screen, then generation 2 compared with the current one.
  await go('Fleet');
  await hosts.getByRole('button', { name: 'host1' }).click();
  await page.getByRole('table', { name: 'Deployments of host1' }).waitFor();
  // The engine's rollback target arrives with the probe after the deploy.
  await page.getByText('to generation 1, which ran before generation 2').waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Roll back', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Roll back host1?' });
  await dialog.getByRole('textbox', { name: 'Reason (written to the audit log)' }).fill('line A PLC timeouts after the kernel update');
  await shoot(page, 'host-rollback-dialog');
  await dialog.getByRole('button', { name: 'Roll back host1 from generation 2 to 1' }).click();
  await page
    .getByRole('region', { name: 'Rollback of host1' })
    .getByRole('status', { name: 'Result for host1' })
    .waitFor({ timeout: 120_000 });
  const generations = page.getByRole('table', { name: 'Generations of host1' });
  await generations.getByRole('row', { name: /^1\b/ }).getByText('current').waitFor({ timeout: 30_000 });
  await generations.getByRole('button', { name: 'Diff generation 2 with current' }).click();
  await page.getByRole('table', { name: 'Changed packages' }).waitFor({ timeout: 60_000 });
  await shoot(page, 'host', true);

  await go('Fleet');
  await hosts
    .getByRole('row', { name: /^host1\b/ })
    .getByText('rolled back')
    .waitFor({ timeout: 30_000 });
  await shoot(page, 'fleet');

  await go('Audit');
  await page
    .getByRole('table', { name: 'Audit log' })
    .getByRole('row', { name: /bundle\.import/ })
    .first()
    .waitFor();
  await shoot(page, 'audit');

  await go('Settings');
  await page
    .getByRole('table', { name: 'Pinned host keys' })
    .getByRole('row', { name: /^host1\b/ })
    .waitFor();
  await shoot(page, 'settings');

  // Incident: bundle 7 deployed to host1 and host2 through the CLI (the latest deployment), then both
  // brought back to their last known good generation through the incident flow; shot on its summary.
  const cli = (args) => {
    const r = airlock([...args, '--data-dir', site.dataDir]);
    if (r.status !== 0) throw new Error(`airlock ${args.join(' ')}: ${r.stderr}`);
    return r.text;
  };
  deployBundle7(cli, site.stick, site.cacheRoot, `${site.work}/build.sec`, SITE, ['host1', 'host2']);
  await page.getByRole('button', { name: /Incident: roll back hosts/ }).click();
  await page.getByRole('button', { name: 'Show targets and preflight' }).click();
  await page.getByRole('table', { name: 'Incident plan' }).getByText('✓ ready').first().waitFor({ timeout: 60_000 });
  await page.getByRole('textbox', { name: 'Reason for the rollback' }).fill('line A PLC timeouts since accel-ctl-7');
  await page.getByRole('button', { name: 'Roll back 2 hosts…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Roll back host1, host2' }).click();
  await page.getByRole('table', { name: 'Incident result' }).getByText('✓ rolled back').nth(1).waitFor({ timeout: 120_000 });
  await page
    .getByRole('region', { name: 'Incident report' })
    .getByLabel(/Report of incident/)
    .waitFor();
  await shoot(page, 'incident', true);

  // The set-up guide, as a new operator's empty data folder opens it.
  const fresh = spawn(process.execPath, ['bin/airlock.mjs', 'serve', '--port', '0'], {
    cwd: root,
    env: { ...process.env, ...site.env, AIRLOCK_DATA_DIR: `${site.work}/fresh-data` },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const freshUrl = await new Promise((resolve) => createInterface({ input: fresh.stdout }).once('line', resolve));
    await page.goto(freshUrl);
    await page.getByRole('textbox', { name: /Site name/ }).waitFor({ timeout: 30_000 });
    await shoot(page, 'first-run');
  } finally {
    fresh.kill('SIGTERM');
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
  await site.stop();
}
