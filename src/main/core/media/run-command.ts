// Running a system tool (lsblk, findmnt, mount, powershell) as an argument
// vector, never through a shell. Detection takes this as a parameter, so tests
// hand in recorded output and the real thing alike.
import { execFile } from 'node:child_process';

export type RunCommand = (file: string, args: readonly string[]) => Promise<string>;

/** Detection must not hang on a stuck drive: each tool gets a few seconds. */
const TIMEOUT_MS = 10_000;

export const runCommand: RunCommand = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: TIMEOUT_MS, maxBuffer: 16 << 20, windowsHide: true, encoding: 'utf8' }, (err, stdout) => {
      if (err) reject(err);
      else resolve(stdout);
    });
  });

/** Output of a tool that may be missing or fail; detection goes on without it. */
export async function tryRun(run: RunCommand, file: string, args: readonly string[]): Promise<string | undefined> {
  try {
    return await run(file, args);
  } catch {
    return undefined;
  }
}
