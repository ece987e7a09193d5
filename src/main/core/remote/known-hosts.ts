// Airlock's own known_hosts (<dataDir>/ssh/known_hosts), one line per host in
// HostKeyAlias form: `airlock-<name> <type> <base64>`. ssh reads it with
// StrictHostKeyChecking=yes, so a line here is the whole of a host's pin.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { HostKey } from './host-keys';
import { hostKeyAlias } from './remote-host';
import type { SshPaths } from './ssh-args';

function readLines(file: string): string[] {
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
    : [];
}

function writeLines(file: string, lines: readonly string[]): void {
  // Written whole and renamed, so ssh never reads a half-written pin list.
  writeFileSync(`${file}.new`, lines.map((l) => `${l}\n`).join(''), { mode: 0o600 });
  renameSync(`${file}.new`, file);
}

const isFor =
  (name: string) =>
  (line: string): boolean =>
    line.split(/\s+/)[0] === hostKeyAlias(name);

/** Pins `key` for host `name`, replacing any earlier pin of that name. */
export function pinHostKey(paths: SshPaths, name: string, key: HostKey): void {
  const others = readLines(paths.knownHosts).filter((l) => !isFor(name)(l));
  writeLines(paths.knownHosts, [...others, `${hostKeyAlias(name)} ${key.type} ${key.base64}`]);
}

/** Removes host `name`'s pin; true when there was one. */
export function unpinHostKey(paths: SshPaths, name: string): boolean {
  const lines = readLines(paths.knownHosts);
  const kept = lines.filter((l) => !isFor(name)(l));
  if (kept.length !== lines.length) writeLines(paths.knownHosts, kept);
  return kept.length !== lines.length;
}

export function pinnedLine(paths: SshPaths, name: string): string | undefined {
  return readLines(paths.knownHosts).find(isFor(name));
}
