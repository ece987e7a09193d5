// `airlock cache import BUNDLE_DIR`: verify a bundle against the site and bring
// it into the offline cache, or refuse it whole, saying which rule failed.
import type { Command } from '../command';
import { positional } from '../options';
import { printJson, printLine } from '../output';
import { withFileProgress } from '../progress';
/** The use cases, imported when a command runs: `--help` loads none of the engine. */
const useCases = () => import('../../main/core/usecases/cache');

export const cacheImport: Command = {
  words: ['cache', 'import'],
  usage: 'cache import BUNDLE_DIR [--json]',
  summary: 'verify a bundle (every signature and hash) and import it into the offline cache, or refuse it whole',
  positionals: 1,
  async run(ctx) {
    const bundleDir = positional(ctx, 0, 'BUNDLE_DIR');
    const { importIntoCache } = await useCases();
    // A refusal (rule, medium, unreadable stick) is a Refusal: main.ts prints its words and exits 1.
    const result = await withFileProgress(ctx, 'importing', (onProgress) => importIntoCache(ctx.uc, bundleDir, { onProgress }));
    const { manifest, signers, unknownSigners } = result.verified;
    const name = `${manifest.site}-${manifest.sequence}`;
    if (ctx.global.json) {
      return printJson(ctx, {
        bundle: name,
        outcome: result.outcome,
        added: result.added,
        alreadyHeld: result.alreadyHeld,
        resumed: result.resumed,
        bytesRead: result.bytesRead,
        leftOutAsHeld: result.verified.held,
        signers,
        unknownSigners,
        systems: manifest.systems,
        profiles: manifest.profiles ?? [],
      });
    }
    if (result.outcome === 'already-accepted') printLine(ctx, `${name} was imported before; the cache already holds all of it`);
    else
      printLine(
        ctx,
        `accepted ${name}: ${result.added.length} paths added, ${result.alreadyHeld.length + result.verified.held.length} already in the cache`,
      );
    if (result.resumed.length > 0)
      printLine(
        ctx,
        `resumed: ${result.resumed.length} of the added paths were checked and copied by an interrupted earlier run, and were not read again`,
      );
    printLine(
      ctx,
      `signed by ${signers.join(', ')}${unknownSigners.length ? ` (ignored, not trusted here: ${unknownSigners.join(', ')})` : ''}`,
    );
    for (const s of manifest.systems) printLine(ctx, `  ${s.host}: ${s.toplevel} (${s.action ?? 'switch'})`);
    for (const p of manifest.profiles ?? [])
      printLine(ctx, `  ${p.host}: profile ${p.profile} -> ${p.target}${p.activate ? ` (then ${p.activate})` : ''}`);
  },
};
