// The one store, built from slices around an API object, so the app gets the
// preload's or the web console's API and tests get their own. A vanilla store:
// events update it from outside React (events.ts), React reads it with hooks.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AirlockApi } from '../../../shared/api';
import { createAuditSlice } from './audit-slice';
import { createBadMarksSlice } from './bad-marks-slice';
import { createCacheSlice } from './cache-slice';
import { createChecksSlice } from './checks-slice';
import { createMirrorsSlice } from './mirrors-slice';
import { createCleanSlice } from './clean-slice';
import { createClosureWeightsSlice } from './closure-weights-slice';
import { createDeploySlice } from './deploy-slice';
import { createFirstRunSlice } from './first-run-slice';
import { createHostActionsSlice } from './host-actions-slice';
import { createOperationsSlice } from './operations-slice';
import { createProfilesSlice } from './profiles-slice';
import { createGenerationsSlice } from './generations-slice';
import { createHostsSlice } from './hosts-slice';
import { createIncidentSlice } from './incident-slice';
import { createJobsSlice } from './jobs-slice';
import { createMediaSlice } from './media-slice';
import { createSiteSlice } from './site-slice';
import type { AppState } from './types';
import { createUiSlice } from './ui-slice';

export type AppStore = StoreApi<AppState>;

export function createAppStore(api: AirlockApi): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createUiSlice(api)(...a),
    ...createHostsSlice(api)(...a),
    ...createGenerationsSlice(api)(...a),
    ...createMediaSlice(api)(...a),
    ...createJobsSlice(api)(...a),
    ...createCacheSlice(api)(...a),
    ...createAuditSlice(api)(...a),
    ...createSiteSlice(api)(...a),
    ...createOperationsSlice(api)(...a),
    ...createDeploySlice(api)(...a),
    ...createHostActionsSlice(api)(...a),
    ...createIncidentSlice(api)(...a),
    ...createChecksSlice(api)(...a),
    ...createMirrorsSlice(api)(...a),
    ...createCleanSlice(api)(...a),
    ...createClosureWeightsSlice(api)(...a),
    ...createFirstRunSlice(api)(...a),
    ...createBadMarksSlice(api)(...a),
    ...createProfilesSlice(api)(...a),
  }));
}
