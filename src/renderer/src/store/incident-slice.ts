// Incident mode: the affected hosts (latest deployment, a tag, or by hand),
// the plan with each host's target and preflight, the operator's reason and
// how to run, the run followed as an operation, and at the end the incident's
// record and Markdown report. A changed choice makes the plan stale.
import type {
  IncidentPlanView,
  IncidentRecordView,
  IncidentReportView,
  IncidentSelectionView,
  SelectedHostsView,
} from '../../../shared/schemas';
import { errorText, type SliceOf } from './types';

export interface IncidentDraft {
  readonly kind: IncidentSelectionView['kind'];
  readonly tag: string;
  readonly names: readonly string[];
  readonly reason: string;
  readonly mode: 'parallel' | 'canary';
  readonly parallel: number;
  /** Targets the operator picked in the plan, by host: for hosts with no generation confirmed healthy. */
  readonly picks: Readonly<Record<string, number>>;
}

export interface IncidentSlice {
  readonly incidentDraft: IncidentDraft;
  /** Which hosts the latest deployment changed, for step 1's label; null when there is none on record. */
  readonly latestDeployment: SelectedHostsView | null;
  readonly incidentPlan: IncidentPlanView | null;
  readonly incidentPlanning: boolean;
  readonly incidentError: string | null;
  readonly incidentOperationId: string | null;
  readonly incidentRecord: IncidentRecordView | null;
  readonly incidentReport: IncidentReportView | null;
  readonly incidents: readonly IncidentRecordView[];
  openIncident(): void;
  editIncident(change: Partial<Omit<IncidentDraft, 'reason' | 'mode' | 'parallel' | 'picks'>>): void;
  /** Pick (or with null, take back) a host's target; the plan and its preflight are made again with it. */
  pickIncidentTarget(host: string, generation: number | null): Promise<void>;
  setIncidentRun(change: Partial<Pick<IncidentDraft, 'reason' | 'mode' | 'parallel'>>): void;
  planIncident(): Promise<void>;
  startIncident(): Promise<boolean>;
  loadIncidentResult(id: number): Promise<void>;
  loadIncidents(): Promise<void>;
  resetIncident(): void;
}

const fresh: IncidentDraft = { kind: 'latest-deployment', tag: '', names: [], reason: '', mode: 'parallel', parallel: 8, picks: {} };

/** The picks as the engine takes them: left out when there are none. */
const picksOf = (d: IncidentDraft): { picks?: Readonly<Record<string, number>> } =>
  Object.keys(d.picks).length > 0 ? { picks: d.picks } : {};

export function selectionOf(d: IncidentDraft): IncidentSelectionView {
  switch (d.kind) {
    case 'latest-deployment':
      return { kind: 'latest-deployment' };
    case 'tag':
      return { kind: 'tag', tag: d.tag.trim() };
    case 'hosts':
      return { kind: 'hosts', names: [...d.names] };
  }
}

export const createIncidentSlice: SliceOf<IncidentSlice> = (api) => (set, get) => {
  /** Plans the draft (with its picks); `clear`: the old plan goes while the new one is read. */
  const plan = async (clear: boolean): Promise<void> => {
    set({ incidentPlanning: true, incidentError: null, ...(clear ? { incidentPlan: null } : {}) });
    try {
      const d = get().incidentDraft;
      set({ incidentPlan: await api.incident.plan({ ...selectionOf(d), ...picksOf(d) }) });
    } catch (err) {
      set({ incidentError: errorText(err) });
    } finally {
      set({ incidentPlanning: false });
    }
  };
  return {
    incidentDraft: fresh,
    latestDeployment: null,
    incidentPlan: null,
    incidentPlanning: false,
    incidentError: null,
    incidentOperationId: null,
    incidentRecord: null,
    incidentReport: null,
    incidents: [],
    openIncident() {
      set({ screen: 'Incident' });
      // Step 1 names the hosts "changed by the latest deployment"; none on record is not an error here.
      api.incident.select({ kind: 'latest-deployment' }).then(
        (latest) => set({ latestDeployment: latest }),
        () => set({ latestDeployment: null }),
      );
      void get().loadIncidents();
    },
    editIncident(change) {
      // Other hosts, other targets: a changed choice forgets the picks with the plan.
      set({ incidentDraft: { ...get().incidentDraft, ...change, picks: {} }, incidentPlan: null, incidentError: null });
    },
    async pickIncidentTarget(host, generation) {
      const { [host]: _dropped, ...others } = get().incidentDraft.picks;
      const picks = generation === null ? others : { ...others, [host]: generation };
      set({ incidentDraft: { ...get().incidentDraft, picks } });
      // The plan stays on screen while preflight runs again, so the operator keeps their place in it.
      await plan(false);
    },
    setIncidentRun(change) {
      set({ incidentDraft: { ...get().incidentDraft, ...change } });
    },
    planIncident: () => plan(true),
    async startIncident() {
      const d = get().incidentDraft;
      if (d.reason.trim() === '') {
        set({ incidentError: 'Type a reason first: say what is wrong, in a few words.' });
        return false;
      }
      try {
        const op = await api.incident.start({
          selection: selectionOf(d),
          reason: d.reason.trim(),
          mode: d.mode,
          parallel: d.parallel,
          ...picksOf(d),
        });
        get().applyOperation(op);
        set({ incidentOperationId: op.id, incidentError: null, incidentRecord: null, incidentReport: null });
        return true;
      } catch (err) {
        set({ incidentError: errorText(err) });
        return false;
      }
    },
    async loadIncidentResult(id) {
      try {
        const [incidents, report] = await Promise.all([api.incidents.list(), api.incidents.report({ id })]);
        set({ incidents, incidentRecord: incidents.find((i) => i.id === id) ?? null, incidentReport: report });
      } catch (err) {
        set({ incidentError: errorText(err) });
      }
    },
    async loadIncidents() {
      try {
        set({ incidents: await api.incidents.list() });
      } catch {
        // The list of past incidents is a nicety on this screen; the flow works without it.
      }
    },
    resetIncident() {
      set({
        incidentDraft: fresh,
        incidentPlan: null,
        incidentError: null,
        incidentOperationId: null,
        incidentRecord: null,
        incidentReport: null,
      });
    },
  };
};
