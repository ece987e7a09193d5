// The Audit screen's filters: since a date, by action, by outcome, by text,
// and one incident's rows.
import { useState, type FormEvent } from 'react';
import type { AuditFilter } from '../../../../shared/schemas';
import { useApp } from '../../store/use-app';

const ACTIONS = ['site', 'trust', 'host', 'bundle', 'cache', 'check', 'incident'] as const;

export function AuditFilters() {
  const current = useApp((s) => s.auditFilter);
  const apply = useApp((s) => s.setAuditFilter);
  const [draft, setDraft] = useState<AuditFilter>(current);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void apply(draft);
  };
  return (
    <form className="toolbar" onSubmit={submit} role="search" aria-label="Audit filters">
      <label>
        Since
        <input type="date" value={draft.since ?? ''} onChange={(e) => setDraft({ ...draft, since: e.target.value })} />
      </label>
      <label>
        Action
        <select value={draft.action ?? ''} onChange={(e) => setDraft({ ...draft, action: e.target.value })}>
          <option value="">Any action</option>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      <label>
        Outcome
        <select
          value={draft.outcome ?? ''}
          onChange={(e) => setDraft({ ...draft, outcome: (e.target.value || undefined) as AuditFilter['outcome'] })}
        >
          <option value="">Any outcome</option>
          <option value="ok">ok</option>
          <option value="refused">refused</option>
          <option value="failed">failed</option>
        </select>
      </label>
      <label>
        Incident
        <input
          type="number"
          min={1}
          step={1}
          inputMode="numeric"
          placeholder="any"
          value={draft.incident ?? ''}
          onChange={(e) => setDraft({ ...draft, incident: e.target.value === '' ? undefined : Number(e.target.value) })}
        />
      </label>
      <label>
        Search
        <input type="search" value={draft.text ?? ''} onChange={(e) => setDraft({ ...draft, text: e.target.value })} />
      </label>
      <button type="submit">Apply filters</button>
    </form>
  );
}
