// `closure size` and `closure why` on a real fleet host after a real deploy:
// the numbers must be what the host's own Nix says (nix-store -qR / -q --size),
// each step of a why chain a real reference (nix-store -q --references), and with
// the host's sshd down the same closure is read from the offline cache's narinfos.
import { describe, expect, it } from 'vitest';
import { runOnHost } from '../../fleet/fleet';
import { stopHostProcesses } from '../../fleet/host-process';
import type { ClosureReport, ClosureWhy } from '../../src/main/core/usecases/closures';
import { useFleetSite } from '../helpers/fleet-site';

const { site, host } = useFleetSite('closure', 1);

const lines = (s: string): string[] => s.trim().split('\n').filter(Boolean);

describe('closure size and why', () => {
  let generation = 0;
  let closureBytes = 0;

  it("reports the running closure with the sizes the host's own Nix gives", async () => {
    const { host1: top } = site.bundle(1, { host1: { version: '24.05.3' } });
    const deploy = site.cli(['deploy', 'host1', '--json', '--confirm-timeout', '15']);
    expect([deploy.status, deploy.stderr]).toEqual([0, '']);
    const h = host('host1');

    const r = site.cli(['closure', 'size', 'host1', '--top', '100000', '--json']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const report = JSON.parse(r.text) as ClosureReport;
    expect(report).toMatchObject({ host: 'host1', toplevel: top, source: 'host' });
    generation = report.generation;
    closureBytes = report.closureBytes;

    const closure = lines((await runOnHost(h, ['nix-store', '-qR', top as string])).stdout);
    const sizes = lines((await runOnHost(h, ['nix-store', '-q', '--size', ...closure])).stdout).map(Number);
    const narSize = new Map(closure.map((p, i) => [p, sizes[i]]));
    expect(report.paths).toBe(closure.length);
    expect(report.closureBytes).toBe(sizes.reduce((a, b) => a + b, 0));
    expect(new Map(report.byNarSize.map((p) => [p.path, p.narSize]))).toEqual(narSize);
    // The toplevel dominates everything; no path's unique size is below its own or above the closure's.
    expect(report.byUniqueSize[0]).toMatchObject({ path: top, uniqueSize: report.closureBytes });
    for (const p of report.byUniqueSize) expect(p.uniqueSize).toBeGreaterThanOrEqual(p.narSize);
    // A leaf path with one referrer in the whole closure is unique to that referrer's chain: its unique size is its NAR size.
    const leaves = report.byUniqueSize.filter((p) => p.uniqueSize === p.narSize);
    expect(leaves.length).toBeGreaterThan(0);

    const text = site.cli(['closure', 'size', 'host1', '--top', '3']);
    expect(text.text).toContain(`closure: ${closure.length} paths`);
    expect(text.text).toContain('read on host1');
  }, 300_000);

  it('shows a chain of real references from the toplevel to a path named by a fragment', async () => {
    const h = host('host1');
    const r = site.cli(['closure', 'why', 'host1', String(generation), 'bash', '--json']);
    if (r.status === 2) {
      // More than one bash-named path: the refusal lists them; pick the first and ask again by full path.
      expect(r.stderr).toMatch(/matches \d+ paths/);
    }
    const target = r.status === 0 ? (JSON.parse(r.text) as ClosureWhy).path : (/\/nix\/store\/\S+/.exec(r.stderr)?.[0] as string);
    const why = JSON.parse(site.cli(['closure', 'why', 'host1', String(generation), target, '--json']).text) as ClosureWhy;
    expect(why.chain.length).toBeGreaterThan(1);
    expect(why.chain[0]?.path).toBe(why.toplevel);
    expect(why.chain.at(-1)?.path).toBe(target);
    for (let i = 1; i < why.chain.length; i++) {
      const refs = lines((await runOnHost(h, ['nix-store', '-q', '--references', why.chain[i - 1]!.path])).stdout);
      expect(refs, `${why.chain[i - 1]!.path} → ${why.chain[i]!.path}`).toContain(why.chain[i]!.path);
    }
    const ambiguous = site.cli(['closure', 'why', 'host1', String(generation), '-']);
    expect(ambiguous.status).toBe(2);
    expect(ambiguous.stderr).toMatch(/matches \d+ paths; give one of them/);
    const none = site.cli(['closure', 'why', 'host1', String(generation), 'no-such-package-xyz']);
    expect([none.status, none.stderr]).toEqual([2, expect.stringContaining("matches 'no-such-package-xyz'")]);
  }, 120_000);

  it('reads the closure from the offline cache when the host is out of reach, and says so', async () => {
    const h = host('host1');
    await stopHostProcesses(h.mountNamespace, [h.sshdPid]);
    const r = site.cli(['closure', 'size', 'host1', String(generation), '--json']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const report = JSON.parse(r.text) as ClosureReport;
    expect(report).toMatchObject({ source: 'offline-cache', generation, closureBytes, hostError: expect.any(String) });
    expect(site.cli(['closure', 'size', 'host1', String(generation)]).text).toContain("read from the offline cache's narinfos");
    const noGen = site.cli(['closure', 'size', 'host1']);
    expect(noGen.status).not.toBe(0);
    expect(noGen.stderr).toMatch(/out of reach/);
  }, 120_000);
});
