// After an activation is confirmed healthy, the host's known good generations
// (protectedGenerations) get the app's GC roots, and roots of generations
// that are no longer among them are let go. Audited either way; a failure
// here never turns the confirmed activation into a failed one: the system
// runs and is healthy, only the extra protection is missing, and the audit
// row says so.
import { appendAudit } from '../db/audit-log';
import type { SiteDb } from '../db/open-database';
import type { StoreEnv } from '../db/store-env';
import { replaceLkgRoots } from '../remote/lkg-roots';
import type { RemoteHost } from '../remote/remote-host';
import type { SshTransport } from '../remote/ssh-transport';
import { protectedGenerations } from './last-known-good';

export interface ProtectContext {
  readonly db: SiteDb;
  readonly transport: SshTransport;
  readonly env?: StoreEnv;
}

/** Returns the generations now rooted on `host`, or null when the roots could not be updated (audited as failed). */
export async function protectLastKnownGood(ctx: ProtectContext, host: RemoteHost): Promise<number[] | null> {
  const roots = protectedGenerations(ctx.db, host.name);
  const rooted = roots.map((r) => ({ generation: r.generation, toplevel: r.toplevel }));
  try {
    const removed = await replaceLkgRoots(ctx.transport, host, rooted);
    appendAudit(ctx.db, { action: 'host.lkg-roots', subject: host.name, outcome: 'ok', details: { rooted, removed } }, ctx.env);
    return roots.map((r) => r.generation);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    appendAudit(ctx.db, { action: 'host.lkg-roots', subject: host.name, outcome: 'failed', details: { rooted, why } }, ctx.env);
    return null;
  }
}
