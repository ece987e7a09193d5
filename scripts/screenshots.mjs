#!/usr/bin/env node
// Screenshots of every screen for docs/screenshots, taken from the web console
// in Debian's Chromium at 1280x720 (the size the app must work at). Run after
// `npm run build`: node scripts/screenshots.mjs
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { chromium } from '@playwright/test';

const root = new URL('..', import.meta.url).pathname;
const server = spawn(process.execPath, ['bin/airlock.mjs', 'serve', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve) => createInterface({ input: server.stdout }).once('line', resolve));
const browser = await chromium.launch({
  executablePath: process.env.AIRLOCK_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(url);
  const nav = page.getByRole('navigation', { name: 'Screens' });
  for (const name of await nav.getByRole('button').allTextContents()) {
    await nav.getByRole('button', { name }).click();
    const file = `docs/screenshots/${name.toLowerCase().replace(/[^a-z]+/g, '-').replace(/-$/, '')}.png`;
    await page.screenshot({ path: `${root}${file}` });
    console.log(file);
  }
} finally {
  await browser.close();
  server.kill();
}
