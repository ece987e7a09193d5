// How far a long operation has got, as every face shows it: the CLI's bar on a
// terminal, the app's progress panel. Plain numbers, so it crosses worker and
// process boundaries as is.
export interface Progress {
  readonly bytesDone: number;
  /** 0 when not known yet (still counting). */
  readonly bytesTotal: number;
  readonly pathsDone: number;
  readonly pathsTotal: number;
  /** A word or two for what is happening now, e.g. 'verifying', 'copying'. */
  readonly phase?: string;
}
