// The `bin/switch-to-configuration` of a stand-in NixOS system. Real
// activation needs a booted NixOS, so this emulates only what Airlock can
// observe from outside: /run/current-system, sshd, the boot default, exit
// codes and the SSH session. The fault variants reproduce what goes wrong on
// real sites. @toplevel@ is replaced by the system's own store path at build.
// On a host that boots systemd (fleet/systemd-host.ts) sshd is the unit
// sshd.service, and a failed unit is a real one, airlock-demo.service, that
// systemctl lists as failed; every activation first forgets the one an earlier
// system left, as switching to a configuration without it would.

export const VARIANTS = ['normal', 'fail-unit', 'degraded', 'stop-sshd', 'hang', 'kill-session'] as const;
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
    default:
      return assertNever(variant);
  }
}

function assertNever(value: never): never {
  throw new Error(`unknown variant ${String(value)}`);
}

export function renderSwitchScript(variant: SystemVariant): string {
  const body = switchBody(variant).map((line) => `    ${line}`);
  return [
    ...PRELUDE,
    `variant=${variant}`,
    'case "$action" in',
    '  switch|test)',
    ...body,
    '    ;;',
    '  boot)',
    // The simulated bootloader: reboot follows the system profile (test-fleet.md);
    // this file records what the last `boot` installed, for assertions.
    '    echo "$top" > /run/airlock-boot-default',
    '    log ok',
    '    echo "updating the boot default to $top"',
    '    ;;',
    '  dry-activate)',
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
