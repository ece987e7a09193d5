// The confirmation before cleaning: DESTRUCTIVE (the generations' profile
// links go, and their paths at the host's next garbage collection; nobody can
// switch back to them afterwards), so it names the host and every generation.
import { ConfirmDialog } from '../../components/confirm-dialog';

interface Props {
  readonly host: string;
  readonly generations: readonly number[];
  readonly onConfirm: () => Promise<boolean>;
  readonly onCancel: () => void;
}

export function ConfirmCleanDialog({ host, generations, onConfirm, onCancel }: Props) {
  const list = generations.join(', ');
  return (
    <ConfirmDialog
      title={`Delete generations of ${host}?`}
      confirmLabel={`Delete generation(s) ${list} of ${host}`}
      onConfirm={() => onConfirm().finally(onCancel)}
      onCancel={onCancel}
    >
      <p>
        Generation(s) {list} of {host} are deleted: nobody can switch back to them afterwards. The current, booted, next-boot and last known
        good generations stay.
      </p>
    </ConfirmDialog>
  );
}
