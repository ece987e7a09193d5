// One bundle on the medium: what it claims (site, sequence, signers, dates,
// description, systems), and Verify / Import with live progress and outcome.
import type { BundleInspectionView, BundleSummaryView } from '../../../../shared/schemas';
import { formatBytes, formatTime } from '../../../../shared/format';
import { JobProgress } from '../../components/job-progress';
import { latestJob } from '../../store/jobs-slice';
import { useApp } from '../../store/use-app';

const STANDING_WORDS = {
  imported: 'Already imported: the offline cache holds it.',
  'below-floor': 'Older than a bundle this site has accepted: it would be refused (rule 3).',
  'other-site': "Another site's bundle: it would be refused (rule 3).",
} as const;

/** Where the bundle stands against the site, as the engine read it from what the bundle claims. */
function BundleStandingNote({ bundle }: { readonly bundle: BundleSummaryView }) {
  if (bundle.standing === null || bundle.standing === 'new') return null;
  return <p className={bundle.standing === 'imported' ? 'muted' : 'note note-error'}>{STANDING_WORDS[bundle.standing]}</p>;
}

/** What carrying the build closure costs: the paths it adds to the run-time closures, their NAR bytes and compressed bytes. */
function buildClosureWords(b: NonNullable<BundleInspectionView['buildClosure']>): string {
  return `adds ${b.added.paths} paths, ${formatBytes(b.added.narBytes)} (NAR), ${formatBytes(b.added.fileBytes)} compressed`;
}

export function BundleCard({ bundle }: { readonly bundle: BundleSummaryView }) {
  const name = `${bundle.site}-${bundle.sequence}`;
  const inspection = useApp((s) => s.inspections[bundle.folder]);
  const inspectionError = useApp((s) => s.inspectionErrors[bundle.folder]);
  const jobs = useApp((s) => s.jobs);
  const verify = useApp((s) => s.verifyBundle);
  const importBundle = useApp((s) => s.importBundle);
  const job = latestJob(jobs, ['cache-import', 'bundle-verify'], bundle.folder);
  const busy = job?.status === 'running';
  const signers = inspection?.signers.map((s) => `${s.keyName} (${s.status === 'unknown-key' ? 'not trusted here' : s.status})`).join(', ');
  return (
    <section className="card" aria-labelledby={`bundle-${name}`}>
      <h3 id={`bundle-${name}`}>Bundle {name}</h3>
      <BundleStandingNote bundle={bundle} />
      <dl className="facts">
        <dt>Site</dt>
        <dd>{bundle.site}</dd>
        <dt>Sequence</dt>
        <dd>{bundle.sequence}</dd>
        <dt>Signers</dt>
        <dd>{inspection ? signers || 'none' : inspectionError ? `could not be read: ${inspectionError}` : 'checking…'}</dd>
        <dt>Created</dt>
        <dd>{formatTime(bundle.created)}</dd>
        <dt>Expires</dt>
        <dd>{bundle.expires ? formatTime(bundle.expires) : 'never'}</dd>
        <dt>Description</dt>
        <dd>{bundle.description ?? 'none'}</dd>
        <dt>Systems</dt>
        <dd>{bundle.systems.map((s) => `${s.host} (${s.action})`).join(', ')}</dd>
        <dt>Size</dt>
        <dd>
          {inspection
            ? `${inspection.pathCount} paths, ${formatBytes(inspection.carried.fileBytes)} carried`
            : inspectionError
              ? 'unknown'
              : 'checking…'}
        </dd>
        {inspection?.buildClosure ? (
          <>
            <dt>Build closure</dt>
            <dd>{buildClosureWords(inspection.buildClosure)}</dd>
          </>
        ) : null}
        <dt>Folder</dt>
        <dd className="mono small">{bundle.folder}</dd>
      </dl>
      <div className="toolbar">
        <button type="button" disabled={busy} onClick={() => void verify(bundle.folder)}>
          Verify
        </button>
        <button type="button" disabled={busy} onClick={() => void importBundle(bundle.folder)}>
          Import
        </button>
      </div>
      {job ? <JobProgress job={job} /> : null}
    </section>
  );
}
