// What the host keeps of a finished profile activation (issue 12), as for the
// system's (activate-host.ts): its own record of the change, so a station that
// lost its database reads it back, and, once confirmed, GC roots for the
// profile's known good generations. Neither ever fails the activation.
import type { Deployment } from '../db/deployments';
import type { HostsContext } from './deploy-context';
import type { RunningOperation } from './host-operation';
import { protectProfileLastKnownGood } from './protect-profile-last-known-good';
import { recordOnHost } from './record-on-host';

export async function keepOnHost(ctx: HostsContext, op: RunningOperation, finished: Deployment): Promise<void> {
  await recordOnHost(ctx, op.remote, finished);
  if (finished.profile !== undefined && finished.confirmed && finished.action === 'switch')
    await protectProfileLastKnownGood(ctx, op.remote, finished.profile);
}
