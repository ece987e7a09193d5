// Audit: who changed what and when, filtered (an incident's rows too),
// exported to CSV or JSON, and its hash chain checked on demand, here and in
// the copies on the medium.
import { ErrorNote } from '../../components/error-note';
import { useApp } from '../../store/use-app';
import { AuditFilters } from './audit-filters';
import { AuditTable } from './audit-table';
import { CopiesVerdict } from './copies-verdict';
import { saveTextFile } from './save-file';
import type { AuditVerdictView } from '../../../../shared/schemas';

/** What `airlock audit verify` says, on screen: intact, or where it breaks. */
function ChainVerdict({ verdict }: { readonly verdict: AuditVerdictView }) {
  if (verdict.ok) {
    return (
      <p role="status" className="note note-ok">
        The audit log is intact: {verdict.rows} rows, each following on from the one before.
      </p>
    );
  }
  const where = verdict.firstBadRow === null ? '' : ` at row ${verdict.firstBadRow}`;
  return (
    <p role="alert" className="note note-error">
      The audit log was changed{where}: {verdict.problem}
    </p>
  );
}

export function AuditScreen() {
  const rows = useApp((s) => s.auditRows);
  const error = useApp((s) => s.auditError);
  const exportAudit = useApp((s) => s.exportAudit);
  const verdict = useApp((s) => s.auditVerdict);
  const verify = useApp((s) => s.verifyAuditChain);
  const copiesVerdict = useApp((s) => s.auditCopiesVerdict);
  const verifyCopies = useApp((s) => s.verifyAuditCopies);
  const download = async (format: 'csv' | 'json'): Promise<void> => {
    const file = await exportAudit(format);
    if (file) saveTextFile(file.fileName, file.mimeType, file.content);
  };
  return (
    <>
      <h1 id="screen-title">Audit</h1>
      <AuditFilters />
      <div className="toolbar">
        <button type="button" onClick={() => void download('csv')}>
          Export CSV
        </button>
        <button type="button" onClick={() => void download('json')}>
          Export JSON
        </button>
        <button type="button" onClick={() => void verify()}>
          Verify the chain
        </button>
        <button type="button" onClick={() => void verifyCopies()}>
          Verify the copies on the medium
        </button>
        <span className="muted">{rows.length} row(s) shown</span>
      </div>
      {verdict ? <ChainVerdict verdict={verdict} /> : null}
      {copiesVerdict ? <CopiesVerdict verdict={copiesVerdict} /> : null}
      <ErrorNote text={error} />
      <AuditTable rows={rows} />
    </>
  );
}
