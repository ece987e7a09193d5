// Groups the flat calls of the contract into the domain-shaped API the renderer
// sees (`api.hosts.list()`), once, for every transport: the preload binds it
// to IPC and the web console client binds it to HTTP. Each face brings its own
// way of subscribing to events.
import type { AirlockApi, SendCall } from './api';
import { unwrapReply, type CallReply } from './api-error';
import type { EventListener } from './events';

export function bindApi(send: SendCall, subscribe: (listener: EventListener) => () => void): AirlockApi {
  return {
    app: {
      version: () => send('appVersion', undefined),
      capabilities: () => send('appCapabilities', undefined),
      pickFolder: (input) => send('dialogPickFolder', input),
    },
    site: { show: () => send('siteShow', undefined), init: (input) => send('siteInit', input) },
    keys: { readFile: (input) => send('keysReadFile', input) },
    trust: {
      add: (input) => send('trustAdd', input),
      remove: (input) => send('trustRemove', input),
      setThreshold: (input) => send('trustThreshold', input),
    },
    settings: { get: () => send('settingsGet', undefined), set: (input) => send('settingsSet', input) },
    hosts: {
      list: () => send('hostsList', undefined),
      probe: (input) => send('hostsProbe', input),
      generations: (input) => send('hostsGenerations', input),
      scanKey: (input) => send('hostsScanKey', input),
      add: (input) => send('hostsAdd', input),
      remove: (input) => send('hostsRemove', input),
      set: (input) => send('hostsSet', input),
      badMarks: (input) => send('hostsBadMarks', input),
      markBad: (input) => send('hostsMarkBad', input),
      unmarkBad: (input) => send('hostsUnmarkBad', input),
      switchGeneration: (input) => send('hostsSwitch', input),
      rollback: (input) => send('hostsRollback', input),
      reboot: (input) => send('hostsReboot', input),
      closureDiff: (input) => send('hostsClosureDiff', input),
      closureSizes: (input) => send('hostsClosureSizes', input),
      closureReport: (input) => send('hostsClosureReport', input),
      closureWhy: (input) => send('hostsClosureWhy', input),
      profiles: (input) => send('hostsProfiles', input),
      cleanPreview: (input) => send('hostsCleanPreview', input),
      clean: (input) => send('hostsClean', input),
    },
    incident: {
      select: (input) => send('incidentSelect', input),
      plan: (input) => send('incidentPlan', input),
      start: (input) => send('incidentStart', input),
    },
    incidents: { list: () => send('incidentsList', undefined), report: (input) => send('incidentReport', input) },
    checks: {
      list: () => send('checksList', undefined),
      add: (input) => send('checksAdd', input),
      remove: (input) => send('checksRemove', input),
    },
    media: { list: () => send('mediaList', undefined) },
    bundles: {
      list: (input) => send('bundlesList', input),
      inspect: (input) => send('bundlesInspect', input),
      verify: (input) => send('bundlesVerify', input),
    },
    cache: {
      status: () => send('cacheStatus', undefined),
      use: (input) => send('cacheUse', input),
      import: (input) => send('cacheImport', input),
      verify: () => send('cacheVerify', undefined),
      gcPreview: (input) => send('cacheGcPreview', input),
      gc: (input) => send('cacheGc', input),
    },
    mirrors: {
      list: () => send('mirrorsList', undefined),
      add: (input) => send('mirrorsAdd', input),
      remove: (input) => send('mirrorsRemove', input),
      publish: (input) => send('mirrorsPublish', input),
    },
    jobs: { list: () => send('jobsList', undefined), cancel: (input) => send('jobsCancel', input) },
    deploy: {
      bundles: () => send('deployBundles', undefined),
      plan: (input) => send('deployPlan', input),
      start: (input) => send('deployStart', input),
    },
    operations: { list: () => send('operationsList', undefined), cancel: (input) => send('operationsCancel', input) },
    deployments: { list: (input) => send('deploymentsList', input) },
    audit: {
      list: (input) => send('auditList', input),
      export: (input) => send('auditExport', input),
      verify: () => send('auditVerify', undefined),
      verifyCopies: () => send('auditVerifyCopies', undefined),
    },
    events: { subscribe },
  };
}

/**
 * The API as the preload hands it to the page: each call resolves to its
 * CallReply instead of throwing, because an error crossing contextBridge keeps
 * its message only and the page needs its code; unwrapReplies turns it back.
 */
export type ReplyApi = {
  readonly [D in keyof AirlockApi]: {
    readonly [F in keyof AirlockApi[D]]: AirlockApi[D][F] extends (...args: infer A) => Promise<infer R>
      ? (...args: A) => Promise<CallReply<R>>
      : AirlockApi[D][F];
  };
};

/** On the page's side of the bridge: each call returns its output or throws an ApiError with the code. */
export function unwrapReplies(api: ReplyApi): AirlockApi {
  const unwrapped: Record<string, Record<string, unknown>> = {};
  for (const [domain, calls] of Object.entries(api) as [string, Record<string, (...args: unknown[]) => unknown>][]) {
    unwrapped[domain] = {};
    for (const [name, call] of Object.entries(calls)) {
      unwrapped[domain][name] = domain === 'events' ? call : async (...args: unknown[]) => unwrapReply(await call(...args));
    }
  }
  return unwrapped as unknown as AirlockApi;
}
