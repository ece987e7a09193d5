// Runs argv on a host with a stream as its stdin: bytes go out at the link's
// pace (the pipe's backpressure), never held in memory whole. A cancel or a
// cut link kills ssh; what the remote wrote so far stays where it wrote it,
// which is what lets the caller resume.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { RemoteHost } from './remote-host';
import { sshPaths, sshRunArgv } from './ssh-args';
import { SshError } from './ssh-errors';
import { sshFailure, type RunResult } from './ssh-transport';

/** Enough of the remote's output for its answer or error line. */
const MAX_OUTPUT = 64 * 1024;

export async function streamToHost(
  dataDir: string,
  host: RemoteHost,
  argv: readonly string[],
  source: AsyncIterable<Uint8Array>,
  options: { readonly signal?: AbortSignal } = {},
): Promise<RunResult> {
  const [program, ...args] = sshRunArgv(host, sshPaths(dataDir), argv);
  const child = spawn(program as string, args, { stdio: ['pipe', 'pipe', 'pipe'], shell: false });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout = (stdout + d).slice(-MAX_OUTPUT)));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-MAX_OUTPUT)));
  // A remote that dies mid-write breaks the pipe; its exit status tells the story.
  child.stdin.on('error', () => undefined);
  const closed = new Promise<{ code: number | null }>((resolve, reject) => {
    child.on('error', (err) => reject(new SshError(host.name, `${host.name}: ssh could not start: ${err.message}`, '')));
    child.on('close', (code) => resolve({ code }));
  });
  const kill = (): void => void child.kill('SIGKILL');
  options.signal?.addEventListener('abort', kill, { once: true });
  if (options.signal?.aborted) kill();
  try {
    const feeding = (async () => {
      for await (const chunk of source) {
        if (child.exitCode !== null || child.signalCode !== null || options.signal?.aborted) return;
        // A cut link breaks the pipe (EPIPE): that is ssh's story to tell through its exit, not a failed read.
        if (!child.stdin.write(chunk)) await Promise.race([once(child.stdin, 'drain').catch(() => undefined), closed]);
      }
      child.stdin.end();
    })();
    // A failed local read stops ssh, so the remote never takes a short file for a whole one.
    const fed = feeding.then(
      () => undefined,
      (err: unknown) => {
        kill();
        return err;
      },
    );
    const { code } = await closed;
    const readFailure = await fed;
    if (readFailure !== undefined) throw readFailure;
    if (options.signal?.aborted) throw new SshError(host.name, `${host.name}: cancelled; ssh was stopped`, stderr);
    if (code === 255) throw await sshFailure(host, stderr);
    if (code === null) throw new SshError(host.name, `ssh to ${host.name} was killed (the link was cut?)`, stderr);
    return { code, stdout, stderr };
  } finally {
    options.signal?.removeEventListener('abort', kill);
  }
}
