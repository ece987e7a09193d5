// The activation runner: a POSIX shell script that runs ON THE HOST, detached
// from the SSH session (a systemd transient unit, or setsid), so that a dropped
// connection cannot stop an activation half-way. It is also the watchdog of
// magic rollback: after a successful activation it waits for the app to confirm
// over a new SSH connection, and if no confirmation comes in time, or the
// activation failed, hung, or the app reports failed health checks, the host
// itself puts the previous generation back and activates it.
//
// Everything it learns goes to /run/airlock/<id>/ (tmpfs: gone at reboot, as a
// pending activation should be), each file replaced whole by a rename:
//   status        activating | awaiting-confirmation | done | rolling-back | rolled-back | inhibited
//   exit          switch-to-configuration's exit status, or "timeout"
//   reason        why it rolled back
//   verdict       a symlink made exactly once, by whoever decides first:
//                 confirmed | unhealthy (app) | timeout | failed | hung | inhibited (runner)
//
// inhibited: NixOS refused the switch before changing anything because a
// switch inhibitor changed (exit 1 and nixpkgs' line, see switch-inhibitors.ts).
// That is no failed activation, so nothing is activated again: the runner only
// puts the profile back to the generation it replaced, and the host is as it was.
//   launcher      how the runner was detached: "systemd-run airlock-<id>.service" or "setsid"
//   activation.log, rollback.log
// Arguments arrive as positional parameters, never inside the script text.
//
// The runner never relies on the PATH it finds: a transient unit's PATH on
// NixOS holds neither nix-env nor coreutils. The launching login shell hands it
// nix-env by absolute path (the runner's first argument) and its own PATH
// (systemd-run --setenv), so the runner sees the tools the login saw. Plain
// POSIX sh throughout: hosts that are not NixOS may have only sh and Nix.

import { INHIBITOR_REFUSAL_LINE } from './switch-inhibitors';

export const RUNNER_SCRIPT = `
nix_env=$1; shift
id=$1 profile=$2 mode=$3 toplevel=$4 action=$6 prev_gen=$7 prev_top=$8 confirm=$9
shift 9; act_timeout=$1
dir=/run/airlock/$id
put() { printf '%s\\n' "$2" > "$dir/.$1" && mv -f "$dir/.$1" "$dir/$1"; }
tick() { sleep 0.2 2>/dev/null || sleep 1; }
restore() {
  put reason "$1"; put status rolling-back
  if [ "$mode" != none ] && [ -n "$prev_gen" ]; then
    "$nix_env" -p "$profile" --switch-generation "$prev_gen" >> "$dir/rollback.log" 2>&1
  fi
  if [ -n "$prev_top" ]; then
    case "$action" in boot) back=boot ;; test) back=test ;; *) back=switch ;; esac
    "$prev_top/bin/switch-to-configuration" "$back" >> "$dir/rollback.log" 2>&1
    put rollback-exit $?
  fi
  put status rolled-back
  exit 0
}
put status activating
"$toplevel/bin/switch-to-configuration" "$action" > "$dir/activation.log" 2>&1 &
pid=$!
started=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
  if [ $(( $(date +%s) - started )) -ge "$act_timeout" ]; then
    kill -KILL "$pid" 2>/dev/null
    put exit timeout
    ln -s hung "$dir/verdict" 2>/dev/null
    restore "switch-to-configuration $action did not finish within \${act_timeout}s and was stopped"
  fi
  tick
done
wait "$pid"; code=$?
put exit "$code"
refused_by_inhibitor() {
  while IFS= read -r line; do [ "$line" = "${INHIBITOR_REFUSAL_LINE}" ] && return 0; done < "$dir/activation.log"
  return 1
}
if [ "$code" -eq 1 ] && refused_by_inhibitor; then
  ln -s inhibited "$dir/verdict" 2>/dev/null
  put reason "switch-to-configuration $action refused: a switch inhibitor changed"
  if [ "$mode" != none ] && [ -n "$prev_gen" ]; then
    "$nix_env" -p "$profile" --switch-generation "$prev_gen" >> "$dir/rollback.log" 2>&1
  fi
  put status inhibited
  exit 0
fi
if [ "$code" -ne 0 ]; then
  ln -s failed "$dir/verdict" 2>/dev/null
  restore "switch-to-configuration $action exited with status $code"
fi
if [ "$confirm" -eq 0 ] || [ "$action" = dry-activate ]; then put status done; exit 0; fi
put status awaiting-confirmation
deadline=$(( $(date +%s) + confirm ))
while [ "$(date +%s)" -lt "$deadline" ] && [ ! -L "$dir/verdict" ]; do tick; done
ln -s timeout "$dir/verdict" 2>/dev/null
verdict=$(readlink "$dir/verdict")
case "$verdict" in
  confirmed) put status done ;;
  timeout) restore "no confirmation within \${confirm}s: the host could not be reached again over a new SSH connection" ;;
  *) restore "$(cat "$dir/verdict-reason" 2>/dev/null || echo "$verdict")" ;;
esac
`;

// Makes the new generation (or picks an existing one), then starts the runner
// detached and returns at once. $1 is the runner's text; the rest are its
// arguments. Exit 90–94 are refusals the app explains.
export const LAUNCH_SCRIPT = `
runner=$1; shift
id=$1 profile=$2 mode=$3 toplevel=$4 gen=$5
nix_env=$(command -v nix-env) && [ "\${nix_env#/}" != "$nix_env" ] || { echo "nix-env is not on the login shell's PATH ($PATH)" >&2; exit 94; }
dir=/run/airlock/$id
mkdir -p /run/airlock && chmod 700 /run/airlock || exit 92
mkdir "$dir" || { echo "activation $id was already started" >&2; exit 90; }
case "$mode" in
  new) "$nix_env" -p "$profile" --set "$toplevel" > "$dir/profile.log" 2>&1 || { cat "$dir/profile.log" >&2; exit 91; } ;;
  existing)
    [ "$(readlink "$profile-$gen-link")" = "$toplevel" ] || { echo "generation $gen is not $toplevel (any more)" >&2; exit 93; }
    "$nix_env" -p "$profile" --switch-generation "$gen" > "$dir/profile.log" 2>&1 || { cat "$dir/profile.log" >&2; exit 91; } ;;
esac
readlink "$profile" > "$dir/profile-link"
if [ -d /run/systemd/system ] && command -v systemd-run > /dev/null; then
  echo "systemd-run airlock-$id.service" > "$dir/launcher"
  systemd-run --unit "airlock-$id" --description "Airlock activation $id" --collect --quiet --setenv=PATH="$PATH" \\
    /bin/sh -c "$runner" airlock-runner "$nix_env" "$@" || exit 92
else
  echo setsid > "$dir/launcher"
  setsid sh -c "$runner" airlock-runner "$nix_env" "$@" < /dev/null > "$dir/runner.log" 2>&1 &
fi
echo "started $(cat "$dir/profile-link")"
`;
