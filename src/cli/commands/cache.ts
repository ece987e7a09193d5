// `airlock cache init|verify|ls` (import and gc have files of their own): the offline cache on removable media.
import type { Command } from '../command';
import { positional } from '../options';
import { printJson, printLine } from '../output';
import { RefusedError } from '../cli-error';
import { withFileProgress } from '../progress';
/** The use cases, imported when a command runs: `--help` loads none of the engine. */
const useCases = () => import('../../main/core/usecases/cache');
import { cacheImport } from './cache-import';
import { cacheGc } from './cache-gc';

const init: Command = {
  words: ['cache', 'init'],
  usage: 'cache init DIR',
  summary: 'make DIR an offline cache (a Nix binary cache plus accepted bundle manifests)',
  positionals: 1,
  async run(ctx) {
    const root = positional(ctx, 0, 'DIR');
    const { initOfflineCache } = await useCases();
    const { created, onRemovableMedium } = await initOfflineCache(ctx.uc, root);
    if (!onRemovableMedium) {
      ctx.stderr.write(
        `airlock: warning: ${root} is not on removable media but on this machine's own disk; an offline cache normally lives on the stick ` +
          `that carries it (<medium>/airlock, see airlock media ls; AIRLOCK_MEDIA_ROOTS names other folders to treat as media)\n`,
      );
    }
    if (ctx.global.json) printJson(ctx, { cache: root, created, onRemovableMedium });
    else printLine(ctx, created ? `offline cache created in ${root}` : `${root} already holds an offline cache; nothing changed`);
  },
};

const verify: Command = {
  words: ['cache', 'verify'],
  usage: 'cache verify [--json]',
  summary: 're-hash every NAR in the cache and report damaged paths (exit 1 when any)',
  positionals: 0,
  async run(ctx) {
    const { verifyOfflineCache } = await useCases();
    const { layout, report } = await withFileProgress(ctx, 'verifying', (onProgress) => verifyOfflineCache(ctx.uc, { onProgress }));
    if (ctx.global.json) printJson(ctx, report);
    else {
      for (const d of report.damaged) printLine(ctx, `DAMAGED ${d.path}: ${d.problem}`);
      printLine(ctx, `${report.checked} paths checked, ${report.damaged.length} damaged`);
    }
    if (report.damaged.length > 0) {
      throw new RefusedError(
        `${report.damaged.length} damaged path(s) in ${layout.root}; import the bundles that carry them again to repair`,
      );
    }
  },
};

const ls: Command = {
  words: ['cache', 'ls'],
  usage: 'cache ls [--json]',
  summary: 'bundles, systems and size held by the cache',
  positionals: 0,
  async run(ctx) {
    const { cacheContents } = await useCases();
    const { layout, paths, fileBytes, narBytes, bundles, unreadable } = await cacheContents(ctx.uc);
    if (ctx.global.json) {
      const listed = bundles.map(({ file, site, sequence, created, systems }) => ({ file, site, sequence, created, systems }));
      return printJson(ctx, { cache: layout.root, paths, fileBytes, narBytes, bundles: listed, unreadableManifests: unreadable });
    }
    printLine(
      ctx,
      `${layout.root}: ${paths} store paths, ${(fileBytes / 1e6).toFixed(1)} MB on the medium (${(narBytes / 1e6).toFixed(1)} MB unpacked)`,
    );
    for (const b of bundles) {
      printLine(ctx, `  ${b.site}-${b.sequence}  created ${b.created}  ${b.systems.map((s) => s.host).join(', ')}`);
    }
    for (const u of unreadable) printLine(ctx, `  bundles/${u.file}: unreadable (${u.problem})`);
    if (bundles.length === 0 && unreadable.length === 0) printLine(ctx, '  no bundles imported yet');
  },
};

export const CACHE_COMMANDS: readonly Command[] = [init, cacheImport, verify, ls, cacheGc];
