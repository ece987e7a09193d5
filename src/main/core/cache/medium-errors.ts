// Filesystem errors while writing to a medium, in words an operator can act on.
// Everything already in the cache stays whole whatever happens (each path is
// written NAR first, narinfo last, both renamed into place only when flushed).

import { MEDIUM_GONE_CODES as GONE } from '../files/medium-gone';
import { Refusal } from '../refusal-error';

export class MediumError extends Refusal {
  override readonly name = 'MediumError';
  override readonly code = 'medium';
}

/** Translates a write error on the cache's medium, or returns undefined when it is something else. */
export function mediumProblem(err: unknown, root: string): MediumError | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new MediumError(
      `the medium holding ${root} is full; nothing in the cache was damaged. Free space (airlock cache gc) or use a larger medium, then run the import again`,
    );
  }
  if (code === 'ENOENT' && err instanceof Error && err.message.includes(root)) {
    return new MediumError(
      `the cache at ${root} disappeared during the import (was the medium unplugged?); nothing already in it was damaged. Plug it back in and run the import again to finish`,
    );
  }
  if (code && GONE.has(code)) {
    return new MediumError(
      `the medium holding ${root} stopped answering (${code}: unplugged or failing?); nothing already in the cache was damaged. Plug it back in and run the import again to finish`,
    );
  }
  return undefined;
}
