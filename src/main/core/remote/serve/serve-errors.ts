// What went wrong in a serve session, in operator words: which host, what
// Airlock was doing, and the remote's own `error:` line when it gave one.
import type { RemoteHost } from '../remote-host';
import { lastLine, SshError } from '../ssh-errors';
import { sshFailure } from '../ssh-transport';

/** The session failed after ssh itself got through: a Nix error, a dropped link, a bad cache entry. */
export class ServeError extends SshError {
  override readonly name: string = 'ServeError';
}

/** The operator (or a caller's AbortSignal) stopped the transfer; ssh was killed. */
export class ServeAbortedError extends ServeError {
  override readonly name: string = 'AbortError';
}

// Nix colours its messages only on a terminal, but a login shell may still add escapes.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');

/** Nix's own `error: …` line when there is one (it may be followed by trace lines), else the last line. */
export function remoteReason(stderr: string): string {
  const lines = stderr
    .replace(ANSI, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.find((l) => l.startsWith('error:')) ?? lines.at(-1) ?? '';
}

/**
 * ssh exits 255 for its own failures, which the SSH transport sorts the same
 * way (ssh-transport.ts); other endings are the remote command's.
 */
export async function sessionEnded(
  host: RemoteHost,
  doing: string,
  code: number | null,
  signal: NodeJS.Signals | null,
  stderr: string,
): Promise<SshError> {
  const why = lastLine(stderr);
  // ssh's own failures read the same wherever they happen; only "other" names what was going on.
  if (code === 255) {
    const failure = await sshFailure(host, stderr);
    return failure.constructor === SshError
      ? new ServeError(host.name, `${host.name}: ssh failed while ${doing}: ${why || 'exit 255'}`, stderr)
      : failure;
  }
  if (code === 127) return new ServeError(host.name, `${host.name} has no nix-store on its PATH: ${why}`, stderr);
  const reason = remoteReason(stderr);
  const ending = signal !== null ? `ssh was killed (${signal})` : `the connection closed (exit ${code})`;
  return new ServeError(host.name, `${host.name}: ${doing} failed: ${reason || ending}`, stderr);
}
