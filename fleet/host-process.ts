// Starting and stopping a host's sshd. Every process a host runs (sshd, its
// sessions, a hung activation, a watchdog) lives in the host's private mount
// namespace, so stopping a host means: signal, by pid, each process whose
// /proc/PID/ns/mnt is that namespace. Nothing is looked up by name.
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { hostPaths } from './paths';
import { inBootedHostNamespace, run } from './run';
import { inLinkNamespace, type SiteLink } from './site-link';

function mountNamespaceOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/ns/mnt`);
  } catch {
    return undefined; // gone, or not ours to see
  }
}

/** Alive and not a zombie waiting for a parent that never reaps it. */
export function isAlive(pid: number): boolean {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

/** Pids of every live process in the given mount namespace. */
export function processesInNamespace(namespace: string): number[] {
  // Never the machine's own namespace: that would be every process on it.
  if (namespace === readlinkSync('/proc/self/ns/mnt'))
    throw new Error(`refusing to stop processes of the machine's own namespace ${namespace}`);
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => pid > 1 && pid !== process.pid && mountNamespaceOf(pid) === namespace);
}

async function waitFor(what: string, timeoutMs: number, ready: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

function portAccepts(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

export interface RunningSshd {
  readonly pid: number;
  readonly mountNamespace: string;
}

/**
 * Starts the host's sshd in a fresh private mount namespace (inside the netns
 * of its site link, when it has one) and waits until it accepts connections
 * at `address`, as seen from the machine.
 */
export async function startSshd(hostDir: string, port: number, address = '127.0.0.1', link?: SiteLink): Promise<RunningSshd> {
  const { sshdPidFile } = hostPaths(hostDir);
  rmSync(sshdPidFile, { force: true });
  // sshd daemonizes: this returns once the listener has forked off.
  run(inLinkNamespace(link, inBootedHostNamespace(hostDir, ['/usr/sbin/sshd', '-f', '/run/sshd_config'])));
  const { pid } = await waitForSshd(hostDir, port, address);
  const mountNamespace = mountNamespaceOf(pid);
  if (!mountNamespace || mountNamespace === readlinkSync('/proc/self/ns/mnt')) {
    throw new Error(`sshd ${pid} of ${hostDir} did not stay up in a private mount namespace`);
  }
  return { pid, mountNamespace };
}

/**
 * Waits until the host's sshd has written its pid file and accepts
 * connections. `machinePid` maps the pid it wrote to the machine's numbering
 * (a host with a PID namespace of its own writes its own numbers).
 */
export async function waitForSshd(
  hostDir: string,
  port: number,
  address: string,
  machinePid = (pid: number): number | undefined => pid,
): Promise<{ readonly pid: number }> {
  const { sshdPidFile } = hostPaths(hostDir);
  let pid: number | undefined;
  await waitFor(`${sshdPidFile}`, 10_000, () => {
    const text = existsSync(sshdPidFile) ? readFileSync(sshdPidFile, 'utf8').trim() : '';
    pid = text ? machinePid(Number(text)) : undefined;
    return pid !== undefined;
  });
  await waitFor(`sshd on ${address}:${port}`, 10_000, () => portAccepts(address, port));
  return { pid: pid as number };
}

/** Stops every process of the host (TERM, then KILL after a grace period); returns the pids it signalled. */
export async function stopHostProcesses(namespace: string, knownPids: readonly number[] = []): Promise<number[]> {
  const pids = [...new Set([...processesInNamespace(namespace), ...knownPids.filter((p) => mountNamespaceOf(p) === namespace)])];
  const signal = (sig: NodeJS.Signals): void => {
    for (const pid of pids) {
      try {
        process.kill(pid, sig);
      } catch {
        // already gone
      }
    }
  };
  signal('SIGTERM');
  try {
    await waitFor('host processes to exit', 3000, () => pids.every((p) => !isAlive(p)));
  } catch {
    signal('SIGKILL');
    await waitFor('host processes to die', 3000, () => pids.every((p) => !isAlive(p)));
  }
  return pids;
}
