// Adopting a host: right after it is added, probe it once; when it answers
// and runs a generation of its own profile, that generation is recorded as
// known good ("adopted"), so an incident on a fleet Airlock never deployed to
// still has somewhere to go back to. A probe that fails adopts nothing and
// never undoes the add: the audit row says why.
import { appendAudit } from '../db/audit-log';
import { adoptGeneration } from '../db/generation-marks';
import type { HostRecord } from '../db/hosts';
import type { SiteDb } from '../db/open-database';
import { probeHost, runningGeneration } from '../remote/probe-hosts';
import type { SshTransport } from '../remote/ssh-transport';
import { remoteHostOf } from './remote-host-of';

export interface AdoptDeps {
  readonly db: SiteDb;
  readonly transport: SshTransport;
}

/** The generation adopted, or null when the host was not probed healthy (audited as 'generation.adopt' refused). */
export async function adoptRunningGeneration(deps: AdoptDeps, host: HostRecord): Promise<number | null> {
  const probe = await probeHost(deps.transport, remoteHostOf(host));
  const running = runningGeneration(probe);
  if (!probe.reachable || !running || running.toplevel === null || probe.error) {
    const why = !probe.reachable
      ? `unreachable: ${probe.error ?? 'no answer'}`
      : (probe.error ?? 'it runs no generation of its system profile');
    appendAudit(deps.db, {
      action: 'generation.adopt',
      subject: host.name,
      outcome: 'refused',
      details: { reason: `not adopted: ${why}` },
    });
    return null;
  }
  adoptGeneration(deps.db, { host: host.name, generation: running.generation, toplevel: running.toplevel });
  return running.generation;
}
