// A host pulls its system from a site mirror (cli.md "Site mirrors"): its own
// Nix substitutes the closure from the mirror's URL, with the mirror as the
// only substituter and only the site's narinfo keys trusted (require-sigs), so
// it never reaches for the internet and never takes a path the site did not
// sign. The laptop sends this one command; the NARs go from the mirror to the
// host and none of them cross the laptop's link.
import type { RemoteHost } from '../remote-host';
import { lastLine } from '../ssh-errors';
import type { SshTransport } from '../ssh-transport';

export class MirrorPullError extends Error {}

export interface MirrorPullRequest {
  readonly transport: SshTransport;
  readonly host: RemoteHost;
  readonly toplevel: string;
  /** The mirror's name and URL, for the command and the operator's words. */
  readonly mirror: { readonly name: string; readonly url: string };
  /** `name:base64` keys the host's Nix accepts narinfos from. */
  readonly trustedKeys: readonly string[];
  readonly timeoutMs?: number;
}

/**
 * Nix's options for a pull from `url` alone (an --option replaces nix.conf's list, its extra-… entries
 * included); max-jobs 0 and no fallback: a host never builds.
 */
export function mirrorPullArgv(toplevel: string, url: string, trustedKeys: readonly string[]): string[] {
  const option = (name: string, value: string): string[] => ['--option', name, value];
  return [
    'nix-store',
    '--realise',
    toplevel,
    ...option('substituters', url),
    ...option('trusted-public-keys', trustedKeys.join(' ')),
    ...option('require-sigs', 'true'),
    ...option('max-jobs', '0'),
    ...option('builders', ''),
    ...option('fallback', 'false'),
    ...option('connect-timeout', '10'),
  ];
}

/** Has the host fetch `toplevel`'s closure from the mirror; throws MirrorPullError saying why it could not. */
export async function pullFromMirror(r: MirrorPullRequest): Promise<void> {
  const argv = mirrorPullArgv(r.toplevel, r.mirror.url, r.trustedKeys);
  const result = await r.transport.run(r.host, argv, { timeoutMs: r.timeoutMs ?? 30 * 60_000 });
  if (result.code !== 0) throw new MirrorPullError(mirrorProblem(r, result.code, result.stderr));
}

/** The operator's words for a failed pull: the mirror out of reach, not published, not signed, or not allowed. */
export function mirrorProblem(r: Pick<MirrorPullRequest, 'host' | 'mirror'>, code: number, stderr: string): string {
  const where = `mirror ${r.mirror.name} (${r.mirror.url})`;
  const host = r.host.name;
  if (/ignoring untrusted substituter|not a trusted user/i.test(stderr))
    return `${host}: its Nix does not let this SSH user choose a substituter, so it cannot use ${where}; deploy as root or add the user to trusted-users`;
  const download = [...stderr.matchAll(/^warning: (?:error: )?(unable to download '[^']*': [^;\n]*)/gm)].at(-1)?.[1];
  if (download) return `${host} cannot reach ${where}: ${download}`;
  if (/lacks a (?:valid )?signature|no signature|signature.*not trusted/i.test(stderr))
    return `${host}: ${where} serves paths not signed by the site's keys: ${lastLine(stderr)}`;
  if (/don't know how to build|no substituter|is required, but/i.test(stderr))
    return `${host}: ${where} does not have the system (publish the offline cache to it with \`airlock mirror publish ${r.mirror.name}\`): ${lastLine(stderr)}`;
  return `${host}: Nix on the host could not fetch the system from ${where} (exit ${code}): ${lastLine(stderr)}`;
}
