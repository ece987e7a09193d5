// The host's own lock, so two stations (two laptops, a laptop and the
// headless deploy station) never act on one host at once: each station's
// database only knows its own operations. Transport only: operations/ decides
// when to take it and what a refusal says.
//
// The lock is a symlink, /nix/var/nix/gcroots/airlock/lock → holder.<pid>,
// made with `ln -s` (atomic, fails when it exists). The holder file says
// which station holds it, for what, by whom, since when. <pid> is a shell
// that stays on the host for as long as the station's SSH session lasts
// (it waits on stdin), so:
//   - release: the station closes stdin; the shell removes the lock;
//   - a station that dies, or whose link is cut: sshd closes the session,
//     stdin ends, the shell removes the lock all the same;
//   - a shell killed outright, or a host rebooted: the next station finds
//     the pid gone (or another boot id) and takes the lock over as stale.
// The link points at a plain file outside the store, so it roots nothing.
// Logins that cannot write the folder (a profile's unprivileged user) keep
// the lock in ~/.airlock: stations acting as that user still meet there.
import { spawn } from 'node:child_process';
import { LKG_ROOT_DIR } from './lkg-roots';
import type { RemoteHost } from './remote-host';
import { sshRunArgv, type SshPaths } from './ssh-args';
import { SshError } from './ssh-errors';
import { sshFailure } from './ssh-transport';

export const HOST_LOCK_PATH = `${LKG_ROOT_DIR}/lock`;

/** Who holds a host's lock, as the holder wrote it. */
export interface HostLockHolder {
  readonly station: string;
  readonly operation: string;
  readonly operator: string;
  /** RFC 3339, the holding station's clock. */
  readonly since: string;
}

export interface HeldHostLock {
  /** A holder found dead (its session gone, the host rebooted) and taken over, if there was one. */
  readonly tookOverStale: HostLockHolder | null;
  /** Lets the lock go and waits until the host has removed it (bounded). Never throws. */
  release(): Promise<void>;
}

export type HostLockAttempt =
  { readonly taken: true; readonly lock: HeldHostLock } | { readonly taken: false; readonly holder: HostLockHolder };

// $1: the holder's JSON (one line). Prints TAKEN or HELD, then a JSON line
// (the stale holder taken over, or the live holder; empty when none), then,
// when taken, waits for stdin to end and removes the lock if still its own.
const HOLD_SCRIPT = `
info=$1
D=${LKG_ROOT_DIR}
if ! { mkdir -p "$D" 2>/dev/null && [ -w "$D" ]; }; then D=\${HOME:-/tmp}/.airlock; mkdir -p "$D" || exit 3; fi
L=$D/lock
boot=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo none)
me=holder.$$
printf '%s\\n%s\\n%s\\n' "$$" "$boot" "$info" > "$D/$me" || exit 3
mine() { [ "$(cat "$L" 2>/dev/null)" = "$(cat "$D/$me" 2>/dev/null)" ]; }
release() { mine && rm -f "$L"; rm -f "$D/$me"; }
alive() {
  { read -r pid; read -r hb; } 2>/dev/null < "$L" || return 1
  [ "$hb" = "$boot" ] && [ -n "$pid" ] || return 1
  if [ -d /proc/self ]; then [ -d "/proc/$pid" ]; else kill -0 "$pid" 2>/dev/null; fi
}
stale=
n=0
while ! ln -s "$me" "$L" 2>/dev/null; do
  n=$((n + 1))
  if [ "$n" -gt 20 ]; then rm -f "$D/$me"; echo "cannot take $L" >&2; exit 4; fi
  if alive; then echo HELD; printf '%s\\n' "$(sed -n 3p "$L")"; rm -f "$D/$me"; exit 0; fi
  old=$(cat "$L" 2>/dev/null)
  # Only one station moves a stale link away; one that raced in alive is put back.
  mv -f "$L" "$D/stale.$$" 2>/dev/null || continue
  if [ "$(cat "$D/stale.$$" 2>/dev/null)" != "$old" ]; then
    { read -r p; } 2>/dev/null < "$D/stale.$$" && ln -s "holder.$p" "$L" 2>/dev/null
    rm -f "$D/stale.$$"
    continue
  fi
  rm -f "$D/stale.$$"
  p=$(printf '%s\\n' "$old" | sed -n 1p)
  [ -n "$p" ] && rm -f "$D/holder.$p"
  stale=$(printf '%s\\n' "$old" | sed -n 3p)
done
trap 'release; exit 0' HUP INT TERM
echo TAKEN
printf '%s\\n' "$stale"
read -r _ || :
release
`;

const TAKE_TIMEOUT_MS = 90_000;
const RELEASE_TIMEOUT_MS = 30_000;

function parseHolder(line: string | undefined): HostLockHolder | null {
  if (!line) return null;
  try {
    const v = JSON.parse(line) as Partial<HostLockHolder>;
    const text = (x: unknown): string => (typeof x === 'string' ? x.slice(0, 200) : 'unknown');
    return { station: text(v.station), operation: text(v.operation), operator: text(v.operator), since: text(v.since) };
  } catch {
    return { station: 'unknown', operation: 'unknown', operator: 'unknown', since: 'unknown' };
  }
}

/** Takes `host`'s own lock for `holder`, or says who holds it. Throws SshError when the host cannot be asked. */
export function takeHostLock(paths: SshPaths, host: RemoteHost, holder: HostLockHolder): Promise<HostLockAttempt> {
  // A connection of its own: the shared one may outlive this process, and the lock must not.
  const [program, ...args] = sshRunArgv(host, paths, ['sh', '-c', HOLD_SCRIPT, 'airlock-lock', JSON.stringify(holder)], { fresh: true });
  const child = spawn(program as string, args, { stdio: ['pipe', 'pipe', 'pipe'], shell: false });
  let stdout = '';
  let stderr = '';
  child.stdin.on('error', () => undefined);
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-16_384)));
  const closed = new Promise<number | null>((resolve) => {
    child.on('error', (err) => {
      stderr += err.message;
      resolve(null);
    });
    child.on('close', (code) => resolve(code));
  });
  const release = async (): Promise<void> => {
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), RELEASE_TIMEOUT_MS);
    await closed;
    clearTimeout(timer);
  };
  return new Promise<HostLockAttempt>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new SshError(host.name, `${host.name}: its lock could not be taken within ${TAKE_TIMEOUT_MS / 1000} s`, stderr));
    }, TAKE_TIMEOUT_MS);
    const answer = (): boolean => {
      const lines = stdout.split('\n');
      if (lines.length < 3) return false; // status line and holder line, each ended
      clearTimeout(timer);
      if (lines[0] === 'TAKEN') resolve({ taken: true, lock: { tookOverStale: parseHolder(lines[1]), release } });
      else if (lines[0] === 'HELD')
        resolve({
          taken: false,
          holder: parseHolder(lines[1]) ?? { station: 'unknown', operation: 'unknown', operator: 'unknown', since: 'unknown' },
        });
      else reject(new SshError(host.name, `${host.name}: unexpected answer to taking its lock: ${lines[0]}`, stderr));
      return true;
    };
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (stdout.split('\n').length >= 3) return;
      stdout += d;
      answer();
    });
    void closed.then(async (code) => {
      if (answer()) return;
      clearTimeout(timer);
      if (code === 255) return reject(await sshFailure(host, stderr));
      const why = stderr.trim().split('\n').at(-1) || `exit ${code ?? 'killed'}`;
      reject(new SshError(host.name, `${host.name}: its lock (${HOST_LOCK_PATH}) could not be taken: ${why}`, stderr));
    });
  });
}
