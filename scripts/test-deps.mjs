#!/usr/bin/env node
// The first step of `npm test`: every system tool the tests use, and the Debian
// package that provides it. What is missing is installed when this runs as root
// where apt-get is (as .ci/run used to do by hand); otherwise the tests stop
// at once with the one `apt-get install` line to run, before anything else.
import { accessSync, constants } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** [tool, Debian package, what the tests use it for]. */
export const TEST_TOOLS = [
  ['nix-store', 'nix-bin', 'real Nix: closures, nix-store --serve, hashes to compare with'],
  ['sshd', 'openssh-server', 'the test fleet: a real sshd per host'],
  ['systemd-nspawn', 'systemd-container', 'fleet hosts with a real systemd as PID 1'],
  ['ssh', 'openssh-client', "Airlock's SSH transport"],
  ['ssh-keygen', 'openssh-client', 'host keys for the test fleet'],
  ['chromium', 'chromium', 'the browser tests (Playwright)'],
  ['xz', 'xz-utils', 'xz-compressed NARs'],
  ['zstd', 'zstd', 'zstd-compressed NARs'],
  ['bzip2', 'bzip2', 'bzip2-compressed NARs'],
  ['git', 'git', 'fresh-clone checks'],
  ['mkfs.ext4', 'e2fsprogs', 'ext4 sticks on loop devices'],
  ['mkfs.vfat', 'dosfstools', 'FAT32 sticks'],
  ['fusefat', 'fusefat', 'FAT32 sticks mounted through FUSE'],
  ['mkfs.exfat', 'exfatprogs', 'exFAT sticks'],
  ['mount.exfat-fuse', 'exfat-fuse', 'exFAT sticks mounted through FUSE'],
  ['losetup', 'mount', 'loop devices for the stick images'],
  ['unshare', 'util-linux', 'private mount namespaces for the test fleet'],
  ['ip', 'iproute2', 'network namespaces for slow-link fleet hosts'],
  ['tc', 'iproute2', 'rate limits on those links'],
  ['nginx', 'nginx-light', 'a real static server in front of a site mirror'],
];

/** PATH, and the sbin folders a non-root PATH often lacks (sshd, mkfs.*, losetup live there). */
function searchPath(env) {
  return [...(env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'].filter(Boolean);
}

export function findTool(tool, env = process.env) {
  for (const dir of searchPath(env)) {
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return join(dir, tool);
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** The Debian packages providing the tools not found, each once, in the table's order. */
export function missingPackages(env = process.env) {
  return [...new Set(TEST_TOOLS.filter(([tool]) => findTool(tool, env) === undefined).map(([, pkg]) => pkg))];
}

export function installLine(packages) {
  return `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

function run(argv, env) {
  console.log(`$ ${argv.join(' ')}`);
  return spawnSync(argv[0], argv.slice(1), { stdio: 'inherit', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
}

/** Installs what is missing where it can; returns the message to stop with, or undefined when every tool is there. */
export function ensureTestTools(env = process.env, isRoot = process.getuid?.() === 0) {
  const missing = missingPackages(env);
  if (missing.length === 0) return undefined;
  const tools = TEST_TOOLS.filter(([tool]) => findTool(tool, env) === undefined).map(([tool]) => tool);
  const canInstall = isRoot && findTool('apt-get', env) !== undefined;
  if (canInstall) {
    console.log(`== installing what the tests need and this machine lacks (${tools.join(', ')})`);
    if (run(['apt-get', 'update', '-qq'], env) && run(['apt-get', ...installLine(missing).split(' ').slice(1), '-qq'], env)) {
      const still = missingPackages(env);
      if (still.length === 0) return undefined;
      return `still missing after apt-get install: ${still.join(', ')}`;
    }
    return `apt-get could not install ${missing.join(' ')}; run it by hand to see why:\n  ${installLine(missing)}`;
  }
  const how =
    findTool('apt-get', env) !== undefined
      ? `run as root once:\n  sudo ${installLine(missing)}\n(or run npm test as root: it installs them itself)`
      : `install the packages that provide them (on Debian: ${installLine(missing)})`;
  return `the tests need tools this machine lacks: ${tools.join(', ')}; ${how}`;
}

/** What stops the tests before they start: tools that could not be installed, or not being root. */
export function testSetupProblem(env = process.env, isRoot = process.getuid?.() === 0) {
  return (
    ensureTestTools(env, isRoot) ??
    (isRoot
      ? undefined
      : 'the tests run as root (loop devices for stick images, mount and network namespaces for the test fleet): run sudo npm test')
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const stop = testSetupProblem();
  if (stop) {
    console.error(`npm test: ${stop}`);
    process.exit(1);
  }
  console.log('every system tool the tests need is here');
}
