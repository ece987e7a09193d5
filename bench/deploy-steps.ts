// The measurements of the deploy benchmark, each timed from outside the tool
// it measures: real `nix copy --to ssh://`, the compressed bytes streamed
// through ssh as the limit, and the `airlock` commands themselves.
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import type { FleetHost } from '../fleet/fleet';
import { sshOptions } from '../fleet/ssh';
import { timeCommand } from './bench-lib';
import { airlockRun, type Site } from './fixtures/deploy-site';

const NIX_ENV = { ...process.env, NIX_CONFIG: 'experimental-features = nix-command\nsubstituters =' };

/**
 * `nix copy --to ssh://` as Nix users deploy today. Nix 2.8's legacy ssh://
 * store takes no port in the URL, so the port, the fleet's known_hosts and
 * no ssh_config go in NIX_SSHOPTS; the key in ssh-key= as the brief asks.
 * The paths carry no signature the host trusts, hence --no-check-sigs.
 */
export function nixCopyOverSsh(host: FleetHost, toplevel: string): number {
  const opts = sshOptions(host).filter((o, i, all) => o !== '-i' && all[i - 1] !== '-i');
  return timeCommand('nix', ['copy', '--no-check-sigs', '--to', `ssh://root@${host.address}?ssh-key=${host.clientKey}`, toplevel], {
    env: { ...NIX_ENV, NIX_SSHOPTS: opts.join(' ') },
  });
}

export interface NarFiles {
  readonly files: readonly string[];
  /** Sum of FileSize: the compressed bytes a deploy must move at least. */
  readonly bytes: number;
  /** Sum of NarSize: what `nix copy --to ssh://` moves. */
  readonly narBytes: number;
}

/** The closure's NAR files as they sit in the offline cache, found through their narinfos. */
export function narFilesOf(site: Site, toplevel: string): NarFiles {
  const closure = spawnSync('nix-store', ['-qR', toplevel], { encoding: 'utf8', maxBuffer: 1 << 26 })
    .stdout.trim()
    .split('\n');
  const dir = join(site.cache, 'cache');
  const infos = closure.map((path) => {
    const text = readFileSync(join(dir, `${path.slice('/nix/store/'.length, '/nix/store/'.length + 32)}.narinfo`), 'utf8');
    const field = (name: string): string => new RegExp(`^${name}: (.*)$`, 'm').exec(text)?.[1] ?? '';
    return { file: join(dir, field('URL')), size: Number(field('FileSize')), narSize: Number(field('NarSize')) };
  });
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  return { files: infos.map((i) => i.file), bytes: sum(infos.map((i) => i.size)), narBytes: sum(infos.map((i) => i.narSize)) };
}

/** Wall time of one ssh login that reads `files` back to back into /dev/null: the compressed-bytes limit. */
export async function streamOverSsh(host: FleetHost, files: readonly string[]): Promise<number> {
  const start = process.hrtime.bigint();
  const child = spawn('ssh', [...sshOptions(host), `root@${host.address}`, 'cat > /dev/null'], { stdio: ['pipe', 'ignore', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  // Written by hand rather than one pipeline() per file, which leaves listeners behind on stdin for each of 200 files.
  for (const file of files) {
    for await (const chunk of createReadStream(file)) if (!child.stdin.write(chunk)) await once(child.stdin, 'drain');
  }
  child.stdin.end();
  const code = await exited;
  if (code !== 0) throw new Error(`ssh ${host.name} 'cat > /dev/null' exited ${code}`);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Whether `airlock deploy` exists yet: its --help names it, or the CLI calls it unknown. */
export function deployAvailable(): boolean {
  const r = airlockRun(['deploy', '--help']);
  const text = `${r.stdout}\n${r.stderr}`;
  // The help's first line is `usage: airlock deploy …` (it was once `airlock deploy …`).
  return r.status === 0 && !/unknown command/i.test(text) && /^\s*(usage:\s*)?airlock deploy\b/m.test(text);
}

export interface DeployTiming {
  /** Wall time of the whole command: start-up, probe, push, activation. */
  readonly seconds: number;
  /** The push phase alone, as the deploy reports it: asking what the host lacks, and sending it. */
  readonly pushSeconds: number;
  readonly outcome: string;
}

/** One whole `airlock deploy` command, as the brief fixes its arguments. */
export function timeDeploy(site: Site, host: string): DeployTiming {
  const start = process.hrtime.bigint();
  const args = [
    'deploy',
    host,
    '--bundle',
    'latest',
    '--action',
    'switch',
    '--no-magic-rollback',
    '--json',
    '--data-dir',
    site.dataDir,
    '--cache',
    site.cache,
  ];
  const r = airlockRun(args);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`airlock ${args.join(' ')} failed (${r.status}): ${r.stderr.trim()}`);
  const [outcome] = JSON.parse(r.stdout) as { outcome: string; pushMs: number | null }[];
  return { seconds, pushSeconds: (outcome?.pushMs ?? 0) / 1000, outcome: outcome?.outcome ?? 'none' };
}

/** Wall time of `airlock host probe NAMES --json`, and how many hosts answered. */
export function timeProbe(site: Site, names: readonly string[]): { seconds: number; reachable: number } {
  const start = process.hrtime.bigint();
  const r = airlockRun(['host', 'probe', ...names, '--json', '--data-dir', site.dataDir]);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`airlock host probe failed (${r.status}): ${r.stderr.trim()}`);
  const probes = JSON.parse(r.stdout) as { reachable: boolean }[];
  return { seconds, reachable: probes.filter((p) => p.reachable).length };
}
