// Every command the CLI knows, in the order `airlock --help` lists them.
import type { Command } from '../command';
import { CACHE_COMMANDS } from './cache';
import { keysGenerate } from './keys';
import { MEDIA_COMMANDS } from './media';
import { NAR_COMMANDS } from './nar';
import { serve } from './serve';
import { SITE_COMMANDS } from './site';
import { AUDIT_COMMANDS } from './audit';
import { BUNDLE_COMMANDS } from './bundle';
import { generations } from './generations';
import { HOST_COMMANDS } from './host';
import { MIRROR_COMMANDS } from './mirror';
import { hostProbe } from './host-probe';
import { deploy } from './deploy';
import { CHECK_COMMANDS } from './check';
import { rollback, switchCommand } from './switch-rollback';
import { incidentRollback } from './incident-rollback';
import { INCIDENT_RECORD_COMMANDS } from './incident-records';
import { generationsClean } from './generations-clean';
import { GENERATION_MARK_COMMANDS } from './generation-marks';
import { CLOSURE_COMMANDS } from './closure';
import { reboot } from './reboot';

export const COMMANDS: readonly Command[] = [
  keysGenerate,
  ...SITE_COMMANDS,
  ...BUNDLE_COMMANDS,
  ...CACHE_COMMANDS,
  ...MEDIA_COMMANDS,
  ...HOST_COMMANDS,
  hostProbe,
  ...MIRROR_COMMANDS,
  generations,
  generationsClean,
  ...GENERATION_MARK_COMMANDS,
  ...CLOSURE_COMMANDS,
  deploy,
  switchCommand,
  rollback,
  reboot,
  incidentRollback,
  ...INCIDENT_RECORD_COMMANDS,
  ...CHECK_COMMANDS,
  ...NAR_COMMANDS,
  ...AUDIT_COMMANDS,
  serve,
];
