// The confirmation before a profile's switch or rollback: DESTRUCTIVE (the
// profile changes and the target's ACTIVATE runs on the host), so it names
// the host, the profile and both generations with their store paths, and asks
// why (the reason goes to the deployment record and the audit log).
import type { ProfileGenerationInfo } from '../../../../shared/schemas';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { storeName } from './profile-generations-table';

interface Props {
  readonly kind: 'switch' | 'rollback';
  readonly host: string;
  readonly profile: string;
  readonly from: ProfileGenerationInfo;
  readonly to: ProfileGenerationInfo;
  readonly onConfirm: (reason: string) => Promise<boolean>;
  readonly onCancel: () => void;
}

const describe = (g: ProfileGenerationInfo): string => `generation ${g.generation} [${storeName(g.toplevel)}]`;

export function ConfirmProfileDialog({ kind, host, profile, from, to, onConfirm, onCancel }: Props) {
  const verb = kind === 'rollback' ? 'Roll back' : 'Switch';
  const title =
    kind === 'rollback'
      ? `Roll back profile ${profile} on ${host}?`
      : `Switch profile ${profile} on ${host} to generation ${to.generation}?`;
  return (
    <ConfirmDialog
      title={title}
      confirmLabel={`${verb} ${profile} on ${host} from generation ${from.generation} to ${to.generation}`}
      askReason
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>
        Profile {profile} on {host} goes from {describe(from)} to {describe(to)}. The activation script the bundle names for it runs from
        the new generation, as the host&apos;s own user.
      </p>
    </ConfirmDialog>
  );
}
