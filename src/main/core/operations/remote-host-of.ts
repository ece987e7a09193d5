// A stored host as the remote layer reaches it: its address and the key
// fingerprint it was pinned with (named when the host offers another).
import type { HostRecord } from '../db/hosts';
import type { RemoteHost } from '../remote/remote-host';

export const remoteHostOf = (h: HostRecord): RemoteHost => ({ ...h, pinnedFingerprint: h.hostKey.fingerprint });
