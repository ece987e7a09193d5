// After an activation ends, the host gets its own record of it (see
// remote/host-history.ts): what was activated, when, by which station and
// operator, and whether it was confirmed healthy or rolled back. Operations
// decides what goes in it; remote/ only writes it. A record that cannot be
// written never turns the activation into a failed one: the audit row says
// the host's memory of it is missing.
import { appendAudit } from '../db/audit-log';
import type { Deployment } from '../db/deployments';
import type { SiteDb } from '../db/open-database';
import type { StoreEnv } from '../db/store-env';
import { writeHostChangeRecord, HOST_PROFILE_RECORD_FORMAT, HOST_RECORD_FORMAT, type HostChangeRecord } from '../remote/host-history';
import type { RemoteHost } from '../remote/remote-host';
import type { SshTransport } from '../remote/ssh-transport';
import { stationId } from './station-id';

export interface RecordContext {
  readonly db: SiteDb;
  readonly dataDir: string;
  readonly transport: SshTransport;
  readonly env?: StoreEnv;
}

/** The host's record of finished deployment `d`, as made by `station`. */
export function hostChangeRecordOf(d: Deployment, station: string): HostChangeRecord | undefined {
  if (d.outcome === 'running' || d.finishedAt === null) return undefined;
  return {
    ...(d.profile === undefined ? { format: HOST_RECORD_FORMAT } : { format: HOST_PROFILE_RECORD_FORMAT, profile: d.profile }),
    station,
    deployment: d.id,
    operator: d.operator,
    kind: d.kind,
    action: d.action,
    bundle: d.bundle ?? null,
    reason: d.reason ?? null,
    from: { generation: d.fromGeneration, toplevel: d.fromToplevel },
    to: { generation: d.toGeneration, toplevel: d.toToplevel },
    startedAt: d.startedAt,
    finishedAt: d.finishedAt,
    outcome: d.outcome,
    outcomeReason: d.outcomeReason,
    confirmed: d.confirmed,
  };
}

/** Writes the host's record of `d`; true when it was written, false (audited) when not. */
export async function recordOnHost(ctx: RecordContext, host: RemoteHost, d: Deployment): Promise<boolean> {
  try {
    const record = hostChangeRecordOf(d, stationId(ctx.dataDir));
    if (!record) return false;
    await writeHostChangeRecord(ctx.transport, host, record);
    return true;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    appendAudit(ctx.db, { action: 'host.record', subject: host.name, outcome: 'failed', details: { deployment: d.id, why } }, ctx.env);
    return false;
  }
}
