// An error or refusal in words, announced to screen readers as it appears.
export function ErrorNote({ text, title }: { readonly text: string | null | undefined; readonly title?: string }) {
  if (!text) return null;
  return (
    <div role="alert" className="note note-error">
      {title ? <strong>{title}: </strong> : null}
      <span className="pre-line">{text}</span>
    </div>
  );
}
