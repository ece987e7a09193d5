// The refusal's words, as nixpkgs' switchInhibitors pre-switch check prints them
// (switchable-system.nix): the changes are read from between its header and
// the blank line, and the operator is told what to do.
import { describe, expect, it } from 'vitest';
import { inhibitedReason, inhibitorChanges } from '../../../../src/main/core/remote/activate/switch-inhibitors';

const REFUSAL = [
  'Checking switch inhibitors...',
  'There are changes to critical components of the system:',
  '',
  'dbus-implementation : dbus -> broker',
  'systemd : /nix/store/aaa-systemd-257 -> /nix/store/bbb-systemd-258',
  '',
  'Switching into this system is not recommended.',
  "You probably want to run 'nixos-rebuild boot' and reboot your system instead.",
  '',
  'If you really want to switch into this configuration directly, then',
  'you can set NIXOS_NO_CHECK=1 to ignore pre-switch checks.',
  '',
  'WARNING: doing so might cause the switch to fail or your system to become unstable.',
  '',
  "Pre-switch check 'switchInhibitors' failed",
  'Pre-switch checks failed',
].join('\n');

describe('switch inhibitors', () => {
  it('reads every changed inhibitor from the refusal', () => {
    expect(inhibitorChanges(REFUSAL)).toEqual([
      'dbus-implementation : dbus -> broker',
      'systemd : /nix/store/aaa-systemd-257 -> /nix/store/bbb-systemd-258',
    ]);
    expect(inhibitorChanges('Checking switch inhibitors... done\n')).toEqual([]);
  });

  it('says why and what to do, even when the changes were not in the log kept', () => {
    expect(inhibitedReason('pier7', REFUSAL)).toBe(
      'NixOS refused to switch pier7 live: critical components change (dbus-implementation : dbus -> broker; ' +
        'systemd : /nix/store/aaa-systemd-257 -> /nix/store/bbb-systemd-258), so the new system takes effect only after a reboot. ' +
        'Nothing changed on pier7. To apply it: airlock deploy pier7 --action boot, then airlock reboot pier7',
    );
    expect(inhibitedReason('pier7', '')).toMatch(/^NixOS refused to switch pier7 live: a critical component changes, /);
    expect(inhibitedReason('pier7', REFUSAL, 'rollback')).toMatch(
      /Nothing changed on pier7\. It can take effect only as the boot default followed by a reboot \(airlock reboot pier7\); airlock rollback does not make boot defaults$/,
    );
  });
});
