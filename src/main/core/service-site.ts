// The site, its trust and the settings of this run, for the Settings screen.
// Every change goes through the site store, which writes its audit row; the
// faces hear of it through 'changed' and 'audit' events.
import type { ApiHandlers } from '../../shared/api';
import type { SettingsView, SiteView } from '../../shared/schemas';
import { siteFloor } from './db/accepted-bundles';
import { getSite } from './db/site-store';
import { addTrustedKey, removeTrustedKey, setThreshold } from './db/trust-changes';
import { parsePublicKey } from './nix/signing';
import type { ServiceContext } from './service-context';
import { announceAudit } from './service-audit';

type SiteHandlers = Pick<ApiHandlers, 'siteShow' | 'trustAdd' | 'trustRemove' | 'trustThreshold' | 'settingsGet' | 'settingsSet'>;

function siteView(ctx: ServiceContext): SiteView | null {
  const db = ctx.uc.db();
  const site = getSite(db);
  if (!site) return null;
  return {
    name: site.name,
    created: site.created,
    threshold: site.threshold,
    bundleKeys: [...site.bundleKeys],
    nixKeys: [...site.nixKeys],
    floor: siteFloor(db).sequence,
    dataDir: ctx.uc.dataDir,
  };
}

function settingsView(ctx: ServiceContext): SettingsView {
  return { probeIntervalMs: ctx.settings.probeIntervalMs, dataDir: ctx.uc.dataDir, mediaRoots: [...ctx.settings.mediaRoots] };
}

/** Runs a change of the site, then tells every face; a refused change is audited too, so both paths announce. */
function siteChange<T>(ctx: ServiceContext, change: () => T): T {
  try {
    return change();
  } finally {
    announceAudit(ctx);
    ctx.events.emit({ type: 'changed', what: 'site' });
  }
}

export function siteHandlers(ctx: ServiceContext, onSettings: () => void): SiteHandlers {
  return {
    siteShow: async () => siteView(ctx),
    trustAdd: async ({ kind, publicKey }) => siteChange(ctx, () => addTrustedKey(ctx.uc.db(), kind, parsePublicKey(publicKey.trim()))),
    trustRemove: async ({ kind, name }) => siteChange(ctx, () => removeTrustedKey(ctx.uc.db(), kind, name)),
    trustThreshold: async ({ threshold }) => siteChange(ctx, () => ({ from: setThreshold(ctx.uc.db(), threshold), to: threshold })),
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
