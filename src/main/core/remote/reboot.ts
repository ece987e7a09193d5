// Rebooting a host over SSH and seeing it back: the kernel's boot id
// (/proc/sys/kernel/random/boot_id, new at every boot) read before and after,
// so "back" means booted again, not merely answering. Transport only: no
// records, no locks (operations/reboot-host.ts adds those).
import { setTimeout as sleep } from 'node:timers/promises';
import type { RemoteHost } from './remote-host';
import { HostKeyChangedError, SshError } from './ssh-errors';
import type { SshTransport } from './ssh-transport';

export const BOOT_ID_PATH = '/proc/sys/kernel/random/boot_id';
/**
 * systemd's reboot, by the path NixOS puts it at: the host's own current
 * system, never whatever `reboot` a login's PATH finds first. (On the test
 * fleet this path is the stand-in of fleet/reboot-script.ts.)
 */
export const REBOOT_COMMAND = ['/run/current-system/sw/bin/reboot'] as const;

const BOOT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const POLL_EVERY_MS = 1000;

/** The host's boot id now; `fresh` uses a new connection, so a shared one to the old boot cannot answer. */
export async function readBootId(
  transport: SshTransport,
  host: RemoteHost,
  options: { readonly timeoutMs: number; readonly fresh?: boolean },
): Promise<string> {
  const r = await transport.run(host, ['cat', BOOT_ID_PATH], { timeoutMs: options.timeoutMs, fresh: options.fresh ?? false });
  const id = r.stdout.trim();
  if (r.code !== 0 || !BOOT_ID.test(id))
    throw new SshError(
      host.name,
      `${host.name}: could not read its boot id from ${BOOT_ID_PATH} (exit ${r.code}): ${r.stderr.trim() || id || 'no output'}`,
      r.stderr,
    );
  return id;
}

/**
 * Asks the host to reboot. A connection dropped by the going-down host is the
 * reboot under way, not a failure; a command that answers non-zero is a refusal.
 */
export async function requestReboot(transport: SshTransport, host: RemoteHost, timeoutMs: number): Promise<void> {
  let result;
  try {
    result = await transport.run(host, REBOOT_COMMAND, { timeoutMs });
  } catch (err) {
    if (err instanceof SshError && !(err instanceof HostKeyChangedError)) return;
    throw err;
  } finally {
    // The shared connection belongs to the boot that ends now.
    await transport.closeMaster(host).catch(() => undefined);
  }
  if (result.code !== 0) {
    throw new SshError(
      host.name,
      `${host.name} did not reboot: ${REBOOT_COMMAND.join(' ')} exited ${result.code}: ${result.stderr.trim() || result.stdout.trim() || 'no output'}`,
      result.stderr,
    );
  }
}

export type BootWait =
  | { readonly back: true; readonly bootId: string; readonly seconds: number }
  | { readonly back: false; readonly reason: string; readonly seconds: number };

/**
 * Polls the host over new connections until it answers with a boot id other
 * than `before`, or `waitMs` has passed. A changed host key ends the wait at
 * once: waiting longer would not make it the pinned one.
 */
export async function waitForNewBoot(
  transport: SshTransport,
  host: RemoteHost,
  before: string,
  waitMs: number,
  onTry?: (lastError: string | null) => void,
  signal?: AbortSignal,
): Promise<BootWait> {
  const started = Date.now();
  const seconds = (): number => Math.round((Date.now() - started) / 100) / 10;
  let last = 'it never answered';
  for (;;) {
    const left = waitMs - (Date.now() - started);
    if (left <= 0)
      return {
        back: false,
        reason: `${host.name} did not come back within ${Math.round(waitMs / 1000)} s (last: ${last})`,
        seconds: seconds(),
      };
    try {
      const id = await readBootId(transport, host, { timeoutMs: Math.max(1000, Math.min(left, 15_000)), fresh: true });
      if (id !== before) return { back: true, bootId: id, seconds: seconds() };
      last = 'it still answered with the boot id from before the reboot';
    } catch (err) {
      if (err instanceof HostKeyChangedError) return { back: false, reason: err.message, seconds: seconds() };
      last = err instanceof Error ? err.message : String(err);
    }
    onTry?.(last);
    if (signal?.aborted) return { back: false, reason: `stopped waiting for ${host.name} (cancelled); last: ${last}`, seconds: seconds() };
    await sleep(Math.min(POLL_EVERY_MS, Math.max(0, waitMs - (Date.now() - started))));
  }
}
