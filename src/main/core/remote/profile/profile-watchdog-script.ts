// Switching a Nix profile on a host that need not run NixOS (issue 12), with
// the same magic rollback a system gets. Two POSIX sh scripts that need only
// sh, readlink, date and Nix: no systemd, no GNU-only flags, and nothing the
// unprivileged SSH user cannot do.
//
// The launcher (one SSH round trip) makes the new generation with
// `nix-env -p PROFILE --set TARGET`, then starts the runner detached from the
// session (setsid when the host has it, else a background job that ignores
// SIGHUP) and returns at once. The runner is the watchdog: it runs ACTIVATE
// from the new path (stopped after ACT_TIMEOUT seconds), then, unless CONFIRM
// is 0, waits for the app's verdict, which the app writes over a NEW SSH
// connection after its health checks. No verdict in time, a failed or hung
// ACTIVATE, or an `unhealthy` verdict: the runner itself puts the previous
// generation back (`--switch-generation`) and runs the previous path's
// ACTIVATE. A dropped connection changes nothing: the runner carries on alone.
//
// State goes to /run/airlock/<id>/ when that is writable, else to
// $XDG_RUNTIME_DIR/airlock/<id>/ or $HOME/.airlock/<id>/ (an unprivileged user
// cannot write /run/airlock). Each file is replaced whole by a rename:
//   status        activating | awaiting-confirmation | rolling-back | finished
//   result        switched | rolled-back | failed-no-previous | rollback-failed | profile-failed
//                 (written before status turns finished)
//   generation    the generation made; previous  the one before (or empty)
//   activate-exit ACTIVATE's exit status, or "timeout"; rollback-activate-exit the older one's
//   reason        why it rolled back
//   verdict       a symlink made exactly once, by whoever decides first:
//                 confirmed | unhealthy (app) | timeout | failed | hung (runner)
//   verdict-reason  the app's words for `unhealthy`
//   profile.log, activate.log, rollback.log, runner.log
// Arguments arrive as positional parameters, never inside the script text.

export const PROFILE_WATCHDOG_SCRIPT = `
trap '' HUP PIPE
nix_env=$1 dir=$2 profile=$3 target=$4 activate=$5 prev_activate=$6 prev_gen=$7 prev_top=$8 confirm=$9
shift 9; act_timeout=$1
put() { printf '%s\\n' "$2" > "$dir/.$1" && mv -f "$dir/.$1" "$dir/$1"; }
tick() { sleep 0.2 2>/dev/null || sleep 1; }
finish() { put result "$1"; put status finished; exit 0; }
restore() {
  put reason "$1"
  [ -n "$prev_gen" ] || finish failed-no-previous
  put status rolling-back
  "$nix_env" -p "$profile" --switch-generation "$prev_gen" >> "$dir/rollback.log" 2>&1 || finish rollback-failed
  if [ -n "$prev_activate" ] && [ -n "$prev_top" ] && [ -e "$prev_top/$prev_activate" ]; then
    "$prev_top/$prev_activate" >> "$dir/rollback.log" 2>&1 < /dev/null
    put rollback-activate-exit $?
  fi
  finish rolled-back
}
if [ -n "$activate" ]; then
  "$target/$activate" > "$dir/activate.log" 2>&1 < /dev/null &
  pid=$!
  started=$(date +%s)
  while kill -0 "$pid" 2>/dev/null; do
    if [ $(( $(date +%s) - started )) -ge "$act_timeout" ]; then
      kill -KILL "$pid" 2>/dev/null
      put activate-exit timeout
      ln -s hung "$dir/verdict" 2>/dev/null
      restore "$activate did not finish within \${act_timeout}s and was stopped"
    fi
    tick
  done
  wait "$pid"; code=$?
  put activate-exit "$code"
  if [ "$code" -ne 0 ]; then
    ln -s failed "$dir/verdict" 2>/dev/null
    restore "$activate exited with status $code"
  fi
fi
[ "$confirm" -gt 0 ] || finish switched
put status awaiting-confirmation
deadline=$(( $(date +%s) + confirm ))
while [ "$(date +%s)" -lt "$deadline" ] && [ ! -L "$dir/verdict" ]; do tick; done
ln -s timeout "$dir/verdict" 2>/dev/null
verdict=$(readlink "$dir/verdict")
case "$verdict" in
  confirmed) finish switched ;;
  timeout) restore "no confirmation within \${confirm}s: the host could not be reached again over a new SSH connection to confirm" ;;
  *) restore "$(cat "$dir/verdict-reason" 2>/dev/null || echo "$verdict")" ;;
esac
`;

// $1 is the watchdog's text; then id, profile, target, activate,
// previous activate, confirm seconds, activation timeout seconds.
// Exit 90, 92 and 94 are refusals the app explains; otherwise it prints
// `where DIR` (and the watchdog runs on), having changed nothing when
// nix-env could not set the profile (result profile-failed).
export const PROFILE_LAUNCH_SCRIPT = `
runner=$1; shift
id=$1 profile=$2 target=$3 activate=$4 prev_activate=$5 confirm=$6 act_timeout=$7
nix_env=$(command -v nix-env) && [ "\${nix_env#/}" != "$nix_env" ] || { echo "nix-env is not on the login shell's PATH ($PATH)" >&2; exit 94; }
state=
for base in /run/airlock "\${XDG_RUNTIME_DIR:+$XDG_RUNTIME_DIR/airlock}" "\${HOME:+$HOME/.airlock}"; do
  [ -n "$base" ] || continue
  if mkdir -p "$base" 2>/dev/null && [ -w "$base" ]; then chmod 700 "$base" 2>/dev/null; state=$base; break; fi
done
[ -n "$state" ] || { echo "no writable state folder (/run/airlock, \\$XDG_RUNTIME_DIR/airlock, \\$HOME/.airlock)" >&2; exit 92; }
dir=$state/$id
mkdir "$dir" || { echo "profile switch $id was already started" >&2; exit 90; }
put() { printf '%s\\n' "$2" > "$dir/.$1" && mv -f "$dir/.$1" "$dir/$1"; }
gen_of() { g=\${1%-link}; echo "\${g##*-}"; }
prev_link=$(readlink "$profile" 2>/dev/null)
prev_gen=
prev_top=
if [ -n "$prev_link" ]; then
  prev_gen=$(gen_of "$prev_link")
  case "$prev_link" in /*) prev_top=$(readlink "$prev_link") ;; *) prev_top=$(readlink "\${profile%/*}/$prev_link") ;; esac
fi
put previous "$prev_gen"
put status activating
printf 'where %s\\n' "$dir"
if ! "$nix_env" -p "$profile" --set "$target" > "$dir/profile.log" 2>&1; then
  put result profile-failed; put status finished; exit 0
fi
put generation "$(gen_of "$(readlink "$profile")")"
set -- "$nix_env" "$dir" "$profile" "$target" "$activate" "$prev_activate" "$prev_gen" "$prev_top" "$confirm" "$act_timeout"
if command -v setsid > /dev/null 2>&1; then
  put launcher setsid
  setsid sh -c "$runner" airlock-profile-runner "$@" < /dev/null > "$dir/runner.log" 2>&1 &
else
  put launcher background
  ( trap '' HUP; exec sh -c "$runner" airlock-profile-runner "$@" ) < /dev/null > "$dir/runner.log" 2>&1 &
fi
exit 0
`;
