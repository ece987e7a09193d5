// `airlock deploy [HOST…] [--all | --tag TAG] [--bundle SEQUENCE|latest] …`
// (cli.md "Deploying and rolling back"): each host gets the system the bundle
// names for it, sent from the offline cache (only what it lacks), made a
// generation and activated, with magic rollback unless turned off.
import type { Command, CommandContext } from '../command';
import { RefusedError, UsageError } from '../cli-error';
import { openCommandCache } from '../cache-root';
import { ACTIVATION_OPTIONS, activationOptions, reportOutcomes, withHostsContext } from '../host-operations';
import { optionalString, positiveInteger } from '../options';
import { openSiteDatabase, withDatabase } from '../site-context';
import { listHosts, requireHost, type HostRecord } from '../../main/core/db/hosts';
import type { SiteDb } from '../../main/core/db/open-database';
import { requireSite } from '../../main/core/db/site-store';
import { ACTIVATION_ACTIONS, type ActivationAction } from '../../main/core/remote/activate/activation-plan';
import { chooseBundle } from '../../main/core/remote/deploy/bundle-choice';
import { deployContextFor } from '../../main/core/remote/deploy/deploy-context';
import { deployHosts } from '../../main/core/remote/deploy/deploy-hosts';
import { planDeploy } from '../../main/core/remote/deploy/deploy-plan';
import { printPlan } from '../deploy-plan-output';

function chosenHosts(ctx: CommandContext, db: SiteDb, carried: ReadonlySet<string>): HostRecord[] {
  const tag = optionalString(ctx, 'tag');
  const all = ctx.options.all === true;
  if ([ctx.positionals.length > 0, all, tag !== undefined].filter(Boolean).length !== 1) {
    throw new UsageError('name the hosts to deploy, or give --all, or --tag TAG (one of the three)');
  }
  if (ctx.positionals.length > 0) {
    const named = [...new Set(ctx.positionals)].map((n) => requireHost(db, n));
    const without = named.filter((h) => !carried.has(h.name)).map((h) => h.name);
    if (without.length > 0) throw new RefusedError(`the bundle carries no system for ${without.join(', ')}; nothing was deployed`);
    return named;
  }
  const hosts = listHosts(db).filter((h) => carried.has(h.name) && (tag === undefined || h.tags.includes(tag)));
  if (hosts.length === 0) throw new RefusedError(`no ${tag === undefined ? '' : `host tagged ${tag} `}has a system in the bundle; nothing was deployed`);
  return hosts;
}

function actionOf(ctx: CommandContext): ActivationAction | undefined {
  const action = optionalString(ctx, 'action');
  if (action !== undefined && !(ACTIVATION_ACTIONS as readonly string[]).includes(action)) throw new UsageError(`--action must be one of ${ACTIVATION_ACTIONS.join(', ')}, not '${action}'`);
  return action as ActivationAction | undefined;
}

export const deploy: Command = {
  words: ['deploy'],
  usage: 'deploy [HOST…] [--all | --tag TAG] [--bundle SEQUENCE|latest] [--action switch|boot|test|dry-activate] [--confirm-timeout SECONDS] [--no-magic-rollback] [--parallel N] [--push-method auto|serve] [--plan] [--json]',
  summary: "send each host its system from a bundle in the offline cache (only what it lacks), make it a generation and activate it",
  positionals: [0, Number.MAX_SAFE_INTEGER],
  options: {
    all: { type: 'boolean' }, tag: { type: 'string' }, bundle: { type: 'string' }, action: { type: 'string' }, parallel: { type: 'string' },
    'push-method': { type: 'string' }, plan: { type: 'boolean' }, ...ACTIVATION_OPTIONS,
  },
  async run(ctx) {
    const which = optionalString(ctx, 'bundle') ?? 'latest';
    const sequence = which === 'latest' ? 'latest' : positiveInteger(which, '--bundle must be a sequence number or latest');
    const parallel = positiveInteger(optionalString(ctx, 'parallel') ?? '8', '--parallel must be a whole number');
    const action = actionOf(ctx);
    const pushMethod = optionalString(ctx, 'push-method') ?? 'auto';
    if (pushMethod !== 'auto' && pushMethod !== 'serve') throw new UsageError(`--push-method must be auto or serve, not '${pushMethod}'`);
    const options = activationOptions(ctx);
    const layout = await openCommandCache(ctx);
    await withDatabase(openSiteDatabase(ctx), async (db) => {
      const bundle = await chooseBundle(layout, requireSite(db).name, sequence);
      const hosts = chosenHosts(ctx, db, new Set(bundle.manifest.systems.map((s) => s.host)));
      if (ctx.options.plan === true) {
        const plans = await withHostsContext(ctx, db, (hostsCtx) => planDeploy(deployContextFor(hostsCtx, layout), bundle, hosts, action));
        return printPlan(ctx, plans);
      }
      const outcomes = await withHostsContext(ctx, db, (hostsCtx) =>
        deployHosts(deployContextFor(hostsCtx, layout), { bundle, hosts, parallel, pushMethod, ...options, ...(action ? { action } : {}) }),
      );
      reportOutcomes(ctx, outcomes);
    });
  },
};
