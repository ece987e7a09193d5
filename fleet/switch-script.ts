// The `bin/switch-to-configuration` of a stand-in NixOS system. Real
// activation needs a booted NixOS, so this emulates only what Airlock can
// observe from outside: /run/current-system, sshd, the boot default, exit
// codes and the SSH session. The fault variants reproduce what goes wrong on
// real sites. @toplevel@ is replaced by the system's own store path at build.
// On a host that boots systemd (fleet/systemd-host.ts) sshd is the unit
// sshd.service, and a failed unit is a real one, airlock-demo.service, that
// systemctl lists as failed; every activation first forgets the one an earlier
// system left, as switching to a configuration without it would.
//
// The 'inhibit' variant carries nixpkgs' switch inhibitors (NixOS 26.05,
// nixos/modules/system/activation/switchable-system.nix and
// pkgs/by-name/sw/switch-to-configuration-ng): before anything changes, every
// action but `boot` compares the toplevel's `switch-inhibitors` (a JSON object
// of strings) with /run/current-system/switch-inhibitors; a key both have with
// a different value refuses, printing what nixpkgs prints and exiting 1, with
// nothing changed (no bootloader, no /run/current-system). NIXOS_NO_CHECK=1
// skips the check, as it does on NixOS. The stand-in reads the one-entry-a-line
// JSON its toplevel writes (fleet/stand-in-system.ts), values without quotes.

export const VARIANTS = ['normal', 'fail-unit', 'degraded', 'stop-sshd', 'hang', 'kill-session', 'inhibit'] as const;
export type SystemVariant = (typeof VARIANTS)[number];

export function isVariant(value: string): value is SystemVariant {
  return (VARIANTS as readonly string[]).includes(value);
}

// Runs with whatever PATH the login has (maybe none): tools by absolute path,
// everything else shell builtins.
const PRELUDE = [
  '#!/bin/sh',
  'top=@toplevel@',
  'action="$1"',
  'log() { echo "$(/bin/date -u +%Y-%m-%dT%H:%M:%SZ) $action $top $variant $1" >> /run/activation.log; }',
  'sshd_pid() { [ -f /run/sshd.pid ] && read -r pid < /run/sshd.pid && kill -0 "$pid" 2>/dev/null && echo "$pid"; }',
  'systemd() { [ -d /run/systemd/system ]; }',
  // The previous system's activation must bring sshd back after stop-sshd cut it.
  'ensure_sshd() { if systemd; then /usr/bin/systemctl start sshd.service; else sshd_pid > /dev/null || /usr/sbin/sshd -f /run/sshd_config; fi; }',
  'activate() { /bin/ln -sfn "$top" /run/current-system; ! systemd || /usr/bin/systemctl reset-failed airlock-demo.service 2>/dev/null; }',
  // A unit of this system that fails once started; returns when systemd lists it as failed.
  'fail_demo_unit() {',
  '  systemd || return 0',
  '  /usr/bin/systemd-run --unit airlock-demo --description "Airlock demo unit that fails" --quiet /bin/sh -c "exit 3"',
  '  for i in 1 2 3 4 5 6 7 8 9 10; do /usr/bin/systemctl is-failed --quiet airlock-demo.service && return 0; /usr/bin/sleep 0.2; done',
  '}',
  // Kills every SSH session of the host (each sshd the listener forked, the
  // shared ControlMaster connection included), not the listener: what a
  // network change that drops every connection looks like from the host.
  'kill_session() {',
  '  listener=$(sshd_pid) || return 0; victims=""',
  '  for dir in /proc/[0-9]*; do',
  '    read -r comm < "$dir/comm" 2>/dev/null || continue',
  '    [ "$comm" = sshd ] || continue',
  '    read -r stat < "$dir/stat" 2>/dev/null || continue',
  '    set -- $stat',
  '    [ "$4" = "$listener" ] && victims="$victims ${dir#/proc/}"',
  '  done',
  '  [ -n "$victims" ] && kill -9 $victims',
  '}',
];

// nixpkgs' pre-switch check `switchInhibitors`, in shell builtins. `value FILE KEY` sets $v to KEY's value in FILE.
const INHIBITOR_CHECK = [
  'value() {',
  '  v=; found=1',
  '  while IFS= read -r line; do',
  '    case "$line" in *\'": "\'*) ;; *) continue ;; esac',
  "    l=${line#*'\"'}; k=${l%%'\"'*}; rest=${l#*'\": \"'}; rest=${rest%,}",
  '    [ "$k" = "$2" ] && { v=${rest%\'"\'}; v=${v#\'"\'}; found=0; }',
  '  done < "$1"',
  '  return $found',
  '}',
  'check_inhibitors() {',
  '  [ "$action" = boot ] && { echo "Not checking switch inhibitors (action = $action)"; return 0; }',
  '  [ "$NIXOS_NO_CHECK" = 1 ] && return 0',
  '  printf "Checking switch inhibitors..."',
  '  cur=$(/bin/readlink -f /run/current-system)/switch-inhibitors; new=$top/switch-inhibitors; diff=',
  '  if [ -f "$cur" ] && [ -f "$new" ]; then',
  '    while IFS= read -r line; do',
  '      case "$line" in *\'": "\'*) ;; *) continue ;; esac',
  "      l=${line#*'\"'}; key=${l%%'\"'*}",
  '      value "$cur" "$key"; old=$v',
  '      value "$new" "$key" && [ "$v" != "$old" ] && diff="$diff$key : $old -> $v\n"',
  '    done < "$cur"',
  '  fi',
  '  if [ -z "$diff" ]; then echo " done"; return 0; fi',
  '  echo; echo "There are changes to critical components of the system:"; echo; printf "%s" "$diff"; echo',
  '  echo "Switching into this system is not recommended."',
  '  echo "You probably want to run \'nixos-rebuild boot\' and reboot your system instead."',
  '  echo; echo "If you really want to switch into this configuration directly, then"',
  '  echo "you can set NIXOS_NO_CHECK=1 to ignore pre-switch checks."',
  '  echo; echo "WARNING: doing so might cause the switch to fail or your system to become unstable."; echo',
  '  echo "Pre-switch check \'switchInhibitors\' failed"',
  '  echo "Pre-switch checks failed" >&2',
  '  log "inhibited"',
  '  exit 1',
  '}',
];

function switchBody(variant: SystemVariant): string[] {
  switch (variant) {
    case 'normal':
      return ['activate', 'ensure_sshd', 'log ok', 'exit 0'];
    case 'fail-unit':
      return [
        'activate',
        'ensure_sshd',
        'fail_demo_unit',
        'log "failed unit airlock-demo.service"',
        'echo "warning: the following units failed: airlock-demo.service" >&2',
        // switch-to-configuration.pl exits 4 when units failed to start.
        'exit 4',
      ];
    case 'degraded':
      // switch-to-configuration does not wait for a service that fails a moment after it started: it exits 0,
      // and only `systemctl is-system-running` (degraded) tells.
      return ['activate', 'ensure_sshd', 'fail_demo_unit', 'log "airlock-demo.service failed after the switch"', 'exit 0'];
    case 'stop-sshd':
      return [
        'activate',
        'log "stopping sshd"',
        'echo "stopping the following units: sshd.service"',
        'pid=$(sshd_pid) && kill "$pid"',
        'exit 0',
      ];
    case 'hang':
      return ['activate', 'log hanging', 'exec /usr/bin/sleep infinity'];
    case 'kill-session':
      return ['activate', 'log "killing the SSH sessions"', 'kill_session', '/usr/bin/sleep 1', 'ensure_sshd', 'exit 0'];
    case 'inhibit':
      return ['check_inhibitors', 'activate', 'ensure_sshd', 'log ok', 'exit 0'];
    default:
      return assertNever(variant);
  }
}

function assertNever(value: never): never {
  throw new Error(`unknown variant ${String(value)}`);
}

export function renderSwitchScript(variant: SystemVariant): string {
  const body = switchBody(variant).map((line) => `    ${line}`);
  const checks = variant === 'inhibit';
  return [
    ...PRELUDE,
    ...(checks ? INHIBITOR_CHECK : []),
    `variant=${variant}`,
    'case "$action" in',
    '  switch|test)',
    ...body,
    '    ;;',
    '  boot)',
    ...(checks ? ['    check_inhibitors'] : []),
    // The simulated bootloader: reboot follows the system profile (test-fleet.md);
    // this file records what the last `boot` installed, for assertions.
    '    echo "$top" > /run/airlock-boot-default',
    '    log ok',
    '    echo "updating the boot default to $top"',
    '    ;;',
    '  dry-activate)',
    ...(checks ? ['    check_inhibitors'] : []),
    '    current=$(/bin/readlink /run/current-system)',
    '    read -r version < "$top/nixos-version"',
    '    echo "would switch /run/current-system from $current to $top (NixOS $version)"',
    '    log ok',
    '    ;;',
    '  *)',
    '    echo "usage: switch-to-configuration [switch|boot|test|dry-activate]" >&2',
    '    exit 1',
    '    ;;',
    'esac',
    '',
  ].join('\n');
}
