// Talking to a fleet host the way Airlock does: the system ssh client, the
// fleet's key, the host key pinned in the fleet's known_hosts, no prompts.
import { spawn } from 'node:child_process';
import type { FleetHost } from './state';

/** Options that make ssh use only what the fleet gives it, whatever ~/.ssh holds. */
export function sshOptions(host: FleetHost): string[] {
  return [
    '-F',
    '/dev/null',
    '-i',
    host.clientKey,
    '-p',
    String(host.port),
    '-o',
    'BatchMode=yes',
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${host.knownHosts}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-o',
    'ConnectTimeout=10',
    '-o',
    'LogLevel=ERROR',
  ];
}

/**
 * ssh joins its arguments into one command line for the remote login shell,
 * so each argv element is quoted for that shell: the remote runs exactly argv.
 */
export function remoteCommandLine(argv: readonly string[]): string {
  return argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`)).join(' ');
}

export interface RemoteResult {
  /** Exit status; 255 is ssh's own failure (refused, dropped, host key mismatch). */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

export interface RunOnHostOptions {
  /** Reject when the command exits non-zero (default true); fault tests turn it off. */
  readonly check?: boolean;
  /** Kill the ssh client after this long (a hung activation never returns). */
  readonly timeoutMs?: number;
  readonly input?: string | Buffer;
  /** The login (default root; a nix-only host's own user is `host.user`). */
  readonly user?: string;
}

export function runOnHost(host: FleetHost, argv: readonly string[], options: RunOnHostOptions = {}): Promise<RemoteResult> {
  const { check = true, timeoutMs, input, user = 'root' } = options;
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', [...sshOptions(host), `${user}@${host.address}`, '--', remoteCommandLine(argv)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err) => reject(new Error(`ssh to ${host.name} could not start: ${err.message}`, { cause: err })));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result: RemoteResult = { code, signal, stdout, stderr, timedOut };
      if (check && code !== 0) {
        reject(
          new Error(`${host.name}: ${argv.join(' ')} failed (${timedOut ? 'timed out' : `status ${code ?? signal}`}): ${stderr.trim()}`),
        );
      } else {
        resolve(result);
      }
    });
    // ssh that cannot reach a stopped host exits before reading its input; that is its result, not a crash.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}
