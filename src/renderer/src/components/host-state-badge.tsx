// A host's state in a word and a colour (never colour alone): a symbol and
// the word carry it, the colour only helps.
import type { HostFlag } from './host-flags';
import type { HostState } from './host-state';

const SYMBOL: Readonly<Record<HostState | HostFlag, string>> = {
  online: '●',
  offline: '■',
  'needs reboot': '▲',
  'not probed': '○',
  deploying: '◐',
  'rolled back': '↶',
  'differs from latest bundle': '≠',
};

export function HostStateBadge({ state }: { readonly state: HostState | HostFlag }) {
  return (
    <span className={`state state-${state.replaceAll(' ', '-')}`}>
      <span aria-hidden="true">{SYMBOL[state]} </span>
      {state}
    </span>
  );
}
