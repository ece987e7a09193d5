// Transport for Nix profiles on hosts (profile-runner.ts runs on the host):
// switch a profile to a target with its ACTIVATE under the host's watchdog
// (profile-watchdog-script.ts: magic rollback), roll it back by hand, and
// list its generations. No database here: the caller records what happened.
import type { RemoteHost } from '../remote-host';
import type { SshTransport } from '../ssh-transport';
import type { HealthCheck, HealthResult } from '../activate/health-checks';
import { awaitProfileSwitch } from './await-profile-switch';
import type { ProfileState, ProfileSwitchResult } from './profile-state';
import { PROFILE_ROLLBACK_SCRIPT } from './profile-runner';
import { PROFILE_LAUNCH_SCRIPT, PROFILE_WATCHDOG_SCRIPT } from './profile-watchdog-script';

export class ProfileSwitchRefusedError extends Error {}

const REFUSALS: Readonly<Record<number, string>> = {
  90: 'a profile switch with this id was already started',
  91: 'the profile could not be changed',
  92: 'the host has no state folder the SSH user can write (/run/airlock, $XDG_RUNTIME_DIR/airlock or $HOME/.airlock)',
  94: 'nix-env was not found on the host, nothing was changed (is Nix installed, and on the PATH of its SSH logins?)',
};

export type { ProfileSwitchResult } from './profile-state';

/** When the caller gives none (deploys always give the operator's choice): a system's default, 10 minutes. */
const ACTIVATION_TIMEOUT_SECONDS = 600;

export interface ProfileSwitch {
  /** Unique per attempt; names the host's state folder. */
  readonly id: string;
  readonly profile: string;
  readonly target: string;
  /** Relative to `target`, run after the switch. */
  readonly activate?: string;
  /** Relative to the previous target, run after a rollback (the previous bundle's, else the same as `activate`). */
  readonly previousActivate?: string;
  /** Seconds the host waits for confirmation before it rolls back on its own; 0 or absent: no magic rollback. */
  readonly confirmTimeoutSeconds?: number;
  /** Seconds ACTIVATE may run before the host stops it and rolls back. */
  readonly activationTimeoutSeconds?: number;
  /** Run before confirming; one failing rolls the profile back. */
  readonly checks?: readonly HealthCheck[];
  readonly onState?: (state: ProfileState) => void;
}

export interface ProfileSwitchOutcome {
  /** unconfirmed: the host was never heard from again (its watchdog rolls back on its own). */
  readonly result: ProfileSwitchResult | 'unconfirmed';
  /** The generation made (also when it was rolled back). */
  readonly generation: number | null;
  /** The generation before, which a rollback returns to. */
  readonly previous: number | null;
  readonly activateExit: number | null;
  readonly rollbackActivateExit: number | null;
  /** The host's words for a rollback (a failed or hung ACTIVATE, no confirmation, a failed health check), or why it was lost. */
  readonly reason: string | null;
  readonly health: readonly HealthResult[];
  /** The host's state folder for this switch. */
  readonly stateDir: string;
  /** The last lines ACTIVATE printed (or nix-env's, when the profile could not be set). */
  readonly log: string;
}

function refused(host: RemoteHost, code: number, stderr: string): ProfileSwitchRefusedError {
  const why = REFUSALS[code] ?? `exit ${code}`;
  return new ProfileSwitchRefusedError(`${host.name}: ${why}: ${stderr.trim().split('\n').at(-1) ?? ''}`);
}

function fields(stdout: string): { values: Map<string, string>; log: string } {
  const [head = '', ...logParts] = stdout.split(/^--- \S+\n/m);
  const values = new Map<string, string>();
  for (const line of head.split('\n')) {
    const m = /^([a-z-]+) ?(.*)$/.exec(line);
    if (m) values.set(m[1] as string, m[2] as string);
  }
  return { values, log: logParts.join('').trimEnd() };
}

const numberOr = (s: string | undefined): number | null => (s !== undefined && /^\d+$/.test(s) ? Number(s) : null);

/** Makes the generation and starts the host's watchdog (one round trip), then follows it to its end. */
export async function switchProfile(transport: SshTransport, host: RemoteHost, s: ProfileSwitch): Promise<ProfileSwitchOutcome> {
  const confirmTimeoutSeconds = s.confirmTimeoutSeconds ?? 0;
  const activationTimeoutSeconds = s.activationTimeoutSeconds ?? ACTIVATION_TIMEOUT_SECONDS;
  const argv = [
    'sh',
    '-c',
    PROFILE_LAUNCH_SCRIPT,
    'airlock-profile-launch',
    PROFILE_WATCHDOG_SCRIPT,
    s.id,
    s.profile,
    s.target,
    s.activate ?? '',
    s.previousActivate ?? '',
    String(confirmTimeoutSeconds),
    String(activationTimeoutSeconds),
  ];
  const r = await transport.run(host, argv, { timeoutMs: 120_000 });
  if (r.code !== 0) throw refused(host, r.code, r.stderr);
  const dir = fields(r.stdout).values.get('where');
  if (!dir) throw new Error(`${host.name}: the profile switch did not start: ${r.stdout.trim().slice(-300)}`);
  const watched = await awaitProfileSwitch(transport, host, {
    dir,
    confirmTimeoutSeconds,
    activationTimeoutSeconds,
    checks: s.checks ?? [],
    ...(s.onState ? { onState: s.onState } : {}),
  });
  const st = watched.state;
  return {
    result: st?.result ?? 'unconfirmed',
    generation: st?.generation ?? null,
    previous: st?.previous ?? null,
    activateExit: st?.activateExit ?? null,
    rollbackActivateExit: st?.rollbackActivateExit ?? null,
    reason: watched.lost ?? st?.reason ?? null,
    health: watched.health,
    stateDir: dir,
    log: st?.log ?? '',
  };
}

export interface ProfileRollbackOutcome {
  readonly generation: number;
  readonly target: string;
  readonly activateExit: number | null;
}

/** To `generation`, or the one before the current when undefined; then ACTIVATE of the path it lands on. */
export async function rollbackProfile(
  transport: SshTransport,
  host: RemoteHost,
  r: { readonly profile: string; readonly generation?: number; readonly activate?: string },
): Promise<ProfileRollbackOutcome> {
  const argv = [
    'sh',
    '-c',
    PROFILE_ROLLBACK_SCRIPT,
    'airlock-profile-rollback',
    r.profile,
    r.generation?.toString() ?? '',
    r.activate ?? '',
  ];
  const out = await transport.run(host, argv, { timeoutMs: 15 * 60_000 });
  if (out.code !== 0) throw refused(host, out.code, out.stderr);
  const { values } = fields(out.stdout);
  const generation = numberOr(values.get('generation'));
  if (generation === null) throw new Error(`${host.name}: the rollback of ${r.profile} did not say where it landed`);
  return { generation, target: values.get('target') ?? '', activateExit: numberOr(values.get('activate-exit')) };
}

export interface ProfileGeneration {
  readonly number: number;
  readonly target: string;
  readonly current: boolean;
}

// Lists the generation links beside the profile, each with its target: readlink only, POSIX sh.
const LIST_SCRIPT = `
profile=$1 dir=\${1%/*} name=\${1##*/}
cur=$(readlink "$profile" 2>/dev/null)
for l in "$dir/$name"-*-link; do
  [ -L "$l" ] || continue
  b=\${l##*/}; g=\${b%-link}; g=\${g##*-}
  case "$g" in ''|*[!0-9]*) continue ;; esac
  c=0; [ "$b" = "$cur" ] || [ "$l" = "$cur" ] && c=1
  printf '%s %s %s\\n' "$g" "$c" "$(readlink "$l")"
done
`;

export async function listProfileGenerations(transport: SshTransport, host: RemoteHost, profile: string): Promise<ProfileGeneration[]> {
  const out = await transport.run(host, ['sh', '-c', LIST_SCRIPT, 'airlock-profile-list', profile], { timeoutMs: 60_000 });
  if (out.code !== 0) throw new Error(`${host.name}: could not list the generations of ${profile}: ${out.stderr.trim()}`);
  return out.stdout
    .split('\n')
    .map((line) => /^(\d+) ([01]) (\/\S+)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ number: Number(m[1]), current: m[2] === '1', target: m[3] as string }))
    .sort((a, b) => a.number - b.number);
}
