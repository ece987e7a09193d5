// Why a bundle is refused: the rule of bundle-format.md ("Verification") that it
// breaks, and the reason in words an operator understands. A bundle is refused
// as a whole; the first broken rule is the one reported.
import { quoteUntrusted } from '../../../shared/untrusted-text';

/** The verification rules of bundle-format.md, numbered as there. */
export type BundleRule = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export class BundleRefusal extends Error {
  override readonly name = 'BundleRefusal';

  constructor(
    readonly rule: BundleRule,
    readonly reason: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`bundle refused (rule ${rule}): ${reason}`, options);
  }
}

export function refuse(rule: BundleRule, reason: string, cause?: unknown): never {
  throw new BundleRefusal(rule, reason, cause === undefined ? undefined : { cause });
}

/** Text from the bundle as a message quotes it: control and bidi characters escaped, cut short. */
export function shown(text: string, max = 120): string {
  return quoteUntrusted(text, max);
}
