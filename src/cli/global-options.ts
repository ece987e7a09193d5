// Global options are accepted anywhere on the command line (cli.md), so they are
// taken out before the command's own options are parsed.
import type { GlobalOptions } from './command';
import { UsageError } from './cli-error';

const WITH_VALUE = new Map([
  ['--data-dir', 'dataDir'],
  ['--cache', 'cache'],
] as const);

export interface SplitArgs {
  readonly global: GlobalOptions;
  readonly help: boolean;
  readonly version: boolean;
  readonly rest: readonly string[];
}

export function splitGlobalOptions(argv: readonly string[], env: NodeJS.ProcessEnv): SplitArgs {
  const found: { dataDir?: string; cache?: string } = {};
  let json = false;
  let help = false;
  let version = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const key = WITH_VALUE.get(flag as '--data-dir' | '--cache');
    if (key) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new UsageError(`${flag} needs a folder`);
      found[key] = value;
    } else if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--version' || arg === '-V') version = true;
    else rest.push(arg);
  }
  return {
    global: {
      dataDir: found.dataDir ?? (env.AIRLOCK_DATA_DIR || undefined),
      cache: found.cache ?? (env.AIRLOCK_CACHE || undefined),
      json,
    },
    help,
    version,
    rest,
  };
}
