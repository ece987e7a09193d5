// `airlock nar dump|hash|ls|restore`: Nix's archive format without Nix.
import { createReadStream } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command, CommandContext } from '../command';
import { positional } from '../options';
import { printJson, printLine } from '../output';
import type { ListedNarEntry } from '../../main/core/usecases/nar-tools';
/** The use cases, imported when a command runs: `--help` loads none of the engine. */
const useCases = () => import('../../main/core/usecases/nar-tools');
import { RefusedError } from '../cli-error';

/** The path to archive must be there; lstat, because a symlink (even a dangling one) is archived as it is. */
async function requireExisting(path: string): Promise<void> {
  await lstat(path).catch((err: NodeJS.ErrnoException) => {
    throw new RefusedError(
      err.code === 'ENOENT' || err.code === 'ENOTDIR' ? `${path} does not exist; nothing was read` : `cannot read ${path}: ${err.message}`,
    );
  });
}

async function readNarFile(file: string): Promise<{ stream: AsyncIterable<Buffer>; size: number }> {
  const st = await stat(file).catch(() => undefined);
  if (!st) throw new RefusedError(`${file} does not exist; give the path of a .nar file`);
  if (!st.isFile()) throw new RefusedError(`${file} is ${st.isDirectory() ? 'a folder' : 'not a regular file'}, not a .nar file`);
  return { stream: createReadStream(file, { highWaterMark: 1 << 20 }), size: st.size };
}

const dump: Command = {
  words: ['nar', 'dump'],
  usage: 'nar dump PATH',
  summary: 'write the NAR of PATH to stdout (byte-identical to nix-store --dump)',
  positionals: 1,
  async run(ctx) {
    const path = positional(ctx, 0, 'PATH');
    await requireExisting(path);
    const { narOf } = await useCases();
    await pipeline(Readable.from(narOf(path), { objectMode: false }), ctx.stdout);
  },
};

const hash: Command = {
  words: ['nar', 'hash'],
  usage: 'nar hash PATH',
  summary: 'print sha256:<nix32> of the NAR of PATH (as nix-hash --type sha256 --base32)',
  positionals: 1,
  async run(ctx) {
    const path = positional(ctx, 0, 'PATH');
    await requireExisting(path);
    const { hashOfPath } = await useCases();
    const { narHash, narSize } = hashOfPath(path);
    if (ctx.global.json) printJson(ctx, { path, narHash, narSize });
    else printLine(ctx, narHash);
  },
};

function describe(entry: ListedNarEntry): { path: string; type: string; size?: number; executable?: boolean; target?: string } {
  const path = entry.path.length === 0 ? '.' : `./${entry.path.toString('utf8')}`;
  switch (entry.kind) {
    case 'directory':
      return { path, type: 'directory' };
    case 'file':
      return { path, type: 'regular', size: entry.size, executable: entry.executable };
    case 'symlink':
      return { path, type: 'symlink', target: entry.target.toString('utf8') };
  }
}

function humanLine(e: ReturnType<typeof describe>): string {
  const mode = e.type === 'directory' ? 'dr-xr-xr-x' : e.type === 'symlink' ? 'lrwxrwxrwx' : e.executable ? '-r-xr-xr-x' : '-r--r--r--';
  const size = String(e.size ?? 0).padStart(12);
  return `${mode} ${size} ${e.path}${e.target !== undefined ? ` -> ${e.target}` : ''}`;
}

const ls: Command = {
  words: ['nar', 'ls'],
  usage: 'nar ls FILE.nar',
  summary: 'list the entries of a NAR (checking that it is well formed)',
  positionals: 1,
  async run(ctx: CommandContext) {
    const { stream, size } = await readNarFile(positional(ctx, 0, 'FILE.nar'));
    const { narEntries } = await useCases();
    const listed: ReturnType<typeof describe>[] = [];
    for await (const entry of narEntries(stream, size)) {
      const line = describe(entry);
      if (ctx.global.json) listed.push(line);
      else printLine(ctx, humanLine(line));
    }
    if (ctx.global.json) printJson(ctx, listed);
  },
};

const restore: Command = {
  words: ['nar', 'restore'],
  usage: 'nar restore FILE.nar DIR',
  summary: 'unpack a NAR into DIR, which must not exist (like nix-store --restore)',
  positionals: 2,
  async run(ctx) {
    const { stream, size } = await readNarFile(positional(ctx, 0, 'FILE.nar'));
    const target = positional(ctx, 1, 'DIR');
    const parent = await stat(dirname(target)).catch(() => undefined);
    if (!parent?.isDirectory())
      throw new RefusedError(`cannot restore into ${target}: the folder ${dirname(target)} does not exist; nothing was written`);
    const { unpackNar } = await useCases();
    const result = await unpackNar(stream, size, target);
    if (ctx.global.json) printJson(ctx, { path: target, ...result });
  },
};

export const NAR_COMMANDS: readonly Command[] = [dump, hash, ls, restore];
