// After a profile activation is confirmed healthy, that profile's known good
// generations (protectedProfileGenerations) get GC roots on the host, and the
// profile's roots no longer among them are let go. Audited either way, like
// the system's (protect-last-known-good.ts); a failure never turns the
// confirmed activation into a failed one.
import { appendAudit } from '../db/audit-log';
import { replaceProfileLkgRoots } from '../remote/profile-lkg-roots';
import type { RemoteHost } from '../remote/remote-host';
import { protectedProfileGenerations } from './profile-last-known-good';
import type { ProtectContext } from './protect-last-known-good';

/** Returns the profile's generations now rooted on `host`, or null when the roots could not be updated (audited as failed). */
export async function protectProfileLastKnownGood(ctx: ProtectContext, host: RemoteHost, profile: string): Promise<number[] | null> {
  const roots = protectedProfileGenerations(ctx.db, host.name, profile);
  const rooted = roots.map((r) => ({ generation: r.generation, toplevel: r.toplevel }));
  try {
    const { removed, folder } = await replaceProfileLkgRoots(ctx.transport, host, profile, rooted);
    appendAudit(
      ctx.db,
      { action: 'host.lkg-roots', subject: host.name, outcome: 'ok', details: { profile, rooted, removed, folder } },
      ctx.env,
    );
    return roots.map((r) => r.generation);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    appendAudit(ctx.db, { action: 'host.lkg-roots', subject: host.name, outcome: 'failed', details: { profile, rooted, why } }, ctx.env);
    return null;
  }
}
