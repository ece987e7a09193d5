// Which offline cache a command works on (cli.md): --cache DIR or AIRLOCK_CACHE,
// else the one last used from this data folder, remembered by `cache init` and
// `cache import` so the operator names the stick once.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandContext } from './command';
import { UsageError } from './cli-error';
import { openCache } from '../main/core/cache/init-cache';
import type { CacheLayout } from '../main/core/cache/cache-layout';
import { commandDataDir, openDataDatabase, withDatabase } from './site-context';
import { databasePath } from '../main/core/db/open-database';
import { getSetting, setSetting } from '../main/core/db/settings';

export async function cacheRootOf(ctx: CommandContext): Promise<string> {
  if (ctx.global.cache) return ctx.global.cache;
  const last = existsSync(databasePath(commandDataDir(ctx)))
    ? await withDatabase(openDataDatabase(ctx), (db) => getSetting(db, 'last-cache'))
    : undefined;
  if (!last) throw new UsageError('which cache? give --cache DIR (normally <medium>/airlock) or set AIRLOCK_CACHE; no cache has been used from this data folder yet');
  return last;
}

export async function rememberCache(ctx: CommandContext, root: string): Promise<void> {
  await withDatabase(openDataDatabase(ctx), (db) => setSetting(db, 'last-cache', resolve(root)));
}

/** The command's cache, opened; "no cache there" is a refusal that says how to make one. */
export async function openCommandCache(ctx: CommandContext): Promise<CacheLayout> {
  const root = await cacheRootOf(ctx);
  return openCache(root); // NotACacheError is a Refusal: exit 1 in its words
}
