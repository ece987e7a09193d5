// ssh's own failures (exit 255) sorted by what the operator must do about them.
// Each is a refusal in operator words, never a stack trace.
import { Refusal } from '../refusal-error';

export class SshError extends Refusal {
  override readonly name: string = 'SshError';
  override readonly code = 'unreachable';
  constructor(
    readonly host: string,
    message: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

const fingerprintIn = (offered: string | undefined): string => offered?.split(' ').find((w) => w.startsWith('SHA256:')) ?? 'SHA256:…';

/** The host offers a key other than the pinned one; nothing was sent to it. */
export class HostKeyChangedError extends SshError {
  override readonly name: string = 'HostKeyChangedError';
  constructor(
    host: string,
    readonly pinned: string | undefined,
    readonly offered: readonly string[],
    stderr: string,
  ) {
    super(
      host,
      `host key of ${host} has changed: pinned ${pinned ?? '(unknown)'}, now offered ${offered.length > 0 ? offered.join(', ') : '(could not fetch)'}. ` +
        `Nothing was run. If the host was reinstalled, check the new fingerprint on its console, then run ` +
        `\`airlock host pin ${host} --accept-host-key ${fingerprintIn(offered[0])}\``,
      stderr,
    );
  }
}

/** No pin for this host in Airlock's known_hosts (removed by hand, or never added). */
export class HostKeyUnknownError extends SshError {
  override readonly name: string = 'HostKeyUnknownError';
}

export class HostUnreachableError extends SshError {
  override readonly name: string = 'HostUnreachableError';
}

export class AuthenticationError extends SshError {
  override readonly name: string = 'AuthenticationError';
}

export type SshFailureKind = 'host-key-changed' | 'host-key-unknown' | 'unreachable' | 'authentication' | 'other';

/** Reads ssh's stderr after exit 255. Host key checks come first: they happen before anything else. */
export function classifySshFailure(stderr: string): SshFailureKind {
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i.test(stderr)) return 'host-key-changed';
  if (/No \S+ host key is known for|Host key verification failed/i.test(stderr)) return 'host-key-unknown';
  if (/Permission denied|Too many authentication failures|no more authentication methods/i.test(stderr)) return 'authentication';
  if (
    /Connection refused|timed out|No route to host|Network is unreachable|Could not resolve hostname|Connection closed by|Connection reset/i.test(
      stderr,
    )
  ) {
    return 'unreachable';
  }
  return 'other';
}

export function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).at(-1) ?? '';
}
