// The progress bar against a fake terminal: the one edge no real test reaches
// (a test's stderr is a pipe). A fake clock drives redraws and the rate.
import { describe, expect, it } from 'vitest';
import { createProgressBar, formatDuration, renderProgressLine, type ProgressStream } from '../../src/cli/progress-bar';
import type { Progress } from '../../src/main/core/jobs/progress';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

function fakeTerminal(columns = 100, isTTY = true): ProgressStream & { writes: string[] } {
  const writes: string[] = [];
  const stream = { isTTY, columns, write: (text: string) => writes.push(text) } satisfies ProgressStream;
  return Object.assign(stream, { writes });
}

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

const at = (bytesDone: number, pathsDone = 0, phase?: string): Progress => ({
  bytesDone,
  bytesTotal: 4 * GiB,
  pathsDone,
  pathsTotal: 40,
  phase,
});

describe('createProgressBar on a terminal', () => {
  it('shows bytes, paths, rate and ETA on one line redrawn in place', () => {
    const term = fakeTerminal();
    const c = clock();
    const bar = createProgressBar(term, { now: c.now });
    bar.update(at(0, 0, 'copying'));
    c.advance(2000);
    bar.update(at(200 * MiB, 3, 'copying'));
    expect(term.writes).toHaveLength(2);
    const line = term.writes[1] as string;
    expect(line.startsWith('\r\x1b[K')).toBe(true);
    expect(line).toContain('copying');
    expect(line).toContain('200 MiB / 4 GiB');
    expect(line).toContain('3/40 paths');
    expect(line).toContain('100 MiB/s');
    // (4096 − 200) MiB at 100 MiB/s: 38.96 s, shown rounded up.
    expect(line).toContain('ETA 0:39');
    expect(line).toMatch(/\[#+-+\] {2}4%/);
    expect(line).not.toContain('\n');
  });

  it('redraws at most about ten times a second however often it is told', () => {
    const term = fakeTerminal();
    const c = clock();
    const bar = createProgressBar(term, { now: c.now });
    for (let i = 0; i < 1000; i++) {
      bar.update(at(i * MiB));
      c.advance(1); // 1000 updates over one second
    }
    expect(term.writes.length).toBeGreaterThanOrEqual(9);
    expect(term.writes.length).toBeLessThanOrEqual(11);
  });

  it('clears its line at the end, once, and ignores updates after that', () => {
    const term = fakeTerminal();
    const c = clock();
    const bar = createProgressBar(term, { now: c.now });
    bar.update(at(MiB));
    bar.finish();
    bar.finish();
    c.advance(1000);
    bar.update(at(2 * MiB));
    expect(term.writes.slice(1)).toEqual(['\r\x1b[K']);
  });

  it('writes nothing at all to finish work that never drew', () => {
    const term = fakeTerminal();
    createProgressBar(term).finish();
    expect(term.writes).toEqual([]);
  });

  it('never writes past the last column but one, dropping whole fields as the terminal narrows', () => {
    const c = clock();
    const lineAt = (columns: number): string => {
      const term = fakeTerminal(columns);
      const bar = createProgressBar(term, { now: c.now });
      bar.update(at(0, 0, 'verifying'));
      c.advance(1000);
      bar.update(at(1.5 * GiB, 12, 'verifying'));
      return (term.writes[1] as string).slice('\r\x1b[K'.length);
    };
    const fields = (line: string): string[] => line.split('  ').map((f) => (f.startsWith('[') ? '[bar]' : f));
    const wide = lineAt(200);
    expect(fields(wide)).toEqual(['verifying', '[bar]', '37%', '1.5 GiB / 4 GiB', '12/40 paths', '1.5 GiB/s', 'ETA 0:02']);
    for (const columns of [100, 80, 60, 40, 24, 12]) {
      const line = lineAt(columns);
      expect(line.length, `${columns} columns: ${line}`).toBeLessThanOrEqual(columns - 1);
      // Whole fields or none: never "1.5 GiB" cut from its "/s".
      if (columns >= 24) for (const f of fields(line)) expect(fields(wide), `${columns} columns: ${line}`).toContain(f);
      if (columns >= 40) expect(line, `${columns} columns`).toMatch(/1\.5 GiB \/ 4 GiB {2}.*ETA 0:02$/);
      if (columns >= 24) expect(line).toMatch(/^(verifying {2})?(\[#+-+\] {2})?(37% {2})?1\.5 GiB \/ 4 GiB/);
    }
  });
});

describe('createProgressBar elsewhere', () => {
  it('prints nothing when stderr is not a terminal (a pipe, a log file, CI)', () => {
    for (const stream of [fakeTerminal(80, false), { write: () => true, columns: 80 }]) {
      const writes: string[] = [];
      const bar = createProgressBar({ ...stream, write: (t: string) => writes.push(t) });
      bar.update(at(MiB, 1));
      bar.finish();
      expect(writes).toEqual([]);
    }
  });
});

describe('renderProgressLine', () => {
  it('without a known total shows bytes so far and no bar, and no ETA until there is a rate', () => {
    const line = renderProgressLine({ bytesDone: 5 * MiB, bytesTotal: 0, pathsDone: 2, pathsTotal: 9 }, null, 79);
    expect(line).toBe('5 MiB  2/9 paths  ETA --:--');
  });

  it('formats durations as m:ss and h:mm:ss', () => {
    expect([0, 59.2, 61, 3600, 3 * 3600 + 5 * 60 + 7, 400 * 3600, NaN].map(formatDuration)).toEqual([
      '0:00',
      '1:00',
      '1:01',
      '1:00:00',
      '3:05:07',
      '>99h',
      '--:--',
    ]);
  });
});
