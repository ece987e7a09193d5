// The shape of a manifest (bundle-format.md, "The manifest" and "Format 2"):
// every rule that concerns one field alone. Rules across fields (order,
// closure) are in manifest-rules.ts. Objects are strict: an unknown field is
// an error, because a later format gets a new `format` string.
import { z } from 'zod';
import { isNix32 } from '../nix/nix32';
import { isStorePath, parseStorePathBaseName } from '../nix/store-path';
import { activatePathProblem, profilePathProblem } from './profile-rules';
import { parseRfc3339, UTC_ONLY } from '../../../shared/rfc3339';

export const MANIFEST_FORMAT = 'airlock-bundle/1';
/** Format 1 with additions (bundle-format.md, "Format 2": profiles and buildClosure); a bundle uses it only when it needs them. */
export const MANIFEST_FORMAT_2 = 'airlock-bundle/2';
export const MANIFEST_FORMATS = [MANIFEST_FORMAT, MANIFEST_FORMAT_2] as const;
export type ManifestFormat = (typeof MANIFEST_FORMATS)[number];
export const SITE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
export const MAX_DESCRIPTION_CHARS = 4096;
export const SYSTEM_ACTIONS = ['switch', 'boot'] as const;
export type SystemAction = (typeof SYSTEM_ACTIONS)[number];

const storePath = z.string().refine(isStorePath, { error: 'is not a store path (/nix/store/<32 nix32 characters>-<name>)' });
const baseName = z.string().refine(
  (s) => {
    try {
      parseStorePathBaseName(s);
      return true;
    } catch {
      return false;
    }
  },
  { error: 'is not a store path base name (<32 nix32 characters>-<name>, as in a narinfo)' },
);
const utcTime = z.string().refine((s) => parseRfc3339(s, UTC_ONLY) !== undefined, {
  error: 'is not an RFC 3339 UTC time such as 2026-11-20T10:00:00Z',
});
const narHash = z.string().refine((s) => s.length === 59 && s.startsWith('sha256:') && isNix32(s.slice(7)), {
  error: "is not 'sha256:' followed by 52 nix base32 characters",
});

function wholeNumber(range: string): z.ZodNumber {
  const error = `must be a whole number ${range}`;
  return z.number({ error }).int({ error }).min(1, { error }).max(Number.MAX_SAFE_INTEGER, { error });
}

const systemSchema = z.strictObject({
  host: z.string().regex(HOST_NAME, { error: 'is not a host name (letters, digits, . _ -, at most 63, starting with a letter or digit)' }),
  toplevel: storePath,
  action: z.enum(SYSTEM_ACTIONS, { error: "must be 'switch' or 'boot'" }).default('switch'),
});

const hostName = z
  .string()
  .regex(HOST_NAME, { error: 'is not a host name (letters, digits, . _ -, at most 63, starting with a letter or digit)' });

/** A rule that says in words what is wrong, as a zod refinement. */
function problemOf(rule: (value: string) => string | undefined): (value: string, ctx: z.RefinementCtx) => void {
  return (value, ctx) => {
    const problem = rule(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
  };
}

const profileSchema = z.strictObject({
  host: hostName,
  profile: z.string().superRefine(problemOf(profilePathProblem)),
  target: storePath,
  activate: z.string().superRefine(problemOf(activatePathProblem)).optional(),
});

const pathSchema = z.strictObject({
  path: storePath,
  narHash,
  narSize: wholeNumber('from 1 to 2^53−1 (a NAR is never empty)'),
  references: z.array(baseName),
});

export const manifestSchema = z.strictObject({
  // Format 2 is read with manifestSchema2 (manifest.ts picks by `format`); this one is format 1's, whose words name both.
  format: z.literal(MANIFEST_FORMAT, { error: `must be '${MANIFEST_FORMAT}' or '${MANIFEST_FORMAT_2}'` }),
  site: z.string().regex(SITE_NAME, { error: 'is not a site name (a-z, 0-9 and -, at most 63, not starting with -)' }),
  sequence: wholeNumber('from 1 to 2^53−1'),
  created: utcTime,
  expires: utcTime.optional(),
  description: z
    .string()
    .refine((s) => [...s].length <= MAX_DESCRIPTION_CHARS, { error: `is longer than ${MAX_DESCRIPTION_CHARS} characters` })
    .optional(),
  systems: z.array(systemSchema).min(1, { error: 'must list at least one system' }),
  paths: z.array(pathSchema),
  buildClosure: z.array(storePath).optional(),
});

/** Format 2: `systems` may be empty when `profiles` is not (manifest-rules.ts checks that one of them lists something). */
export const manifestSchema2 = manifestSchema.extend({
  format: z.literal(MANIFEST_FORMAT_2),
  systems: z.array(systemSchema),
  profiles: z.array(profileSchema).optional(),
});

export interface ManifestSystem {
  readonly host: string;
  readonly toplevel: string;
  readonly action: SystemAction;
}

/** A Nix profile on a host (format 2): `nix-env -p profile --set target`, then `target/activate` when given. */
export interface ManifestProfile {
  readonly host: string;
  /** The profile link on the host, under /nix/var/nix/profiles/. */
  readonly profile: string;
  readonly target: string;
  /** A path relative to `target`, run after the profile is switched (and from the older path on rollback). */
  readonly activate?: string;
}

export interface ManifestPath {
  readonly path: string;
  /** `sha256:<52 nix32>`. */
  readonly narHash: string;
  readonly narSize: number;
  /** Store path base names, sorted in byte order. */
  readonly references: readonly string[];
}

export interface Manifest {
  readonly format: ManifestFormat;
  readonly site: string;
  readonly sequence: number;
  readonly created: string;
  readonly expires?: string;
  readonly description?: string;
  readonly systems: readonly ManifestSystem[];
  /** Format 2 only. */
  readonly profiles?: readonly ManifestProfile[];
  readonly paths: readonly ManifestPath[];
  /** Format 2: what rebuilds the systems and profiles (their derivations' closures), each also in `paths`; sorted. */
  readonly buildClosure?: readonly string[];
}
