// `airlock mirror …` (cli.md "Site mirrors"): a plain binary cache hosts reach
// by URL. add/ls/rm keep the list (audited); publish copies the offline cache
// into the mirror's folder on its host over SSH, a line per file copied.
import type { Command, CommandContext } from '../command';
import { optionalString, positional, requiredString } from '../options';
import { printJson, printLine } from '../output';
import { formatTable } from '../table';
import { formatBytes } from '../../shared/format';
import type { MirrorRecord, PublishedFile } from '../../main/core/usecases/mirrors';
/** The use cases, imported when a command runs: `--help` loads none of the engine. */
const useCases = () => import('../../main/core/usecases/mirrors');
import { RefusedError } from '../cli-error';

const mirrorJson = (m: MirrorRecord): object => ({
  name: m.name,
  url: m.url,
  host: m.target?.host ?? null,
  path: m.target?.path ?? null,
  added: m.added,
});
const targetText = (m: MirrorRecord): string => (m.target ? `${m.target.host}:${m.target.path}` : '-');

export const mirrorAdd: Command = {
  words: ['mirror', 'add'],
  usage: 'mirror add NAME --url URL [--host HOST --path DIR]',
  summary: 'add a site mirror: a binary cache hosts reach by URL, optionally filled by `mirror publish` on an added host',
  options: { url: { type: 'string' }, host: { type: 'string' }, path: { type: 'string' } },
  optionHelp: {
    url: { value: 'URL', does: 'the http:// or https:// address hosts fetch the cache from (required)' },
    host: { value: 'HOST', does: 'the added host whose folder the URL serves (with --path)' },
    path: { value: 'DIR', does: 'the absolute folder on HOST that `mirror publish` fills (with --host)' },
  },
  positionals: 1,
  async run(ctx) {
    const host = optionalString(ctx, 'host');
    const path = optionalString(ctx, 'path');
    const { addMirror } = await useCases();
    const mirror = addMirror(ctx.uc, {
      name: positional(ctx, 0, 'NAME'),
      url: requiredString(ctx, 'url'),
      ...(host === undefined ? {} : { host }),
      ...(path === undefined ? {} : { path }),
    });
    if (ctx.global.json) return printJson(ctx, mirrorJson(mirror));
    printLine(
      ctx,
      `added mirror ${mirror.name} at ${mirror.url}${mirror.target ? `, published to ${targetText(mirror)} by \`airlock mirror publish ${mirror.name}\`` : ''}`,
    );
  },
};

export const mirrorLs: Command = {
  words: ['mirror', 'ls'],
  usage: 'mirror ls [--json]',
  summary: 'the site mirrors, with the host and folder each is published to',
  positionals: 0,
  async run(ctx) {
    const { listMirrors } = await useCases();
    const mirrors = listMirrors(ctx.uc);
    if (ctx.global.json) return printJson(ctx, mirrors.map(mirrorJson));
    if (mirrors.length === 0)
      return printLine(ctx, 'no mirrors yet: add one with `airlock mirror add NAME --url URL [--host HOST --path DIR]`');
    ctx.stdout.write(
      formatTable(
        ['NAME', 'URL', 'PUBLISHED TO', 'ADDED'],
        mirrors.map((m) => [m.name, m.url, targetText(m), m.added]),
      ),
    );
  },
};

export const mirrorRm: Command = {
  words: ['mirror', 'rm'],
  usage: 'mirror rm NAME',
  summary: 'forget a site mirror (what was published stays on its host)',
  positionals: 1,
  async run(ctx) {
    const { removeMirror } = await useCases();
    const mirror = removeMirror(ctx.uc, positional(ctx, 0, 'NAME'));
    printLine(
      ctx,
      `removed mirror ${mirror.name} (${mirror.url}); the files on ${mirror.target ? targetText(mirror) : 'its server'} are left as they are`,
    );
  },
};

function fileLine(f: PublishedFile): string {
  const how = f.redone
    ? 'copied again whole (the partial there held other bytes)'
    : f.resumedFrom > 0
      ? `continued from ${formatBytes(f.resumedFrom)}`
      : 'copied';
  return `${how} ${f.file} (${formatBytes(f.bytes)}, size and sha256 checked on the host)`;
}

export const mirrorPublish: Command = {
  words: ['mirror', 'publish'],
  usage: 'mirror publish NAME [--json]',
  summary: "copy the offline cache's verified contents to the mirror's folder over SSH: only what it lacks, resumable, checked",
  positionals: 1,
  async run(ctx: CommandContext) {
    // With --json, stdout holds only the final report; the lines go to stderr.
    const lines = ctx.global.json ? ctx.stderr : ctx.stdout;
    const { publishMirror } = await useCases();
    const report = await publishMirror(ctx.uc, positional(ctx, 0, 'NAME'), { onFile: (f) => lines.write(`${fileLine(f)}\n`) });
    const { mirror } = report;
    if (ctx.global.json) {
      printJson(ctx, {
        mirror: mirror.name,
        url: mirror.url,
        host: mirror.target?.host,
        path: mirror.target?.path,
        cache: report.cache,
        copied: report.copied,
        skipped: report.skipped,
        resumed: report.resumed,
        bytes: report.bytes,
        damaged: report.damaged,
      });
    } else {
      printLine(
        ctx,
        `published to ${targetText(mirror)} (${mirror.url}): ${report.copied} files copied (${formatBytes(report.bytes)} sent${report.resumed ? `, ${report.resumed} continued after a cut` : ''}), ${report.skipped} already there`,
      );
    }
    if (report.damaged.length > 0) {
      for (const d of report.damaged) ctx.stderr.write(`left off the mirror: ${d.path}: ${d.problem}\n`);
      throw new RefusedError(
        `${report.damaged.length} paths of the offline cache could not be vouched for and were not published; run \`airlock cache verify\``,
      );
    }
  },
};

export const MIRROR_COMMANDS: readonly Command[] = [mirrorAdd, mirrorLs, mirrorRm, mirrorPublish];
