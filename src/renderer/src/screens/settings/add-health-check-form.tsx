// Adding a health check: for a host or for every host with a tag, either a
// command run on the host with the exit status it must give and a time
// limit, or a TCP port the deploy station must reach. Run after every
// activation; a failure means the new system is not confirmed.
import { useState } from 'react';
import type { HealthCheckInput } from '../../../../shared/schemas';
import { useApp } from '../../store/use-app';

export function AddHealthCheckForm() {
  const hosts = useApp((s) => s.hosts);
  const add = useApp((s) => s.addCheck);
  const tags = [...new Set(hosts.flatMap((h) => h.tags))].sort();
  const scopes = [...hosts.map((h) => `host:${h.name}`), ...tags.map((t) => `tag:${t}`)];
  const [scope, setScope] = useState('');
  const [kind, setKind] = useState<'command' | 'tcp'>('command');
  const [command, setCommand] = useState('');
  const [expect, setExpect] = useState(0);
  const [port, setPort] = useState(22);
  const [timeout, setTimeoutSeconds] = useState(30);
  const chosen = scope || scopes[0] || '';
  const submit = (): void => {
    const [what, name = ''] = chosen.split(/:(.*)/);
    const input: HealthCheckInput = {
      scope: what === 'tag' ? { tag: name } : { host: name },
      spec: kind === 'command' ? { kind, command, expectStatus: expect, timeoutSeconds: timeout } : { kind, port, timeoutSeconds: timeout },
    };
    void add(input).then((ok) => ok && setCommand(''));
  };
  return (
    <form aria-label="Add a health check" onSubmit={(e) => (e.preventDefault(), submit())}>
      <div className="grid-form">
        <label>
          Check applies to
          <select value={chosen} onChange={(e) => setScope(e.target.value)}>
            {scopes.map((s) => (
              <option key={s} value={s}>
                {s.startsWith('tag:') ? `every host tagged ${s.slice(4)}` : `host ${s.slice(5)}`}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind of check
          <select value={kind} onChange={(e) => setKind(e.target.value === 'tcp' ? 'tcp' : 'command')}>
            <option value="command">command on the host</option>
            <option value="tcp">TCP port reached from here</option>
          </select>
        </label>
        <label>
          Time limit (seconds)
          <input type="number" min={1} max={3600} value={timeout} onChange={(e) => setTimeoutSeconds(Number(e.target.value) || 1)} />
        </label>
        {kind === 'command' ? (
          <>
            <label>
              Command
              <input
                type="text"
                className="mono"
                value={command}
                maxLength={1000}
                placeholder="systemctl is-active epics-ioc"
                onChange={(e) => setCommand(e.target.value)}
              />
            </label>
            <label>
              Expected exit status
              <input type="number" min={0} max={255} value={expect} onChange={(e) => setExpect(Number(e.target.value) || 0)} />
            </label>
          </>
        ) : (
          <label>
            TCP port
            <input type="number" min={1} max={65535} value={port} onChange={(e) => setPort(Number(e.target.value) || 1)} />
          </label>
        )}
      </div>
      <button type="submit" disabled={chosen === '' || (kind === 'command' && command.trim() === '')}>
        Add health check
      </button>
    </form>
  );
}
