// The one remote command `host probe` and `generations` send: a constant POSIX
// sh script (no interpolated values, so nothing from the database or the
// command line reaches the remote shell) that prints tab-separated lines
// `KEY<TAB>VALUE…`. Every read may fail on its own (a missing file, no
// systemctl) and then prints an empty value, so one odd host still answers.
// Values are cut to their first line and tabs become spaces, so a field can
// never spill into the next one.

export const PROBE_SCRIPT = `
LC_ALL=C; export LC_ALL
p=/nix/var/nix/profiles
one() { head -n 1 | tr '\\t' ' '; }
echo 'airlock-probe	1'
printf 'nix\\t%s\\n' "$(nix-store --version 2>/dev/null | one)"
printf 'current\\t%s\\n' "$(readlink -f /run/current-system 2>/dev/null | one)"
printf 'booted\\t%s\\n' "$(readlink -f /run/booted-system 2>/dev/null | one)"
printf 'current-kernel\\t%s\\n' "$(readlink /run/current-system/kernel 2>/dev/null | one)"
printf 'booted-kernel\\t%s\\n' "$(readlink /run/booted-system/kernel 2>/dev/null | one)"
printf 'default\\t%s\\n' "$(readlink $p/system 2>/dev/null | one)"
tab=$(printf '\\t'); nl='
'
# Per generation three forks (stat, two readlinks), not a dozen: a host with
# fifty generations answers in a blink. Values holding a tab or newline are dropped.
for l in $p/system-*-link; do
  [ -L "$l" ] || continue
  n=\${l#$p/system-}; n=\${n%-link}
  t=$(readlink "$l"); case $t in *"$tab"*|*"$nl"*) t= ;; esac
  v=; [ -n "$t" ] && [ -r "$t/nixos-version" ] && read -r v < "$t/nixos-version"
  case $v in *"$tab"*) v= ;; esac
  k=; [ -n "$t" ] && k=$(readlink "$t/kernel" 2>/dev/null); case $k in *"$tab"*|*"$nl"*) k= ;; esac
  printf 'gen\\t%s\\t%s\\t%s\\t%s\\t%s\\n' "$n" "$(stat -c %Y "$l" 2>/dev/null)" "$t" "$v" "$k"
done
printf 'df\\t%s\\n' "$(df -Pk /nix 2>/dev/null | tail -n 1 | tr '\\t' ' ')"
if command -v systemctl >/dev/null 2>&1; then
  printf 'systemd\\t%s\\n' "$(systemctl is-system-running 2>/dev/null | one)"
fi
echo 'end'
`;
