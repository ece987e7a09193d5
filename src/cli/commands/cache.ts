// `airlock cache init|verify|ls`: the offline cache on removable media.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from '../command';
import { positional } from '../options';
import { printJson, printLine } from '../output';
import { RefusedError } from '../cli-error';
import { cacheRootOf, rememberCache } from '../cache-root';
import { initCache, NotACacheError, openCache } from '../../main/core/cache/init-cache';
import { verifyCache } from '../../main/core/cache/verify-cache';
import { readCachedPaths } from '../../main/core/cache/cached-paths';
import { cacheImport } from './cache-import';

async function openOrRefuse(root: string) {
  return openCache(root).catch((err: unknown) => {
    if (err instanceof NotACacheError) throw new RefusedError(err.message);
    throw err;
  });
}

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
    if (ctx.global.json) printJson(ctx, { cache: root, created });
    else printLine(ctx, created ? `offline cache created in ${root}` : `${root} already holds an offline cache; nothing changed`);
  },
};

const verify: Command = {
  words: ['cache', 'verify'],
  usage: 'cache verify [--json]',
  summary: 're-hash every NAR in the cache and report damaged paths (exit 1 when any)',
  positionals: 0,
  async run(ctx) {
    const layout = await openOrRefuse(await cacheRootOf(ctx));
    const report = await verifyCache(layout);
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

interface HeldBundle {
  readonly file: string;
  readonly site: string;
  readonly sequence: number;
  readonly created: string;
  readonly systems: readonly { host: string; toplevel: string }[];
}

async function heldBundles(bundlesDir: string): Promise<HeldBundle[]> {
  const files = (await readdir(bundlesDir)).filter((f) => f.endsWith('.json')).sort();
  const out: HeldBundle[] = [];
  for (const file of files) {
    const m = JSON.parse(await readFile(join(bundlesDir, file), 'utf8')) as Omit<HeldBundle, 'file'>;
    out.push({ file, site: m.site, sequence: m.sequence, created: m.created, systems: m.systems.map((s) => ({ host: s.host, toplevel: s.toplevel })) });
  }
  return out.sort((a, b) => a.sequence - b.sequence);
}

const ls: Command = {
  words: ['cache', 'ls'],
  usage: 'cache ls [--json]',
  summary: 'bundles, systems and size held by the cache',
  positionals: 0,
  async run(ctx) {
    const layout = await openOrRefuse(await cacheRootOf(ctx));
    const [{ paths }, bundles] = await Promise.all([readCachedPaths(layout), heldBundles(layout.bundlesDir)]);
    const fileBytes = paths.reduce((n, p) => n + (p.narinfo.fileSize ?? 0), 0);
    const narBytes = paths.reduce((n, p) => n + p.narinfo.narSize, 0);
    if (ctx.global.json) return printJson(ctx, { cache: layout.root, paths: paths.length, fileBytes, narBytes, bundles });
    printLine(ctx, `${layout.root}: ${paths.length} store paths, ${(fileBytes / 1e6).toFixed(1)} MB on the medium (${(narBytes / 1e6).toFixed(1)} MB unpacked)`);
    for (const b of bundles) {
      printLine(ctx, `  ${b.site}-${b.sequence}  created ${b.created}  ${b.systems.map((s) => s.host).join(', ')}`);
    }
    if (bundles.length === 0) printLine(ctx, '  no bundles imported yet');
  },
};

export const CACHE_COMMANDS: readonly Command[] = [init, cacheImport, verify, ls];
