// The Host screen's destructive actions and their confirmation: "Roll back"
// to where the engine says it goes (the generation that ran before, by the
// records, sent with every probe), and "Switch to this generation" from
// the table; the dialog names the host and both generations. Then the
// operation's progress and result.
import { useState } from 'react';
import { runningGeneration } from '../../../../shared/running-generation';
import type { GenerationInfo, HostProbeView } from '../../../../shared/schemas';
import { ErrorNote } from '../../components/error-note';
import { OperationPanel } from '../../components/operation-panel';
import { useApp } from '../../store/use-app';
import { ConfirmGenerationDialog } from './confirm-generation-dialog';

export interface Pending {
  readonly kind: 'switch' | 'rollback';
  readonly to: GenerationInfo;
}

const OPERATION_TITLES = {
  rollback: (host: string) => `Rollback of ${host}`,
  switch: (host: string) => `Switch of ${host}`,
  reboot: (host: string) => `Reboot of ${host}`,
} as const;

interface Props {
  readonly host: string;
  readonly generations: readonly GenerationInfo[];
  /** The engine's answer to "where does Roll back go", from the newest probe. */
  readonly rollback: HostProbeView['rollback'] | undefined;
  readonly busy: boolean;
  readonly pending: Pending | null;
  readonly setPending: (p: Pending | null) => void;
}

export function HostActions({ host, generations, rollback: target, busy, pending, setPending }: Props) {
  const error = useApp((s) => s.hostActionError);
  const op = useApp((s) => (s.hostOperationIds[host] ? s.operations[s.hostOperationIds[host] as string] : undefined));
  const switchTo = useApp((s) => s.switchGeneration);
  const rollback = useApp((s) => s.rollbackHost);
  const [why, setWhy] = useState<string | null>(null);
  const current = runningGeneration(generations);
  const previous = target?.to === null || target === undefined ? undefined : generations.find((g) => g.generation === target.to);
  const askRollback = (): void => {
    if (previous) setPending({ kind: 'rollback', to: previous });
    else
      setWhy(
        current
          ? `No deployment record says what ran before generation ${current.generation}: pick one below with "Switch to this generation".`
          : `${host} runs none of its generations.`,
      );
  };
  const confirm = async (reason: string): Promise<boolean> => {
    if (!pending) return false;
    const started =
      pending.kind === 'rollback'
        ? await rollback(host, pending.to.generation, reason)
        : await switchTo(host, pending.to.generation, reason);
    if (started) setPending(null);
    return started;
  };
  return (
    <>
      <div className="toolbar">
        <button type="button" className="danger" onClick={askRollback} disabled={busy || !current || !target}>
          Roll back
        </button>
        <span className="muted small">
          {previous
            ? `to generation ${previous.generation}, which ran before generation ${current?.generation}`
            : 'to the generation that ran before, by the deployment records'}
        </span>
      </div>
      {why && !previous ? <p role="status">{why}</p> : null}
      <ErrorNote text={error} title="Not started" />
      {pending && current ? (
        <ConfirmGenerationDialog
          kind={pending.kind}
          host={host}
          from={current}
          to={pending.to}
          booted={generations.find((g) => g.booted)}
          onConfirm={confirm}
          onCancel={() => setPending(null)}
        />
      ) : null}
      {op ? <OperationPanel op={op} title={OPERATION_TITLES[op.kind as keyof typeof OPERATION_TITLES](host)} /> : null}
    </>
  );
}
