// Reads what PROBE_SCRIPT printed. Unknown lines are ignored (a newer script,
// a noisy login shell), and a field the host could not give is null rather
// than a guess.

export interface ProbedGeneration {
  readonly generation: number;
  /** Seconds since the epoch: the mtime of system-N-link, i.e. when it was made. */
  readonly mtime: number | null;
  readonly toplevel: string | null;
  readonly nixosVersion: string | null;
  readonly kernelVersion: string | null;
}

export interface ProbeFacts {
  readonly nixVersion: string | null;
  readonly current: string | null;
  readonly booted: string | null;
  readonly currentKernel: string | null;
  readonly bootedKernel: string | null;
  readonly defaultGeneration: number | null;
  /** Newest first. */
  readonly generations: readonly ProbedGeneration[];
  readonly freeBytesNix: number | null;
  /** `systemctl is-system-running`, or null without systemctl. */
  readonly systemState: string | null;
  /** The script ran to its last line; false means the output was cut short. */
  readonly complete: boolean;
}

const text = (value: string | undefined): string | null => (value === undefined || value.trim() === '' ? null : value.trim());

const whole = (value: string | undefined): number | null =>
  value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : null;

/** "nix-store (Nix) 2.18.8" → "2.18.8"; anything else is kept as printed. */
export function nixVersionOf(line: string | null): string | null {
  if (line === null) return null;
  return /\(Nix\)\s+(\S+)/.exec(line)?.[1] ?? line;
}

/** The kernel link's target, /nix/store/<hash>-linux-6.6.58/bzImage → "6.6.58". */
export function kernelVersionOf(link: string | null): string | null {
  if (link === null) return null;
  const pkg = link.split('/').at(-2) ?? '';
  return /^[0-9a-z]{32}-linux-(\d[^/]*)$/.exec(pkg)?.[1] ?? null;
}

/** "system-12-link" → 12. */
function generationOfLink(link: string | null): number | null {
  const m = link === null ? null : /(?:^|\/)system-(\d+)-link$/.exec(link);
  return m ? Number(m[1]) : null;
}

/** The Available column of `df -Pk` (counted from the end: a device name may hold spaces), in bytes. */
function freeBytes(line: string | undefined): number | null {
  const fields = (line ?? '').trim().split(/\s+/);
  const kib = fields.length >= 6 ? whole(fields[fields.length - 3]) : null;
  return kib === null ? null : kib * 1024;
}

export function parseProbeOutput(stdout: string): ProbeFacts {
  const one = new Map<string, string>();
  const generations: ProbedGeneration[] = [];
  let complete = false;
  for (const line of stdout.split('\n')) {
    const [key = '', ...values] = line.replace(/\r$/, '').split('\t');
    if (key === 'end') complete = true;
    else if (key === 'gen') {
      const generation = whole(values[0]);
      if (generation === null) continue;
      generations.push({
        generation,
        mtime: whole(values[1]),
        toplevel: text(values[2]),
        nixosVersion: text(values[3]),
        kernelVersion: kernelVersionOf(text(values[4])),
      });
    } else if (values.length > 0 && !one.has(key)) one.set(key, values.join('\t'));
  }
  return {
    nixVersion: nixVersionOf(text(one.get('nix'))),
    current: text(one.get('current')),
    booted: text(one.get('booted')),
    currentKernel: kernelVersionOf(text(one.get('current-kernel'))),
    bootedKernel: kernelVersionOf(text(one.get('booted-kernel'))),
    defaultGeneration: generationOfLink(text(one.get('default'))),
    generations: generations.sort((a, b) => b.generation - a.generation),
    freeBytesNix: freeBytes(one.get('df')),
    systemState: text(one.get('systemd')),
    complete,
  };
}
