// "Did you mean …?" for a mistyped command word or option: the closest known
// name by edit distance (a swap of two neighbours counts as one edit, so
// `depoly` finds `deploy`), or none when nothing is close enough to be a typo.

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => (d[i] as number[])[j] as number;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** The known name `typed` most likely meant: within a third of its length in edits (at least one), or the only one it begins. */
export function closestName(typed: string, known: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(typed.length / 3));
  const ranked = known.map((name) => ({ name, distance: editDistance(typed, name) })).sort((x, y) => x.distance - y.distance);
  const best = ranked[0];
  if (best && best.distance <= limit && ranked[1]?.distance !== best.distance) return best.name;
  const started = known.filter((name) => typed.length >= 3 && name.startsWith(typed));
  return started.length === 1 ? started[0] : undefined;
}
