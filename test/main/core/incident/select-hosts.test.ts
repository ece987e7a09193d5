// Choosing an incident's hosts: by name (each once, unknown refused), by tag,
// or those the latest deployment changed (each with the row to go back
// before; hosts removed since are skipped).
import { describe, expect, it } from 'vitest';
import { finishDeployment, startDeployment } from '../../../../src/main/core/db/deployments';
import { addHost } from '../../../../src/main/core/db/hosts';
import { selectIncidentHosts } from '../../../../src/main/core/incident/select-hosts';
import { openTempDatabase, tickingEnv } from '../../../helpers/site-db';
import { tempDir } from '../../../helpers/tmp';

const tmp = tempDir('airlock-select-');
const hostKey = { type: 'ssh-ed25519', base64: 'AAAAC3NzaC1lZDI1NTE5AAAAIG9u', fingerprint: 'SHA256:abc' };

describe('selectIncidentHosts', () => {
  it('by name, by tag and by the latest deployment', () => {
    const { db } = openTempDatabase(tmp);
    const env = tickingEnv();
    for (const [name, tags] of [
      ['ioc1', ['rack-a']],
      ['ioc2', ['rack-a', 'rack-b']],
      ['ioc3', []],
    ] as const) {
      addHost(db, { name, address: '10.0.0.1', port: 22, user: 'root', tags, hostKey }, env);
    }
    const deployed = (host: string, bundle: string): number => {
      const id = startDeployment(
        db,
        {
          host,
          kind: 'deploy',
          action: 'switch',
          bundle,
          fromGeneration: 1,
          fromToplevel: null,
          toGeneration: 2,
          toToplevel: `/nix/store/${'c'.repeat(32)}-s`,
        },
        env,
      );
      finishDeployment(db, id, { outcome: 'succeeded', confirmed: true, pathsSent: 0, bytesSent: 0, health: [] }, env);
      return id;
    };
    expect(selectIncidentHosts(db, { kind: 'hosts', names: ['ioc3', 'ioc1', 'ioc3'] })).toMatchObject({
      hosts: [{ name: 'ioc3' }, { name: 'ioc1' }],
      selection: 'hosts ioc3, ioc1',
    });
    expect(() => selectIncidentHosts(db, { kind: 'hosts', names: ['nope'] })).toThrow(/no host named 'nope'/);
    expect(selectIncidentHosts(db, { kind: 'tag', tag: 'rack-a' }).hosts.map((h) => h.name)).toEqual(['ioc1', 'ioc2']);
    expect(() => selectIncidentHosts(db, { kind: 'tag', tag: 'rack-z' })).toThrow(/no host is tagged rack-z/);
    expect(() => selectIncidentHosts(db, { kind: 'latest-deployment' })).toThrow(/no deployment on record/);

    deployed('ioc1', 'site-1');
    const a = deployed('ioc2', 'site-2');
    deployed('gone', 'site-2'); // a host removed since
    const latest = selectIncidentHosts(db, { kind: 'latest-deployment' });
    expect(latest.hosts.map((h) => h.name)).toEqual(['ioc2']);
    expect(latest.selection).toBe('latest deployment site-2');
    expect([...(latest.before ?? new Map())]).toEqual([['ioc2', a]]);
  });
});
