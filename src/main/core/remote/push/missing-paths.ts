// Which paths of a closure a host lacks, in one round trip however long the
// closure: the paths go on stdin (never on a command line that could grow past
// the host's limit) and the host's own Nix answers.
import type { CachedPath } from '../../cache/cached-paths';
import { printStorePath } from '../../nix/store-path';
import type { RemoteHost } from '../remote-host';
import type { SshTransport } from '../ssh-transport';

const SCRIPT = 'xargs -r nix-store --check-validity --print-invalid';

export async function missingOnHost(transport: SshTransport, host: RemoteHost, closure: readonly CachedPath[]): Promise<CachedPath[]> {
  const paths = closure.map((p) => printStorePath(p.narinfo.storePath));
  const result = await transport.run(host, ['sh', '-c', SCRIPT], { input: `${paths.join('\n')}\n`, timeoutMs: 60_000 });
  if (result.code !== 0)
    throw new Error(
      `${host.name}: could not ask its Nix which paths it has: ${result.stderr.trim().split('\n').at(-1) ?? `exit ${result.code}`}`,
    );
  const invalid = new Set(result.stdout.split('\n').filter(Boolean));
  return closure.filter((p) => invalid.has(printStorePath(p.narinfo.storePath)));
}
