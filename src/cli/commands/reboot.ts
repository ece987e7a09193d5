// `airlock reboot HOST… [--wait SECONDS] [--reason TEXT]` (cli.md): restart
// hosts and wait until each is back with a new boot id, then probe it. A host
// that does not come back in time is reported with why, and the exit is 1.
import type { Command } from '../command';
import { refuseUnlessAllSucceeded, withProgress } from '../host-operations';
import { optionalString, positiveInteger } from '../options';
import { printJson } from '../output';
import { formatTable } from '../table';
import { DEFAULT_REBOOT_WAIT_SECONDS } from '../../main/core/usecases/activation-defaults';
/** The use cases, imported when a command runs: `--help` loads none of the engine. */
const useCases = () => import('../../main/core/usecases/reboot');

export const reboot: Command = {
  words: ['reboot'],
  usage: 'reboot HOST… [--wait SECONDS] [--reason TEXT] [--json]',
  summary: 'restart hosts and wait until each is back with a new boot id, then probe it',
  positionals: [1, 10_000],
  options: { wait: { type: 'string' }, reason: { type: 'string' } },
  optionHelp: {
    wait: {
      value: 'SECONDS',
      does: 'how long to wait for each host to come back with a new boot id',
      default: `${DEFAULT_REBOOT_WAIT_SECONDS}`,
    },
    reason: { value: 'TEXT', does: 'why, for the audit log' },
  },
  async run(ctx) {
    const wait = optionalString(ctx, 'wait');
    const reason = optionalString(ctx, 'reason');
    const { prepareReboot } = await useCases();
    const prepared = prepareReboot(ctx.uc, {
      hosts: ctx.positionals,
      ...(wait === undefined ? {} : { waitSeconds: positiveInteger(wait, '--wait must be a whole number of seconds') }),
      ...(reason === undefined ? {} : { reason }),
    });
    const outcomes = await withProgress(ctx, (hooks) => prepared.run(hooks));
    if (ctx.global.json) printJson(ctx, outcomes);
    else {
      const gen = (g: (typeof outcomes)[number]['to']): string => (g.generation === null ? '-' : String(g.generation));
      const rows = outcomes.map((o) => [
        o.host,
        o.outcome === 'succeeded' ? 'back' : o.outcome,
        gen(o.from),
        gen(o.to),
        o.rebootNeeded ? `reboot still needed; ${o.reason ?? ''}` : (o.reason ?? ''),
      ]);
      ctx.stdout.write(formatTable(['HOST', 'OUTCOME', 'BEFORE', 'RUNS', 'NOTE'], rows));
    }
    refuseUnlessAllSucceeded(outcomes);
  },
};
