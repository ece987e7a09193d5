// The incident's Markdown report, shown as text (exactly what the file holds,
// so what the operator reads is what the post-mortem gets) with a download,
// and where the run saved it on the deploy station.
import { useApp } from '../../store/use-app';
import { saveTextFile } from '../audit/save-file';

export function IncidentReportView() {
  const report = useApp((s) => s.incidentReport);
  if (!report) return <p role="status">Reading the incident report…</p>;
  return (
    <section aria-labelledby="incident-report-title">
      <div className="toolbar">
        <h3 id="incident-report-title">Incident report</h3>
        <button type="button" onClick={() => saveTextFile(report.fileName, 'text/markdown', report.markdown)}>
          Download report ({report.fileName})
        </button>
      </div>
      {report.file ? (
        <p className="small muted">
          Also saved on this station: <span className="mono">{report.file}</span>
        </p>
      ) : null}
      <pre className="report-text" tabIndex={0} aria-label={`Report of incident ${report.id}`}>
        {report.markdown}
      </pre>
    </section>
  );
}
