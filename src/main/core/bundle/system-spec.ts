// `--system HOST=STOREPATH[:switch|:boot]` of `bundle create`: one system of
// the manifest. Store path names cannot hold ':', so a suffix is unambiguous.
import { isStorePath } from '../nix/store-path';
import { HOST_NAME, SYSTEM_ACTIONS, type ManifestSystem, type SystemAction } from './manifest-schema';

export function parseSystemSpec(text: string): ManifestSystem {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new Error(`--system ${text}: expected HOST=STOREPATH[:switch|:boot]`);
  const host = text.slice(0, eq);
  let toplevel = text.slice(eq + 1);
  let action: SystemAction = 'switch';
  const colon = toplevel.lastIndexOf(':');
  if (colon >= 0) {
    const suffix = toplevel.slice(colon + 1);
    if (!(SYSTEM_ACTIONS as readonly string[]).includes(suffix))
      throw new Error(`--system ${text}: the action must be 'switch' or 'boot', not '${suffix}'`);
    action = suffix as SystemAction;
    toplevel = toplevel.slice(0, colon);
  }
  if (!HOST_NAME.test(host)) throw new Error(`--system ${text}: '${host}' is not a host name (letters, digits, . _ -, at most 63)`);
  if (!isStorePath(toplevel)) throw new Error(`--system ${text}: '${toplevel}' is not a store path (/nix/store/…)`);
  return { host, toplevel, action };
}
