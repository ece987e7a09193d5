// A deploy whose SSH connection drops right after the switch landed, on a real
// fleet host. An `ssh` put first on the CLI's PATH runs the real one, so the
// launch really happens on the host (the new generation made, the runner
// detached), then throws away the answer with ssh's own exit 255, and for a
// few seconds after refuses every new connection, as a link that flaps does.
// Before reporting the host as failed, the deploy asks it what it runs (the
// runner's state, /run/current-system) over new connections until it answers,
// and so follows the switch that landed to its end: done, not failed.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostOutcome } from '../../src/main/core/operations/host-outcome';
import { findTool } from '../../scripts/test-deps.mjs';
import { currentSystemOf, profileGenerationOf, useFleetSite } from '../helpers/fleet-site';
import { airlock } from '../helpers/run-cli';
import { tempDir } from '../helpers/tmp';

const work = tempDir('airlock-deploy-drop-');
const DOWN_SECONDS = 8;

/** The flapping `ssh`: drops the launch's answer once, then refuses new connections for DOWN_SECONDS. */
function flappingSsh(): string {
  const real = findTool('ssh') as string;
  const log = join(work, 'ssh.log');
  writeFileSync(
    join(work, 'ssh'),
    `#!/bin/sh
state=${work}
case "$*" in
  *" -O "*) exec ${real} "$@" ;;
  *airlock-launch*)
    if [ ! -e "$state/dropped" ]; then
      ${real} "$@" > /dev/null 2>&1; code=$?
      echo $(( $(date +%s) + ${DOWN_SECONDS} )) > "$state/dropped"
      echo "launch ran (exit $code), its answer dropped" >> ${log}
      echo "Connection to the host closed by remote host." >&2
      exit 255
    fi ;;
esac
if [ -e "$state/dropped" ] && [ "$(date +%s)" -lt "$(cat "$state/dropped")" ]; then
  echo "refused" >> ${log}
  echo "ssh: connect to host port 22: Connection refused" >&2
  exit 255
fi
exec ${real} "$@"
`,
  );
  chmodSync(join(work, 'ssh'), 0o755);
  return log;
}

describe('deploy after a dropped SSH connection', () => {
  const { site, host } = useFleetSite('deploy-drop', 1);

  it('the switch landed but its answer was lost and the host was out of reach for a while: asked again, it is reported done, not failed', async () => {
    const systems = site.bundle(1, { host1: { version: '24.05.2' } });
    const log = flappingSsh();
    const r = airlock(['deploy', 'host1', '--confirm-timeout', '90', '--json', '--data-dir', site.dataDir, '--cache', site.cacheRoot], {
      PATH: `${work}:${process.env.PATH ?? ''}`,
    });
    // The connection really dropped after the launch ran, and the host refused new ones for a while.
    expect(existsSync(log)).toBe(true);
    const lines = readFileSync(log, 'utf8').split('\n');
    expect(lines[0]).toBe('launch ran (exit 0), its answer dropped');
    expect(lines.filter((l) => l === 'refused').length).toBeGreaterThan(0);

    expect([r.status, r.stderr]).toEqual([0, '']);
    const [o] = JSON.parse(r.text) as HostOutcome[];
    expect(o).toMatchObject({ host: 'host1', outcome: 'succeeded', reason: null, to: { generation: 2, toplevel: systems.host1 } });
    expect(await currentSystemOf(host('host1'))).toBe(systems.host1);
    expect(await profileGenerationOf(host('host1'))).toBe('system-2-link');
    // The audit log says the same.
    const audit = JSON.parse(site.cli(['audit', '--json']).text) as { action: string; subject: string; outcome: string }[];
    expect(audit.filter((a) => a.action === 'host.deploy' && a.subject === 'host1').at(-1)).toMatchObject({ outcome: 'ok' });
  }, 600_000);
});
