// Each host's Nix profiles as the Host screen shows them (one section per
// profile), and their switch and rollback: operations followed through
// events, each profile's own, so one profile's error or progress never shows
// under another's (or under the NixOS system's).
import type { HostProfileInfo } from '../../../shared/schemas';
import { errorText, type SliceOf } from './types';

export interface HostProfiles {
  readonly loading: boolean;
  /** Why the profiles could not be listed; null when they were. */
  readonly error: string | null;
  readonly profiles: readonly HostProfileInfo[];
}

/** One profile of one host: the key of its operation and its error. */
export const profileKey = (host: string, profile: string): string => `${host}\n${profile}`;

export interface ProfilesSlice {
  readonly profilesByHost: Readonly<Record<string, HostProfiles>>;
  /** The switch or rollback each profile's section follows, by profileKey. */
  readonly profileOperationIds: Readonly<Record<string, string>>;
  /** Why a profile's switch or rollback did not start, by profileKey. */
  readonly profileActionErrors: Readonly<Record<string, string>>;
  loadProfiles(host: string): Promise<void>;
  switchProfile(host: string, profile: string, generation: number, reason: string): Promise<boolean>;
  /** `to` is the generation the operator saw and confirmed, so the profile goes exactly there. */
  rollbackProfile(host: string, profile: string, to: number, reason: string): Promise<boolean>;
}

export const createProfilesSlice: SliceOf<ProfilesSlice> = (api) => (set, get) => {
  const follow = async (host: string, profile: string, begin: () => ReturnType<typeof api.hosts.rollback>): Promise<boolean> => {
    const key = profileKey(host, profile);
    const { [key]: _old, ...otherErrors } = get().profileActionErrors;
    try {
      const op = await begin();
      get().applyOperation(op);
      set({ profileOperationIds: { ...get().profileOperationIds, [key]: op.id }, profileActionErrors: otherErrors });
      return true;
    } catch (err) {
      set({ profileActionErrors: { ...otherErrors, [key]: errorText(err) } });
      return false;
    }
  };
  const reasonOf = (reason: string) => (reason.trim() ? { reason } : {});
  return {
    profilesByHost: {},
    profileOperationIds: {},
    profileActionErrors: {},
    async loadProfiles(host) {
      const before = get().profilesByHost[host];
      const put = (value: HostProfiles): void => set({ profilesByHost: { ...get().profilesByHost, [host]: value } });
      put({ loading: true, error: null, profiles: before?.profiles ?? [] });
      try {
        put({ loading: false, error: null, profiles: await api.hosts.profiles({ name: host }) });
      } catch (err) {
        put({ loading: false, error: errorText(err), profiles: before?.profiles ?? [] });
      }
    },
    switchProfile: (host, profile, generation, reason) =>
      follow(host, profile, () => api.hosts.switchGeneration({ name: host, generation, profile, ...reasonOf(reason) })),
    rollbackProfile: (host, profile, to, reason) =>
      follow(host, profile, () => api.hosts.rollback({ name: host, to, profile, ...reasonOf(reason) })),
  };
};
