// Which station made a deployment row: set on rows imported from a host's own
// records (another station's changes, read back after a lost laptop); NULL on
// the rows this station wrote itself, which are this data folder's station.
import type { Migration } from './migration';

export const deploymentStation: Migration = {
  version: 11,
  name: 'deployment-station',
  up(db) {
    db.exec(`ALTER TABLE deployment ADD COLUMN station TEXT;`);
  },
};
