#!/usr/bin/env node
// Screenshots of every main screen for docs/screenshots, with real data: a
// fleet of 3 real sshd+Nix hosts, a folder standing in for a stick with a
// bundle made by real Nix (imported) and a damaged one (refused). Taken from
// the web console in Debian's Chromium at 1280x720, the size the app must work
// at. Needs root (the fleet) and Nix; run after `npm run build`:
//   node scripts/screenshots.mjs
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { chromium } from '@playwright/test';
import { tsImport } from 'tsx/esm/api';

const root = new URL('..', import.meta.url).pathname;
const { setUpDemoSite } = await tsImport('../test/e2e/demo-site.ts', import.meta.url);
const site = await setUpDemoSite({ probeIntervalMs: 30_000 });
const server = spawn(process.execPath, ['bin/airlock.mjs', 'serve', '--port', '0'], {
  cwd: root,
  env: { ...process.env, ...site.env },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const browser = await chromium.launch({
  executablePath: process.env.AIRLOCK_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});

async function shoot(page, name) {
  const file = `docs/screenshots/${name}.png`;
  await page.screenshot({ path: `${root}${file}` });
  console.log(file);
}

try {
  const url = await new Promise((resolve) => createInterface({ input: server.stdout }).once('line', resolve));
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(url);
  const nav = page.getByRole('navigation', { name: 'Screens' });
  const go = (name) => nav.getByRole('button', { name }).click();

  const hosts = page.getByRole('table', { name: 'Hosts' });
  for (const h of ['host1', 'host2', 'host3']) await hosts.getByRole('row', { name: new RegExp(`^${h}\\b`) }).getByText('online').waitFor();
  await shoot(page, 'fleet');

  await hosts.getByRole('button', { name: 'host1' }).click();
  await page.getByRole('table', { name: 'Generations of host1' }).waitFor();
  await shoot(page, 'host');

  await go('Media & import');
  await page.getByRole('textbox', { name: 'Bundle folder' }).fill(site.stick);
  await page.getByRole('button', { name: 'Show bundles', exact: true }).click();
  for (const [name, outcome] of [['accel-ctl-5', 'alert'], ['accel-ctl-1', 'status']]) {
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
  await page.getByRole('table', { name: 'Bundles in the cache' }).getByRole('row', { name: /accel-ctl-1/ }).waitFor();
  await page.getByRole('button', { name: 'Preview GC' }).click();
  await page.getByText(/Keeping \d+ bundle/).waitFor();
  await shoot(page, 'offline-cache');

  await go('Deploy');
  await shoot(page, 'deploy');

  await go('Audit');
  await page.getByRole('table', { name: 'Audit log' }).getByRole('row', { name: /bundle\.import/ }).first().waitFor();
  await shoot(page, 'audit');

  await go('Settings');
  await page.getByRole('table', { name: 'Pinned host keys' }).getByRole('row', { name: /^host1\b/ }).waitFor();
  await shoot(page, 'settings');
} finally {
  await browser.close();
  server.kill('SIGTERM');
  await site.stop();
}
