// Site mirrors (cli.md "Site mirrors"): what the Offline cache screen lists,
// adds and publishes. The engine validates every field again (usecases/mirrors.ts).
import { z } from 'zod';

export const mirrorView = z.object({
  name: z.string(),
  url: z.string(),
  host: z.string().nullable(),
  path: z.string().nullable(),
  added: z.string(),
});
export type MirrorView = z.infer<typeof mirrorView>;

export const newMirror = z.object({
  name: z.string().min(1).max(63),
  url: z.string().min(1).max(2048),
  host: z.string().min(1).max(63).optional(),
  path: z.string().min(1).max(1024).optional(),
});
export type NewMirror = z.infer<typeof newMirror>;

export const mirrorName = z.object({ name: z.string().min(1).max(63) });
