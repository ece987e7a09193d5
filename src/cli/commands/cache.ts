// `airlock cache init|verify|ls` (import and gc have files of their own): the offline cache on removable media.
import { basename } from 'node:path';
import type { Command } from '../command';
import { positional } from '../options';
import { printJson, printLine } from '../output';
import { RefusedError } from '../cli-error';
import { openCommandCache, rememberCache } from '../cache-root';
import { withFileProgress } from '../progress';
import { initCache, NotACacheError } from '../../main/core/cache/init-cache';
import { mediaRootsFromEnv } from '../../main/core/media/find-media';
import { mediumOf } from '../../main/core/media/medium-of';
import { verifyCache } from '../../main/core/cache/verify-cache';
import { readCachedPaths } from '../../main/core/cache/cached-paths';
import { readHeldManifests } from '../../main/core/cache/held-manifests';
import type { CacheLayout } from '../../main/core/cache/cache-layout';
import { cacheImport } from './cache-import';
import { cacheGc } from './cache-gc';


const init: Command = {
  words: ['cache', 'init'],
  usage: 'cache init DIR',
  summary: 'make DIR an offline cache (a Nix binary cache plus accepted bundle manifests)',
  positionals: 1,
  async run(ctx) {
    const root = positional(ctx, 0, 'DIR');
    const { created } = await initCache(root).catch((err: unknown) => {
      if (err instanceof NotACacheError) throw new RefusedError(err.message);
      throw err;
    });
    await rememberCache(ctx, root);
    // The CLI runs in its own process, so its environment is the operator's.
    const medium = await mediumOf(root, { roots: mediaRootsFromEnv(process.env) });
    if (!medium) {
      ctx.stderr.write(
        `airlock: warning: ${root} is not on removable media but on this machine's own disk; an offline cache normally lives on the stick ` +
          `that carries it (<medium>/airlock, see airlock media ls; AIRLOCK_MEDIA_ROOTS names other folders to treat as media)\n`,
      );
    }
    if (ctx.global.json) printJson(ctx, { cache: root, created, onRemovableMedium: medium !== undefined });
    else printLine(ctx, created ? `offline cache created in ${root}` : `${root} already holds an offline cache; nothing changed`);
  },
};

const verify: Command = {
  words: ['cache', 'verify'],
  usage: 'cache verify [--json]',
  summary: 're-hash every NAR in the cache and report damaged paths (exit 1 when any)',
  positionals: 0,
  async run(ctx) {
    const layout = await openCommandCache(ctx);
    const report = await withFileProgress(ctx, 'verifying', (onProgress) => verifyCache(layout, { onProgress }));
    if (ctx.global.json) printJson(ctx, report);
    else {
      for (const d of report.damaged) printLine(ctx, `DAMAGED ${d.path}: ${d.problem}`);
      printLine(ctx, `${report.checked} paths checked, ${report.damaged.length} damaged`);
    }
    if (report.damaged.length > 0) {
      throw new RefusedError(`${report.damaged.length} damaged path(s) in ${layout.root}; import the bundles that carry them again to repair`);
    }
  },
};

/** The accepted bundles the cache holds, as `cache ls` lists them; a manifest that cannot be read is listed apart, not fatal. */
async function heldBundles(layout: CacheLayout) {
  const { manifests, unreadable } = await readHeldManifests(layout);
  const bundles = manifests
    .map(({ jsonFile, manifest: m }) => ({ file: basename(jsonFile), site: m.site, sequence: m.sequence, created: m.created, systems: m.systems.map((s) => ({ host: s.host, toplevel: s.toplevel })) }))
    .sort((a, b) => a.sequence - b.sequence);
  return { bundles, unreadable };
}

const ls: Command = {
  words: ['cache', 'ls'],
  usage: 'cache ls [--json]',
  summary: 'bundles, systems and size held by the cache',
  positionals: 0,
  async run(ctx) {
    const layout = await openCommandCache(ctx);
    const [{ paths }, { bundles, unreadable }] = await Promise.all([readCachedPaths(layout), heldBundles(layout)]);
    const fileBytes = paths.reduce((n, p) => n + (p.narinfo.fileSize ?? 0), 0);
    const narBytes = paths.reduce((n, p) => n + p.narinfo.narSize, 0);
    if (ctx.global.json) return printJson(ctx, { cache: layout.root, paths: paths.length, fileBytes, narBytes, bundles, unreadableManifests: unreadable });
    printLine(ctx, `${layout.root}: ${paths.length} store paths, ${(fileBytes / 1e6).toFixed(1)} MB on the medium (${(narBytes / 1e6).toFixed(1)} MB unpacked)`);
    for (const b of bundles) {
      printLine(ctx, `  ${b.site}-${b.sequence}  created ${b.created}  ${b.systems.map((s) => s.host).join(', ')}`);
    }
    for (const u of unreadable) printLine(ctx, `  bundles/${u.file}: unreadable (${u.problem})`);
    if (bundles.length === 0 && unreadable.length === 0) printLine(ctx, '  no bundles imported yet');
  },
};

export const CACHE_COMMANDS: readonly Command[] = [init, cacheImport, verify, ls, cacheGc];
