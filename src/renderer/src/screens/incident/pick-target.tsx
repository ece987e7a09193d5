// A host with no generation confirmed healthy is not a dead end: the operator
// picks its target among the generations the host has (newest first, the
// one it runs marked), and preflight checks the pick like any other target.
// The incident's record and report say the target was picked by hand.
import type { IncidentHostPlanView } from '../../../../shared/schemas';
import { formatTime } from '../../../../shared/format';
import { useApp } from '../../store/use-app';

const choiceWords = (c: NonNullable<IncidentHostPlanView['choices']>[number]): string =>
  [
    `generation ${c.generation}`,
    c.date ? formatTime(c.date) : null,
    c.nixosVersion ? `NixOS ${c.nixosVersion}` : null,
    c.current ? 'runs now' : null,
  ]
    .filter((w) => w !== null)
    .join(' · ');

/** Whether this plan row lets the operator pick: no recorded target, or a target picked before. */
export function canPick(p: IncidentHostPlanView): boolean {
  return (p.choices?.length ?? 0) > 0 && (p.target === null || p.target.source === 'picked');
}

export function PickTarget({ plan }: { readonly plan: IncidentHostPlanView }) {
  const picked = useApp((s) => s.incidentDraft.picks[plan.host]);
  const pick = useApp((s) => s.pickIncidentTarget);
  const busy = useApp((s) => s.incidentPlanning);
  return (
    <label className="pick-target">
      {picked === undefined ? 'None confirmed healthy. Pick its target:' : 'Target picked by you:'}
      <select
        aria-label={`Target for ${plan.host}`}
        value={picked === undefined ? '' : String(picked)}
        disabled={busy}
        onChange={(e) => void pick(plan.host, e.target.value === '' ? null : Number(e.target.value))}
      >
        <option value="">— leave {plan.host} out —</option>
        {(plan.choices ?? []).map((c) => (
          <option key={c.generation} value={String(c.generation)}>
            {choiceWords(c)}
          </option>
        ))}
      </select>
    </label>
  );
}
