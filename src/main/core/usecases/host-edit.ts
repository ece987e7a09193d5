// Editing an added host: its address, port, SSH user and tags, without
// removing and adding it again. The pinned host key stays: it belongs to the
// host, not to where it is reached, so the next connection checks the key the
// host offers at its new address against the pin, and a different key is
// refused as always (a reinstall is `host pin`'s job, confirmed on the console).
import { updateHost, type HostChanges, type HostRecord } from '../db/hosts';
import { remoteHostOf } from '../operations/remote-host-of';
import { validateAddress, validateHostName, validatePort, validateTag, validateUser } from '../remote/validate';
import type { UseCaseContext } from './context';
import { BadInputError } from './refusals';

/** What the operator asked to change; a field left out stays as it is. `tags: []` clears the tags. */
export interface HostEdit {
  readonly address?: string;
  readonly port?: number | string;
  readonly user?: string;
  readonly tags?: readonly string[];
}

export interface EditedHost {
  readonly before: HostRecord;
  readonly after: HostRecord;
}

function validChanges(edit: HostEdit): HostChanges {
  const changes: { -readonly [K in keyof HostChanges]: HostChanges[K] } = {};
  if (edit.address !== undefined) changes.address = validateAddress(edit.address);
  if (edit.port !== undefined) changes.port = validatePort(String(edit.port));
  if (edit.user !== undefined) changes.user = validateUser(edit.user);
  if (edit.tags !== undefined) changes.tags = [...new Set(edit.tags.map(validateTag))];
  if (Object.keys(changes).length === 0)
    throw new BadInputError('nothing to change: give a new address, port, user or tags (or clear the tags)');
  return changes;
}

/** Changes a host's address, port, user or tags; audited as 'host.set' with the values before and after. */
export async function setHost(uc: UseCaseContext, name: string, edit: HostEdit): Promise<EditedHost> {
  const changes = validChanges(edit);
  const done = updateHost(uc.db(), validateHostName(name), changes);
  // A shared connection to the old address would otherwise carry the next commands for up to ControlPersist.
  await uc.transport.closeMaster(remoteHostOf(done.before));
  return done;
}
