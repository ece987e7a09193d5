// The confirmation before a reboot: DESTRUCTIVE (everything the host runs
// stops until it is back), so it names the host and what it will boot, and
// asks why (the reason goes to the audit log).
import type { HostSummary } from '../../../shared/schemas';
import { ConfirmDialog } from './confirm-dialog';

interface Props {
  readonly host: HostSummary;
  readonly onConfirm: (reason: string) => Promise<boolean>;
  readonly onCancel: () => void;
}

function bootsInto(host: HostSummary): string {
  const g = host.probe?.generations.find((x) => x.default);
  return g
    ? `generation ${g.generation} [NixOS ${g.nixosVersion ?? '?'}, kernel ${g.kernelVersion ?? '?'}]`
    : 'the generation its system profile names';
}

export function ConfirmRebootDialog({ host, onConfirm, onCancel }: Props) {
  return (
    <ConfirmDialog
      title={`Reboot ${host.name}?`}
      confirmLabel={`Reboot ${host.name} now`}
      askReason
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>
        {host.name} restarts now and boots {bootsInto(host)}. Everything it runs stops until it is back. Airlock waits for it to come back
        with a new boot id, then probes it.
      </p>
    </ConfirmDialog>
  );
}
