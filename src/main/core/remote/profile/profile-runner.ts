// Rolling a Nix profile back by hand on a host that need not run NixOS
// (issue 12): POSIX sh, readlink and Nix only. (A switch with its watchdog is
// profile-watchdog-script.ts.)

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
