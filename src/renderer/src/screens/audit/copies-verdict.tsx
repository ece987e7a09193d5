// What `airlock audit verify --copy` says of each copy of the audit log on the
// medium: a replacement station checks a lost one's rows without its database.
import type { AuditCopiesVerdictView } from '../../../../shared/schemas';

export function CopiesVerdict({ verdict }: { readonly verdict: AuditCopiesVerdictView }) {
  if (verdict.copies.length === 0) {
    return (
      <p role="status" className="note">
        No copy of the audit log in {verdict.dir} yet: one is written there with each import and deploy.
      </p>
    );
  }
  return (
    <ul aria-label="Audit log copies on the medium" className="note-list">
      {verdict.copies.map(({ file, verdict: v }) => (
        <li key={file}>
          {v.ok ? (
            <p role="status" className="note note-ok">
              {file}: intact, {v.rows} rows, each following on from the one before.
            </p>
          ) : (
            <p role="alert" className="note note-error">
              {file} was changed{v.firstBadRow === null ? '' : ` at row ${v.firstBadRow}`}: {v.problem}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
