// Switching a Nix profile on a host that need not run NixOS (issue 12): one
// POSIX sh script, run in one SSH round trip, that needs only sh, readlink and
// Nix: no systemd, no GNU-only flags. It makes the new generation with
// `nix-env -p PROFILE --set TARGET`, runs ACTIVATE from the new path when
// given, and when ACTIVATE fails puts the previous generation back
// (`--switch-generation`) and runs the previous path's ACTIVATE.
//
// The work ignores SIGHUP and writes only to files, so a dropped SSH session
// cannot stop it half-way. Its state goes to /run/airlock/<id>/ when that is
// writable, else to $XDG_RUNTIME_DIR/airlock/<id>/ or $HOME/.airlock/<id>/
// (an unprivileged user cannot write /run/airlock). Files:
//   result          switched | rolled-back | failed-no-previous
//   generation      the generation made, previous  the one before (or empty)
//   activate-exit   ACTIVATE's exit status; rollback-activate-exit the older one's
//   profile.log, activate.log, rollback.log
// Arguments arrive as positional parameters, never inside the script text.

export const PROFILE_RUNNER_SCRIPT = `
id=$1 profile=$2 target=$3 activate=$4 prev_activate=$5
nix_env=$(command -v nix-env) && [ "\${nix_env#/}" != "$nix_env" ] || { echo "nix-env is not on the login shell's PATH ($PATH)" >&2; exit 94; }
state=
for base in /run/airlock "\${XDG_RUNTIME_DIR:+$XDG_RUNTIME_DIR/airlock}" "\${HOME:+$HOME/.airlock}"; do
  [ -n "$base" ] || continue
  if mkdir -p "$base" 2>/dev/null && [ -w "$base" ]; then chmod 700 "$base" 2>/dev/null; state=$base; break; fi
done
[ -n "$state" ] || { echo "no writable state folder (/run/airlock, \\$XDG_RUNTIME_DIR/airlock, \\$HOME/.airlock)" >&2; exit 92; }
dir=$state/$id
mkdir "$dir" || { echo "profile switch $id was already started" >&2; exit 90; }
echo "$dir" > "$dir/where"
gen_of() { g=\${1%-link}; echo "\${g##*-}"; }
prev_link=$(readlink "$profile" 2>/dev/null)
prev_gen=
prev_top=
if [ -n "$prev_link" ]; then
  prev_gen=$(gen_of "$prev_link")
  case "$prev_link" in /*) prev_top=$(readlink "$prev_link") ;; *) prev_top=$(readlink "\${profile%/*}/$prev_link") ;; esac
fi
(
  trap '' HUP PIPE
  put() { printf '%s\\n' "$2" > "$dir/.$1" && mv -f "$dir/.$1" "$dir/$1"; }
  put previous "$prev_gen"
  "$nix_env" -p "$profile" --set "$target" > "$dir/profile.log" 2>&1 || { put result profile-failed; exit 0; }
  put generation "$(gen_of "$(readlink "$profile")")"
  if [ -z "$activate" ]; then put result switched; exit 0; fi
  "$target/$activate" > "$dir/activate.log" 2>&1 < /dev/null
  code=$?
  put activate-exit "$code"
  if [ "$code" -eq 0 ]; then put result switched; exit 0; fi
  if [ -z "$prev_gen" ]; then put result failed-no-previous; exit 0; fi
  "$nix_env" -p "$profile" --switch-generation "$prev_gen" > "$dir/rollback.log" 2>&1 || { put result rollback-failed; exit 0; }
  if [ -n "$prev_activate" ] && [ -n "$prev_top" ] && [ -e "$prev_top/$prev_activate" ]; then
    "$prev_top/$prev_activate" >> "$dir/rollback.log" 2>&1 < /dev/null
    put rollback-activate-exit $?
  fi
  put result rolled-back
) < /dev/null > /dev/null 2>&1
for f in result previous generation activate-exit rollback-activate-exit where; do
  [ -f "$dir/$f" ] && printf '%s %s\\n' "$f" "$(cat "$dir/$f")"
done
[ -f "$dir/activate.log" ] && { echo "--- activate.log"; tail -n 20 "$dir/activate.log"; }
[ -f "$dir/profile.log" ] && [ "$(cat "$dir/result")" = profile-failed ] && { echo "--- profile.log"; tail -n 20 "$dir/profile.log"; }
exit 0
`;

// Rolls a profile back by hand: to a given generation, or to the one before
// (\`nix-env --rollback\`), then runs ACTIVATE from the path it now points at.
export const PROFILE_ROLLBACK_SCRIPT = `
profile=$1 gen=$2 activate=$3
nix_env=$(command -v nix-env) && [ "\${nix_env#/}" != "$nix_env" ] || { echo "nix-env is not on the login shell's PATH ($PATH)" >&2; exit 94; }
if [ -n "$gen" ]; then "$nix_env" -p "$profile" --switch-generation "$gen" >&2 || exit 91
else "$nix_env" -p "$profile" --rollback >&2 || exit 91; fi
link=$(readlink "$profile")
case "$link" in /*) top=$(readlink "$link") ;; *) top=$(readlink "\${profile%/*}/$link") ;; esac
g=\${link%-link}
printf 'generation %s\\n' "\${g##*-}"
printf 'target %s\\n' "$top"
if [ -n "$activate" ] && [ -e "$top/$activate" ]; then
  ( trap '' HUP PIPE; "$top/$activate" < /dev/null > /dev/null 2>&1 ); printf 'activate-exit %s\\n' $?
fi
exit 0
`;
