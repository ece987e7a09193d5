// Deleting system profile generations on a host, as `nix-env
// --delete-generations` does: the system-N-link links go; the store paths
// stay until the host's next garbage collection (and a known good system's
// paths stay after it too, held by the app's GC roots).
import { SYSTEM_PROFILE } from './activate/activation-plan';
import type { RemoteHost } from './remote-host';
import { SshError } from './ssh-errors';
import type { SshTransport } from './ssh-transport';

/** DESTRUCTIVE: the generations `numbers` of the host's system profile are gone (no rollback to them afterwards). */
export async function deleteSystemGenerations(transport: SshTransport, host: RemoteHost, numbers: readonly number[]): Promise<void> {
  if (numbers.length === 0) return;
  for (const n of numbers) if (!Number.isSafeInteger(n) || n < 1) throw new Error(`not a generation number: ${String(n)}`);
  // Each number is its own argv word: nix-env never sees a range, "old" or "+N" the app did not mean.
  const r = await transport.run(host, ['nix-env', '-p', SYSTEM_PROFILE, '--delete-generations', ...numbers.map(String)], {
    timeoutMs: 120_000,
  });
  if (r.code !== 0)
    throw new SshError(host.name, `${host.name}: deleting generations ${numbers.join(', ')} failed: ${r.stderr.trim()}`, r.stderr);
}
