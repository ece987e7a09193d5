// Why a bundle is refused: the rule of bundle-format.md ("Verification") that it
// breaks, and the reason in words an operator understands. A bundle is refused
// as a whole; the first broken rule is the one reported.
import { quoteUntrusted } from '../../../shared/untrusted-text';
import { Refusal } from '../refusal-error';

/** The verification rules of bundle-format.md, numbered as there. */
export type BundleRule = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export class BundleRefusal extends Refusal {
  override readonly name = 'BundleRefusal';

  constructor(
    readonly rule: BundleRule,
    readonly reason: string,
    options?: { readonly cause?: unknown },
  ) {
    super(`bundle refused (rule ${rule}): ${reason}`, { cause: options?.cause, details: { rule } });
  }
}

/**
 * The bundle's own medium could not be read (pulled out, failing): not a rule
 * the bundle broke, and nothing was imported; reinserting it and running the
 * import again is the fix.
 */
export class BundleUnreadable extends Refusal {
  override readonly name = 'BundleUnreadable';
  override readonly code = 'medium';
  constructor(file: string, errno: string) {
    super(
      `the stick holding the bundle could not be read (${errno} while reading ${shown(file, 200)}): was it pulled out, or is it failing? ` +
        `Nothing was imported; the offline cache and the site are as they were. Reinsert the stick and run the import again`,
      { details: { file, errno } },
    );
  }
}

export function refuse(rule: BundleRule, reason: string, cause?: unknown): never {
  throw new BundleRefusal(rule, reason, cause === undefined ? undefined : { cause });
}

/** Text from the bundle as a message quotes it: control and bidi characters escaped, cut short. */
export function shown(text: string, max = 120): string {
  return quoteUntrusted(text, max);
}
