// Deleting generations of one of a host's Nix profiles (issue 12), as `nix-env
// -p PROFILE --delete-generations` does: the PROFILE-N-link links go; the
// store paths stay until the host's next garbage collection (a known good
// generation's paths stay after it too, held by the app's GC roots).
import type { RemoteHost } from './remote-host';
import { SshError } from './ssh-errors';
import type { SshTransport } from './ssh-transport';

/** DESTRUCTIVE: the generations `numbers` of `profile` are gone (no rollback to them afterwards). */
export async function deleteProfileGenerations(
  transport: SshTransport,
  host: RemoteHost,
  profile: string,
  numbers: readonly number[],
): Promise<void> {
  if (numbers.length === 0) return;
  if (!/^\/[^\s\0]+$/.test(profile) || profile.split('/').includes('..')) throw new Error(`not a profile path: ${profile}`);
  for (const n of numbers) if (!Number.isSafeInteger(n) || n < 1) throw new Error(`not a generation number: ${String(n)}`);
  // Each number is its own argv word: nix-env never sees a range, "old" or "+N" the app did not mean.
  const r = await transport.run(host, ['nix-env', '-p', profile, '--delete-generations', ...numbers.map(String)], {
    timeoutMs: 120_000,
  });
  if (r.code !== 0)
    throw new SshError(
      host.name,
      `${host.name}: deleting generations ${numbers.join(', ')} of profile ${profile} failed: ${r.stderr.trim()}`,
      r.stderr,
    );
}
