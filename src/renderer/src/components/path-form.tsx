// A folder or file path typed or pasted by the operator, or chosen with the
// desktop app's native picker ("Choose…", shown only where the face has one:
// the web console does not). One component for every path the app asks for:
// the cache folder, a bundle folder, a key file on the stick.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useApp } from '../store/use-app';

export function PathForm(props: {
  readonly label: string;
  readonly action: string;
  /** What the native picker chooses. */
  readonly pick: 'folder' | 'file';
  readonly placeholder: string;
  readonly initial?: string;
  /** The form's accessible name, where a screen has more than one form. */
  readonly formLabel?: string;
  /** Empty the field once its path was taken (a form that adds one thing after another). */
  readonly clearAfter?: boolean;
  readonly onSubmit: (path: string) => void | Promise<unknown>;
  /** Shown after the buttons, e.g. why the path was not taken. */
  readonly children?: ReactNode;
}) {
  const [path, setPath] = useState(props.initial ?? '');
  const canPick = useApp((s) => s.nativeFolderPicker);
  const loadCapabilities = useApp((s) => s.loadCapabilities);
  const pickFolder = useApp((s) => s.pickFolder);
  const pickFile = useApp((s) => s.pickFile);
  useEffect(() => {
    loadCapabilities().catch(() => undefined);
  }, [loadCapabilities]);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (path.trim() === '') return;
    const taken = props.onSubmit(path.trim());
    if (props.clearAfter)
      Promise.resolve(taken).then(
        () => setPath(''),
        () => undefined,
      );
  };
  const choose = async (): Promise<void> => {
    const picked = await (props.pick === 'folder' ? pickFolder(props.label) : pickFile(props.label));
    if (picked !== null) setPath(picked);
  };
  return (
    <form className="toolbar" onSubmit={submit} aria-label={props.formLabel}>
      <label>
        {props.label}
        <input type="text" className="wide" value={path} onChange={(e) => setPath(e.target.value)} placeholder={props.placeholder} />
      </label>
      {canPick ? (
        <button type="button" onClick={() => void choose()}>
          Choose…
        </button>
      ) : null}
      <button type="submit" disabled={props.clearAfter === true && path.trim() === ''}>
        {props.action}
      </button>
      {props.children}
    </form>
  );
}

/** A folder: the cache, or where bundles are. */
export function FolderForm(props: {
  readonly label: string;
  readonly action: string;
  readonly initial?: string;
  readonly onSubmit: (folder: string) => void;
}) {
  return <PathForm {...props} pick="folder" placeholder="/media/operator/STICK" />;
}
