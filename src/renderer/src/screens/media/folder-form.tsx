// A folder typed or pasted by the operator (the web console has no native
// folder picker; the same field works in the desktop app).
import { useState, type FormEvent } from 'react';

export function FolderForm(props: { readonly label: string; readonly action: string; readonly initial?: string; readonly onSubmit: (folder: string) => void }) {
  const [folder, setFolder] = useState(props.initial ?? '');
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (folder.trim() !== '') props.onSubmit(folder.trim());
  };
  return (
    <form className="toolbar" onSubmit={submit}>
      <label>
        {props.label}
        <input type="text" className="wide" value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="/media/operator/STICK" />
      </label>
      <button type="submit">{props.action}</button>
    </form>
  );
}
