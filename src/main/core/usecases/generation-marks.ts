// Marking a host's generation bad (and taking the mark back): a generation
// marked bad stops counting as last known good, so an incident does not go
// back to it and cleaning no longer keeps it for that reason. The system is
// named by what Airlock recorded for that number, else by what the host says.
import { SiteRefusal } from '../db/db-errors';
import {
  listMarks,
  markGenerationBad as storeBadMark,
  recordedSystem,
  unmarkGenerationBad as dropBadMark,
  type GenerationMark,
} from '../db/generation-marks';
import { requireHost } from '../db/hosts';
import { remoteHostOf } from '../operations/remote-host-of';
import { probeHost } from '../remote/probe-hosts';
import type { UseCaseContext } from './context';
import { BadInputError } from './refusals';

export interface MarkedBad {
  readonly host: string;
  readonly generation: number;
  readonly toplevel: string;
  readonly reason: string | null;
}

function generationNumber(generation: number | string): number {
  const n = typeof generation === 'number' ? generation : Number(generation);
  if (!Number.isSafeInteger(n) || n < 1 || !/^\d+$/.test(String(generation)))
    throw new BadInputError(`'${String(generation)}' is not a generation number (see \`airlock generations HOST\`)`);
  return n;
}

/** Marks generation `generation` of `host` bad; audited as 'generation.mark-bad'. */
export async function markGenerationBad(
  uc: UseCaseContext,
  host: string,
  generation: number | string,
  reason?: string,
): Promise<MarkedBad> {
  const db = uc.db();
  const record = requireHost(db, host);
  const n = generationNumber(generation);
  let toplevel = recordedSystem(db, record.name, n);
  if (toplevel === undefined) {
    const probe = await probeHost(uc.transport, remoteHostOf(record));
    toplevel = probe.generations.find((g) => g.generation === n)?.toplevel ?? undefined;
    if (toplevel === undefined)
      throw new SiteRefusal(
        `${record.name} has no generation ${n} in Airlock's records${probe.reachable ? ' or on the host' : ` and cannot be asked (${probe.error ?? 'unreachable'})`}; nothing was marked (see \`airlock generations ${record.name}\`)`,
      );
  }
  const why = reason?.trim() ? reason.trim() : null;
  storeBadMark(db, { host: record.name, generation: n, toplevel }, why);
  return { host: record.name, generation: n, toplevel, reason: why };
}

/** Takes back a bad mark: the generation counts as known good again if its records say so; audited as 'generation.unmark-bad'. */
export function unmarkGenerationBad(uc: UseCaseContext, host: string, generation: number | string): { host: string; generation: number } {
  const db = uc.db();
  const record = requireHost(db, host);
  const n = generationNumber(generation);
  dropBadMark(db, record.name, n);
  return { host: record.name, generation: n };
}

/** The host's generations marked bad, newest first. */
export function listBadMarks(uc: UseCaseContext, host: string): readonly GenerationMark[] {
  const db = uc.db();
  return listMarks(db, requireHost(db, host).name, 'bad');
}
