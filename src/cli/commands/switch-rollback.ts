// `airlock switch HOST GENERATION` and `airlock rollback HOST [--to GENERATION]`
// (cli.md): move a host to a generation it has, with the same detached
// activation, confirmation and magic rollback as a deploy. Rollback without
// --to goes where the deployment records say the host came from.
import type { Command, CommandContext } from '../command';
import { ACTIVATION_HELP, ACTIVATION_OPTIONS, activationChoice, reportOutcomes, withProgress } from '../host-operations';
import { optionalString, positional, positiveInteger } from '../options';
import type { PreparedHostOperation } from '../../main/core/usecases/generations';
/** The use cases, imported when a command runs: `--help` loads none of the engine. */
const useCases = () => import('../../main/core/usecases/generations');

const PROFILE_HELP = {
  value: 'PROFILE',
  does: 'act on this Nix profile (its absolute path on the host) and run ACTIVATE from the path it lands on, not on the NixOS system',
  default: "the NixOS system, or the host's only profile when it is not NixOS",
};

const generationArg = (text: string, what: string): number => positiveInteger(text, `${what} must be a generation number`);
const reasonOf = (ctx: CommandContext): { reason?: string } => {
  const reason = optionalString(ctx, 'reason');
  return reason === undefined ? {} : { reason };
};

async function runOne(ctx: CommandContext, prepared: PreparedHostOperation): Promise<void> {
  reportOutcomes(ctx, [await withProgress(ctx, (hooks) => prepared.run(hooks))]);
}

export const switchCommand: Command = {
  words: ['switch'],
  usage: 'switch HOST GENERATION [--profile PROFILE] [--confirm-timeout SECONDS] [--no-magic-rollback] [--reason TEXT] [--json]',
  summary: 'switch a host (or one of its Nix profiles) to one of its generations, with confirmation and magic rollback',
  positionals: 2,
  options: { reason: { type: 'string' }, profile: { type: 'string' }, ...ACTIVATION_OPTIONS },
  optionHelp: { reason: { value: 'TEXT', does: 'why, for the audit log' }, profile: PROFILE_HELP, ...ACTIVATION_HELP },
  async run(ctx) {
    const host = positional(ctx, 0, 'HOST');
    const generation = generationArg(positional(ctx, 1, 'GENERATION'), 'GENERATION');
    const profile = optionalString(ctx, 'profile');
    const { prepareSwitch } = await useCases();
    await runOne(
      ctx,
      prepareSwitch(ctx.uc, {
        host,
        generation,
        ...activationChoice(ctx),
        ...reasonOf(ctx),
        ...(profile === undefined ? {} : { profile }),
      }),
    );
  },
};

export const rollback: Command = {
  words: ['rollback'],
  usage: 'rollback HOST [--profile PROFILE] [--to GENERATION] [--reason TEXT] [--confirm-timeout SECONDS] [--json]',
  summary:
    'roll a host (or one of its Nix profiles) back to the generation that ran before the current one (by the deployment records), or --to one',
  positionals: 1,
  options: { to: { type: 'string' }, reason: { type: 'string' }, profile: { type: 'string' }, ...ACTIVATION_OPTIONS },
  optionHelp: {
    profile: {
      value: 'PROFILE',
      does: "roll back this Nix profile (its absolute path on the host) and run its older path's ACTIVATE, not the NixOS system",
      default: "the NixOS system, or the host's only profile when it is not NixOS",
    },
    to: {
      value: 'GENERATION',
      does: 'roll back to this generation',
      default: 'the one that ran before the current one, by the deployment records',
    },
    reason: { value: 'TEXT', does: 'why, for the audit log' },
    ...ACTIVATION_HELP,
  },
  async run(ctx) {
    const host = positional(ctx, 0, 'HOST');
    const to = optionalString(ctx, 'to');
    const profile = optionalString(ctx, 'profile');
    const { prepareRollback } = await useCases();
    await runOne(
      ctx,
      prepareRollback(ctx.uc, {
        host,
        ...activationChoice(ctx),
        ...reasonOf(ctx),
        ...(to === undefined ? {} : { to: generationArg(to, '--to') }),
        ...(profile === undefined ? {} : { profile }),
      }),
    );
  },
};
