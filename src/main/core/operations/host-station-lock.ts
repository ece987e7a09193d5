// The host's own lock (remote/host-lock.ts), taken for every operation that
// changes a host, after this station's own lock row: the row keeps this
// station's processes apart, the host's lock keeps stations apart. A host
// another station holds is a refusal naming that station, what it does and
// since when. A dead holder taken over is audited, so the operator learns
// that another station's operation ended without letting go.
import { appendAudit } from '../db/audit-log';
import { formatRfc3339 } from '../../../shared/rfc3339';
import { systemEnv } from '../db/store-env';
import { Refusal } from '../refusal-error';
import { takeHostLock, HOST_LOCK_PATH, type HeldHostLock, type HostLockHolder } from '../remote/host-lock';
import type { RemoteHost } from '../remote/remote-host';
import type { HostsContext } from './deploy-context';
import { stationId } from './station-id';

export class HostHeldByStationError extends Refusal {
  override readonly name: string = 'HostHeldByStationError';
  override readonly code = 'busy';

  constructor(
    host: string,
    readonly holder: HostLockHolder,
  ) {
    super(
      `${host} is held by station ${holder.station} since ${holder.since} (${holder.operation} by ${holder.operator}); ` +
        `wait for it to finish and try again. If that station is gone, its lock goes when its SSH session on ${host} ends ` +
        `(or when ${host} reboots); it is ${HOST_LOCK_PATH} on the host`,
      { details: { host, holder } },
    );
  }
}

/** Takes `host`'s own lock for `operation`, or throws HostHeldByStationError naming the station that holds it. */
export async function takeStationLock(ctx: HostsContext, remote: RemoteHost, operation: string): Promise<HeldHostLock> {
  const env = ctx.env ?? systemEnv;
  const station = stationId(ctx.dataDir);
  const attempt = await takeHostLock(ctx.sshPaths, remote, { station, operation, operator: env.user(), since: formatRfc3339(env.now()) });
  if (!attempt.taken) throw new HostHeldByStationError(remote.name, attempt.holder);
  const stale = attempt.lock.tookOverStale;
  if (stale)
    appendAudit(
      ctx.db,
      {
        action: 'host.lock-takeover',
        subject: remote.name,
        outcome: 'ok',
        details: {
          reason: `took over the lock of station ${stale.station} (${stale.operation} since ${stale.since}): its holder is gone`,
          stale,
        },
      },
      ctx.env,
    );
  return attempt.lock;
}
