// A stick that holds many bundles (a year of monthly updates, several sites'
// worth): one row each, newest first, so the list still fits the window at
// 1280×720. Each row says where the bundle stands against this site and runs
// Verify or Import; "Details" opens the bundle's full card under the table.
import { useState } from 'react';
import type { BundleSummaryView, JobView } from '../../../../shared/schemas';
import { formatTime } from '../../../../shared/format';
import { latestJob } from '../../store/jobs-slice';
import { useApp } from '../../store/use-app';
import { BundleCard } from './bundle-card';

/** More bundles than this on one medium: the table instead of a card each. */
export const CARDS_UP_TO = 4;

const STANDING_SHORT = {
  new: 'new',
  imported: 'imported',
  'below-floor': 'older than accepted',
  'other-site': 'another site',
} as const;

function jobWords(job: JobView | undefined): string {
  if (!job) return '';
  const title = job.kind === 'cache-import' ? 'import' : 'verify';
  if (job.status !== 'running') return `${title} ${job.status === 'done' ? 'finished' : job.status}`;
  const { bytesDone, bytesTotal } = job.progress;
  return `${title} ${bytesTotal > 0 ? Math.floor((100 * bytesDone) / bytesTotal) : 0} %`;
}

function BundleRow({
  bundle,
  open,
  onToggle,
}: {
  readonly bundle: BundleSummaryView;
  readonly open: boolean;
  readonly onToggle: () => void;
}) {
  const name = `${bundle.site}-${bundle.sequence}`;
  const jobs = useApp((s) => s.jobs);
  const verify = useApp((s) => s.verifyBundle);
  const importBundle = useApp((s) => s.importBundle);
  const job = latestJob(jobs, ['cache-import', 'bundle-verify'], bundle.folder);
  const busy = job?.status === 'running';
  const refused = bundle.standing === 'below-floor' || bundle.standing === 'other-site';
  return (
    <tr>
      <th scope="row">
        <button type="button" className="link" aria-expanded={open} onClick={onToggle}>
          {name}
        </button>
      </th>
      <td>{formatTime(bundle.created)}</td>
      <td className="clip">{bundle.systems.map((s) => s.host).join(', ')}</td>
      <td className={refused ? 'state-offline' : ''}>{bundle.standing === null ? 'unknown' : STANDING_SHORT[bundle.standing]}</td>
      <td>
        <button type="button" disabled={busy} aria-label={`Verify ${name}`} onClick={() => void verify(bundle.folder)}>
          Verify
        </button>{' '}
        <button type="button" disabled={busy} aria-label={`Import ${name}`} onClick={() => void importBundle(bundle.folder)}>
          Import
        </button>
      </td>
      <td aria-live="polite">{jobWords(job)}</td>
    </tr>
  );
}

export function BundleTable({ bundles }: { readonly bundles: readonly BundleSummaryView[] }) {
  const [openFolder, setOpenFolder] = useState<string | null>(null);
  const newestFirst = [...bundles].sort((a, b) => b.sequence - a.sequence || a.site.localeCompare(b.site));
  const open = bundles.find((b) => b.folder === openFolder);
  return (
    <>
      <table aria-label="Bundles on this medium">
        <thead>
          <tr>
            <th scope="col">Bundle</th>
            <th scope="col">Created</th>
            <th scope="col">Systems</th>
            <th scope="col">Standing</th>
            <th scope="col">Actions</th>
            <th scope="col">Last job</th>
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((b) => (
            <BundleRow
              key={b.folder}
              bundle={b}
              open={b.folder === openFolder}
              onToggle={() => setOpenFolder(b.folder === openFolder ? null : b.folder)}
            />
          ))}
        </tbody>
      </table>
      {open ? <BundleCard bundle={open} /> : null}
    </>
  );
}
