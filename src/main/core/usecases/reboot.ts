// `airlock reboot HOST…` and the app's Reboot: restart hosts (a new kernel
// runs only after one) and wait until each is back with a new boot id, then
// probe it. DESTRUCTIVE: everything the host runs stops while it reboots.
// The hosts named reboot at the same time, each waited for on its own; one
// that does not come back within the wait is a failed outcome, never a throw.
import { requireHost, type HostRecord } from '../db/hosts';
import type { HostOutcome } from '../operations/host-outcome';
import { DEFAULT_REBOOT_WAIT_SECONDS, rebootHost } from '../operations/reboot-host';
import type { UseCaseContext } from './context';
import { BadInputError } from './refusals';
import { hostsContextOf, type RunHooks } from './run-hooks';

export { DEFAULT_REBOOT_WAIT_SECONDS } from '../operations/reboot-host';

export interface RebootRequest {
  readonly hosts: readonly string[];
  /** Default DEFAULT_REBOOT_WAIT_SECONDS. */
  readonly waitSeconds?: number;
  readonly reason?: string;
}

export interface PreparedReboot {
  readonly hosts: readonly HostRecord[];
  run(hooks?: RunHooks): Promise<HostOutcome[]>;
}

/** Checks the hosts exist (refused at once otherwise); `run` reboots them. */
export function prepareReboot(uc: UseCaseContext, req: RebootRequest): PreparedReboot {
  const names = [...new Set(req.hosts)];
  if (names.length === 0) throw new BadInputError('name at least one host to reboot');
  const waitSeconds = req.waitSeconds ?? DEFAULT_REBOOT_WAIT_SECONDS;
  if (!Number.isInteger(waitSeconds) || waitSeconds < 1 || waitSeconds > 86_400)
    throw new BadInputError(`--wait must be whole seconds from 1 to 86400, not ${waitSeconds}`);
  const hosts = names.map((n) => requireHost(uc.siteDb(), n));
  const reason = req.reason?.trim() ? { reason: req.reason.trim() } : {};
  return {
    hosts,
    run: (hooks = {}) => {
      const ctx = hostsContextOf(uc, hooks);
      return Promise.all(hosts.map((h) => rebootHost(ctx, h, { waitSeconds, ...reason })));
    },
  };
}
