// The CLI's adapter from the engine's progress reports to the terminal bar
// (a fake terminal: a test's stderr is a pipe, where the bar stays silent).
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/cli/command';
import { fromFileProgress, withFileProgress } from '../../src/cli/progress';
import { createUseCaseContext } from '../../src/main/core/usecases/context';

function contextOn(isTTY: boolean): { ctx: CommandContext; writes: string[] } {
  const writes: string[] = [];
  const stderr = { isTTY, columns: 120, write: (text: string) => writes.push(text) };
  const ctx = {
    positionals: [],
    options: {},
    global: { dataDir: undefined, cache: undefined, json: false },
    // Never opened: these tests touch no site.
    uc: createUseCaseContext({ dataDir: '/nonexistent/airlock-progress-test' }),
    stdout: process.stdout,
    stderr: stderr as unknown as NodeJS.WritableStream,
  } satisfies CommandContext;
  return { ctx, writes };
}

describe('withFileProgress', () => {
  it('shows NAR files as paths and bytes of the totals, then clears the line', async () => {
    const { ctx, writes } = contextOn(true);
    const result = await withFileProgress(ctx, 'importing', async (onProgress) => {
      onProgress({ bytes: 3 * 1024 * 1024, files: 2, totalBytes: 12 * 1024 * 1024, totalFiles: 5 });
      return 'done';
    });
    expect(result).toBe('done');
    expect(writes).toHaveLength(2);
    expect(writes[0]).toContain('importing');
    expect(writes[0]).toContain('3 MiB / 12 MiB');
    expect(writes[0]).toContain('2/5 paths');
    expect(writes[1]).toBe('\r\x1b[K');
  });

  it('clears the line before an error is printed, and draws nothing off a terminal', async () => {
    const tty = contextOn(true);
    const failing = withFileProgress(tty.ctx, 'verifying', async (onProgress) => {
      onProgress({ bytes: 1, files: 0, totalBytes: 2, totalFiles: 1 });
      throw new Error('medium gone');
    });
    await expect(failing).rejects.toThrow('medium gone');
    expect(tty.writes.at(-1)).toBe('\r\x1b[K');
    const pipe = contextOn(false);
    await withFileProgress(pipe.ctx, 'verifying', async (onProgress) => onProgress({ bytes: 1, files: 1, totalBytes: 1, totalFiles: 1 }));
    expect(pipe.writes).toEqual([]);
  });

  it('maps a report field by field', () => {
    expect(fromFileProgress({ bytes: 10, files: 1, totalBytes: 20, totalFiles: 3 }, 'verifying')).toEqual({
      bytesDone: 10,
      bytesTotal: 20,
      pathsDone: 1,
      pathsTotal: 3,
      phase: 'verifying',
    });
  });
});
