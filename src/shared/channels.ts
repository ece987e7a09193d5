// IPC channel names of the calls in api.ts, kept apart from the zod schemas so
// the sandboxed preload can relay calls without bundling zod into every page.
// Namespaced by domain; the web console uses the keys as its URL names.
export const apiChannels = {
  appVersion: 'app:version',
  siteShow: 'site:show',
  trustAdd: 'trust:add',
  trustRemove: 'trust:remove',
  trustThreshold: 'trust:threshold',
  settingsGet: 'settings:get',
  settingsSet: 'settings:set',
  hostsList: 'hosts:list',
  hostsProbe: 'hosts:probe',
  hostsGenerations: 'hosts:generations',
  hostsScanKey: 'hosts:scan-key',
  hostsAdd: 'hosts:add',
  hostsRemove: 'hosts:remove',
  mediaList: 'media:list',
  bundlesList: 'bundles:list',
  bundlesInspect: 'bundles:inspect',
  bundlesVerify: 'bundles:verify',
  cacheStatus: 'cache:status',
  cacheUse: 'cache:use',
  cacheImport: 'cache:import',
  cacheVerify: 'cache:verify',
  cacheGcPreview: 'cache:gc-preview',
  cacheGc: 'cache:gc',
  jobsList: 'jobs:list',
  auditList: 'audit:list',
  auditExport: 'audit:export',
  deployBundles: 'deploy:bundles',
  deployPlan: 'deploy:plan',
  deployStart: 'deploy:start',
  operationsList: 'operations:list',
  operationsCancel: 'operations:cancel',
  hostsSwitch: 'hosts:switch',
  hostsRollback: 'hosts:rollback',
  deploymentsList: 'deployments:list',
  hostsClosureDiff: 'hosts:closure-diff',
  hostsClosureSizes: 'hosts:closure-sizes',
} as const;

/** The one IPC channel (main → window) every engine event travels on in Electron. */
export const EVENT_CHANNEL = 'airlock:event';
