// What a push reports while it runs and when it ends, whichever way it sends.

export interface PushProgress {
  readonly bytesSent: number;
  readonly bytesTotal: number;
  readonly pathsSent: number;
  readonly pathsTotal: number;
}

export type PushMethod = 'substitute' | 'serve';

export interface PushOutcome {
  readonly method: PushMethod;
  readonly pathsSent: number;
  /** Bytes of NAR data that crossed the link: compressed when substituting, whole NARs over the serve protocol. */
  readonly bytesSent: number;
}
