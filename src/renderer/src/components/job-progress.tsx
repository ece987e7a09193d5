// A long job as it runs and as it ended: a progress bar with bytes, paths and
// time left and a Cancel button, then the outcome in a sentence (a refusal
// names its rule).
import type { JobView } from '../../../shared/schemas';
import { formatBytes, formatDuration } from '../../../shared/format';
import { useApp } from '../store/use-app';
import { RefusalNote } from './refusal-note';

const TITLES = {
  'bundle-verify': 'Verify',
  'cache-import': 'Import',
  'cache-verify': 'Cache verify',
  'mirror-publish': 'Mirror publish',
} as const;

function timeLeft(job: JobView): string | null {
  const { bytesDone, bytesTotal } = job.progress;
  if (bytesDone <= 0 || bytesTotal <= 0 || bytesDone >= bytesTotal) return null;
  const spent = Date.now() - Date.parse(job.started);
  return formatDuration((spent / bytesDone) * (bytesTotal - bytesDone));
}

export function JobProgress({ job }: { readonly job: JobView }) {
  const cancel = useApp((s) => s.cancelJob);
  const title = TITLES[job.kind];
  const { bytesDone, bytesTotal, pathsDone, pathsTotal } = job.progress;
  if (job.status === 'running') {
    const left = timeLeft(job);
    return (
      <div className="job">
        <progress aria-label={`${title} progress`} max={bytesTotal || 1} value={bytesTotal ? bytesDone : 0} />
        <p aria-live="polite">
          {title}: {formatBytes(bytesDone)} of {formatBytes(bytesTotal)}, {pathsDone} of {pathsTotal} paths
          {left ? `, about ${left} left` : ''}
        </p>
        <button type="button" onClick={() => void cancel(job.id)}>
          Cancel {title.toLowerCase()}
        </button>
      </div>
    );
  }
  if (job.status === 'refused' && job.rule !== null) return <RefusalNote title={title} rule={job.rule} reason={job.message ?? ''} />;
  const ok = job.status === 'done';
  // A cancel the operator asked for is news, not an alarm.
  const calm = ok || job.status === 'cancelled';
  return (
    <div role={calm ? 'status' : 'alert'} className={`note ${ok ? 'note-ok' : calm ? '' : 'note-error'}`}>
      <strong>
        {title} {ok ? 'finished' : job.status}:
      </strong>{' '}
      {job.message}
      {job.details.length > 0 ? (
        <ul className="details">
          {job.details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
