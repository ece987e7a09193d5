// Offline cache: location, size and free space, what it holds, verify, GC, site mirrors.
import { ErrorNote } from '../../components/error-note';
import { JobProgress } from '../../components/job-progress';
import { latestJob } from '../../store/jobs-slice';
import { useApp } from '../../store/use-app';
import { FolderForm } from '../../components/path-form';
import { CacheSummary } from './cache-summary';
import { GcPanel } from './gc-panel';
import { MirrorsPanel } from './mirrors-panel';

export function CacheScreen() {
  const cache = useApp((s) => s.cache);
  const error = useApp((s) => s.cacheError);
  const jobError = useApp((s) => s.jobError);
  const useCache = useApp((s) => s.useCache);
  const verify = useApp((s) => s.verifyCache);
  const job = useApp((s) => (s.cache?.root ? latestJob(s.jobs, 'cache-verify', s.cache.root) : undefined));
  const ready = cache?.root && !cache.problem;
  return (
    <>
      <h1 id="screen-title">Offline cache</h1>
      <ErrorNote text={error} />
      <FolderForm label="Cache folder" action="Use this cache" initial={cache?.root ?? ''} onSubmit={(f) => void useCache(f)} />
      {cache && !cache.root ? (
        <p>No offline cache chosen yet. Give its folder (normally &lt;medium&gt;/airlock); an empty folder becomes a new cache.</p>
      ) : null}
      <ErrorNote text={cache?.problem} />
      {ready ? (
        <>
          <CacheSummary cache={cache} />
          <div className="toolbar">
            <button type="button" onClick={() => void verify()} disabled={job?.status === 'running'}>
              Verify cache
            </button>
          </div>
          <ErrorNote text={jobError} title="Cannot start" />
          {job ? <JobProgress job={job} /> : null}
          <GcPanel />
          <MirrorsPanel />
        </>
      ) : null}
    </>
  );
}
