// The site, its trust and the settings of this run, for the Settings screen.
// Every change goes through the site store, which writes its audit row; the
// faces hear of it through 'changed' and 'audit' events.
import type { ApiHandlers } from '../../../shared/api';
import type { SettingsView, SiteView } from '../../../shared/schemas';
import type { ServiceContext } from './context';
import { readPublicKeyFile } from '../usecases/keys';
import { setThreshold, setUpSite, showSite, trustKey, untrustKey } from '../usecases/site';

type SiteHandlers = Pick<
  ApiHandlers,
  'siteShow' | 'siteInit' | 'keysReadFile' | 'trustAdd' | 'trustRemove' | 'trustThreshold' | 'settingsGet' | 'settingsSet'
>;

function siteView(ctx: ServiceContext): SiteView | null {
  const site = showSite(ctx.uc);
  if (!site) return null;
  const { name, created, threshold, bundleKeys, nixKeys, floor, dataDir } = site;
  return { name, created, threshold, bundleKeys: [...bundleKeys], nixKeys: [...nixKeys], floor: floor.sequence, dataDir };
}

function settingsView(ctx: ServiceContext): SettingsView {
  return { probeIntervalMs: ctx.settings.probeIntervalMs, dataDir: ctx.uc.dataDir, mediaRoots: [...ctx.settings.mediaRoots] };
}

/** Runs a change of the site, then tells every face; a refused change is audited too, so both paths announce. */
function siteChange<T>(ctx: ServiceContext, change: () => T): T {
  try {
    return change();
  } finally {
    ctx.events.emit({ type: 'changed', what: 'site' });
  }
}

export function siteHandlers(ctx: ServiceContext, onSettings: () => void): SiteHandlers {
  return {
    siteShow: async () => siteView(ctx),
    siteInit: async (input) => {
      siteChange(ctx, () => setUpSite(ctx.uc, input));
      return siteView(ctx) as SiteView;
    },
    keysReadFile: async ({ path }) => ({ publicKey: await readPublicKeyFile(path) }),
    trustAdd: async ({ kind, publicKey }) => siteChange(ctx, () => trustKey(ctx.uc, kind, publicKey)),
    trustRemove: async ({ kind, name }) => siteChange(ctx, () => untrustKey(ctx.uc, kind, name)),
    trustThreshold: async ({ threshold }) =>
      siteChange(ctx, () => {
        const { from, to } = setThreshold(ctx.uc, threshold);
        return { from, to };
      }),
    settingsGet: async () => settingsView(ctx),
    settingsSet: async ({ probeIntervalMs }) => {
      // Kept for this run only: the database has no setting for it yet (db/settings.ts knows 'last-cache' alone).
      ctx.settings.probeIntervalMs = probeIntervalMs;
      onSettings();
      ctx.events.emit({ type: 'changed', what: 'settings' });
      return settingsView(ctx);
    },
  };
}
