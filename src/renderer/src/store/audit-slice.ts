// The audit log with the Audit screen's filters.
import type { AuditCopiesVerdictView, AuditExportView, AuditFilter, AuditRowView, AuditVerdictView } from '../../../shared/schemas';
import { errorText, type SliceOf } from './types';

export interface AuditSlice {
  readonly auditRows: readonly AuditRowView[];
  readonly auditLoaded: boolean;
  readonly auditError: string | null;
  readonly auditFilter: AuditFilter;
  loadAudit(): Promise<void>;
  setAuditFilter(filter: AuditFilter): Promise<void>;
  exportAudit(format: 'csv' | 'json'): Promise<AuditExportView | undefined>;
  /** The last check of the hash chain, while it is fresh. */
  readonly auditVerdict: AuditVerdictView | null;
  verifyAuditChain(): Promise<void>;
  /** The last check of the copies on the medium (`audit verify --copy` for each). */
  readonly auditCopiesVerdict: AuditCopiesVerdictView | null;
  verifyAuditCopies(): Promise<void>;
}

/** Empty fields mean "no filter", not "match the empty string". */
function cleaned(filter: AuditFilter): AuditFilter {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== '')) as AuditFilter;
}

export const createAuditSlice: SliceOf<AuditSlice> = (api) => (set, get) => ({
  auditRows: [],
  auditLoaded: false,
  auditError: null,
  auditFilter: {},
  auditVerdict: null,
  auditCopiesVerdict: null,
  async loadAudit() {
    try {
      set({ auditRows: await api.audit.list(cleaned(get().auditFilter)), auditLoaded: true, auditError: null });
    } catch (err) {
      set({ auditError: errorText(err), auditLoaded: true });
    }
  },
  async setAuditFilter(filter) {
    set({ auditFilter: filter });
    await get().loadAudit();
  },
  async verifyAuditChain() {
    try {
      set({ auditVerdict: await api.audit.verify(), auditError: null });
    } catch (err) {
      set({ auditError: errorText(err) });
    }
  },
  async verifyAuditCopies() {
    try {
      set({ auditCopiesVerdict: await api.audit.verifyCopies(), auditError: null });
    } catch (err) {
      set({ auditError: errorText(err) });
    }
  },
  async exportAudit(format) {
    try {
      return await api.audit.export({ ...cleaned(get().auditFilter), format });
    } catch (err) {
      set({ auditError: errorText(err) });
      return undefined;
    }
  },
});
