// Which generation a host runs now, said once for the engine, the command line
// and the screens: the one /run/current-system points at, preferring the
// profile's default when two generations hold the same system.

interface GenerationFlags {
  readonly current: boolean;
  readonly default: boolean;
}

export function runningGeneration<G extends GenerationFlags>(generations: readonly G[]): G | undefined {
  return generations.find((g) => g.current && g.default) ?? generations.find((g) => g.current);
}
