// `airlock deploy --waves` through the real CLI on a real fleet of 3 hosts:
// a canary (the first wave of one host) whose activation fails stops the
// rollout, and the hosts of later waves are not touched (their generations and
// running systems, read over SSH, stay as they were); a bad SPEC is refused
// before anything is done; and healthy waves run one after another.
import { describe, expect, it } from 'vitest';
import type { HostOutcome } from '../../src/main/core/operations/host-outcome';
import { currentSystemOf, profileGenerationOf, useFleetSite } from '../helpers/fleet-site';

const { site, host } = useFleetSite('deploy-waves');

interface WavesJson {
  readonly waves: { number: number; hosts: string[]; status: string }[];
  readonly outcomes: HostOutcome[];
  readonly notTouched: string[];
}

describe('airlock deploy --waves', () => {
  it('a bad SPEC is refused as a usage error saying what is wrong, and nothing is deployed', async () => {
    site.bundle(1, { host1: { version: '24.05.2' }, host2: { version: '24.05.2' }, host3: { version: '24.05.2' } });
    for (const [spec, words] of [
      ['1,,100%', /--waves entry 2 is empty/],
      ['1,150%', /--waves entry 2 '150%' must be a percentage above 0% and at most 100%/],
      ['a', /neither a whole number/],
    ] as const) {
      const r = site.cli(['deploy', '--all', '--waves', spec]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(words);
    }
    expect(site.cli(['deploy', '--all', '--max-failed', '1']).stderr).toMatch(/--max-failed goes with --waves SPEC/);
    expect(await profileGenerationOf(host('host1'))).toBe('system-1-link');
  });

  it('a canary whose activation fails: rolled back, no further wave starts, host2 and host3 untouched and listed, exit 1', async () => {
    const broken = site.bundle(2, {
      host1: { version: '24.05.3', variant: 'fail-unit' },
      host2: { version: '24.05.3' },
      host3: { version: '24.05.3' },
    });
    const r = site.cli(['deploy', 'host1', 'host2', 'host3', '--waves', '1,100%', '--confirm-timeout', '15', '--json']);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.text) as WavesJson;
    expect(out.waves).toEqual([
      { number: 1, hosts: ['host1'], status: 'finished' },
      { number: 2, hosts: ['host2', 'host3'], status: 'not-started' },
    ]);
    expect(out.notTouched).toEqual(['host2', 'host3']);
    expect(out.outcomes.map((o) => [o.host, o.outcome])).toEqual([
      ['host1', 'rolled-back'],
      ['host2', 'not-started'],
      ['host3', 'not-started'],
    ]);
    expect(out.outcomes[0]).toMatchObject({ to: { toplevel: broken.host1 } });
    expect(out.outcomes[1]?.reason).toMatch(
      /wave 2 was not started: 1 host\(s\) failed or rolled back \(host1\), more than --max-failed 0/,
    );
    expect(r.stderr).toMatch(/host1 rolled back: .*; not touched \(their wave was not started\): host2, host3/);
    // Read on the hosts themselves: the canary runs its old system again, the others were never changed.
    for (const name of ['host1', 'host2', 'host3']) expect(await currentSystemOf(host(name))).toBe(host(name).baseSystem);
    expect(await profileGenerationOf(host('host2'))).toBe('system-1-link');
    expect(await profileGenerationOf(host('host3'))).toBe('system-1-link');

    // The text output names the waves and the hosts not touched.
    const text = site.cli(['deploy', 'host1', 'host2', 'host3', '--bundle', '2', '--waves', '1,100%', '--confirm-timeout', '15']);
    expect(text.status).toBe(1);
    expect(text.text).toMatch(/wave 1 \(1 host\): finished: host1\nwave 2 \(2 hosts\): not started: host2, host3/);
    expect(text.text).toMatch(/host2\s+not-started/);
  });

  it('healthy waves with --all (hosts by name): a canary, then the rest, each wave after the one before, exit 0', async () => {
    const next = site.bundle(3, { host1: { version: '24.05.4' }, host2: { version: '24.05.4' }, host3: { version: '24.05.4' } });
    const r = site.cli(['deploy', '--all', '--waves', '1,100%', '--max-failed', '0', '--confirm-timeout', '15', '--json']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const out = JSON.parse(r.text) as WavesJson;
    expect(out.waves.map((w) => [w.hosts, w.status])).toEqual([
      [['host1'], 'finished'],
      [['host2', 'host3'], 'finished'],
    ]);
    expect(out.notTouched).toEqual([]);
    for (const name of ['host1', 'host2', 'host3']) expect(await currentSystemOf(host(name))).toBe(next[name]);
  });
});
