// A host's state in a word and a colour (never colour alone): a symbol and
// the word carry it, the colour only helps.
import type { HostState } from './host-state';

const SYMBOL: Readonly<Record<HostState, string>> = { online: '●', offline: '■', 'needs reboot': '▲', 'not probed': '○' };

export function HostStateBadge({ state }: { readonly state: HostState }) {
  return (
    <span className={`state state-${state.replace(' ', '-')}`}>
      <span aria-hidden="true">{SYMBOL[state]} </span>
      {state}
    </span>
  );
}
