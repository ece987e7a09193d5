// The confirmation before a switch or rollback: DESTRUCTIVE (the running
// system changes), so it names the host and both generations with their
// versions, and asks why (the reason goes to the deployment record and the
// audit log). A host that does not confirm in time rolls itself back.
import type { GenerationInfo } from '../../../../shared/schemas';
import { ConfirmDialog } from '../../components/confirm-dialog';

interface Props {
  readonly kind: 'switch' | 'rollback';
  readonly host: string;
  readonly from: GenerationInfo;
  readonly to: GenerationInfo;
  /** The generation the host last booted, if it still has it: its kernel is the one running. */
  readonly booted: GenerationInfo | undefined;
  readonly onConfirm: (reason: string) => Promise<boolean>;
  readonly onCancel: () => void;
}

const describe = (g: GenerationInfo): string =>
  `generation ${g.generation} [NixOS ${g.nixosVersion ?? '?'}, kernel ${g.kernelVersion ?? '?'}]`;

/**
 * What the target's kernel means: the running kernel is the booted system's,
 * not the current one's (a switch never loads a kernel). Going to the kernel
 * already booted needs no reboot, even when the current generation's differs.
 */
function kernelNote(from: GenerationInfo, to: GenerationInfo, booted: GenerationInfo | undefined): string | null {
  const running = booted ? booted.kernelVersion : from.kernelVersion;
  if (to.kernelVersion === running) {
    return booted && from.kernelVersion !== to.kernelVersion
      ? `It runs the kernel the host booted (${to.kernelVersion ?? '?'}): no reboot is needed for it.`
      : null;
  }
  return 'The kernel differs: the host runs the new one only after a reboot.';
}

export function ConfirmGenerationDialog({ kind, host, from, to, booted, onConfirm, onCancel }: Props) {
  const note = kernelNote(from, to, booted);
  const verb = kind === 'rollback' ? 'Roll back' : 'Switch';
  const title = kind === 'rollback' ? `Roll back ${host}?` : `Switch ${host} to generation ${to.generation}?`;
  return (
    <ConfirmDialog
      title={title}
      confirmLabel={`${verb} ${host} from generation ${from.generation} to ${to.generation}`}
      askReason
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>
        {host} goes from {describe(from)} to {describe(to)}. Its running system changes now; if it does not confirm over a new connection in
        time, it rolls itself back to {describe(from)}.
      </p>
      {note ? <p>{note}</p> : null}
    </ConfirmDialog>
  );
}
