// The ssh argument vector: Airlock's pins and one shared connection per Airlock host name.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { controlPathFor, sshOptions, sshPaths } from '../../../../src/main/core/remote/ssh-args';
import { tempDir } from '../../../helpers/tmp';

const dataDir = tempDir();

describe('ssh options', () => {
  it('never share a connection between two Airlock host names on one address', () => {
    const paths = sshPaths(dataDir);
    const a = { name: 'plc1', address: '10.0.0.5', port: 22, user: 'root' };
    const b = { ...a, name: 'plc1-spare' };
    expect(controlPathFor(paths, a)).not.toBe(controlPathFor(paths, b));
    const optionsA = sshOptions(a, paths);
    expect(optionsA).toContain(`ControlPath=${controlPathFor(paths, a)}`);
    expect(optionsA).toContain('HostKeyAlias=airlock-plc1');
    expect(optionsA).toContain('StrictHostKeyChecking=yes');
    expect(optionsA).toContain('BatchMode=yes');
  });

  it('keep the control socket path short enough for a Unix socket, however long the data folder', () => {
    const host = { name: 'x'.repeat(63), address: 'plc.example', port: 22, user: 'root' };
    for (const dir of [dataDir, join(dataDir, 'Library', 'Application Support', 'Airlock', 'a'.repeat(40))]) {
      const path = controlPathFor(sshPaths(dir), host);
      // OpenSSH adds a 17-character suffix while it sets the socket up; macOS allows 104 bytes.
      expect(path.length + 17).toBeLessThanOrEqual(104);
      expect(path).toMatch(/\/cm-[0-9a-f]{16}$/);
    }
  });
});
