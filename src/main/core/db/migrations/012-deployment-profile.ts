// Which Nix profile a deployment row changed (issue 12): a profile's path on
// the host (`/nix/var/nix/profiles/per-user/epics/ioc`), or NULL for the
// host's NixOS system. Profile rows live beside the system's so history is one
// list, but every question about the system (last known good, what ran
// before, generation origins) asks only the rows whose profile is NULL.
import type { Migration } from './migration';

export const deploymentProfile: Migration = {
  version: 12,
  name: 'deployment-profile',
  up(db) {
    db.exec(`ALTER TABLE deployment ADD COLUMN profile TEXT;`);
  },
};
