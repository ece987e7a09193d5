// One section of the Host screen per Nix profile of the host, titled with the
// profile's path: its generations, switch and rollback behind the one
// confirmation dialog, then the operation's progress and result.
import { useId, useState } from 'react';
import type { HostProfileInfo, ProfileGenerationInfo } from '../../../../shared/schemas';
import { ErrorNote } from '../../components/error-note';
import { OperationPanel } from '../../components/operation-panel';
import { profileKey } from '../../store/profiles-slice';
import { useApp } from '../../store/use-app';
import { ConfirmProfileDialog } from './confirm-profile-dialog';
import { ProfileGenerationsTable } from './profile-generations-table';

interface Pending {
  readonly kind: 'switch' | 'rollback';
  readonly to: ProfileGenerationInfo;
}

const OPERATION_TITLES = {
  rollback: (profile: string, host: string) => `Rollback of profile ${profile} on ${host}`,
  switch: (profile: string, host: string) => `Switch of profile ${profile} on ${host}`,
} as const;

export function ProfileSection({ info, busy }: { readonly info: HostProfileInfo; readonly busy: boolean }) {
  const { host, profile } = info;
  const key = profileKey(host, profile);
  const titleId = useId();
  const error = useApp((s) => s.profileActionErrors[key]);
  const op = useApp((s) => (s.profileOperationIds[key] ? s.operations[s.profileOperationIds[key] as string] : undefined));
  const switchTo = useApp((s) => s.switchProfile);
  const rollback = useApp((s) => s.rollbackProfile);
  const [pending, setPending] = useState<Pending | null>(null);
  const current = info.generations.find((g) => g.current);
  const previous = info.generations.find((g) => g.generation === info.rollbackTo);
  const confirm = async (reason: string): Promise<boolean> => {
    if (!pending) return false;
    const started =
      pending.kind === 'rollback'
        ? await rollback(host, profile, pending.to.generation, reason)
        : await switchTo(host, profile, pending.to.generation, reason);
    if (started) setPending(null);
    return started;
  };
  const opTitle = op ? OPERATION_TITLES[op.kind as keyof typeof OPERATION_TITLES] : undefined;
  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>Profile {profile}</h2>
      <ErrorNote text={info.error} title={`Could not read profile ${profile}`} />
      {!info.error && info.generations.length === 0 ? <p>{host} has no generation of this profile.</p> : null}
      {info.generations.length > 0 ? (
        <ProfileGenerationsTable
          info={info}
          busy={busy}
          onSwitch={(g) => setPending({ kind: 'switch', to: g })}
          onRollback={() => (previous ? setPending({ kind: 'rollback', to: previous }) : undefined)}
        />
      ) : null}
      <ErrorNote text={error} title="Not started" />
      {pending && current ? (
        <ConfirmProfileDialog
          kind={pending.kind}
          host={host}
          profile={profile}
          from={current}
          to={pending.to}
          onConfirm={confirm}
          onCancel={() => setPending(null)}
        />
      ) : null}
      {op && opTitle ? <OperationPanel op={op} title={opTitle(profile, host)} /> : null}
    </section>
  );
}
