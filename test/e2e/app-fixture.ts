// One fixture, two ways to get the app's window: the web console in Chromium
// (project `console`) or the desktop app in Electron (project `electron`). Specs
// use `appPage` and cannot tell which they got, as the renderer cannot either.
import { test as base, _electron, type Page, type PlaywrightWorkerArgs, type TestInfo } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
// @ts-expect-error -- a plain .mjs helper shared with `npm start`, without types.
import { findElectronBinary } from '../../scripts/electron-binary.mjs';

const REPO = resolve(import.meta.dirname, '../..');

/** Starts `airlock serve` on a free port and resolves with the URL it prints first. */
async function startConsole(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [resolve(REPO, 'bin/airlock.mjs'), 'serve', '--port', '0'], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolveUrl, reject) => {
    child.once('exit', (code) => reject(new Error(`airlock serve exited with ${code} before printing its URL`)));
    lines.once('line', resolveUrl);
  });
  return { url, child };
}

/** Why the electron project cannot run here, or undefined when it can (or this is another project). */
export function electronMissing(projectName: string): string | undefined {
  if (projectName !== 'electron') return undefined;
  const electron = findElectronBinary() as { path?: string; reason?: string };
  return electron.path ? undefined : (electron.reason ?? 'no Electron binary');
}

export const test = base.extend<{ appPage: Page; appEnv: NodeJS.ProcessEnv }>({
  appEnv: [{}, { option: true }],
  appPage: async ({ playwright, appEnv: given }, use, testInfo) => {
    // Never the operator's own data folder: a spec without a site gets an empty one of its own.
    const scratch = given.AIRLOCK_DATA_DIR ? undefined : mkdtempSync(join(tmpdir(), 'airlock-e2e-data-'));
    const appEnv = scratch ? { ...given, AIRLOCK_DATA_DIR: scratch } : given;
    try {
      await openApp(playwright, appEnv, use, testInfo);
    } finally {
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    }
  },
});

type Use = (page: Page) => Promise<void>;

async function openApp(
  playwright: PlaywrightWorkerArgs['playwright'],
  appEnv: NodeJS.ProcessEnv,
  use: Use,
  testInfo: TestInfo,
): Promise<void> {
  {
    if (testInfo.project.name === 'electron') {
      const electron = findElectronBinary() as { path?: string; reason?: string };
      testInfo.skip(!electron.path, electron.reason);
      const env = Object.fromEntries(
        Object.entries({ ...process.env, ...appEnv }).filter((e): e is [string, string] => e[1] !== undefined),
      );
      const app = await _electron.launch({ executablePath: electron.path, args: [REPO], env });
      await use(await app.firstWindow());
      await app.close();
      return;
    }
    // Launched here, not through the `browser` fixture, so that the electron
    // project never tries to start a browser of Playwright's own.
    const { url, child } = await startConsole(appEnv);
    const browser = await playwright.chromium.launch(testInfo.project.use.launchOptions);
    try {
      const page = await browser.newPage({ viewport: testInfo.project.use.viewport ?? null });
      await page.goto(url);
      await use(page);
    } finally {
      await browser.close();
      child.kill('SIGTERM');
    }
  }
}

export { expect } from '@playwright/test';
