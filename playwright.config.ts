// Browser tests. The same specs run in two projects: `console` drives Debian's
// Chromium through the web console (`airlock serve`), and `electron` drives the
// real desktop app through _electron.launch where an Electron binary exists
// (skipped otherwise, with the reason printed by scripts/test-all.mjs).
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    viewport: { width: 1280, height: 720 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'console',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env.AIRLOCK_CHROMIUM ?? '/usr/bin/chromium',
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
        },
      },
    },
    { name: 'electron' },
  ],
});
