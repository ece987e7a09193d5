// The typed contract between the faces of Airlock (Electron preload, web
// console, CLI) and the engine. Every call has a zod schema for its input and
// its output, because TypeScript types vanish at the process boundary: main
// validates what the renderer sends, and what it sends back, against these.
// Nothing but zod is imported here: no Node, no DOM, no Electron.
import { z } from 'zod';
import { apiChannels } from './channels';
import type { EventFeed, EventListener } from './events';
import { auditCopiesVerdict, auditExport, auditFilter, auditRow, auditVerdict } from './schemas/audit';
import { cacheStatus, gcInput, gcPreview } from './schemas/cache';
import {
  closureDiff,
  closureDiffInput,
  closureReport,
  closureReportInput,
  closureSizes,
  closureWhy,
  closureWhyInput,
} from './schemas/closures';
import {
  deployableBundle,
  deploymentsFilter,
  deploymentView,
  deployInput,
  hostPlan,
  operationView,
  rebootInput,
  rollbackInput,
  switchInput,
} from './schemas/deploy';
import {
  badMark,
  generationInfo,
  generationMarkInput,
  hostEdit,
  hostProbe,
  hostSummary,
  keyScan,
  newHost,
  scannedKey,
} from './schemas/hosts';
import { cleanInput, cleanRunInput, generationClean, healthCheck, healthCheckInput } from './schemas/checks';
import {
  incidentId,
  incidentPlan,
  incidentPlanInput,
  incidentRecord,
  incidentReport,
  incidentSelection,
  incidentStartInput,
  selectedHosts,
} from './schemas/incident';
import { folderInput, jobView } from './schemas/jobs';
import { hostProfile } from './schemas/profiles';
import { bundleFolder, bundleInspection, medium } from './schemas/media';
import { mirrorName, mirrorView, newMirror } from './schemas/mirrors';
import { keyKind, settings, settingsChange, siteSetUp, siteView, trustedKey } from './schemas/site';

/** One call: the IPC channel it travels on and the shape of both ends. */
export interface CallContract {
  readonly channel: string;
  readonly input: z.ZodType;
  readonly output: z.ZodType;
}

const none = z.undefined();
const hostName = z.object({ name: z.string().min(1).max(63) });

/** Every call, keyed by the same stable name as its channel in channels.ts. */
export const apiCalls = {
  // No arguments: the renderer invokes the channel with nothing.
  appVersion: { channel: apiChannels.appVersion, input: none, output: z.string().min(1) },
  // What this face can do: the desktop app has a native folder picker, the web console does not.
  appCapabilities: { channel: apiChannels.appCapabilities, input: none, output: z.object({ nativeFolderPicker: z.boolean() }) },
  dialogPickFolder: {
    channel: apiChannels.dialogPickFolder,
    // A folder unless `what` asks for a file (a public key file on the stick).
    input: z.object({ title: z.string().min(1).max(200), what: z.enum(['folder', 'file']).optional() }),
    output: z.string().nullable(),
  },
  siteShow: { channel: apiChannels.siteShow, input: none, output: siteView.nullable() },
  // `site init` from the app's first run: the bundle keys (name:base64) also sign narinfos; audited, refused or done.
  siteInit: { channel: apiChannels.siteInit, input: siteSetUp, output: siteView },
  // The public key a file holds (a .pub on the stick), read by the engine: the web console cannot read files.
  keysReadFile: {
    channel: apiChannels.keysReadFile,
    input: z.object({ path: z.string().min(1).max(4096) }),
    output: z.object({ publicKey: z.string() }),
  },
  trustAdd: {
    channel: apiChannels.trustAdd,
    input: z.object({ kind: keyKind, publicKey: z.string().min(1).max(200) }),
    output: trustedKey,
  },
  trustRemove: {
    channel: apiChannels.trustRemove,
    input: z.object({ kind: keyKind, name: z.string().min(1).max(200) }),
    output: trustedKey,
  },
  trustThreshold: {
    channel: apiChannels.trustThreshold,
    input: z.object({ threshold: z.number().int() }),
    output: z.object({ from: z.number().int(), to: z.number().int() }),
  },
  settingsGet: { channel: apiChannels.settingsGet, input: none, output: settings },
  settingsSet: { channel: apiChannels.settingsSet, input: settingsChange, output: settings },
  hostsList: { channel: apiChannels.hostsList, input: none, output: z.array(hostSummary) },
  // Every host when `names` is left out; the answer also goes out as a 'probes' event.
  hostsProbe: { channel: apiChannels.hostsProbe, input: z.object({ names: z.array(z.string()).optional() }), output: z.array(hostProbe) },
  hostsGenerations: {
    channel: apiChannels.hostsGenerations,
    input: hostName,
    output: z.object({ name: z.string(), reachable: z.boolean(), error: z.string().nullable(), generations: z.array(generationInfo) }),
  },
  // First contact: the keys a host offers now, for the operator to compare with its console.
  hostsScanKey: { channel: apiChannels.hostsScanKey, input: keyScan, output: z.array(scannedKey) },
  // Pins the confirmed key, proves a login through it, then stores the host.
  hostsAdd: { channel: apiChannels.hostsAdd, input: newHost, output: hostSummary },
  hostsRemove: { channel: apiChannels.hostsRemove, input: hostName, output: hostSummary },
  // `host set`: address, port, user, tags; the pinned key stays and is checked at the next connection. Audited 'host.set'.
  hostsSet: { channel: apiChannels.hostsSet, input: hostEdit, output: hostSummary },
  // The host's generations marked bad, newest first.
  hostsBadMarks: { channel: apiChannels.hostsBadMarks, input: hostName, output: z.array(badMark) },
  // `generation mark-bad` / `unmark-bad`: audited; the generation stops (or starts again) counting as last known good.
  hostsMarkBad: { channel: apiChannels.hostsMarkBad, input: generationMarkInput, output: badMark },
  hostsUnmarkBad: {
    channel: apiChannels.hostsUnmarkBad,
    input: generationMarkInput.omit({ reason: true }),
    output: z.object({ host: z.string(), generation: z.number().int() }),
  },
  mediaList: { channel: apiChannels.mediaList, input: none, output: z.array(medium) },
  bundlesList: { channel: apiChannels.bundlesList, input: folderInput, output: bundleFolder },
  bundlesInspect: { channel: apiChannels.bundlesInspect, input: folderInput, output: bundleInspection },
  bundlesVerify: { channel: apiChannels.bundlesVerify, input: folderInput, output: jobView },
  cacheStatus: { channel: apiChannels.cacheStatus, input: none, output: cacheStatus },
  // Chooses the offline cache (creating it in an empty folder) and remembers it.
  cacheUse: { channel: apiChannels.cacheUse, input: z.object({ root: z.string().min(1).max(4096) }), output: cacheStatus },
  cacheImport: { channel: apiChannels.cacheImport, input: folderInput, output: jobView },
  cacheVerify: { channel: apiChannels.cacheVerify, input: none, output: jobView },
  cacheGcPreview: { channel: apiChannels.cacheGcPreview, input: gcInput, output: gcPreview },
  cacheGc: { channel: apiChannels.cacheGc, input: gcInput, output: gcPreview },
  mirrorsList: { channel: apiChannels.mirrorsList, input: none, output: z.array(mirrorView) },
  mirrorsAdd: { channel: apiChannels.mirrorsAdd, input: newMirror, output: mirrorView },
  mirrorsRemove: { channel: apiChannels.mirrorsRemove, input: mirrorName, output: mirrorView },
  // A job (kind 'mirror-publish'): copies the offline cache to the mirror's folder over SSH, followed through 'job' events.
  mirrorsPublish: { channel: apiChannels.mirrorsPublish, input: mirrorName, output: jobView },
  jobsList: { channel: apiChannels.jobsList, input: none, output: z.array(jobView) },
  // Asks a running job to stop; it ends 'cancelled' with what was kept (an import resumes from what it checked).
  jobsCancel: { channel: apiChannels.jobsCancel, input: z.object({ id: z.string().min(1).max(100) }), output: jobView },
  auditList: { channel: apiChannels.auditList, input: auditFilter, output: z.array(auditRow) },
  auditVerify: { channel: apiChannels.auditVerify, input: none, output: auditVerdict },
  auditVerifyCopies: { channel: apiChannels.auditVerifyCopies, input: none, output: auditCopiesVerdict },
  auditExport: { channel: apiChannels.auditExport, input: auditFilter.extend({ format: z.enum(['csv', 'json']) }), output: auditExport },
  // The site's bundles the offline cache holds, newest first.
  deployBundles: { channel: apiChannels.deployBundles, input: none, output: z.array(deployableBundle) },
  // What a deploy would do to each host; nothing on any host changes.
  deployPlan: { channel: apiChannels.deployPlan, input: deployInput, output: z.array(hostPlan) },
  // Operations answer at once and are followed through 'operation' events until they end.
  deployStart: { channel: apiChannels.deployStart, input: deployInput, output: operationView },
  operationsList: { channel: apiChannels.operationsList, input: none, output: z.array(operationView) },
  // Stops hosts that have not reached activation; activations under way finish.
  operationsCancel: { channel: apiChannels.operationsCancel, input: z.object({ id: z.string().min(1).max(100) }), output: operationView },
  hostsSwitch: { channel: apiChannels.hostsSwitch, input: switchInput, output: operationView },
  hostsRollback: { channel: apiChannels.hostsRollback, input: rollbackInput, output: operationView },
  hostsReboot: { channel: apiChannels.hostsReboot, input: rebootInput, output: operationView },
  deploymentsList: { channel: apiChannels.deploymentsList, input: deploymentsFilter, output: z.array(deploymentView) },
  // One round trip to the host: both closures with their NAR sizes.
  hostsClosureDiff: { channel: apiChannels.hostsClosureDiff, input: closureDiffInput, output: closureDiff },
  hostsClosureSizes: { channel: apiChannels.hostsClosureSizes, input: hostName, output: closureSizes },
  // One round trip to the host (nix-store --dump-db of the closure), else the offline cache's narinfos.
  hostsClosureReport: { channel: apiChannels.hostsClosureReport, input: closureReportInput, output: closureReport },
  hostsClosureWhy: { channel: apiChannels.hostsClosureWhy, input: closureWhyInput, output: closureWhy },
  // The host's Nix profiles (those deployments gave it), each with its generations read from the host.
  hostsProfiles: { channel: apiChannels.hostsProfiles, input: hostName, output: z.array(hostProfile) },
  // Incident mode: which hosts a selection names now (nothing is probed).
  incidentSelect: { channel: apiChannels.incidentSelect, input: incidentSelection, output: selectedHosts },
  // Each host's last known good target, package diff, reboot and preflight; nothing on any host changes.
  incidentPlan: { channel: apiChannels.incidentPlan, input: incidentPlanInput, output: incidentPlan },
  // DESTRUCTIVE: an operation (kind 'incident') that plans again, records the incident and rolls the hosts back.
  incidentStart: { channel: apiChannels.incidentStart, input: incidentStartInput, output: operationView },
  incidentsList: { channel: apiChannels.incidentsList, input: none, output: z.array(incidentRecord).readonly() },
  incidentReport: { channel: apiChannels.incidentReport, input: incidentId, output: incidentReport },
  checksList: { channel: apiChannels.checksList, input: none, output: z.array(healthCheck) },
  checksAdd: { channel: apiChannels.checksAdd, input: healthCheckInput, output: healthCheck },
  checksRemove: { channel: apiChannels.checksRemove, input: z.object({ id: z.number().int().min(1) }), output: healthCheck },
  // What cleaning would delete (keep the newest N, current, booted, default, last known good); changes nothing.
  hostsCleanPreview: { channel: apiChannels.hostsCleanPreview, input: cleanInput, output: generationClean },
  // DESTRUCTIVE: deletes the generations the operator confirmed, refused if a fresh plan differs.
  hostsClean: { channel: apiChannels.hostsClean, input: cleanRunInput, output: generationClean },
} as const satisfies { readonly [N in keyof typeof apiChannels]: CallContract };

export type ApiCallName = keyof typeof apiCalls;
export type CallInput<N extends ApiCallName> = z.infer<(typeof apiCalls)[N]['input']>;
export type CallOutput<N extends ApiCallName> = z.infer<(typeof apiCalls)[N]['output']>;

type Call<N extends ApiCallName> =
  CallInput<N> extends undefined ? () => Promise<CallOutput<N>> : (input: CallInput<N>) => Promise<CallOutput<N>>;

/**
 * What the renderer sees as `window.airlock`: narrow functions grouped by
 * domain. The preload implements it over IPC, the web console over loopback
 * HTTP, so the renderer cannot tell them apart.
 */
export interface AirlockApi {
  readonly app: {
    readonly version: Call<'appVersion'>;
    readonly capabilities: Call<'appCapabilities'>;
    readonly pickFolder: Call<'dialogPickFolder'>;
  };
  readonly site: { readonly show: Call<'siteShow'>; readonly init: Call<'siteInit'> };
  readonly keys: { readonly readFile: Call<'keysReadFile'> };
  readonly trust: { readonly add: Call<'trustAdd'>; readonly remove: Call<'trustRemove'>; readonly setThreshold: Call<'trustThreshold'> };
  readonly settings: { readonly get: Call<'settingsGet'>; readonly set: Call<'settingsSet'> };
  readonly hosts: {
    readonly list: Call<'hostsList'>;
    readonly probe: Call<'hostsProbe'>;
    readonly generations: Call<'hostsGenerations'>;
    readonly scanKey: Call<'hostsScanKey'>;
    readonly add: Call<'hostsAdd'>;
    readonly remove: Call<'hostsRemove'>;
    readonly set: Call<'hostsSet'>;
    readonly badMarks: Call<'hostsBadMarks'>;
    readonly markBad: Call<'hostsMarkBad'>;
    readonly unmarkBad: Call<'hostsUnmarkBad'>;
    readonly switchGeneration: Call<'hostsSwitch'>;
    readonly rollback: Call<'hostsRollback'>;
    readonly reboot: Call<'hostsReboot'>;
    readonly closureDiff: Call<'hostsClosureDiff'>;
    readonly closureSizes: Call<'hostsClosureSizes'>;
    readonly closureReport: Call<'hostsClosureReport'>;
    readonly closureWhy: Call<'hostsClosureWhy'>;
    readonly profiles: Call<'hostsProfiles'>;
    readonly cleanPreview: Call<'hostsCleanPreview'>;
    readonly clean: Call<'hostsClean'>;
  };
  readonly incident: {
    readonly select: Call<'incidentSelect'>;
    readonly plan: Call<'incidentPlan'>;
    readonly start: Call<'incidentStart'>;
  };
  readonly incidents: { readonly list: Call<'incidentsList'>; readonly report: Call<'incidentReport'> };
  readonly checks: { readonly list: Call<'checksList'>; readonly add: Call<'checksAdd'>; readonly remove: Call<'checksRemove'> };
  readonly media: { readonly list: Call<'mediaList'> };
  readonly bundles: {
    readonly list: Call<'bundlesList'>;
    readonly inspect: Call<'bundlesInspect'>;
    readonly verify: Call<'bundlesVerify'>;
  };
  readonly cache: {
    readonly status: Call<'cacheStatus'>;
    readonly use: Call<'cacheUse'>;
    readonly import: Call<'cacheImport'>;
    readonly verify: Call<'cacheVerify'>;
    readonly gcPreview: Call<'cacheGcPreview'>;
    readonly gc: Call<'cacheGc'>;
  };
  readonly mirrors: {
    readonly list: Call<'mirrorsList'>;
    readonly add: Call<'mirrorsAdd'>;
    readonly remove: Call<'mirrorsRemove'>;
    readonly publish: Call<'mirrorsPublish'>;
  };
  readonly jobs: { readonly list: Call<'jobsList'>; readonly cancel: Call<'jobsCancel'> };
  readonly deploy: { readonly bundles: Call<'deployBundles'>; readonly plan: Call<'deployPlan'>; readonly start: Call<'deployStart'> };
  readonly operations: { readonly list: Call<'operationsList'>; readonly cancel: Call<'operationsCancel'> };
  readonly deployments: { readonly list: Call<'deploymentsList'> };
  readonly audit: {
    readonly list: Call<'auditList'>;
    readonly export: Call<'auditExport'>;
    readonly verify: Call<'auditVerify'>;
    readonly verifyCopies: Call<'auditVerifyCopies'>;
  };
  /** Events from the engine; the listener gets the event only, never a transport object. */
  readonly events: { readonly subscribe: (listener: EventListener) => () => void };
}

/** The engine's side of the contract: one async function per call. */
export type ApiHandlers = { readonly [N in ApiCallName]: (input: CallInput<N>) => Promise<CallOutput<N>> };

/** The engine as a face holds it: the handlers, the events they cause, and a way to stop its background work. */
export type AirlockService = ApiHandlers & { readonly events: EventFeed; readonly dispose: () => void };

/** How a face sends one call: over IPC (preload) or over HTTP (web console). */
export type SendCall = <N extends ApiCallName>(name: N, input: CallInput<N>) => Promise<CallOutput<N>>;
