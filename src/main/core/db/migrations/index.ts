// Every migration, in order. Append only: a released migration never changes,
// because databases in the field have already run it.
import type { Migration } from './migration';
import { siteAndTrust } from './001-site-and-trust';
import { acceptedBundles } from './002-accepted-bundles';
import { auditLog } from './003-audit-log';
import { settings } from './004-settings';
import { hosts } from './005-hosts';
import { deployments } from './006-deployments';
import { healthChecks } from './007-health-checks';
import { incidents } from './008-incidents';
import { mirrors } from './009-mirrors';
import { generationMarks } from './010-generation-marks';
import { deploymentStation } from './011-deployment-station';
import { deploymentProfile } from './012-deployment-profile';
import { deploymentInhibited } from './013-deployment-inhibited';

export type { Migration } from './migration';

export const MIGRATIONS: readonly Migration[] = [
  siteAndTrust,
  acceptedBundles,
  auditLog,
  settings,
  hosts,
  deployments,
  healthChecks,
  incidents,
  mirrors,
  generationMarks,
  deploymentStation,
  deploymentProfile,
  deploymentInhibited,
];

export const LATEST_VERSION = MIGRATIONS.length;
