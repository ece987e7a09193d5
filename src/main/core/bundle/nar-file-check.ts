// Rule 7 of bundle-format.md, for one NAR file and for many at once: the file
// is read exactly once, without following a symlink; its bytes are hashed
// (FileHash), decompressed, hashed again (NarHash) and parsed as canonical NAR.
// When importing, the very bytes that were hashed are written to `copyTo` as
// they are read, so what lands in the cache is what was checked, even if the
// file on the stick changes meanwhile (rule 9).
import { runJobs, runJobsSettled } from '../jobs/worker-pool';
import { DurableBatch } from '../files/durable-batch';
import type { SerializedError } from '../jobs/worker-protocol';

export interface NarFileExpectation {
  /** A narinfo's Compression: none, xz, zstd, bzip2, gzip, br. */
  readonly compression: string;
  /** `sha256:<nix32>` of the file as stored, when the narinfo gives it. */
  readonly fileHash?: string;
  readonly fileSize?: number;
  /** `sha256:<nix32>` of the decompressed NAR. */
  readonly narHash: string;
  readonly narSize: number;
}

export interface NarFileJob {
  readonly file: string;
  readonly expected: NarFileExpectation;
  /**
   * When set, the exact bytes read are written to a `.partial-` file beside
   * this name, and renamed to it only once the file has passed every check and
   * been flushed to the medium (checkNarFiles flushes the copies in batches:
   * files/durable-batch.ts); so a file at this name is always whole and checked
   * (import-resume.ts relies on it). Nothing is left at either name on failure.
   */
  readonly copyTo?: string;
}

export class NarFileProblem extends Error {
  override readonly name = 'NarFileProblem';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

/** The file could not be read at all: its medium is gone or failing (EIO, ENOTCONN…), which says nothing about the bundle. */
export class NarFileUnreadable extends Error {
  override readonly name = 'NarFileUnreadable';
  constructor(
    readonly file: string,
    readonly errno: string,
  ) {
    super(`${file}: cannot be read (${errno})`);
  }
}

/** Bytes of file read so far, sent by the workers as they go. */
export interface NarCheckProgress {
  readonly bytes: number;
  readonly files: number;
}

export interface CheckOptions {
  readonly onProgress?: (progress: NarCheckProgress) => void;
  readonly signal?: AbortSignal;
  readonly concurrency?: number;
}

function revive(error: SerializedError): Error {
  if (error.name === 'NarFileProblem') return new NarFileProblem(String(error.fields.file), String(error.fields.problem));
  if (error.name === 'NarFileUnreadable') return new NarFileUnreadable(String(error.fields.file), String(error.fields.errno));
  // Anything else (a write to the cache failing: ENOSPC, EIO…) keeps its code and path.
  return Object.assign(new Error(error.message), error.fields, { name: error.name });
}

function poolOptions(options: CheckOptions) {
  let bytes = 0;
  let files = 0;
  return {
    concurrency: options.concurrency,
    signal: options.signal,
    reviveError: revive,
    weight: (job: unknown) => {
      const { expected } = job as NarFileJob;
      return expected.fileSize ?? expected.narSize;
    },
    onProgress: (p: unknown) => {
      const step = p as { bytes?: number; done?: boolean };
      bytes += step.bytes ?? 0;
      if (step.done) files++;
      options.onProgress?.({ bytes, files });
    },
  };
}

/**
 * Checks every job in worker threads (both cores); rejects with NarFileProblem
 * on the first bad file. When it resolves, every copy is at its `copyTo` name,
 * whole and flushed. The workers write the copies without flushing them, and
 * go on to the next file; here the copies are flushed and named a batch at a
 * time (one durable point per batch, not a flush per file that the worker
 * waits for). After a bad file nothing more is named and the copies not yet
 * named are removed; after any other failure (a medium full or pulled, a
 * cancel) the copies already whole are flushed and named if the medium still
 * takes it, so that an interrupted import resumes from them (import-resume.ts).
 */
export async function checkNarFiles(jobs: readonly NarFileJob[], options: CheckOptions = {}): Promise<void> {
  const stopOnFailure = new AbortController();
  const batch = new DurableBatch((err) => stopOnFailure.abort(err));
  const signal = options.signal ? AbortSignal.any([options.signal, stopOnFailure.signal]) : stopOnFailure.signal;
  try {
    await runJobs<NarFileJob, string | null>('nar-file-check', jobs, {
      ...poolOptions({ ...options, signal }),
      onResult: (partial, i) => {
        const job = jobs[i] as NarFileJob;
        if (typeof partial === 'string' && job.copyTo) batch.add(partial, job.copyTo, job.expected.fileSize ?? job.expected.narSize);
      },
    });
  } catch (err) {
    if (err instanceof NarFileProblem) await batch.discard();
    else await batch.finish().catch(() => batch.discard());
    // A copy that could not be placed (the medium full or gone) is what stopped the pool: say that, not "cancelled".
    throw stopOnFailure.signal.aborted && !options.signal?.aborted ? (stopOnFailure.signal.reason as Error) : err;
  }
  await batch.finish();
}

/** Checks every job and returns each one's problem (undefined when whole), to list all damage at once. */
export async function checkEveryNarFile(jobs: readonly NarFileJob[], options: CheckOptions = {}): Promise<(NarFileProblem | undefined)[]> {
  // Copies are named only by checkNarFiles, which flushes them first.
  if (jobs.some((j) => j.copyTo !== undefined)) throw new Error('checkEveryNarFile only checks: copy with checkNarFiles');
  const settled = await runJobsSettled<NarFileJob, null>('nar-file-check', jobs, poolOptions(options));
  return settled.map((s) => {
    if (s.ok) return undefined;
    if (s.error instanceof NarFileProblem) return s.error;
    throw s.error;
  });
}
