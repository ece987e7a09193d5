// Worker: checks (and, when importing, copies) one NAR file per job.
import { serveJobs } from '../jobs/worker-task';
import { checkNarFileHere } from '../bundle/nar-file-check-thread';
import type { NarFileJob } from '../bundle/nar-file-check';

serveJobs<NarFileJob, string | null>(async (job, report, signal) => {
  // Progress in steps of about 8 MiB, so the message channel stays quiet.
  let pending = 0;
  const partial = await checkNarFileHere(
    job,
    (bytes) => {
      pending += bytes;
      if (pending >= 8 << 20) {
        report({ bytes: pending });
        pending = 0;
      }
    },
    signal,
  );
  report({ bytes: pending, done: true });
  // The unflushed copy, for the caller to flush and name (nar-file-check.ts).
  return partial ?? null;
});
