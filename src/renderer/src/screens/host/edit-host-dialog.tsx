// Editing a host (`airlock host set`): its address, SSH port, user and tags.
// The pinned host key stays: the next connection checks the key the host
// offers against it, and refuses a different one (a reinstall is re-pinned
// after checking the new fingerprint on the host's console).
import { useState } from 'react';
import type { HostEditInput, HostSummary } from '../../../../shared/schemas';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorNote } from '../../components/error-note';
import { errorText } from '../../store/types';
import { useApp } from '../../store/use-app';

interface Draft {
  readonly address: string;
  readonly port: string;
  readonly user: string;
  readonly tags: string;
}

const draftOf = (h: HostSummary): Draft => ({ address: h.address, port: String(h.port), user: h.user, tags: h.tags.join(', ') });
const tagsOf = (text: string): string[] => [...new Set(text.split(/[\s,]+/).filter(Boolean))];

/** Only what the operator changed, so the audit row's "changes" says what they did. */
function changesOf(host: HostSummary, d: Draft): HostEditInput {
  const tags = tagsOf(d.tags);
  return {
    name: host.name,
    ...(d.address.trim() !== host.address ? { address: d.address.trim() } : {}),
    ...(Number(d.port) !== host.port ? { port: Number(d.port) } : {}),
    ...(d.user.trim() !== host.user ? { user: d.user.trim() } : {}),
    ...(tags.join(',') !== host.tags.join(',') ? { tags } : {}),
  };
}

interface Props {
  readonly host: HostSummary;
  readonly onDone: (said: string) => void;
  readonly onCancel: () => void;
}

export function EditHostDialog({ host, onDone, onCancel }: Props) {
  const edit = useApp((s) => s.editHost);
  const [draft, setDraft] = useState<Draft>(() => draftOf(host));
  const [error, setError] = useState<string | null>(null);
  const changes = changesOf(host, draft);
  const unchanged = Object.keys(changes).length === 1;
  const field = (key: keyof Draft, label: string, type = 'text') => (
    <label>
      {label}
      <input type={type} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
    </label>
  );
  const confirm = async (): Promise<void> => {
    setError(null);
    try {
      const after = await edit(changes);
      onDone(`Changed ${after.name}: now ${after.user}@${after.address}:${after.port}, tags ${after.tags.join(', ') || 'none'}.`);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <ConfirmDialog
      title={`Edit ${host.name}`}
      confirmLabel={`Save changes to ${host.name}`}
      busyLabel="Saving…"
      danger={false}
      disabled={unchanged}
      onConfirm={confirm}
      onCancel={onCancel}
    >
      <p>
        The pinned host key ({host.keyType} <span className="mono">{host.fingerprint}</span>) stays. The next connection checks it: a host
        that offers a different key at the new address is refused until its new key is checked on its console and pinned.
      </p>
      <div className="grid-form">
        {field('address', 'Address')}
        {field('port', 'SSH port', 'number')}
        {field('user', 'User')}
        {field('tags', 'Tags (comma separated)')}
      </div>
      <ErrorNote text={error} title="Not changed" />
    </ConfirmDialog>
  );
}
