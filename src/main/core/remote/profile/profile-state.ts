// Reading what a profile's watchdog (profile-watchdog-script.ts) wrote in its
// state folder, and giving it the app's verdict, each in one round trip.
import type { RemoteHost } from '../remote-host';
import { SshError } from '../ssh-errors';
import type { SshTransport } from '../ssh-transport';

export type ProfileSwitchResult = 'switched' | 'rolled-back' | 'failed-no-previous' | 'rollback-failed' | 'profile-failed';
export type ProfileRunnerStatus = 'activating' | 'awaiting-confirmation' | 'rolling-back' | 'finished';

export interface ProfileState {
  /** null: the folder is not there (not started, or the host rebooted and it lived in a tmpfs). */
  readonly status: ProfileRunnerStatus | null;
  /** Set once the watchdog is done. */
  readonly result: ProfileSwitchResult | null;
  readonly reason: string | null;
  readonly verdict: string | null;
  readonly generation: number | null;
  readonly previous: number | null;
  readonly activateExit: number | null;
  readonly rollbackActivateExit: number | null;
  /** The last lines ACTIVATE printed (or nix-env's, when the profile could not be set). */
  readonly log: string;
}

const SCRIPT = `
cd "$1" 2>/dev/null || { echo "status "; exit 0; }
for f in status result reason previous generation activate-exit rollback-activate-exit; do
  printf '%s ' "$f"; [ -f "$f" ] && tr '\\n' ' ' < "$f"; echo
done
printf 'verdict %s\\n' "$(readlink verdict 2>/dev/null)"
if [ "$(cat result 2>/dev/null)" = profile-failed ]; then echo '--- log'; tail -n 20 profile.log 2>/dev/null
elif [ -f activate.log ]; then echo '--- log'; tail -n 20 activate.log; fi
exit 0
`;

const STATUSES: readonly string[] = ['activating', 'awaiting-confirmation', 'rolling-back', 'finished'];
const RESULTS: readonly string[] = ['switched', 'rolled-back', 'failed-no-previous', 'rollback-failed', 'profile-failed'];
const numberOr = (s: string | null): number | null => (s !== null && /^\d+$/.test(s) ? Number(s) : null);

export function parseProfileState(output: string): ProfileState {
  const [head = '', ...logParts] = output.split(/^--- log\n/m);
  const fields = new Map<string, string>();
  for (const line of head.split('\n')) {
    const m = /^([a-z-]+) ?(.*)$/.exec(line);
    if (m) fields.set(m[1] as string, (m[2] as string).trim());
  }
  const get = (k: string): string | null => fields.get(k) || null;
  const status = get('status');
  const result = get('result');
  return {
    status: status !== null && STATUSES.includes(status) ? (status as ProfileRunnerStatus) : null,
    result: result !== null && RESULTS.includes(result) ? (result as ProfileSwitchResult) : null,
    reason: get('reason'),
    verdict: get('verdict'),
    generation: numberOr(get('generation')),
    previous: numberOr(get('previous')),
    activateExit: numberOr(get('activate-exit')),
    rollbackActivateExit: numberOr(get('rollback-activate-exit')),
    log: logParts.join('').trimEnd(),
  };
}

/** `fresh`: over a new connection, for when the shared one has failed (the activation may have cut it). */
export async function readProfileState(
  transport: SshTransport,
  host: RemoteHost,
  dir: string,
  options: { fresh?: boolean } = {},
): Promise<ProfileState> {
  const r = await transport.run(host, ['sh', '-c', SCRIPT, 'airlock-profile-state', dir], {
    fresh: options.fresh ?? false,
    timeoutMs: 20_000,
  });
  if (r.code !== 0) throw new SshError(host.name, `${host.name}: could not read the profile switch's state: ${r.stderr.trim()}`, r.stderr);
  return parseProfileState(r.stdout);
}

/**
 * The app's decision, made at most once and always over a NEW connection (it
 * proves the host takes new logins): `confirmed`, or `unhealthy` with a reason.
 * Returns the verdict that holds (the watchdog's `timeout` when it came first).
 */
export async function decideProfileVerdict(
  transport: SshTransport,
  host: RemoteHost,
  dir: string,
  verdict: 'confirmed' | 'unhealthy',
  reason = '',
): Promise<string> {
  const script = 'cd "$1" || exit 3; [ -z "$3" ] || printf "%s\\n" "$3" > verdict-reason; ln -s "$2" verdict 2>/dev/null; readlink verdict';
  const r = await transport.run(host, ['sh', '-c', script, 'airlock-profile-verdict', dir, verdict, reason], {
    fresh: true,
    timeoutMs: 20_000,
  });
  if (r.code !== 0) throw new SshError(host.name, `${host.name}: could not record the verdict: ${r.stderr.trim()}`, r.stderr);
  return r.stdout.trim();
}
