// The store's shape: one state built from slices, one per area of the engine.
// Each slice keeps a view of what the engine said; the engine stays the truth.
import type { StateCreator } from 'zustand';
import type { AirlockApi } from '../../../shared/api';
import type { AuditSlice } from './audit-slice';
import type { BadMarksSlice } from './bad-marks-slice';
import type { CacheSlice } from './cache-slice';
import type { ChecksSlice } from './checks-slice';
import type { MirrorsSlice } from './mirrors-slice';
import type { CleanSlice } from './clean-slice';
import type { ClosureWeightsSlice } from './closure-weights-slice';
import type { DeploySlice } from './deploy-slice';
import type { FirstRunSlice } from './first-run-slice';
import type { HostActionsSlice } from './host-actions-slice';
import type { OperationsSlice } from './operations-slice';
import type { ProfilesSlice } from './profiles-slice';
import type { GenerationsSlice } from './generations-slice';
import type { HostsSlice } from './hosts-slice';
import type { IncidentSlice } from './incident-slice';
import type { JobsSlice } from './jobs-slice';
import type { MediaSlice } from './media-slice';
import type { SiteSlice } from './site-slice';
import type { UiSlice } from './ui-slice';

export type AppState = UiSlice &
  HostsSlice &
  GenerationsSlice &
  MediaSlice &
  JobsSlice &
  CacheSlice &
  AuditSlice &
  SiteSlice &
  OperationsSlice &
  DeploySlice &
  HostActionsSlice &
  IncidentSlice &
  ChecksSlice &
  CleanSlice &
  ClosureWeightsSlice &
  FirstRunSlice &
  MirrorsSlice &
  BadMarksSlice &
  ProfilesSlice;

/** A slice creator that also gets the API, so tests hand in their own. */
export type SliceOf<S> = (api: AirlockApi) => StateCreator<AppState, [], [], S>;

/** An error as the operator reads it: without Electron's "Error invoking remote method" wrapper. */
export function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/^Error invoking remote method '[^']+': (?:[A-Z]\w*: )?/, '');
}
