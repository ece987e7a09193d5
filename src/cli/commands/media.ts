// `airlock media ls`: the removable media mounted now, their free space, and any
// offline cache or bundles on them, so an operator picks the right stick.
import type { Command, CommandContext } from '../command';
import { printJson, printLine } from '../output';
import type { Medium } from '../../main/core/usecases/media';
/** The use cases, imported when a command runs: `--help` loads none of the engine. */
const useCases = () => import('../../main/core/usecases/media');
import { formatBytes } from '../../shared/format';

function bytes(n: number | null): string {
  return n === null ? '?' : formatBytes(n);
}

function bundlesCell(m: Medium): string {
  const names = m.bundles.map((b) => `${b.site}-${b.sequence}`);
  if (m.brokenBundles.length > 0) names.push(`(${m.brokenBundles.length} broken)`);
  return names.length === 0 ? '-' : names.join(' ');
}

function cacheCell(m: Medium): string {
  if (!m.cache) return '-';
  const n = m.cache.accepted.length;
  return n === 0 ? 'yes' : `yes (${n} accepted)`;
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '));
}

function printHuman(ctx: CommandContext, media: readonly Medium[]): void {
  if (media.length === 0) {
    printLine(ctx, 'No removable media are mounted. (AIRLOCK_MEDIA_ROOTS can name other folders to treat as media.)');
    return;
  }
  const header = ['MOUNT POINT', 'LABEL', 'FILESYSTEM', 'SIZE', 'FREE', 'CACHE', 'BUNDLES'];
  const rows = media.map((m) => [
    m.mountPoint,
    m.label ?? '-',
    m.fsName,
    bytes(m.totalBytes),
    bytes(m.freeBytes),
    cacheCell(m),
    bundlesCell(m),
  ]);
  for (const line of table([header, ...rows])) printLine(ctx, line);
  const notes = media.flatMap((m) => [
    ...(m.limits ? [`${m.mountPoint} is ${m.limits}`] : []),
    ...m.brokenBundles.map((b) => `${b.folder}: ${b.problem}`),
  ]);
  if (notes.length > 0) printLine(ctx);
  for (const note of notes) printLine(ctx, `note: ${note}`);
}

const ls: Command = {
  words: ['media', 'ls'],
  usage: 'media ls [--json]',
  summary: 'removable media mounted now, with free space and any cache or bundles on them',
  positionals: 0,
  async run(ctx) {
    // The CLI runs in its own process, so its environment is the operator's.
    const { listMedia } = await useCases();
    const media = await listMedia(ctx.uc);
    if (ctx.global.json) printJson(ctx, media);
    else printHuman(ctx, media);
  },
};

export const MEDIA_COMMANDS: readonly Command[] = [ls];
