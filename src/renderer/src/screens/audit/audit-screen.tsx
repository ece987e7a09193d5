// Audit: who changed what and when, filtered, exported to CSV or JSON.
import { ErrorNote } from '../../components/error-note';
import { useApp } from '../../store/use-app';
import { AuditFilters } from './audit-filters';
import { AuditTable } from './audit-table';
import { saveTextFile } from './save-file';

export function AuditScreen() {
  const rows = useApp((s) => s.auditRows);
  const error = useApp((s) => s.auditError);
  const exportAudit = useApp((s) => s.exportAudit);
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
        <span className="muted">{rows.length} row(s) shown</span>
      </div>
      <ErrorNote text={error} />
      <AuditTable rows={rows} />
    </>
  );
}
