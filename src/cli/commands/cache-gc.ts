// `airlock cache gc --keep N [--yes]`: free space on the stick. Shows what
// would go and changes nothing, unless --yes: then deletes it and audits it.
import type { Command, CommandContext } from '../command';
import { positiveInteger, requiredString } from '../options';
import { printJson, printLine } from '../output';
import { formatBytes } from '../../shared/format';
import type { GcBundle, GcPlan } from '../../main/core/usecases/cache';
/** The use cases, imported when a command runs: `--help` loads none of the engine. */
const useCases = () => import('../../main/core/usecases/cache');

const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
const names = (bundles: readonly GcBundle[]): string => bundles.map((b) => b.name).join(', ');

function printPlan(ctx: CommandContext, root: string, plan: GcPlan, applied: boolean): void {
  const orphans = plan.orphanNars.map((f) => f.file.slice(root.length + 1));
  if (ctx.global.json) {
    const bundle = (b: GcBundle) => ({ bundle: b.name, hosts: b.hosts });
    return printJson(ctx, {
      cache: root,
      keep: plan.keep,
      applied,
      keptBundles: plan.keptBundles.map(bundle),
      deletedBundles: plan.droppedBundles.map(bundle),
      keptPaths: plan.keptPaths,
      deletedPaths: plan.droppedPaths.map((p) => p.path),
      orphanNarFiles: orphans,
      bytes: plan.bytes,
    });
  }
  const nothing = plan.droppedBundles.length + plan.droppedPaths.length + plan.narFiles.length + plan.orphanNars.length === 0;
  const verb = applied ? 'deleted' : 'would delete';
  if (nothing) printLine(ctx, `nothing to delete in ${root}`);
  if (plan.droppedBundles.length > 0)
    printLine(ctx, `${verb} ${count(plan.droppedBundles.length, 'bundle')}: ${names(plan.droppedBundles)}`);
  if (!nothing) {
    const orphanText = orphans.length > 0 ? ` and ${count(orphans.length, 'NAR file')} no narinfo names` : '';
    printLine(
      ctx,
      `${verb} ${count(plan.droppedPaths.length, 'store path')}${orphanText}: ${formatBytes(plan.bytes)} ${applied ? 'freed' : 'to free'}`,
    );
  }
  const keptBundles = plan.keptBundles.length > 0 ? ` (${names(plan.keptBundles)})` : '';
  printLine(
    ctx,
    `${applied || nothing ? 'kept' : 'keeping'} ${count(plan.keptBundles.length, 'bundle')}${keptBundles} and ${count(plan.keptPaths, 'store path')}`,
  );
  if (!applied && !nothing) printLine(ctx, 'run again with --yes to delete');
}

export const cacheGc: Command = {
  words: ['cache', 'gc'],
  usage: 'cache gc --keep N [--yes] [--json]',
  summary: 'keep the newest N bundles of each host and every path a known host still uses, delete the rest (shows the plan; --yes deletes)',
  options: { keep: { type: 'string' }, yes: { type: 'boolean' } },
  optionHelp: {
    keep: { value: 'N', does: 'how many of the newest bundles to keep for each host (required)' },
    yes: { does: 'delete what the plan shows', default: 'only show the plan' },
  },
  positionals: 0,
  async run(ctx) {
    const keep = positiveInteger(requiredString(ctx, 'keep'), '--keep must be a whole number of bundles per host, 1 or more');
    const applied = ctx.options.yes === true;
    // Only bundles keep paths here: the command line has no probes of the hosts at hand (the app passes what its probes saw).
    const { gcOfflineCache } = await useCases();
    const { layout, plan } = await gcOfflineCache(ctx.uc, { keep, apply: applied });
    printPlan(ctx, layout.root, plan, applied);
  },
};
