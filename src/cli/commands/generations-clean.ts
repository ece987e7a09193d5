// `airlock generations clean HOST --keep N [--yes] [--json]`: delete a host's
// old system generations by policy. Without --yes it only shows what would
// go (like `cache gc`); kept, always: the newest N, current, booted, the
// next boot's and every last known good generation. The host's Nix profiles
// are cleaned by the same policy (never the current or a known good one).
import type { Command, CommandContext } from '../command';
import { positional, positiveInteger, requiredString } from '../options';
import { printJson, printLine } from '../output';
import type { GenerationClean } from '../../main/core/usecases/generations';
/** The use cases, imported when a command runs: `--help` loads none of the engine. */
const useCases = () => import('../../main/core/usecases/generations');

function print(ctx: CommandContext, r: GenerationClean): void {
  if (ctx.global.json) return printJson(ctx, r);
  const gone = r.plan.deleted.map((g) => g.generation);
  const verb = r.applied ? 'deleted' : 'would delete';
  printLine(ctx, gone.length === 0 ? `nothing to delete on ${r.host}` : `${verb} generation(s) ${gone.join(', ')} of ${r.host}`);
  printLine(ctx, `kept: ${r.plan.kept.map((k) => `${k.generation} (${k.why.join(', ')})`).join('; ')}`);
  for (const p of r.profiles) {
    const old = p.plan.deleted.map((g) => g.generation);
    const what = `${r.host} profile ${p.profile}`;
    printLine(ctx, old.length === 0 ? `nothing to delete of ${what}` : `${verb} generation(s) ${old.join(', ')} of ${what}`);
    printLine(ctx, `kept: ${p.plan.kept.map((k) => `${k.generation} (${k.why.join(', ')})`).join('; ')}`);
  }
  const any = gone.length > 0 || r.profiles.some((p) => p.plan.deleted.length > 0);
  if (!r.applied && any) printLine(ctx, 'run again with --yes to delete');
}

export const generationsClean: Command = {
  words: ['generations', 'clean'],
  usage: 'generations clean HOST --keep N [--yes] [--json]',
  summary:
    "delete a host's old generations (its system's and its Nix profiles'), keeping the newest N, current, booted and every last known good one (shows the plan; --yes deletes)",
  positionals: 1,
  options: { keep: { type: 'string' }, yes: { type: 'boolean' } },
  optionHelp: {
    keep: {
      value: 'N',
      does: 'how many of the newest generations to keep (required); current, booted and known good ones are kept anyway',
    },
    yes: { does: 'delete what the plan shows', default: 'only show the plan' },
  },
  async run(ctx) {
    const name = positional(ctx, 0, 'HOST');
    const keep = positiveInteger(requiredString(ctx, 'keep'), '--keep must be a whole number of generations, 1 or more');
    const { cleanGenerations, previewClean } = await useCases();
    print(ctx, ctx.options.yes === true ? await cleanGenerations(ctx.uc, { host: name, keep }) : await previewClean(ctx.uc, name, keep));
  },
};
