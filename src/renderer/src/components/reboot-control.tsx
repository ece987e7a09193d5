// "Reboot" wherever a host shows "needs reboot" (Fleet row, Host screen):
// the button, its confirmation naming the host, and while the reboot runs
// the phase in words (waiting for a new boot id). What the host runs after
// comes from the engine's probe once the operation ends, not from here.
import { useState } from 'react';
import type { HostSummary } from '../../../shared/schemas';
import { hostState } from './host-state';
import { latestOperationOn } from '../store/operations-slice';
import { useApp } from '../store/use-app';
import { ConfirmRebootDialog } from './confirm-reboot-dialog';

/** `sayFailure`: where no operation panel shows how it ended (the Fleet), a failed reboot is said here. */
export function RebootControl({
  host,
  busy,
  sayFailure = false,
}: {
  readonly host: HostSummary;
  readonly busy: boolean;
  readonly sayFailure?: boolean;
}) {
  const reboot = useApp((s) => s.rebootHost);
  const op = useApp((s) => latestOperationOn(s.operations, host.name, ['reboot']));
  const [asking, setAsking] = useState(false);
  const running = op?.status === 'running' ? op.hosts.find((h) => h.host === host.name) : undefined;
  if (running) {
    return (
      <span role="status" aria-label={`Reboot of ${host.name}`} className="small">
        Rebooting {host.name}
        {running.message ? `: ${running.message}` : '…'}
      </span>
    );
  }
  const failed =
    sayFailure && op?.status === 'finished'
      ? op.hosts.find((h) => h.host === host.name && h.outcome?.outcome === 'failed')?.outcome
      : undefined;
  const failure = failed ? (
    <div role="alert" className="small outcome-failed">
      Reboot of {host.name} failed: {failed.reason}
    </div>
  ) : null;
  if (hostState(host) !== 'needs reboot') return failure;
  const confirm = async (reason: string): Promise<boolean> => {
    const started = await reboot(host.name, reason);
    if (started) setAsking(false);
    return started;
  };
  return (
    <>
      {failure}
      <button type="button" className="danger small" onClick={() => setAsking(true)} disabled={busy}>
        Reboot {host.name}
      </button>
      {asking ? <ConfirmRebootDialog host={host} onConfirm={confirm} onCancel={() => setAsking(false)} /> : null}
    </>
  );
}
