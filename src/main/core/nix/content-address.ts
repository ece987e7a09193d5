// The `CA:` value of a narinfo: how a content-addressed path was made. Airlock
// does not use it, but an import copies narinfo bytes verbatim into the
// offline cache, and a CA that a host's Nix cannot parse makes it refuse the
// whole narinfo ("not a content address…"), so the path cannot be deployed.
//
// The forms accepted are those that both Nix 2.8 and current Nix parse:
// NixOS/nix src/libstore/content-address.cc `parseContentAddress` (2.8.0 and
// master): `text:sha256:<hash>` (2.8 refuses any other algorithm for text) and
// `fixed:[r:]<algo>:<hash>`, with <algo> md5, sha1, sha256 or sha512 and
// <hash> bare (no `algo:` prefix, no SRI) in nix32, base16 or base64 of
// exactly the algorithm's length. Current Nix's `fixed:git:` is left out: Nix
// 2.8 refuses it and current Nix accepts it only with an experimental feature.
import { parseHash } from './hash';

const ALGORITHMS = new Set(['md5', 'sha1', 'sha256', 'sha512']);

/** Why `value` is not a content address every Nix reads, or undefined when it is. Parsed in Nix's order. */
export function contentAddressProblem(value: string): string | undefined {
  const forms = "'text:sha256:<hash>' or 'fixed:[r:]<md5|sha1|sha256|sha512>:<hash>'";
  const colon = value.indexOf(':');
  const method = value.slice(0, Math.max(colon, 0));
  if (method !== 'text' && method !== 'fixed') return `CA is not a content address (${forms})`;
  let rest = value.slice(colon + 1);
  // Only `fixed:` takes the recursive (NAR) marker; after `text:` an `r` reads as an algorithm, as in Nix.
  if (method === 'fixed' && rest.startsWith('r:')) rest = rest.slice(2);
  const algoEnd = rest.indexOf(':');
  if (algoEnd < 0) return `CA has no '<algo>:<hash>' after '${method}:' (${forms})`;
  const algo = rest.slice(0, algoEnd);
  const digest = rest.slice(algoEnd + 1);
  if (!ALGORITHMS.has(algo)) return `CA names an unknown hash algorithm '${algo}' (${forms})`;
  if (method === 'text' && algo !== 'sha256') return `CA 'text:' must use sha256, not ${algo}`;
  try {
    parseHash(`${algo}:${digest}`);
  } catch {
    return `CA hash '${digest}' is not a ${algo} hash in nix32, base16 or base64`;
  }
  return undefined;
}
