// Step 1 of an incident: which hosts. By name, by tag, or the hosts the
// latest deployment changed (each then goes back to what was known good
// before THAT deployment, even if something else happened to it since).
import { SiteRefusal } from '../db/db-errors';
import { findHost, listHosts, requireHost, type HostRecord } from '../db/hosts';
import type { SiteDb } from '../db/open-database';
import { latestDeploymentRun } from '../operations/last-known-good';

export type IncidentSelection =
  | { readonly kind: 'hosts'; readonly names: readonly string[] }
  | { readonly kind: 'tag'; readonly tag: string }
  | { readonly kind: 'latest-deployment' };

export interface SelectedHosts {
  readonly hosts: readonly HostRecord[];
  /** In words, for the record and the report. */
  readonly selection: string;
  readonly before?: ReadonlyMap<string, number>;
}

export function selectIncidentHosts(db: SiteDb, sel: IncidentSelection): SelectedHosts {
  switch (sel.kind) {
    case 'hosts': {
      const hosts = [...new Set(sel.names)].map((n) => requireHost(db, n));
      if (hosts.length === 0) throw new SiteRefusal('name at least one host');
      return { hosts, selection: `hosts ${hosts.map((h) => h.name).join(', ')}` };
    }
    case 'tag': {
      const hosts = listHosts(db).filter((h) => h.tags.includes(sel.tag));
      if (hosts.length === 0) throw new SiteRefusal(`no host is tagged ${sel.tag} (see \`airlock host ls\`)`);
      return { hosts, selection: `tag ${sel.tag}` };
    }
    case 'latest-deployment': {
      const run = latestDeploymentRun(db);
      const known = run?.hosts.filter((h) => findHost(db, h.host) !== undefined) ?? [];
      if (!run || known.length === 0)
        throw new SiteRefusal('no deployment on record changed a host that is still known; name the hosts instead');
      return {
        hosts: known.map((h) => requireHost(db, h.host)),
        selection: `latest deployment ${run.bundle}`,
        before: new Map(known.map((h) => [h.host, h.deploymentId])),
      };
    }
  }
}
