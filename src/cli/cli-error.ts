// The two ways a command ends badly, as cli.md defines them: a usage error
// (exit 2) and a refusal or failure (exit 1). Both carry operator-facing words.
// A refusal is the engine's Refusal, so every expected "no" exits 1 the same way.
import { Refusal } from '../main/core/usecases/refusals';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export class RefusedError extends Refusal {
  override readonly name = 'RefusedError';
}
