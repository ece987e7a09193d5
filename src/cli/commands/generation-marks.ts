// `airlock generation mark-bad HOST GENERATION [--reason TEXT]` and
// `airlock generation unmark-bad HOST GENERATION`: a generation marked bad
// stops counting as last known good (incidents do not go back to it, and
// cleaning no longer keeps it for that reason). Both are audited.
import type { Command } from '../command';
import { optionalString, positional } from '../options';
import { printJson, printLine } from '../output';
/** The use cases, imported when a command runs: `--help` loads none of the engine. */
const useCases = () => import('../../main/core/usecases/generation-marks');

export const generationMarkBad: Command = {
  words: ['generation', 'mark-bad'],
  usage: 'generation mark-bad HOST GENERATION [--reason TEXT] [--json]',
  summary: 'mark a generation bad: it stops counting as last known good, for incidents and for cleaning',
  positionals: 2,
  options: { reason: { type: 'string' } },
  optionHelp: { reason: { value: 'TEXT', does: 'why it is bad, for the audit log' } },
  async run(ctx) {
    const host = positional(ctx, 0, 'HOST');
    const generation = positional(ctx, 1, 'GENERATION');
    const reason = optionalString(ctx, 'reason');
    const { markGenerationBad } = await useCases();
    const marked = await markGenerationBad(ctx.uc, host, generation, reason);
    if (ctx.global.json) return printJson(ctx, marked);
    printLine(
      ctx,
      `marked generation ${marked.generation} of ${marked.host} (${marked.toplevel}) bad: it no longer counts as last known good`,
    );
  },
};

export const generationUnmarkBad: Command = {
  words: ['generation', 'unmark-bad'],
  usage: 'generation unmark-bad HOST GENERATION [--json]',
  summary: 'take back a bad mark: the generation counts as known good again where its records say so',
  positionals: 2,
  async run(ctx) {
    const host = positional(ctx, 0, 'HOST');
    const generation = positional(ctx, 1, 'GENERATION');
    const { unmarkGenerationBad } = await useCases();
    const done = unmarkGenerationBad(ctx.uc, host, generation);
    if (ctx.global.json) return printJson(ctx, done);
    printLine(ctx, `generation ${done.generation} of ${done.host} is no longer marked bad`);
  },
};

export const GENERATION_MARK_COMMANDS: readonly Command[] = [generationMarkBad, generationUnmarkBad];
