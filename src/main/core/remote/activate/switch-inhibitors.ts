// NixOS switch inhibitors (nixpkgs 26.05), as nixpkgs implements them (read
// from NixOS/nixpkgs: nixos/modules/system/activation/switchable-system.nix,
// pre-switch-check.nix, pkgs/by-name/sw/switch-to-configuration-ng/src/src/main.rs):
//
// - The option `system.switch.inhibitors` (attrsOf str, default {}) is written
//   by `pkgs.writers.writeJSON` and linked as `<toplevel>/switch-inhibitors`:
//   a JSON object of strings, e.g. {"systemd": "/nix/store/…-systemd-258"}.
// - switch-to-configuration runs the pre-switch checks (PRE_SWITCH_CHECK,
//   called with the new toplevel and the action) for EVERY action, before it
//   installs the bootloader or changes anything, unless NIXOS_NO_CHECK=1.
//   The check `switchInhibitors` does nothing for `boot` ("Not checking switch
//   inhibitors (action = boot)"); for switch, test, dry-activate and check it
//   compares /run/current-system/switch-inhibitors with the new one: a key in
//   both with a different value refuses (a key only one has never does; a
//   generation without the file counts as {}).
// - The refusal, on stdout: "Checking switch inhibitors...", then
//   "There are changes to critical components of the system:", one line
//   "KEY : OLD -> NEW" per change, "Switching into this system is not
//   recommended.", "You probably want to run 'nixos-rebuild boot' and reboot
//   your system instead.", the NIXOS_NO_CHECK=1 hint and a WARNING; then
//   "Pre-switch check 'switchInhibitors' failed"; switch-to-configuration
//   prints "Pre-switch checks failed" on stderr and exits 1.
// - Exit 1 is not specific (usage errors and other pre-switch checks exit 1
//   too), so the refusal is recognised by exit 1 together with that line.
// - The override is NIXOS_NO_CHECK=1 in switch-to-configuration's environment
//   (it skips every pre-switch check); the intended way is `boot` and a reboot.
//   (Older nixpkgs did not pass the action, and refused `boot` too.)
//
// Nothing on the host changed when it refuses, except what the runner did
// before: the system profile's new generation, which the runner puts back.

/** The line nixpkgs' pre-switch check wrapper prints when the inhibitor check refused. */
export const INHIBITOR_REFUSAL_LINE = "Pre-switch check 'switchInhibitors' failed";

const CHANGES_HEADER = 'There are changes to critical components of the system:';

/** The "KEY : OLD -> NEW" lines of the refusal, as nixpkgs printed them. */
export function inhibitorChanges(log: string): string[] {
  const lines = log.split('\n').map((l) => l.trim());
  const start = lines.indexOf(CHANGES_HEADER);
  if (start < 0) return [];
  const changes: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line === '') {
      if (changes.length > 0) break;
      continue;
    }
    if (!line.includes(' -> ')) break;
    changes.push(line);
  }
  return changes;
}

/**
 * What to tell the operator, with what to do: a deploy is applied again with
 * `--action boot` and a reboot; `switch` and `rollback` have no boot action, so
 * for them the way on is named without a command that does not exist.
 */
export function inhibitedReason(host: string, log: string, kind: 'deploy' | 'switch' | 'rollback' = 'deploy'): string {
  const changes = inhibitorChanges(log);
  const what = changes.length > 0 ? `critical components change (${changes.join('; ')})` : 'a critical component changes';
  const todo =
    kind === 'deploy'
      ? `To apply it: airlock deploy ${host} --action boot, then airlock reboot ${host}`
      : `It can take effect only as the boot default followed by a reboot (airlock reboot ${host}); airlock ${kind} does not make boot defaults`;
  return `NixOS refused to switch ${host} live: ${what}, so the new system takes effect only after a reboot. Nothing changed on ${host}. ${todo}`;
}
