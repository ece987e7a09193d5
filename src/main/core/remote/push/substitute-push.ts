// The default push: the host's own Nix substitutes the missing paths from the
// laptop's offline cache, reached through an SSH remote forward. The compressed
// NARs cross the link (about a third of the bytes `nix copy --to ssh://` sends),
// the host decompresses and checks the site's signatures itself, and Nix's own
// substitution registers a path only once it is whole: a dropped connection
// leaves nothing invalid behind, and a retry fetches only what is still missing.
//
// The forward's port is picked by the host's sshd (-R 0:…) so hosts sharing
// an address never clash; ssh prints it, and the remote command reads it
// from stdin before it starts Nix.
import { spawn } from 'node:child_process';
import type { CachedPath } from '../../cache/cached-paths';
import type { RemoteHost } from '../remote-host';
import { sshOptions, type SshPaths } from '../ssh-args';
import { lastLine } from '../ssh-errors';
import { sshFailure } from '../ssh-transport';
import { remoteCommand } from '../shell-quote';
import type { CacheHttpServer } from './cache-http-server';
import type { PushOutcome, PushProgress } from './push-progress';

export class PortForwardRefusedError extends Error {}
export class SubstitutionFailedError extends Error {}

// $1 toplevel, $2 scope path, $3 trusted keys. max-jobs 0: a host never builds.
const REMOTE_SCRIPT = `read -r port || exit 97
exec nix-store --realise "$1" --option substituters "http://127.0.0.1:$port$2" --option trusted-public-keys "$3" \\
  --option require-sigs true --option max-jobs 0 --option builders "" --option fallback false --option connect-timeout 10`;

export interface SubstitutePushOptions {
  readonly host: RemoteHost;
  readonly sshPaths: SshPaths;
  readonly server: CacheHttpServer;
  readonly toplevel: string;
  /** The host's whole closure: what it may fetch. */
  readonly closure: readonly CachedPath[];
  /** What it lacks: the totals progress is measured against. */
  readonly missing: readonly CachedPath[];
  /** `name:base64` keys the host's Nix must accept the narinfos' signatures from. */
  readonly trustedKeys: readonly string[];
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: PushProgress) => void;
}

export async function pushBySubstitution(o: SubstitutePushOptions): Promise<PushOutcome> {
  const totals = { bytesTotal: o.missing.reduce((n, p) => n + (p.narinfo.fileSize ?? 0), 0), pathsTotal: o.missing.length };
  const scope = o.server.openScope(o.closure, (s) => o.onProgress?.({ bytesSent: s.bytes, pathsSent: s.nars, ...totals }));
  try {
    const argv = ['sh', '-c', REMOTE_SCRIPT, 'airlock-substitute', o.toplevel, scope.path, o.trustedKeys.join(' ')];
    const forward = ['-o', 'ExitOnForwardFailure=yes', '-o', 'LogLevel=INFO', '-R', `127.0.0.1:0:127.0.0.1:${o.server.port}`];
    const ssh = ['ssh', ...sshOptions(o.host, o.sshPaths, { fresh: true }), ...forward, '--', o.host.address, remoteCommand(argv)];
    const { code, signal, stderr } = await runForwarded(ssh, o.signal);
    if (code === 255 && /remote port forwarding failed/i.test(stderr)) {
      throw new PortForwardRefusedError(`${o.host.name} refuses SSH port forwarding (AllowTcpForwarding): ${lastLine(stderr)}`);
    }
    if (code === 255) throw await sshFailure(o.host, stderr);
    if (code === null) {
      const why = o.signal?.aborted ? 'the push was cancelled' : `the SSH connection carrying the push was cut (${signal ?? 'killed'})`;
      throw new SubstitutionFailedError(`${o.host.name}: ${why}; what had fully arrived stays, the rest is not registered`);
    }
    if (code !== 0) throw new SubstitutionFailedError(substitutionProblem(o.host.name, code, stderr));
    const { bytes, nars } = scope.stats();
    return { method: 'substitute', pathsSent: nars, bytesSent: bytes };
  } finally {
    scope.close();
  }
}

function substitutionProblem(host: string, code: number, stderr: string): string {
  if (/ignoring untrusted substituter|not a trusted user/i.test(stderr)) {
    return `${host}: its Nix does not let this SSH user choose a substituter; deploy as root or add the user to trusted-users`;
  }
  return `${host}: Nix on the host could not fetch the system from the offline cache (exit ${code}): ${lastLine(stderr)}`;
}

/** Runs ssh, hands the remote the forwarded port once ssh names it, and collects stderr. */
function runForwarded(
  argv: readonly string[],
  signal?: AbortSignal,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const [program, ...args] = argv as [string, ...string[]];
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    let portSent = false;
    const onAbort = (): void => void child.kill('SIGTERM');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const port = /Allocated port (\d+) for remote forward/.exec(stderr)?.[1];
      if (port && !portSent) {
        portSent = true;
        child.stdin.end(`${port}\n`);
      }
    });
    child.stdin.on('error', () => undefined);
    child.on('error', (err) => reject(new Error(`ssh could not start: ${err.message}`, { cause: err })));
    child.on('close', (code, killedBy) => {
      signal?.removeEventListener('abort', onAbort);
      // Only ssh's "Allocated port" line is ours; the rest is the remote's.
      resolve({ code, signal: killedBy, stderr: stderr.replace(/^Allocated port .*\n/m, '') });
    });
  });
}
