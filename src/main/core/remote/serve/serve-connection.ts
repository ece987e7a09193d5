// One ssh child running `nix-store --serve --write`: writes with backpressure,
// reads answers, and turns every way it can end (remote error, dropped link,
// ssh failure, abort) into one error that every pending and later call gets.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { RemoteHost } from '../remote-host';
import { sshPaths, sshRunArgv } from '../ssh-args';
import { ServeAbortedError, ServeError, sessionEnded } from './serve-errors';
import { WireReader } from './wire-reader';

/** Enough of the remote's stderr for its error line; a chatty remote cannot grow it without bound. */
const MAX_STDERR = 64 * 1024;

export class ServeConnection {
  readonly reader: WireReader;
  /** What Airlock is doing, for the message if the connection ends now. */
  doing = 'starting `nix-store --serve --write`';
  private failure: Error | undefined;
  private stderr = '';
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly dead: Promise<never>;
  private markDead: (error: Error) => void = () => undefined;
  readonly exited: Promise<void>;

  constructor(
    readonly host: RemoteHost,
    dataDir: string,
    signal?: AbortSignal,
  ) {
    const [program, ...args] = sshRunArgv(host, sshPaths(dataDir), ['nix-store', '--serve', '--write']);
    this.child = spawn(program as string, args, { stdio: ['pipe', 'pipe', 'pipe'], shell: false });
    this.reader = new WireReader(this.child.stdout);
    this.dead = new Promise<never>((_, reject) => (this.markDead = reject));
    this.dead.catch(() => undefined);
    this.child.stderr.setEncoding('utf8').on('data', (d: string) => (this.stderr = (this.stderr + d).slice(-MAX_STDERR)));
    // A remote that dies mid-write breaks the pipe; the exit status says why, so the EPIPE itself is not the story.
    this.child.stdin.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      this.child.on('error', (err) => {
        this.fail(new ServeError(host.name, `${host.name}: ssh could not start: ${err.message}`, ''));
        resolve();
      });
      this.child.on('close', (code, sig) => {
        signal?.removeEventListener('abort', this.onAbort);
        void sessionEnded(host, this.doing, code, sig, this.stderr).then((err) => this.fail(err));
        resolve();
      });
    });
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  get failed(): Error | undefined {
    return this.failure;
  }

  private readonly onAbort = (): void => {
    this.kill(new ServeAbortedError(this.host.name, `${this.host.name}: cancelled while ${this.doing}; ssh was stopped`, this.stderr));
  };

  /** Ends the connection with `error`; the remote sees its input end and registers nothing half-sent. */
  kill(error: Error): void {
    this.fail(error);
    this.child.kill('SIGKILL');
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.reader.fail(error);
    this.markDead(error);
  }

  /** Writes, waiting while ssh's pipe is full, so a NAR streams at the link's pace and never piles up here. */
  async write(chunk: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.child.stdin.write(chunk)) {
      await Promise.race([new Promise((resolve) => this.child.stdin.once('drain', resolve)), this.dead]);
    }
  }

  /** Ends our input: the remote's command loop sees end of file and exits normally. */
  async end(): Promise<void> {
    this.doing = 'closing the session';
    this.child.stdin.end();
    await this.exited;
  }
}
