// A station that adds a host reads back the host's own records of Airlock's
// changes (remote/host-history.ts) and makes them its deployment history, so
// a replacement laptop or a fresh deploy station knows what the lost station
// had confirmed healthy: last known good, incident rollback and cleaning then
// answer as they would have there. Records this station wrote itself, and
// changes it already holds, are skipped. Audited as "imported from host";
// a host that cannot be read is audited as failed and still added.
import { appendAudit } from '../db/audit-log';
import type { HostRecord } from '../db/hosts';
import { hasDeploymentLike, insertImportedDeployment, type ImportedDeployment } from '../db/imported-deployments';
import type { SiteDb } from '../db/open-database';
import type { StoreEnv } from '../db/store-env';
import { readHostHistory, type HostChangeRecord } from '../remote/host-history';
import type { SshTransport } from '../remote/ssh-transport';
import { remoteHostOf } from './remote-host-of';
import { stationId } from './station-id';

export interface ImportHistoryContext {
  readonly db: SiteDb;
  readonly dataDir: string;
  readonly transport: SshTransport;
  readonly env?: StoreEnv;
}

export interface ImportedChange {
  readonly deployment: number;
  readonly station: string;
  readonly stationDeployment: number;
  readonly kind: HostChangeRecord['kind'];
  readonly generation: number | null;
  readonly toplevel: string;
  readonly outcome: HostChangeRecord['outcome'];
  readonly confirmed: boolean;
  /** The Nix profile the change was to; absent: the NixOS system. */
  readonly profile?: string;
}

export interface HistoryImport {
  readonly host: string;
  readonly imported: readonly ImportedChange[];
  /** Records already held here (written by this station, or imported before). */
  readonly skipped: number;
  readonly unreadable: number;
  /** Why the host's records could not be read, if they could not. */
  readonly error: string | null;
}

const rowOf = (host: string, r: HostChangeRecord): ImportedDeployment => ({
  host,
  station: r.station,
  kind: r.kind,
  action: r.action,
  bundle: r.bundle,
  operator: r.operator,
  reason: r.reason,
  fromGeneration: r.from.generation,
  fromToplevel: r.from.toplevel,
  toGeneration: r.to.generation,
  toToplevel: r.to.toplevel,
  startedAt: r.startedAt,
  finishedAt: r.finishedAt,
  outcome: r.outcome,
  outcomeReason: r.outcomeReason,
  confirmed: r.confirmed,
  profile: r.profile ?? null,
});

/** Reads `host`'s records and inserts the changes this station does not hold yet; never throws for the host's sake. */
export async function importHostHistory(ctx: ImportHistoryContext, host: HostRecord): Promise<HistoryImport> {
  let records: readonly HostChangeRecord[];
  let unreadable: number;
  try {
    ({ records, unreadable } = await readHostHistory(ctx.transport, remoteHostOf(host)));
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    appendAudit(ctx.db, { action: 'host.history-import', subject: host.name, outcome: 'failed', details: { why: error } }, ctx.env);
    return { host: host.name, imported: [], skipped: 0, unreadable: 0, error };
  }
  const own = stationId(ctx.dataDir);
  const imported: ImportedChange[] = [];
  let skipped = 0;
  ctx.db
    .transaction(() => {
      for (const r of records) {
        const row = rowOf(host.name, r);
        if (r.station === own || hasDeploymentLike(ctx.db, row)) {
          skipped++;
          continue;
        }
        imported.push({
          deployment: insertImportedDeployment(ctx.db, row),
          station: r.station,
          stationDeployment: r.deployment,
          kind: r.kind,
          generation: r.to.generation,
          toplevel: r.to.toplevel,
          outcome: r.outcome,
          confirmed: r.confirmed,
          ...(r.profile === undefined ? {} : { profile: r.profile }),
        });
      }
      if (records.length > 0 || unreadable > 0)
        appendAudit(
          ctx.db,
          {
            action: 'host.history-import',
            subject: host.name,
            outcome: 'ok',
            details: { source: 'imported from host', imported, skipped, unreadable },
          },
          ctx.env,
        );
    })
    .immediate();
  return { host: host.name, imported, skipped, unreadable, error: null };
}
