// A fleet host with a real systemd as its PID 1: systemd-nspawn (Debian's
// systemd-container) boots the tree of systemd-tree.ts with the host's own
// /nix, and its run folder as /run, so that everything test-fleet.md says of
// a host still holds, and sshd runs as a unit. What a NixOS host does with
// systemd (systemd-run, systemctl is-system-running, failed units) then
// happens for real. Its processes share the container's mount namespace, so
// `down` still finds them all by namespace; the container's PID 1 is killed
// first, which ends every process of its PID namespace at once.
import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive, processesInNamespace, waitForSshd, type RunningSshd } from './host-process';
import { hostPaths } from './paths';
import { inLinkNamespace, type SiteLink } from './site-link';
import { prepareSystemdTree } from './systemd-tree';

export const NSPAWN = '/usr/bin/systemd-nspawn';

export interface RunningSystemd extends RunningSshd {
  /** systemd-nspawn, in the machine's namespaces. */
  readonly nspawnPid: number;
  /** The host's systemd (PID 1 inside), as the machine numbers it. */
  readonly initPid: number;
  readonly machine: string;
}

const parentOf = (pid: number): number | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
};

const commOf = (pid: number): string | undefined => {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
};

/** The machine's pid of the process the host's PID namespace calls `inner` (e.g. the pid in /run/sshd.pid). */
export function machinePidOf(namespace: string, inner: number): number | undefined {
  return processesInNamespace(namespace).find((pid) => {
    try {
      const nspid = /^NSpid:\s+(.*)$/m
        .exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
        ?.trim()
        .split(/\s+/);
      return Number(nspid?.at(-1)) === inner;
    } catch {
      return false;
    }
  });
}

async function until<T>(what: string, timeoutMs: number, probe: () => T | undefined, failed: () => string | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    const why = failed();
    if (why) throw new Error(`${what}: ${why}`);
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** Boots the host's systemd and waits until it is up (`running`) and sshd accepts at address:port. */
export async function bootSystemdHost(hostDir: string, port: number, address: string, link: SiteLink | undefined): Promise<RunningSystemd> {
  if (!existsSync(NSPAWN))
    throw new Error(`${NSPAWN} is missing: a systemd fleet host needs Debian's systemd-container (apt-get install systemd-container)`);
  const root = prepareSystemdTree(hostDir);
  const p = hostPaths(hostDir);
  // A boot starts with no systemd state and no sshd: what an earlier boot left in the run folder would be stale.
  for (const stale of ['systemd', 'user', 'nologin', 'sshd.pid']) rmSync(join(p.run, stale), { recursive: true, force: true });
  const machine = `airlock-${createHash('sha256').update(hostDir).digest('hex').slice(0, 10)}`;
  // nspawn's own tmpfs /run would hide the host's run folder: bind it beside, and over /run just before systemd starts.
  const argv = inLinkNamespace(link, [
    NSPAWN,
    '--quiet',
    '--directory',
    root,
    '--machine',
    machine,
    '--register=no',
    '--keep-unit',
    '--console=read-only',
    '--bind-ro=/usr',
    `--bind=${p.nix}:/nix`,
    `--bind=${p.run}:/fleet-run`,
    '/bin/sh',
    '-c',
    'mount --bind /fleet-run /run && exec /lib/systemd/systemd',
  ]);
  const logFile = join(hostDir, 'systemd-console.log');
  const log = openSync(logFile, 'w');
  const [cmd, ...args] = argv as [string, ...string[]];
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  const nspawnPid = child.pid;
  if (!nspawnPid) throw new Error(`${cmd} could not be started for ${hostDir}`);
  try {
    return await waitForBoot(hostDir, port, address, nspawnPid, logFile, machine);
  } catch (err) {
    // Not in the state file yet, so `down` would never find it: end it here.
    const initPid = childOf(nspawnPid);
    if (initPid !== undefined) await stopSystemdHost(readlinkSync(`/proc/${initPid}/ns/mnt`), initPid, nspawnPid).catch(() => undefined);
    else if (isAlive(nspawnPid)) process.kill(nspawnPid, 'SIGKILL');
    throw err;
  }
}

const childOf = (parent: number): number | undefined =>
  readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .find((n) => parentOf(n) === parent);

async function waitForBoot(
  hostDir: string,
  port: number,
  address: string,
  nspawnPid: number,
  logFile: string,
  machine: string,
): Promise<RunningSystemd> {
  const gone = (): string | undefined =>
    isAlive(nspawnPid) ? undefined : `systemd-nspawn exited: ${readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join(' / ')}`;
  const ownNamespace = readlinkSync('/proc/self/ns/mnt');
  const initPid = await until(
    "the host's systemd to start",
    10_000,
    () => {
      const pid = childOf(nspawnPid);
      // First the sh that binds /run, then (same pid) systemd.
      return pid !== undefined && commOf(pid) === 'systemd' ? pid : undefined;
    },
    gone,
  );
  const mountNamespace = readlinkSync(`/proc/${initPid}/ns/mnt`);
  if (mountNamespace === ownNamespace) throw new Error(`systemd ${initPid} of ${hostDir} is not in a namespace of its own`);
  // Boot done, and nothing failed: a host that comes up degraded would fail every deploy's health check.
  const bus = join(hostPaths(hostDir).run, 'systemd', 'private');
  await until(`${bus}`, 10_000, () => (existsSync(bus) ? true : undefined), gone);
  const argv = ['--target', String(initPid), '--mount', '--pid', '--', 'systemctl', 'is-system-running', '--wait'];
  const state = spawnSync('nsenter', argv, { encoding: 'utf8', timeout: 60_000 });
  if (state.stdout.trim() !== 'running') {
    const failed = spawnSync('nsenter', [...argv.slice(0, -2), '--failed', '--no-legend', '--plain'], { encoding: 'utf8' }).stdout.trim();
    throw new Error(
      `${hostDir} booted, but its systemd says "${state.stdout.trim() || state.stderr.trim()}" (failed units: ${failed || 'none'}); its console is in ${logFile}`,
    );
  }
  const sshd = await waitForSshd(hostDir, port, address, (inner) => machinePidOf(mountNamespace, inner));
  return { pid: sshd.pid, mountNamespace, nspawnPid, initPid, machine };
}

/** Ends the host: its systemd is killed, and with it its PID namespace; then nspawn exits. Returns the pids that went. */
export async function stopSystemdHost(namespace: string, initPid: number, nspawnPid: number): Promise<number[]> {
  const pids = processesInNamespace(namespace);
  if (pids.includes(initPid)) process.kill(initPid, 'SIGKILL');
  const nspawnOurs = (): boolean => isAlive(nspawnPid) && (commOf(nspawnPid) ?? '').startsWith('systemd-nspawn');
  await until(
    "the host's processes and its systemd-nspawn to exit",
    5000,
    () => (pids.every((p) => !isAlive(p)) && !nspawnOurs() ? true : undefined),
    () => undefined,
  ).catch(async (err: unknown) => {
    // Not expected: the kernel ends a PID namespace with its init. Say so, and clean up by pid.
    for (const pid of [...pids, ...(nspawnOurs() ? [nspawnPid] : [])]) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    await sleep(500);
    console.error(`fleet: ${String(err)}; killed what was left`);
  });
  return [...pids, nspawnPid];
}
