// The SSH transport against a real fleet: remote argv arrives byte for byte
// (shell syntax stays inert), and ssh's own failures come back typed.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetHost, startFleet, stopFleet, type FleetState } from '../../../../fleet/fleet';
import { fleetPaths, hostPaths } from '../../../../fleet/paths';
import { run } from '../../../../fleet/run';
import { hostKeyFingerprint } from '../../../../fleet/sshd-config';
import { scanHostKeys } from '../../../../src/main/core/remote/host-keys';
import { pinHostKey, pinnedLine, unpinHostKey } from '../../../../src/main/core/remote/known-hosts';
import type { RemoteHost } from '../../../../src/main/core/remote/remote-host';
import { remoteCommand } from '../../../../src/main/core/remote/shell-quote';
import { sshPaths } from '../../../../src/main/core/remote/ssh-args';
import { AuthenticationError, HostKeyUnknownError, HostUnreachableError } from '../../../../src/main/core/remote/ssh-errors';
import { createSshTransport } from '../../../../src/main/core/remote/ssh-transport';
import { tempDir } from '../../../helpers/tmp';

const work = tempDir('airlock-transport-');
const fleetDir = mkdtempSync(join(tmpdir(), 'airlock-transport-fleet-'));
const dataDir = join(work, 'data');
const marker = join(work, 'injected');
let fleet: FleetState;
let host1: RemoteHost;

beforeAll(async () => {
  fleet = await startFleet(1, { dir: fleetDir });
  const h = fleetHost(fleet, 'host1');
  host1 = { name: 'host1', address: h.address, port: h.port, user: 'root', identity: fleetPaths(fleetDir).clientKey };
  const [key] = await scanHostKeys(h.address, h.port);
  if (!key) throw new Error('host1 offered no key');
  pinHostKey(sshPaths(dataDir), 'host1', key);
});

afterAll(async () => {
  await createSshTransport(dataDir).closeMaster(host1);
  await stopFleet(fleetDir);
  rmSync(fleetDir, { recursive: true, force: true });
});

describe('remote argv quoting', () => {
  it('single-quotes every word, escaping quotes as close-escape-reopen', () => {
    expect(remoteCommand(['echo', "it's", ''])).toBe(`'echo' 'it'\\''s' ''`);
  });

  it('delivers shell syntax to the remote program as plain bytes, running none of it', async () => {
    const hostMarker = '/run/injected';
    const words = [
      `$(touch ${marker})`,
      `$(touch ${hostMarker})`,
      `\`touch ${marker}\``,
      `; touch ${marker}`,
      `a\ntouch ${marker}`,
      `'; touch ${marker}; '`,
      `"$(touch ${marker})"`,
      `-oProxyCommand=touch ${marker}`,
      '*',
      '~',
      '$HOME',
      'a  b',
      '\\',
      '',
      'é ✓',
    ];
    // printf '%s\0' shows each argument exactly as the remote program received it.
    const result = await createSshTransport(dataDir).run(host1, ['printf', '%s\\0', ...words]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(words.map((w) => `${w}\0`).join(''));
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(join(hostPaths(fleetHost(fleet, 'host1').dir).run, 'injected'))).toBe(false);
  });

  it('passes stdin through and reports the remote exit status', async () => {
    const transport = createSshTransport(dataDir);
    expect((await transport.run(host1, ['cat'], { input: 'line 1\nline 2\n' })).stdout).toBe('line 1\nline 2\n');
    expect((await transport.run(host1, ['sh', '-c', 'exit 7'])).code).toBe(7);
  });
});

describe('ssh failures', () => {
  it('pins in HostKeyAlias form with the fingerprint ssh-keygen prints', async () => {
    const h = fleetHost(fleet, 'host1');
    expect(pinnedLine(sshPaths(dataDir), 'host1')).toBe(`airlock-host1 ${h.hostPublicKey}`);
    expect((await scanHostKeys(h.address, h.port)).map((k) => k.fingerprint)).toEqual([hostKeyFingerprint(h.dir)]);
  });

  it('tells an unknown host key, an unreachable host and a refused login apart', async () => {
    const transport = createSshTransport(dataDir);
    const other = join(work, 'other-data');
    await expect(createSshTransport(other).run(host1, ['true'])).rejects.toBeInstanceOf(HostKeyUnknownError);
    // Port 1 (tcpmux): nothing listens there on this machine.
    await expect(transport.run({ ...host1, port: 1 }, ['true'])).rejects.toBeInstanceOf(HostUnreachableError);
    // A key the host never authorized (its sshd reads one authorized_keys file for every user).
    const stranger = join(work, 'stranger');
    run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
    // The shared connection would carry the command whatever the key: end it first.
    await transport.closeMaster(host1);
    await expect(transport.run({ ...host1, identity: stranger }, ['true'])).rejects.toBeInstanceOf(AuthenticationError);
    unpinHostKey(sshPaths(other), 'host1');
  });
});
