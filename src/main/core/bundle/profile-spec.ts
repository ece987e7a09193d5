// `--profile HOST:PROFILE=STOREPATH[:ACTIVATE]` of `bundle create` (cli.md):
// one profile entry of a format-2 manifest. A host name holds no ':' and a
// store path name holds no ':', so the host ends at the first ':' and the
// store path at the first ':' after it; PROFILE ends where '=/nix/store/'
// begins (a profile or store path name may itself hold '=').
import { isStorePath, STORE_DIR } from '../nix/store-path';
import { HOST_NAME, type ManifestProfile } from './manifest-schema';
import { activatePathProblem, profilePathProblem } from './profile-rules';

const USAGE =
  'expected HOST:PROFILE=STOREPATH[:ACTIVATE], e.g. ioc1:/nix/var/nix/profiles/per-user/epics/ioc=/nix/store/…-ioc:bin/activate';

export function parseProfileSpec(text: string): ManifestProfile {
  const fail = (why: string): never => {
    throw new Error(`--profile ${text}: ${why}`);
  };
  const colon = text.indexOf(':');
  const eq = text.indexOf(`=${STORE_DIR}/`);
  if (colon <= 0 || eq < colon) return fail(USAGE);
  const host = text.slice(0, colon);
  const profile = text.slice(colon + 1, eq);
  const rest = text.slice(eq + 1);
  const end = rest.indexOf(':');
  const target = end < 0 ? rest : rest.slice(0, end);
  const activate = end < 0 ? undefined : rest.slice(end + 1);
  if (!HOST_NAME.test(host)) fail(`'${host}' is not a host name (letters, digits, . _ -, at most 63)`);
  const profileProblem = profilePathProblem(profile);
  if (profileProblem) fail(`the profile '${profile}' ${profileProblem}`);
  if (!isStorePath(target)) fail(`'${target}' is not a store path (/nix/store/…)`);
  const activateProblem = activate === undefined ? undefined : activatePathProblem(activate);
  if (activateProblem) fail(`ACTIVATE '${activate}' ${activateProblem}`);
  return { host, profile, target, ...(activate !== undefined ? { activate } : {}) };
}
