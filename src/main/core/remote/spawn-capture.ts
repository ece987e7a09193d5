// Runs a program from an argument vector (never through a local shell) and
// collects its output, with an optional deadline and stdin.
import { spawn } from 'node:child_process';

export interface Captured {
  /** Exit status, or null when killed by a signal (the deadline included). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

export interface CaptureOptions {
  readonly input?: string | Buffer;
  readonly timeoutMs?: number;
}

export function spawnCapture(argv: readonly string[], options: CaptureOptions = {}): Promise<Captured> {
  const [program, ...args] = argv;
  if (program === undefined) return Promise.reject(new Error('nothing to run'));
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'], shell: false });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${program} could not start: ${err.message}`, { cause: err }));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
    // A remote that exits without reading its input closes the pipe early; that is not our failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
