// The progress bar cli.md asks for: on stderr only when it is a terminal, so a
// script or a log file never fills with carriage returns. One line, redrawn in
// place at most about ten times a second, and cleared when the work ends.
import type { FileProgress as Progress } from '../main/core/usecases/cache';
import { formatBytes } from '../shared/format';

/** What the bar needs of a stream; process.stderr is one, and so is a test's fake terminal. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export interface ProgressBar {
  update(progress: Progress): void;
  /** Clears the line; later updates are ignored. */
  finish(): void;
}

export interface ProgressBarOptions {
  readonly now?: () => number;
  readonly minRedrawMs?: number;
}

const QUIET: ProgressBar = { update: () => undefined, finish: () => undefined };
/** The rate is measured over the last few seconds, so a slow start does not skew the ETA for long. */
const RATE_WINDOW_MS = 5_000;
const MIN_RATE_SPAN_MS = 500;
const CLEAR_LINE = '\r\x1b[K';

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  if (seconds >= 100 * 3600) return '>99h';
  const s = Math.ceil(seconds);
  const [h, m, rest] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const mmss = `${h > 0 ? String(m).padStart(2, '0') : m}:${String(rest).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** One line of at most `width` characters: [####----] 42%  1.2 GiB / 3 GiB  12/40 paths  30 MiB/s  ETA 1:02 */
export function renderProgressLine(p: Progress, bytesPerSecond: number | null, width: number): string {
  const known = p.bytesTotal > 0;
  const fraction = known ? Math.min(1, Math.max(0, p.bytesDone / p.bytesTotal)) : 0;
  const remaining = known && bytesPerSecond ? Math.max(0, p.bytesTotal - p.bytesDone) / bytesPerSecond : NaN;
  // Listed in the order they are given up when the terminal is narrow: the bar,
  // then the rate, the percentage, the paths and the phase. A field is dropped
  // whole, never cut, so "1.6 GiB/s" cannot turn into "1.6 GiB".
  const fields: { readonly text: string | null; readonly keep: number }[] = [
    { text: p.phase ?? null, keep: 1 },
    { text: known ? '[bar]' : null, keep: 5 },
    { text: known ? `${Math.floor(fraction * 100)}%` : null, keep: 3 },
    { text: known ? `${formatBytes(p.bytesDone)} / ${formatBytes(p.bytesTotal)}` : formatBytes(p.bytesDone), keep: 0 },
    { text: `${p.pathsDone}/${p.pathsTotal} paths`, keep: 2 },
    { text: bytesPerSecond !== null ? `${formatBytes(bytesPerSecond)}/s` : null, keep: 4 },
    { text: `ETA ${formatDuration(remaining)}`, keep: 0 },
  ];
  let shown = fields.filter((f): f is { text: string; keep: number } => f.text !== null);
  const length = (list: typeof shown, bar: number): number =>
    list.reduce((n, f) => n + (f.text === '[bar]' ? bar + 2 : f.text.length) + 2, -2);
  while (length(shown, 10) > width && shown.some((f) => f.keep > 0)) {
    const drop = shown.reduce((a, b) => (b.keep > a.keep ? b : a));
    shown = shown.filter((f) => f !== drop);
  }
  // Still too wide for bytes and ETA together: the bytes stay, a cut "ETA 0:" would mislead.
  while (length(shown, 10) > width && shown.length > 1) shown = shown.slice(0, -1);
  const barWidth = Math.min(30, 10 + width - length(shown, 10));
  const filled = Math.round(fraction * barWidth);
  const text = shown.map((f) => (f.text === '[bar]' ? `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]` : f.text)).join('  ');
  return text.slice(0, Math.max(0, width));
}

/** A bar on `stream` if it is a terminal, otherwise one that prints nothing. */
export function createProgressBar(stream: ProgressStream, options: ProgressBarOptions = {}): ProgressBar {
  if (stream.isTTY !== true) return QUIET;
  const now = options.now ?? Date.now;
  const minRedrawMs = options.minRedrawMs ?? 100;
  const samples: { t: number; bytes: number }[] = [];
  let lastDraw = -Infinity;
  let drawn = false;
  let finished = false;

  const rate = (): number | null => {
    const first = samples[0];
    const last = samples[samples.length - 1];
    if (!first || !last || last.t - first.t < MIN_RATE_SPAN_MS) return null;
    return Math.max(0, ((last.bytes - first.bytes) * 1000) / (last.t - first.t));
  };

  return {
    update(progress) {
      if (finished) return;
      const t = now();
      samples.push({ t, bytes: progress.bytesDone });
      while (samples.length > 2 && (samples[1] as { t: number }).t <= t - RATE_WINDOW_MS) samples.shift();
      if (t - lastDraw < minRedrawMs) return;
      lastDraw = t;
      drawn = true;
      // The last column is left empty: writing into it makes some terminals wrap.
      const width = (stream.columns && stream.columns > 0 ? stream.columns : 80) - 1;
      stream.write(`${CLEAR_LINE}${renderProgressLine(progress, rate(), width)}`);
    },
    finish() {
      if (finished) return;
      finished = true;
      if (drawn) stream.write(CLEAR_LINE);
    },
  };
}
