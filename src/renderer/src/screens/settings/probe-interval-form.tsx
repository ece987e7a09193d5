// How often an open window re-probes every host.
import { useState, type FormEvent } from 'react';
import { useApp } from '../../store/use-app';

export function ProbeIntervalForm() {
  const settings = useApp((s) => s.settings);
  const save = useApp((s) => s.setProbeInterval);
  const [seconds, setSeconds] = useState<number | null>(null);
  if (!settings) return null;
  const shown = seconds ?? settings.probeIntervalMs / 1000;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void save(Math.round(shown * 1000));
  };
  return (
    <form className="toolbar" onSubmit={submit}>
      <label>
        Probe interval (seconds)
        <input type="number" min={1} max={3600} value={shown} onChange={(e) => setSeconds(Number(e.target.value))} />
      </label>
      <button type="submit">Set probe interval</button>
    </form>
  );
}
