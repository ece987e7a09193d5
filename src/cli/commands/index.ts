// Every command the CLI knows, in the order `airlock --help` lists them.
import type { Command } from '../command';
import { keysGenerate } from './keys';
import { NAR_COMMANDS } from './nar';
import { serve } from './serve';

export const COMMANDS: readonly Command[] = [keysGenerate, ...NAR_COMMANDS, serve];
