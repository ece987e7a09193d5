// Every command the CLI knows, in the order `airlock --help` lists them.
import type { Command } from '../command';
import { keysGenerate } from './keys';
import { MEDIA_COMMANDS } from './media';
import { NAR_COMMANDS } from './nar';
import { serve } from './serve';
import { SITE_COMMANDS } from './site';
import { AUDIT_COMMANDS } from './audit';

export const COMMANDS: readonly Command[] = [keysGenerate, ...SITE_COMMANDS, ...MEDIA_COMMANDS, ...NAR_COMMANDS, ...AUDIT_COMMANDS, serve];
