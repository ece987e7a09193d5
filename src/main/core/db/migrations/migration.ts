// One step of the schema. `version` is what PRAGMA user_version holds once it ran.
import type Database from 'better-sqlite3';

export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Runs inside the transaction that also records `version`; throwing undoes both. */
  up(db: Database.Database): void;
}
