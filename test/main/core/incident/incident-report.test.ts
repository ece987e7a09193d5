// The incident report, rendered from a record and its audit rows: every host
// with before, target and after, the reason, health checks, the packages
// going back, and the audit rows as the timeline; operator text can never
// break the Markdown (pipes, newlines, HTML, links, backticks).
import { describe, expect, it } from 'vitest';
import type { AuditRow } from '../../../../src/main/core/db/audit-log';
import { renderIncidentReport } from '../../../../src/main/core/incident/incident-report';
import type { IncidentHostResult, IncidentRecord } from '../../../../src/main/core/db/incident-types';
import { mdCode, mdText } from '../../../../src/main/core/incident/markdown';

const top = (n: number): string => `/nix/store/${String(n).repeat(32)}-nixos-system-ioc-24.05.${n}`;
const lkg = { generation: 2, toplevel: top(2), deploymentId: 7, confirmedAt: '2026-11-19T10:00:00.000Z' };
const base: IncidentHostResult = {
  host: 'ioc1',
  status: 'rolled-back',
  reason: null,
  canary: true,
  before: { generation: 4, toplevel: top(4) },
  target: lkg,
  after: { generation: 2, toplevel: top(2) },
  deploymentId: 31,
  rebootNeeded: true,
  health: [
    { check: 'systemctl is-system-running', ok: true, detail: 'running' },
    { check: 'test `x` | y', ok: false, detail: 'exit 1' },
  ],
  diff: {
    added: [],
    removed: [],
    changed: [{ name: 'linux', from: ['6.6.61'], to: ['6.6.59'], sizeDelta: -10 }],
    fromBytes: 10,
    toBytes: 0,
  },
};
const incident: IncidentRecord = {
  id: 3,
  reason: 'PLC | timeouts\n<script>[x](y)',
  operator: 'ops',
  mode: 'canary',
  parallel: 8,
  selection: 'tag rack-a',
  startedAt: '2026-11-20T10:00:00.000Z',
  finishedAt: '2026-11-20T10:05:00.000Z',
  outcome: 'partial',
  startAuditId: 40,
  endAuditId: 42,
  reportFile: null,
  hosts: [
    base,
    {
      ...base,
      host: 'ioc2',
      status: 'left-out',
      canary: false,
      reason: 'ioc2 is unreachable',
      after: null,
      deploymentId: null,
      health: [],
      diff: null,
      rebootNeeded: null,
    },
  ],
};
const row = (id: number, action: string, subject: string, details: Record<string, unknown>): AuditRow => ({
  id,
  time: `2026-11-20T10:0${id - 40}:00.000Z`,
  user: 'ops',
  action,
  subject,
  outcome: 'ok',
  details,
  prevHash: 'p',
  hash: `h${id}`,
});
const audit = [
  row(40, 'incident.start', 'incident-3', { reason: incident.reason }),
  row(41, 'host.rollback', 'ioc1', { deployment: 31, from: { generation: 4 }, to: { generation: 2 }, outcome: 'succeeded', why: null }),
  row(42, 'incident.end', 'incident-3', { outcome: 'partial' }),
];

describe('renderIncidentReport', () => {
  const text = renderIncidentReport(incident, audit);

  it('lists every host with before, target and after, the reason, operator and times', () => {
    expect(text).toContain('# Incident 3: PLC \\| timeouts &lt;script&gt;\\[x\\](y)');
    expect(text).toContain('| Operator | ops |');
    expect(text).toContain('| Run | canary first, then the rest |');
    expect(text).toContain('| Outcome | partial: 1 of 2 host(s) on their last known good generation |');
    expect(text).toContain('| ioc1 (canary) | rolled back | 4 | 2 (confirmed 2026-11-19T10:00:00.000Z, deployment 7) | 2 | yes |  |');
    expect(text).toContain(
      '| ioc2 | LEFT OUT | 4 | 2 (confirmed 2026-11-19T10:00:00.000Z, deployment 7) | unreachable | - | ioc2 is unreachable |',
    );
    expect(text).toContain(`- Before: \`${top(4)}\``);
    expect(text).toContain('  - changed: linux 6.6.61 → 6.6.59');
  });

  it('shows each health check result and keeps the table intact around odd text', () => {
    expect(text).toContain('  - passed `systemctl is-system-running`: running');
    expect(text).toContain('  - FAILED ``test `x` \\| y``: exit 1');
    for (const line of text.split('\n').filter((l) => l.startsWith('| ioc'))) expect(line.split(/(?<!\\)\|/).length).toBe(9);
  });

  it('has the audit rows as its timeline, with ids, times and the last hash', () => {
    expect(text).toContain(
      '| 40 | 2026-11-20T10:00:00.000Z | ops | incident.start | incident-3 | ok | reason: PLC \\| timeouts &lt;script&gt;\\[x\\](y) |',
    );
    expect(text).toContain(
      '| 41 | 2026-11-20T10:01:00.000Z | ops | host.rollback | ioc1 | ok | deployment 31: generation 4 → 2, succeeded |',
    );
    expect(text).toContain('Audit rows 40–42; hash of the last: `h42`.');
    expect(renderIncidentReport(incident, audit)).toBe(text);
  });

  it('escapes for Markdown', () => {
    expect(mdText('a|b\nc<d>')).toBe('a\\|b c&lt;d&gt;');
    expect(mdCode('`x`')).toBe('`` `x` ``');
  });
});
