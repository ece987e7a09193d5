// Reading what the runner wrote under /run/airlock/<id>/, in one round trip.
import { SshError } from '../ssh-errors';
import type { RemoteHost } from '../remote-host';
import type { SshTransport } from '../ssh-transport';

export type RunnerStatus = 'activating' | 'awaiting-confirmation' | 'done' | 'rolling-back' | 'rolled-back' | 'inhibited';

export interface ActivationState {
  /** null: the folder is not there (not started, or the host rebooted). */
  readonly status: RunnerStatus | null;
  readonly exit: string | null;
  readonly reason: string | null;
  readonly verdict: string | null;
  readonly rollbackExit: string | null;
  /** e.g. `system-5-link`: what the profile pointed at once the generation was made. */
  readonly profileLink: string | null;
  /** The last few KiB of switch-to-configuration's output. */
  readonly log: string;
}

const SCRIPT = `
cd "/run/airlock/$1" 2>/dev/null || { echo "status="; exit 0; }
for f in status exit reason rollback-exit profile-link; do printf '%s=' "$f"; head -c 2000 "$f" 2>/dev/null | tr '\\n' ' '; echo; done
printf 'verdict=%s\\n' "$(readlink verdict 2>/dev/null)"
echo '--log--'
tail -c 8000 activation.log 2>/dev/null
`;

const STATUSES: readonly string[] = ['activating', 'awaiting-confirmation', 'done', 'rolling-back', 'rolled-back', 'inhibited'];

export function parseActivationState(output: string): ActivationState {
  const [head = '', log = ''] = output.split('--log--\n');
  const fields = new Map<string, string>();
  for (const line of head.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) fields.set(line.slice(0, eq), line.slice(eq + 1).trim());
  }
  const get = (k: string): string | null => fields.get(k) || null;
  const status = get('status');
  return {
    status: status !== null && STATUSES.includes(status) ? (status as RunnerStatus) : null,
    exit: get('exit'),
    reason: get('reason'),
    verdict: get('verdict'),
    rollbackExit: get('rollback-exit'),
    profileLink: get('profile-link'),
    log,
  };
}

/**
 * Reading the state may use the shared connection (cheap, and it may outlive
 * a stopped sshd, which is fine for watching); `fresh` forces a new one, for
 * when the shared one has failed. Confirmation never relies on it.
 */
export async function readActivationState(
  transport: SshTransport,
  host: RemoteHost,
  id: string,
  options: { fresh?: boolean } = {},
): Promise<ActivationState> {
  const result = await transport.run(host, ['sh', '-c', SCRIPT, 'airlock-state', id], { fresh: options.fresh ?? false, timeoutMs: 20_000 });
  if (result.code !== 0)
    throw new SshError(host.name, `${host.name}: could not read the activation's state: ${result.stderr.trim()}`, result.stderr);
  return parseActivationState(result.stdout);
}

/** The app's decision, made at most once: `confirmed`, or `unhealthy` with a reason. Returns the verdict that holds. */
export async function decideVerdict(
  transport: SshTransport,
  host: RemoteHost,
  id: string,
  verdict: 'confirmed' | 'unhealthy',
  reason = '',
): Promise<string> {
  const script =
    'cd "/run/airlock/$1" || exit 3; [ -z "$3" ] || printf "%s\\n" "$3" > verdict-reason; ln -s "$2" verdict 2>/dev/null; readlink verdict';
  const result = await transport.run(host, ['sh', '-c', script, 'airlock-verdict', id, verdict, reason], {
    fresh: true,
    timeoutMs: 20_000,
  });
  if (result.code !== 0)
    throw new SshError(host.name, `${host.name}: could not record the verdict: ${result.stderr.trim()}`, result.stderr);
  return result.stdout.trim();
}
