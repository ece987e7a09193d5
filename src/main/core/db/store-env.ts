// What the database records about the moment of a change: the time and the
// operating-system user. Passed in, so tests can fix the clock.
import { userInfo } from 'node:os';

export interface StoreEnv {
  readonly now: () => Date;
  readonly user: () => string;
}

/**
 * The logged-in user's name. os.userInfo() throws when the uid has no passwd
 * entry (containers, some directory services); the audit row must still be
 * written, so fall back to the environment and then to the bare uid.
 */
export function osUserName(): string {
  try {
    const name = userInfo().username;
    if (name) return name;
  } catch {
    // fall through
  }
  const fromEnv = process.env.USER || process.env.LOGNAME || process.env.USERNAME;
  if (fromEnv) return fromEnv;
  return typeof process.getuid === 'function' ? `uid:${process.getuid()}` : 'unknown';
}

export const systemEnv: StoreEnv = { now: () => new Date(), user: osUserName };
