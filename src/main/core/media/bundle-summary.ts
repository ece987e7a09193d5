// What a bundle folder on a medium claims to be, for a listing: only the fields
// an operator recognises it by. Nothing here is verified (that is
// `bundle verify`); a broken bundle is described, never thrown.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { MANIFEST_FILE, MAX_MANIFEST_BYTES } from '../bundle/bundle-layout';
import { lstatIfExists } from '../files/stat-if-exists';

export interface BundleSystemSummary {
  readonly host: string;
  readonly action: string;
}

export interface BundleSummary {
  readonly folder: string;
  readonly site: string;
  readonly sequence: number;
  readonly created: string;
  readonly expires: string | null;
  readonly description: string | null;
  readonly systems: readonly BundleSystemSummary[];
}

export interface BrokenBundle {
  readonly folder: string;
  readonly problem: string;
}

export type BundleReading = ({ readonly ok: true } & BundleSummary) | ({ readonly ok: false } & BrokenBundle);

// Loose on purpose: unknown fields and the paths list are ignored here.
const Summary = z.object({
  format: z.enum(['airlock-bundle/1', 'airlock-bundle/2']),
  site: z.string().min(1),
  sequence: z.number().int().positive(),
  created: z.string(),
  expires: z.string().optional(),
  description: z.string().optional(),
  systems: z.array(z.object({ host: z.string(), action: z.string().optional() })),
});

function broken(folder: string, problem: string): BundleReading {
  return { ok: false, folder, problem };
}

export async function readBundleSummary(folder: string): Promise<BundleReading> {
  const file = join(folder, MANIFEST_FILE);
  // lstat: a manifest that is a symlink points outside the bundle, which a bundle never does.
  const st = await lstatIfExists(file);
  if (!st) return broken(folder, `no ${MANIFEST_FILE} (an unfinished copy?)`);
  if (!st.isFile()) return broken(folder, `${MANIFEST_FILE} is not a regular file`);
  if (st.size > MAX_MANIFEST_BYTES) return broken(folder, `${MANIFEST_FILE} is larger than a manifest may be`);
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    // JSON.parse quotes the input it choked on, newlines and all: one line is enough for a listing.
    const why = (err as Error).message.replace(/\s+/g, ' ').slice(0, 120);
    return broken(folder, `${MANIFEST_FILE} cannot be read as JSON (${why})`);
  }
  const parsed = Summary.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return broken(folder, `${MANIFEST_FILE} is not an Airlock format 1 or 2 manifest (${where}${issue?.message ?? 'invalid'})`);
  }
  const m = parsed.data;
  return {
    ok: true,
    folder,
    site: m.site,
    sequence: m.sequence,
    created: m.created,
    expires: m.expires ?? null,
    description: m.description ?? null,
    systems: m.systems.map((s) => ({ host: s.host, action: s.action ?? 'switch' })),
  };
}
