// Long work shows progress on stderr when it is a terminal (cli.md,
// Conventions): the engine's progress reports, as bytes and paths done of
// their totals, drawn on the CLI's bar, which is cleared before anything else
// is printed (an error included).
import type { CommandContext } from './command';
import { createProgressBar } from './progress-bar';
import type { FileProgress as Progress, VerifyProgress } from '../main/core/usecases/cache';

/** A report of NAR files checked (import, bundle and cache verify): the files are store paths. */
export function fromFileProgress(p: VerifyProgress, phase: string): Progress {
  return { bytesDone: p.bytes, bytesTotal: p.totalBytes, pathsDone: p.files, pathsTotal: p.totalFiles, phase };
}

/** Runs `work`, drawing what it reports on stderr's bar (nothing when stderr is not a terminal). */
export async function withFileProgress<T>(
  ctx: CommandContext,
  phase: string,
  work: (onProgress: (p: VerifyProgress) => void) => Promise<T>,
): Promise<T> {
  const bar = createProgressBar(ctx.stderr);
  try {
    return await work((p) => bar.update(fromFileProgress(p, phase)));
  } finally {
    bar.finish();
  }
}
