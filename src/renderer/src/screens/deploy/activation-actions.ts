// The activation actions in the operator's words (the schema's order).
import type { ActivationActionView } from '../../../../shared/schemas';

export const ACTIVATION_ACTIONS_VIEW: readonly { readonly value: ActivationActionView; readonly words: string }[] = [
  { value: 'switch', words: 'switch: now, and at boot' },
  { value: 'boot', words: 'boot: at the next boot' },
  { value: 'test', words: 'test: now, not at boot' },
  { value: 'dry-activate', words: 'dry-activate: only show what would change' },
];
