// The `reboot` of a stand-in NixOS system (its systemd package's bin/reboot,
// so /run/current-system/sw/bin/reboot, where NixOS has systemd's own). A
// simulated host shares the machine's kernel, so its "reboot" is what
// test-fleet.md says: every process of the host stops (sshd, its sessions, a
// watchdog), /run/booted-system and /run/current-system follow the system
// profile, a new boot id is written, and sshd starts again. The boot id file
// /run/boot_id is bind-mounted over /proc/sys/kernel/random/boot_id when the
// host's namespace is made (fleet/run.ts), so the engine reads the real path
// on every host; it is rewritten in place, so that mount shows the new one.
//
// The work runs detached (setsid), as systemd's reboot returns at once and the
// connection then drops. It keeps the host's mount namespace alive by being in
// it while nothing else is. On a host that boots a real systemd the stand-in
// refuses: that host is rebooted from outside (`npm run fleet -- reboot NAME`).
//
// Fault knob for tests: when /run/airlock-reboot-stays-down exists, the host
// goes down and does not come back (sshd is not started again).

const DETACHED = [
  '/usr/bin/sleep 0.5',
  'me=$$; ns=$(/bin/readlink /proc/$me/ns/mnt)',
  // A function setting $list, not a command substitution, so no subshell of ours is ever among them.
  'others() { list=; for d in /proc/[0-9]*; do p=${d#/proc/}; [ "$p" = "$me" ] && continue; [ "$(/bin/readlink "$d/ns/mnt" 2>/dev/null)" = "$ns" ] && list="$list $p"; done; }',
  'others; [ -n "$list" ] && kill -TERM $list 2>/dev/null',
  'for i in 1 2 3 4 5 6 7 8 9 10; do others; [ -z "$list" ] && break; /usr/bin/sleep 0.2; done',
  'others; [ -n "$list" ] && kill -KILL $list 2>/dev/null',
  'top=$(/bin/readlink -f /nix/var/nix/profiles/system)',
  '/bin/ln -sfn "$top" /run/booted-system',
  '/bin/ln -sfn "$top" /run/current-system',
  'echo "$(/bin/date -u +%Y-%m-%dT%H:%M:%SZ) reboot $top" >> /run/activation.log',
  '[ -e /run/airlock-reboot-stays-down ] && exit 0',
  '/bin/cat /proc/sys/kernel/random/uuid > /run/boot_id',
  '/bin/rm -f /run/sshd.pid',
  'exec /usr/sbin/sshd -f /run/sshd_config',
].join('\n');

export function renderRebootScript(): string {
  return [
    '#!/bin/sh',
    "# Stand-in for systemd's reboot on an Airlock test-fleet host (fleet/reboot-script.ts).",
    'if [ -d /run/systemd/system ]; then',
    '  echo "reboot: this test-fleet host boots systemd; reboot it with npm run fleet -- reboot NAME" >&2',
    '  exit 1',
    'fi',
    `/usr/bin/setsid /bin/sh -c '${DETACHED.replaceAll("'", `'\\''`)}' airlock-reboot < /dev/null > /dev/null 2>&1 &`,
    'exit 0',
    '',
  ].join('\n');
}
