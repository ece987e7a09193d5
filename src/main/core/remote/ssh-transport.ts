// Runs argv on a host with the system OpenSSH client, spawned from an argument
// vector (no local shell), and turns ssh's own failures into typed errors.
import { scanHostKeys } from './host-keys';
import type { RemoteHost } from './remote-host';
import { sshExitMasterArgv, sshPaths, sshRunArgv, type SshPaths } from './ssh-args';
import {
  AuthenticationError,
  classifySshFailure,
  HostKeyChangedError,
  HostKeyUnknownError,
  HostUnreachableError,
  lastLine,
  SshError,
} from './ssh-errors';
import { spawnCapture } from './spawn-capture';

export interface RunOptions {
  readonly input?: string | Buffer;
  readonly timeoutMs?: number;
  /**
   * A connection of its own rather than the shared one: proves the host takes
   * NEW logins now (an old session survives sshd being stopped), as the
   * confirmation after an activation must.
   */
  readonly fresh?: boolean;
}

export interface RunResult {
  /** The remote command's exit status (never 255 from ssh itself: that throws). */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface SshTransport {
  run(host: RemoteHost, argv: readonly string[], options?: RunOptions): Promise<RunResult>;
  /** Ends the shared connection (ControlMaster) to `host`, if one is up. */
  closeMaster(host: RemoteHost): Promise<void>;
}

/** ssh's own failure (exit 255) as the typed error the operator can act on. */
export async function sshFailure(host: RemoteHost, stderr: string): Promise<SshError> {
  const why = lastLine(stderr);
  switch (classifySshFailure(stderr)) {
    case 'host-key-changed': {
      // ssh does not print the new fingerprint in every form; ask the host (unauthenticated, display only).
      const offered = await scanHostKeys(host.address, host.port).catch(() => []);
      return new HostKeyChangedError(
        host.name,
        host.pinnedFingerprint,
        offered.map((k) => `${k.type} ${k.fingerprint}`),
        stderr,
      );
    }
    case 'host-key-unknown':
      return new HostKeyUnknownError(
        host.name,
        `no pinned host key for ${host.name}: add it again with \`airlock host add\` (${why})`,
        stderr,
      );
    case 'unreachable':
      return new HostUnreachableError(host.name, `${host.name} (${host.address}:${host.port}) is unreachable: ${why}`, stderr);
    case 'authentication':
      return new AuthenticationError(
        host.name,
        `${host.name}: login as ${host.user} was refused (check --user and --identity): ${why}`,
        stderr,
      );
    case 'other':
      return new SshError(host.name, `ssh to ${host.name} failed: ${why || 'exit 255'}`, stderr);
  }
}

export function createSshTransport(dataDir: string): SshTransport {
  const paths: SshPaths = sshPaths(dataDir);
  return {
    async run(host, argv, options = {}) {
      const result = await spawnCapture(sshRunArgv(host, paths, argv, { fresh: options.fresh }), options);
      if (result.timedOut)
        throw new HostUnreachableError(host.name, `${host.name}: no answer within ${options.timeoutMs} ms`, result.stderr);
      if (result.code === 255) throw await sshFailure(host, result.stderr);
      if (result.code === null) throw new SshError(host.name, `ssh to ${host.name} was killed`, result.stderr);
      return { code: result.code, stdout: result.stdout, stderr: result.stderr };
    },
    async closeMaster(host) {
      // Exit status is ignored on purpose: "no master running" is the state we want.
      await spawnCapture(sshExitMasterArgv(host, paths), { timeoutMs: 10_000 });
    },
  };
}
