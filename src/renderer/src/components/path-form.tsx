// A folder typed or pasted by the operator, or chosen with the desktop app's
// native folder picker ("Choose…", shown only where the face has one: the
// web console does not).
import { useEffect, useState, type FormEvent } from 'react';
import { useApp } from '../../store/use-app';

export function FolderForm(props: {
  readonly label: string;
  readonly action: string;
  readonly initial?: string;
  readonly onSubmit: (folder: string) => void;
}) {
  const [folder, setFolder] = useState(props.initial ?? '');
  const canPick = useApp((s) => s.nativeFolderPicker);
  const loadCapabilities = useApp((s) => s.loadCapabilities);
  const pickFolder = useApp((s) => s.pickFolder);
  useEffect(() => {
    loadCapabilities().catch(() => undefined);
  }, [loadCapabilities]);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (folder.trim() !== '') props.onSubmit(folder.trim());
  };
  const choose = async (): Promise<void> => {
    const picked = await pickFolder(props.label);
    if (picked !== null) setFolder(picked);
  };
  return (
    <form className="toolbar" onSubmit={submit}>
      <label>
        {props.label}
        <input
          type="text"
          className="wide"
          value={folder}
          onChange={(e) => setFolder(e.target.value)}
          placeholder="/media/operator/STICK"
        />
      </label>
      {canPick ? (
        <button type="button" onClick={() => void choose()}>
          Choose…
        </button>
      ) : null}
      <button type="submit">{props.action}</button>
    </form>
  );
}
