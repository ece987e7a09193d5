// "Last known good" of one of a host's Nix profiles (issue 12), read from the
// deployment records like the system's (last-known-good.ts), on that
// profile's rows only: a profile generation is known good when an activation
// of it (deploy, switch or rollback) succeeded and was confirmed. Profiles
// have no adoption and no marks, so the answer is the newest confirmed
// generation older than the profile's latest change, other than what that
// change brought.
import { getDeployment, type Deployment } from '../db/deployments';
import type { LastKnownGood } from '../db/incident-types';
import type { SiteDb } from '../db/open-database';
import { LKG_KEPT_PER_HOST } from './last-known-good';

interface Row {
  readonly id: number;
  readonly to_generation: number;
  readonly to_toplevel: string;
  readonly finished_at: string;
}

/** Every confirmed generation of `profile` on `host`, newest first. */
function knownGood(db: SiteDb, host: string, profile: string): (LastKnownGood & { readonly deploymentId: number })[] {
  const rows = db
    .prepare(
      `SELECT id, to_generation, to_toplevel, finished_at FROM deployment
       WHERE host = ? AND profile = ? AND outcome = 'succeeded' AND confirmed = 1 AND action = 'switch' AND to_generation IS NOT NULL
       ORDER BY id DESC`,
    )
    .all(host, profile) as Row[];
  return rows.map((r) => ({
    generation: r.to_generation,
    toplevel: r.to_toplevel,
    deploymentId: r.id,
    confirmedAt: r.finished_at,
    source: 'confirmed' as const,
  }));
}

/** The latest change to `profile` on `host`: its newest successful deploy or switch (rollbacks are not changes here). */
export function latestProfileChange(db: SiteDb, host: string, profile: string): Deployment | undefined {
  const row = db
    .prepare(
      `SELECT id FROM deployment WHERE host = ? AND profile = ? AND outcome = 'succeeded' AND kind IN ('deploy', 'switch') AND action = 'switch' ORDER BY id DESC LIMIT 1`,
    )
    .get(host, profile) as { id: number } | undefined;
  return row && getDeployment(db, row.id);
}

/**
 * The generation of `profile` confirmed healthy before its latest change (or
 * before deployment `before`); with no change on record, its newest
 * confirmed one; undefined when nothing is known good.
 */
export function profileLastKnownGood(
  db: SiteDb,
  host: string,
  profile: string,
  options: { readonly before?: number } = {},
): LastKnownGood | undefined {
  const change = options.before === undefined ? latestProfileChange(db, host, profile) : getDeployment(db, options.before);
  const candidates = knownGood(db, host, profile);
  if (!change && options.before === undefined) return candidates[0];
  if (!change || change.host !== host || change.profile !== profile) return undefined;
  return candidates.find((c) => c.deploymentId < change.id && c.toplevel !== change.toToplevel);
}

/**
 * The generations of `profile` worth a GC root: the newest LKG_KEPT_PER_HOST
 * distinct confirmed ones (a reused number counts once, with its newest
 * path), plus what profileLastKnownGood answers now.
 */
export function protectedProfileGenerations(db: SiteDb, host: string, profile: string): LastKnownGood[] {
  const kept = new Map<number, LastKnownGood>();
  for (const c of knownGood(db, host, profile)) {
    if (kept.size >= LKG_KEPT_PER_HOST) break;
    if (!kept.has(c.generation)) kept.set(c.generation, c);
  }
  const answer = profileLastKnownGood(db, host, profile);
  if (answer && !kept.has(answer.generation)) kept.set(answer.generation, answer);
  return [...kept.values()];
}
