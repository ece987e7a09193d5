// Removable media mounted now, with their free space, limits, and any offline
// cache or bundles on them (AIRLOCK_MEDIA_ROOTS names more folders to treat as media).
import { findMedia, mediaRootsFromEnv, type Medium } from '../media/find-media';
import type { UseCaseContext } from './context';

export type { Medium } from '../media/find-media';

export function listMedia(uc: UseCaseContext): Promise<readonly Medium[]> {
  return findMedia({ roots: mediaRootsFromEnv(uc.env) });
}
