// The packages an incident takes a host back through (current → target), read
// on the host; shared by the plans of systems and of profiles.
import type { HostRecord } from '../db/hosts';
import type { HostsContext } from '../operations/deploy-context';
import { remoteHostOf } from '../operations/remote-host-of';
import { compareClosures, readHostClosures, type ClosureComparison } from '../remote/closure-diff';

export async function diffOnHost(ctx: HostsContext, host: HostRecord, from: string | null, to: string): Promise<ClosureComparison | null> {
  if (from === null || from === to) return null;
  try {
    const closures = await readHostClosures(ctx.transport, remoteHostOf(host), [from, to]);
    return compareClosures(closures.get(from) ?? [], closures.get(to) ?? []);
  } catch {
    // The diff informs the operator; a host whose current closure cannot be read can still go back.
    return null;
  }
}
