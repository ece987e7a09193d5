// What a push reports while it runs and when it ends, whichever way it sends.

export interface PushProgress {
  readonly bytesSent: number;
  readonly bytesTotal: number;
  readonly pathsSent: number;
  readonly pathsTotal: number;
}

/** 'mirror': the host pulled from a site mirror; nothing crossed the laptop's link but the command. */
export type PushMethod = 'substitute' | 'serve' | 'mirror';

/** What a host fetched from a site mirror (deploy --mirror), or why it could not when the laptop pushed instead. */
export interface MirrorFetch {
  readonly name: string;
  readonly url: string;
  /** Paths the host lacked and took from the mirror, and their compressed size as the mirror serves them. */
  readonly pathsFetched: number;
  readonly bytesFetched: number;
  /** Set when the host could not pull from the mirror and the laptop pushed instead (--mirror-fallback push). */
  readonly problem: string | null;
}

export interface PushOutcome {
  readonly method: PushMethod;
  readonly pathsSent: number;
  /** Bytes of NAR data that left the laptop: compressed when substituting, whole NARs over the serve protocol. */
  readonly bytesSent: number;
  /** With deploy --mirror: what the host took from the mirror (pathsSent and bytesSent count only the laptop's). */
  readonly mirror?: MirrorFetch;
}
