// How one host's operation ended, in words an operator can act on: done (and
// the generation it runs now), rolled back and why, failed and what to do next,
// inhibited (NixOS would not switch live) and how to apply it with boot and a reboot.
import type { HostOutcomeView } from '../../../shared/schemas';
import { formatBytes } from '../../../shared/format';
import { mirrorWords } from './mirror-words';

const gen = (g: HostOutcomeView['from']): string => (g.generation === null ? 'no generation' : `generation ${g.generation}`);

/** The next step for each way a host can end up not where it was asked to go. */
function nextStep(o: HostOutcomeView): string | null {
  switch (o.outcome) {
    case 'succeeded':
      return o.rebootNeeded ? 'Reboot the host to run its new kernel.' : null;
    case 'unchanged':
      return null;
    case 'rolled-back':
      return `It runs ${gen(o.from)} again. Read the activation output below, fix the system in a new bundle, then deploy again.`;
    case 'cancelled':
      return 'Nothing was changed on this host; start the deploy again when ready.';
    case 'not-started':
      return 'Nothing was done to this host. Look at the hosts of the earlier wave that failed, fix them, then deploy again.';
    case 'inhibited':
      return `It still runs ${gen(o.from)}: nothing was changed. To run the new system, deploy it again with Action "boot", then reboot ${o.host} (Fleet: Reboot).`;
    case 'failed':
      return 'The host was not changed unless the activation output says otherwise: check it is reachable and not busy (Fleet), then try again.';
  }
}

const WORDS = {
  succeeded: 'done',
  unchanged: 'unchanged',
  'rolled-back': 'rolled back',
  failed: 'failed',
  cancelled: 'cancelled',
  'not-started': 'not touched',
  inhibited: 'needs boot and a reboot',
} as const;

/** Sending plus activation, as the command line's TIME column counts it. */
const took = (o: HostOutcomeView): string | null =>
  o.pushMs === null && o.activationMs === null ? null : `took ${(((o.pushMs ?? 0) + (o.activationMs ?? 0)) / 1000).toFixed(1)} s`;

export function HostResult({ o }: { readonly o: HostOutcomeView }) {
  const ok = o.outcome === 'succeeded' || o.outcome === 'unchanged';
  const next = nextStep(o);
  const mirror = mirrorWords(o);
  return (
    <div role={ok ? 'status' : 'alert'} aria-label={`Result for ${o.host}`} className={`note ${ok ? 'note-ok' : 'note-error'}`}>
      <strong>
        {o.host}: {WORDS[o.outcome]}
      </strong>{' '}
      {ok ? `– ${gen(o.from)} → ${gen(o.to)}` : ''}
      {o.pathsSent ? `, sent ${o.pathsSent} paths (${formatBytes(o.bytesSent)})` : ''}
      {took(o) ? `, ${took(o)}` : ''}
      {mirror ? <p className="pre-line">{mirror}</p> : null}
      {o.reason ? <p className="pre-line">{o.reason}</p> : null}
      {next ? <p>{next}</p> : null}
      {o.activationLog ? (
        <details open={!ok}>
          <summary>Activation output</summary>
          <pre className="activation-log">{o.activationLog}</pre>
        </details>
      ) : null}
    </div>
  );
}
