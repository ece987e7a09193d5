// The browser specs' site: one demo site per Playwright worker (a fleet takes
// seconds to start), its data folder handed to every app the specs open.
import { electronMissing, test as appTest } from './app-fixture';
import { setUpDemoSite, type DemoSite, type DemoSiteOptions } from './demo-site';

/** What the specs wait for "offline" within: one probe interval plus a probe's own time. */
export const PROBE_INTERVAL_MS = 2000;

export const test = appTest.extend<
  object,
  { demoSite: DemoSite; deployBundle: DemoSiteOptions['deployBundle']; siteOf: string | undefined }
>({
  // A worker option: a spec file that asks for the deploy bundle (test.use) gets a worker, and so a
  // fleet and site, of its own, so its deploys never change what the other specs expect.
  deployBundle: [undefined, { scope: 'worker', option: true }],
  // A spec file that changes the site in ways another would notice (a new bundle) names a site of its own:
  // a different value is a different worker, so a different fleet and site.
  siteOf: [undefined, { scope: 'worker', option: true }],
  demoSite: [
    async ({ deployBundle, siteOf: _siteOf }, use, workerInfo) => {
      // Where the app cannot start (no Electron binary), its specs are skipped
      // by appPage; starting a fleet for them would only cost time.
      if (electronMissing(workerInfo.project.name)) return use({ env: {} } as DemoSite);
      const site = await setUpDemoSite({ probeIntervalMs: PROBE_INTERVAL_MS, ...(deployBundle ? { deployBundle } : {}) });
      try {
        await use(site);
      } finally {
        await site.stop();
      }
    },
    { scope: 'worker', timeout: 300_000 },
  ],
  appEnv: async ({ demoSite }, use) => use({ ...demoSite.env }),
});

export { expect } from '@playwright/test';
