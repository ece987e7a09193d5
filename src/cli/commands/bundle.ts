// `airlock bundle create|sign|verify|inspect` (cli.md, "Bundles"): argument
// parsing and printing only; the work is in src/main/core/bundle.
import { existsSync, readFileSync } from 'node:fs';
import type { Command, CommandContext } from '../command';
import { optionalString, positional, positiveInteger, requiredString } from '../options';
import { printJson, printLine } from '../output';
import { RefusedError, UsageError } from '../cli-error';
import { createProgressBar, type ProgressStream } from '../progress-bar';
import { withFileProgress } from '../progress';
import { publicKeysOption, stringList } from '../public-key-arg';
import { formatTable } from '../table';
import { formatBytes } from '../../shared/format';
import { parseRfc3339, UTC_ONLY } from '../../shared/rfc3339';
import type { BundleInspection, BundleSource, SecretKey, WritableCompression } from '../../main/core/usecases/bundles';

/** The use cases, imported when a command runs: `--help` loads none of the engine. */
const useCases = () => import('../../main/core/usecases/bundles');

/** A secret key file (as `nix key generate-secret` or `airlock keys generate` writes), or the key text itself. */
async function secretKeys(ctx: CommandContext): Promise<SecretKey[]> {
  const args = stringList(ctx, 'sign');
  if (args.length === 0) throw new UsageError('--sign SECRETKEY is required (a secret key file)');
  const { parseSecretKey } = await useCases();
  return args.map((arg) => {
    const isFile = existsSync(arg);
    if (!isFile && !arg.includes(':')) throw new UsageError(`--sign ${arg}: no such file`);
    try {
      return parseSecretKey(isFile ? readFileSync(arg, 'utf8') : arg);
    } catch (err) {
      throw new UsageError(`--sign ${isFile ? arg : '(key text)'}: ${(err as Error).message}`);
    }
  });
}

/** A refused bundle is exit status 1 in the refusal's own words. */
async function refusing<T>(work: Promise<T>): Promise<T> {
  const { BundleRefusal } = await useCases();
  return work.catch((err: unknown) => {
    throw err instanceof BundleRefusal ? new RefusedError(err.message) : err;
  });
}

const progressBar = (ctx: CommandContext): ReturnType<typeof createProgressBar> =>
  createProgressBar(ctx.stderr as unknown as ProgressStream);

const create: Command = {
  words: ['bundle', 'create'],
  usage:
    'bundle create --out DIR --site SITE --sequence N --sign SECRETKEY [--sign …] --system HOST=STOREPATH[:switch|:boot] [--system …] ' +
    '[--profile HOST:PROFILE=STOREPATH[:ACTIVATE] …] ' +
    '[--with-build-closure] [--from-store | --from-cache DIR] [--compression zstd|xz|none] [--base CACHEDIR] [--expires RFC3339] [--description TEXT]',
  summary: 'seal the closures of the given systems and profiles into a signed bundle folder (build side)',
  options: {
    out: { type: 'string' },
    site: { type: 'string' },
    sequence: { type: 'string' },
    sign: { type: 'string', multiple: true },
    system: { type: 'string', multiple: true },
    profile: { type: 'string', multiple: true },
    'with-build-closure': { type: 'boolean' },
    'from-store': { type: 'boolean' },
    'from-cache': { type: 'string' },
    compression: { type: 'string' },
    base: { type: 'string' },
    expires: { type: 'string' },
    description: { type: 'string' },
  },
  optionHelp: {
    out: { value: 'DIR', does: 'the bundle folder to write (must not exist), e.g. /media/op/STICK/accel-ctl-42.airlock' },
    site: { value: 'SITE', does: 'the site the bundle is for; only that site imports it' },
    sequence: { value: 'N', does: 'the bundle number, higher than every bundle the site has accepted' },
    sign: { value: 'SECRETKEY', does: 'a secret key file (airlock keys generate) that signs the manifest and every narinfo' },
    system: {
      value: 'HOST=STOREPATH[:switch|:boot]',
      does: "a host's system closure, and whether a deploy switches to it or makes it the next boot",
      default: 'switch',
    },
    profile: {
      value: 'HOST:PROFILE=STOREPATH[:ACTIVATE]',
      does:
        'a Nix profile of a host that need not run NixOS (e.g. ioc1:/nix/var/nix/profiles/per-user/epics/ioc=/nix/store/…-ioc:bin/activate): ' +
        'the profile is set to STOREPATH and ACTIVATE, a path inside it, is run after',
    },
    'with-build-closure': {
      does: "also carry what rebuilds each system and profile offline: its derivation's closure (every .drv, source and fetched input), from the local store",
      default: 'no',
    },
    'from-store': { does: 'take the closures from the local Nix store', default: 'yes, unless --from-cache' },
    'from-cache': { value: 'DIR', does: 'take the closures from this Nix binary cache folder instead, NAR files as they are' },
    compression: { value: 'zstd|xz|none', does: 'how the NARs taken from the store are compressed', default: 'zstd' },
    base: { value: 'CACHEDIR', does: 'leave out the paths this offline cache already holds (a delta bundle)' },
    expires: { value: 'RFC3339', does: 'a UTC time after which the site refuses the bundle', default: 'never' },
    description: { value: 'TEXT', does: 'a note for the operators who import it' },
  },
  positionals: 0,
  async run(ctx) {
    const { parseProfileSpec, parseSystemSpec, sealBundle, SITE_NAME, WRITABLE_COMPRESSIONS } = await useCases();
    const fromCache = optionalString(ctx, 'from-cache');
    const compression = optionalString(ctx, 'compression');
    if (fromCache !== undefined && ctx.options['from-store'] === true) throw new UsageError('give --from-store or --from-cache, not both');
    if (compression !== undefined && !(WRITABLE_COMPRESSIONS as readonly string[]).includes(compression)) {
      throw new UsageError(`--compression must be one of ${WRITABLE_COMPRESSIONS.join(', ')}`);
    }
    if (compression !== undefined && fromCache !== undefined)
      throw new UsageError('--compression applies to --from-store; --from-cache copies NAR files as they are');
    const withBuildClosure = ctx.options['with-build-closure'] === true;
    if (withBuildClosure && fromCache !== undefined)
      throw new UsageError('--with-build-closure takes the derivations from the local Nix store; it cannot be used with --from-cache');
    const expires = optionalString(ctx, 'expires');
    if (expires !== undefined && parseRfc3339(expires, UTC_ONLY) === undefined)
      throw new UsageError(`--expires must be an RFC 3339 UTC time such as 2027-02-18T00:00:00Z, not '${expires}'`);
    const site = requiredString(ctx, 'site');
    if (!SITE_NAME.test(site))
      throw new UsageError(`--site '${site}' must be lower-case letters, digits and '-' (at most 63), e.g. accel-ctl`);
    const systemArgs = stringList(ctx, 'system');
    const profileArgs = stringList(ctx, 'profile');
    if (systemArgs.length === 0 && profileArgs.length === 0)
      throw new UsageError('--system HOST=STOREPATH or --profile HOST:PROFILE=STOREPATH is required');
    const parsed =
      <T>(parse: (s: string) => T) =>
      (s: string): T => {
        try {
          return parse(s);
        } catch (err) {
          throw new UsageError((err as Error).message);
        }
      };
    const systems = systemArgs.map(parsed(parseSystemSpec));
    const profiles = profileArgs.map(parsed(parseProfileSpec));
    const source: BundleSource = fromCache !== undefined ? { kind: 'cache', dir: fromCache } : { kind: 'store' };
    const out = requiredString(ctx, 'out');
    const sequence = positiveInteger(requiredString(ctx, 'sequence'), '--sequence must be a whole number from 1 to 2^53−1');
    const keys = await secretKeys(ctx);
    const progress = progressBar(ctx);
    const made = await refusing(
      sealBundle({
        out,
        site,
        sequence,
        keys,
        systems,
        profiles,
        source,
        withBuildClosure,
        compression: compression as WritableCompression | undefined,
        base: optionalString(ctx, 'base'),
        expires,
        description: optionalString(ctx, 'description'),
        onProgress: (p) =>
          progress.update({ bytesDone: p.bytes, bytesTotal: p.totalBytes, pathsDone: p.paths, pathsTotal: p.totalPaths, phase: 'writing' }),
      }),
    ).finally(() => progress.finish());
    const { manifest } = made;
    const summary = {
      dir: made.dir,
      site: manifest.site,
      sequence: manifest.sequence,
      created: manifest.created,
      systems: manifest.systems,
      profiles: manifest.profiles ?? [],
      paths: manifest.paths.length,
      ...(manifest.buildClosure ? { buildClosure: manifest.buildClosure.length } : {}),
      carried: made.carried.length,
      leftOut: made.leftOut.length,
      fileBytes: made.fileBytes,
    };
    if (ctx.global.json) return printJson(ctx, summary);
    printLine(
      ctx,
      `sealed ${manifest.site}-${manifest.sequence} in ${made.dir}: ${manifest.paths.length} paths${manifest.buildClosure ? ` (${manifest.buildClosure.length} of them to rebuild offline)` : ''}, ${made.carried.length} carried (${formatBytes(made.fileBytes)})${made.leftOut.length ? `, ${made.leftOut.length} left out (held by the base cache)` : ''}`,
    );
  },
};

const sign: Command = {
  words: ['bundle', 'sign'],
  usage: 'bundle sign DIR --sign SECRETKEY',
  summary: 'add a signature to a bundle (the manifest itself never changes)',
  options: { sign: { type: 'string', multiple: true } },
  optionHelp: { sign: { value: 'SECRETKEY', does: 'the secret key file whose signature to add' } },
  positionals: 1,
  async run(ctx) {
    const dir = positional(ctx, 0, 'DIR');
    const keys = await secretKeys(ctx);
    if (keys.length !== 1) throw new UsageError('bundle sign takes one --sign key at a time');
    const { addSignature } = await useCases();
    const signed = await refusing(addSignature(dir, keys[0] as SecretKey));
    if (ctx.global.json) return printJson(ctx, { dir, signers: signed.signers });
    printLine(
      ctx,
      `signed ${signed.manifest.site}-${signed.manifest.sequence} with ${keys[0]?.name}; signers now: ${signed.signers.join(', ')}`,
    );
  },
};

const verify: Command = {
  words: ['bundle', 'verify'],
  usage: 'bundle verify DIR [--json]   (rule 8 against --cache DIR when given)',
  summary: "check a bundle against the site's trust (rules 1–9), changing nothing",
  positionals: 1,
  async run(ctx) {
    const dir = positional(ctx, 0, 'DIR');
    const { BundleRefusal, verifyBundleForSite } = await useCases();
    try {
      const v = await withFileProgress(ctx, 'verifying', (onProgress) =>
        verifyBundleForSite(ctx.uc, dir, { ...(ctx.global.cache ? { cacheRoot: ctx.global.cache } : {}), onProgress }),
      );
      const { manifest } = v;
      const result = {
        valid: true,
        site: manifest.site,
        sequence: manifest.sequence,
        manifestSha256: v.manifestSha256,
        signers: v.signers,
        unknownSigners: v.unknownSigners,
        carried: v.carried.length,
        held: v.held.length,
        systems: manifest.systems,
        profiles: manifest.profiles ?? [],
      };
      if (ctx.global.json) return printJson(ctx, result);
      printLine(
        ctx,
        `${manifest.site}-${manifest.sequence} is valid: signed by ${v.signers.join(', ')}; ${v.carried.length} paths carried, ${v.held.length} held by the cache`,
      );
      if (v.unknownSigners.length) printLine(ctx, `also signed by keys this site does not trust (ignored): ${v.unknownSigners.join(', ')}`);
    } catch (err) {
      if (!(err instanceof BundleRefusal)) throw err;
      if (ctx.global.json) printJson(ctx, { valid: false, rule: err.rule, reason: err.reason });
      throw new RefusedError(err.message);
    }
  },
};

/** What the build closure adds to the run-time closures: paths, NAR bytes and the compressed bytes carried. */
function buildClosureWords(b: NonNullable<BundleInspection['buildClosure']>): string {
  const { added } = b;
  return `${b.paths} paths; adds ${added.paths} paths, ${formatBytes(added.narBytes)} of NAR, ${formatBytes(added.fileBytes)} of files carried (${added.carried} paths)`;
}

function printInspection(ctx: CommandContext, dir: string, r: BundleInspection, shown: (text: string, max: number) => string): void {
  const m = r.manifest;
  const status = {
    valid: 'valid',
    invalid: 'INVALID (does not match the manifest)',
    'unknown-key': 'not checked (no public key given: --trust PUBKEY)',
  } as const;
  ctx.stdout.write(
    formatTable(
      ['FIELD', 'VALUE'],
      [
        ['bundle', `${m.site}-${m.sequence} (${dir})`],
        ['format', m.format],
        ['site', m.site],
        ['sequence', String(m.sequence)],
        ['created', m.created],
        ['expires', m.expires ?? 'never'],
        ['description', m.description === undefined ? '' : shown(m.description, 4096)],
        ['paths', `${r.pathCount} (${formatBytes(r.totalNarSize)} of NAR)`],
        ['carried', `${r.carried.count} paths, ${formatBytes(r.carried.narBytes)} of NAR in ${formatBytes(r.carried.fileBytes)} of files`],
        ...(r.buildClosure ? [['build closure', buildClosureWords(r.buildClosure)]] : []),
      ],
    ),
  );
  printLine(ctx);
  ctx.stdout.write(
    formatTable(
      ['HOST', 'ACTION', 'TOPLEVEL'],
      m.systems.map((s) => [s.host, s.action, s.toplevel]),
    ),
  );
  printLine(ctx);
  if (m.profiles?.length) {
    ctx.stdout.write(
      formatTable(
        ['HOST', 'PROFILE', 'TARGET', 'ACTIVATE'],
        m.profiles.map((p) => [p.host, shown(p.profile, 300), p.target, p.activate === undefined ? '' : shown(p.activate, 300)]),
      ),
    );
    printLine(ctx);
  }
  ctx.stdout.write(
    formatTable(
      ['SIGNER', 'SIGNATURE'],
      r.signers.map((s) => [s.keyName, status[s.status]]),
    ),
  );
  for (const p of r.problems) printLine(ctx, `problem: ${p}`);
}

const inspect: Command = {
  words: ['bundle', 'inspect'],
  usage: 'bundle inspect DIR [--json] [--trust PUBKEY…]',
  summary: 'show what a bundle holds and who signed it (signatures checked against --trust keys); needs no site',
  options: { trust: { type: 'string', multiple: true } },
  optionHelp: {
    trust: {
      value: 'PUBKEY',
      does: 'a public key (name:base64, or a file holding one) to check the signatures against',
      default: 'signatures listed, not checked',
    },
  },
  positionals: 1,
  async run(ctx) {
    const dir = positional(ctx, 0, 'DIR');
    const trusted = await publicKeysOption(ctx, 'trust');
    const { inspectBundle, shown } = await useCases();
    const r = await refusing(inspectBundle(ctx.uc, dir, trusted));
    if (ctx.global.json) return printJson(ctx, { dir, ...r });
    printInspection(ctx, dir, r, shown);
  },
};

export const BUNDLE_COMMANDS: readonly Command[] = [create, sign, verify, inspect];
