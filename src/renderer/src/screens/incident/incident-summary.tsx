// Step 5 of an incident: how it ended per host, by word, symbol and colour
// (rolled back, already there, failed and why, left out, not touched), the
// generations before, targeted and after (read from the host after the run),
// reboot needed and each health check; then the report for the post-mortem.
import type { IncidentHostResultView, IncidentRecordView } from '../../../../shared/schemas';
import { formatTime } from '../../../../shared/format';
import { IncidentReportView } from './incident-report-view';

const STATUS: Readonly<Record<IncidentHostResultView['status'], { readonly word: string; readonly cls: string }>> = {
  'rolled-back': { word: '✓ rolled back', cls: 'state-online' },
  unchanged: { word: '= already there', cls: 'state-online' },
  failed: { word: '✕ failed', cls: 'state-offline' },
  'left-out': { word: '✕ left out', cls: 'state-left-out' },
  'not-started': { word: '– not touched', cls: 'state-not-started' },
};

const OUTCOME = {
  running: 'still running',
  succeeded: 'every host runs its last known good generation',
  partial: 'some hosts did NOT go back',
  failed: 'no host went back',
} as const;
const gen = (g: { readonly generation: number | null } | null): string =>
  g === null ? 'unreachable' : g.generation === null ? '–' : String(g.generation);

export function IncidentSummary({ incident }: { readonly incident: IncidentRecordView }) {
  const good = incident.outcome === 'succeeded';
  return (
    <section className="step" aria-labelledby="incident-step-5">
      <h2 id="incident-step-5">Step 5 · Result of incident {incident.id}</h2>
      <p role="status" className={`note ${good ? 'note-ok' : 'note-error'}`}>
        <strong>
          {good ? '✓' : '✕'} Incident {incident.id}: {OUTCOME[incident.outcome]}.
        </strong>{' '}
        Reason: {incident.reason}. By {incident.operator}, {formatTime(incident.startedAt)}; {incident.selection}.
      </p>
      <table aria-label="Incident result">
        <thead>
          <tr>
            <th scope="col">Host</th>
            <th scope="col">Result</th>
            <th scope="col">Before</th>
            <th scope="col">Target</th>
            <th scope="col">After</th>
            <th scope="col">Reboot</th>
            <th scope="col">Why, health checks</th>
          </tr>
        </thead>
        <tbody>
          {incident.hosts.map((h) => (
            <tr key={h.host}>
              <th scope="row">
                {h.host}
                {h.canary ? ' (canary)' : ''}
              </th>
              <td>
                <span className={`state ${STATUS[h.status].cls}`}>{STATUS[h.status].word}</span>
              </td>
              <td>{gen(h.before)}</td>
              <td>{h.target ? h.target.generation : '–'}</td>
              <td>{gen(h.after)}</td>
              <td>
                {h.rebootNeeded ? <span className="state state-needs-reboot">▲ needs reboot</span> : h.rebootNeeded === false ? 'no' : '–'}
              </td>
              <td className="clip">
                {h.reason ? <p className="small pre-line">{h.reason}</p> : null}
                {h.health.map((c) => (
                  <p key={c.check} className="small">
                    {c.ok ? '✓ passed' : '✕ FAILED'}: <span className="mono">{c.check}</span> {c.detail ? `(${c.detail})` : ''}
                  </p>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <IncidentReportView />
    </section>
  );
}
