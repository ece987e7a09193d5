// `airlock deploy --plan`: what a deploy would do to each host, and nothing
// more. Exit 1 when some host could not be deployed (unreachable, no system).
import type { CommandContext } from './command';
import { RefusedError } from './cli-error';
import { printJson } from './output';
import { formatTable } from './table';
import { formatBytes } from '../shared/format';
import type { HostPlan, SystemFacts } from '../main/core/usecases/deploy';

const facts = (f: SystemFacts): string =>
  [f.generation === null ? null : `gen ${f.generation}`, f.nixosVersion, f.kernelVersion && `linux ${f.kernelVersion}`]
    .filter(Boolean)
    .join(', ') || '-';

export function printPlan(ctx: CommandContext, plans: readonly HostPlan[]): void {
  if (ctx.global.json) printJson(ctx, plans);
  else {
    const rows = plans.map((p) => [
      p.host,
      p.action ?? '-',
      facts(p.current),
      p.problem ? '-' : facts(p.target),
      p.problem ? '-' : p.unchanged ? 'nothing' : `${p.pathsToSend} of ${p.closurePaths} paths, ${formatBytes(p.bytesToSend)}`,
      p.problem ?? (p.unchanged ? 'already there' : p.rebootNeeded ? 'reboot needed' : ''),
    ]);
    ctx.stdout.write(formatTable(['HOST', 'ACTION', 'NOW', 'AFTER', 'TO SEND', 'NOTE'], rows));
  }
  const blocked = plans.filter((p) => p.problem !== null);
  if (blocked.length > 0)
    throw new RefusedError(
      `${blocked.length} of ${plans.length} host(s) cannot be deployed: ${blocked.map((p) => `${p.host}: ${p.problem}`).join('; ')}`,
    );
}
