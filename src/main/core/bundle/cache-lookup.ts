// What verification asks of the receiving offline cache: does it already hold
// a path, and as what? (Delta bundles, rule 8.) src/main/core/cache implements it.

export interface HeldPath {
  /** `sha256:<nix32>`, as in a narinfo. */
  readonly narHash: string;
  readonly narSize: number;
  /** Store path base names, sorted, as in a narinfo's References. */
  readonly references: readonly string[];
}

export interface CacheLookup {
  /** The path as the cache holds it (narinfo and complete NAR present), or undefined. */
  held(storePathBaseName: string): Promise<HeldPath | undefined>;
}
