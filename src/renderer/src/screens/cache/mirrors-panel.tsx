// Site mirrors (Offline cache screen): the binary caches hosts reach by URL,
// each optionally published from this offline cache to a folder on an added
// host, with the publish's progress and outcome as a job.
import { useEffect, useState } from 'react';
import type { MirrorView } from '../../../../shared/schemas';
import { ErrorNote } from '../../components/error-note';
import { JobProgress } from '../../components/job-progress';
import { latestJob } from '../../store/jobs-slice';
import { useApp } from '../../store/use-app';

function MirrorRow({ mirror }: { readonly mirror: MirrorView }) {
  const publish = useApp((s) => s.publishMirror);
  const remove = useApp((s) => s.removeMirror);
  const job = useApp((s) => latestJob(s.jobs, 'mirror-publish', mirror.name));
  return (
    <>
      <tr>
        <th scope="row">{mirror.name}</th>
        <td className="mono">{mirror.url}</td>
        <td className="mono">{mirror.host ? `${mirror.host}:${mirror.path}` : '-'}</td>
        <td>
          <button type="button" disabled={!mirror.host || job?.status === 'running'} onClick={() => void publish(mirror.name)}>
            Publish to {mirror.name}
          </button>{' '}
          <button type="button" disabled={job?.status === 'running'} onClick={() => void remove(mirror.name)}>
            Remove {mirror.name}
          </button>
        </td>
      </tr>
      {job ? (
        <tr>
          <td colSpan={4}>
            <JobProgress job={job} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function AddMirrorForm() {
  const hosts = useApp((s) => s.hosts);
  const add = useApp((s) => s.addMirror);
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [host, setHost] = useState('');
  const [path, setPath] = useState('');
  const submit = (): void => {
    void add({ name, url, ...(host ? { host, path } : {}) }).then((ok) => ok && (setName(''), setUrl(''), setPath('')));
  };
  return (
    <form aria-label="Add a mirror" onSubmit={(e) => (e.preventDefault(), submit())}>
      <div className="grid-form">
        <label>
          Mirror name
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          URL hosts fetch from
          <input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="http://10.0.0.5/nix-cache" required />
        </label>
        <label>
          Publish to host
          <select value={host} onChange={(e) => setHost(e.target.value)}>
            <option value="">none (filled by other means)</option>
            {hosts.map((h) => (
              <option key={h.name} value={h.name}>
                {h.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Folder on that host
          <input
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="/srv/nix-cache"
            disabled={!host}
            required={Boolean(host)}
          />
        </label>
      </div>
      <button type="submit">Add mirror</button>
    </form>
  );
}

export function MirrorsPanel() {
  const mirrors = useApp((s) => s.mirrors);
  const error = useApp((s) => s.mirrorsError);
  const load = useApp((s) => s.loadMirrors);
  useEffect(() => void load(), [load]);
  return (
    <section aria-labelledby="mirrors-title">
      <h2 id="mirrors-title">Site mirrors</h2>
      <p className="muted small">
        A mirror is a plain binary cache hosts reach by URL, served as it is by nginx or any static server. Publish copies what this cache
        holds over SSH: only what the mirror lacks, resumable, each file checked on the host.
      </p>
      <ErrorNote text={error} title="Mirrors" />
      {mirrors.length === 0 ? (
        <p>No mirrors yet.</p>
      ) : (
        <table aria-label="Site mirrors">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">URL</th>
              <th scope="col">Published to</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {mirrors.map((m) => (
              <MirrorRow key={m.name} mirror={m} />
            ))}
          </tbody>
        </table>
      )}
      <AddMirrorForm />
    </section>
  );
}
