// The two ways a command ends badly, as cli.md defines them: a usage error
// (exit 2) and a refusal or failure (exit 1). Both carry operator-facing words.
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export class RefusedError extends Error {
  override readonly name = 'RefusedError';
}
