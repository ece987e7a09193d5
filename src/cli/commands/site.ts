// `airlock site …`: set up the site once, show it, and change whom it trusts.
// Every change goes through the site store, which writes its audit row.
import type { Command, CommandContext } from '../command';
import { optionalString, positional, requiredString } from '../options';
import { printJson, printLine } from '../output';
import { UsageError } from '../cli-error';
import { publicKeysOption, readPublicKeyArg } from '../public-key-arg';
import { formatTable } from '../table';
import type { KeyKind, SiteState, TrustedKey } from '../../main/core/usecases/site';
/** The use cases, imported when a command runs: `--help` loads none of the engine. */
const useCases = () => import('../../main/core/usecases/site');
import { NoSiteError } from '../../main/core/usecases/refusals';

function parseCount(text: string, what: string): number {
  if (!/^\d{1,6}$/.test(text)) throw new UsageError(`${what} must be a whole number, not '${text}'`);
  return Number(text);
}

const keyJson = (k: TrustedKey): object => ({ name: k.name, publicKey: `${k.name}:${k.key}`, added: k.added });

function printSite(ctx: CommandContext, site: SiteState | null): void {
  if (!site) throw new NoSiteError(ctx.uc.dataDir);
  const { floor } = site;
  if (ctx.global.json) return printJson(ctx, { ...site, bundleKeys: site.bundleKeys.map(keyJson), nixKeys: site.nixKeys.map(keyJson) });
  printLine(ctx, `site         ${site.name}`);
  printLine(ctx, `created      ${site.created}`);
  printLine(ctx, `data folder  ${site.dataDir}`);
  printLine(ctx, `threshold    ${site.threshold} of ${site.bundleKeys.length} bundle key(s) must sign a bundle`);
  printLine(
    ctx,
    `floor        ${floor.sequence === 0 ? 'no bundle accepted yet' : `sequence ${floor.sequence} (latest created ${floor.latestCreated})`}`,
  );
  for (const [title, keys] of [
    ['bundle keys (sign manifests)', site.bundleKeys],
    ['Nix keys (sign narinfos)', site.nixKeys],
  ] as const) {
    printLine(ctx);
    printLine(ctx, `${title}:`);
    ctx.stdout.write(
      formatTable(
        ['  NAME', 'ADDED', 'PUBLIC KEY'],
        keys.map((k) => [`  ${k.name}`, k.added, `${k.name}:${k.key}`]),
      ),
    );
  }
}

const kindOf = (ctx: CommandContext): KeyKind => (ctx.options.nix === true ? 'nix' : 'bundle');

export const siteInit: Command = {
  words: ['site', 'init'],
  usage: 'site init --name SITE --trust PUBKEY [--trust PUBKEY…] [--threshold K] [--nix-trust PUBKEY…]',
  summary: 'set up the site once: its name, the keys that sign bundles (K of them must) and narinfos',
  options: {
    name: { type: 'string' },
    trust: { type: 'string', multiple: true },
    threshold: { type: 'string' },
    'nix-trust': { type: 'string', multiple: true },
  },
  optionHelp: {
    name: { value: 'SITE', does: 'the site name: lower-case letters, digits and -, e.g. accel-ctl (required)' },
    trust: { value: 'PUBKEY', does: 'a key that signs bundles: name:base64, or a file holding one (required)' },
    threshold: { value: 'K', does: 'how many distinct trusted keys must sign a bundle', default: '1' },
    'nix-trust': { value: 'PUBKEY', does: 'a key that signs narinfos', default: 'the --trust keys' },
  },
  positionals: 0,
  async run(ctx) {
    const name = requiredString(ctx, 'name');
    const { initSite, SITE_NAME } = await useCases();
    if (!SITE_NAME.test(name))
      throw new UsageError(`site name '${name}' must be lower-case letters, digits and '-' (at most 63), e.g. accel-ctl`);
    const bundleKeys = await publicKeysOption(ctx, 'trust');
    if (bundleKeys.length === 0) throw new UsageError('--trust PUBKEY is required: the key(s) that sign bundles for this site');
    const nixTrust = await publicKeysOption(ctx, 'nix-trust');
    const threshold = parseCount(optionalString(ctx, 'threshold') ?? '1', '--threshold');
    printSite(ctx, initSite(ctx.uc, { name, bundleKeys, threshold, nixKeys: nixTrust.length > 0 ? nixTrust : bundleKeys }));
  },
};

export const siteShow: Command = {
  words: ['site', 'show'],
  usage: 'site show [--json]',
  summary: "the site's name, trusted keys, threshold and floor",
  positionals: 0,
  async run(ctx) {
    const { showSite } = await useCases();
    printSite(ctx, showSite(ctx.uc));
  },
};

export const siteTrustAdd: Command = {
  words: ['site', 'trust', 'add'],
  usage: 'site trust add PUBKEY [--nix]',
  summary: 'trust another bundle key (with --nix: a key that signs narinfos)',
  options: { nix: { type: 'boolean' } },
  optionHelp: { nix: { does: 'a key that signs narinfos', default: 'a key that signs bundles' } },
  positionals: 1,
  async run(ctx) {
    const key = await readPublicKeyArg(positional(ctx, 0, 'PUBKEY'), 'PUBKEY');
    const { trustKey } = await useCases();
    const added = trustKey(ctx.uc, kindOf(ctx), key);
    if (ctx.global.json) printJson(ctx, { kind: added.kind, ...keyJson(added) });
    else printLine(ctx, `now trusted (${added.kind}): ${added.name}:${added.key}`);
  },
};

export const siteTrustRemove: Command = {
  words: ['site', 'trust', 'rm'],
  usage: 'site trust rm NAME [--nix]',
  summary: 'stop trusting the bundle key NAME (with --nix: the Nix key NAME)',
  options: { nix: { type: 'boolean' } },
  optionHelp: { nix: { does: 'a key that signs narinfos', default: 'a key that signs bundles' } },
  positionals: 1,
  async run(ctx) {
    const name = positional(ctx, 0, 'NAME');
    const { untrustKey } = await useCases();
    const removed = untrustKey(ctx.uc, kindOf(ctx), name);
    if (ctx.global.json) printJson(ctx, { kind: removed.kind, ...keyJson(removed) });
    else printLine(ctx, `no longer trusted (${removed.kind}): ${removed.name}:${removed.key}`);
  },
};

export const siteThreshold: Command = {
  words: ['site', 'threshold'],
  usage: 'site threshold K',
  summary: 'how many distinct trusted bundle keys must sign a bundle',
  positionals: 1,
  async run(ctx) {
    const threshold = parseCount(positional(ctx, 0, 'K'), 'K');
    const { setThreshold } = await useCases();
    const { from, to, keys } = setThreshold(ctx.uc, threshold);
    if (ctx.global.json) printJson(ctx, { from, to });
    else printLine(ctx, `threshold ${from} -> ${to} of ${keys} bundle key(s)`);
  },
};

export const SITE_COMMANDS: readonly Command[] = [siteInit, siteShow, siteTrustAdd, siteTrustRemove, siteThreshold];
