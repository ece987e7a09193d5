// Long jobs (verify, import, cache verify): started by a call that answers at
// once with the job, then followed through events until they end.
import { z } from 'zod';

export const jobKind = z.enum(['bundle-verify', 'cache-import', 'cache-verify', 'mirror-publish']);
export type JobKind = z.infer<typeof jobKind>;

export const jobProgress = z.object({
  bytesDone: z.number(),
  bytesTotal: z.number(),
  pathsDone: z.number().int(),
  pathsTotal: z.number().int(),
});
export type JobProgress = z.infer<typeof jobProgress>;

export const jobStatus = z.enum(['running', 'done', 'refused', 'failed', 'cancelled']);
export type JobStatus = z.infer<typeof jobStatus>;

export const jobView = z.object({
  id: z.string(),
  kind: jobKind,
  /** What it works on: a bundle folder, a cache. */
  subject: z.string(),
  started: z.string(),
  status: jobStatus,
  progress: jobProgress,
  /** The outcome in a sentence, once it ended. */
  message: z.string().nullable(),
  /** The bundle-format.md rule a refused bundle broke. */
  rule: z.number().int().nullable(),
  /** Further lines: damaged paths, signers, systems. */
  details: z.array(z.string()),
});
export type JobView = z.infer<typeof jobView>;

export const folderInput = z.object({ folder: z.string().min(1).max(4096) });
