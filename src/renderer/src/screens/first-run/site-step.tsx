// Steps 1 and 2 of the first run: the site's name, the public keys that sign
// its bundles (pasted, or read by the engine from a file, often on the stick)
// and how many of them must sign. One `site init` at the end, as the command
// line has it: the engine checks everything and audits the answer either way.
import { useEffect, useState, type FormEvent } from 'react';
import { ErrorNote } from '../../components/error-note';
import { errorText } from '../../store/types';
import { useApp } from '../../store/use-app';

const keyName = (key: string): string => key.split(':')[0] ?? key;

function KeyFileForm({ onKey }: { readonly onKey: (key: string) => void }) {
  const readKeyFile = useApp((s) => s.readKeyFile);
  const pickFile = useApp((s) => s.pickFile);
  const canPick = useApp((s) => s.nativeFolderPicker);
  const loadCapabilities = useApp((s) => s.loadCapabilities);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    loadCapabilities().catch(() => undefined);
  }, [loadCapabilities]);
  const read = (e: FormEvent): void => {
    e.preventDefault();
    setError(null);
    readKeyFile(path.trim()).then(
      (key) => (onKey(key), setPath('')),
      (err: unknown) => setError(errorText(err)),
    );
  };
  const choose = async (): Promise<void> => {
    const picked = await pickFile('Public key file');
    if (picked !== null) setPath(picked);
  };
  return (
    <form className="toolbar" onSubmit={read} aria-label="Key from a file">
      <label>
        Public key file
        <input
          type="text"
          className="wide"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          placeholder="/media/operator/STICK/build.pub"
        />
      </label>
      {canPick ? (
        <button type="button" onClick={() => void choose()}>
          Choose…
        </button>
      ) : null}
      <button type="submit" disabled={path.trim() === ''}>
        Read key file
      </button>
      <ErrorNote text={error} title="Key not read" />
    </form>
  );
}

function PasteKeyForm({ onKey }: { readonly onKey: (key: string) => void }) {
  const [text, setText] = useState('');
  const add = (e: FormEvent): void => {
    e.preventDefault();
    if (text.trim() !== '') onKey(text.trim());
    setText('');
  };
  return (
    <form className="toolbar" onSubmit={add} aria-label="Pasted key">
      <label>
        Public key (name:base64)
        <input type="text" className="wide" value={text} onChange={(e) => setText(e.target.value)} placeholder="accel-build-1:base64…" />
      </label>
      <button type="submit" disabled={text.trim() === ''}>
        Add key
      </button>
    </form>
  );
}

export function SiteStep() {
  const setUpSite = useApp((s) => s.setUpSite);
  const dataDir = useApp((s) => s.settings?.dataDir);
  const [name, setName] = useState('');
  const [keys, setKeys] = useState<readonly string[]>([]);
  const [threshold, setThreshold] = useState(1);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const addKey = (key: string): void => setKeys((ks) => (ks.includes(key) ? ks : [...ks, key]));
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    void setUpSite({ name: name.trim(), bundleKeys: [...keys], threshold })
      .then(setError)
      .finally(() => setBusy(false));
  };
  return (
    <section aria-labelledby="setup-site-title">
      <h2 id="setup-site-title">1. The site · 2. Its trusted bundle keys</h2>
      <p>
        A new site in {dataDir ?? 'this data folder'}. Bundles are accepted only when signed by enough of the keys trusted here; the build
        machine's public key file (for example <code>build.pub</code>) is often on the stick.
      </p>
      <form id="site-form" className="toolbar" onSubmit={submit} aria-label="The site">
        <label>
          Site name
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="accel-ctl" />
        </label>
      </form>
      <h3>Trusted bundle keys</h3>
      {keys.length === 0 ? (
        <p className="muted">No key yet: read one from its file or paste it.</p>
      ) : (
        <table aria-label="Keys to trust">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Public key</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k}>
                <th scope="row">{keyName(k)}</th>
                <td className="mono small">{k}</td>
                <td>
                  <button type="button" onClick={() => setKeys(keys.filter((x) => x !== k))}>
                    Remove {keyName(k)}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <KeyFileForm onKey={addKey} />
      <PasteKeyForm onKey={addKey} />
      <div className="toolbar">
        {/* No min/max here: the browser would block the form in its own words; the engine says the bounds. */}
        <label>
          Threshold (of {keys.length} bundle keys)
          <input type="number" form="site-form" value={threshold} onChange={(e) => setThreshold(Number(e.target.value))} />
        </label>
        <button type="submit" form="site-form" disabled={busy}>
          {busy ? 'Setting up…' : 'Set up the site'}
        </button>
      </div>
      <ErrorNote text={error} title="Site not set up" />
    </section>
  );
}
