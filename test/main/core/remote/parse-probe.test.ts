// The probe's output parser, on output recorded from a fleet host and on
// damaged output: unknown lines are ignored, missing fields become null.
import { describe, expect, it } from 'vitest';
import { kernelVersionOf, nixVersionOf, parseProbeOutput } from '../../../../src/main/core/remote/parse-probe';
import { hostProbeOf, rebootNeeded } from '../../../../src/main/core/remote/probe-hosts';

const G1 = '/nix/store/0a1bc2d3f4g5h6i7j8k9l0m1n2p3q4r5-nixos-system-host1-24.05.1';
const G2 = '/nix/store/9z8y7x6w5v4s3r2q1p0n9m8l7k6j5i4h-nixos-system-host1-24.05.2';
const K1 = '/nix/store/aaaabbbbccccddddffffgggghhhhiiii-linux-6.6.58/bzImage';
const K2 = '/nix/store/jjjjkkkkllllmmmmnnnnppppqqqqrrrr-linux-6.6.59/bzImage';

/** What PROBE_SCRIPT prints on a host that ran `switch-to-configuration boot` for generation 2. */
const RECORDED = [
  'airlock-probe\t1',
  'nix\tnix-store (Nix) 2.8.0',
  `current\t${G1}`,
  `booted\t${G1}`,
  `current-kernel\t${K1}`,
  `booted-kernel\t${K1}`,
  'default\tsystem-2-link',
  `gen\t1\t1763700000\t${G1}\t24.05.1 (Uakari)\t${K1}`,
  `gen\t2\t1763710000\t${G2}\t24.05.2 (Uakari)\t${K2}`,
  'df\t/dev/mapper/vg root 51474912 20000000 29000000  41% /nix',
  'systemd\toffline',
  'end',
  '',
].join('\n');

describe('parseProbeOutput', () => {
  it('reads every field of a recorded probe, generations newest first', () => {
    const facts = parseProbeOutput(RECORDED);
    expect(facts).toMatchObject({ nixVersion: '2.8.0', current: G1, booted: G1, currentKernel: '6.6.58', bootedKernel: '6.6.58' });
    expect(facts).toMatchObject({ defaultGeneration: 2, freeBytesNix: 29000000 * 1024, systemState: 'offline', complete: true });
    expect(facts.generations).toEqual([
      { generation: 2, mtime: 1763710000, toplevel: G2, nixosVersion: '24.05.2 (Uakari)', kernelVersion: '6.6.59' },
      { generation: 1, mtime: 1763700000, toplevel: G1, nixosVersion: '24.05.1 (Uakari)', kernelVersion: '6.6.58' },
    ]);
  });

  it('flags generations and sees the pending boot default as a reboot', () => {
    const probe = hostProbeOf('host1', parseProbeOutput(RECORDED));
    expect(probe.generations.map((g) => [g.generation, g.date, g.current, g.booted, g.default])).toEqual([
      [2, '2025-11-21T07:26:40.000Z', false, false, true],
      [1, '2025-11-21T04:40:00.000Z', true, true, false],
    ]);
    expect(probe.rebootNeeded).toBe(true);
    expect(probe.error).toBeUndefined();
  });

  it('needs no reboot after a switch that kept the kernel, and one after a switch that changed it', () => {
    const switched = (kernel: string): string =>
      RECORDED.replace(`current\t${G1}`, `current\t${G2}`).replace(`current-kernel\t${K1}`, `current-kernel\t${kernel}`);
    expect(rebootNeeded(parseProbeOutput(switched(K1)))).toBe(false);
    expect(rebootNeeded(parseProbeOutput(switched(K2)))).toBe(true);
  });

  it('ignores unknown and noisy lines and turns missing or empty fields into null', () => {
    const facts = parseProbeOutput(
      ['Welcome to the host!', 'future-field\tx', 'nix\t', 'current\t', `gen\tx\t1\t${G1}\t\t`, 'gen\t3\t\t\t\t', 'df\tgarbage'].join(
        '\r\n',
      ),
    );
    expect(facts).toMatchObject({
      nixVersion: null,
      current: null,
      booted: null,
      defaultGeneration: null,
      freeBytesNix: null,
      systemState: null,
      complete: false,
    });
    expect(facts.generations).toEqual([{ generation: 3, mtime: null, toplevel: null, nixosVersion: null, kernelVersion: null }]);
    expect(hostProbeOf('h', facts)).toMatchObject({ reachable: true, rebootNeeded: false, error: expect.stringContaining('cut short') });
    expect(parseProbeOutput('')).toMatchObject({ generations: [], complete: false });
  });

  it('takes versions only from the shapes it knows', () => {
    expect(nixVersionOf('nix-store (Nix) 2.18.8')).toBe('2.18.8');
    expect(nixVersionOf('lix 2.91')).toBe('lix 2.91');
    expect(kernelVersionOf(K2)).toBe('6.6.59');
    expect(kernelVersionOf('/nix/store/aaaabbbbccccddddffffgggghhhhiiii-linux-6.12.1-rt5/bzImage')).toBe('6.12.1-rt5');
    expect(kernelVersionOf('/boot/vmlinuz')).toBeNull();
    expect(kernelVersionOf(null)).toBeNull();
  });
});
