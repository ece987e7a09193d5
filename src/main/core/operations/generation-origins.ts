// Who made each of a host's generations, by the deployment records: the
// deploy that first brought it in, with its station and operator. Rows read
// back from the host after a lost laptop carry the station that made them, so
// a replacement station shows the lost one's changes under its name.
import { listDeployments, type Deployment } from '../db/deployments';
import type { SiteDb } from '../db/open-database';
import type { GenerationInfo } from '../remote/probe-hosts';
import { stationId } from './station-id';

export interface GenerationOrigin {
  readonly station: string;
  readonly operator: string;
  readonly bundle: string | null;
  /** When the deploy finished (RFC 3339). */
  readonly at: string | null;
  /** Health checks passed and the host confirmed after it. */
  readonly confirmed: boolean;
}

const madeIt = (d: Deployment, g: GenerationInfo): boolean =>
  d.kind === 'deploy' && d.outcome === 'succeeded' && d.toGeneration === g.generation && d.toToplevel === g.toplevel;

/** For each generation (by number), the deploy that made it, or null when no record says (made outside Airlock, or pruned). */
export function generationOrigins(
  db: SiteDb,
  dataDir: string,
  host: string,
  generations: readonly GenerationInfo[],
): Map<number, GenerationOrigin | null> {
  const oldestFirst = listDeployments(db, { host, profile: null }).reverse();
  let own: string | undefined;
  const origins = new Map<number, GenerationOrigin | null>();
  for (const g of generations) {
    const d = oldestFirst.find((row) => madeIt(row, g));
    origins.set(
      g.generation,
      d === undefined
        ? null
        : {
            station: d.station ?? (own ??= stationId(dataDir)),
            operator: d.operator,
            bundle: d.bundle ?? null,
            at: d.finishedAt,
            confirmed: d.confirmed,
          },
    );
  }
  return origins;
}
