// "Last known good", read from the deployment records: a generation is known
// good when an activation of it (deploy, switch or rollback, action switch)
// succeeded AND was confirmed, i.e. its health checks passed and the host
// answered over a new connection, or when the host was adopted running it
// (probed healthy when it was added); and not once the operator marked it bad. A generation deployed with magic rollback
// off, or one that failed and was rolled back, never counts, which is why the
// answer is often not "current number − 1".
import { getDeployment, type Deployment } from '../db/deployments';
import type { SiteDb } from '../db/open-database';
import type { LastKnownGood } from '../db/incident-types';
import { listMarks } from '../db/generation-marks';

export type { LastKnownGood } from '../db/incident-types';

/** How many known good generations per host keep a GC root and survive cleaning (besides lastKnownGood's own answer). */
export const LKG_KEPT_PER_HOST = 3;

interface Row {
  readonly id: number;
  readonly to_generation: number;
  readonly to_toplevel: string;
  readonly finished_at: string;
}

// The NixOS system's rows only: a profile's rows (migration 012) have generations of their own.
const CONFIRMED = `host = @host AND outcome = 'succeeded' AND confirmed = 1 AND action = 'switch' AND to_generation IS NOT NULL AND profile IS NULL`;

/** A known good generation and where it sits among the deployment rows (an adoption sits just after the row newest when it was made). */
interface Candidate {
  readonly order: number;
  readonly lkg: LastKnownGood;
}

/**
 * Every known good system of `host`, newest first: confirmed activations and
 * the adoption when it was added, minus the systems the operator marked bad.
 */
function knownGood(db: SiteDb, host: string): Candidate[] {
  const confirmed = (
    db.prepare(`SELECT id, to_generation, to_toplevel, finished_at FROM deployment WHERE ${CONFIRMED}`).all({ host }) as Row[]
  ).map((r) => ({
    order: r.id,
    lkg: {
      generation: r.to_generation,
      toplevel: r.to_toplevel,
      deploymentId: r.id,
      confirmedAt: r.finished_at,
      source: 'confirmed' as const,
    },
  }));
  const adopted = listMarks(db, host, 'adopted').map((m) => ({
    order: m.afterDeployment + 0.5,
    lkg: { generation: m.generation, toplevel: m.toplevel, deploymentId: null, confirmedAt: m.at, source: 'adopted' as const },
  }));
  const bad = new Set(listMarks(db, host, 'bad').map((m) => `${m.generation} ${m.toplevel}`));
  return [...confirmed, ...adopted].filter((c) => !bad.has(`${c.lkg.generation} ${c.lkg.toplevel}`)).sort((a, b) => b.order - a.order);
}

/**
 * The latest change to `host`'s system: its newest successful deploy or switch
 * that moved the profile. Rollbacks are not changes here, so after an incident
 * the same question gives the same answer instead of bouncing forward again.
 */
export function latestChange(db: SiteDb, host: string): Deployment | undefined {
  const row = db
    .prepare(
      `SELECT id FROM deployment WHERE host = ? AND outcome = 'succeeded' AND kind IN ('deploy', 'switch') AND action IN ('switch', 'boot') AND profile IS NULL ORDER BY id DESC LIMIT 1`,
    )
    .get(host) as { id: number } | undefined;
  return row && getDeployment(db, row.id);
}

/**
 * The generation confirmed healthy (or adopted) before the latest change to
 * `host` (or before deployment `before`): the newest known good system older
 * than that change, other than the one the change brought, and not marked
 * bad. A host with no change on record answers its newest known good system
 * (what it was adopted running); undefined when nothing is known good.
 */
export function lastKnownGood(db: SiteDb, host: string, options: { readonly before?: number } = {}): LastKnownGood | undefined {
  const change = options.before === undefined ? latestChange(db, host) : getDeployment(db, options.before);
  const candidates = knownGood(db, host);
  if (!change && options.before === undefined) return candidates[0]?.lkg;
  if (!change || change.host !== host) return undefined;
  return candidates.find((c) => c.order < change.id && c.lkg.toplevel !== change.toToplevel)?.lkg;
}

/**
 * The known good generations worth protecting on `host`: the newest
 * LKG_KEPT_PER_HOST distinct confirmed generations (a number Nix reused for
 * another system counts once, with its newest system; a system marked bad
 * not at all), plus whatever lastKnownGood answers now (an adopted
 * generation too), so the incident target is always among them.
 */
export function protectedGenerations(db: SiteDb, host: string): LastKnownGood[] {
  const kept = new Map<number, LastKnownGood>();
  // An adoption only stands in until something is confirmed: it is protected while it is the answer below.
  for (const c of knownGood(db, host).filter((k) => k.lkg.source !== 'adopted')) {
    if (kept.size >= LKG_KEPT_PER_HOST) break;
    if (!kept.has(c.lkg.generation)) kept.set(c.lkg.generation, c.lkg);
  }
  const answer = lastKnownGood(db, host);
  if (answer && !kept.has(answer.generation)) kept.set(answer.generation, answer);
  return [...kept.values()];
}

export interface DeploymentRun {
  /** `<site>-<sequence>` of the newest bundle that changed a host. */
  readonly bundle: string;
  /** Each host that bundle changed, with its newest such deployment row. */
  readonly hosts: readonly { readonly host: string; readonly deploymentId: number }[];
}

/**
 * The latest deployment: the newest bundle a deploy succeeded with, and every
 * host it changed. Deploys carry no run id, so a bundle sent to some hosts
 * yesterday and others today counts as one deployment: the hosts that run it.
 */
export function latestDeploymentRun(db: SiteDb): DeploymentRun | undefined {
  const newest = db
    .prepare(
      `SELECT bundle FROM deployment WHERE kind = 'deploy' AND outcome = 'succeeded' AND action IN ('switch', 'boot') AND bundle IS NOT NULL AND profile IS NULL ORDER BY id DESC LIMIT 1`,
    )
    .get() as { bundle: string } | undefined;
  if (!newest) return undefined;
  const hosts = db
    .prepare(
      `SELECT host, MAX(id) AS deploymentId FROM deployment WHERE kind = 'deploy' AND outcome = 'succeeded' AND action IN ('switch', 'boot') AND bundle = ? AND profile IS NULL GROUP BY host ORDER BY host`,
    )
    .all(newest.bundle) as { host: string; deploymentId: number }[];
  return { bundle: newest.bundle, hosts };
}
