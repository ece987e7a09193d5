// Rebooting a host (DESTRUCTIVE: everything it runs stops for a while). Under
// the host's lock, like every operation on a host: probe, read the boot id,
// ask for the reboot, wait until the host answers with a new boot id, probe
// again. One audit row says how it went: both boot ids, how long it took and
// what the host runs now; a host that did not come back is a failure, with why.
import { appendAudit } from '../db/audit-log';
import type { HostRecord } from '../db/hosts';
import { runningGeneration, probeHost, type HostProbe } from '../remote/probe-hosts';
import { readBootId, requestReboot, waitForNewBoot } from '../remote/reboot';
import type { HostsContext } from './deploy-context';
import { earlyOutcome, withHostOperation, type RunningOperation } from './host-operation';
import type { GenerationRef, HostOutcome } from './host-outcome';

export { DEFAULT_REBOOT_WAIT_SECONDS } from './activation-defaults';
const COMMAND_TIMEOUT_MS = 30_000;

export interface RebootOptions {
  /** How long to wait for the host to come back with a new boot id. */
  readonly waitSeconds: number;
  readonly reason?: string;
}

const refOf = (probe: HostProbe | undefined): GenerationRef => {
  const g = probe ? runningGeneration(probe) : undefined;
  return { generation: g?.generation ?? null, toplevel: probe?.current ?? null };
};

async function rebootWithin(ctx: HostsContext, op: RunningOperation, options: RebootOptions): Promise<HostOutcome> {
  const name = op.remote.name;
  const event = (phase: 'rebooting' | 'probing', message?: string): void =>
    ctx.onEvent?.({ host: name, phase, ...(message ? { message } : {}) });
  const before = await readBootId(ctx.transport, op.remote, { timeoutMs: COMMAND_TIMEOUT_MS });
  const audit = (outcome: 'ok' | 'failed', details: Record<string, unknown>): void => {
    appendAudit(
      ctx.db,
      {
        action: 'host.reboot',
        subject: name,
        outcome,
        details: { reason: options.reason ?? null, bootIdBefore: before, from: refOf(op.probe), ...details },
      },
      ctx.env,
    );
  };
  event('rebooting', 'asking the host to reboot');
  try {
    await requestReboot(ctx.transport, op.remote, COMMAND_TIMEOUT_MS);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    audit('failed', { outcome: 'failed', why });
    return { ...earlyOutcome(name, 'failed', why, op.probe) };
  }
  event('rebooting', `waiting up to ${options.waitSeconds} s for a new boot id`);
  const wait = await waitForNewBoot(ctx.transport, op.remote, before, options.waitSeconds * 1000, undefined, ctx.signal);
  if (!wait.back) {
    audit('failed', { outcome: 'failed', why: wait.reason, seconds: wait.seconds });
    const unknown = { generation: null, toplevel: null };
    return {
      ...earlyOutcome(name, 'failed', `${wait.reason}. It may still be booting: look at its console, then probe it from the Fleet.`),
      from: refOf(op.probe),
      to: unknown,
      rebootNeeded: null,
    };
  }
  event('probing', 'back; probing');
  const after = await probeHost(ctx.transport, op.remote);
  const to = refOf(after.reachable ? after : undefined);
  audit('ok', {
    outcome: 'succeeded',
    bootIdAfter: wait.bootId,
    seconds: wait.seconds,
    to,
    rebootStillNeeded: after.reachable ? after.rebootNeeded : null,
  });
  const runs = to.generation === null ? 'none of its generations' : `generation ${to.generation}`;
  return {
    ...earlyOutcome(name, 'succeeded', null, after),
    from: refOf(op.probe),
    to,
    reason: `back after ${wait.seconds} s with a new boot id; it runs ${runs}${after.reachable ? '' : ` (the probe after failed: ${after.error ?? 'unreachable'})`}`,
  };
}

/** Reboots `host` and waits for it (see the file's comment). */
export function rebootHost(ctx: HostsContext, host: HostRecord, options: RebootOptions): Promise<HostOutcome> {
  return withHostOperation(ctx, host, 'reboot', 'reboot', (op) => rebootWithin(ctx, op, options));
}
